import Foundation

/// A customer a collector might call today.
public struct CallCandidate: Hashable, Sendable {
    public var customer: CustomerCode
    public var name: String
    public var phone: String?
    public var collector: PersonKey
    public var segment: Segment
    /// What can be chased: overdue, not held, not under a pending promise (largest currency).
    public var overdue: Money
    public var overdueInvoices: Int
    public var oldestDaysPastDue: Int
    /// Promises broken in the last 90 days.
    public var brokenPromises: Int
    public var openPromises: Int
    public var lastContact: (day: Day, outcome: String)?

    public init(
        customer: CustomerCode, name: String, phone: String?, collector: PersonKey, segment: Segment, overdue: Money,
        overdueInvoices: Int, oldestDaysPastDue: Int, brokenPromises: Int, openPromises: Int,
        lastContact: (day: Day, outcome: String)?
    ) {
        self.customer = customer
        self.name = name
        self.phone = phone
        self.collector = collector
        self.segment = segment
        self.overdue = overdue
        self.overdueInvoices = overdueInvoices
        self.oldestDaysPastDue = oldestDaysPastDue
        self.brokenPromises = brokenPromises
        self.openPromises = openPromises
        self.lastContact = lastContact
    }

    public static func == (lhs: CallCandidate, rhs: CallCandidate) -> Bool {
        lhs.customer == rhs.customer && lhs.collector == rhs.collector && lhs.overdue == rhs.overdue
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(customer) }
}

/// The daily call list: who each collector calls first.
///
/// Priority score (higher first), from four things a credit manager weighs:
/// - amount: 10 × log10(1 + overdue in major units) — 1,000 → 30, 100,000 → 50;
/// - age: the oldest item's days past due, up to 120, divided by 4 — at most 30;
/// - broken promises in the last 90 days: 15 each, at most 45;
/// - segment: A 20, B 10 (C customers get automated reminders only and are not called);
/// - minus 25 when the customer was reached in the last 3 days (let the call work).
/// Each collector gets at most their daily capacity of calls.
public enum Worklist {
    public static func score(_ candidate: CallCandidate, on day: Day) -> Double {
        let major = Double(candidate.overdue.minorUnits) / Double(candidate.overdue.currency.minorPerMajor)
        var score = 10 * log10(1 + max(0, major))
        score += Double(min(max(candidate.oldestDaysPastDue, 0), 120)) / 4
        score += Double(min(candidate.brokenPromises, 3) * 15)
        score += candidate.segment == .A ? 20 : candidate.segment == .B ? 10 : 0
        if let contact = candidate.lastContact, day - contact.day <= 3,
            ["reached", "promise", "dispute"].contains(contact.outcome)
        {
            score -= 25
        }
        return (score * 10).rounded() / 10
    }

    /// Ranks the candidates per collector, best first, keeping `capacity(collector)` of each.
    public static func build(
        _ candidates: [CallCandidate], on day: Day, capacity: (PersonKey) -> Int
    ) -> [PersonKey: [(candidate: CallCandidate, score: Double)]] {
        // Tens of thousands of candidates for a few dozen calls each: every collector keeps a
        // short ranked list of (score, index), and most candidates are compared with its last.
        var ranked: [PersonKey: [(score: Double, index: Int)]] = [:]
        var limits: [PersonKey: Int] = [:]
        func ranksBefore(_ a: (score: Double, index: Int), _ b: (score: Double, index: Int)) -> Bool {
            a.score != b.score ? a.score > b.score : candidates[a.index].customer < candidates[b.index].customer
        }
        for (index, candidate) in candidates.enumerated() where candidate.segment != .C && candidate.overdue.isPositive
        {
            let limit = limits[candidate.collector] ?? capacity(candidate.collector)
            limits[candidate.collector] = limit
            ranked[candidate.collector, default: []].insertRanked(
                (score(candidate, on: day), index), keepingFirst: limit, by: ranksBefore)
        }
        return ranked.mapValues { list in list.map { (candidates[$0.index], $0.score) } }
    }
}

/// The aging buckets of the product contract: current, 1–30, 31–60, 61–90 and 91+ days past due.
public enum AgingBucket: Int, Sendable, CaseIterable, Codable, Comparable {
    case current, days1to30, days31to60, days61to90, days91plus

    /// The bucket of an item `daysPastDue` days past its due day (0 or less: current).
    public init(daysPastDue: Int) {
        switch daysPastDue {
        case ...0: self = .current
        case 1...30: self = .days1to30
        case 31...60: self = .days31to60
        case 61...90: self = .days61to90
        default: self = .days91plus
        }
    }

    /// The first due day (inclusive) of this bucket on `asOf`, walking back from the as-of day,
    /// and the last one; used to write the same buckets in SQL.
    public func dueDays(asOf: Day) -> ClosedRange<Day>? {
        switch self {
        case .current: nil
        case .days1to30: (asOf - 30)...(asOf - 1)
        case .days31to60: (asOf - 60)...(asOf - 31)
        case .days61to90: (asOf - 90)...(asOf - 61)
        case .days91plus: Day(ordinal: Int.min / 2)...(asOf - 91)
        }
    }

    public var title: String {
        switch self {
        case .current: "Current"
        case .days1to30: "1–30"
        case .days31to60: "31–60"
        case .days61to90: "61–90"
        case .days91plus: "91+"
        }
    }

    public static func < (lhs: AgingBucket, rhs: AgingBucket) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A customer's open items in one currency, spread over the aging buckets; what is under an
/// active hold is counted apart as disputed.
public struct AgingLine: Hashable, Sendable {
    public var customer: CustomerCode
    public var currency: Currency
    /// Minor units per bucket, what is not disputed.
    public var buckets: [AgingBucket: Int64]
    /// Minor units under an active hold, whatever their age.
    public var disputed: Int64

    public init(customer: CustomerCode, currency: Currency, buckets: [AgingBucket: Int64] = [:], disputed: Int64 = 0) {
        self.customer = customer
        self.currency = currency
        self.buckets = buckets
        self.disputed = disputed
    }

    public subscript(bucket: AgingBucket) -> Money { Money(minorUnits: buckets[bucket] ?? 0, currency: currency) }

    /// Past due and not disputed.
    public var overdue: Money {
        Money(minorUnits: buckets.filter { $0.key != .current }.values.reduce(0, +), currency: currency)
    }

    public var total: Money { Money(minorUnits: buckets.values.reduce(0, +) + disputed, currency: currency) }

    public mutating func add(_ other: AgingLine) {
        precondition(other.currency == currency)
        for (bucket, units) in other.buckets { buckets[bucket, default: 0] += units }
        disputed += other.disputed
    }
}

/// A/B/C segments: customers ranked by overdue balance; A holds the top 80 % of the overdue
/// amount, B the next 15 %, C the rest. A customers get collector calls, C customers automated
/// reminders only.
public enum Segment: String, Sendable, Codable, CaseIterable, Comparable {
    case A, B, C

    public static func < (lhs: Segment, rhs: Segment) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Cumulative share of the overdue amount up to which customers are A, then B.
    public static let aShare = 0.80
    public static let bShare = 0.95

    /// Segments for customers given their overdue balance (minor units, one currency).
    ///
    /// Customers are ranked by overdue balance, largest first (ties by code); a customer is A
    /// while the cumulative overdue *before* it is below 80 % of the total (so the customer that
    /// crosses 80 % is still A), B while it is below 95 %, C after. Customers with nothing overdue
    /// are C.
    public static func assign<Key: Hashable & Comparable>(_ overdue: [(customer: Key, amount: Int64)]) -> [Key: Segment]
    {
        let ranked = overdue.filter { $0.amount > 0 }.sorted {
            $0.amount != $1.amount ? $0.amount > $1.amount : $0.customer < $1.customer
        }
        let total = Double(ranked.reduce(0) { $0 + $1.amount })
        var segments: [Key: Segment] = [:]
        for entry in overdue where entry.amount <= 0 { segments[entry.customer] = .C }
        var before = 0.0
        for entry in ranked {
            let share = total > 0 ? before / total : 1
            segments[entry.customer] = share < aShare ? .A : share < bShare ? .B : .C
            before += Double(entry.amount)
        }
        return segments
    }
}

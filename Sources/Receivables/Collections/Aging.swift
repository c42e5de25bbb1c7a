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
    /// Minor units per bucket (indexed by ``AgingBucket/rawValue``), what is not disputed.
    public var buckets: [Int64]
    /// Minor units under an active hold, whatever their age.
    public var disputed: Int64

    public init(customer: CustomerCode, currency: Currency, buckets: [Int64]? = nil, disputed: Int64 = 0) {
        self.customer = customer
        self.currency = currency
        self.buckets = buckets ?? Array(repeating: 0, count: AgingBucket.allCases.count)
        self.disputed = disputed
    }

    public subscript(bucket: AgingBucket) -> Money { Money(minorUnits: buckets[bucket.rawValue], currency: currency) }

    /// Adds to a bucket.
    public mutating func add(_ units: Int64, to bucket: AgingBucket) { buckets[bucket.rawValue] += units }

    /// Past due and not disputed, in minor units.
    public var overdueUnits: Int64 { buckets[1] + buckets[2] + buckets[3] + buckets[4] }

    /// Past due and not disputed.
    public var overdue: Money { Money(minorUnits: overdueUnits, currency: currency) }

    public var total: Money { Money(minorUnits: buckets.reduce(0, +) + disputed, currency: currency) }

    public mutating func add(_ other: AgingLine) {
        precondition(other.currency == currency)
        for index in buckets.indices { buckets[index] += other.buckets[index] }
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
    public static func assign(_ overdue: [(customer: CustomerCode, amount: Int64)]) -> [CustomerCode: Segment] {
        let ids = assign(
            ids: overdue.enumerated().map { (Int64($0.offset), $0.element.amount) },
            ties: { a, b in
                overdue[Int(a)].customer < overdue[Int(b)].customer
            })
        var segments: [CustomerCode: Segment] = [:]
        for (index, segment) in ids { segments[overdue[Int(index)].customer] = segment }
        return segments
    }

    /// The same ranking for customers known by row id (ties by id): what reports over a hundred
    /// thousand customers use.
    public static func assign(ids overdue: [(customer: Int64, amount: Int64)]) -> [Int64: Segment] {
        assign(ids: overdue, ties: <)
    }

    static func assign(
        ids overdue: [(customer: Int64, amount: Int64)], ties: (Int64, Int64) -> Bool
    ) -> [Int64: Segment] {
        var segments: [Int64: Segment] = [:]
        segments.reserveCapacity(overdue.count)
        var ranked: [(customer: Int64, amount: Int64)] = []
        ranked.reserveCapacity(overdue.count)
        for entry in overdue {
            if entry.amount > 0 { ranked.append(entry) } else { segments[entry.customer] = .C }
        }
        ranked.sort { $0.amount != $1.amount ? $0.amount > $1.amount : ties($0.customer, $1.customer) }
        let total = Double(ranked.reduce(0) { $0 + $1.amount })
        var before = 0.0
        for entry in ranked {
            let share = total > 0 ? before / total : 1
            segments[entry.customer] = share < aShare ? .A : share < bShare ? .B : .C
            before += Double(entry.amount)
        }
        return segments
    }
}

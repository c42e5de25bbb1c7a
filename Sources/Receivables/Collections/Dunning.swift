/// How a dunning step reaches the customer (or the person who must act).
public enum DunningChannel: String, Sendable, Codable, CaseIterable {
    case email, letter
    /// A call for the customer's collector: a task on their worklist.
    case call
    /// An internal task: for the sales rep (escalation) or the credit team (legal action).
    case task
}

/// A condition that lets a step come earlier: above a balance, a shorter wait.
public struct EarlierAbove: Hashable, Sendable {
    public var daysPastDue: Int
    public var balance: [Currency: Money]

    public init(daysPastDue: Int, balance: [Currency: Money]) {
        self.daysPastDue = daysPastDue
        self.balance = balance
    }
}

/// One rung of the dunning ladder.
public struct LadderStep: Hashable, Sendable {
    /// Stored and shown: `reminder`, `second-notice`, …; part of the schema, never renamed.
    public var code: String
    public var channel: DunningChannel
    /// The step applies once the invoice is this many days past due.
    public var daysPastDue: Int
    /// Days to wait after the previous step (or after a hold ends) before this one.
    public var minGapDays: Int
    /// Customer segments the step applies to.
    public var segments: Set<Segment>
    /// The customer's due balance must be at least this (per currency) for the step to apply.
    public var minBalance: [Currency: Money]
    /// The step may come earlier for large balances (the sales-rep escalation).
    public var earlierAbove: EarlierAbove?
    /// When set, the step is taken only if the balance is within the customer's jurisdiction's
    /// claim limit; otherwise this other step code is taken instead (small claims, else an agency).
    public var otherwise: String?

    public init(
        code: String, channel: DunningChannel, daysPastDue: Int, minGapDays: Int,
        segments: Set<Segment> = Set(Segment.allCases), minBalance: [Currency: Money] = [:],
        earlierAbove: EarlierAbove? = nil, otherwise: String? = nil
    ) {
        self.code = code
        self.channel = channel
        self.daysPastDue = daysPastDue
        self.minGapDays = minGapDays
        self.segments = segments
        self.minBalance = minBalance
        self.earlierAbove = earlierAbove
        self.otherwise = otherwise
    }
}

/// The dunning policy: the ladder, the optional courtesy reminder, the minimum amount worth a
/// notice, the grace days of promises and the small-claims limits per country.
public struct DunningPolicy: Hashable, Sendable {
    public var steps: [LadderStep]
    /// A reminder this many days before the due day; `nil` when off (the default).
    public var courtesyDaysBeforeDue: Int?
    public var courtesyChannel: DunningChannel
    /// A notice whose total is below this (per currency) is not sent.
    public var minimumAmount: [Currency: Money]
    /// Days after a promised day before a promise counts as broken.
    public var promiseGraceDays: Int
    /// Small-claims limits per ISO country code, per currency.
    public var claimLimits: [String: [Currency: Money]]

    public init(
        steps: [LadderStep], courtesyDaysBeforeDue: Int? = nil, courtesyChannel: DunningChannel = .email,
        minimumAmount: [Currency: Money] = [:], promiseGraceDays: Int = 3,
        claimLimits: [String: [Currency: Money]] = [:]
    ) {
        self.steps = steps
        self.courtesyDaysBeforeDue = courtesyDaysBeforeDue
        self.courtesyChannel = courtesyChannel
        self.minimumAmount = minimumAmount
        self.promiseGraceDays = promiseGraceDays
        self.claimLimits = claimLimits
    }

    /// The code of the courtesy reminder.
    public static let courtesyCode = "courtesy-reminder"

    /// The default ladder of the product contract.
    public static let standard: DunningPolicy = {
        func eur(_ units: Int64) -> [Currency: Money] {
            [
                .EUR: Money(minorUnits: units * 100, currency: .EUR),
                .USD: Money(minorUnits: units * 100, currency: .USD),
                .GBP: Money(minorUnits: units * 100, currency: .GBP),
                .CHF: Money(minorUnits: units * 100, currency: .CHF),
            ]
        }
        let ab: Set<Segment> = [.A, .B]
        return DunningPolicy(
            steps: [
                LadderStep(code: "reminder", channel: .email, daysPastDue: 7, minGapDays: 7),
                LadderStep(code: "second-notice", channel: .email, daysPastDue: 21, minGapDays: 10),
                LadderStep(code: "final-notice", channel: .letter, daysPastDue: 35, minGapDays: 10),
                LadderStep(
                    code: "sales-escalation", channel: .task, daysPastDue: 45, minGapDays: 7, segments: ab,
                    earlierAbove: EarlierAbove(daysPastDue: 28, balance: eur(10_000))),
                LadderStep(code: "take-back-offer", channel: .letter, daysPastDue: 60, minGapDays: 10, segments: ab),
                LadderStep(
                    code: "lawyer-letter", channel: .letter, daysPastDue: 75, minGapDays: 10, segments: ab,
                    minBalance: eur(500)),
                LadderStep(
                    code: "small-claims", channel: .task, daysPastDue: 90, minGapDays: 14, segments: ab,
                    minBalance: eur(500),
                    otherwise: "agency-referral"),
            ],
            courtesyDaysBeforeDue: nil, minimumAmount: eur(25), promiseGraceDays: 3,
            claimLimits: [
                "FR": [.EUR: Money(minorUnits: 500_000, currency: .EUR)],
                "BE": [.EUR: Money(minorUnits: 500_000, currency: .EUR)],
                "DE": [.EUR: Money(minorUnits: 500_000, currency: .EUR)],
                "ES": [.EUR: Money(minorUnits: 200_000, currency: .EUR)],
                "IT": [.EUR: Money(minorUnits: 500_000, currency: .EUR)],
                "NL": [.EUR: Money(minorUnits: 2_500_000, currency: .EUR)],
                "CH": [.CHF: Money(minorUnits: 3_000_000, currency: .CHF)],
                "GB": [.GBP: Money(minorUnits: 1_000_000, currency: .GBP)],
                "US": [.USD: Money(minorUnits: 1_000_000, currency: .USD)],
            ])
    }()

    /// Everything wrong with the policy, in order; empty when it can be used.
    public func problems() -> [String] {
        var problems: [String] = []
        if steps.isEmpty { problems.append("the ladder has no steps") }
        var seen = Set<String>()
        var previous: LadderStep?
        for step in steps {
            if !seen.insert(step.code).inserted { problems.append("step \"\(step.code)\" appears twice") }
            if step.code == DunningPolicy.courtesyCode {
                problems.append("\"\(step.code)\" is the courtesy reminder, not a ladder step")
            }
            if step.minGapDays < 1 { problems.append("step \"\(step.code)\": min_gap_days must be at least 1") }
            if step.segments.isEmpty { problems.append("step \"\(step.code)\": no segment") }
            if let previous, step.daysPastDue < previous.daysPastDue {
                problems.append(
                    "step \"\(step.code)\" comes at \(step.daysPastDue) days, before \"\(previous.code)\" at \(previous.daysPastDue)"
                )
            }
            if let otherwise = step.otherwise,
                seen.contains(otherwise) || steps.contains(where: { $0.code == otherwise })
            {
                problems.append("step \"\(step.code)\": otherwise \"\(otherwise)\" must be a code of its own")
            }
            previous = step
        }
        if let days = courtesyDaysBeforeDue, !(1...30).contains(days) {
            problems.append("courtesy reminder days before due must be 1 to 30")
        }
        if !(0...60).contains(promiseGraceDays) { problems.append("promise grace days must be 0 to 60") }
        return problems
    }

    /// The position on the ladder of a step code (an `otherwise` code shares its step's position).
    public func position(of code: String) -> Int? {
        if code == DunningPolicy.courtesyCode { return -1 }
        return steps.firstIndex { $0.code == code || $0.otherwise == code }
    }
}

// Collections KPIs (SPEC §4 "KPIs"): pure arithmetic over the aggregates a ledger query produces,
// one currency at a time. Nothing here reads a store or a clock.

/// The days a KPI report covers: from `start` through `end` (the as-of day), both included.
///
/// A period always has at least one day, so `N` never divides by zero; the failable initialisers
/// refuse an empty or reversed period instead.
public struct KPIPeriod: Hashable, Sendable {
    /// The first day of the period.
    public let start: Day
    /// The last day of the period: the as-of day.
    public let end: Day

    /// The period from `start` through `end`, or `nil` when `end` is before `start`.
    public init?(start: Day, end: Day) {
        guard start <= end else { return nil }
        self.start = start
        self.end = end
    }

    /// The `days` days ending on `end` (`days` = 30 ending 2026-06-30 starts 2026-06-01), or `nil`
    /// when `days` is less than 1.
    public init?(endingOn end: Day, days: Int) {
        guard days >= 1 else { return nil }
        self.init(start: end - (days - 1), end: end)
    }

    /// N: the number of days in the period, both ends included.
    public var days: Int { end - start + 1 }

    /// The period in whole months, for CEI: N ÷ 30.4375 (the mean Gregorian month) rounded to the
    /// nearest whole number, at least 1. 30 or 31 days are 1 month, 91 days 3, 365 days 12.
    /// (N ÷ 30.4375 = 16N ÷ 487 is never exactly half-way, so the rounding direction never matters.)
    public var months: Int { max(1, (32 * days + 487) / 974) }

    public func contains(_ day: Day) -> Bool { day >= start && day <= end }

    /// How many days of the period something was in force that started on `from` (included) and
    /// stopped on `until` (excluded; `nil` while it still stands) — the same convention as
    /// ``Hold/isActive(on:)``, where the release or lapse day no longer holds.
    public func daysOverlapping(from: Day, until: Day?) -> Int {
        let first = max(start, from)
        let stop = min(end + 1, until ?? end + 1)
        return max(0, stop - first)
    }

    /// The calendar months ending with the as-of day's month, most recent first, as countback DSO
    /// wants them: the first one runs from the 1st of the as-of month to the as-of day (a partial
    /// month); the others are whole months. `count` below 1 gives none.
    public static func calendarMonths(endingOn asOf: Day, count: Int) -> [ClosedRange<Day>] {
        guard count >= 1 else { return [] }
        let (year, month, _) = asOf.components
        var firstOfMonth = Day(year: year, month: month, day: 1)!
        var months: [ClosedRange<Day>] = [firstOfMonth...asOf]
        for _ in 1..<count {
            let previous = firstOfMonth.addingMonths(-1)
            months.append(previous...(firstOfMonth - 1))
            firstOfMonth = previous
        }
        return months
    }
}

/// One month's credit sales, for countback DSO.
///
/// The month is given by its first day and its day count rather than derived from the calendar so
/// that the current, partial month (1st to the as-of day) is just a month with fewer days.
public struct MonthlySales: Hashable, Sendable {
    public var firstDay: Day
    /// Days of the month counted (the as-of month: 1st to the as-of day). Must be at least 1.
    public var days: Int
    /// Invoices issued in those days.
    public var sales: Money

    public init(firstDay: Day, days: Int, sales: Money) {
        self.firstDay = firstDay
        self.days = days
        self.sales = sales
    }

    /// The month covering `range` (as from ``KPIPeriod/calendarMonths(endingOn:count:)``).
    public init(_ range: ClosedRange<Day>, sales: Money) {
        self.init(firstDay: range.lowerBound, days: range.count, sales: sales)
    }
}

/// An invoice whose open amount reached zero, as the timeliness KPIs see it.
public struct SettledInvoice: Hashable, Sendable {
    /// The invoice amount (the weight in the weighted average days late).
    public var amount: Money
    public var issuedOn: Day
    public var dueOn: Day
    /// The day the invoice became fully paid (its last payment).
    public var settledOn: Day
    /// Whether the invoice was ever named by a dispute.
    public var disputed: Bool

    public init(amount: Money, issuedOn: Day, dueOn: Day, settledOn: Day, disputed: Bool) {
        self.amount = amount
        self.issuedOn = issuedOn
        self.dueOn = dueOn
        self.settledOn = settledOn
        self.disputed = disputed
    }

    /// Days between the due day and the settlement; an invoice paid early or on time is 0 days
    /// late (early payment does not offset lateness elsewhere).
    public var daysLate: Int { max(0, settledOn - dueOn) }

    /// Days from issue to full payment.
    public var daysToPay: Int { settledOn - issuedOn }
}

/// A resolved dispute, as the cycle-time KPI sees it.
public struct DisputeResolution: Hashable, Sendable {
    /// The top-level category code.
    public var category: String
    public var openedOn: Day
    public var resolvedOn: Day

    public init(category: String, openedOn: Day, resolvedOn: Day) {
        self.category = category
        self.openedOn = openedOn
        self.resolvedOn = resolvedOn
    }

    /// Resolution day − opening day.
    public var cycleDays: Int { resolvedOn - openedOn }
}

/// Promises to pay whose day (plus grace) fell in the period, by how they ended.
public struct PromiseTally: Hashable, Sendable {
    public var kept: Int
    /// Paid in part by the promised day: counted as not kept.
    public var partlyKept: Int
    public var broken: Int

    public init(kept: Int = 0, partlyKept: Int = 0, broken: Int = 0) {
        self.kept = kept
        self.partlyKept = partlyKept
        self.broken = broken
    }

    /// Promises that came due.
    public var total: Int { kept + partlyKept + broken }
}

/// Everything the KPIs of one currency over one period are computed from: the aggregates a
/// ledger query produces. Every amount must be in ``currency``.
public struct KPIInputs: Hashable, Sendable {
    public var period: KPIPeriod
    public var currency: Currency
    /// Receivables open at the start of the period's first day (the close of the day before).
    public var arAtStart: Money
    /// Receivables open at the close of the as-of day.
    public var arAtEnd: Money
    /// The part of ``arAtEnd`` not yet due on the as-of day. The rest is the overdue AR.
    public var currentARAtEnd: Money
    /// S: invoices issued in the period.
    public var creditSales: Money
    /// Credit sales per month for countback DSO, most recent first (the order is re-established
    /// from ``MonthlySales/firstDay`` anyway). Go back to the month of the oldest open invoice.
    public var monthlySales: [MonthlySales]
    /// Invoices fully paid in the period. Rows settled outside the period are ignored.
    public var settled: [SettledInvoice]
    /// Disputes resolved in the period. Rows resolved outside the period are ignored.
    public var resolutions: [DisputeResolution]
    /// Open AR on the as-of day that a dispute names.
    public var disputedOpenAR: Money
    /// Σ over holds of (blocked amount in minor units × days the hold stood within the period),
    /// see ``KPIPeriod/daysOverlapping(from:until:)``.
    public var heldAmountDays: Int64
    /// The cash active holds block on the as-of day.
    public var heldAtEnd: Money
    /// The yearly cost of money, in basis points (800 = 8 %).
    public var annualRateBasisPoints: Int
    public var promises: PromiseTally

    public init(
        period: KPIPeriod, currency: Currency, arAtStart: Money, arAtEnd: Money, currentARAtEnd: Money,
        creditSales: Money, monthlySales: [MonthlySales] = [], settled: [SettledInvoice] = [],
        resolutions: [DisputeResolution] = [], disputedOpenAR: Money? = nil, heldAmountDays: Int64 = 0,
        heldAtEnd: Money? = nil, annualRateBasisPoints: Int = 0, promises: PromiseTally = PromiseTally()
    ) {
        self.period = period
        self.currency = currency
        self.arAtStart = arAtStart
        self.arAtEnd = arAtEnd
        self.currentARAtEnd = currentARAtEnd
        self.creditSales = creditSales
        self.monthlySales = monthlySales
        self.settled = settled
        self.resolutions = resolutions
        self.disputedOpenAR = disputedOpenAR ?? .zero(currency)
        self.heldAmountDays = heldAmountDays
        self.heldAtEnd = heldAtEnd ?? .zero(currency)
        self.annualRateBasisPoints = annualRateBasisPoints
        self.promises = promises
    }

    /// AR at end − current AR at end: what was past due on the as-of day.
    public var overdueARAtEnd: Money { arAtEnd - currentARAtEnd }
}

/// Why KPIs could not be computed.
public enum KPIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An input amount is in another currency than the report: KPIs never mix currencies.
    case currencyMismatch(field: String, expected: Currency, found: Currency)

    public var description: String {
        switch self {
        case .currencyMismatch(let field, let expected, let found):
            "\(field) is in \(found.code) but the KPIs are computed in \(expected.code); compute one report per currency"
        }
    }
}

/// The collections KPIs of one currency over one period, ready to render.
///
/// Amounts are exact decimal strings. Day figures and percentages are rounded to one decimal,
/// half away from zero, from unrounded intermediate values (so ADD can differ by 0.1 from the
/// difference of the rounded DSOs). A KPI whose denominator is zero or meaningless is `nil`,
/// encoded as JSON `null` (never absent, never NaN or infinity).
public struct KPIReport: Hashable, Sendable, Encodable {
    /// Days to pay of one group of invoices.
    public struct PayGroup: Hashable, Sendable, Encodable {
        public var invoices: Int
        /// Mean days from issue to full payment; `nil` when the group is empty.
        public var meanDays: Double?

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(invoices, forKey: .invoices)
            try c.encode(meanDays, forKey: .meanDays)
        }
        enum CodingKeys: String, CodingKey { case invoices, meanDays }
    }

    /// Days to pay, invoices ever disputed vs never disputed.
    public struct DaysToPay: Hashable, Sendable, Encodable {
        public var disputed: PayGroup
        public var neverDisputed: PayGroup
        /// Disputed mean − never-disputed mean: the delay complaints cost. `nil` unless both groups
        /// have invoices.
        public var differenceDays: Double?

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(disputed, forKey: .disputed)
            try c.encode(neverDisputed, forKey: .neverDisputed)
            try c.encode(differenceDays, forKey: .differenceDays)
        }
        enum CodingKeys: String, CodingKey { case disputed, neverDisputed, differenceDays }
    }

    /// Cycle time of a set of resolved disputes (never empty: an empty set has no cycle time).
    public struct CycleTime: Hashable, Sendable, Encodable {
        /// The category, or `nil` for all categories together (then omitted from the JSON).
        public var category: String?
        public var disputes: Int
        public var meanDays: Double
        /// The 90th percentile by the nearest-rank method (see ``KPI/nearestRank(percentile:of:)``).
        public var p90Days: Int
    }

    /// Dispute cycle times, overall and per category (in category-code order).
    public struct CycleTimes: Hashable, Sendable, Encodable {
        /// `nil` when no dispute was resolved in the period.
        public var overall: CycleTime?
        public var categories: [CycleTime]

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(overall, forKey: .overall)
            try c.encode(categories, forKey: .categories)
        }
        enum CodingKeys: String, CodingKey { case overall, categories }
    }

    /// Cash blocked by holds and what blocking it costs.
    public struct HoldCost: Hashable, Sendable, Encodable {
        /// Cash blocked by active holds on the as-of day.
        public var blockedAtEnd: String
        /// Amount-days ÷ N: the cash blocked on an average day of the period.
        public var averageBlocked: String
        public var annualRateBasisPoints: Int
        /// Σ(amount × days) × rate ÷ 365, rounded half away from zero to the minor unit.
        public var cost: String
    }

    /// Promises to pay that came due in the period.
    public struct Promises: Hashable, Sendable, Encodable {
        public var kept: Int
        public var partlyKept: Int
        public var broken: Int
        /// kept ÷ (kept + partly kept + broken) × 100; `nil` when none came due.
        public var keptPercent: Double?

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kept, forKey: .kept)
            try c.encode(partlyKept, forKey: .partlyKept)
            try c.encode(broken, forKey: .broken)
            try c.encode(keptPercent, forKey: .keptPercent)
        }
        enum CodingKeys: String, CodingKey { case kept, partlyKept, broken, keptPercent }
    }

    public var currency: Currency
    public var from: Day
    public var to: Day
    /// N.
    public var days: Int
    /// The period in whole months (see ``KPIPeriod/months``), dividing S in CEI.
    public var months: Int
    public var arAtStart: String
    public var arAtEnd: String
    public var currentARAtEnd: String
    public var overdueARAtEnd: String
    public var creditSales: String
    /// AR at end ÷ S × N; `nil` when S ≤ 0.
    public var dso: Double?
    /// Countback DSO; `nil` when the monthly sales given do not cover AR at end.
    public var countbackDSO: Double?
    /// Current AR at end ÷ S × N; `nil` when S ≤ 0.
    public var bestPossibleDSO: Double?
    /// Average days delinquent: DSO − best possible DSO; `nil` when S ≤ 0.
    public var add: Double?
    /// Collection effectiveness index, a percentage; `nil` when nothing was collectible.
    public var cei: Double?
    /// Σ(amount × days late) ÷ Σ amount over invoices settled in the period; `nil` when none.
    public var weightedAverageDaysLate: Double?
    /// Invoices settled in the period.
    public var settledInvoices: Int
    public var disputeCycleTime: CycleTimes
    public var disputedOpenAR: String
    /// Disputed open AR ÷ overdue AR × 100; 0 when nothing is overdue. Above 100 when disputes
    /// also name invoices that are not yet due.
    public var disputeSharePercent: Double
    public var daysToPay: DaysToPay
    public var holds: HoldCost
    public var promises: Promises

    /// Computes the KPIs, or throws when an amount is not in the inputs' currency.
    public init(_ inputs: KPIInputs) throws(KPIError) {
        try KPI.checkCurrencies(inputs)
        let period = inputs.period
        let n = period.days
        let currency = inputs.currency
        let sales = inputs.creditSales.minorUnits
        let settled = inputs.settled.filter { period.contains($0.settledOn) }
        let resolutions = inputs.resolutions.filter { period.contains($0.resolvedOn) }

        self.currency = currency
        from = period.start
        to = period.end
        days = n
        months = period.months
        arAtStart = inputs.arAtStart.decimalString
        arAtEnd = inputs.arAtEnd.decimalString
        currentARAtEnd = inputs.currentARAtEnd.decimalString
        overdueARAtEnd = inputs.overdueARAtEnd.decimalString
        creditSales = inputs.creditSales.decimalString

        let dsoValue = KPI.dso(ar: inputs.arAtEnd.minorUnits, sales: sales, days: n)
        let best = KPI.dso(ar: inputs.currentARAtEnd.minorUnits, sales: sales, days: n)
        dso = KPI.round1(dsoValue)
        bestPossibleDSO = KPI.round1(best)
        if let dsoValue, let best { add = KPI.round1(dsoValue - best) } else { add = nil }
        countbackDSO = KPI.round1(KPI.countbackDSO(ar: inputs.arAtEnd.minorUnits, months: inputs.monthlySales))
        cei = KPI.round1(
            KPI.cei(
                arAtStart: inputs.arAtStart.minorUnits, sales: sales, arAtEnd: inputs.arAtEnd.minorUnits,
                currentARAtEnd: inputs.currentARAtEnd.minorUnits, months: period.months))

        weightedAverageDaysLate = KPI.round1(KPI.weightedAverageDaysLate(settled))
        settledInvoices = settled.count

        disputeCycleTime = KPI.cycleTimes(resolutions)

        disputedOpenAR = inputs.disputedOpenAR.decimalString
        disputeSharePercent =
            KPI.round1(
                KPI.percent(inputs.disputedOpenAR.minorUnits, of: inputs.overdueARAtEnd.minorUnits)) ?? 0

        let disputed = settled.filter(\.disputed).map(\.daysToPay)
        let clean = settled.filter { !$0.disputed }.map(\.daysToPay)
        let disputedMean = KPI.mean(disputed)
        let cleanMean = KPI.mean(clean)
        var difference: Double?
        if let disputedMean, let cleanMean { difference = KPI.round1(disputedMean - cleanMean) }
        daysToPay = DaysToPay(
            disputed: PayGroup(invoices: disputed.count, meanDays: KPI.round1(disputedMean)),
            neverDisputed: PayGroup(invoices: clean.count, meanDays: KPI.round1(cleanMean)),
            differenceDays: difference)

        let amountDays = Money(minorUnits: inputs.heldAmountDays, currency: currency)
        holds = HoldCost(
            blockedAtEnd: inputs.heldAtEnd.decimalString,
            averageBlocked: amountDays.scaled(by: 1, over: Int64(n)).decimalString,
            annualRateBasisPoints: inputs.annualRateBasisPoints,
            cost: KPI.holdCost(amountDays: amountDays, basisPoints: inputs.annualRateBasisPoints).decimalString)

        let tally = inputs.promises
        promises = Promises(
            kept: tally.kept, partlyKept: tally.partlyKept, broken: tally.broken,
            keptPercent: KPI.round1(KPI.percent(Int64(tally.kept), of: Int64(tally.total))))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(currency, forKey: .currency)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(days, forKey: .days)
        try c.encode(months, forKey: .months)
        try c.encode(arAtStart, forKey: .arAtStart)
        try c.encode(arAtEnd, forKey: .arAtEnd)
        try c.encode(currentARAtEnd, forKey: .currentARAtEnd)
        try c.encode(overdueARAtEnd, forKey: .overdueARAtEnd)
        try c.encode(creditSales, forKey: .creditSales)
        try c.encode(dso, forKey: .dso)
        try c.encode(countbackDSO, forKey: .countbackDSO)
        try c.encode(bestPossibleDSO, forKey: .bestPossibleDSO)
        try c.encode(add, forKey: .add)
        try c.encode(cei, forKey: .cei)
        try c.encode(weightedAverageDaysLate, forKey: .weightedAverageDaysLate)
        try c.encode(settledInvoices, forKey: .settledInvoices)
        try c.encode(disputeCycleTime, forKey: .disputeCycleTime)
        try c.encode(disputedOpenAR, forKey: .disputedOpenAR)
        try c.encode(disputeSharePercent, forKey: .disputeSharePercent)
        try c.encode(daysToPay, forKey: .daysToPay)
        try c.encode(holds, forKey: .holds)
        try c.encode(promises, forKey: .promises)
    }

    enum CodingKeys: String, CodingKey {
        case currency, from, to, days, months, arAtStart, arAtEnd, currentARAtEnd, overdueARAtEnd, creditSales
        case dso, countbackDSO, bestPossibleDSO, add, cei, weightedAverageDaysLate, settledInvoices
        case disputeCycleTime, disputedOpenAR, disputeSharePercent, daysToPay, holds, promises
    }
}

/// The KPI formulas, on minor units of one currency, unrounded. `nil` stands for "not computable"
/// (a zero or meaningless denominator); no formula returns NaN or infinity.
public enum KPI {
    /// AR ÷ S × N, the simple DSO (and, with current AR, the best possible DSO); `nil` when S ≤ 0.
    static func dso(ar: Int64, sales: Int64, days: Int) -> Double? {
        guard sales > 0 else { return nil }
        return finite(Double(ar) / Double(sales) * Double(days))
    }

    /// Countback DSO: walking back from the period end, month by month (most recent first), AR is
    /// consumed by each month's sales. A month fully consumed adds its days; the month where AR
    /// runs out adds remaining AR ÷ its sales × its days. A month without sales is consumed whole.
    /// 0 when AR ≤ 0; `nil` when AR is left after the oldest month given (the history is too short
    /// to say — pass months back to the oldest open invoice).
    static func countbackDSO(ar: Int64, months: [MonthlySales]) -> Double? {
        var remaining = ar
        var days = 0.0
        for month in months.sorted(by: { $0.firstDay > $1.firstDay }) {
            guard remaining > 0 else { break }
            let length = Double(max(0, month.days))
            let sales = month.sales.minorUnits
            if remaining >= sales {
                days += length
                remaining -= max(0, sales)
            } else {
                days += Double(remaining) / Double(sales) * length
                remaining = 0
            }
        }
        guard remaining <= 0 else { return nil }
        return finite(days)
    }

    /// CEI = (AR start + S′ − AR end) ÷ (AR start + S′ − current AR end) × 100, S′ = S ÷ months
    /// (S itself for a one-month period). `nil` when the denominator — what was collectible — is
    /// not positive.
    static func cei(arAtStart: Int64, sales: Int64, arAtEnd: Int64, currentARAtEnd: Int64, months: Int) -> Double? {
        let salesPerMonth = Double(sales) / Double(max(1, months))
        let collectible = Double(arAtStart) + salesPerMonth - Double(currentARAtEnd)
        guard collectible > 0 else { return nil }
        let collected = Double(arAtStart) + salesPerMonth - Double(arAtEnd)
        return finite(collected / collectible * 100)
    }

    /// Σ(amount × days late) ÷ Σ amount; `nil` when the amounts do not sum to more than zero.
    static func weightedAverageDaysLate(_ settled: [SettledInvoice]) -> Double? {
        var weighted: Int128 = 0
        var total: Int128 = 0
        for invoice in settled {
            weighted += Int128(invoice.amount.minorUnits) * Int128(invoice.daysLate)
            total += Int128(invoice.amount.minorUnits)
        }
        guard total > 0 else { return nil }
        return finite(Double(weighted) / Double(total))
    }

    /// Mean and p90 cycle time overall and per category.
    static func cycleTimes(_ resolutions: [DisputeResolution]) -> KPIReport.CycleTimes {
        func cycleTime(_ category: String?, _ list: [DisputeResolution]) -> KPIReport.CycleTime? {
            let values = list.map(\.cycleDays)
            guard let mean = mean(values), let p90 = nearestRank(percentile: 90, of: values) else { return nil }
            return KPIReport.CycleTime(
                category: category, disputes: values.count, meanDays: round1(mean) ?? 0, p90Days: p90)
        }
        let byCategory = Dictionary(grouping: resolutions, by: \.category)
        return KPIReport.CycleTimes(
            overall: cycleTime(nil, resolutions),
            categories: byCategory.keys.sorted().compactMap { cycleTime($0, byCategory[$0]!) })
    }

    /// Σ(amount × days) × rate ÷ 365, rate in basis points, rounded half away from zero once, at the end.
    static func holdCost(amountDays: Money, basisPoints: Int) -> Money {
        amountDays.scaled(by: Int64(basisPoints), over: 365 * 10_000)
    }

    /// The value at rank ⌈p ÷ 100 × n⌉ (at least 1) of the sorted values — the nearest-rank
    /// percentile, always one of the values: the p90 of 10 values is the 9th smallest, of 1 value
    /// that value. `nil` for no values.
    public static func nearestRank(percentile: Int, of values: [Int]) -> Int? {
        guard !values.isEmpty else { return nil }
        let p = min(100, max(0, percentile))
        let rank = max(1, (p * values.count + 99) / 100)
        return values.sorted()[rank - 1]
    }

    /// `part ÷ whole × 100`; `nil` when `whole` is not positive.
    static func percent(_ part: Int64, of whole: Int64) -> Double? {
        guard whole > 0 else { return nil }
        return finite(Double(part) / Double(whole) * 100)
    }

    /// The arithmetic mean; `nil` for no values.
    static func mean(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        return finite(Double(values.reduce(0, +)) / Double(values.count))
    }

    /// Rounded to one decimal, half away from zero; `nil` stays `nil`, and -0.0 becomes 0.
    public static func round1(_ value: Double?) -> Double? {
        guard let value = finite(value) else { return nil }
        let rounded = (value * 10).rounded(.toNearestOrAwayFromZero) / 10
        return rounded == 0 ? 0 : rounded
    }

    static func finite(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return value
    }

    /// Refuses inputs whose amounts are not all in the report's currency.
    static func checkCurrencies(_ inputs: KPIInputs) throws(KPIError) {
        let expected = inputs.currency
        func check(_ field: String, _ amount: Money) throws(KPIError) {
            guard amount.currency == expected else {
                throw .currencyMismatch(field: field, expected: expected, found: amount.currency)
            }
        }
        try check("arAtStart", inputs.arAtStart)
        try check("arAtEnd", inputs.arAtEnd)
        try check("currentARAtEnd", inputs.currentARAtEnd)
        try check("creditSales", inputs.creditSales)
        try check("disputedOpenAR", inputs.disputedOpenAR)
        try check("heldAtEnd", inputs.heldAtEnd)
        for (index, month) in inputs.monthlySales.enumerated() {
            try check("monthlySales[\(index)].sales", month.sales)
        }
        for (index, invoice) in inputs.settled.enumerated() {
            try check("settled[\(index)].amount", invoice.amount)
        }
    }
}

import Receivables

/// A dispute as the weekly report counts it.
public struct DisputeFact: Hashable, Sendable {
    public var id: DisputeID
    public var customer: CustomerCode
    public var customerName: String
    public var category: String
    public var amount: Money
    public var subjects: [Subject]
    public var openedOn: Day

    public init(
        id: DisputeID, customer: CustomerCode, customerName: String, category: String, amount: Money,
        subjects: [Subject], openedOn: Day
    ) {
        self.id = id
        self.customer = customer
        self.customerName = customerName
        self.category = category
        self.amount = amount
        self.subjects = subjects
        self.openedOn = openedOn
    }

    public var occurrence: DisputeOccurrence {
        DisputeOccurrence(id: id, customer: customer, category: category, subjects: subjects, openedOn: openedOn)
    }
}

/// The weekly root-cause report that management reads: what customers complained about this
/// week, in Pareto order, what keeps coming back, what cash the complaints block, and what is late.
public struct WeeklyReport: Sendable, Encodable {
    /// One category's line in the Pareto table.
    public struct CategoryLine: Sendable, Encodable, Hashable {
        public var code: String
        public var label: String
        public var owner: String
        public var opened: Int
        /// Disputes of this category opened the week before (0 when that week is not known).
        public var openedPreviousWeek: Int = 0
        public var resolved: Int
        public var recurring: Int
        public var amounts: CurrencyTotals
        /// This category's part of the disputes opened in the week (0–1).
        public var share: Double
        /// The share of this category and all categories before it in Pareto order (0–1).
        public var cumulativeShare: Double
    }

    /// A dispute of the week that repeats an earlier one of the same customer and category.
    public struct RecurringDispute: Sendable, Encodable, Hashable {
        public var dispute: DisputeID
        public var customer: CustomerCode
        public var customerName: String
        public var category: String
        public var openedOn: Day
        public var previous: DisputeID
        public var previousOpenedOn: Day
        public var daysSince: Int
    }

    /// A subject (SKU, carrier, …) named by at least ``WeeklyReport/subjectThreshold`` disputes in
    /// the 90 days up to the week's end.
    public struct SubjectLine: Sendable, Encodable, Hashable {
        public var subject: Subject
        public var categories: [String]
        public var disputes: Int
        public var customers: Int
        public var openedThisWeek: Int
        public var recurringThisWeek: Int
    }

    /// Collection holds and the cash they keep from being chased.
    public struct HoldSummary: Sendable, Encodable, Hashable {
        public var active: Int
        public var amounts: CurrencyTotals
        public var placedThisWeek: Int
        public var releasedThisWeek: Int
        public var oldestPlacedOn: Day?

        public init(
            active: Int, amounts: CurrencyTotals, placedThisWeek: Int, releasedThisWeek: Int, oldestPlacedOn: Day?
        ) {
            self.active = active
            self.amounts = amounts
            self.placedThisWeek = placedThisWeek
            self.releasedThisWeek = releasedThisWeek
            self.oldestPlacedOn = oldestPlacedOn
        }
    }

    /// An owner's open disputes and how many are past their SLA.
    public struct OwnerLine: Sendable, Encodable, Hashable {
        public var owner: PersonKey
        public var name: String
        public var open: Int
        public var pastSla: Int
        public var pastSlaAmounts: CurrencyTotals
        public var oldestOpenedOn: Day?

        public init(
            owner: PersonKey, name: String, open: Int, pastSla: Int, pastSlaAmounts: CurrencyTotals,
            oldestOpenedOn: Day?
        ) {
            self.owner = owner
            self.name = name
            self.open = open
            self.pastSla = pastSla
            self.pastSlaAmounts = pastSlaAmounts
            self.oldestOpenedOn = oldestOpenedOn
        }
    }

    /// An open dispute past its category's escalation day: the management group must look at it.
    public struct Escalation: Sendable, Encodable, Hashable {
        public var dispute: DisputeID
        public var customer: CustomerCode
        public var category: String
        public var owner: PersonKey
        public var openedOn: Day
        public var escalatedOn: Day
        public var daysOpen: Int
        public var amount: String
        public var currency: Currency

        public init(
            dispute: DisputeID, customer: CustomerCode, category: String, owner: PersonKey, openedOn: Day,
            escalatedOn: Day, daysOpen: Int, amount: Money
        ) {
            self.dispute = dispute
            self.customer = customer
            self.category = category
            self.owner = owner
            self.openedOn = openedOn
            self.escalatedOn = escalatedOn
            self.daysOpen = daysOpen
            self.amount = amount.decimalString
            self.currency = amount.currency
        }
    }

    /// Disputes opened in one week, in total and per category.
    public struct TrendPoint: Sendable, Encodable, Hashable {
        public var week: IsoWeek
        public var opened: Int
        public var recurring: Int
        public var categories: [String: Int]

        public init(week: IsoWeek, opened: Int, recurring: Int, categories: [String: Int]) {
            self.week = week
            self.opened = opened
            self.recurring = recurring
            self.categories = categories
        }
    }

    public var asOf: Day
    public var week: IsoWeek
    public var from: Day
    public var to: Day
    public var opened: Int
    public var resolved: Int
    public var recurring: Int
    public var amounts: CurrencyTotals
    public var categories: [CategoryLine]
    public var recurrences: [RecurringDispute]
    public var subjects: [SubjectLine]
    public var holds: HoldSummary
    public var owners: [OwnerLine]
    public var escalations: [Escalation]
    public var trend: [TrendPoint]
    /// The categories the trend follows one by one (see ``trendCategoryLimit``).
    public var trendCategories: [String]
    /// What the customers reported against what the owners found when resolving, this week.
    public var rootCauses: RootCauses
    /// Corrective actions in play: open, done, or verified within the trend's weeks.
    public var actions: [ActionLine]
    public var actionSummary: ActionSummary
    /// Actions overdue or ineffective on the report's day: before management.
    public var actionEscalations: [ActionEscalation]
    /// Active holds older than ``holdAgeDays`` on the report's day: before management.
    public var holdEscalations: [HoldEscalation]
    public var holdAgeDays: Int
    /// The collections KPIs per currency over the period ending on the report's day.
    public var kpis: [KPIReport]
    /// The week the changes are measured against, when it was given.
    public var previousWeek: IsoWeek?
    /// Each figure of the report this week, the week before, and the change.
    public var changes: [FigureChange]

    /// How many weeks the trend covers, the report's week included.
    public static let trendWeeks = 12
    /// A subject is listed once this many disputes in 90 days name it.
    public static let subjectThreshold = 3
    /// At most this many subjects are listed, most named first.
    public static let subjectLimit = 10
    /// At most this many categories get a trend of their own.
    public static let trendCategoryLimit = 6
}

extension WeeklyReport {
    /// Everything the report is built from, as fetched from the ledger.
    public struct Inputs: Sendable {
        public var asOf: Day
        public var week: IsoWeek
        public var taxonomy: Taxonomy
        /// The currency that breaks ties in the Pareto order (the ledger's base currency).
        public var baseCurrency: Currency
        /// Disputes opened from 90 days before the trend's first Monday to the week's Sunday.
        public var disputes: [DisputeFact]
        /// Disputes resolved in the week, per category.
        public var resolvedByCategory: [String: Int]
        public var holds: HoldSummary
        public var owners: [OwnerLine]
        public var escalations: [Escalation]
        /// Disputes resolved in the week: the reported category and the root cause found, if any.
        public var resolvedCauses: [(category: String, rootCause: String?)] = []
        /// Every corrective action that existed on the report's day, judged on that day, with the
        /// disputes linked to it.
        public var actions: [(standing: ActionStanding, disputes: [DisputeID])] = []
        /// Active holds older than ``holdAgeDays`` on the report's day.
        public var agedHolds: [HoldEscalation] = []
        public var holdAgeDays = 30
        public var kpis: [KPIReport] = []
        /// The same report for the week before, to measure each figure's change against.
        public var previous: WeeklyReport?

        public init(
            asOf: Day, week: IsoWeek, taxonomy: Taxonomy, baseCurrency: Currency, disputes: [DisputeFact],
            resolvedByCategory: [String: Int], holds: HoldSummary, owners: [OwnerLine], escalations: [Escalation]
        ) {
            self.asOf = asOf
            self.week = week
            self.taxonomy = taxonomy
            self.baseCurrency = baseCurrency
            self.disputes = disputes
            self.resolvedByCategory = resolvedByCategory
            self.holds = holds
            self.owners = owners
            self.escalations = escalations
        }

        /// The first day whose disputes the report needs: 90 days before the trend's first Monday.
        public static func historyStart(for week: IsoWeek) -> Day {
            week.advanced(by: -(WeeklyReport.trendWeeks - 1)).monday - Recurrence.windowDays
        }
    }

    /// Builds the report: Pareto order is opened count, then amount in the base currency, then code.
    public init(_ inputs: Inputs) {
        let week = inputs.week
        let byCustomer = Recurrence.byCustomer(inputs.disputes.map(\.occurrence))
        let bySubject = Recurrence.bySubject(inputs.disputes.map(\.occurrence))
        let inWeek = inputs.disputes.filter { week.contains($0.openedOn) }

        var lines: [String: CategoryLine] = [:]
        func line(_ code: String) -> CategoryLine {
            lines[code]
                ?? CategoryLine(
                    code: code, label: inputs.taxonomy.category(code)?.labels.en ?? code,
                    owner: inputs.taxonomy.category(code)?.owner.text ?? "", opened: 0, resolved: 0, recurring: 0,
                    amounts: CurrencyTotals(), share: 0, cumulativeShare: 0)
        }
        for dispute in inWeek {
            var entry = line(dispute.category)
            entry.opened += 1
            entry.amounts.add(dispute.amount)
            if byCustomer[dispute.id] != nil { entry.recurring += 1 }
            lines[dispute.category] = entry
        }
        for (code, count) in inputs.resolvedByCategory where count > 0 {
            var entry = line(code)
            entry.resolved = count
            lines[code] = entry
        }
        let base = inputs.baseCurrency
        var ordered = lines.values.sorted {
            if $0.opened != $1.opened { return $0.opened > $1.opened }
            let a = $0.amounts[base].minorUnits, b = $1.amounts[base].minorUnits
            if a != b { return a > b }
            return $0.code < $1.code
        }
        let total = inWeek.count
        var running = 0
        for index in ordered.indices {
            running += ordered[index].opened
            ordered[index].share = WeeklyReport.fraction(ordered[index].opened, of: total)
            ordered[index].cumulativeShare = WeeklyReport.fraction(running, of: total)
        }

        let recurrences = inWeek.compactMap { dispute -> RecurringDispute? in
            guard let link = byCustomer[dispute.id] else { return nil }
            return RecurringDispute(
                dispute: dispute.id, customer: dispute.customer, customerName: dispute.customerName,
                category: dispute.category, openedOn: dispute.openedOn, previous: link.previous,
                previousOpenedOn: link.previousOpenedOn, daysSince: link.daysSince)
        }.sorted { ($0.customer, $0.openedOn, $0.dispute) < ($1.customer, $1.openedOn, $1.dispute) }

        // Subjects seen more than once in the 90 days up to the week's Sunday.
        let windowStart = week.sunday - Recurrence.windowDays
        var subjectDisputes: [Subject: [DisputeFact]] = [:]
        for dispute in inputs.disputes where dispute.openedOn >= windowStart && dispute.openedOn <= week.sunday {
            for subject in Set(dispute.subjects) { subjectDisputes[subject, default: []].append(dispute) }
        }
        let subjects = subjectDisputes.compactMap { subject, list -> SubjectLine? in
            guard list.count >= WeeklyReport.subjectThreshold else { return nil }
            let thisWeek = list.filter { week.contains($0.openedOn) }
            return SubjectLine(
                subject: subject, categories: Set(list.map(\.category)).sorted(), disputes: list.count,
                customers: Set(list.map(\.customer)).count, openedThisWeek: thisWeek.count,
                recurringThisWeek: thisWeek.filter { bySubject[$0.id]?.contains(subject) == true }.count)
        }.sorted { ($1.disputes, $0.subject) < ($0.disputes, $1.subject) }.prefix(WeeklyReport.subjectLimit).map { $0 }

        var trend: [TrendPoint] = []
        for offset in stride(from: WeeklyReport.trendWeeks - 1, through: 0, by: -1) {
            let w = week.advanced(by: -offset)
            let opened = inputs.disputes.filter { w.contains($0.openedOn) }
            var perCategory: [String: Int] = [:]
            for dispute in opened { perCategory[dispute.category, default: 0] += 1 }
            trend.append(
                TrendPoint(
                    week: w, opened: opened.count, recurring: opened.filter { byCustomer[$0.id] != nil }.count,
                    categories: perCategory))
        }

        self.asOf = inputs.asOf
        self.week = week
        self.from = week.monday
        self.to = week.sunday
        self.opened = total
        self.resolved = inputs.resolvedByCategory.values.reduce(0, +)
        self.recurring = recurrences.count
        self.amounts = CurrencyTotals(inWeek.map(\.amount))
        self.categories = ordered
        self.recurrences = recurrences
        self.subjects = subjects
        self.holds = inputs.holds
        self.owners = inputs.owners
        self.escalations = inputs.escalations
        self.trend = trend
        self.trendCategories = WeeklyReport.trendCategories(ordered: ordered, trend: trend)
        self.rootCauses = RootCauses(inputs.resolvedCauses, taxonomy: inputs.taxonomy)
        let trendStart = week.advanced(by: -(WeeklyReport.trendWeeks - 1)).monday
        self.actions = inputs.actions.filter { item in
            if case .verified(_, let verifiedOn) = item.standing.action.state { return verifiedOn >= trendStart }
            return true
        }.map { ActionLine($0.standing, disputes: $0.disputes) }
        self.actionSummary = ActionSummary(inputs.actions.map(\.standing), week: week)
        self.actionEscalations = inputs.actions.compactMap { item in
            item.standing.alert.map { ActionEscalation($0, item.standing) }
        }
        .sorted { ($0.crossedOn, $0.action) < ($1.crossedOn, $1.action) }
        self.holdEscalations = inputs.agedHolds
        self.holdAgeDays = inputs.holdAgeDays
        self.kpis = inputs.kpis
        self.previousWeek = inputs.previous?.week
        self.changes = []
        if let previous = inputs.previous {
            let lastWeek = Dictionary(previous.categories.map { ($0.code, $0.opened) }, uniquingKeysWith: +)
            for index in categories.indices {
                categories[index].openedPreviousWeek = lastWeek[categories[index].code] ?? 0
            }
            changes = FigureChange.changes(from: previous, to: self)
        }
    }

    /// The categories whose weekly trend is drawn: the week's Pareto order first, then the most
    /// opened over the trend's weeks, at most ``trendCategoryLimit``.
    static func trendCategories(ordered: [CategoryLine], trend: [TrendPoint]) -> [String] {
        var codes = ordered.filter { $0.opened > 0 }.map(\.code)
        var totals: [String: Int] = [:]
        for point in trend { for (code, count) in point.categories { totals[code, default: 0] += count } }
        for (code, _) in totals.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) where !codes.contains(code) {
            codes.append(code)
        }
        return Array(codes.prefix(trendCategoryLimit))
    }

    /// `part / whole` rounded to four decimals (0 when there is no whole).
    static func fraction(_ part: Int, of whole: Int) -> Double {
        guard whole > 0 else { return 0 }
        return (Double(part) * 10_000 / Double(whole)).rounded() / 10_000
    }
}

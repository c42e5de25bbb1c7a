import Receivables

// The parts of the weekly report that close the loop for management: what actually caused the
// complaints, the corrective actions and whether they worked, what is escalated, and how each
// figure moved since the week before.

extension WeeklyReport {
    /// The category customers reported against the root cause the owner found, over the disputes
    /// resolved in the week: "what customers complain about" beside "what actually caused it".
    public struct RootCauses: Sendable, Encodable, Hashable {
        /// One category, as reported and as found.
        public struct Line: Sendable, Encodable, Hashable {
            public var code: String
            public var label: String
            /// Disputes resolved in the week that customers reported under this category.
            public var reported: Int
            /// Disputes resolved in the week whose root cause is this category.
            public var found: Int
            /// Of ``found``, how many customers had reported under each category.
            public var foundReportedAs: [String: Int]
        }

        /// Disputes resolved in the week.
        public var resolved: Int
        /// Of those, resolved with a root cause.
        public var stated: Int
        /// Of those, resolved without one (`--root-cause` not given).
        public var notStated: Int
        /// Resolved with a root cause other than the category the customer reported.
        public var reclassified: Int
        /// Root causes first (most found first), then categories only reported.
        public var lines: [Line]

        public init(_ resolved: [(category: String, rootCause: String?)], taxonomy: Taxonomy) {
            var lines: [String: Line] = [:]
            func line(_ code: String) -> Line {
                lines[code]
                    ?? Line(
                        code: code, label: taxonomy.category(code)?.labels.en ?? code, reported: 0, found: 0,
                        foundReportedAs: [:])
            }
            var stated = 0
            var reclassified = 0
            for item in resolved {
                var reported = line(item.category)
                reported.reported += 1
                lines[item.category] = reported
                guard let cause = item.rootCause else { continue }
                stated += 1
                if cause != item.category { reclassified += 1 }
                var found = line(cause)
                found.found += 1
                found.foundReportedAs[item.category, default: 0] += 1
                lines[cause] = found
            }
            self.resolved = resolved.count
            self.stated = stated
            self.notStated = resolved.count - stated
            self.reclassified = reclassified
            self.lines = lines.values.sorted { ($1.found, $1.reported, $0.code) < ($0.found, $0.reported, $1.code) }
        }
    }

    /// A corrective action as management reads it: where it stands and whether it worked.
    public struct ActionLine: Sendable, Encodable, Hashable {
        /// A done attempt that was reopened, and the disputes that made it fail.
        public struct FailedAttempt: Sendable, Encodable, Hashable {
            public var doneOn: Day
            public var reopenedOn: Day
            public var recurrences: [DisputeID]
        }

        public var id: ActionID
        public var title: String
        public var category: String
        public var subject: Subject?
        public var owner: PersonKey
        /// `open` (reopened ones too), `done` or `verified`.
        public var status: ActionStatus
        public var dueOn: Day
        public var doneOn: Day?
        public var verifiedOn: Day?
        public var reopenedOn: Day?
        public var overdue: Bool
        public var effectiveness: Effectiveness
        public var failedAttempt: FailedAttempt?
        /// The disputes linked to the action.
        public var disputes: [DisputeID]

        public init(_ standing: ActionStanding, disputes: [DisputeID]) {
            let action = standing.action
            id = action.id
            title = action.title
            category = action.category
            subject = action.subject
            owner = action.owner
            status = action.state.status
            dueOn = action.dueOn
            doneOn = action.state.doneOn
            switch action.state {
            case .verified(_, let on): verifiedOn = on
            case .reopened(let on): reopenedOn = on
            case .open, .done: break
            }
            overdue = standing.overdue
            effectiveness = standing.effectiveness
            failedAttempt = standing.failedAttempt.map {
                FailedAttempt(doneOn: $0.doneOn, reopenedOn: $0.reopenedOn, recurrences: $0.recurrences)
            }
            self.disputes = disputes
        }
    }

    /// How many corrective actions stand where, on the report's day.
    public struct ActionSummary: Sendable, Encodable, Hashable {
        /// Open (reopened ones included).
        public var open: Int
        /// Open past their due day.
        public var overdue: Int
        /// Open and due in the week.
        public var dueThisWeek: Int
        public var doneThisWeek: Int
        public var verifiedThisWeek: Int
        /// Done, no recurrence yet, the 8 weeks still running.
        public var pending: Int
        /// Done, no recurrence in the 8 weeks after.
        public var effective: Int
        /// Done, and a dispute they should have prevented came back — or reopened after one did.
        public var ineffective: Int

        public init(_ standings: [ActionStanding], week: IsoWeek) {
            var summary = ActionSummary(
                open: 0, overdue: 0, dueThisWeek: 0, doneThisWeek: 0, verifiedThisWeek: 0, pending: 0, effective: 0,
                ineffective: 0)
            for standing in standings {
                let action = standing.action
                if action.state.status == .open {
                    summary.open += 1
                    if week.contains(action.dueOn) { summary.dueThisWeek += 1 }
                }
                if standing.overdue { summary.overdue += 1 }
                if let doneOn = action.state.doneOn, week.contains(doneOn) { summary.doneThisWeek += 1 }
                if case .verified(_, let on) = action.state, week.contains(on) { summary.verifiedThisWeek += 1 }
                switch standing.effectiveness {
                case .notDone:
                    if standing.failedAttempt?.recurrences.isEmpty == false { summary.ineffective += 1 }
                case .pending: summary.pending += 1
                case .effective: summary.effective += 1
                case .ineffective: summary.ineffective += 1
                }
            }
            self = summary
        }

        init(
            open: Int, overdue: Int, dueThisWeek: Int, doneThisWeek: Int, verifiedThisWeek: Int, pending: Int,
            effective: Int, ineffective: Int
        ) {
            self.open = open
            self.overdue = overdue
            self.dueThisWeek = dueThisWeek
            self.doneThisWeek = doneThisWeek
            self.verifiedThisWeek = verifiedThisWeek
            self.pending = pending
            self.effective = effective
            self.ineffective = ineffective
        }
    }

    /// A corrective action past a line: still open after its due day, or done and its problem back.
    public struct ActionEscalation: Sendable, Encodable, Hashable {
        public var action: ActionID
        public var title: String
        public var category: String
        public var subject: Subject?
        public var owner: PersonKey
        /// `overdue` or `ineffective`.
        public var kind: String
        /// The first day past the line.
        public var crossedOn: Day
        /// Days from the crossing to the report's day.
        public var daysSince: Int
        /// For an overdue action: its due day.
        public var dueOn: Day?
        /// For an ineffective action: the disputes that came back.
        public var recurrences: [DisputeID]

        public init(_ alert: ActionAlert, _ standing: ActionStanding) {
            action = alert.action
            title = standing.action.title
            category = standing.action.category
            subject = standing.action.subject
            owner = alert.owner
            crossedOn = alert.crossedOn
            daysSince = standing.asOf - alert.crossedOn
            switch alert.kind {
            case .overdue(let due):
                kind = "overdue"
                dueOn = due
                recurrences = []
            case .ineffective(let found):
                kind = "ineffective"
                dueOn = nil
                recurrences = found
            }
        }
    }

    /// A hold standing longer than the escalation age.
    public struct HoldEscalation: Sendable, Encodable, Hashable {
        public var hold: HoldID
        public var customer: CustomerCode
        public var customerName: String
        /// The held invoice; `nil` for a hold on everything the customer owes.
        public var invoice: InvoiceNumber?
        public var dispute: DisputeID?
        public var category: String?
        public var placedOn: Day
        /// The first day the hold was older than the age.
        public var crossedOn: Day
        public var daysHeld: Int
        /// The cash it blocks on the report's day.
        public var blocked: CurrencyTotals

        public init(
            hold: HoldID, customer: CustomerCode, customerName: String, invoice: InvoiceNumber?, dispute: DisputeID?,
            category: String?, placedOn: Day, crossedOn: Day, daysHeld: Int, blocked: CurrencyTotals
        ) {
            self.hold = hold
            self.customer = customer
            self.customerName = customerName
            self.invoice = invoice
            self.dispute = dispute
            self.category = category
            self.placedOn = placedOn
            self.crossedOn = crossedOn
            self.daysHeld = daysHeld
            self.blocked = blocked
        }
    }

    /// One figure of the report this week and the week before.
    ///
    /// Counts, days and percentages are JSON numbers; amounts are decimal strings in
    /// ``currency``. A figure that could not be computed in a week (a DSO without sales) is
    /// `null`, and so is its change.
    public struct FigureChange: Sendable, Encodable, Hashable {
        public enum Unit: String, Sendable, Encodable, Hashable {
            case count, days, percent, amount
        }

        /// A figure's value in one week.
        public enum Value: Sendable, Hashable, Encodable {
            case number(Double?)
            case amount(Money?)

            public func encode(to encoder: any Encoder) throws {
                var c = encoder.singleValueContainer()
                switch self {
                case .number(let value?): try c.encode(value)
                case .amount(let money?): try c.encode(money.decimalString)
                case .number(nil), .amount(nil): try c.encodeNil()
                }
            }

            /// `self − other`, rounded to one decimal for numbers; `nil` inside when either is.
            func minus(_ other: Value) -> Value {
                switch (self, other) {
                case (.number(let a?), .number(let b?)): .number(KPI.round1(a - b))
                case (.amount(let a?), .amount(let b?)) where a.currency == b.currency: .amount(a - b)
                case (.amount, _): .amount(nil)
                default: .number(nil)
                }
            }
        }

        /// A stable name for scripts: `opened`, `cashBlocked`, `dso`, …
        public var key: String
        public var label: String
        public var unit: Unit
        /// For amounts and per-currency KPIs.
        public var currency: Currency?
        /// Whether a rise is good news (collection effectiveness, promises kept) rather than bad.
        public var higherIsBetter: Bool
        public var current: Value
        public var previous: Value
        public var change: Value

        /// The figures of `report`, in reading order.
        public static func figures(of report: WeeklyReport) -> [FigureChange] {
            var out: [FigureChange] = []
            func add(
                _ key: String, _ label: String, _ unit: Unit, _ value: Value, currency: Currency? = nil,
                higherIsBetter: Bool = false
            ) {
                out.append(
                    FigureChange(
                        key: key, label: label, unit: unit, currency: currency, higherIsBetter: higherIsBetter,
                        current: value, previous: value, change: value))
            }
            func count(_ value: Int) -> Value { .number(Double(value)) }
            add("opened", "Disputes opened", .count, count(report.opened))
            add("recurring", "Recurring disputes", .count, count(report.recurring))
            add("resolved", "Disputes resolved", .count, count(report.resolved), higherIsBetter: true)
            for amount in report.amounts.amounts where !amount.isZero {
                add("disputed", "Disputed amount", .amount, .amount(amount), currency: amount.currency)
            }
            add("activeHolds", "Active holds", .count, count(report.holds.active))
            for amount in report.holds.amounts.amounts where !amount.isZero {
                add("cashBlocked", "Cash blocked by holds", .amount, .amount(amount), currency: amount.currency)
            }
            add("pastSla", "Open disputes past SLA", .count, count(report.owners.reduce(0) { $0 + $1.pastSla }))
            add("escalatedDisputes", "Disputes escalated", .count, count(report.escalations.count))
            add("escalatedActions", "Actions escalated", .count, count(report.actionEscalations.count))
            add("escalatedHolds", "Holds escalated", .count, count(report.holdEscalations.count))
            add("openActions", "Open corrective actions", .count, count(report.actionSummary.open))
            add("overdueActions", "Overdue corrective actions", .count, count(report.actionSummary.overdue))
            add("ineffectiveActions", "Ineffective corrective actions", .count, count(report.actionSummary.ineffective))
            for kpi in report.kpis {
                let c = kpi.currency
                add("dso", "DSO (days)", .days, .number(kpi.dso), currency: c)
                add("bestPossibleDSO", "Best possible DSO (days)", .days, .number(kpi.bestPossibleDSO), currency: c)
                add("add", "Average days delinquent", .days, .number(kpi.add), currency: c)
                add("cei", "CEI (%)", .percent, .number(kpi.cei), currency: c, higherIsBetter: true)
                add(
                    "disputeShare", "Overdue AR in dispute (%)", .percent, .number(kpi.disputeSharePercent), currency: c
                )
                add(
                    "resolutionDays", "Dispute resolution, mean days", .days,
                    .number(kpi.disputeCycleTime.overall?.meanDays), currency: c)
                add(
                    "resolutionP90Days", "Dispute resolution, p90 days", .days,
                    .number(kpi.disputeCycleTime.overall.map { Double($0.p90Days) }), currency: c)
                add(
                    "holdCost", "Cost of cash blocked by holds", .amount,
                    .amount(try? Money.parse(kpi.holds.cost, currency: c)), currency: c)
                add(
                    "promisesKept", "Promises kept (%)", .percent, .number(kpi.promises.keptPercent), currency: c,
                    higherIsBetter: true)
                add(
                    "complaintDelay", "Days to pay lost to complaints", .days, .number(kpi.daysToPay.differenceDays),
                    currency: c)
            }
            return out
        }

        /// Pairs the figures of two weeks by key and currency, in the current week's order; a
        /// figure only one week has counts as zero (or not computable) in the other.
        static func changes(from previous: WeeklyReport, to current: WeeklyReport) -> [FigureChange] {
            struct Key: Hashable {
                var key: String
                var currency: Currency?
            }
            let before = figures(of: previous)
            let now = figures(of: current)
            let beforeByKey = Dictionary(
                before.map { (Key(key: $0.key, currency: $0.currency), $0) }, uniquingKeysWith: { a, _ in a })
            let nowKeys = Set(now.map { Key(key: $0.key, currency: $0.currency) })
            func absent(_ figure: FigureChange) -> Value {
                switch (figure.unit, figure.current) {
                case (.amount, _): .amount(figure.currency.map { Money.zero($0) })
                case (.count, _): .number(0)
                default: .number(nil)
                }
            }
            // Figures the week before had and this week has not (a currency no longer blocked)
            // still show, beside the same figure of the other currencies.
            let gone = before.filter { !nowKeys.contains(Key(key: $0.key, currency: $0.currency)) }
            var position: [String: Int] = [:]
            for figure in now + before where position[figure.key] == nil { position[figure.key] = position.count }
            let ordered = (now + gone).enumerated().sorted {
                (position[$0.element.key]!, $0.element.currency?.code ?? "", $0.offset)
                    < (position[$1.element.key]!, $1.element.currency?.code ?? "", $1.offset)
            }.map(\.element)
            return ordered.map { figure in
                let key = Key(key: figure.key, currency: figure.currency)
                var change = figure
                if !nowKeys.contains(key) {
                    change.current = absent(figure)
                    change.previous = figure.current
                } else {
                    change.previous = beforeByKey[key]?.current ?? absent(figure)
                }
                change.change = change.current.minus(change.previous)
                return change
            }
        }
    }
}

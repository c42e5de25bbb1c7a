/// Why an invoice gets no notice in a dunning run. Raw values are part of the JSON interface.
public enum Exclusion: String, Sendable, Codable, CaseIterable {
    /// Under an active collection hold (a dispute, or placed by hand).
    case hold
    /// A pending promise to pay covers it until the promised day plus grace.
    case promise
    /// The customer's unapplied cash covers it.
    case unappliedCash = "unapplied-cash"
    /// The notice would be for less than the policy minimum, or the customer's segment or
    /// balance is below what the next step asks for.
    case belowMinimum = "below-minimum"
    /// Settled since it was last dunned.
    case paid
    /// Not yet as far past due as the next step asks.
    case notDue = "not-due"
    /// Too soon after the previous step (or after a hold ended), or the ladder is complete.
    case wait
}

/// The last step sent for an invoice.
public struct StepRecord: Hashable, Sendable {
    public var position: Int
    public var code: String
    public var day: Day

    public init(position: Int, code: String, day: Day) {
        self.position = position
        self.code = code
        self.day = day
    }
}

/// An open invoice as the planner sees it.
public struct DunningCandidate: Hashable, Sendable {
    public var number: InvoiceNumber
    public var dueDate: Day
    public var open: Money
    /// The part of it under active holds (the whole open amount for a hold on the invoice or
    /// the customer).
    public var held: Money
    /// A pending promise covers it until this day.
    public var promisedUntil: Day?
    public var lastStep: StepRecord?
    /// The latest day a hold on it ended, when that is after its last step: the gap counts from it.
    public var holdEndedOn: Day?

    public init(
        number: InvoiceNumber, dueDate: Day, open: Money, held: Money? = nil, promisedUntil: Day? = nil,
        lastStep: StepRecord? = nil, holdEndedOn: Day? = nil
    ) {
        self.number = number
        self.dueDate = dueDate
        self.open = open
        self.held = held ?? .zero(open.currency)
        self.promisedUntil = promisedUntil
        self.lastStep = lastStep
        self.holdEndedOn = holdEndedOn
    }
}

/// One customer with everything the planner needs about them.
public struct CustomerDunningInput: Hashable, Sendable {
    public var customer: CustomerCode
    public var country: String?
    public var segment: Segment
    /// Cash received and not yet applied, per currency: the customer is not dunned for what it covers.
    public var unapplied: [Currency: Money]
    public var invoices: [DunningCandidate]

    public init(
        customer: CustomerCode, country: String?, segment: Segment, unapplied: [Currency: Money] = [:],
        invoices: [DunningCandidate]
    ) {
        self.customer = customer
        self.country = country
        self.segment = segment
        self.unapplied = unapplied
        self.invoices = invoices
    }
}

/// A notice the run sends: one per customer and step, listing all the items due for it.
public struct PlannedNotice: Hashable, Sendable {
    public var customer: CustomerCode
    public var step: String
    public var position: Int
    public var channel: DunningChannel
    public var items: [PlannedItem]
    public var totals: CurrencyTotals
}

/// An invoice on a notice and the amount asked for.
public struct PlannedItem: Hashable, Sendable {
    public var invoice: InvoiceNumber
    public var amount: Money
    public var daysPastDue: Int
}

/// An invoice left out, and why.
public struct ExcludedInvoice: Hashable, Sendable {
    public var invoice: InvoiceNumber
    public var customer: CustomerCode
    public var reason: Exclusion
    public var detail: String

    public init(invoice: InvoiceNumber, customer: CustomerCode, reason: Exclusion, detail: String) {
        self.invoice = invoice
        self.customer = customer
        self.reason = reason
        self.detail = detail
    }
}

/// What the run does for one customer.
public struct CustomerPlan: Hashable, Sendable {
    public var notices: [PlannedNotice]
    public var excluded: [ExcludedInvoice]
}

/// The dunning planner: a pure function of a customer's open invoices, holds, promises,
/// unapplied cash, the ladder and the day.
///
/// Each invoice moves one rung at a time: its next step is the one after the last step sent,
/// never several at once however many days passed (on hold, say), and the step's minimum gap
/// counts from the later of the last step and the day a hold on it ended.
public enum DunningPlanner {
    public static func plan(_ input: CustomerDunningInput, policy: DunningPolicy, on day: Day) -> CustomerPlan {
        var excluded: [ExcludedInvoice] = []
        func exclude(_ invoice: DunningCandidate, _ reason: Exclusion, _ detail: String) {
            excluded.append(
                ExcludedInvoice(invoice: invoice.number, customer: input.customer, reason: reason, detail: detail))
        }

        // Holds and promises first; then unapplied cash covers the oldest items.
        var active: [(invoice: DunningCandidate, dunnable: Money)] = []
        for invoice in input.invoices.sorted(by: { ($0.dueDate, $0.number) < ($1.dueDate, $1.number) }) {
            let dunnable = invoice.open - invoice.held
            if !dunnable.isPositive {
                exclude(invoice, .hold, "held: \(invoice.held)")
            } else if let until = invoice.promisedUntil, day <= until {
                exclude(invoice, .promise, "promised, paused until \(until)")
            } else {
                active.append((invoice, dunnable))
            }
        }
        var cash = input.unapplied
        var remaining: [(invoice: DunningCandidate, dunnable: Money)] = []
        for (invoice, dunnable) in active {
            let available = cash[dunnable.currency] ?? .zero(dunnable.currency)
            if available.minorUnits >= dunnable.minorUnits {
                cash[dunnable.currency] = available - dunnable
                exclude(invoice, .unappliedCash, "covered by \(dunnable) of unapplied cash")
            } else {
                cash[dunnable.currency] = .zero(dunnable.currency)
                remaining.append((invoice, dunnable - available))
            }
        }
        // The due balance per currency: what the steps' conditions look at.
        var balance: [Currency: Int64] = [:]
        for (invoice, dunnable) in remaining where invoice.daysPastDue(on: day) > 0 {
            balance[dunnable.currency, default: 0] += dunnable.minorUnits
        }

        var byStep: [String: (position: Int, channel: DunningChannel, items: [PlannedItem])] = [:]
        for (invoice, dunnable) in remaining {
            let pastDue = invoice.daysPastDue(on: day)
            let currency = dunnable.currency
            let due = balance[currency] ?? 0
            let next = (invoice.lastStep?.position ?? -1) + 1
            if pastDue <= 0 {
                if let courtesy = policy.courtesyDaysBeforeDue, invoice.lastStep == nil, -pastDue <= courtesy {
                    byStep[DunningPolicy.courtesyCode, default: (-1, policy.courtesyChannel, [])].items.append(
                        PlannedItem(invoice: invoice.number, amount: dunnable, daysPastDue: pastDue))
                } else {
                    exclude(invoice, .notDue, "due \(invoice.dueDate)")
                }
                continue
            }
            guard next < policy.steps.count else {
                exclude(
                    invoice, .wait,
                    "ladder complete (\(invoice.lastStep?.code ?? "") on \(invoice.lastStep?.day.iso ?? ""))")
                continue
            }
            let step = policy.steps[next]
            var required = step.daysPastDue
            if let earlier = step.earlierAbove, let threshold = earlier.balance[currency], due >= threshold.minorUnits {
                required = min(required, earlier.daysPastDue)
            }
            if pastDue < required {
                exclude(invoice, .notDue, "\(step.code) at \(required) days past due; \(pastDue) now")
                continue
            }
            let since = [invoice.lastStep?.day, invoice.holdEndedOn].compactMap { $0 }.max()
            if let since, day - since < step.minGapDays {
                exclude(invoice, .wait, "\(step.code) from \(since + step.minGapDays)")
                continue
            }
            if !step.segments.contains(input.segment) {
                exclude(
                    invoice, .belowMinimum,
                    "\(step.code) is for segments \(step.segments.sorted().map(\.rawValue).joined(separator: "/")); customer is \(input.segment.rawValue)"
                )
                continue
            }
            if let minimum = step.minBalance[currency], due < minimum.minorUnits {
                exclude(invoice, .belowMinimum, "\(step.code) needs a balance of \(minimum)")
                continue
            }
            var code = step.code
            if let otherwise = step.otherwise {
                let limit = input.country.flatMap { policy.claimLimits[$0.uppercased()]?[currency] }
                if limit == nil || due > limit!.minorUnits { code = otherwise }
            }
            byStep[code, default: (next, step.channel, [])].items.append(
                PlannedItem(invoice: invoice.number, amount: dunnable, daysPastDue: pastDue))
        }

        var notices: [PlannedNotice] = []
        for (code, entry) in byStep {
            let totals = CurrencyTotals(entry.items.map(\.amount))
            let tooSmall = totals.amounts.allSatisfy { total in
                policy.minimumAmount[total.currency].map { total.minorUnits < $0.minorUnits } ?? false
            }
            if tooSmall {
                for item in entry.items {
                    excluded.append(
                        ExcludedInvoice(
                            invoice: item.invoice, customer: input.customer, reason: .belowMinimum,
                            detail: "notice of \(totals) is below the minimum"))
                }
                continue
            }
            notices.append(
                PlannedNotice(
                    customer: input.customer, step: code, position: entry.position, channel: entry.channel,
                    items: entry.items.sorted { ($0.daysPastDue, $0.invoice) > ($1.daysPastDue, $1.invoice) },
                    totals: totals))
        }
        notices.sort { $0.position < $1.position }
        return CustomerPlan(notices: notices, excluded: excluded)
    }
}

extension DunningCandidate {
    /// Days past the due day on `day` (0 or less while not yet due).
    public func daysPastDue(on day: Day) -> Int { day - dueDate }
}

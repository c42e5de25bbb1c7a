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
        // Runs once per customer of a ledger (a hundred thousand of them): invoices are handled
        // by index, and the per-currency and per-step tallies are short arrays, not dictionaries.
        let invoices = input.invoices
        var excluded: [ExcludedInvoice] = []
        func exclude(_ index: Int, _ reason: Exclusion, _ detail: String) {
            excluded.append(
                ExcludedInvoice(
                    invoice: invoices[index].number, customer: input.customer, reason: reason, detail: detail))
        }

        // Oldest first (then by number). The scans deliver them in due order already, mostly.
        func before(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (invoices[a], invoices[b])
            return x.dueDate != y.dueDate ? x.dueDate < y.dueDate : x.number < y.number
        }
        var order = Array(invoices.indices)
        if zip(order, order.dropFirst()).contains(where: { before($1, $0) }) { order.sort(by: before) }

        // Holds and promises first; then unapplied cash covers the oldest items.
        var remaining: [(index: Int, dunnable: Money)] = []
        for index in order {
            let invoice = invoices[index]
            let dunnable = invoice.open - invoice.held
            if !dunnable.isPositive {
                exclude(index, .hold, "held: \(invoice.held)")
            } else if let until = invoice.promisedUntil, day <= until {
                exclude(index, .promise, "promised, paused until \(until)")
            } else {
                remaining.append((index, dunnable))
            }
        }
        if !input.unapplied.isEmpty {
            var cash = input.unapplied
            let active = remaining
            remaining.removeAll(keepingCapacity: true)
            for (index, dunnable) in active {
                let available = cash[dunnable.currency] ?? .zero(dunnable.currency)
                if available.minorUnits >= dunnable.minorUnits {
                    cash[dunnable.currency] = available - dunnable
                    exclude(index, .unappliedCash, "covered by \(dunnable) of unapplied cash")
                } else {
                    cash[dunnable.currency] = .zero(dunnable.currency)
                    remaining.append((index, dunnable - available))
                }
            }
        }
        // The due balance per currency: what the steps' conditions look at.
        var balances: [(currency: Currency, units: Int64)] = []
        for (index, dunnable) in remaining where invoices[index].daysPastDue(on: day) > 0 {
            if let at = balances.firstIndex(where: { $0.currency == dunnable.currency }) {
                balances[at].units += dunnable.minorUnits
            } else {
                balances.append((dunnable.currency, dunnable.minorUnits))
            }
        }

        // The notices in the making, in the order their steps first come up.
        var steps: [(code: String, position: Int, channel: DunningChannel, items: [PlannedItem])] = []
        func add(_ code: String, position: Int, channel: DunningChannel, _ item: PlannedItem) {
            if let at = steps.firstIndex(where: { $0.code == code }) {
                steps[at].items.append(item)
            } else {
                steps.append((code, position, channel, [item]))
            }
        }
        for (index, dunnable) in remaining {
            let invoice = invoices[index]
            let pastDue = invoice.daysPastDue(on: day)
            let currency = dunnable.currency
            let due = balances.first { $0.currency == currency }?.units ?? 0
            let next = (invoice.lastStep?.position ?? -1) + 1
            if pastDue <= 0 {
                if let courtesy = policy.courtesyDaysBeforeDue, invoice.lastStep == nil, -pastDue <= courtesy {
                    add(
                        DunningPolicy.courtesyCode, position: -1, channel: policy.courtesyChannel,
                        PlannedItem(invoice: invoice.number, amount: dunnable, daysPastDue: pastDue))
                } else {
                    exclude(index, .notDue, "due \(invoice.dueDate)")
                }
                continue
            }
            guard next < policy.steps.count else {
                exclude(
                    index, .wait,
                    "ladder complete (\(invoice.lastStep?.code ?? "") on \(invoice.lastStep?.day.iso ?? ""))")
                continue
            }
            let step = policy.steps[next]
            var required = step.daysPastDue
            if let earlier = step.earlierAbove, let threshold = earlier.balance[currency], due >= threshold.minorUnits {
                required = min(required, earlier.daysPastDue)
            }
            if pastDue < required {
                exclude(index, .notDue, "\(step.code) at \(required) days past due; \(pastDue) now")
                continue
            }
            let since = [invoice.lastStep?.day, invoice.holdEndedOn].compactMap { $0 }.max()
            if let since, day - since < step.minGapDays {
                exclude(index, .wait, "\(step.code) from \(since + step.minGapDays)")
                continue
            }
            if !step.segments.contains(input.segment) {
                exclude(
                    index, .belowMinimum,
                    "\(step.code) is for segments \(step.segments.sorted().map(\.rawValue).joined(separator: "/")); customer is \(input.segment.rawValue)"
                )
                continue
            }
            if let minimum = step.minBalance[currency], due < minimum.minorUnits {
                exclude(index, .belowMinimum, "\(step.code) needs a balance of \(minimum)")
                continue
            }
            var code = step.code
            if let otherwise = step.otherwise {
                let limit = input.country.flatMap { policy.claimLimits[$0.uppercased()]?[currency] }
                if limit == nil || due > limit!.minorUnits { code = otherwise }
            }
            add(
                code, position: next, channel: step.channel,
                PlannedItem(invoice: invoice.number, amount: dunnable, daysPastDue: pastDue))
        }

        var notices: [PlannedNotice] = []
        for entry in steps {
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
                    customer: input.customer, step: entry.code, position: entry.position, channel: entry.channel,
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

/// Where a promise to pay stands.
public enum PromiseState: Hashable, Sendable {
    /// Not yet due (or within its grace days) and not yet paid in full.
    case pending
    /// Paid in full by the promised day plus grace; `on` is the day the last needed payment came.
    case kept(on: Day)
    /// Partly paid when the grace days ran out.
    case partlyKept(paid: Money, on: Day)
    /// Nothing paid when the grace days ran out.
    case broken(on: Day)

    /// The stored status word.
    public var status: String {
        switch self {
        case .pending: "pending"
        case .kept: "kept"
        case .partlyKept: "partly-kept"
        case .broken: "broken"
        }
    }
}

/// A customer's promise to pay an amount by a day, for some invoices or for what is overdue.
public struct PromiseToPay: Hashable, Sendable {
    public var id: PromiseID
    public var customer: CustomerCode
    public var amount: Money
    public var madeOn: Day
    public var dueOn: Day
    public var graceDays: Int
    /// The invoices it covers; empty when it covers the customer's overdue items in general.
    public var invoices: [InvoiceNumber]
    public var state: PromiseState

    public init(
        id: PromiseID, customer: CustomerCode, amount: Money, madeOn: Day, dueOn: Day, graceDays: Int,
        invoices: [InvoiceNumber], state: PromiseState = .pending
    ) {
        self.id = id
        self.customer = customer
        self.amount = amount
        self.madeOn = madeOn
        self.dueOn = dueOn
        self.graceDays = graceDays
        self.invoices = invoices
        self.state = state
    }

    /// The last day the promise pauses dunning: the promised day plus grace.
    public var pausesUntil: Day { dueOn + graceDays }

    /// The promise's state on `asOf`, given the payments that count towards it (received from the
    /// day it was made; applied to its invoices, or any of the customer's when it names none),
    /// in any order.
    public func evaluate(payments: [(day: Day, amount: Money)], asOf: Day) -> PromiseState {
        let ordered = payments.filter { $0.amount.currency == amount.currency && $0.day >= madeOn && $0.day <= asOf }
            .sorted { $0.day < $1.day }
        var paid: Int64 = 0
        for payment in ordered where payment.day <= pausesUntil {
            paid += payment.amount.minorUnits
            if paid >= amount.minorUnits { return .kept(on: payment.day) }
        }
        guard asOf > pausesUntil else { return .pending }
        let lapsed = pausesUntil + 1
        return paid > 0
            ? .partlyKept(paid: Money(minorUnits: paid, currency: amount.currency), on: lapsed) : .broken(on: lapsed)
    }
}

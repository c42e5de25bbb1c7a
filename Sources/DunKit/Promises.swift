import Complaints
import Foundation
import LedgerPort
import Receivables

/// What `dun promise add` asks for.
public struct PromiseRequest: Sendable {
    public var customer: CustomerCode
    public var amount: String
    public var currency: Currency?
    public var dueOn: Day
    public var invoices: [InvoiceNumber]
    public var note: String?

    public init(
        customer: CustomerCode, amount: String, currency: Currency? = nil, dueOn: Day, invoices: [InvoiceNumber] = [],
        note: String? = nil
    ) {
        self.customer = customer
        self.amount = amount
        self.currency = currency
        self.dueOn = dueOn
        self.invoices = invoices
        self.note = note
    }
}

extension Session {
    /// Records a promise to pay. It pauses dunning of the invoices it names (or, naming none, of
    /// the customer's overdue items) until the promised day plus the policy's grace days.
    public func addPromise(_ request: PromiseRequest) throws -> PromiseToPay {
        try write { tx in try addPromise(request, contact: nil, in: tx) }
    }

    func addPromise(_ request: PromiseRequest, contact: Int64?, in tx: any LedgerWriting) throws -> PromiseToPay {
        let reader = tx.reader
        guard try reader.customer(request.customer) != nil else {
            throw RuleViolation.unknownCustomer(request.customer)
        }
        guard request.dueOn >= today else { throw RuleViolation.promiseDueBeforeToday(request.dueOn) }
        var currency = request.currency
        for number in request.invoices {
            guard let invoice = try reader.invoice(number, on: today) else {
                throw RuleViolation.unknownInvoice(number)
            }
            guard invoice.customer == request.customer else {
                throw RuleViolation.severalCustomers(number, request.customer, invoice.customer)
            }
            guard invoice.openAmount.isPositive else { throw RuleViolation.nothingToPromise(number) }
            if let expected = currency, expected != invoice.amount.currency {
                throw RuleViolation.severalCurrencies(number, expected, invoice.amount.currency)
            }
            currency = invoice.amount.currency
        }
        if currency == nil {
            // The currency the customer owes most in; a promise covers one currency.
            let summary = try reader.customerSummary(request.customer, on: today)
            currency = summary?.balance.amounts.max { $0.minorUnits < $1.minorUnits }?.currency
        }
        guard let currency else { throw RuleViolation.noOverdueToPromise(request.customer) }
        let amount = try parseAmount(request.amount, currency: currency)
        let policy = try dunningPolicy(reader: reader)
        let promise = PromiseToPay(
            id: PromiseID(rawValue: 0), customer: request.customer, amount: amount, madeOn: today, dueOn: request.dueOn,
            graceDays: policy.promiseGraceDays, invoices: request.invoices)
        let id = try tx.insertPromise(promise, note: request.note)
        var details = [
            "amount": amount.description, "due": request.dueOn.iso, "graceDays": String(policy.promiseGraceDays),
        ]
        if !request.invoices.isEmpty { details["invoices"] = request.invoices.map(\.text).joined(separator: " ") }
        if let note = request.note { details["note"] = note }
        try tx.journal(
            "promise.add", subject: "promise:\(id)",
            refs: [JournalRef.customer(request.customer)] + request.invoices.map { JournalRef.invoice($0) },
            details: details)
        return try reader.promise(id)!
    }

    /// Turns pending promises of these customers (all when empty) kept, partly kept or broken
    /// as payments and the as-of day say, journaling each change once. A broken promise raises
    /// the customer's priority on the worklist.
    @discardableResult
    func settlePromises(of customers: [CustomerCode]?, in tx: any LedgerWriting) throws -> [PromiseID] {
        let reader = tx.reader
        var pending: [PromiseToPay] = []
        if let customers, customers.count <= 16 {
            for customer in customers { pending += try reader.pendingPromises(customer: customer) }
        } else if let customers {
            // An import touches thousands of customers: one read of every pending promise.
            let wanted = Set(customers)
            pending = try reader.pendingPromises().filter { wanted.contains($0.customer) }
        } else {
            pending = try reader.pendingPromises()
        }
        var settled: [PromiseID] = []
        for promise in pending {
            let payments = try reader.promisePayments(promise, asOf: today)
            let state = promise.evaluate(payments: payments, asOf: today)
            guard state != .pending else { continue }
            let paid = payments.filter { $0.day <= promise.pausesUntil }.reduce(Money.zero(promise.amount.currency)) {
                $0 + $1.amount
            }
            try tx.settlePromise(promise.id, state, paid: paid)
            try tx.journal(
                "promise.\(state.status)", subject: "promise:\(promise.id)",
                refs: [JournalRef.customer(promise.customer)] + promise.invoices.map { JournalRef.invoice($0) },
                details: ["amount": promise.amount.description, "paid": paid.description, "due": promise.dueOn.iso])
            settled.append(promise.id)
        }
        return settled
    }

    /// Promises made by the as-of day, each kept, broken or pending as the payments up to that
    /// day say. Reading them changes nothing.
    public func promises(
        status: String?, customer: CustomerCode?, limit: Int?
    ) throws -> (rows: [PromiseToPay], total: Int) {
        try read { try $0.promises(status: status, customer: customer, limit: limit, on: today) }
    }
}

import Complaints
import Foundation
import Receivables
import Store

/// What the user asks for with `dun dispute log`.
public struct DisputeRequest: Sendable {
    public var invoices: [InvoiceNumber]
    /// A category code, `category/subcategory`, or a unique subcategory code.
    public var category: String
    /// The disputed amount; the invoices' whole open balance when not given.
    public var amount: String?
    public var subjects: [Subject]
    public var note: String?
    public var reportedOn: Day?
    public var channel: Channel

    public init(
        invoices: [InvoiceNumber], category: String, amount: String? = nil, subjects: [Subject] = [],
        note: String? = nil, reportedOn: Day? = nil, channel: Channel = .phone
    ) {
        self.invoices = invoices
        self.category = category
        self.amount = amount
        self.subjects = subjects
        self.note = note
        self.reportedOn = reportedOn
        self.channel = channel
    }
}

/// A dispute as the commands show it: the record, its holds, notes, and what settled it.
public struct DisputeDetail: Sendable {
    public var record: DisputeRecord
    public var holds: [HoldRecord]
    public var notes: [DisputeNote]
    public var creditNotes: [CreditNoteRecord]
    public var writeOffs: [WriteOffRecord]
    /// Holds placed or released by the command that produced this detail.
    public var holdsPlaced: [HoldID] = []
    public var holdsReleased: [HoldID] = []
}

extension Session {
    /// Logs a customer's complaint: validates it, routes it to the category's owner (and the
    /// sales rep above the threshold), places holds per the category's policy and journals it,
    /// all in one transaction.
    public func logDispute(_ request: DisputeRequest) throws -> DisputeDetail {
        try write { tx in try logDispute(request, in: tx) }
    }

    func logDispute(_ request: DisputeRequest, in tx: LedgerTransaction) throws -> DisputeDetail {
        let (id, holds) = try recordDispute(request, taxonomy: try tx.reader.taxonomy(), in: tx)
        var detail = try disputeDetail(id, reader: tx.reader)
        detail.holdsPlaced = holds
        return detail
    }

    /// Logs a dispute and places its holds; returns the ids. Imports call it with the taxonomy
    /// read once for the whole file.
    func recordDispute(
        _ request: DisputeRequest, taxonomy: Taxonomy, in tx: LedgerTransaction
    ) throws -> (DisputeID, [HoldID]) {
        let reader = tx.reader
        let (category, subcategory) = try resolveCategory(request.category, taxonomy: taxonomy, reader: reader)
        guard !request.invoices.isEmpty else { throw RuleViolation.noInvoices }
        if let reported = request.reportedOn, reported > today { throw RuleViolation.reportedAfterToday(reported) }

        var invoices: [Invoice] = []
        for number in request.invoices where !invoices.contains(where: { $0.number == number }) {
            guard let invoice = try reader.invoice(number) else { throw RuleViolation.unknownInvoice(number) }
            if let first = invoices.first {
                if invoice.customer != first.customer {
                    throw RuleViolation.severalCustomers(number, first.customer, invoice.customer)
                }
                if invoice.amount.currency != first.amount.currency {
                    throw RuleViolation.severalCurrencies(number, first.amount.currency, invoice.amount.currency)
                }
            }
            guard invoice.openAmount.isPositive else { throw RuleViolation.nothingOpen(number) }
            invoices.append(invoice)
        }
        let currency = invoices[0].amount.currency
        let open = invoices.dropFirst().reduce(invoices[0].openAmount) { $0 + $1.openAmount }
        var disputed: [DisputedInvoice]
        if let text = request.amount {
            let amount = try parseAmount(text, currency: currency)
            guard amount.minorUnits <= open.minorUnits else {
                throw RuleViolation.amountAboveOpenBalance(amount, open: open, invoices: invoices.map(\.number))
            }
            // Fill the invoices in the order given, each up to its open amount.
            var rest = amount.minorUnits
            disputed = []
            for invoice in invoices where rest > 0 {
                let part = min(rest, invoice.openAmount.minorUnits)
                disputed.append(
                    DisputedInvoice(number: invoice.number, amount: Money(minorUnits: part, currency: currency)))
                rest -= part
            }
        } else {
            disputed = invoices.map { DisputedInvoice(number: $0.number, amount: $0.openAmount) }
        }
        let total = disputed.dropFirst().reduce(disputed[0].amount) { $0 + $1.amount }
        guard let customer = try reader.customer(invoices[0].customer) else {
            throw RuleViolation.unknownCustomer(invoices[0].customer)
        }
        let routing = Routing.route(
            category: category, salesRep: customer.salesRep, amount: total, rules: taxonomy.routing)
        let id = try tx.insertDispute(
            NewDispute(
                customer: customer.code, invoices: disputed, category: category.code, subcategory: subcategory?.code,
                subjects: request.subjects, routing: routing, channel: request.channel,
                reportedOn: request.reportedOn ?? today, note: request.note))
        var details = [
            "category": category.code + (subcategory.map { "/" + $0.code } ?? ""), "amount": total.description,
            "owner": routing.owner.text, "customer": customer.code.text,
            "invoices": disputed.map(\.number.text).joined(separator: " "), "channel": request.channel.rawValue,
        ]
        if !routing.watchers.isEmpty { details["notified"] = routing.watchers.map(\.text).joined(separator: " ") }
        if !request.subjects.isEmpty {
            details["subjects"] = request.subjects.map(\.description).joined(separator: " ")
        }
        if let note = request.note { details["note"] = note }
        try tx.journal(
            "dispute.log", subject: JournalRef.dispute(id),
            refs: disputed.map { JournalRef.invoice($0.number) } + [JournalRef.customer(customer.code)],
            details: details)
        return (id, try placeHolds(for: id, category: category, disputed: disputed, in: tx))
    }

    /// Places the holds a dispute's category asks for; returns their ids.
    func placeHolds(
        for id: DisputeID, category: Category, disputed: [DisputedInvoice], in tx: LedgerTransaction
    ) throws -> [HoldID] {
        guard category.hold != .none else { return [] }
        var placed: [HoldID] = []
        for item in disputed {
            guard let invoice = try tx.reader.invoiceKeys(item.number), invoice.openCents > 0 else { continue }
            let amount: Money? = category.hold == .disputedAmount ? item.amount : nil
            let reason = "dispute \(id): \(category.labels.en)"
            let hold = try tx.placeHold(
                on: .invoice(item.number, amount: amount), dispute: id, reason: reason, until: nil)
            var details = ["reason": reason, "policy": category.hold.rawValue]
            if let amount { details["amount"] = amount.description }
            try tx.journal(
                "hold.place", subject: JournalRef.hold(hold),
                refs: [JournalRef.invoice(item.number), JournalRef.dispute(id)], details: details)
            placed.append(hold)
        }
        return placed
    }

    func resolveCategory(
        _ text: String, taxonomy: Taxonomy, reader: LedgerReader
    ) throws -> (Category, Subcategory?) {
        if let found = taxonomy.resolve(text) { return found }
        let code = String(text.split(separator: "/").first ?? "")
        if let retired = try reader.retiredCategories().first(where: { $0.code == code }) {
            throw RuleViolation.retiredCategory(code, retired.retiredOn)
        }
        throw RuleViolation.unknownCategory(text)
    }

    func parseAmount(_ text: String, currency: Currency) throws -> Money {
        let amount: Money
        do {
            amount = try Money.parse(text, currency: currency)
        } catch {
            throw InputError(message: error.description)
        }
        guard amount.isPositive else { throw RuleViolation.amountNotPositive(amount) }
        return amount
    }

    func disputeDetail(_ id: DisputeID, reader: LedgerReader) throws -> DisputeDetail {
        guard let record = try reader.dispute(id) else { throw RuleViolation.unknownDispute(id) }
        return DisputeDetail(
            record: record, holds: try reader.holds(HoldFilter(dispute: id), on: today).rows,
            notes: try reader.notes(of: id), creditNotes: try reader.creditNotes(of: id),
            writeOffs: try reader.writeOffs(dispute: id))
    }

    /// One dispute with its holds, notes, credit notes and write-offs.
    public func dispute(_ id: DisputeID) throws -> DisputeDetail {
        try read { try disputeDetail(id, reader: $0) }
    }

    /// Disputes matching the filter.
    public func disputes(_ filter: DisputeFilter) throws -> (rows: [DisputeRecord], total: Int) {
        try read { try $0.disputes(filter) }
    }

    /// Routes a dispute to another owner.
    public func assignDispute(_ id: DisputeID, to owner: PersonKey) throws -> DisputeDetail {
        try write { tx in
            guard let record = try tx.reader.dispute(id) else { throw RuleViolation.unknownDispute(id) }
            let state = try tx.reader.ownerState(owner)
            guard state.exists else { throw RuleViolation.unknownOwner(owner) }
            guard !state.retired else { throw RuleViolation.retiredOwner(owner) }
            guard record.dispute.owner != owner else { throw RuleViolation.alreadyAssigned(id, owner) }
            try tx.assignDispute(id, to: owner)
            try tx.journal(
                "dispute.assign", subject: JournalRef.dispute(id),
                details: ["from": record.dispute.owner.text, "to": owner.text])
            return try disputeDetail(id, reader: tx.reader)
        }
    }

    /// Adds a note to a dispute's file.
    public func noteDispute(_ id: DisputeID, text: String) throws -> DisputeDetail {
        try write { tx in
            guard try tx.reader.dispute(id) != nil else { throw RuleViolation.unknownDispute(id) }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw RuleViolation.emptyText("the note") }
            try tx.addNote(id, text: trimmed)
            try tx.journal("dispute.note", subject: JournalRef.dispute(id), details: ["note": trimmed])
            return try disputeDetail(id, reader: tx.reader)
        }
    }
}

/// Input that cannot be read, such as an amount that is not a number.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

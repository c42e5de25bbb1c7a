import Complaints
import Foundation
import LedgerPort
import Receivables

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

    func logDispute(_ request: DisputeRequest, in tx: any LedgerWriting) throws -> DisputeDetail {
        let (id, holds) = try recordDispute(request, taxonomy: try tx.reader.taxonomy(), in: tx)
        var detail = try disputeDetail(id, reader: tx.reader)
        detail.holdsPlaced = holds
        return detail
    }

    /// Logs a dispute and places its holds; returns the ids. Imports call it with the taxonomy
    /// read once for the whole file.
    func recordDispute(
        _ request: DisputeRequest, taxonomy: Taxonomy, in tx: any LedgerWriting
    ) throws -> (DisputeID, [HoldID]) {
        let reader = tx.reader
        let (category, subcategory) = try resolveCategory(request.category, taxonomy: taxonomy, reader: reader)
        guard !request.invoices.isEmpty else { throw RuleViolation.noInvoices }
        // The day the customer complained is the day the dispute opened: SLA, escalation and
        // recurrence run from it, and its holds are placed on it.
        let reported = request.reportedOn ?? today
        if reported > today { throw RuleViolation.reportedAfterToday(reported) }

        // Each invoice as it stood on the day of the complaint.
        var invoices: [Invoice] = []
        for number in request.invoices where !invoices.contains(where: { $0.number == number }) {
            guard let invoice = try reader.invoice(number, on: reported) else {
                throw RuleViolation.unknownInvoice(number)
            }
            if let first = invoices.first {
                if invoice.customer != first.customer {
                    throw RuleViolation.severalCustomers(number, first.customer, invoice.customer)
                }
                if invoice.amount.currency != first.amount.currency {
                    throw RuleViolation.severalCurrencies(number, first.amount.currency, invoice.amount.currency)
                }
            }
            if invoice.issueDate > reported {
                throw RuleViolation.reportedBeforeIssue(number, issuedOn: invoice.issueDate, reportedOn: reported)
            }
            invoices.append(invoice)
        }
        // A complaint about invoices already paid still enters the loop, with no hold; it may
        // name up to what the invoices were for. Otherwise each invoice must have something open.
        let afterPayment = invoices.allSatisfy { !$0.openAmount.isPositive }
        if !afterPayment, let paid = invoices.first(where: { !$0.openAmount.isPositive }) {
            throw RuleViolation.nothingOpen(paid.number)
        }
        let currency = invoices[0].amount.currency
        func disputable(_ invoice: Invoice) -> Money { afterPayment ? invoice.amount : invoice.openAmount }
        let open = invoices.dropFirst().reduce(disputable(invoices[0])) { $0 + disputable($1) }
        var disputed: [DisputedInvoice]
        if let text = request.amount {
            let amount = try parseAmount(text, currency: currency)
            guard amount.minorUnits <= open.minorUnits else {
                if afterPayment {
                    throw RuleViolation.amountAboveInvoiced(amount, invoiced: open, invoices: invoices.map(\.number))
                }
                throw RuleViolation.amountAboveOpenBalance(amount, open: open, invoices: invoices.map(\.number))
            }
            // Fill the invoices in the order given, each up to what can be disputed of it.
            var rest = amount.minorUnits
            disputed = []
            for invoice in invoices where rest > 0 {
                let part = min(rest, disputable(invoice).minorUnits)
                disputed.append(
                    DisputedInvoice(number: invoice.number, amount: Money(minorUnits: part, currency: currency)))
                rest -= part
            }
        } else {
            disputed = invoices.map { DisputedInvoice(number: $0.number, amount: disputable($0)) }
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
                reportedOn: reported, note: request.note))
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
        details["reportedOn"] = reported.iso
        try tx.journal(
            "dispute.log", subject: JournalRef.dispute(id),
            refs: disputed.map { JournalRef.invoice($0.number) } + [JournalRef.customer(customer.code)],
            details: details)
        return (id, try placeHolds(for: id, category: category, disputed: disputed, on: reported, in: tx))
    }

    /// Places the holds a dispute's category asks for, from `day`, on the invoices that have
    /// something open that day; returns their ids.
    func placeHolds(
        for id: DisputeID, category: Category, disputed: [DisputedInvoice], on day: Day, in tx: any LedgerWriting
    ) throws -> [HoldID] {
        guard category.hold != .none else { return [] }
        var placed: [HoldID] = []
        for item in disputed {
            guard let invoice = try tx.reader.invoice(item.number, on: day), invoice.openAmount.isPositive else {
                continue
            }
            let amount: Money? = category.hold == .disputedAmount ? item.amount : nil
            let reason = "dispute \(id): \(category.labels.en)"
            let hold = try tx.placeHold(
                on: .invoice(item.number, amount: amount), dispute: id, reason: reason, from: day, until: nil)
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
        _ text: String, taxonomy: Taxonomy, reader: any LedgerReading
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

    /// A dispute as it stands after every fact it has, which a change to it starts from;
    /// refused when it does not exist, or was opened after the as-of day.
    func disputeRecord(_ id: DisputeID, reader: any LedgerReading) throws -> DisputeRecord {
        guard let record = try reader.dispute(id, on: .latest) else { throw RuleViolation.unknownDispute(id) }
        guard record.dispute.openedOn <= today else {
            throw RuleViolation.openedAfterToday(id, record.dispute.openedOn)
        }
        return record
    }

    func disputeDetail(_ id: DisputeID, reader: any LedgerReading) throws -> DisputeDetail {
        guard let record = try reader.dispute(id, on: today) else {
            _ = try disputeRecord(id, reader: reader)
            throw RuleViolation.unknownDispute(id)
        }
        return DisputeDetail(
            record: record, holds: try reader.holds(HoldFilter(dispute: id), on: today).rows,
            notes: try reader.notes(of: id, on: today), creditNotes: try reader.creditNotes(of: id, on: today),
            writeOffs: try reader.writeOffs(dispute: id, on: today))
    }

    /// One dispute with its holds, notes, credit notes and write-offs, as it stood on the as-of
    /// day.
    public func dispute(_ id: DisputeID) throws -> DisputeDetail {
        try read { try disputeDetail(id, reader: $0) }
    }

    /// Disputes opened by the as-of day and matching the filter, as they stood that day.
    public func disputes(_ filter: DisputeFilter) throws -> (rows: [DisputeRecord], total: Int) {
        try read { try $0.disputes(filter, on: today) }
    }

    /// Routes a dispute to another owner.
    public func assignDispute(_ id: DisputeID, to owner: PersonKey) throws -> DisputeDetail {
        try write { tx in
            let record = try disputeRecord(id, reader: tx.reader)
            let state = try tx.reader.ownerState(owner)
            guard state.exists else { throw RuleViolation.unknownOwner(owner) }
            guard !state.retired else { throw RuleViolation.retiredOwner(owner) }
            guard record.dispute.owner != owner else { throw RuleViolation.alreadyAssigned(id, owner) }
            try tx.assignDispute(id, from: record.dispute.owner, to: owner)
            try tx.journal(
                "dispute.assign", subject: JournalRef.dispute(id),
                details: ["from": record.dispute.owner.text, "to": owner.text])
            return try disputeDetail(id, reader: tx.reader)
        }
    }

    /// Adds a note to a dispute's file.
    public func noteDispute(_ id: DisputeID, text: String) throws -> DisputeDetail {
        try write { tx in
            _ = try disputeRecord(id, reader: tx.reader)
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

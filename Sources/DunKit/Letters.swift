import Complaints
import Correspondence
import Foundation
import LedgerPort
import Receivables

/// Turning recorded notices (and invoice copies) into letters and emails in the outbox.
///
/// A notice's statement lists the invoices the notice asks for, every invoice of the customer
/// under an active hold (marked under review and never asked for), the customer's open credit
/// notes and unapplied cash. Rendering reads the ledger as it is when the document is written,
/// so a document rendered again later (after a failure) states the balance of that day.
extension Session {
    /// The document a ladder step writes: its own kind for email and letter steps; for internal
    /// tasks the sales-rep note, the small-claims packet and the agency referral; none for calls.
    static func documentKind(step: String, channel: DunningChannel) -> String? {
        switch channel {
        case .call: nil
        case .email, .letter: step
        case .task:
            [DocumentKind.salesEscalation, .smallClaims, .agencyReferral].contains { $0.rawValue == step } ? step : nil
        }
    }

    /// Renders a recorded notice and puts it in the outbox; returns the outbox item, or `nil`
    /// when the step writes no document (a call). A document that cannot be written (no law firm
    /// configured, a broken template) goes in as `failed` with the reason, and is written again
    /// by the next `dun outbox send`.
    func enqueueDocument(
        notice id: Int64, in tx: any LedgerWriting, letterhead: Letterhead, policy: DunningPolicy
    ) throws -> OutboxItem? {
        guard let notice = try tx.reader.notice(id),
            let kind = Session.documentKind(step: notice.step, channel: notice.channel)
        else { return nil }
        var item = OutboxItem(
            id: try tx.nextOutboxID(), notice: id, customer: notice.customer, kind: kind, channel: "letter",
            language: "en", recipients: nil, subject: "\(kind) \(notice.customer)", text: "", html: "", message: nil,
            messageID: nil, createdOn: today)
        try render(&item, notice: notice, reader: tx.reader, letterhead: letterhead, policy: policy)
        item.id = try tx.enqueue(item)
        return item
    }

    /// Writes `item`'s document from `notice`, or records in it why it cannot be written.
    func render(
        _ item: inout OutboxItem, notice: NoticeRecord, reader: any LedgerReading, letterhead: Letterhead,
        policy: DunningPolicy
    ) throws {
        guard let customer = try reader.customer(notice.customer) else {
            throw RuleViolation.unknownCustomer(notice.customer)
        }
        item.language = customer.language.rawValue
        let statement = try reader.statementInvoices(of: customer.code, on: today)
        var items: [StatementItem] = []
        let asked = Set(notice.items.map(\.invoice))
        for invoice in statement
        where asked.contains(invoice.number) && invoice.open.minorUnits > invoice.held.minorUnits {
            items.append(
                StatementItem(
                    reference: invoice.number.text, issuedOn: invoice.issueDate, dueOn: invoice.dueDate,
                    amount: invoice.amount, open: invoice.open - invoice.held, daysPastDue: today - invoice.dueDate))
        }
        let requested = items.count
        for invoice in statement where !invoice.held.isZero {
            items.append(
                StatementItem(
                    reference: invoice.number.text, issuedOn: invoice.issueDate, dueOn: invoice.dueDate,
                    amount: invoice.amount, open: invoice.held, daysPastDue: today - invoice.dueDate,
                    underReview: true))
        }
        items += try deductions(of: customer.code, reader: reader)
        let kind = item.kind
        let sendsToRep = kind == DocumentKind.salesEscalation.rawValue
        let rep = sendsToRep ? person(customer.salesRep ?? customer.collector, letterhead: letterhead) : nil
        let legal = [DocumentKind.lawyerLetter, .smallClaims, .agencyReferral].contains { $0.rawValue == kind }
        let currency = items.first { !$0.underReview }?.open.currency ?? items.first?.open.currency
        let context = DocumentContext(
            kind: kind, language: customer.language, day: today, reference: "N-\(notice.id)",
            company: letterhead.company, signatory: person(customer.collector, letterhead: letterhead),
            customer: Correspondent(
                name: customer.name, addressLines: customer.addressLines, email: customer.email,
                phone: customer.phone),
            customerCode: customer.code.text, items: items,
            paymentDeadline: sendsToRep || kind == DocumentKind.smallClaims.rawValue
                ? nil : today + letterhead.paymentDays,
            contacts: legal ? try contactHistory(of: notice, reader: reader) : [],
            disputes: legal ? try disputeHistory(of: customer.code, reader: reader) : [],
            lawFirm: letterhead.lawFirm, court: letterhead.court,
            claimLimit: currency.flatMap { policy.claimLimits[customer.country ?? ""]?[$0] }, salesRep: rep)

        let emailTo: String? =
            sendsToRep ? rep?.email : notice.channel == .email ? customer.email : nil
        guard requested > 0 else {
            item.lastError = "nothing is asked for any more: the invoices were paid or put on hold since the run"
            item.status = .cancelled
            return
        }
        write(&item, context: context, emailTo: emailTo, letterhead: letterhead)
    }

    /// Renders `context` into `item`: an email when `emailTo` is given and email can be sent,
    /// else a letter; on failure the item is marked failed with the reason.
    func write(_ item: inout OutboxItem, context: DocumentContext, emailTo: String?, letterhead: Letterhead) {
        item.channel = emailTo == nil ? "letter" : "email"
        item.recipients = emailTo ?? ([context.customer.name] + context.customer.addressLines).joined(separator: ", ")
        do {
            if let missing = letterhead.missing { throw InputError(message: missing) }
            let document = try DocumentRenderer.render(context, templates: letterhead.templates)
            item.subject = document.subject
            item.text = document.text
            item.html = document.html
            if let emailTo {
                guard let from = letterhead.from else {
                    throw InputError(
                        message: "company.email is not set, so emails cannot be sent "
                            + "(dun config set company.email ar@example.com)")
                }
                let name = context.kind == DocumentKind.salesEscalation.rawValue ? nil : context.customer.name
                let message = try EmailComposer.compose(
                    document, context: context, from: from, replyTo: letterhead.replyTo,
                    to: [try MailAddress(name: name, address: emailTo)], token: "dun-\(item.id)-\(context.reference)",
                    date: try mailDate())
                item.message = message.rendered()
                item.messageID = message.messageID.description
            }
            item.status = .queued
            item.lastError = nil
        } catch {
            item.status = .failed
            item.message = nil
            item.messageID = nil
            item.lastError = "\(error)"
        }
    }

    /// Open credit notes and unapplied cash: what the customer may deduct.
    func deductions(of customer: CustomerCode, reader: any LedgerReading) throws -> [StatementItem] {
        var items: [StatementItem] = []
        for credit in try reader.openCredits(of: customer, on: today) {
            items.append(
                StatementItem(
                    kind: .creditNote, reference: credit.note.number.text, issuedOn: credit.note.issuedOn,
                    amount: credit.note.amount, open: credit.note.amount - credit.applied))
        }
        for record in try reader.payments(unappliedOnly: true, customer: customer, limit: 100, on: today).rows {
            let payment = record.payment
            items.append(
                StatementItem(
                    kind: .unappliedCash, reference: payment.reference ?? payment.id.description,
                    issuedOn: payment.receivedOn, amount: payment.amount, open: payment.unapplied))
        }
        return items
    }

    /// The notices sent before about the same invoices, and the contacts logged, oldest first:
    /// the record a lawyer or a court reads. Internal tasks (calls to make, notes to the sales
    /// rep) are not contacts with the customer and are left out.
    func contactHistory(of notice: NoticeRecord, reader: any LedgerReading) throws -> [ContactEntry] {
        let asked = Set(notice.items.map(\.invoice))
        var entries: [ContactEntry] = []
        for earlier in try reader.notices(on: nil, customer: notice.customer, limit: 200, through: today)
        where earlier.id != notice.id && (earlier.channel == .email || earlier.channel == .letter) {
            let shared = earlier.items.map(\.invoice).filter(asked.contains)
            guard !shared.isEmpty else { continue }
            entries.append(
                ContactEntry(
                    day: earlier.day, channel: earlier.channel.rawValue, outcome: "\(earlier.step) N-\(earlier.id)",
                    note: shared.map(\.text).joined(separator: ", ")))
        }
        for contact in try reader.contacts(of: notice.customer, limit: 30, on: today) {
            entries.append(
                ContactEntry(day: contact.day, channel: contact.channel, outcome: contact.outcome, note: contact.note))
        }
        return entries.sorted { $0.day < $1.day }
    }

    func disputeHistory(of customer: CustomerCode, reader: any LedgerReading) throws -> [DisputeEntry] {
        try reader.disputes(DisputeFilter(status: nil, customer: customer, limit: 100), on: today).rows.map { record in
            let dispute = record.dispute
            if case .resolved(let resolution) = dispute.state {
                return DisputeEntry(
                    id: dispute.id.description, category: dispute.category, openedOn: dispute.openedOn,
                    resolvedOn: resolution.on, outcome: resolution.outcome.rawValue)
            }
            return DisputeEntry(id: dispute.id.description, category: dispute.category, openedOn: dispute.openedOn)
        }.sorted { $0.openedOn < $1.openedOn }
    }

    /// A colleague by key, as the letterhead knows them (collectors, then dispute owners), else
    /// just the key.
    func person(_ key: PersonKey?, letterhead: Letterhead) -> Correspondent? {
        key.map { letterhead.people[$0] ?? Correspondent(name: $0.text) }
    }

    /// The `Date:` of a message written now: the journal's wall-clock time (UTC).
    func mailDate() throws -> MailDate {
        let text = stamp.recordedAt
        let parts = text.split(whereSeparator: { "-T:Z".contains($0) }).compactMap { Int($0) }
        guard parts.count >= 6, let day = Day(year: parts[0], month: parts[1], day: parts[2]) else {
            throw InputError(message: "the time \"\(text)\" cannot be written as an email date")
        }
        return try MailDate(day: day, hour: parts[3], minute: parts[4], second: parts[5])
    }
}

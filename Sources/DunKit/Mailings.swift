import Complaints
import Correspondence
import Foundation
import LedgerPort
import Receivables

extension Session {
    /// `dun invoice send`: puts a copy of an invoice, addressed to the customer (or `to`), in the
    /// outbox as an email with the printable copy and the statement attached.
    public func queueInvoiceCopy(_ number: InvoiceNumber, to: String?) throws -> OutboxItem {
        try write { tx in
            let reader = tx.reader
            guard let invoice = try reader.invoice(number, on: today) else {
                throw RuleViolation.unknownInvoice(number)
            }
            guard let customer = try reader.customer(invoice.customer) else {
                throw RuleViolation.unknownCustomer(invoice.customer)
            }
            guard let address = to ?? customer.email else {
                throw InputError(message: "customer \(customer.code) has no email address; give one with --to")
            }
            let letterhead = try letterhead(reader)
            let held =
                try reader.statementInvoices(of: customer.code, on: today).first { $0.number == number }?.held
                ?? .zero(invoice.amount.currency)
            let context = DocumentContext(
                kind: DocumentKind.invoiceCopy.rawValue, language: customer.language, day: today,
                reference: number.text, company: letterhead.company,
                signatory: person(customer.collector, letterhead: letterhead),
                customer: Correspondent(
                    name: customer.name, addressLines: customer.addressLines, email: customer.email,
                    phone: customer.phone),
                customerCode: customer.code.text,
                items: [
                    StatementItem(
                        reference: number.text, issuedOn: invoice.issueDate, dueOn: invoice.dueDate,
                        amount: invoice.amount, open: invoice.openAmount, daysPastDue: today - invoice.dueDate,
                        underReview: !held.isZero)
                ])
            var item = OutboxItem(
                id: try tx.nextOutboxID(), notice: nil, customer: customer.code, kind: context.kind, channel: "email",
                language: customer.language.rawValue, recipients: address, subject: "", text: "", html: "",
                message: nil, messageID: nil, createdOn: today)
            write(&item, context: context, emailTo: address, letterhead: letterhead)
            if item.status == .failed { throw InputError(message: item.lastError ?? "the copy cannot be written") }
            item.id = try tx.enqueue(item)
            try journalOutbox(item, action: "invoice.send", details: ["invoice": number.text, "to": address], in: tx)
            return item
        }
    }

    /// `dun report weekly --mail`: the report, as text with its HTML alternative, addressed to the
    /// taxonomy's management group, into the outbox.
    public func queueWeeklyReport(_ report: WeeklyReport, text: String, html: String) throws -> OutboxItem {
        try write { tx in
            let reader = tx.reader
            let managers = try reader.taxonomy().management
            guard !managers.isEmpty else {
                throw InputError(message: "the taxonomy names no management group to send the report to")
            }
            let subject = "Weekly root-cause report \(report.week)"
            if let waiting = try reader.outbox(status: nil, channel: "email", limit: nil).first(where: {
                $0.kind == "weekly-report" && $0.subject == subject && ($0.status == .queued || $0.status == .failed)
            }) {
                throw InputError(
                    message: "the report for \(report.week) already waits in the outbox as O-\(waiting.id); "
                        + "dun outbox send delivers it")
            }
            let letterhead = try letterhead(reader)
            guard let from = letterhead.from else {
                throw InputError(
                    message: "company.email is not set, so emails cannot be sent "
                        + "(dun config set company.email ar@example.com)")
            }
            let id = try tx.nextOutboxID()
            let message: MailMessage
            do {
                message = try MailMessage(
                    from: from, replyTo: letterhead.replyTo,
                    to: try managers.map { try MailAddress(name: $0.name, address: $0.email) }, subject: subject,
                    textBody: text, htmlBody: html, date: try mailDate(),
                    messageID: try MailMessage.makeMessageID(token: "dun-\(id)-\(report.week)", domain: from.domain))
            } catch {
                throw InputError(message: "the report cannot be mailed: \(error)")
            }
            var item = OutboxItem(
                id: id, notice: nil, customer: nil, kind: "weekly-report", channel: "email", language: "en",
                recipients: managers.map(\.email).joined(separator: ", "), subject: subject, text: text, html: html,
                message: message.rendered(), messageID: message.messageID.description, createdOn: today)
            item.id = try tx.enqueue(item)
            try journalOutbox(item, action: "report.mail", details: ["week": report.week.description], in: tx)
            return item
        }
    }
}

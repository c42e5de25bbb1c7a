import Foundation
import Interchange
import Receivables

/// Turns a rendered notice into an email: the letter as text with its HTML alternative, the
/// statement attached as CSV so the customer's accounts payable can reconcile it line by line,
/// and for an invoice copy the copy itself as an HTML file they can print or file.
///
/// Header safety (line breaks in a subject or a name, encodings, folding) is the Mail module's
/// job; this only assembles the parts.
public enum EmailComposer {
    /// The email for `document`.
    ///
    /// - Parameters:
    ///   - document: the rendered notice; its subject becomes the email's.
    ///   - context: what it was rendered from, for the attachments.
    ///   - token: a unique token chosen by the caller for the Message-ID `<token@from-domain>`.
    ///   - date: the `Date:` of the message; nothing here reads the clock.
    /// - Throws: ``DocumentError/mail(_:)`` when the Mail module refuses a part (no recipient, a
    ///   bad token); ``DocumentError/invoiceCopyNeedsOneInvoice(found:)`` for an invoice copy
    ///   without exactly one invoice.
    public static func compose(
        _ document: RenderedDocument, context: DocumentContext, from: MailAddress, replyTo: MailAddress?,
        to: [MailAddress], token: String, date: MailDate
    ) throws(DocumentError) -> MailMessage {
        var attachments: [MailAttachment] = []
        do throws(MailError) {
            attachments.append(
                try MailAttachment(
                    filename: statementFileName(context), contentType: "text/csv; charset=utf-8",
                    data: Array(statementCSV(context).utf8)))
        } catch {
            throw .mail(error)
        }
        if document.kind == DocumentKind.invoiceCopy.rawValue {
            let page = try DocumentRenderer.invoiceCopyHTML(context)
            let number = context.items.first { $0.kind == .invoice }?.reference ?? context.reference
            do throws(MailError) {
                attachments.append(
                    try MailAttachment(
                        filename: "invoice-\(fileNamePart(number)).html", contentType: "text/html; charset=utf-8",
                        data: Array(page.utf8)))
            } catch {
                throw .mail(error)
            }
        }
        do throws(MailError) {
            let messageID = try MailMessage.makeMessageID(token: token, domain: from.domain)
            return try MailMessage(
                from: from, replyTo: replyTo, to: to, subject: document.subject, textBody: document.text,
                htmlBody: document.html, attachments: attachments, date: date, messageID: messageID)
        } catch {
            throw .mail(error)
        }
    }

    /// `statement-<customerCode>-<day>.csv`, such as `statement-C-0042-2026-11-24.csv`.
    public static func statementFileName(_ context: DocumentContext) -> String {
        "statement-\(fileNamePart(context.customerCode))-\(context.day.iso).csv"
    }

    /// The columns of the statement CSV, in order.
    public static let statementColumns = [
        "kind", "reference", "issued_on", "due_on", "days_past_due", "currency", "amount", "open", "under_review",
        "requested",
    ]

    /// The statement as CSV (RFC 4180, UTF-8, CRLF line ends, a header row, one line per item in
    /// the letter's order).
    ///
    /// Columns: `kind` (`invoice`, `credit-note`, `unapplied-cash`), `reference`, `issued_on` and
    /// `due_on` (`YYYY-MM-DD` or empty), `days_past_due` (empty when unknown), `currency`,
    /// `amount` and `open` (positive decimals in major units with a `.`, as on the ledger),
    /// `under_review` (`true` or `false`), and `requested`: what the line adds to the balance,
    /// the open amount of an invoice asked for, minus it for a credit or unapplied cash, zero for
    /// an invoice under review. Summing `requested` per currency gives the balance in the letter.
    /// The column names stay English whatever the letter's language, so that scripts can read
    /// them.
    public static func statementCSV(_ context: DocumentContext) -> String {
        var text = CSVWriter.line(statementColumns)
        for item in context.items {
            let requested: Money =
                item.isRequested ? item.open : item.isDeduction ? -item.open : .zero(item.open.currency)
            let fields = [
                item.kind.rawValue, item.reference, item.issuedOn?.iso ?? "", item.dueOn?.iso ?? "",
                item.daysPastDue.map(String.init) ?? "", item.open.currency.code, item.amount.decimalString,
                item.open.decimalString, item.isUnderReview ? "true" : "false", requested.decimalString,
            ]
            text += CSVWriter.line(fields)
        }
        return text
    }

    /// Text made safe for a file name: letters, digits, `-`, `_` and `.` kept, anything else `_`.
    static func fileNamePart(_ text: String) -> String {
        let cleaned = String(
            text.map { character -> Character in
                character.isLetter || character.isNumber || "-_.".contains(character) ? character : "_"
            })
        return cleaned.isEmpty ? "_" : cleaned
    }
}

import Interchange
import LedgerPort
import Receivables

/// Views of the outbox, its deliveries and the configuration.
public enum OutboxViews {
    struct ItemRow: Encodable, Sendable {
        var id: String
        var notice: String?
        var customer: String?
        var kind: String
        var channel: String
        var language: String
        var recipients: String?
        var subject: String
        var status: String
        var attempts: Int
        var lastError: String?
        var messageId: String?
        var createdOn: Day
        var doneAt: String?
    }

    static func row(_ item: OutboxItem) -> ItemRow {
        ItemRow(
            id: "O-\(item.id)", notice: item.notice.map { "N-\($0)" }, customer: item.customer?.text, kind: item.kind,
            channel: item.channel, language: item.language, recipients: item.recipients, subject: item.subject,
            status: item.status.rawValue, attempts: item.attempts, lastError: item.lastError,
            messageId: item.messageID, createdOn: item.createdOn, doneAt: item.doneAt)
    }

    static func table(_ items: [OutboxItem]) -> Table {
        var table = Table(columns: [
            .init("Id"), .init("Created"), .init("Status"), .init("Channel"), .init("Kind"), .init("Customer"),
            .init("To"), .init("Subject"), .init("Tries", .right), .init("Last error"),
        ])
        for item in items {
            table.append([
                "O-\(item.id)", item.createdOn.iso, item.status.rawValue, item.channel, item.kind,
                item.customer?.text ?? "", item.recipients ?? "", item.subject, String(item.attempts),
                item.lastError ?? "",
            ])
        }
        return table
    }

    public static func list(_ items: [OutboxItem]) -> Presentation {
        var doc = Document()
        doc.table(table(items), primary: true)
        if items.isEmpty { doc.paragraph("The outbox is empty.") }
        return Presentation(json: items.map(row), document: doc)
    }

    /// One item: its fields, then the letter as text (or with `raw`, the email as sent).
    public static func item(_ item: OutboxItem, raw: Bool) -> Presentation {
        var doc = Document()
        if raw, let message = item.message {
            doc.preformatted(String(decoding: message, as: UTF8.self))
            return Presentation(json: row(item), document: doc, html: item.html)
        }
        doc.heading("O-\(item.id) \(item.kind) (\(item.channel), \(item.status.rawValue))")
        var fields: [(String, String)] = [
            ("Subject", item.subject), ("To", item.recipients ?? ""), ("Language", item.language),
            ("Created", item.createdOn.iso), ("Attempts", String(item.attempts)),
        ]
        if let notice = item.notice { fields.append(("Notice", "N-\(notice)")) }
        if let id = item.messageID { fields.append(("Message-ID", id)) }
        if let error = item.lastError { fields.append(("Last error", error)) }
        if let done = item.doneAt { fields.append(("Done", done)) }
        doc.fields(fields)
        if !item.text.isEmpty { doc.preformatted(item.text) }
        return Presentation(json: row(item), document: doc, html: item.html.isEmpty ? nil : item.html)
    }

    struct SendJSON: Encodable, Sendable {
        var asOf: Day
        var command: String
        var sent: [ItemRow]
        var failed: [ItemRow]
        var printed: [Printed]
        var cancelled: [ItemRow]
        var lettersWaiting: Int
        struct Printed: Encodable, Sendable {
            var item: ItemRow
            var files: [String]
        }
    }

    public static func send(_ report: OutboxSendReport) -> Presentation {
        var doc = Document()
        doc.heading("Outbox \(report.asOf)")
        doc.paragraph(
            "Sent \(report.sent.count) email\(report.sent.count == 1 ? "" : "s") through `\(report.command)`, "
                + "printed \(report.printed.count) letter\(report.printed.count == 1 ? "" : "s"); "
                + "\(report.failed.count) failed, \(report.cancelled.count) cancelled.")
        let all = report.sent + report.printed.map(\.item) + report.failed + report.cancelled
        if !all.isEmpty { doc.table(table(all), primary: true) }
        if report.lettersWaiting > 0 {
            doc.paragraph(
                "\(report.lettersWaiting) letter\(report.lettersWaiting == 1 ? "" : "s") wait to be printed: "
                    + "dun outbox send --output FOLDER writes them as text and HTML.")
        }
        if !report.failed.isEmpty {
            doc.paragraph("Failed items stay in the outbox and are tried again by the next dun outbox send.")
        }
        return Presentation(
            json: SendJSON(
                asOf: report.asOf, command: report.command, sent: report.sent.map(row),
                failed: report.failed.map(row),
                printed: report.printed.map { SendJSON.Printed(item: row($0.item), files: $0.files) },
                cancelled: report.cancelled.map(row), lettersWaiting: report.lettersWaiting),
            document: doc)
    }

    /// What a dunning run put in the outbox, for its text output.
    public static func documents(_ items: [OutboxItem], into doc: inout Document) {
        guard !items.isEmpty else { return }
        let emails = items.filter { $0.channel == "email" && $0.status == .queued }.count
        let letters = items.filter { $0.channel == "letter" && $0.status == .queued }.count
        let failed = items.filter { $0.status == .failed }
        doc.heading("Outbox")
        doc.paragraph(
            "\(emails) email\(emails == 1 ? "" : "s") and \(letters) letter\(letters == 1 ? "" : "s") queued; "
                + "dun outbox send delivers them.")
        if !failed.isEmpty {
            doc.paragraph(
                "\(failed.count) document\(failed.count == 1 ? "" : "s") could not be written; "
                    + "fix the cause and dun outbox send writes \(failed.count == 1 ? "it" : "them") again:")
            doc.table(table(Array(failed.prefix(20))))
        }
    }

    /// The `outbox` field of `dunning run --format json`.
    public static func documentsJSON(_ items: [OutboxItem]) -> String {
        "[" + items.map { CollectionViews.compactJSON(row($0)) }.joined(separator: ",") + "]"
    }

    struct ConfigRow: Encodable, Sendable {
        var key: String
        var value: String?
        var isDefault: Bool
        var help: String
    }

    public static func configuration(_ values: [ConfigValue]) -> Presentation {
        var table = Table(columns: [.init("Setting"), .init("Value"), .init("About")])
        for value in values {
            table.append([
                value.key, (value.value ?? "—") + (value.isDefault && value.value != nil ? " (default)" : ""),
                value.help,
            ])
        }
        var doc = Document()
        doc.table(table, primary: true)
        return Presentation(
            json: values.map { ConfigRow(key: $0.key, value: $0.value, isDefault: $0.isDefault, help: $0.help) },
            document: doc)
    }
}

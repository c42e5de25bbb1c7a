import Complaints
import Foundation
import Interchange
import LedgerPort
import Receivables
import Store
import Testing

@testable import DunKit

/// Reads what a test needs from a MIME message: header fields and attachments by file name.
struct ReceivedMail {
    let raw: String

    init(_ bytes: [UInt8]) { raw = String(decoding: bytes, as: UTF8.self) }
    init(_ text: String) { raw = text }

    /// The header section, up to the first blank line.
    var header: String { raw.components(separatedBy: "\r\n\r\n").first ?? "" }
    /// Header lines, unfolded.
    var headerLines: [String] { header.replacingOccurrences(of: "\r\n ", with: " ").components(separatedBy: "\r\n") }

    func field(_ name: String) -> String? {
        headerLines.first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
    }

    /// The decoded content of the attachment whose file name starts with `prefix`.
    func attachment(named prefix: String) -> String? {
        guard let range = raw.range(of: "filename=\"\(prefix)") else { return nil }
        let rest = raw[range.upperBound...]
        guard let start = rest.range(of: "\r\n\r\n"), let end = rest.range(of: "\r\n--=_dun") else { return nil }
        let base64 = rest[start.upperBound..<end.lowerBound].replacingOccurrences(of: "\r\n", with: "")
        return Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The text/plain part, quoted-printable decoded (soft breaks joined, =XX bytes decoded).
    var text: String {
        guard let range = raw.range(of: "Content-Type: text/plain; charset=utf-8\r\n") else { return "" }
        let rest = raw[range.upperBound...]
        guard let start = rest.range(of: "\r\n\r\n"), let end = rest.range(of: "\r\n--=_dun") else { return "" }
        let qp = rest[start.upperBound..<end.lowerBound].replacingOccurrences(of: "=\r\n", with: "")
        var bytes: [UInt8] = []
        let utf8 = Array(qp.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "="), i + 2 < utf8.count,
                let value = UInt8(String(decoding: utf8[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A desk with its letterhead configured, as `dun config set` would.
func configured(_ desk: Desk, lawFirm: Bool = true) throws {
    let session = desk.on("2026-10-01")
    var settings = [
        ("company.name", "Atelier Lumière SAS"), ("company.address", "12 rue des Tanneurs|69002 Lyon|France"),
        ("company.email", "credit@atelier-lumiere.example"), ("company.reply_to", "ar@atelier-lumiere.example"),
    ]
    if lawFirm {
        settings += [
            ("law_firm.name", "Cabinet Durand & Associés"), ("law_firm.reference", "DUR-118"),
            ("claims.court", "Tribunal judiciaire de Lyon"),
        ]
    }
    for (key, value) in settings { _ = try session.setConfiguration(key, value) }
}

@Suite struct OutboxTests {
    func outbox(_ desk: Desk) throws -> [OutboxItem] {
        try desk.ledger.read { try $0.outbox(status: nil, channel: nil, limit: nil) }.sorted { $0.id < $1.id }
    }

    @Test func aRunPutsEachNoticeInTheOutboxInTheCustomersLanguageWithItsStatement() throws {
        let desk = try Desk()
        try configured(desk)
        // INV-2 is disputed and held: it is listed as under review, never asked for.
        _ = try desk.on("2026-11-12").logDispute(
            DisputeRequest(invoices: ["INV-2"], category: "damaged-goods"))
        let summary = try desk.on("2026-11-16").runDunning(dryRun: false) { _ in }
        #expect(summary.documents.count == 1)
        let item = try #require(try outbox(desk).first)
        #expect(item.customer == CustomerCode("C-1"))
        #expect((item.kind, item.channel, item.language, item.status) == ("reminder", "email", "fr", .queued))
        #expect(item.recipients == "compta@dupont.example")
        let mail = ReceivedMail(try #require(item.message))
        #expect(mail.field("To") == "Boulangerie Dupont <compta@dupont.example>")
        #expect(mail.field("From") == "=?UTF-8?Q?Atelier_Lumi=C3=A8re_SAS?= <credit@atelier-lumiere.example>")
        #expect(mail.field("Reply-To") == "ar@atelier-lumiere.example")
        #expect(mail.field("Date") == "Mon, 16 Nov 2026 10:00:00 +0000")
        #expect(mail.field("Message-ID") == item.messageID)
        #expect(item.subject.hasPrefix("Rappel de paiement"))
        let csv = try #require(mail.attachment(named: "statement-C-1-2026-11-16.csv"))
        let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(
            lines == [
                EmailComposerColumns.header,
                "invoice,INV-1,2026-10-01,2026-10-31,16,EUR,1200.00,1200.00,false,1200.00",
                "invoice,INV-2,2026-10-10,2026-11-09,7,EUR,800.00,800.00,true,0.00",
            ])
        // The letter says INV-2 is under review and asks for INV-1 only.
        #expect(mail.text.contains("INV-2  10/10/2026  09/11/2026                7    800,00 EUR  en cours d'examen"))
        #expect(mail.text == item.text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(item.text.contains("de 1\u{202F}200,00 EUR d'ici le 24 novembre 2026"))
        // The same day again: nothing new in the outbox.
        _ = try desk.on("2026-11-16").runDunning(dryRun: false) { _ in }
        #expect(try outbox(desk).count == 1)
    }

    @Test func withoutALetterheadDocumentsFailAndAreWrittenOnceItIsConfigured() throws {
        let desk = try Desk()
        _ = try desk.on("2026-11-16").runDunning(dryRun: false) { _ in }
        let failed = try #require(try outbox(desk).first)
        #expect(failed.status == .failed)
        #expect(failed.message == nil)
        #expect(failed.lastError?.hasPrefix("company.name is not set") == true)
        try configured(desk)
        let sink = (desk.folder.path as NSString).appendingPathComponent("sent.eml")
        let report = try desk.on("2026-11-17").sendOutbox(via: "cat >> '\(sink)'", output: nil)
        #expect(report.sent.map(\.id) == [failed.id])
        let sent = try String(contentsOfFile: sink, encoding: .utf8)
        #expect(sent.contains("Subject: =?UTF-8?Q?Rappel_de_paiement"))
    }

    @Test func aFailingSendmailKeepsTheMessageRecordsItsErrorAndIsRetriedButNeverSentTwice() throws {
        let desk = try Desk()
        try configured(desk)
        _ = try desk.on("2026-11-16").runDunning(dryRun: false) { _ in }
        let queued = try #require(try outbox(desk).first)
        let journalBefore = try desk.journalCount()
        let refused = try desk.on("2026-11-16").sendOutbox(
            via: "cat > /dev/null; echo 'msmtp: cannot connect to mail.example: Connection refused' >&2; exit 75",
            output: nil)
        #expect(refused.sent.isEmpty)
        let failed = try #require(refused.failed.first)
        #expect(failed.status == .failed)
        #expect(failed.attempts == 1)
        #expect(failed.message == queued.message)
        #expect(failed.lastError?.contains("exit status 75") == true)
        #expect(failed.lastError?.contains("Connection refused") == true)
        #expect(try desk.journalCount() == journalBefore + 1)

        let sink = (desk.folder.path as NSString).appendingPathComponent("sent.eml")
        let retried = try desk.on("2026-11-17").sendOutbox(via: "cat >> '\(sink)'", output: nil)
        #expect(retried.sent.map(\.id) == [queued.id])
        #expect(retried.sent.first?.attempts == 2)
        #expect(retried.sent.first?.lastError == nil)
        let once = try String(contentsOfFile: sink, encoding: .utf8)
        #expect(once == String(decoding: try #require(queued.message), as: UTF8.self))

        let again = try desk.on("2026-11-18").sendOutbox(via: "cat >> '\(sink)'", output: nil)
        #expect(again.sent.isEmpty && again.failed.isEmpty)
        #expect(try String(contentsOfFile: sink, encoding: .utf8) == once)
        // The store itself refuses to touch a sent message again.
        #expect(throws: (any Error).self) {
            try desk.ledger.write(Desk.stamp("2026-11-18")) { tx in
                try tx.markOutbox(queued.id, status: .failed, error: "again")
            }
        }
    }

    @Test func lineBreaksInANameCannotAddHeadersAndAnInjectedAddressIsRefused() throws {
        let desk = try Desk()
        try configured(desk)
        _ = try desk.on("2026-10-02").importCustomers(
            file: desk.folder.write(
                "evil.csv",
                "code,name,email,language\r\nC-9,\"Évelyne\r\nBcc: victim@example.com\r\nX-Evil: 1\",ap@evil.example,fr\r\n"
            ),
            options: CSVOptions(), dryRun: false, update: false)
        _ = try desk.on("2026-10-02").importInvoices(
            file: desk.folder.write(
                "evil-invoices.csv",
                "number,customer,issue_date,due_date,amount,currency\nINV-9,C-9,2026-10-01,2026-10-31,50.00,EUR\n"),
            options: CSVOptions(), dryRun: false)
        _ = try desk.on("2026-11-16").runDunning(dryRun: false) { _ in }
        let item = try #require(try outbox(desk).first { $0.customer == CustomerCode("C-9") })
        let mail = ReceivedMail(try #require(item.message))
        #expect(!mail.headerLines.contains { $0.hasPrefix("Bcc:") || $0.hasPrefix("X-Evil:") })
        #expect(mail.field("To")?.hasSuffix("<ap@evil.example>") == true)
        #expect(mail.header.split(separator: "\r\n").allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } })
        // An address given by hand with a line break is refused before anything is queued.
        #expect(throws: InputError.self) {
            _ = try desk.on("2026-11-16").queueInvoiceCopy(
                InvoiceNumber("INV-9"), to: "ap@evil.example\r\nBcc: victim@example.com")
        }
    }

    @Test func lettersAreWrittenToAFolderAndMarkedPrintedOnce() throws {
        let desk = try Desk()
        try configured(desk)
        // A customer without an email address gets letters.
        _ = try desk.on("2026-10-02").importCustomers(
            file: desk.folder.write(
                "paper.csv", "code,name,language,address\nC-P,Papeterie Rivière,fr,3 quai Gambetta|49100 Angers\n"),
            options: CSVOptions(), dryRun: false, update: false)
        _ = try desk.on("2026-10-02").importInvoices(
            file: desk.folder.write(
                "paper-invoices.csv",
                "number,customer,issue_date,due_date,amount,currency\nINV-P,C-P,2026-10-01,2026-10-31,75.00,EUR\n"),
            options: CSVOptions(), dryRun: false)
        _ = try desk.on("2026-11-16").runDunning(dryRun: false) { _ in }
        let letter = try #require(try outbox(desk).first { $0.customer == CustomerCode("C-P") })
        #expect(letter.channel == "letter" && letter.message == nil)
        let output = (desk.folder.path as NSString).appendingPathComponent("print")
        let sink = (desk.folder.path as NSString).appendingPathComponent("sent.eml")
        let report = try desk.on("2026-11-16").sendOutbox(via: "cat >> '\(sink)'", output: output)
        #expect(report.printed.map(\.item.id) == [letter.id])
        #expect(report.printed.first?.item.status == .printed)
        let text = try String(contentsOfFile: try #require(report.printed.first?.files.first), encoding: .utf8)
        #expect(text.contains("Papeterie Rivière\n3 quai Gambetta\n49100 Angers"))
        #expect(text.contains("INV-P"))
        let html = try String(contentsOfFile: try #require(report.printed.first?.files.last), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && !html.contains("<script") && !html.contains("http"))
        let again = try desk.on("2026-11-17").sendOutbox(via: "cat >> '\(sink)'", output: output)
        #expect(again.printed.isEmpty)
    }

    @Test func aNoticeWhoseInvoicesWerePaidBeforeItLeftIsCancelledNotSent() throws {
        let desk = try Desk()
        try configured(desk)
        _ = try desk.on("2026-11-16").runDunning(dryRun: false) { _ in }
        let item = try #require(try outbox(desk).first)
        _ = try desk.on("2026-11-17").importPayments(
            file: desk.folder.write(
                "paid.csv",
                "reference,customer,received_on,amount,currency,invoice\nB1,C-1,2026-11-17,2000.00,EUR,INV-1 INV-2\n"),
            options: CSVOptions(), dryRun: false, deductionDisputes: true)
        let sink = (desk.folder.path as NSString).appendingPathComponent("sent.eml")
        let report = try desk.on("2026-11-17").sendOutbox(via: "cat >> '\(sink)'", output: nil)
        #expect(report.sent.isEmpty)
        #expect(report.cancelled.map(\.id) == [item.id])
        #expect(report.cancelled.first?.status == .cancelled)
        #expect(!FileManager.default.fileExists(atPath: sink))
    }

    @Test func theWeeklyReportIsMailedToTheManagementGroupOnce() throws {
        let desk = try Desk()
        try configured(desk)
        let session = desk.on("2026-11-16")
        let report = try session.weeklyReport(week: nil)
        let item = try session.queueWeeklyReport(report, text: "the report", html: "<p>the report</p>")
        let managers = try desk.ledger.read { try $0.taxonomy().management }
        #expect(!managers.isEmpty)
        #expect(item.recipients == managers.map(\.email).joined(separator: ", "))
        let mail = ReceivedMail(try #require(item.message))
        #expect(mail.field("Subject") == "Weekly root-cause report 2026-W47")
        for manager in managers { #expect(mail.field("To")?.contains(manager.email) == true) }
        #expect(throws: InputError.self) {
            _ = try session.queueWeeklyReport(report, text: "again", html: "")
        }
    }

    @Test func anInvoiceCopyCarriesThePrintableCopy() throws {
        let desk = try Desk()
        try configured(desk)
        let item = try desk.on("2026-11-16").queueInvoiceCopy(InvoiceNumber("INV-3"), to: nil)
        #expect((item.kind, item.language, item.recipients) == ("invoice-copy", "en", "ap@acme.example"))
        let mail = ReceivedMail(try #require(item.message))
        let copy = try #require(mail.attachment(named: "invoice-INV-3.html"))
        #expect(copy.contains("INV-3") && copy.contains("9,000.00"))
        #expect(mail.attachment(named: "statement-C-2-2026-11-16.csv")?.contains("INV-3") == true)
        #expect(throws: RuleViolation.unknownInvoice(InvoiceNumber("INV-404"))) {
            _ = try desk.on("2026-11-16").queueInvoiceCopy(InvoiceNumber("INV-404"), to: nil)
        }
    }

    @Test func settingsAreCheckedAndJournaled() throws {
        let desk = try Desk()
        let session = desk.on("2026-11-16")
        #expect(throws: InputError.self) { _ = try session.setConfiguration("company.nmae", "X") }
        #expect(throws: InputError.self) { _ = try session.setConfiguration("company.email", "not an address") }
        #expect(throws: InputError.self) { _ = try session.setConfiguration("payment.days", "-3") }
        #expect(throws: InputError.self) { _ = try session.setConfiguration("templates.folder", "/nonexistent") }
        let before = try desk.journalCount()
        _ = try session.setConfiguration("payment.days", "14")
        #expect(try desk.journalCount() == before + 1)
        let values = try session.configuration()
        #expect(values.first { $0.key == "payment.days" }?.value == "14")
        // The mail command is the sender's own, never the ledger's.
        #expect(!values.contains { $0.key == "mail.command" })
        #expect(throws: InputError(message: Configuration.mailCommandRefusal)) {
            _ = try session.setConfiguration("mail.command", "touch /tmp/pwned")
        }
        _ = try session.setConfiguration("payment.days", nil)
        #expect(try session.configuration().first { $0.key == "payment.days" }?.isDefault == true)
    }
}

/// The statement CSV's header, as customers' scripts read it.
enum EmailComposerColumns {
    static let header = "kind,reference,issued_on,due_on,days_past_due,currency,amount,open,under_review,requested"
}

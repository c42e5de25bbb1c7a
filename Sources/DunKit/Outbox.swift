import Complaints
import Correspondence
import Foundation
import Receivables
import Store

/// What `dun outbox send` did.
public struct OutboxSendReport: Sendable {
    public var asOf: Day
    /// The command emails were piped to.
    public var command: String
    public var sent: [OutboxItem] = []
    public var failed: [OutboxItem] = []
    /// Letters written to the output folder, with their files.
    public var printed: [(item: OutboxItem, files: [String])] = []
    /// Items dropped because what they asked for was paid or held before they left.
    public var cancelled: [OutboxItem] = []
    /// Letters left in the outbox because no `--output` folder was given.
    public var lettersWaiting: Int = 0
}

/// `O-12`: an item of the outbox, as users type it (plain `12` works too).
public struct OutboxID: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init?(text: String) {
        let digits = text.hasPrefix("O-") ? text.dropFirst(2) : Substring(text)
        guard let value = Int64(digits), value > 0 else { return nil }
        rawValue = value
    }
    public var description: String { "O-\(rawValue)" }
}

extension Session {
    /// Items of the outbox, newest first.
    public func outbox(status: OutboxItem.Status?, channel: String?, limit: Int?) throws -> [OutboxItem] {
        try read { try $0.outbox(status: status, channel: channel, limit: limit) }
    }

    /// One item of the outbox.
    public func outboxItem(_ id: OutboxID) throws -> OutboxItem {
        guard let item = try read({ try $0.outboxItem(id.rawValue) }) else {
            throw InputError(message: "outbox item \(id) does not exist")
        }
        return item
    }

    /// Withdraws an item that has not left yet.
    public func cancelOutbox(_ id: OutboxID, note: String?) throws -> OutboxItem {
        try write { tx in
            guard let item = try tx.reader.outboxItem(id.rawValue) else {
                throw InputError(message: "outbox item \(id) does not exist")
            }
            guard item.status == .queued || item.status == .failed else {
                throw InputError(message: "outbox item \(id) is already \(item.status.rawValue)")
            }
            try tx.markOutbox(id.rawValue, status: .cancelled, error: note ?? "cancelled by hand", attempted: false)
            try journalOutbox(item, action: "outbox.cancel", details: ["note": note ?? ""], in: tx)
            return try tx.reader.outboxItem(id.rawValue)!
        }
    }

    /// Delivers what waits in the outbox: each email piped to `command` (a sendmail-compatible
    /// command run by `/bin/sh -c`; the configured `mail.command` when `nil`), each letter
    /// written to `output` as text and HTML. Each result is committed on its own, so a failure
    /// half-way loses nothing: failed emails are tried again next time, and an email recorded as
    /// sent is never sent again. Documents that could not be rendered are rendered again first,
    /// and a notice whose invoices were all paid or put on hold since the run is cancelled.
    public func sendOutbox(
        via command: String?, output: String?, only ids: Set<Int64>? = nil
    ) throws
        -> OutboxSendReport
    {
        let command = try command ?? read { try $0.setting(Configuration.prefix + "mail.command") } ?? "sendmail -t -i"
        var report = OutboxSendReport(asOf: today, command: command)
        let ready = try prepareOutbox(only: ids, report: &report)
        for item in ready where item.channel == "email" {
            guard let message = item.message else { continue }
            let failure = MailCommand.deliver(message, via: command)
            let done = try write { tx in
                try tx.markOutbox(item.id, status: failure == nil ? .sent : .failed, error: failure)
                try journalOutbox(
                    item, action: failure == nil ? "outbox.sent" : "outbox.failed",
                    details: ["to": item.recipients ?? "", "messageId": item.messageID ?? "", "error": failure ?? ""],
                    in: tx)
                return try tx.reader.outboxItem(item.id)!
            }
            if failure == nil { report.sent.append(done) } else { report.failed.append(done) }
        }
        let letters = ready.filter { $0.channel == "letter" }
        guard let output else {
            report.lettersWaiting = letters.count
            return report
        }
        if !letters.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            } catch {
                throw InputError(message: "cannot create the folder \(output): \(error.localizedDescription)")
            }
        }
        for item in letters {
            let base = (output as NSString).appendingPathComponent(Session.letterFileName(item))
            let files = [base + ".txt", base + ".html"]
            let ledgerFile = ledger.path == ":memory:" ? nil : ledger.path
            try OutputFile.save(Array(item.text.utf8), to: files[0], ledger: ledgerFile)
            try OutputFile.save(Array(item.html.utf8), to: files[1], ledger: ledgerFile)
            let done = try write { tx in
                try tx.markOutbox(item.id, status: .printed, error: nil)
                try journalOutbox(
                    item, action: "outbox.printed", details: ["file": (files[0] as NSString).lastPathComponent],
                    in: tx)
                return try tx.reader.outboxItem(item.id)!
            }
            report.printed.append((done, files))
        }
        return report
    }

    /// `O-12-C-0042-final-notice`: the name of a letter's files, safe on every file system.
    static func letterFileName(_ item: OutboxItem) -> String {
        let parts = ["O-\(item.id)", item.customer?.text, item.kind].compactMap { $0 }.joined(separator: "-")
        return String(parts.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
    }

    /// Renders again what failed to render, cancels what is no longer owed, and returns the items
    /// ready to leave, oldest first. One transaction.
    func prepareOutbox(only ids: Set<Int64>?, report: inout OutboxSendReport) throws -> [OutboxItem] {
        let (ready, cancelled, failed) = try write { tx in
            let reader = tx.reader
            var ready: [OutboxItem] = []
            var cancelled: [OutboxItem] = []
            var failed: [OutboxItem] = []
            var letterhead: Letterhead?
            var policy: DunningPolicy?
            let pending = try reader.pendingOutbox(channel: "email") + reader.pendingOutbox(channel: "letter")
            for var item in pending.sorted(by: { $0.id < $1.id }) where ids?.contains(item.id) ?? true {
                guard let noticeID = item.notice, let notice = try reader.notice(noticeID) else {
                    ready.append(item)
                    continue
                }
                let rendered = item.channel == "email" ? item.message != nil : !item.text.isEmpty
                if try rendered && stillAsked(notice, reader: reader) {
                    ready.append(item)
                    continue
                }
                if letterhead == nil { letterhead = try self.letterhead(reader) }
                if policy == nil { policy = try dunningPolicy(reader: reader) }
                try render(&item, notice: notice, reader: reader, letterhead: letterhead!, policy: policy!)
                switch item.status {
                case .cancelled:
                    try tx.markOutbox(item.id, status: .cancelled, error: item.lastError, attempted: false)
                    try journalOutbox(item, action: "outbox.cancel", details: ["note": item.lastError ?? ""], in: tx)
                    cancelled.append(try reader.outboxItem(item.id)!)
                case .failed:
                    try tx.markOutbox(item.id, status: .failed, error: item.lastError)
                    try journalOutbox(item, action: "outbox.failed", details: ["error": item.lastError ?? ""], in: tx)
                    failed.append(try reader.outboxItem(item.id)!)
                default:
                    try tx.updateOutboxDocument(item)
                    try journalOutbox(item, action: "outbox.render", details: ["subject": item.subject], in: tx)
                    ready.append(try reader.outboxItem(item.id)!)
                }
            }
            return (ready, cancelled, failed)
        }
        report.cancelled += cancelled
        report.failed += failed
        return ready
    }

    /// Whether any invoice of the notice is still open and not held on the day.
    func stillAsked(_ notice: NoticeRecord, reader: LedgerReader) throws -> Bool {
        let asked = Set(notice.items.map(\.invoice))
        return try reader.statementInvoices(of: notice.customer, on: today).contains {
            asked.contains($0.number) && $0.open.minorUnits > $0.held.minorUnits
        }
    }

    func journalOutbox(
        _ item: OutboxItem, action: String, details: [String: String], in tx: LedgerTransaction
    )
        throws
    {
        var refs: [String] = []
        if let customer = item.customer { refs.append(JournalRef.customer(customer)) }
        var all = details.filter { !$0.value.isEmpty }
        all["kind"] = item.kind
        all["channel"] = item.channel
        try tx.journal(action, subject: "outbox:O-\(item.id)", refs: refs, details: all)
    }
}

/// Runs a sendmail-compatible command: the message on standard input, recipients read from its
/// headers (`-t`), success told by the exit status.
enum MailCommand {
    /// `nil` when the command took the message, else what went wrong in one line.
    static func deliver(_ message: [UInt8], via command: String) -> String? {
        // The message goes in through a file rather than a pipe: a command that exits without
        // reading cannot block us or kill us with SIGPIPE.
        let path = NSTemporaryDirectory() + "dun-mail-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).eml"
        guard FileManager.default.createFile(atPath: path, contents: Data(message)),
            let input = FileHandle(forReadingAtPath: path)
        else { return "cannot write the message to a temporary file" }
        defer {
            try? input.close()
            try? FileManager.default.removeItem(atPath: path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            return "cannot run /bin/sh -c \(command): \(error.localizedDescription)"
        }
        let said = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason != .exit || process.terminationStatus != 0 else { return nil }
        let text = String(decoding: said, as: UTF8.self)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.suffix(3).joined(separator: " / ")
        let how =
            process.terminationReason == .exit
            ? "exit status \(process.terminationStatus)" : "killed by signal \(process.terminationStatus)"
        return "\(command): \(how)" + (text.isEmpty ? "" : ": " + String(text.prefix(400)))
    }
}

import Complaints
import Correspondence
import Foundation
import LedgerPort
import Receivables

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
    /// A `mail.command` an older dun kept in the ledger: never run, only reported.
    public var ignoredLedgerCommand: String?
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
    /// command run by `/bin/sh -c`; `sendmail -t -i` when `nil`, never a command kept in the
    /// ledger — see ``MailSettings``), stopped after `timeout` seconds, each letter written to
    /// `output` as text and HTML. Each result is committed on its own, so a failure
    /// half-way loses nothing: failed emails are tried again next time, and an email recorded as
    /// sent is never sent again. Documents that could not be rendered are rendered again first,
    /// and a notice whose invoices were all paid or put on hold since the run is cancelled.
    public func sendOutbox(
        via command: String?, output: String?, only ids: Set<Int64>? = nil,
        timeout: TimeInterval = MailSettings.defaultTimeout
    ) throws
        -> OutboxSendReport
    {
        let command = command ?? MailSettings.defaultCommand
        var report = OutboxSendReport(asOf: today, command: command)
        report.ignoredLedgerCommand = try read { try $0.setting(Configuration.prefix + "mail.command") }
        let ready = try prepareOutbox(only: ids, report: &report)
        for item in ready where item.channel == "email" {
            guard let message = item.message else { continue }
            let failure = MailCommand.deliver(message, via: command, timeout: timeout)
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
            let ledgerFile = (location: ledger.location, files: ledger.files)
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
    func stillAsked(_ notice: NoticeRecord, reader: any LedgerReading) throws -> Bool {
        let asked = Set(notice.items.map(\.invoice))
        return try reader.statementInvoices(of: notice.customer, on: today).contains {
            asked.contains($0.number) && $0.open.minorUnits > $0.held.minorUnits
        }
    }

    func journalOutbox(
        _ item: OutboxItem, action: String, details: [String: String], in tx: any LedgerWriting
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
    /// `nil` when the command took the message, else what went wrong in one line. A command
    /// still running after `timeout` seconds is stopped, with everything it started (it runs in
    /// a process group of its own), and the message counts as not sent.
    static func deliver(_ message: [UInt8], via command: String, timeout: TimeInterval) -> String? {
        // The message goes in through a file rather than a pipe: a command that exits without
        // reading cannot block us or kill us with SIGPIPE. Its output goes to a file too, so
        // that a process it leaves behind cannot keep us reading. Both are readable by this
        // user only (mkstemp's mode 0600): a dunning letter is nobody else's business.
        guard let input = TemporaryFile(contents: message), let output = TemporaryFile(contents: []) else {
            return "cannot write the message to a temporary file"
        }
        defer {
            input.remove()
            output.remove()
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input.path, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_APPEND, 0)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let words: [String] = ["/bin/sh", "-c", command]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, arguments, environ)
        guard spawned == 0 else {
            return "cannot run /bin/sh -c \(command): \(String(cString: strerror(spawned)))"
        }
        var status: Int32 = 0
        var timedOut = false
        // The monotonic clock: a change of the wall clock neither shortens nor stretches the wait.
        func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
        let deadline = now() + timeout
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid || (done < 0 && errno != EINTR) { break }
            if now() >= deadline {
                timedOut = true
                kill(-pid, SIGTERM)
                let grace = now() + 2
                while waitpid(pid, &status, WNOHANG) == 0 && now() < grace { usleep(10_000) }
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                break
            }
            usleep(5_000)
        }
        let signal = status & 0x7f
        let exitStatus = (status >> 8) & 0xff
        if !timedOut && signal == 0 && exitStatus == 0 { return nil }
        let said = FileManager.default.contents(atPath: output.path) ?? Data()
        let text = String(decoding: said.prefix(65_536), as: UTF8.self)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.suffix(3).joined(separator: " / ")
        let how =
            timedOut
            ? "no answer within \(MailCommand.seconds(timeout)); stopped, not sent"
            : signal == 0 ? "exit status \(exitStatus)" : "killed by signal \(signal)"
        return "\(command): \(how)" + (text.isEmpty ? "" : ": " + String(text.prefix(400)))
    }

    static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// A file of the temporary folder made by `mkstemp` (mode 0600), removed by ``remove()``.
struct TemporaryFile {
    let path: String

    init?(contents: [UInt8]) {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("dun-mail-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        path = String(cString: template)
        defer { close(fd) }
        var written = 0
        while written < contents.count {
            let count = contents.withUnsafeBytes {
                Foundation.write(fd, $0.baseAddress! + written, contents.count - written)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                unlink(path)
                return nil
            }
            written += count
        }
    }

    func remove() { unlink(path) }
}

import Foundation
import Testing

/// A real SMTP server on loopback (Python's aiosmtpd, storing what it receives in a Maildir) and
/// msmtp as the sendmail command: what `dun outbox send` does on a real machine.
final class SMTPSink {
    static let msmtp = ["/usr/bin/msmtp", "/usr/local/bin/msmtp"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let hasAiosmtpd: Bool = (try? SMTPSink.python(["-c", "import aiosmtpd"]).status) == 0
    static var available: Bool { msmtp != nil && hasAiosmtpd }
    /// CI installs both (`.ci/run`); there a missing tool is a failure, not a skip.
    static var required: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    let folder: String
    let port: Int
    let server: Process
    /// The sendmail-compatible command to give `dun outbox send --via`.
    let command: String

    init(folder: String) throws {
        self.folder = folder
        let free = try SMTPSink.python([
            "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
        ])
        port = try #require(Int(free.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = [
            "python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox",
            (folder as NSString).appendingPathComponent("maildir"),
        ]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        let config = (folder as NSString).appendingPathComponent("msmtprc")
        try """
        defaults
        auth off
        tls off
        timeout 10
        account sink
        host 127.0.0.1
        port \(port)
        from credit@atelier-lumiere.example
        account default : sink

        """.write(toFile: config, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config)
        command = "\(SMTPSink.msmtp!) -C \(config) -t -i"
        // Ready when it accepts a connection; give up after ten seconds.
        for _ in 0..<100 {
            let probe = try SMTPSink.python([
                "-c", "import socket; socket.create_connection(('127.0.0.1', \(port)), 0.5).close()",
            ])
            if probe.status == 0 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        kill(server.processIdentifier, SIGKILL)
        throw SMTPError.notListening(port)
    }

    deinit {
        // aiosmtpd's loop does not stop on SIGTERM: kill it outright.
        if server.isRunning {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
    }

    enum SMTPError: Error { case notListening(Int) }

    /// The messages received so far, oldest first.
    func received() throws -> [ReceivedMessage] {
        let new = (folder as NSString).appendingPathComponent("maildir/new")
        guard FileManager.default.fileExists(atPath: new) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: new).sorted().map {
            ReceivedMessage(try String(contentsOfFile: (new as NSString).appendingPathComponent($0), encoding: .utf8))
        }
    }

    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A message as the SMTP server stored it (line ends `\n`, its own `X-RcptTo` header added).
struct ReceivedMessage {
    let raw: String
    init(_ raw: String) { self.raw = raw.replacingOccurrences(of: "\r\n", with: "\n") }

    var headerLines: [String] {
        (raw.components(separatedBy: "\n\n").first ?? "").replacingOccurrences(of: "\n ", with: " ")
            .components(separatedBy: "\n")
    }

    func field(_ name: String) -> String? {
        headerLines.first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
    }

    /// A header value with its RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) decoded.
    func decoded(_ name: String) -> String? {
        guard var value = field(name) else { return nil }
        value = value.replacingOccurrences(of: "?= =?", with: "?==?")
        var out = ""
        while let start = value.range(of: "=?") {
            out += value[..<start.lowerBound]
            let rest = value[start.upperBound...]
            let parts = rest.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, parts[3].hasPrefix("=") else { break }
            let encoded = String(parts[2])
            if parts[1].uppercased() == "B" {
                out += Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) } ?? encoded
            } else {
                out += ReceivedMessage.quotedPrintable(encoded.replacingOccurrences(of: "_", with: " "))
            }
            value = String(parts[3].dropFirst())
        }
        return out + value
    }

    /// The decoded attachment whose file name starts with `prefix`.
    func attachment(named prefix: String) -> String? {
        guard let range = raw.range(of: "filename=\"\(prefix)") else { return nil }
        let rest = raw[range.upperBound...]
        guard let start = rest.range(of: "\n\n"), let end = rest.range(of: "\n--=_dun") else { return nil }
        let base64 = rest[start.upperBound..<end.lowerBound].replacingOccurrences(of: "\n", with: "")
        return Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) }
    }

    static func quotedPrintable(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "="), i + 2 < bytes.count,
                let value = UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
            {
                out.append(value)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

@Suite(.serialized) struct SMTPDeliveryTests {
    @Test(
        .enabled(
            if: SMTPSink.available || SMTPSink.required,
            "needs msmtp (apt-get install msmtp) and aiosmtpd (pip install aiosmtpd); .ci/run installs both"),
        .timeLimit(.minutes(1)))
    func noticesReachARealSMTPServerThroughMsmtpAndNeverTwice() throws {
        #expect(SMTPSink.available, "msmtp or python3 -m aiosmtpd is missing on this CI machine")
        let dun = try DunProcess()
        let sink = try SMTPSink(folder: dun.folder)
        try dun.run(["init", "--as-of", "2026-10-01"])
        for (key, value) in [
            ("company.name", "Atelier Lumière SAS"), ("company.email", "credit@atelier-lumiere.example"),
            ("company.address", "12 rue des Tanneurs|69002 Lyon|France"),
        ] {
            #expect(try dun.run(["config", "set", key, value]).status == 0)
        }
        let customers = try dun.file(
            "customers.csv",
            """
            code,name,email,country,language,collector
            C-1,Crèmerie Dupré SAS,compta@dupre.example,FR,fr,alice
            C-2,Harbour Kitchen Ltd,ap@harbour.example,GB,en,bob

            """)
        let invoices = try dun.file(
            "invoices.csv",
            """
            number,customer,issue_date,due_date,amount,currency
            INV-1,C-1,2026-10-01,2026-10-31,1234.56,EUR
            INV-2,C-2,2026-10-01,2026-10-31,880.00,EUR
            INV-3,C-2,2026-10-05,2026-11-04,120.00,EUR

            """)
        #expect(try dun.run(["import", "customers", customers, "--as-of", "2026-10-01"]).status == 0)
        #expect(try dun.run(["import", "invoices", invoices, "--as-of", "2026-10-05"]).status == 0)
        let run = try dun.run(["dunning", "run", "--as-of", "2026-11-16", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let queued = try #require(try run.object()["outbox"] as? [[String: Any]])
        #expect(queued.count == 2)

        let send = try dun.run(["outbox", "send", "--via", sink.command, "--as-of", "2026-11-16", "--format", "json"])
        #expect(send.status == 0, "\(send.stderr)")
        #expect((try send.object()["sent"] as? [Any])?.count == 2)
        let messages = try sink.received()
        #expect(messages.count == 2)
        let french = try #require(messages.first { $0.field("X-RcptTo") == "compta@dupre.example" })
        let english = try #require(messages.first { $0.field("X-RcptTo") == "ap@harbour.example" })
        #expect(french.decoded("To") == "Crèmerie Dupré SAS <compta@dupre.example>")
        #expect(french.decoded("From") == "Atelier Lumière SAS <credit@atelier-lumiere.example>")
        #expect(french.decoded("Subject") == "Rappel de paiement — compte client C-1")
        #expect(english.decoded("Subject") == "Payment reminder — account C-2")
        #expect(french.field("X-MailFrom") == "credit@atelier-lumiere.example")
        #expect(french.field("Content-Type")?.hasPrefix("multipart/mixed") == true)
        let frenchCSV = try #require(french.attachment(named: "statement-C-1-2026-11-16.csv"))
        #expect(frenchCSV.contains("invoice,INV-1,2026-10-01,2026-10-31,16,EUR,1234.56,1234.56,false,1234.56"))
        let englishCSV = try #require(english.attachment(named: "statement-C-2-2026-11-16.csv"))
        #expect(englishCSV.contains("invoice,INV-2,2026-10-01,2026-10-31,16,EUR,880.00,880.00,false,880.00"))
        #expect(englishCSV.contains("invoice,INV-3,2026-10-05,2026-11-04,12,EUR,120.00,120.00,false,120.00"))

        // A second send delivers nothing new.
        let again = try dun.run(["outbox", "send", "--via", sink.command, "--as-of", "2026-11-17", "--format", "json"])
        #expect(again.status == 0)
        #expect((try again.object()["sent"] as? [Any])?.isEmpty == true)
        #expect(try sink.received().count == 2)

        // The weekly report goes to the management group.
        let weekly = try dun.run(["report", "weekly", "--mail", "--as-of", "2026-11-16", "--format", "json"])
        #expect(weekly.status == 0, "\(weekly.stderr)")
        let mailed = try dun.run(["outbox", "send", "--via", sink.command, "--as-of", "2026-11-16", "--format", "json"])
        #expect((try mailed.object()["sent"] as? [Any])?.count == 1)
        let report = try #require(try sink.received().first { $0.decoded("Subject")?.hasPrefix("Weekly") == true })
        #expect(report.decoded("Subject") == "Weekly root-cause report 2026-W47")
        #expect(report.field("X-RcptTo")?.contains("@") == true)

        // An invoice copy on demand goes out at once.
        let copy = try dun.run(["invoice", "send", "INV-3", "--via", sink.command, "--as-of", "2026-11-17"])
        #expect(copy.status == 0, "\(copy.stderr)")
        let copies = try sink.received().filter { $0.attachment(named: "invoice-INV-3.html") != nil }
        #expect(copies.count == 1)
        #expect(copies.first?.field("X-RcptTo") == "ap@harbour.example")
    }
}

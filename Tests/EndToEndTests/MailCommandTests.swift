import Foundation
import Testing

/// The command that delivers email is the sender's choice, never something kept in the ledger,
/// and no delivery runs for ever.
@Suite(.serialized) struct MailCommandTests {
    /// A ledger with one customer who has an email address, and a sender.
    func prepared() throws -> DunProcess {
        let dun = try DunProcess()
        try dun.run(["init", "--as-of", "2026-10-01"])
        for (key, value) in [("company.name", "Atelier Lumière SAS"), ("company.email", "credit@atelier.example")] {
            #expect(try dun.run(["config", "set", key, value]).status == 0)
        }
        let customers = try dun.file(
            "customers.csv", "code,name,email,language\nC-2,Harbour Kitchen Ltd,ap@harbour.example,en\n")
        let invoices = try dun.file(
            "invoices.csv",
            "number,customer,issue_date,due_date,amount,currency\nINV-3,C-2,2026-10-05,2026-11-04,120.00,EUR\n")
        #expect(try dun.run(["import", "customers", customers, "--as-of", "2026-10-01"]).status == 0)
        #expect(try dun.run(["import", "invoices", invoices, "--as-of", "2026-10-05"]).status == 0)
        return dun
    }

    /// An environment without a mail command of the user's own.
    func environment(_ dun: DunProcess, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = ["HOME": dun.folder, "XDG_CONFIG_HOME": dun.folder + "/xdg", "DUN_MAIL_COMMAND": ""]
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    func queue(_ dun: DunProcess) throws {
        let queued = try dun.run(["invoice", "send", "INV-3", "--queue", "--as-of", "2026-11-16"])
        #expect(queued.status == 0, "\(queued.stderr)")
    }

    @Test func theLedgerNeverNamesTheMailCommand() throws {
        let dun = try prepared()
        let pwned = dun.folder + "/pwned"
        let refused = try dun.run(["config", "set", "mail.command", "touch '\(pwned)'"])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error: mail.command is not kept in the ledger"))
        #expect(refused.stderr.contains("~/.config/dun/config"))
        #expect(!(try dun.run(["config", "show"]).stdout.contains("mail.command")))

        // A ledger written by an older dun may still hold one: it is never run.
        try SafetyTests.python(
            """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute("INSERT INTO setting (key, value) VALUES ('config.mail.command', ?)", (sys.argv[2],))
            c.commit()
            """, dun.database, "touch '\(pwned)'; cat > /dev/null")
        try queue(dun)
        let sink = dun.folder + "/sink.eml"
        let sent = try dun.run(
            ["outbox", "send", "--as-of", "2026-11-16", "--format", "json"],
            environment: environment(dun, ["DUN_MAIL_COMMAND": "cat >> '\(sink)'"]))
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(!FileManager.default.fileExists(atPath: pwned))
        #expect(
            try String(contentsOfFile: sink, encoding: .utf8).contains("To: Harbour Kitchen Ltd <ap@harbour.example>"))
        #expect(
            sent.stderr.hasPrefix(
                "warning: the ledger's mail.command setting (touch '\(pwned)'; cat > /dev/null) is ignored"))
        // Unsetting removes the old value; the warning goes with it.
        #expect(try dun.run(["config", "unset", "mail.command"]).status == 0)
        try queue(dun)
        let quiet = try dun.run(
            ["outbox", "send", "--as-of", "2026-11-16"],
            environment: environment(dun, ["DUN_MAIL_COMMAND": "cat >> '\(sink)'"]))
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    @Test func theUsersOwnFileNamesTheCommandAndTheMessageIsPrivate() throws {
        let dun = try prepared()
        let sink = dun.folder + "/sink.eml"
        let modes = dun.folder + "/modes.txt"
        try FileManager.default.createDirectory(atPath: dun.folder + "/xdg/dun", withIntermediateDirectories: true)
        _ = try dun.file(
            "xdg/dun/config",
            "# my mail\nmail.command = stat -L -c %a /proc/self/fd/0 >> '\(modes)'; cat >> '\(sink)'\n")
        try queue(dun)
        let sent = try dun.run(
            ["outbox", "send", "--as-of", "2026-11-16", "--format", "json"], environment: environment(dun))
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect((try sent.object()["sent"] as? [Any])?.count == 1)
        #expect(try String(contentsOfFile: modes, encoding: .utf8) == "600\n")
        #expect(try String(contentsOfFile: sink, encoding: .utf8).contains("ap@harbour.example"))
    }

    @Test(.timeLimit(.minutes(1))) func aDeliveryThatHangsIsStoppedAndNotSent() throws {
        let dun = try prepared()
        try queue(dun)
        let started = dun.folder + "/started"
        let start = Date()
        // The command's own child (sleep) is stopped with it.
        let hung = try dun.run(
            ["outbox", "send", "--as-of", "2026-11-16", "--timeout", "1", "--format", "json"],
            environment: environment(dun, ["DUN_MAIL_COMMAND": "touch '\(started)'; sleep 30; cat > /dev/null"]))
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(FileManager.default.fileExists(atPath: started))
        #expect(hung.status == 1)
        #expect(hung.stderr.contains("no answer within 1 s; stopped, not sent"), "\(hung.stderr)")
        let failed = try dun.run(["outbox", "list", "--status", "failed", "--format", "json"])
        #expect(failed.stdout.contains("O-1") || failed.stdout.contains("\"id\""), "\(failed.stdout)")
        // $DUN_MAIL_TIMEOUT sets it too; the email is tried again and goes.
        let sink = dun.folder + "/sink.eml"
        let retried = try dun.run(
            ["outbox", "send", "--as-of", "2026-11-17", "--format", "json"],
            environment: environment(dun, ["DUN_MAIL_COMMAND": "cat >> '\(sink)'", "DUN_MAIL_TIMEOUT": "5"]))
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect((try retried.object()["sent"] as? [Any])?.count == 1)
    }
}

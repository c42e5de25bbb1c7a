import Foundation
import Synchronization
import Testing

/// A team on one PostgreSQL ledger: commands from several clerks at the same moment, each one
/// transaction, none losing another's work.
@Suite(.serialized, .enabled(if: Engine.available.contains(.postgres))) struct TeamTests {
    /// Runs every command at once, each in its own process; their results in order.
    static func atOnce(
        _ dun: DunProcess, _ commands: [[String]], environment: [String: String] = [:]
    ) -> [DunProcess.Result?] {
        let results = Mutex<[DunProcess.Result?]>(Array(repeating: nil, count: commands.count))
        let database = dun.database
        let folder = dun.folder
        DispatchQueue.concurrentPerform(iterations: commands.count) { index in
            let result = try? DunProcess.run(
                commands[index], database: database, folder: folder, environment: environment)
            results.withLock { $0[index] = result }
        }
        return results.withLock { $0 }
    }

    /// Two clerks apply cash to the same invoice at the same moment, together more than it owes:
    /// one is applied, the other refused with what is left, never both.
    @Test func twoClerksApplyingCashToOneInvoiceNeverBothTakeIt() throws {
        let dun = try DunProcess(.postgres)
        #expect(try dun.run(["init", "--as-of", "2026-10-01"]).status == 0)
        let rounds = 6
        var invoices = "number,customer,issue_date,due_date,amount,currency\n"
        var payments = "reference,customer,received_on,amount,currency,invoice,remittance\n"
        for round in 1...rounds {
            invoices += "INV-\(round),C-1,2026-10-01,2026-10-31,1000.00,EUR\n"
            payments += "BK-\(2 * round - 1),C-1,2026-11-02,700.00,EUR,,\nBK-\(2 * round),C-1,2026-11-02,700.00,EUR,,\n"
        }
        #expect(
            try dun.run(["import", "customers", dun.file("c.csv", "code,name\nC-1,Dupont\n"), "--as-of", "2026-10-01"])
                .status == 0)
        #expect(try dun.run(["import", "invoices", dun.file("i.csv", invoices), "--as-of", "2026-10-01"]).status == 0)
        let imported = try dun.run(["import", "payments", dun.file("p.csv", payments), "--as-of", "2026-11-02"])
        #expect(imported.status == 0, "\(imported.stderr)")
        for round in 1...rounds {
            let results = Self.atOnce(
                dun,
                [2 * round - 1, 2 * round].map {
                    [
                        "payment", "apply", "PAY-\($0)", "--invoice", "INV-\(round)", "--amount", "700", "--as-of",
                        "2026-11-03",
                    ]
                })
            let statuses = results.map { $0?.status }
            #expect(statuses.sorted { ($0 ?? 9) < ($1 ?? 9) } == [0, 1], "\(results.map { $0?.stderr ?? "?" })")
            let refused = results.first { $0?.status == 1 }??.stderr ?? ""
            #expect(
                refused == "error: amount 700.00 EUR is above the open balance 300.00 EUR of INV-\(round)\n",
                "\(refused)")
            let invoice = try dun.run(["invoice", "show", "INV-\(round)", "--as-of", "2026-11-03", "--format", "json"])
                .object()
            #expect(invoice["open"] as? String == "300.00", "\(invoice)")
        }
        #expect(try dun.run(["check"]).status == 0)
    }

    /// Two imports of different files at once: when the server runs one of them again after a
    /// conflict, it reads its file again from the start; both land whole.
    @Test func twoImportsAtOnceBothLandWhole() throws {
        let dun = try DunProcess(.postgres)
        #expect(try dun.run(["init", "--as-of", "2026-10-01"]).status == 0)
        #expect(
            try dun.run(["import", "customers", dun.file("c.csv", "code,name\nC-1,Dupont\n"), "--as-of", "2026-10-01"])
                .status == 0)
        for round in 1...4 {
            let files = try (1...2).map { part in
                var text = "number,customer,issue_date,due_date,amount,currency\n"
                for index in 1...300 { text += "INV-\(round)-\(part)-\(index),C-1,2026-10-01,2026-10-31,10.00,EUR\n" }
                return try dun.file("i-\(round)-\(part).csv", text)
            }
            let results = Self.atOnce(
                dun, files.map { ["import", "invoices", $0, "--as-of", "2026-10-01", "--format", "json"] })
            for result in results {
                #expect(result?.status == 0, "\(result?.stderr ?? "?")")
                #expect(try result.map { try $0.object()["inserted"] as? Int } == 300, "\(result?.stdout ?? "?")")
            }
        }
        let listed = try dun.run(["invoice", "list", "--limit", "1", "--format", "json"]).object()
        #expect(listed["total"] as? Int == 4 * 2 * 300)
    }

    /// Two `outbox send` at once: each queued email goes out once.
    @Test func twoSendersSendEachEmailOnce() throws {
        let dun = try DunProcess(.postgres)
        #expect(try dun.run(["init", "--as-of", "2026-10-01"]).status == 0)
        for (key, value) in [("company.name", "Atelier Lumière SAS"), ("company.email", "credit@atelier.example")] {
            #expect(try dun.run(["config", "set", key, value]).status == 0)
        }
        let count = 24
        var invoices = "number,customer,issue_date,due_date,amount,currency\n"
        for index in 1...count { invoices += "INV-\(index),C-2,2026-10-05,2026-11-04,120.00,EUR\n" }
        let customers = "code,name,email,language\nC-2,Harbour Kitchen Ltd,ap@harbour.example,en\n"
        #expect(
            try dun.run(["import", "customers", dun.file("c.csv", customers), "--as-of", "2026-10-01"]).status == 0)
        #expect(try dun.run(["import", "invoices", dun.file("i.csv", invoices), "--as-of", "2026-10-05"]).status == 0)
        for index in 1...count {
            let queued = try dun.run(["invoice", "send", "INV-\(index)", "--queue", "--as-of", "2026-11-16"])
            #expect(queued.status == 0, "\(queued.stderr)")
        }
        let sink = dun.folder + "/sent"
        try FileManager.default.createDirectory(atPath: sink, withIntermediateDirectories: true)
        let environment = [
            "HOME": dun.folder, "XDG_CONFIG_HOME": dun.folder + "/xdg",
            "DUN_MAIL_COMMAND": "cat > \"$(mktemp -p '\(sink)')\"",
        ]
        let results = Self.atOnce(
            dun, [["outbox", "send", "--as-of", "2026-11-16"], ["outbox", "send", "--as-of", "2026-11-16"]],
            environment: environment)
        #expect(results.map { $0?.status } == [0, 0], "\(results.map { $0?.stderr ?? "?" })")
        let files = try FileManager.default.contentsOfDirectory(atPath: sink)
        #expect(files.count == count)
        let subjects = try files.map { name -> String in
            let text = try String(contentsOfFile: sink + "/" + name, encoding: .utf8)
            return text.split(separator: "\r\n").first { $0.hasPrefix("Subject:") }.map(String.init) ?? text
        }
        #expect(Set(subjects).count == count, "\(subjects.sorted())")
        let listed = try dun.run(["outbox", "list", "--format", "json"]).stdout
        #expect(!listed.contains("\"pending\""))
    }
}

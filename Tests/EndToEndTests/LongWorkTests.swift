import Foundation
import Synchronization
import Testing

/// Long work: what it shows while it runs, and what a kill in the middle of it leaves.
@Suite(.serialized) struct LongWorkTests {
    /// A ledger with 1,000 customers, and an invoices file of `rows` rows for them.
    static func prepared(rows: Int, on engine: Engine = .sqlite) throws -> (DunProcess, String) {
        let dun = try DunProcess(engine)
        #expect(try dun.run(["init", "--as-of", "2026-10-01"]).status == 0)
        var customers = "code,name\n"
        for index in 1...1000 { customers += "C-\(index),Customer \(index)\n" }
        #expect(
            try dun.run(["import", "customers", dun.file("c.csv", customers), "--as-of", "2026-10-01"]).status == 0)
        var invoices = "number,customer,issue_date,due_date,amount,currency\n"
        invoices.reserveCapacity(rows * 56)
        for index in 1...rows {
            invoices += "INV-\(index),C-\(index % 1000 + 1),2026-10-01,2026-10-31,\(100 + index % 900).50,EUR\n"
        }
        return (dun, try dun.file("i.csv", invoices))
    }

    @Test(.timeLimit(.minutes(2))) func progressGoesToATerminalOnly() throws {
        let (dun, file) = try LongWorkTests.prepared(rows: 200_000)
        let quiet = try dun.run(["import", "invoices", file, "--as-of", "2026-11-01"])
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
        #expect(quiet.stdout == "Imported invoices from \(file): 200000 rows, 200000 new, 0 already present.\n")
        let run = try dun.run(["dunning", "run", "--dry-run", "--as-of", "2026-11-29"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty, "\(run.stderr)")

        // On a terminal (script(1) gives it one) the same work draws a line, redrawn in place.
        guard
            let (status, said) = try DunProcess.onTerminal(
                ["dunning", "run", "--dry-run", "--as-of", "2026-11-29", "--database", dun.database],
                discardingOutput: true)
        else { return }
        #expect(status == 0)
        // Slow machines and fast ones: at least one line if the scan took over a second.
        if said.contains("open invoices:") {
            #expect(said.contains("\r\u{1B}[K"))
            #expect(said.contains(" rows, "))
            #expect(said.contains("/s"))
        }
    }

    /// The invoices of the ledger, as `dun check` counts them.
    static func invoiceCount(_ dun: DunProcess) throws -> Int? {
        let check = try dun.run(["check", "--format", "json"])
        #expect(check.status == 0, "dun check: \(check.stdout) \(check.stderr)")
        let counts = try check.object()["counts"] as? [[String: Any]]
        return counts?.first { $0["name"] as? String == "invoices" }?["count"] as? Int
    }

    /// An import is one transaction: killed at any point, it leaves nothing of itself, the
    /// ledger opens and checks clean, and the same import then goes through.
    @Test(.timeLimit(.minutes(2)), arguments: [0.2, 0.5, 1.0])
    func anImportKilledAnywhereLeavesAllOrNothing(after seconds: Double) throws {
        let (dun, file) = try LongWorkTests.prepared(rows: 100_000)
        let process = Process()
        process.executableURL = DunProcess.executable
        process.arguments = ["import", "invoices", file, "--as-of", "2026-11-01", "--database", dun.database]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(UInt32(seconds * 1_000_000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let killed = process.terminationReason == .uncaughtSignal
        let count = try LongWorkTests.invoiceCount(dun)
        #expect(count == 0 || count == 100_000, "after \(seconds) s: \(count.map(String.init) ?? "?") invoices")
        // A kill can land after the commit and before the process ends (the later kills, on a
        // fast machine): all of it is then in. A 100,000-row import does not commit in 0.2 s.
        if killed && seconds < 0.5 { #expect(count == 0, "killed after \(seconds) s, yet \(count ?? -1) invoices") }
        let again = try dun.run(["import", "invoices", file, "--as-of", "2026-11-01"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try LongWorkTests.invoiceCount(dun) == 100_000)
    }

    /// Four writers log disputes at once while a reader reads the aging: every one is logged
    /// exactly once, none fails for a lock, and the reader always answers.
    /// On PostgreSQL the writers' transactions run at once and conflict on the next dispute id:
    /// the engine runs the losers again, and no id is skipped or taken twice.
    @Test(.timeLimit(.minutes(3)), arguments: Engine.available) func concurrentWritersLoseNothing(engine: Engine) throws
    {
        // 4 × 200: 38 s on the 2-core machine alone, 48 s beside the rest of the suite and another build.
        let writers = 4
        let each = 200
        let (dun, file) = try LongWorkTests.prepared(rows: writers * each, on: engine)
        #expect(try dun.run(["import", "invoices", file, "--as-of", "2026-11-01"]).status == 0)
        let database = dun.database
        let folder = dun.folder
        let failures = Mutex<[String]>([])
        let done = Mutex(0)
        let reads = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: writers + 1) { worker in
            guard worker < writers else {
                // The reader: aging reports until the writers are done.
                while done.withLock({ $0 }) < writers {
                    let aging = try? DunProcess.run(
                        ["report", "aging", "--as-of", "2026-11-20", "--format", "json"], database: database,
                        folder: folder)
                    if aging?.status != 0 { failures.withLock { $0.append("aging: \(aging?.stderr ?? "?")") } }
                    reads.withLock { $0 += 1 }
                }
                return
            }
            for index in 0..<each {
                let invoice = "INV-\(worker * each + index + 1)"
                let result = try? DunProcess.run(
                    [
                        "dispute", "log", "--invoice", invoice, "--category", "wrong-item", "--as-of", "2026-11-20",
                        "--actor", "writer-\(worker)",
                    ], database: database, folder: folder)
                if result?.status != 0 { failures.withLock { $0.append("\(invoice): \(result?.stderr ?? "?")") } }
            }
            done.withLock { $0 += 1 }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 }.prefix(5))")
        #expect(reads.withLock { $0 } > 0)
        let list = try dun.run(["dispute", "list", "--status", "all", "--limit", "0", "--format", "json"]).object()
        #expect(list["total"] as? Int == writers * each)
        let items = try #require(list["items"] as? [[String: Any]])
        let ids = Set(items.compactMap { $0["id"] as? String })
        #expect(ids == Set((1...(writers * each)).map { "D-\($0)" }))
        let invoices = items.flatMap { ($0["invoices"] as? [Any]) ?? [] }
        #expect(invoices.count == writers * each)
        #expect(try dun.run(["check"]).status == 0)
    }
}

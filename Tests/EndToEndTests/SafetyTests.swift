import Foundation
import Testing

/// What dun must never do to the ledger or to other files, whatever the user types.
@Suite(.serialized) struct SafetyTests {
    /// The bytes of a file, or nil.
    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func anOutputNamingTheLedgerIsRefusedAndTheLedgerStays() throws {
        let dun = try ErrorTests().prepared(.sqlite)
        let folder = dun.folder
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.html", withDestinationPath: dun.database)
        try FileManager.default.linkItem(atPath: dun.database, toPath: folder + "/hard.html")
        let names = [
            dun.database, "ledger.sqlite", "sub/../ledger.sqlite", "./ledger.sqlite-wal", "ledger.sqlite-shm",
            "link.html", "hard.html",
        ]
        for name in names {
            let before = SafetyTests.bytes(dun.database)
            let result = try dun.run([
                "report", "weekly", "--format", "html", "--output", name, "--as-of", "2026-11-25",
            ])
            #expect(result.status == 2, "\(name): \(result.stderr)")
            #expect(result.stderr.contains("--output \(name) is the ledger"), "\(name): \(result.stderr)")
            #expect(SafetyTests.bytes(dun.database) == before, "\(name)")
        }
        let aging = try dun.run(["report", "aging", "--output", "ledger.sqlite", "--as-of", "2026-11-25"])
        #expect(aging.status == 2)
        #expect(try dun.run(["dispute", "show", "D-1", "--format", "json"]).object()["id"] as? String == "D-1")
    }

    @Test func anOutputIsWrittenWholeThroughATemporaryFile() throws {
        let dun = try ErrorTests().prepared(.sqlite)
        let target = (dun.folder as NSString).appendingPathComponent("weekly.html")
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        let result = try dun.run([
            "report", "weekly", "--format", "html", "--output", "weekly.html", "--as-of", "2026-11-25",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        let left = try FileManager.default.contentsOfDirectory(atPath: dun.folder).filter { $0.contains(".dun-") }
        #expect(left.isEmpty)
        // A pipe or a device is written into, never replaced by a file.
        let piped = try dun.run(["report", "aging", "--output", "/dev/stdout", "--as-of", "2026-11-25"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.hasPrefix("Aging as of 2026-11-25"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/dev/stdout") == "/proc/self/fd/1")
    }

    /// Runs a Python script with the path of the ledger as its argument (sqlite3 stands for
    /// another program, or for someone editing the ledger by hand).
    @discardableResult
    static func python(_ script: String, _ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let said = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 \(script)")
        return String(decoding: said, as: UTF8.self)
    }

    static func sha(_ path: String) throws -> String {
        try python(
            "import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())", path)
    }

    @Test func anotherProgramsDatabaseIsRefusedUntouched() throws {
        let dun = try DunProcess()
        let app = (dun.folder as NSString).appendingPathComponent("app.db")
        try SafetyTests.python(
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE t (x)'); c.commit()", app)
        let before = try SafetyTests.sha(app)
        for words in [["report", "aging"], ["dispute", "list"], ["init"], ["check"]] {
            let result = try dun.run(words, database: app)
            #expect(result.status == 3, "\(words): \(result.stderr)")
            #expect(result.stderr == "error: \(app) is not a dun ledger (it holds other tables)\n", "\(words)")
            #expect(try SafetyTests.sha(app) == before, "\(words)")
            #expect(!FileManager.default.fileExists(atPath: app + "-wal"), "\(words)")
            #expect(!FileManager.default.fileExists(atPath: app + "-shm"), "\(words)")
        }
        // Another program's database in WAL mode, closed: no -wal or -shm file appears either.
        let wal = (dun.folder as NSString).appendingPathComponent("wal.db")
        try SafetyTests.python(
            """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute('PRAGMA journal_mode = WAL')
            c.execute('CREATE TABLE t (x)')
            c.commit()
            c.close()
            """, wal)
        let walBefore = try SafetyTests.sha(wal)
        let walResult = try dun.run(["dispute", "log", "--invoice", "X", "--category", "y"], database: wal)
        #expect(walResult.status == 3)
        #expect(walResult.stderr == "error: \(wal) is not a dun ledger (it holds other tables)\n")
        #expect(try SafetyTests.sha(wal) == walBefore)
        #expect(!FileManager.default.fileExists(atPath: wal + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: wal + "-shm"))
        // A database marked as another program's is refused even without tables.
        let marked = (dun.folder as NSString).appendingPathComponent("marked.db")
        try SafetyTests.python(
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA application_id = 7'); c.commit()",
            marked)
        let result = try dun.run(["init"], database: marked)
        #expect(result.status == 3)
        #expect(
            result.stderr
                == "error: \(marked) is not a dun ledger (it belongs to another program: application id 0x00000007)\n")
    }

    @Test func anEmptyFileStaysEmptyUntilInit() throws {
        let dun = try DunProcess()
        let empty = (dun.folder as NSString).appendingPathComponent("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let result = try dun.run(["report", "aging"], database: empty)
        #expect(result.status == 1)
        #expect(result.stderr == "error: no ledger at \(empty); run `dun init` to create one\n")
        #expect(SafetyTests.bytes(empty) == Data())
        #expect(!FileManager.default.fileExists(atPath: empty + "-wal"))
        #expect(try dun.run(["init", "--as-of", "2026-11-02"], database: empty).status == 0)
        #expect(
            try SafetyTests.python(
                "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA application_id').fetchone()[0])",
                empty) == "\(0x6475_6E31)\n")
        #expect(try dun.run(["report", "aging", "--as-of", "2026-11-02"], database: empty).status == 0)
    }

    /// A ledger made before dun marked its files is still recognised (by its migration table and
    /// journal), and marked when it is upgraded.
    @Test func aLedgerMadeBeforeTheMarkStillOpens() throws {
        let dun = try ErrorTests().prepared(.sqlite)
        try SafetyTests.python(
            """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute('PRAGMA application_id = 0')
            c.execute("DELETE FROM grdb_migrations WHERE identifier = 'v9-application-id'")
            c.commit()
            c.execute('PRAGMA wal_checkpoint(TRUNCATE)')
            """, dun.database)
        let shown = try dun.run(["dispute", "show", "D-1", "--format", "json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(try shown.object()["id"] as? String == "D-1")
        #expect(
            try SafetyTests.python(
                "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA application_id').fetchone()[0])",
                dun.database) == "\(0x6475_6E31)\n")
    }

    /// Another process that takes the ledger's write lock and keeps it for `seconds`, or until
    /// ``release()``.
    final class LockHolder {
        let process = Process()
        let input = Pipe()

        init(_ database: String, seconds: Double = 3600) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", "-c",
                """
                import select, sqlite3, sys
                c = sqlite3.connect(sys.argv[1], isolation_level=None)
                c.execute('BEGIN IMMEDIATE')
                print('locked', flush=True)
                select.select([sys.stdin], [], [], float(sys.argv[2]))
                c.execute('ROLLBACK')
                """,
                database, String(seconds),
            ]
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            let ready = output.fileHandleForReading.availableData
            #expect(String(decoding: ready, as: UTF8.self).hasPrefix("locked"))
        }

        func release() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }

        deinit { release() }
    }

    static let logDispute = [
        "dispute", "log", "--invoice", "INV-2026-0101", "--category", "wrong-item", "--as-of", "2026-11-25",
        "--format", "json",
    ]

    @Test func aWriterWaitsForALockReleasedWithinItsWait() throws {
        let dun = try ErrorTests().prepared(.sqlite)
        let holder = try LockHolder(dun.database, seconds: 2)
        let start = Date()
        let result = try dun.run(SafetyTests.logDispute, environment: ["DUN_LOCK_WAIT": "30"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Date().timeIntervalSince(start) > 1.5)
        // Standard error is not a terminal here: nothing is said while waiting.
        #expect(result.stderr.isEmpty)
        #expect(try result.object()["id"] as? String == "D-2")
        holder.release()
    }

    @Test func aWriterGivesUpWhenItsWaitRunsOut() throws {
        let dun = try ErrorTests().prepared(.sqlite)
        let holder = try LockHolder(dun.database)
        let start = Date()
        let result = try dun.run(SafetyTests.logDispute + ["--lock-wait", "1"], environment: ["DUN_LOCK_WAIT": "30"])
        let took = Date().timeIntervalSince(start)
        holder.release()
        #expect(result.status == 3)
        #expect(
            result.stderr
                == "error: \(dun.database) is busy: another process held its write lock for more than 1 s; try again "
                + "when it is done, or wait longer with --lock-wait SECONDS (or $DUN_LOCK_WAIT)\n")
        #expect(took >= 1 && took < 10)
        #expect(try dun.run(["dispute", "show", "D-2"]).status == 1)
    }

    /// On a terminal, a writer that waits says so once.
    @Test func aWriterOnATerminalSaysItIsWaiting() throws {
        let dun = try ErrorTests().prepared(.sqlite)
        let holder = try LockHolder(dun.database, seconds: 2.5)
        let run = try DunProcess.onTerminal(SafetyTests.logDispute + ["--database", dun.database])
        holder.release()
        guard let (status, said) = run else { return }
        #expect(status == 0, "\(said)")
        #expect(said.components(separatedBy: "waiting for another dun process…").count == 2, "\(said)")
    }

    @Test func checkFindsWhatDirectSQLBroke() throws {
        let dun = try ErrorTests().prepared(.sqlite)
        let clean = try dun.run(["check", "--as-of", "2026-11-25"])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(
            clean.stdout.hasPrefix("ok: 3 invoices, 0 payments, 0 credit notes, 1 disputes, 1 holds, "),
            "\(clean.stdout)")
        try SafetyTests.python(
            """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute("UPDATE invoice SET open_cents = open_cents - 100 WHERE number = 'INV-2026-0101'")
            c.execute("INSERT INTO hold (invoice_id, held_customer_id, reason, placed_on) "
                      "SELECT id, customer_id, 'by hand', '2026-11-25' FROM invoice WHERE number = 'INV-2026-0102'")
            c.commit()
            """, dun.database)
        let broken = try dun.run(["check", "--as-of", "2026-11-25"])
        #expect(broken.status == 1)
        #expect(broken.stderr == "error: the ledger has 2 problems: 1 invoice-balance, 1 unjournaled\n")
        #expect(broken.stdout.contains("invoice-balance: 1 problem"))
        #expect(
            broken.stdout.contains(
                "invoice INV-2026-0101: open 1469.00 EUR, but its amount 1470.00 EUR less its payments, credits and "
                    + "write-offs 0.00 EUR is 1470.00 EUR"), "\(broken.stdout)")
        #expect(broken.stdout.contains("hold H-2 has no hold.place journal entry"))
        let json = try dun.run(["check", "--as-of", "2026-11-25", "--format", "json"]).object()
        #expect(json["ok"] as? Bool == false)
        let kinds = (json["problems"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
        #expect(kinds == ["invoice-balance", "unjournaled"])
    }

    @Test func aBackupIsALedgerTakenWhileOthersWork() throws {
        let dun = try ErrorTests().prepared(.sqlite)
        let copy = (dun.folder as NSString).appendingPathComponent("copy.sqlite")
        // Another process holds the write lock: the backup only reads, and does not wait.
        let holder = try LockHolder(dun.database)
        let start = Date()
        let backup = try dun.run(["backup", copy, "--lock-wait", "1", "--format", "json"])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(Date().timeIntervalSince(start) < 5)
        holder.release()
        #expect(try backup.object()["copy"] as? String == copy)
        for words in [
            ["report", "aging", "--as-of", "2026-11-30", "--format", "json"],
            ["dispute", "list", "--status", "all", "--as-of", "2026-11-30", "--format", "json"],
            ["history", "ledger", "--format", "json"],
        ] {
            let original = try dun.run(words)
            let copied = try dun.run(words, database: copy)
            #expect(copied.status == 0, "\(copied.stderr)")
            #expect(copied.stdout == original.stdout, "\(words)")
        }
        #expect(try dun.run(["check"], database: copy).status == 0)

        // Never over the ledger; over another file only with --force.
        try FileManager.default.createSymbolicLink(
            atPath: dun.folder + "/link.sqlite", withDestinationPath: dun.database)
        for target in [dun.database, "link.sqlite", "./ledger.sqlite-wal"] {
            let before = SafetyTests.bytes(dun.database)
            let refused = try dun.run(["backup", target])
            #expect(refused.status == 2, "\(target): \(refused.stderr)")
            #expect(refused.stderr.contains("\(target) is the ledger"), "\(refused.stderr)")
            #expect(SafetyTests.bytes(dun.database) == before)
        }
        let existing = try dun.run(["backup", copy])
        #expect(existing.status == 1)
        #expect(existing.stderr == "error: \(copy) already exists; give --force to replace it\n")
        #expect(try dun.run(["dispute", "log"] + Array(SafetyTests.logDispute.dropFirst(2))).status == 0)
        #expect(try dun.run(["backup", copy, "--force"]).status == 0)
        #expect(try dun.run(["dispute", "show", "D-2"], database: copy).status == 0)
    }
}

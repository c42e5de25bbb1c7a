import Foundation
import PostgresStore
import Testing

/// Every report and listing only reads: run on a ledger another process holds the write lock of,
/// each one answers (none waits for the lock), and the ledger is byte for byte what it was (its
/// file on SQLite; every row of every table on PostgreSQL, where the lock is on every table).
@Suite struct ReportsOnlyReadTests {
    static let reads: [[String]] = [
        ["report", "weekly"], ["report", "weekly", "--week", "2026-W45"], ["report", "weekly", "--format", "html"],
        ["report", "aging"], ["report", "aging", "--as-of", "2026-10-15"], ["report", "kpi"],
        ["report", "kpi", "--as-of", "2026-10-15"], ["report", "holds"], ["report", "actions"], ["worklist"],
        ["worklist", "--as-of", "2026-10-20"], ["dunning", "run", "--dry-run", "--format", "json"],
        ["dunning", "run", "--dry-run", "--as-of", "2026-10-01"], ["dunning", "policy"], ["dispute", "list"],
        ["dispute", "list", "--status", "all", "--as-of", "2026-09-30"], ["dispute", "show", "D-1"],
        ["hold", "list"], ["hold", "list", "--active"], ["payment", "list"], ["payment", "list", "--unapplied"],
        ["promise", "list"], ["promise", "list", "--status", "broken"], ["customer", "list"],
        ["customer", "show", "C-0001"], ["invoice", "list", "--open"], ["invoice", "show", "INV-2026-00001"],
        ["history", "D-1"], ["outbox", "list"], ["task", "list"], ["collector", "list"], ["action", "list"],
        ["config", "show"], ["taxonomy", "show"], ["contact", "list"], ["check"],
    ]

    /// Runs every read on the ledger, each with the as-of day unless it names its own.
    static func readEverything(_ dun: DunProcess) throws {
        for words in reads {
            let arguments = words.contains("--as-of") ? words : words + ["--as-of", "2026-11-29"]
            let result = try dun.run(arguments + ["--lock-wait", "2"])
            #expect(result.status == 0, "dun \(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(!result.stdout.isEmpty, "dun \(arguments.joined(separator: " "))")
        }
    }

    /// Every row of every table of the ledger's schema, as text, in a fixed order.
    static func rows(_ db: PostgresConnection) throws -> [String] {
        let tables = try db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        ).rows.compactMap { $0[0] }
        return try tables.flatMap { table in
            try db.execute("SELECT t::text FROM \(table) t ORDER BY 1").rows.map { "\(table): \($0[0] ?? "")" }
        }
    }

    @Test(.enabled(if: Engine.available.contains(.postgres)))
    func readingOnPostgreSQLChangesNothingAndWaitsForNoWriter() throws {
        let dun = try DunProcess(.postgres)
        let demo = try dun.run(["demo", "--invoices", "600", "--customers", "60", "--as-of", "2026-11-29"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let db = try PostgresConnection(dun.database)
        let before = try Self.rows(db)
        // This connection locks every table against any writer while the reads run.
        let tables = try db.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").rows
            .compactMap { $0[0] }
        try db.execute("BEGIN")
        try db.execute("LOCK TABLE \(tables.joined(separator: ", ")) IN EXCLUSIVE MODE")
        try Self.readEverything(dun)
        try db.execute("ROLLBACK")
        #expect(try Self.rows(db) == before, "a read changed the ledger")
    }

    @Test func readingChangesNothingAndWaitsForNoLock() throws {
        let dun = try DunProcess()
        let demo = try dun.run(["demo", "--invoices", "600", "--customers", "60", "--as-of", "2026-11-29"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let before = try #require(FileManager.default.contents(atPath: dun.database))
        // Another process takes the ledger's write lock and keeps it while the reads run.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN IMMEDIATE')
            print('locked', flush=True)
            sys.stdin.read()
            c.execute('ROLLBACK')
            """,
            dun.database,
        ]
        let input = Pipe()
        let output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        defer {
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        let ready = output.fileHandleForReading.availableData
        #expect(String(decoding: ready, as: UTF8.self).hasPrefix("locked"))
        try Self.readEverything(dun)
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(holder.terminationStatus == 0)
        let after = try #require(FileManager.default.contents(atPath: dun.database))
        #expect(after == before, "the ledger file changed")
        // Nothing waits in a write-ahead log either.
        let wal = FileManager.default.contents(atPath: dun.database + "-wal") ?? Data()
        #expect(wal.isEmpty)
    }
}

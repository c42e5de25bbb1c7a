import Foundation
import PostgresStore
import Testing

/// `dun ledger copy`: a SQLite ledger into PostgreSQL, against the server of
/// `$DUN_TEST_POSTGRES_URL` (`scripts/with-postgres swift test`), in a schema of its own named
/// in the URL as psql would take it.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["DUN_TEST_POSTGRES_URL"] != nil
            || ProcessInfo.processInfo.environment["CI"] != nil,
        "no PostgreSQL server: run the tests with scripts/with-postgres swift test"))
struct LedgerCopyTests {
    @Test func aDemoLedgerIsCopiedWholeOnceAndVerified() throws {
        let url = try #require(
            ProcessInfo.processInfo.environment["DUN_TEST_POSTGRES_URL"],
            "CI runs these tests beside a server: $DUN_TEST_POSTGRES_URL is unset")
        let schema = "copy_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try PostgresConnection(url)
        try admin.execute("CREATE SCHEMA \(schema)")
        defer { _ = try? admin.execute("DROP SCHEMA \(schema) CASCADE") }
        let target = url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"

        let dun = try DunProcess()
        #expect(try dun.run(["demo", "--invoices", "400", "--customers", "50"]).status == 0)
        let copied = try dun.run(["ledger", "copy", "--to", target])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stderr.isEmpty, "\(copied.stderr)")
        #expect(copied.stdout.hasPrefix("Copied \(dun.database) to postgresql://dun:***@"), "\(copied.stdout)")
        #expect(copied.stdout.hasSuffix(" rows; row counts and checksums match.\n"))
        let password = try #require(url.split(separator: "@").first?.split(separator: ":").last)
        #expect(!copied.stdout.contains(password))

        // What landed: the same invoices and journal, and ids that go on after the copied ones.
        let db = try PostgresConnection(target)
        let invoices = try dun.run(["invoice", "list", "--limit", "0", "--format", "json"]).object()
        #expect(try db.execute("SELECT count(*) FROM invoice").rows == [[String(invoices["total"] as? Int ?? -1)]])
        let journal = try db.execute("SELECT count(*), max(id) FROM journal").rows[0]
        #expect(journal[0] == journal[1])
        // (In a transaction rolled back: the copy back below must find the ledger as it was.)
        try db.execute("BEGIN")
        let next = try db.execute(
            """
            INSERT INTO journal (recorded_at, business_day, actor, action, subject)
            VALUES ('2026-12-04T10:00:00Z', '2026-12-04', 'test', 'test', 'test') RETURNING id
            """
        ).rows
        #expect(next == [[String((Int(journal[1] ?? "0") ?? 0) + 1)]])
        try db.execute("ROLLBACK")

        // And back, into a new SQLite file: the same ledger, report for report.
        let back = (dun.folder as NSString).appendingPathComponent("back.sqlite")
        let returned = try dun.run(["ledger", "copy", "--from", target, "--to", back])
        #expect(returned.status == 0, "\(returned.stderr)")
        #expect(returned.stdout.hasSuffix(" rows; row counts and checksums match.\n"), "\(returned.stdout)")
        for report in [
            ["report", "aging", "--format", "json"], ["report", "weekly", "--format", "json"],
            ["history", "ledger", "--format", "json"], ["check", "--format", "json"],
        ] {
            let original = try dun.run(report + ["--as-of", "2026-12-04"])
            let copy = try dun.run(report + ["--as-of", "2026-12-04"], database: back)
            #expect(copy.status == 0, "\(report): \(copy.stderr)")
            #expect(copy.stdout == original.stdout, "\(report)")
        }
        let existing = try dun.run(["ledger", "copy", "--from", target, "--to", back])
        #expect(existing.status == 1)
        #expect(existing.stderr == "error: \(back) already exists; name a new file for the copy\n")

        // Once only: the target holds a ledger now.
        let again = try dun.run(["ledger", "copy", "--to", target])
        #expect(again.status == 1)
        #expect(
            again.stderr
                == "error: the target already holds a ledger (table setting has rows); copy into an empty database\n")

        // An unreachable server is a storage problem, and its message shows no password.
        let nowhere = try dun.run([
            "ledger", "copy", "--from", dun.database, "--to",
            "postgresql://dun:hunter2@127.0.0.1:1/x?connect_timeout=2",
        ])
        #expect(nowhere.status == 3)
        #expect(
            nowhere.stderr.hasPrefix("error: connection to server at \"127.0.0.1\", port 1 failed"), "\(nowhere.stderr)"
        )
        #expect(!nowhere.stderr.contains("hunter2"))
    }
}

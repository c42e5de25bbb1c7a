import Foundation
import GRDB
import LedgerPort
import Testing

@testable import PostgresStore
@testable import Store

/// The ledger's schema on PostgreSQL against SQLite's: each test in a schema of its own.
@Suite(
    .enabled(
        if: TestServer.url != nil || TestServer.required,
        "no PostgreSQL server: run the tests with scripts/with-postgres swift test"),
    .serialized)
struct PostgresSchemaTests {
    /// A connection whose current schema is new and empty, and removed afterwards.
    final class Scratch {
        let db: PostgresConnection
        let name = "test_\(UUID().uuidString.prefix(8).lowercased())"
        init() throws {
            let url = try #require(
                TestServer.url, "CI runs these tests beside a server: $DUN_TEST_POSTGRES_URL is unset")
            db = try PostgresConnection(url)
            try db.execute("CREATE SCHEMA \(name)")
            try db.execute("SET search_path TO \(name)")
        }
        deinit { _ = try? db.execute("DROP SCHEMA \(name) CASCADE") }
    }

    @Test func migratesAnEmptySchemaOnceAndRefusesANewerOne() throws {
        let scratch = try Scratch()
        #expect(
            try PostgresSchema.migrate(scratch.db) == [
                "p1-ledger", "p2-binary-text-order", "p3-covering-open-invoices",
            ])
        #expect(try PostgresSchema.migrate(scratch.db) == [])
        try scratch.db.execute("INSERT INTO dun_migration VALUES ('p99-from-the-future')")
        let error = try #require(throws: PostgresError.self) { try PostgresSchema.migrate(scratch.db) }
        #expect(error.message == "written by a newer dun (schema p99-from-the-future); upgrade dun to open it")
    }

    /// Lists come out in SQLite's byte order whatever the server's locale, with every trigger
    /// and the view of reductions made again after the collation changed under them.
    @Test func textSortsByteByByteAsOnSQLite() throws {
        let scratch = try Scratch()
        let triggersBefore: Int = try {
            try scratch.db.executeScript(PostgresSchema.migrations[0].sql)
            return Int(try scratch.db.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal").rows[0][0]!)!
        }()
        try scratch.db.executeScript(PostgresSchema.migrations[1].sql)
        let triggersAfter = try scratch.db.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal").rows
        #expect(triggersBefore > 0 && triggersAfter == [[String(triggersBefore)]])
        let collations = try scratch.db.execute(
            """
            SELECT DISTINCT collation_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND data_type = 'text' AND table_name <> 'reduction'
            """
        ).rows
        #expect(collations == [["C"]])
        try scratch.db.execute("INSERT INTO setting (key, value) VALUES ('b', '1'), ('B', '2'), ('a', '3'), ('é', '4')")
        #expect(try scratch.db.execute("SELECT key FROM setting ORDER BY key").rows == [["B"], ["a"], ["b"], ["é"]])
        #expect(try scratch.db.execute("SELECT count(*) FROM reduction").rows == [["0"]])
    }

    @Test func everyTableAndColumnOfSQLiteIsThereInOrder() throws {
        let scratch = try Scratch()
        try PostgresSchema.migrate(scratch.db)
        let ledger = try Ledger.inMemory()
        let sqlite = try ledger.queue.read { db -> [String: [String]] in
            var out: [String: [String]] = [:]
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type IN ('table', 'view')
                    AND name NOT IN ('sqlite_sequence', 'grdb_migrations')
                    """)
            for table in tables {
                out[table] = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
            }
            return out
        }
        var postgres: [String: [String]] = [:]
        for row in try scratch.db.execute(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name <> 'dun_migration'
            ORDER BY table_name, ordinal_position
            """
        ).rows {
            postgres[row[0]!, default: []].append(row[1]!)
        }
        #expect(sqlite.count >= 40)
        #expect(postgres == sqlite)
        let triggers = try scratch.db.execute(
            "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
        ).rows
        let sqliteTriggers = try ledger.queue.read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        }
        #expect(triggers == [[sqliteTriggers.map(String.init)]])
    }

    @Test func theLedgersRulesRefuseAsOnSQLite() throws {
        let scratch = try Scratch()
        let db = scratch.db
        try PostgresSchema.migrate(db)
        try db.execute("INSERT INTO customer (id, code, name) VALUES (1, 'C-1', 'Brasserie du Port')")
        try db.execute(
            """
            INSERT INTO invoice (id, number, customer_id, issue_date, due_date, currency, amount_cents, open_cents)
            VALUES (1, 'INV-1', 1, '2026-10-01', '2026-10-31', 'EUR', 10000, 10000)
            """)
        try db.execute(
            """
            INSERT INTO journal (recorded_at, business_day, actor, action, subject)
            VALUES ('2026-11-02T09:00:00Z', '2026-11-02', 'test', 'import.invoices', 'import:invoices')
            """)
        func refusal(_ sql: String) throws -> PostgresError {
            try #require(throws: PostgresError.self) { try db.execute(sql) }
        }
        let edited = try refusal("UPDATE invoice SET amount_cents = 1 WHERE id = 1")
        #expect(edited.message.contains("an invoice amount is never edited; issue a credit note"), "\(edited)")
        let deleted = try refusal("DELETE FROM invoice WHERE id = 1")
        #expect(deleted.message.contains("financial rows are never deleted"))
        let journal = try refusal("UPDATE journal SET actor = 'someone else'")
        #expect(journal.message.contains("the journal is append-only"))
        #expect(try refusal("DELETE FROM journal").message.contains("the journal is append-only"))
        let overpaid = try refusal("UPDATE invoice SET open_cents = 20000 WHERE id = 1")
        #expect(overpaid.sqlState == "23514")
        let orphan = try refusal(
            """
            INSERT INTO invoice (id, number, customer_id, issue_date, due_date, currency, amount_cents, open_cents)
            VALUES (2, 'INV-2', 99, '2026-10-01', '2026-10-31', 'EUR', 100, 100)
            """)
        #expect(orphan.sqlState == "23503")
        let held = try refusal("INSERT INTO hold (reason, placed_on) VALUES ('neither', '2026-11-02')")
        #expect(held.sqlState == "23514")
        // An open balance goes down as cash is applied: allowed.
        #expect(try db.execute("UPDATE invoice SET open_cents = 4000 WHERE id = 1").changed == 1)
    }
}

import Foundation
import Testing

@testable import PostgresStore

/// The server the tests talk to: `$DUN_TEST_POSTGRES_URL` (`scripts/with-postgres swift test`
/// starts one). Without it the suite is skipped, except under CI, where it must be there.
enum TestServer {
    static let url = ProcessInfo.processInfo.environment["DUN_TEST_POSTGRES_URL"]
    static let required = ProcessInfo.processInfo.environment["CI"] != nil
}

@Suite(
    .enabled(
        if: TestServer.url != nil || TestServer.required,
        "no PostgreSQL server: run the tests with scripts/with-postgres swift test"),
    .serialized)
struct PostgresConnectionTests {
    func connect() throws -> PostgresConnection {
        let url = try #require(TestServer.url, "CI runs these tests beside a server: $DUN_TEST_POSTGRES_URL is unset")
        return try PostgresConnection(url)
    }

    @Test func parametersGoInAsTextAndComeBackTheSame() throws {
        let db = try connect()
        #expect(db.serverVersion >= 150000)
        try db.execute("CREATE TEMP TABLE t (id integer PRIMARY KEY, name text, cents bigint)")
        let inserted = try db.execute(
            "INSERT INTO t VALUES ($1, $2, $3), ($4, $5, $6)",
            ["1", "Café Lumière; DROP TABLE t; --", "9000000000000000", "2", nil, "-150"])
        #expect(inserted.changed == 2)
        let rows = try db.execute("SELECT id, name, cents FROM t ORDER BY id")
        #expect(rows.columns == ["id", "name", "cents"])
        #expect(rows.rows == [["1", "Café Lumière; DROP TABLE t; --", "9000000000000000"], ["2", nil, "-150"]])
    }

    @Test func aFailedStatementCarriesItsSQLState() throws {
        let db = try connect()
        try db.execute("CREATE TEMP TABLE u (code text UNIQUE)")
        try db.execute("INSERT INTO u VALUES ($1)", ["C-1"])
        let error = try #require(throws: PostgresError.self) { try db.execute("INSERT INTO u VALUES ($1)", ["C-1"]) }
        #expect(error.kind == .statement)
        #expect(error.sqlState == "23505")
        #expect(error.message.hasPrefix("ERROR:  duplicate key value violates unique constraint"), "\(error.message)")
        #expect(!error.isRetryable)
        // The connection goes on after a failed statement.
        #expect(try db.execute("SELECT count(*) FROM u").rows == [["1"]])
    }

    @Test func copyStreamsCSVAndABadLineFailsItWhole() throws {
        let db = try connect()
        try db.execute("CREATE TEMP TABLE c (n integer NOT NULL, label text)")
        let copied = try db.copy(
            "COPY c FROM STDIN (FORMAT csv)", lines: (1...20_000).lazy.map { "\($0),\"line, \($0)\"" })
        #expect(copied == 20_000)
        #expect(
            try db.execute("SELECT count(*), sum(n), max(label) FROM c").rows == [["20000", "200010000", "line, 9999"]])
        let error = try #require(throws: PostgresError.self) {
            try db.copy("COPY c FROM STDIN (FORMAT csv)", lines: ["1,a", "x,b", "3,c"])
        }
        #expect(error.sqlState == "22P02")
        #expect(error.message.contains("line 2"), "\(error.message)")
        #expect(try db.execute("SELECT count(*) FROM c").rows == [["20000"]])
    }

    @Test func aSerializationFailureIsRunAgain() throws {
        let db = try connect()
        var attempts = 0
        let value = try db.transaction {
            attempts += 1
            if attempts < 3 {
                // A real serialization failure, raised by the server.
                try db.execute("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$")
            }
            return try db.execute("SELECT 42").rows[0][0]
        }
        #expect(attempts == 3)
        #expect(value == "42")
        attempts = 0
        let error = try #require(throws: PostgresError.self) {
            try db.transaction(attempts: 2) {
                attempts += 1
                try db.execute("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'deadlock_detected'; END $$")
            }
        }
        #expect(attempts == 2)
        #expect(error.sqlState == "40P01")
    }

    @Test func aRefusedLoginNeverShowsThePassword() throws {
        let url = try #require(TestServer.url)
        let wrong = url.replacingOccurrences(
            of: #"://([^:/@]+):[^@]*@"#, with: "://$1:hunter2-wrong@", options: .regularExpression)
        #expect(wrong != url)
        let error = try #require(throws: PostgresError.self) { try PostgresConnection(wrong) }
        #expect(error.kind == .connection)
        #expect(error.message.contains("password authentication failed"), "\(error.message)")
        #expect(!error.message.contains("hunter2"))
        let unreachable = try #require(throws: PostgresError.self) {
            try PostgresConnection("postgresql://dun:hunter2@127.0.0.1:1/postgres?connect_timeout=2")
        }
        #expect(unreachable.kind == .connection)
        #expect(!unreachable.message.contains("hunter2"))
    }
}

@Suite struct ConnectionStringTests {
    @Test(
        arguments: [
            ("postgres://dun:s3cret@db.example:5432/ledger", "postgres://dun:***@db.example:5432/ledger"),
            (
                "postgresql://dun:p%40ss@[::1]/ledger?sslmode=require",
                "postgresql://dun:***@[::1]/ledger?sslmode=require"
            ),
            ("postgresql://dun@localhost/ledger", "postgresql://dun@localhost/ledger"),
            ("host=db user=dun password=s3cret dbname=ledger", "host=db user=dun password=*** dbname=ledger"),
            // libpq quotes a value in single quotes, with backslash escapes.
            (#"host=db password = 'it\'s s3cret' dbname=ledger"#, "host=db password = *** dbname=ledger"),
            ("error at password=abc", "error at password=***"),
        ])
    func passwordsAreHidden(text: String, shown: String) {
        #expect(PostgresConnectionString.redacted(text) == shown)
    }
}

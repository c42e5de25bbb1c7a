import Foundation
import LedgerPort
import PostgresStore
import Receivables
import Store
import Testing

/// The engines the port's contract is tested on: SQLite always; PostgreSQL beside a test server
/// (`$DUN_TEST_POSTGRES_URL`, set by `scripts/with-postgres`), and always in CI, where a missing
/// server fails the tests instead of leaving them out.
enum TestEngine: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    static let serverURL = ProcessInfo.processInfo.environment["DUN_TEST_POSTGRES_URL"]

    static let available: [TestEngine] = {
        if serverURL != nil || ProcessInfo.processInfo.environment["CI"] != nil { return [.sqlite, .postgres] }
        FileHandle.standardError.write(
            Data(
                "note: no PostgreSQL server, the port's tests run on SQLite only (scripts/with-postgres swift test)\n"
                    .utf8))
        return [.sqlite]
    }()

    var testDescription: String { rawValue }
}

/// A new, empty ledger on one engine, removed when the test ends: an SQLite file in a folder
/// of its own, or a PostgreSQL schema of its own.
final class TestLedger {
    let engine: any LedgerEngine
    let ledger: any LedgerStore
    private let cleanup: () -> Void

    init(_ kind: TestEngine) throws {
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dun-port-\(UUID())").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            engine = SQLiteEngine(path: (folder as NSString).appendingPathComponent("ledger.sqlite"))
            cleanup = { try? FileManager.default.removeItem(atPath: folder) }
        case .postgres:
            let url = try #require(
                TestEngine.serverURL, "CI runs these tests beside a server: $DUN_TEST_POSTGRES_URL is unset")
            let schema = "port_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try PostgresConnection(url).execute("CREATE SCHEMA \(schema)")
            engine = PostgresEngine(
                connectionString: url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)")
            cleanup = { _ = try? PostgresConnection(url).execute("DROP SCHEMA \(schema) CASCADE") }
        }
        ledger = try engine.create(lockWait: LockWait())
    }

    deinit { cleanup() }
}

let stamp = Stamp(actor: "test", day: Day(iso: "2026-11-24")!, recordedAt: "2026-11-24T09:00:00Z")

func stamp(_ day: String, actor: String = "test") -> Stamp {
    Stamp(actor: actor, day: Day(iso: day)!, recordedAt: day + "T09:00:00Z")
}

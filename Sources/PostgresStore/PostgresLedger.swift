import Foundation
import LedgerPort
import Receivables

/// A ledger in a PostgreSQL database (or in the schema a connection string's
/// `options=-csearch_path=…` names), reached with a connection string as psql takes it.
public struct PostgresEngine: LedgerEngine {
    /// The connection string as the user gave it; never printed (it may hold a password).
    let connectionString: String

    public init(connectionString: String) { self.connectionString = connectionString }

    /// The connection string without its password.
    public var location: String { PostgresConnectionString.redacted(connectionString) }

    /// None: the ledger is on a server.
    public var files: [String] { [] }

    /// Whether the schema holds anything of dun's: its migration table or its journal.
    public func exists() throws -> Bool {
        let db = try PostgresLedger.connect(connectionString, location: location, lockWait: LockWait())
        return try PostgresLedger.storage(location) {
            try db.execute("SELECT to_regclass('dun_migration') IS NOT NULL OR to_regclass('journal') IS NOT NULL")
                .rows == [["t"]]
        }
    }

    public func open(lockWait: LockWait) throws -> any LedgerStore {
        try PostgresLedger.open(connectionString, lockWait: lockWait)
    }

    public func create(lockWait: LockWait) throws -> any LedgerStore {
        try PostgresLedger.create(connectionString, lockWait: lockWait)
    }

    /// Drops every table and function dun's migrations made in the schema, in one transaction;
    /// nothing else in the database is touched.
    public func remove() throws {
        let db = try PostgresLedger.connect(connectionString, location: location, lockWait: LockWait())
        try PostgresLedger.storage(location) {
            try db.transaction(isolation: "READ COMMITTED", attempts: 1) {
                let tables = ["dun_migration"] + PostgresSchema.tables
                let present = try db.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY($1)",
                    [PostgresArray.text(tables)]
                ).rows.compactMap { $0[0] }
                if !present.isEmpty {
                    try db.executeScript(
                        "DROP VIEW IF EXISTS reduction; DROP TABLE "
                            + present.map { "\"\($0)\"" }.joined(separator: ", ") + " CASCADE")
                }
                for function in PostgresSchema.functions {
                    try db.executeScript("DROP FUNCTION IF EXISTS \(function) CASCADE")
                }
            }
        }
    }
}

/// A ledger on PostgreSQL: one connection per process, used by one command at a time.
///
/// Every change runs in one SERIALIZABLE transaction: two clerks applying cash to one invoice,
/// or two collectors logging disputes at once, cannot both commit what they read; the server
/// fails one of them, and the whole command runs again (a bounded number of times). Identifiers
/// are the next after the highest in the same transaction, so that a rolled-back command leaves
/// no gap in `D-n`, `H-n`, `P-n`: two commands taking the same one conflict, and one runs again.
public final class PostgresLedger: LedgerStore, @unchecked Sendable {
    /// Used under `lock` only: libpq's connections are not for several threads at once.
    let db: PostgresConnection
    private let lock = NSLock()
    public let location: String
    public let lockWait: LockWait

    /// How many times a command runs at most when the server fails it for a conflict with
    /// another command (a serialization failure, a deadlock, an identifier taken meanwhile).
    public static let attempts = 8

    private init(db: PostgresConnection, location: String, lockWait: LockWait) {
        self.db = db
        self.location = location
        self.lockWait = lockWait
    }

    public var files: [String] { [] }

    /// Opens the ledger in the connection's schema, upgrading its schema when an older dun made it.
    public static func open(_ connectionString: String, lockWait: LockWait = LockWait()) throws -> PostgresLedger {
        let location = PostgresConnectionString.redacted(connectionString)
        let db = try connect(connectionString, location: location, lockWait: lockWait)
        try storage(location) {
            guard let recorded = try PostgresSchema.recorded(db) else { throw StoreError.noLedger(path: location) }
            let unknown = PostgresSchema.unknown(recorded)
            if !unknown.isEmpty { throw StoreError.newerSchema(path: location, unknown: unknown) }
            if recorded.count < PostgresSchema.migrations.count { try PostgresSchema.migrate(db) }
        }
        return PostgresLedger(db: db, location: location, lockWait: lockWait)
    }

    /// Creates the schema in a database (or schema) that holds no ledger; refuses one that does,
    /// and one that holds tables of the same names as dun's.
    public static func create(_ connectionString: String, lockWait: LockWait = LockWait()) throws -> PostgresLedger {
        let location = PostgresConnectionString.redacted(connectionString)
        let db = try connect(connectionString, location: location, lockWait: lockWait)
        try storage(location) {
            if let recorded = try PostgresSchema.recorded(db) {
                let unknown = PostgresSchema.unknown(recorded)
                if !unknown.isEmpty { throw StoreError.newerSchema(path: location, unknown: unknown) }
                if recorded.count == PostgresSchema.migrations.count {
                    throw StoreError.alreadyInitialized(path: location)
                }
            } else {
                let clashing = try db.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY($1)",
                    [PostgresArray.text(PostgresSchema.tables)]
                ).rows.compactMap { $0[0] }
                if !clashing.isEmpty {
                    throw StoreError.notALedger(
                        path: location, reason: "it holds other tables (\(clashing.sorted().joined(separator: ", ")))")
                }
            }
            try PostgresSchema.migrate(db)
        }
        return PostgresLedger(db: db, location: location, lockWait: lockWait)
    }

    /// Connects, and sets how long a statement waits for a row or table lock another command
    /// holds (`--lock-wait`).
    static func connect(_ connectionString: String, location: String, lockWait: LockWait) throws -> PostgresConnection {
        do {
            let db = try PostgresConnection(connectionString)
            let milliseconds = Int((lockWait.seconds * 1000).rounded())
            try db.execute("SELECT set_config('lock_timeout', $1, false)", [String(max(1, milliseconds))])
            return db
        } catch {
            throw StoreError.storage(path: location, message: error.message)
        }
    }

    /// Runs `body`, with a server's error as a storage error of this ledger.
    @discardableResult
    static func storage<T>(_ location: String, lockWait: LockWait = LockWait(), _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError {
            throw map(error, location: location, lockWait: lockWait)
        }
    }

    static func map(_ error: PostgresError, location: String, lockWait: LockWait) -> StoreError {
        switch error.sqlState {
        case "55P03": return .busy(path: location, waited: lockWait.seconds)
        case "40001", "40P01": return .conflict(path: location, attempts: attempts)
        // Another command took the same next identifier and committed first.
        case "23505" where error.message.contains("_pkey\""): return .conflict(path: location, attempts: attempts)
        case "P0001":
            // The append-only and never-deleted triggers: a programming error, as on SQLite.
            return .storage(path: location, message: error.message)
        case "22003": return .storage(path: location, message: "a sum of amounts is beyond 64 bits (\(error.message))")
        default: return .storage(path: location, message: error.message)
        }
    }

    public func write<T>(_ stamp: Stamp, _ body: (any LedgerWriting) throws -> T) throws -> T {
        try transaction(stamp, body)
    }

    /// Like ``write(_:_:)``: PostgreSQL checks each row's references as it goes in, and the
    /// loaders look customers up by code themselves.
    public func bulkWrite<T>(
        _ stamp: Stamp, loading load: BulkLoad, _ body: (any LedgerWriting) throws -> T
    ) throws
        -> T
    {
        try transaction(stamp, body)
    }

    func transaction<T>(_ stamp: Stamp, _ body: (PostgresTransaction) throws -> T) throws -> T {
        try lock.withLock {
            var attempt = 1
            while true {
                do {
                    return try Self.storage(location, lockWait: lockWait) {
                        try db.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
                        do {
                            let tx = PostgresTransaction(db: db, stamp: stamp, location: location)
                            let result = try body(tx)
                            try tx.finish()
                            try db.execute(tx.state.dryRun ? "ROLLBACK" : "COMMIT")
                            return result
                        } catch {
                            _ = try? db.execute("ROLLBACK")
                            throw error
                        }
                    }
                } catch let error as StoreError {
                    guard case .conflict = error, attempt < Self.attempts else { throw error }
                    // Both commands ran into each other: wait a little, longer each time.
                    usleep(UInt32.random(in: 1_000...(10_000 << min(attempt, 4))))
                    attempt += 1
                }
            }
        }
    }

    public func read<T>(_ body: (any LedgerReading) throws -> T) throws -> T {
        try lock.withLock {
            try Self.storage(location, lockWait: lockWait) {
                try db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                do {
                    let result = try body(PostgresReader(db: db, location: location))
                    try db.execute("COMMIT")
                    return result
                } catch {
                    _ = try? db.execute("ROLLBACK")
                    throw error
                }
            }
        }
    }

    /// `dun backup` writes an SQLite file; a PostgreSQL ledger is backed up by the server's own
    /// tools, or copied to a file with `dun ledger copy`.
    public func backup(to path: String) throws {
        throw StoreError.storage(
            path: location,
            message:
                "dun backup copies SQLite ledgers; back this one up with pg_dump, or copy it into a file with "
                + "`dun ledger copy --to \(path)`")
    }
}

/// Read access inside one snapshot of a PostgreSQL ledger. Queries live in extensions, one file
/// per aggregate.
public struct PostgresReader {
    let db: PostgresConnection
    let location: String
}

/// What a transaction has done so far.
final class TransactionState {
    var journaled = false
    var changes = 0
    var dryRun = false
}

/// Write access inside one transaction on a PostgreSQL ledger.
public struct PostgresTransaction {
    let db: PostgresConnection
    public let stamp: Stamp
    let location: String
    let state = TransactionState()

    /// Reads within this transaction, seeing its own changes.
    public var reader: any LedgerReading { postgresReader }

    var postgresReader: PostgresReader { PostgresReader(db: db, location: location) }

    public func rollBackAtEnd() { state.dryRun = true }

    /// Nothing to do: the server's shared buffers are its own.
    public func expectScatteredUpdates() throws {}

    /// Runs a statement that may change rows, counting those it changed for the journal check
    /// (as SQLite's change count does: one that changed nothing needs no journal entry).
    @discardableResult
    func change(_ sql: String, _ parameters: [String?] = []) throws -> PostgresRows {
        let result = try db.execute(sql, parameters)
        state.changes += result.changed
        return result
    }

    /// The next identifier of `table`: one more than the highest, so that a rolled-back command
    /// leaves no gap. Two commands taking the same one cannot both commit (the primary key, and
    /// SERIALIZABLE): one of them runs again.
    func nextID(_ table: String) throws -> Int64 {
        Int64(try db.execute("SELECT coalesce(max(id), 0) + 1 FROM \(table)").rows[0][0] ?? "1") ?? 1
    }

    /// A transaction that changed anything must have journaled it.
    func finish() throws {
        if state.changes > 0 && !state.journaled {
            throw StoreError.storage(path: location, message: "a change was not journaled")
        }
    }
}

import Foundation
import GRDB
import GRDBSQLite
import LedgerPort
import Receivables

/// The ledger: one SQLite database file, opened once per process.
///
/// Every change happens in ``write(_:_:)``, one transaction that must append to the journal;
/// reads happen in ``read(_:)``. The file is in WAL mode with `synchronous = NORMAL`, foreign
/// keys on and a busy timeout, as measured in the project's benchmark notes.
public final class Ledger: Sendable {
    let queue: DatabaseQueue
    /// The path as the user gave it, for messages.
    public let path: String

    /// How long this ledger's commands wait for another process's write lock.
    public let lockWait: LockWait

    private init(queue: DatabaseQueue, path: String, lockWait: LockWait) {
        self.queue = queue
        self.path = path
        self.lockWait = lockWait
    }

    /// Opens an existing ledger, upgrading its schema when it was written by an older dun.
    ///
    /// The file is looked at read-only first: one that is not a dun ledger (another program's
    /// database, an empty file) is refused with its bytes unchanged, never switched to WAL.
    public static func open(path: String, lockWait: LockWait = LockWait()) throws(StoreError) -> Ledger {
        guard FileManager.default.fileExists(atPath: path) else { throw .noLedger(path: path) }
        switch try recognise(path) {
        case .ledger: break
        case .emptyFile, .emptyDatabase: throw .noLedger(path: path)
        case .other(let reason): throw .notALedger(path: path, reason: reason)
        }
        let ledger = try connect(path: path, lockWait: lockWait)
        try ledger.checkSchema(creating: false)
        return ledger
    }

    /// Creates a new ledger at `path` (an absent or empty file, or an SQLite database without
    /// tables), with the current schema. Any other file is refused untouched.
    public static func create(path: String, lockWait: LockWait = LockWait()) throws(StoreError) -> Ledger {
        if FileManager.default.fileExists(atPath: path), case .other(let reason) = try recognise(path) {
            throw .notALedger(path: path, reason: reason)
        }
        let ledger = try connect(path: path, lockWait: lockWait)
        try ledger.checkSchema(creating: true)
        return ledger
    }

    /// dun's mark in the SQLite file header (`PRAGMA application_id`): ASCII "dun1".
    public static let applicationID: Int32 = 0x6475_6E31

    /// What an existing file is, as far as dun is concerned.
    enum FileKind: Equatable {
        /// A dun ledger: marked with ``applicationID``, or made before the mark, with dun's
        /// migration table and journal.
        case ledger
        /// Zero bytes: only `dun init` may make a ledger of it.
        case emptyFile
        /// An SQLite database without tables.
        case emptyDatabase
        /// Anything else, and why it is not a ledger.
        case other(String)
    }

    /// Looks at the file without writing to it: the header first, then, where the header does
    /// not tell (a ledger made before the mark, or one whose first page is still in the WAL), a
    /// read-only look at its schema. No WAL or lock files are created for a file without one.
    static func recognise(_ path: String) throws(StoreError) -> FileKind {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .storage(path: path, message: "cannot open the file")
        }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        if header.isEmpty { return .emptyFile }
        let magic = Array("SQLite format 3".utf8) + [0]
        guard header.count == 100, Array(header.prefix(16)) == magic else {
            return .other("not an SQLite database")
        }
        let mark = header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        if Int32(bitPattern: mark) == applicationID { return .ledger }
        if mark != 0 { return .other(String(format: "it belongs to another program: application id 0x%08x", mark)) }
        return try probe(path)
    }

    /// Reads the application id and the table names on a read-only connection of its own.
    /// Without a `-wal` file the database is opened as immutable, so that SQLite creates none.
    private static func probe(_ path: String) throws(StoreError) -> FileKind {
        var escaped = ""
        for character in path.unicodeScalars {
            switch character {
            case "%", "?", "#": escaped += String(format: "%%%02X", character.value)
            default: escaped.unicodeScalars.append(character)
            }
        }
        let hasWAL = FileManager.default.fileExists(atPath: path + "-wal")
        let uri = "file:\(escaped)?" + (hasWAL ? "mode=ro" : "immutable=1")
        var db: OpaquePointer?
        defer { sqlite3_close_v2(db) }
        func failure(_ code: Int32) -> StoreError {
            if code == SQLITE_NOTADB { return .notALedger(path: path, reason: "not an SQLite database") }
            if code == SQLITE_BUSY || code == SQLITE_LOCKED { return .busy(path: path, waited: 5) }
            let message = db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "error \(code)"
            return .storage(path: path, message: message)
        }
        let opened = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil)
        guard opened == SQLITE_OK, let db else { throw failure(opened) }
        sqlite3_busy_timeout(db, 5000)
        func column(_ sql: String) throws(StoreError) -> [String] {
            var statement: OpaquePointer?
            defer { sqlite3_finalize(statement) }
            let prepared = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
            guard prepared == SQLITE_OK else { throw failure(prepared) }
            var values: [String] = []
            while true {
                let step = sqlite3_step(statement)
                if step == SQLITE_DONE { return values }
                guard step == SQLITE_ROW else { throw failure(step) }
                values.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
            }
        }
        let mark = Int32(try column("PRAGMA application_id").first ?? "0") ?? 0
        if mark == applicationID { return .ledger }
        let tables = Set(try column("SELECT name FROM sqlite_master WHERE type = 'table'"))
        if mark != 0 {
            return .other(
                String(format: "it belongs to another program: application id 0x%08x", UInt32(bitPattern: mark)))
        }
        if tables.isEmpty { return .emptyDatabase }
        if tables.contains("grdb_migrations") && tables.contains("journal") { return .ledger }
        return .other("it holds other tables")
    }

    /// A private in-memory ledger with the current schema, for tests.
    public static func inMemory() throws(StoreError) -> Ledger {
        let path = ":memory:"
        do {
            let queue = try DatabaseQueue(configuration: configuration())
            let ledger = Ledger(queue: queue, path: path, lockWait: LockWait())
            try ledger.checkSchema(creating: true)
            return ledger
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.storage(path: path, message: "\(error)")
        }
    }

    static func configuration(lockWait: LockWait = LockWait()) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .callback(lockWait.busyCallback())
        config.label = "dun"
        config.prepareDatabase { db in
            // GRDB's own `.wal` mode resets `synchronous`, so both are set here, in this order.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            // No mmap: mapped pages of a 300 MB ledger count in the process's resident memory,
            // and a short-lived command gains little from them.
            // `DUN_PROFILE_SQL=ms` prints to standard error every statement that took at least
            // that many milliseconds: how slow reports are taken apart on a big ledger.
            if let text = ProcessInfo.processInfo.environment["DUN_PROFILE_SQL"], let threshold = Double(text) {
                db.trace(options: .profile) { event in
                    guard case .profile(let statement, let duration) = event, duration * 1000 >= threshold else {
                        return
                    }
                    let sql = statement.sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    FileHandle.standardError.write(
                        Data(String(format: "%9.1f ms  %@\n", duration * 1000, String(sql.prefix(160))).utf8))
                }
            }
            // Lets index builds after a bulk load sort on a second core.
            try db.execute(sql: "PRAGMA threads = \(min(4, max(1, ProcessInfo.processInfo.activeProcessorCount)))")
        }
        return config
    }

    private static func connect(path: String, lockWait: LockWait) throws(StoreError) -> Ledger {
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration(lockWait: lockWait))
            return Ledger(queue: queue, path: path, lockWait: lockWait)
        } catch {
            throw map(error, path: path, lockWait: lockWait)
        }
    }

    private func checkSchema(creating: Bool) throws(StoreError) {
        do {
            struct State { var hasTables, isLedger, complete: Bool; var unknown: [String] }
            // One read with two plain queries: this runs before every command.
            let state = try queue.read { db -> State in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                let isLedger = tables.contains("grdb_migrations")
                let applied = isLedger ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
                let known = Schema.migrator.migrations
                return State(
                    hasTables: !tables.isEmpty, isLedger: isLedger, complete: Set(known).isSubset(of: applied),
                    unknown: applied.filter { !known.contains($0) }.sorted())
            }
            if !state.unknown.isEmpty { throw StoreError.newerSchema(path: path, unknown: state.unknown) }
            if state.hasTables && !state.isLedger {
                throw StoreError.notALedger(path: path, reason: "it holds other tables")
            }
            if creating && state.complete { throw StoreError.alreadyInitialized(path: path) }
            if !creating && !state.isLedger { throw StoreError.noLedger(path: path) }
            if !state.complete { try Schema.migrator.migrate(queue) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Ledger.map(error, path: path, lockWait: lockWait)
        }
    }

    /// Runs `body` in one immediate transaction stamped with `stamp`; commits when it returns.
    ///
    /// A transaction that changes any row must append to the journal: one that does not is a
    /// programming error, reported as a storage failure and rolled back.
    public func write<T>(_ stamp: Stamp, _ body: (any LedgerWriting) throws -> T) throws -> T {
        try sqliteWrite(stamp, body)
    }

    /// The same, with this engine's own transaction.
    func sqliteWrite<T>(_ stamp: Stamp, _ body: (LedgerTransaction) throws -> T) throws -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    let before = db.totalChangesCount
                    let transaction = LedgerTransaction(db: db, stamp: stamp, file: file)
                    result = try body(transaction)
                    try transaction.writeMoneyTotals()
                    if db.totalChangesCount != before && !transaction.journaled.value {
                        throw StoreError.storage(path: path, message: "a change was not journaled")
                    }
                    return transaction.dryRun.value ? .rollback : .commit
                }
                return result!
            }
        } catch let error as DatabaseError {
            throw Ledger.map(error, path: path, lockWait: lockWait)
        }
    }

    /// Runs a bulk load: like ``write(_:_:)``, with foreign-key enforcement off while rows go in
    /// (enforcing them row by row costs as much as the rest of the load) and checked once, before
    /// the commit, for the tables whose references the loader does not resolve itself: a
    /// customer's bank accounts. The invoice loader looks every customer up by its code, so its
    /// references hold by construction and a check would only cost a scan of a million rows.
    public func bulkWrite<T>(
        _ stamp: Stamp, loading load: BulkLoad, _ body: (any LedgerWriting) throws -> T
    ) throws -> T {
        switch load {
        case .customers: try sqliteBulkWrite(stamp, checking: ["customer_iban"], body)
        case .invoices: try sqliteBulkWrite(stamp, checking: [], body)
        }
    }

    /// The same, with this engine's own transaction, checking the references of `tables`.
    func sqliteBulkWrite<T>(
        _ stamp: Stamp, checking tables: [String], _ body: (LedgerTransaction) throws -> T
    ) throws -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                var result: T?
                try db.inTransaction(.immediate) {
                    let transaction = LedgerTransaction(db: db, stamp: stamp, file: file)
                    let before = db.totalChangesCount
                    result = try body(transaction)
                    try transaction.writeMoneyTotals()
                    if db.totalChangesCount != before && !transaction.journaled.value {
                        throw StoreError.storage(path: path, message: "a change was not journaled")
                    }
                    for table in tables {
                        if try Row.fetchOne(db, sql: "PRAGMA foreign_key_check(\(table))") != nil {
                            throw StoreError.storage(path: path, message: "the load broke a reference in \(table)")
                        }
                    }
                    return transaction.dryRun.value ? .rollback : .commit
                }
                return result!
            }
        } catch let error as DatabaseError {
            throw Ledger.map(error, path: path, lockWait: lockWait)
        }
    }

    /// Copies the ledger, as of one snapshot, into a new database at `path` (an absent or empty
    /// file) with SQLite's online backup: others go on reading and writing meanwhile; a change
    /// committed during the copy is not in it.
    public func backup(to path: String) throws(StoreError) {
        do {
            var configuration = Configuration()
            configuration.label = "dun-backup"
            let copy = try DatabaseQueue(path: path, configuration: configuration)
            try queue.backup(to: copy)
            try copy.close()
        } catch {
            throw Ledger.map(error, path: path, lockWait: lockWait)
        }
    }

    /// Runs `body` on a consistent snapshot of the ledger.
    public func read<T>(_ body: (any LedgerReading) throws -> T) throws -> T {
        try sqliteRead(body)
    }

    /// The same, with this engine's own reader.
    func sqliteRead<T>(_ body: (LedgerReader) throws -> T) throws -> T {
        do {
            return try queue.read { db in try body(LedgerReader(db: db, file: file, holdsWriteLock: false)) }
        } catch let error as DatabaseError {
            throw Ledger.map(error, path: path, lockWait: lockWait)
        }
    }

    /// The file the big scans may also read on other connections (none for an in-memory ledger).
    public var file: String? { path == ":memory:" ? nil : path }

    static func map(_ error: any Error, path: String, lockWait: LockWait = LockWait()) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return .storage(path: path, message: "\(error)")
        }
        switch error.resultCode {
        case .SQLITE_NOTADB: return .notALedger(path: path, reason: "not an SQLite database")
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path, waited: lockWait.seconds)
        case .SQLITE_CANTOPEN: return .storage(path: path, message: "cannot open the file")
        case .SQLITE_READONLY: return .storage(path: path, message: "the file is read-only")
        case .SQLITE_FULL: return .storage(path: path, message: "the disk is full")
        case .SQLITE_CORRUPT: return .storage(path: path, message: "the database file is corrupt")
        case .SQLITE_ERROR where error.message == "integer overflow":
            // Only a ledger filled past the money ceiling by an older dun can get here.
            return .storage(path: path, message: "a sum of amounts is beyond 64 bits (integer overflow)")
        default: return .storage(path: path, message: error.message ?? "\(error.resultCode)")
        }
    }
}

/// A mutable flag shared by the copies of a transaction value.
final class Flag: @unchecked Sendable {
    var value = false
}

/// Read access to the ledger inside one snapshot. Queries live in extensions beside their records.
public struct LedgerReader {
    let db: Database
    /// The ledger's file, for scans that read it on several connections at once.
    var file: String? = nil
    /// Whether `db` is in an immediate transaction, which keeps every other writer out.
    var holdsWriteLock = false
}

/// Write access inside one transaction. Every change appends to the journal through
/// ``journal(_:subject:refs:details:)``.
public struct LedgerTransaction {
    let db: Database
    public let stamp: Stamp
    let journaled = Flag()
    let dryRun = Flag()
    let tally = MoneyTally()

    let file: String?

    init(db: Database, stamp: Stamp, file: String? = nil) {
        self.db = db
        self.stamp = stamp
        self.file = file
    }

    /// Reads within this transaction, seeing its own changes.
    public var reader: any LedgerReading { sqliteReader }

    /// The same, as this engine's own type.
    var sqliteReader: LedgerReader { LedgerReader(db: db, file: file, holdsWriteLock: true) }

    /// Rolls the transaction back when the body returns, instead of committing (`--dry-run`).
    public func rollBackAtEnd() { dryRun.value = true }

    /// Lets SQLite keep 64 MB of pages for the rest of the command, for commands whose rows
    /// update pages all over a big ledger (a payment is applied to an invoice anywhere in a
    /// million): with the default 2 MB the same pages are read again and spilled to the WAL
    /// again. Measured on the benchmark ledger, 50,000 payments: 4.1-4.6 s -> 3.1-3.5 s, system
    /// time 0.8 -> 0.3 s, peak memory 30 -> 97 MB. Not for the invoice import, whose index build
    /// sorts within the cache: 37 -> 162 MB and slower.
    public func expectScatteredUpdates() throws {
        try db.execute(sql: "PRAGMA cache_size = -\(64 * 1024)")
    }
}

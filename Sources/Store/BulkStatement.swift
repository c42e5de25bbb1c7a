import GRDB
import GRDBSQLite
import LedgerPort
import Receivables

/// A prepared statement driven through SQLite's C API, for loads of a million rows: binding
/// through GRDB's `StatementArguments` costs more per row than the insert itself.
///
/// Bound text is copied into an arena that lives as long as the statement and is reused for
/// every row, and handed to SQLite as static: SQLite's own copy would cost a `malloc` and a
/// `free` per value.
final class BulkStatement {
    let statement: Statement
    let db: Database
    private let handle: OpaquePointer
    private let arena: UnsafeMutablePointer<UInt8>
    private let arenaSize = 16_384
    private var used = 0

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        arena = .allocate(capacity: arenaSize)
    }

    deinit {
        sqlite3_clear_bindings(handle)
        arena.deallocate()
    }

    func bind(_ index: Int32, _ value: String?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        var text = value
        text.withUTF8 { buffer in
            if used + buffer.count <= arenaSize, let base = buffer.baseAddress {
                // The arena is not touched again before the row is stepped and reset.
                (arena + used).update(from: base, count: buffer.count)
                arena.withMemoryRebound(to: CChar.self, capacity: arenaSize) { start in
                    _ = sqlite3_bind_text(handle, index, start + used, Int32(buffer.count), sqliteStatic)
                }
                used += buffer.count
            } else {
                _ = buffer.withMemoryRebound(to: CChar.self) {
                    sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), sqliteTransient)
                }
            }
        }
    }

    func bind(_ index: Int32, _ value: Int64?) { bindInteger(handle, index, value) }

    /// Binds a day as its ISO text, written straight into the arena.
    func bind(_ index: Int32, _ day: Day) {
        guard used + 10 <= arenaSize, day.writeISO(to: arena + used) else { return bind(index, day.iso) }
        arena.withMemoryRebound(to: CChar.self, capacity: arenaSize) { start in
            _ = sqlite3_bind_text(handle, index, start + used, 10, sqliteStatic)
        }
        used += 10
    }

    /// Runs the statement once and resets it for the next row; returns the rows it changed.
    @discardableResult
    func run() throws -> Int {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        used = 0
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw stepFailure(code, db, statement.sql)
        }
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    /// Runs a query and gives each row's columns to `read`.
    func each(_ read: (OpaquePointer) -> Void) throws {
        defer {
            sqlite3_reset(handle)
            used = 0
        }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw stepFailure(code, db, statement.sql)
            }
            read(handle)
        }
    }

    /// Steps a query to its next row, read through ``row``; `false` after the last one, when the
    /// statement is reset for another run.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        sqlite3_reset(handle)
        used = 0
        guard code == SQLITE_DONE else { throw stepFailure(code, db, statement.sql) }
        return false
    }

    /// The row ``step()`` stopped on.
    var row: OpaquePointer { handle }

    /// Runs a query expected to return one row and gives the row's columns to `read`.
    func one<T>(_ read: (OpaquePointer) -> T) throws -> T? {
        defer {
            sqlite3_reset(handle)
            used = 0
        }
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return read(handle) }
        guard code == SQLITE_DONE else {
            throw stepFailure(code, db, statement.sql)
        }
        return nil
    }
}

/// A statement GRDB keeps prepared (`cachedStatement`), bound and stepped through SQLite's C
/// API: for the few statements every payment of an import runs, where building
/// `StatementArguments` and `Row` values costs more than SQLite's own work. Each use starts
/// from a reset statement and leaves it reset with no bindings, so GRDB can run the same SQL.
struct QuickStatement {
    private let statement: Statement
    private let db: Database
    private var handle: OpaquePointer { statement.sqliteStatement }

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
        sqlite3_reset(statement.sqliteStatement)
    }

    @discardableResult
    func bind(_ index: Int32, _ value: String?) -> QuickStatement {
        if let value {
            var text = value
            text.withUTF8 { buffer in
                if let base = buffer.baseAddress {
                    _ = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        sqlite3_bind_text(handle, index, $0, Int32(buffer.count), sqliteTransient)
                    }
                } else {
                    _ = sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
                }
            }
        } else {
            sqlite3_bind_null(handle, index)
        }
        return self
    }

    @discardableResult
    func bind(_ index: Int32, _ value: Int64?) -> QuickStatement {
        bindInteger(handle, index, value)
        return self
    }

    /// Runs a change.
    func run() throws {
        try step()
        finish()
    }

    /// Reads the first row, if any.
    func one<T>(_ read: (OpaquePointer) -> T) throws -> T? {
        defer { finish() }
        return try step() ? read(handle) : nil
    }

    /// Reads every row.
    func each(_ read: (OpaquePointer) -> Void) throws {
        defer { finish() }
        while try step() { read(handle) }
    }

    /// Whether a row came back.
    private func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        finish()
        throw stepFailure(code, db, statement.sql)
    }

    private func finish() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }
}

/// Binds an integer, or null.
private func bindInteger(_ handle: OpaquePointer, _ index: Int32, _ value: Int64?) {
    if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
}

/// The error of a step that neither gave a row nor finished, with SQLite's message.
private func stepFailure(_ code: Int32, _ db: Database, _ sql: String) -> DatabaseError {
    DatabaseError(
        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
}

/// SQLite copies bound text before `bind` returns.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
/// SQLite uses bound text in place until the statement is reset.
private let sqliteStatic: sqlite3_destructor_type? = nil

func columnText(_ handle: OpaquePointer, _ index: Int32) -> String? {
    guard let pointer = sqlite3_column_text(handle, index) else { return nil }
    return String(cString: pointer)
}

/// A `YYYY-MM-DD` column as a day, parsed from SQLite's bytes without a `String`.
func columnDay(_ handle: OpaquePointer, _ index: Int32) -> Day? {
    guard let text = sqlite3_column_text(handle, index) else { return nil }
    return Day.parseISO(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, index))))
}

func columnInt(_ handle: OpaquePointer, _ index: Int32) -> Int64 {
    sqlite3_column_int64(handle, index)
}

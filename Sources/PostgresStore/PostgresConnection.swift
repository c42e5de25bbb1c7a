import CLibPQ
import Foundation

// PostgreSQL through libpq, the PostgreSQL project's own C client: synchronous like GRDB, and
// its connection strings behave exactly as psql's (postgres:// and postgresql:// URIs,
// key=value strings, PG* variables, ~/.pgpass, service files, every sslmode).

/// A failure talking to PostgreSQL: the server's SQLSTATE when it gave one, and a message in
/// which no password appears.
public struct PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The server could not be reached, or refused the login.
        case connection
        /// A statement failed.
        case statement
    }

    public var kind: Kind
    /// The five-character SQLSTATE (`23505` unique violation, `40001` serialization failure…).
    public var sqlState: String?
    public var message: String

    public var description: String { message }

    /// A serialization failure or a deadlock: the transaction may succeed if run again.
    public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
}

/// Connection strings with their passwords hidden, for every message that names one.
public enum PostgresConnectionString {
    /// `postgres://user:secret@host/db` → `postgres://user:***@host/db`; `password=secret` →
    /// `password=***` in a key=value string (quoted values too).
    public static func redacted(_ text: String) -> String {
        var out = text
        for scheme in ["postgresql://", "postgres://"] {
            guard let start = out.range(of: scheme) else { continue }
            let rest = out[start.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
                continue
            }
            out.replaceSubrange(out.index(after: colon)..<at, with: "***")
        }
        var result = ""
        var remaining = Substring(out)
        while let found = remaining.range(of: "password") {
            result += remaining[..<found.upperBound]
            remaining = remaining[found.upperBound...]
            let spaces = remaining.prefix { $0 == " " }
            guard remaining.dropFirst(spaces.count).first == "=" else { continue }
            remaining = remaining.dropFirst(spaces.count + 1)
            let blanks = remaining.prefix { $0 == " " }
            remaining = remaining.dropFirst(blanks.count)
            result += spaces + "=" + blanks + "***"
            if remaining.first == "'" {
                var index = remaining.index(after: remaining.startIndex)
                while index < remaining.endIndex, remaining[index] != "'" {
                    if remaining[index] == "\\" { index = remaining.index(after: index) }
                    if index < remaining.endIndex { index = remaining.index(after: index) }
                }
                remaining = index < remaining.endIndex ? remaining[remaining.index(after: index)...] : ""
            } else {
                remaining = remaining.drop { $0 != " " }
            }
        }
        return result + remaining
    }
}

/// What a statement returned: its column names and rows as text (NULL as `nil`), and how many
/// rows it changed.
public struct PostgresRows: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String?]]
    public var changed: Int
}

/// One connection to a PostgreSQL server. Not shared between threads.
public final class PostgresConnection {
    private let handle: OpaquePointer
    /// The statements prepared on this connection, by their text: a command that runs the same
    /// statement thousands of times (an import posting payments) has it parsed and planned once.
    private var prepared: [String: String] = [:]
    /// Statements built with their values in the text would each be new: past this many, the
    /// rest run unprepared.
    private static let preparedLimit = 400

    /// Connects with a URI or a key=value string, as psql would; the session speaks UTF-8.
    public init(_ connectionString: String) throws(PostgresError) {
        guard let handle = PQconnectdb(connectionString) else {
            throw PostgresError(kind: .connection, sqlState: nil, message: "out of memory")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.text(PQerrorMessage(handle))
            PQfinish(handle)
            throw PostgresError(
                kind: .connection, sqlState: nil, message: Self.clean(message, hiding: connectionString))
        }
        self.handle = handle
        if PQsetClientEncoding(handle, "UTF8") != 0 {
            throw PostgresError(kind: .connection, sqlState: nil, message: Self.text(PQerrorMessage(handle)))
        }
        // The server's notices (`relation … already exists, skipping`) are not the user's business;
        // warnings still reach standard error through libpq.
        try execute("SET client_min_messages TO warning")
    }

    deinit { PQfinish(handle) }

    /// The server's version as a number (150018 for 15.18).
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Runs one statement with `$1`, `$2`… bound to `parameters` as text (`nil` is NULL).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRows {
        let name = parameters.isEmpty ? nil : try statement(sql)
        let result = withParameters(parameters) { values in
            if let name { return PQexecPrepared(handle, name, Int32(parameters.count), values, nil, nil, 0) }
            return PQexecParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        try check(result, accepting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK])
        let columnCount = PQnfields(result)
        let columns = (0..<columnCount).map { Self.text(PQfname(result, $0)) }
        let rows = (0..<PQntuples(result)).map { row in
            (0..<columnCount).map { column -> String? in
                PQgetisnull(result, row, column) == 1 ? nil : Self.text(PQgetvalue(result, row, column))
            }
        }
        return PostgresRows(columns: columns, rows: rows, changed: Int(Self.text(PQcmdTuples(result))) ?? 0)
    }

    /// The name of `sql` prepared on this connection (prepared now if it was not), or `nil` once
    /// ``preparedLimit`` statements are.
    private func statement(_ sql: String) throws(PostgresError) -> String? {
        if let name = prepared[sql] { return name }
        guard prepared.count < Self.preparedLimit else { return nil }
        let name = "dun_\(prepared.count + 1)"
        let result = PQprepare(handle, name, sql, 0, nil)
        defer { PQclear(result) }
        try check(result, accepting: [PGRES_COMMAND_OK])
        prepared[sql] = name
        return name
    }

    /// Runs one query like ``execute(_:_:)``, in libpq's single-row mode: `body` gets each row as
    /// it arrives, read in place, so that a result of a million rows is never held whole. `body`
    /// must not use this connection (the query is still running). An error the server reports
    /// midway (after `body` had some rows) is thrown once the result is drained, and leaves the
    /// connection usable.
    public func stream(
        _ sql: String, _ parameters: [String?] = [], _ body: (PostgresStreamedRow) -> Void
    ) throws(PostgresError) {
        let sent = withParameters(parameters) { values in
            PQsendQueryParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        guard sent == 1 else {
            throw PostgresError(kind: .statement, sqlState: nil, message: Self.text(PQerrorMessage(handle)))
        }
        _ = PQsetSingleRowMode(handle)
        var failure: PostgresError?
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            guard failure == nil else { continue }
            do throws(PostgresError) {
                // One row at a time, then the last result: none (PGRES_TUPLES_OK), or the error that
                // ended the query. Rows in that last result too, had single-row mode been refused.
                try check(result, accepting: [PGRES_SINGLE_TUPLE, PGRES_TUPLES_OK])
                for row in 0..<PQntuples(result) { body(PostgresStreamedRow(result: result, row: row)) }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Runs several statements separated by semicolons, without parameters (schema scripts).
    public func executeScript(_ sql: String) throws(PostgresError) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, accepting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK])
    }

    /// Streams `lines` (each one CSV record, without its line end) to `COPY … FROM STDIN`;
    /// returns the rows copied. A bad record fails the whole COPY with the server's message,
    /// which names the line.
    @discardableResult
    public func copy(_ sql: String, lines: some Sequence<String>) throws(PostgresError) -> Int {
        let start = PQexec(handle, sql)
        let began = PQresultStatus(start) == PGRES_COPY_IN
        if !began {
            defer { PQclear(start) }
            try check(start, accepting: [PGRES_COPY_IN])
        }
        PQclear(start)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        func send() -> Bool {
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer.withUnsafeBufferPointer { bytes in
                bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    PQputCopyData(handle, $0, Int32(bytes.count)) == 1
                }
            }
        }
        var sent = true
        for line in lines where sent {
            buffer.append(contentsOf: line.utf8)
            buffer.append(0x0A)
            if buffer.count >= 1 << 16 { sent = send() }
        }
        if sent && !buffer.isEmpty { sent = send() }
        _ = PQputCopyEnd(handle, sent ? nil : "the client stopped")
        var copied = 0
        var failure: PostgresError?
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            do throws(PostgresError) {
                try check(result, accepting: [PGRES_COMMAND_OK])
                copied += Int(Self.text(PQcmdTuples(result))) ?? 0
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        return copied
    }

    /// Runs `body` in a transaction at `isolation`, committed when it returns and rolled back
    /// when it throws. A serialization failure or deadlock runs it again, up to `attempts` times
    /// in all; the last failure is then thrown.
    public func transaction<T>(
        isolation: String = "SERIALIZABLE", attempts: Int = 5, _ body: () throws -> T
    ) throws -> T {
        var attempt = 1
        while true {
            try execute("BEGIN ISOLATION LEVEL \(isolation)")
            do {
                let value = try body()
                try execute("COMMIT")
                return value
            } catch let error as PostgresError where error.isRetryable && attempt < attempts {
                _ = try? execute("ROLLBACK")
                attempt += 1
            } catch {
                _ = try? execute("ROLLBACK")
                throw error
            }
        }
    }

    private func check(_ result: OpaquePointer?, accepting: [ExecStatusType]) throws(PostgresError) {
        guard let result else {
            throw PostgresError(kind: .statement, sqlState: nil, message: Self.text(PQerrorMessage(handle)))
        }
        let status = PQresultStatus(result)
        guard !accepting.contains(status) else { return }
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        var message = Self.text(PQresultErrorMessage(result))
        if message.isEmpty { message = Self.text(PQresStatus(status)) }
        throw PostgresError(kind: .statement, sqlState: state, message: Self.clean(message, hiding: nil))
    }

    private func withParameters<R>(_ parameters: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for copy in copies { free(copy) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }

    private static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// One line, trimmed, with the connection string's password (if it appears) hidden.
    private static func clean(_ message: String, hiding connectionString: String?) -> String {
        var text = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: "; ")
        if let connectionString {
            text = text.replacingOccurrences(
                of: connectionString, with: PostgresConnectionString.redacted(connectionString))
        }
        return PostgresConnectionString.redacted(text)
    }
}

/// One row of a streamed query (``PostgresConnection/stream(_:_:_:)``), its values read by
/// column position straight from libpq's result: valid only inside the call that gets it.
public struct PostgresStreamedRow {
    fileprivate let result: OpaquePointer
    fileprivate let row: Int32

    /// The value's text, `nil` for NULL.
    public func text(_ column: Int32) -> String? {
        PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
    }

    /// `body` of the value's bytes (its text, without the terminating zero), read in place;
    /// `nil` for NULL.
    public func withBytes<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard PQgetisnull(result, row, column) == 0, let value = PQgetvalue(result, row, column) else { return nil }
        return value.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
            body(UnsafeBufferPointer(start: bytes, count: Int(PQgetlength(result, row, column))))
        }
    }

    /// The value as an integer, parsed in place; `nil` for NULL or what is not one.
    public func int(_ column: Int32) -> Int64? {
        guard PQgetisnull(result, row, column) == 0, let value = PQgetvalue(result, row, column) else { return nil }
        var end: UnsafeMutablePointer<CChar>?
        let parsed = strtoll(value, &end, 10)
        return end.map { $0 != value && $0.pointee == 0 } == true ? Int64(parsed) : nil
    }
}

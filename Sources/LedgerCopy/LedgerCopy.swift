import Foundation
import PostgresStore
import Store

/// `dun ledger copy`: a SQLite ledger, journal included, into an empty PostgreSQL database, in
/// one transaction at the target, verified table by table.
public enum LedgerCopy {
    /// What was copied: each table's rows, and the checksum both sides agreed on.
    public struct Report: Sendable {
        public var tables: [(name: String, rows: Int)]
        public var rows: Int { tables.reduce(0) { $0 + $1.rows } }
    }

    /// A copy refused or that did not verify.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Copies the ledger at `path` into the database at `url` (its current schema), which must
    /// hold no ledger rows: the schema is created there if missing, every table is streamed
    /// through COPY in one transaction, each identity is moved past the ids copied, and the
    /// copy is read back: each table's row count and a checksum of its rows must equal the
    /// source's, or nothing is committed.
    public static func sqliteToPostgres(from path: String, to url: String) throws -> Report {
        let source = try Ledger.open(path: path)
        let target = try PostgresConnection(url)
        try PostgresSchema.migrate(target)
        let tables = try source.tableNames()
        let known = Set(
            try target.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            ).rows.compactMap { $0[0] })
        if let missing = tables.first(where: { !known.contains($0) }) {
            throw Refusal(description: "the target has no table \(missing): its schema is older than the ledger's")
        }
        for table in tables {
            if try target.execute("SELECT EXISTS (SELECT 1 FROM \(table))").rows == [["t"]] {
                throw Refusal(
                    description:
                        "the target already holds a ledger (table \(table) has rows); copy into an empty database")
            }
        }
        // PostgreSQL checks each foreign key as a row goes in: parents first, in the order the
        // target created its tables (each after the tables it references).
        let order = try target.execute(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.oid
            """
        ).rows.compactMap { $0[0] }.filter { tables.contains($0) }
        let lastIDs = try source.lastIDs()
        var report = Report(tables: [])
        var sums: [String: RowChecksum] = [:]
        try target.transaction(isolation: "SERIALIZABLE", attempts: 1) {
            try source.export(order) { table, columns, rows in
                var checksum = RowChecksum()
                var failure: (any Error)?
                let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
                try withoutActuallyEscaping(rows) { next in
                    // The rows go from SQLite's cursor to COPY as they are read.
                    let lines = AnySequence { () -> AnyIterator<String> in
                        AnyIterator {
                            guard failure == nil else { return nil }
                            do {
                                guard let row = try next() else { return nil }
                                checksum.add(row)
                                return CSV.line(row)
                            } catch {
                                failure = error
                                return nil
                            }
                        }
                    }
                    try target.copy("COPY \(table) (\(list)) FROM STDIN (FORMAT csv)", lines: lines)
                }
                if let failure { throw failure }
                sums[table] = checksum
                report.tables.append((table, checksum.rows))
            }
            // Identities go past the ids copied (and past those SQLite gave rows now gone).
            for row in try target.execute(
                """
                SELECT c.table_name, c.column_name FROM information_schema.columns c
                WHERE c.table_schema = current_schema() AND c.is_identity = 'YES'
                """
            ).rows {
                guard let table = row[0], let column = row[1], tables.contains(table) else { continue }
                let floor = lastIDs[table].map(String.init) ?? "0"
                try target.execute(
                    """
                    SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'),
                        greatest(coalesce(max(\(column)), 0), $1::bigint, 1), greatest(coalesce(max(\(column)), 0), $1::bigint) > 0)
                    FROM \(table)
                    """, [floor])
            }
            // Read back and compare.
            for (table, expected) in sums {
                var found = RowChecksum()
                try read(table, from: target) { _, row in found.add(row) }
                try compare(table, expected, found)
            }
        }
        return report
    }

    /// Copies the ledger in the database at `url` (its current schema) into a new SQLite ledger
    /// at `path`, which must not exist: the tables are read in one SERIALIZABLE, read-only
    /// transaction and written in one SQLite transaction, then the new file is read back and
    /// compared table by table with what was read, or removed.
    public static func postgresToSQLite(from url: String, to path: String) throws -> Report {
        if FileManager.default.fileExists(atPath: path) {
            throw Refusal(description: "\(path) already exists; name a new file for the copy")
        }
        let source = try PostgresConnection(url)
        guard let migrations = try PostgresSchema.recorded(source), !migrations.isEmpty else {
            throw Refusal(description: "the source holds no dun ledger (no dun_migration table)")
        }
        let unknown = PostgresSchema.unknown(migrations)
        guard unknown.isEmpty else {
            throw Refusal(
                description: "the source was written by a newer dun (schema \(unknown.joined(separator: ", "))); "
                    + "upgrade dun to copy it")
        }
        var report = Report(tables: [])
        do {
            let target = try Ledger.create(path: path)
            let tables = try target.tableNames()
            var sums: [String: RowChecksum] = [:]
            try source.execute("BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE")
            defer { _ = try? source.execute("ROLLBACK") }
            try target.load(tables) { table, columns, insert in
                var checksum = RowChecksum()
                try read(table, from: source, columns: columns) { _, row in
                    checksum.add(row)
                    try insert(row)
                }
                sums[table] = checksum
                report.tables.append((table, checksum.rows))
            }
            try target.export(tables) { table, _, next in
                var found = RowChecksum()
                while let row = try next() { found.add(row) }
                try compare(table, sums[table] ?? RowChecksum(), found)
            }
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
        return report
    }

    /// Reads a table of the connection's current schema as text, through a cursor, 10,000 rows
    /// a fetch (inside the caller's transaction); `columns` in that order, else all of them.
    static func read(
        _ table: String, from db: PostgresConnection, columns wanted: [String]? = nil,
        _ each: ([String], [String?]) throws -> Void
    ) throws {
        let columns =
            try wanted
            ?? db.execute(
                """
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position
                """, [table]
            ).rows.compactMap { $0[0] }
        let list = columns.map { "\"\($0)\"::text" }.joined(separator: ", ")
        try db.execute("DECLARE readback NO SCROLL CURSOR FOR SELECT \(list) FROM \(table)")
        while true {
            let batch = try db.execute("FETCH 10000 FROM readback").rows
            if batch.isEmpty { break }
            for row in batch { try each(columns, row) }
        }
        try db.execute("CLOSE readback")
    }

    static func compare(_ table: String, _ expected: RowChecksum, _ found: RowChecksum) throws {
        guard found == expected else {
            throw Refusal(
                description: "table \(table) did not copy exactly: \(expected.rows) rows read, "
                    + "\(found.rows) read back, checksums \(expected.hex) and \(found.hex); nothing was copied")
        }
    }
}

/// An order-independent checksum of a table's rows: each row hashed (FNV-1a, 64 bits, over its
/// values with their NULLs and lengths), the hashes added up, and the rows counted.
struct RowChecksum: Equatable {
    var rows = 0
    var sum: UInt64 = 0

    mutating func add(_ row: [String?]) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        for value in row {
            guard let value else {
                mix(0xFF)
                continue
            }
            for byte in String(value.utf8.count).utf8 { mix(byte) }
            mix(0x3A)
            for byte in value.utf8 { mix(byte) }
        }
        sum = sum &+ hash
        rows += 1
    }

    var hex: String {
        let text = String(sum, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}

/// CSV as PostgreSQL's COPY reads it: every value quoted (so an empty text stays empty text),
/// NULL as nothing.
enum CSV {
    static func line(_ row: [String?]) -> String {
        row.map { value in
            guard let value else { return "" }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}

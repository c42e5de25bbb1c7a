import Foundation
import GRDB
import LedgerPort

extension Ledger {
    /// The ledger's tables (not SQLite's nor GRDB's own), in the order they were created.
    public func tableNames() throws -> [String] {
        try queue.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table'
                    AND name NOT IN ('sqlite_sequence', 'grdb_migrations') ORDER BY rowid
                    """)
        }
    }

    /// The last id each AUTOINCREMENT table gave, which a copy's identities must go past even
    /// where the row is gone.
    public func lastIDs() throws -> [String: Int64] {
        try queue.read { db in
            guard try db.tableExists("sqlite_sequence") else { return [:] }
            return Dictionary(
                try Row.fetchAll(db, sql: "SELECT name, seq FROM sqlite_sequence").map { ($0["name"], $0["seq"]) },
                uniquingKeysWith: max)
        }
    }

    /// Reads `tables` in one snapshot, giving `visit` each table's columns and a function that
    /// returns its rows one at a time (`nil` after the last) as text: integers in decimal, text
    /// as it is, blobs as `\x` and lowercase hex (PostgreSQL's bytea text), NULL as `nil`.
    public func export(
        _ tables: [String],
        _ visit: (_ table: String, _ columns: [String], _ next: () throws -> [String?]?) throws -> Void
    ) throws {
        try queue.read { db in
            for table in tables {
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
                let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM \(table)")
                try visit(table, columns) {
                    guard let row = try cursor.next() else { return nil }
                    return row.databaseValues.map(Ledger.text)
                }
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A value as the copy writes it and PostgreSQL reads it back as text.
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): text
        case .blob(let data):
            "\\x"
                + String(decoding: data.flatMap { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 0xF)]] }, as: UTF8.self)
        }
    }
}

extension Ledger {
    /// Fills this ledger, new and empty, with rows read elsewhere (`dun ledger copy` from
    /// PostgreSQL), in one transaction: `rows` is called for each table in `tables` with its
    /// columns and a function that inserts one row given as text (integers in decimal, blobs as
    /// `\x` and hex, NULL as `nil`). Foreign keys are checked once, before the commit.
    public func load(
        _ tables: [String],
        _ rows: (_ table: String, _ columns: [String], _ insert: ([String?]) throws -> Void) throws -> Void
    ) throws {
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            try db.inTransaction(.immediate) {
                for table in tables {
                    let info = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))")
                    let columns = info.map { $0["name"] as String }
                    let blobs = Set(
                        info.filter { ($0["type"] as String).uppercased() == "BLOB" }.map { $0["name"] as String })
                    let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
                    let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
                    let statement = try db.makeStatement(sql: "INSERT INTO \(table) (\(list)) VALUES (\(marks))")
                    try rows(table, columns) { values in
                        let arguments: [(any DatabaseValueConvertible)?] = zip(columns, values).map { column, value in
                            guard let value else { return nil }
                            if blobs.contains(column), value.hasPrefix("\\x") {
                                return Ledger.bytes(hex: value.dropFirst(2))
                            }
                            return value
                        }
                        try statement.execute(arguments: StatementArguments(arguments))
                    }
                }
                if let broken = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") {
                    throw StoreError.storage(
                        path: path, message: "the copy broke a reference in \(broken[0] as String? ?? "a table")")
                }
                return .commit
            }
        }
    }

    static func bytes(hex: Substring) -> Data {
        var data = Data(capacity: hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex),
            let byte = UInt8(hex[index..<next], radix: 16)
        {
            data.append(byte)
            index = next
        }
        return data
    }
}

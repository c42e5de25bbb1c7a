import GRDB

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

    /// A value as the copy writes it and PostgreSQL reads it back as text.
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): text
        case .blob(let data):
            "\\x"
                + data.map { byte in
                    String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
                }
                .joined()
        }
    }
}

import Foundation
import LedgerPort
import Receivables

/// One row of a result, its values read by column name.
struct PostgresRow {
    let index: [String: Int]
    let values: [String?]

    subscript(_ column: String) -> String? {
        guard let position = index[column] else { preconditionFailure("no column \(column) in the result") }
        return values[position]
    }

    func text(_ column: String) -> String { self[column] ?? "" }
    func int(_ column: String) -> Int64 { self[column].flatMap { Int64($0) } ?? 0 }
    func optionalInt(_ column: String) -> Int64? { self[column].flatMap { Int64($0) } }
    func count(_ column: String) -> Int { Int(int(column)) }
    func day(_ column: String) -> Day { self[column].flatMap { Day(iso: $0) } ?? Day(ordinal: 0) }
    func optionalDay(_ column: String) -> Day? { self[column].flatMap { Day(iso: $0) } }
    /// PostgreSQL's text form of a boolean is `t` or `f`.
    func bool(_ column: String) -> Bool { self[column] == "t" || self[column] == "1" }
    func currency(_ column: String) -> Currency { Currency(code: text(column)) ?? .EUR }
    func money(_ cents: String, _ currency: String) -> Money {
        Money(minorUnits: int(cents), currency: self.currency(currency))
    }
}

extension PostgresRows {
    /// The rows, each readable by column name.
    var records: [PostgresRow] {
        var index: [String: Int] = [:]
        for (position, name) in columns.enumerated() where index[name] == nil { index[name] = position }
        return rows.map { PostgresRow(index: index, values: $0) }
    }
}

/// Arrays as one text parameter: `= ANY($1)` instead of a statement per length.
enum PostgresArray {
    /// A `text[]` literal: every element quoted, quotes and backslashes escaped.
    static func text(_ values: some Sequence<String>) -> String {
        "{"
            + values.map { value in
                var quoted = "\""
                for character in value {
                    if character == "\"" || character == "\\" { quoted.append("\\") }
                    quoted.append(character)
                }
                return quoted + "\""
            }.joined(separator: ",") + "}"
    }

    /// A `bigint[]` literal.
    static func int(_ values: some Sequence<Int64>) -> String {
        "{" + values.map(String.init).joined(separator: ",") + "}"
    }
}

extension PostgresConnection {
    /// The rows of a query, readable by column name.
    func rows(_ sql: String, _ parameters: [String?] = []) throws -> [PostgresRow] {
        try execute(sql, parameters).records
    }

    /// The first row of a query, if any.
    func row(_ sql: String, _ parameters: [String?] = []) throws -> PostgresRow? {
        try execute(sql, parameters).records.first
    }

    /// The first column of the first row, if any.
    func value(_ sql: String, _ parameters: [String?] = []) throws -> String? {
        try execute(sql, parameters).rows.first?.first ?? nil
    }

    /// The first column of the first row as an integer (0 when NULL or none).
    func integer(_ sql: String, _ parameters: [String?] = []) throws -> Int64 {
        try value(sql, parameters).flatMap { Int64($0) } ?? 0
    }
}

extension PostgresTransaction {
    /// Adds `amount` to the ledger's running total of its kind and currency, refusing one that
    /// would take the total past ``MoneyTotals/ceiling`` (as the SQLite engine does).
    func count(_ amount: Money, into kind: MoneyTotals.Kind) throws {
        guard amount.minorUnits != 0 else { return }
        let before = try db.integer(
            "SELECT cents FROM money_total WHERE kind = $1 AND currency = $2", [kind.rawValue, amount.currency.code])
        let (sum, overflow) = before.addingReportingOverflow(amount.minorUnits)
        if overflow || sum > MoneyTotals.ceiling {
            throw MoneyCeilingExceeded(description: MoneyTotals.refusal(kind, amount, total: before))
        }
        try db.execute(
            """
            INSERT INTO money_total (kind, currency, cents) VALUES ($1, $2, $3)
            ON CONFLICT (kind, currency) DO UPDATE SET cents = excluded.cents
            """, [kind.rawValue, amount.currency.code, String(sum)])
    }
}

import Foundation
import GRDB
import Receivables

/// One entry of the append-only audit trail: who did what to which thing, when and why.
public struct JournalEntry: Sendable, Hashable, Encodable {
    public var id: Int64
    public var recordedAt: String
    public var day: Day
    public var actor: String
    public var action: String
    public var subject: String
    public var details: [String: String]
}

/// The names under which the journal files an entry, so that the history of an invoice shows
/// the dispute logged against it and the hold placed on it.
public enum JournalRef {
    public static func invoice(_ number: InvoiceNumber) -> String { "invoice:\(number)" }
    public static func customer(_ code: CustomerCode) -> String { "customer:\(code)" }
    public static func dispute(_ id: DisputeID) -> String { "dispute:\(id)" }
    public static func hold(_ id: HoldID) -> String { "hold:\(id)" }
    public static let taxonomy = "taxonomy"
}

extension LedgerTransaction {
    /// Appends an entry to the journal, filed under `subject` and every ref in `refs`.
    public func journal(
        _ action: String, subject: String, refs: [String] = [], details: [String: String] = [:]
    ) throws {
        // Every change of every command comes through here (an import of 300,000 payments, as
        // many times): bound on the C API.
        try QuickStatement(
            db,
            """
            INSERT INTO journal (recorded_at, business_day, actor, action, subject, details)
            VALUES (?, ?, ?, ?, ?, ?)
            """
        ).bind(1, stamp.recordedAt).bind(2, stamp.day.iso).bind(3, stamp.actor).bind(4, action).bind(5, subject)
            .bind(6, JournalEntry.json(details)).run()
        let entry = db.lastInsertedRowID
        var filed: Set<String> = []
        for ref in [subject] + refs where filed.insert(ref).inserted {
            try QuickStatement(db, "INSERT INTO journal_ref (ref, entry_id) VALUES (?, ?)").bind(1, ref).bind(2, entry)
                .run()
        }
        journaled.value = true
    }
}

extension LedgerReader {
    /// Every journal entry filed under `ref`, oldest first.
    public func history(of ref: String) throws -> [JournalEntry] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT j.* FROM journal_ref r JOIN journal j ON j.id = r.entry_id
                    WHERE r.ref = ? ORDER BY j.id
                    """), arguments: [ref]
        ).map(JournalEntry.init(row:))
    }

    /// The most recent entries, newest last.
    public func recentJournal(limit: Int) throws -> [JournalEntry] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM (SELECT * FROM journal ORDER BY id DESC LIMIT ?) ORDER BY id"),
            arguments: [limit]
        ).map(JournalEntry.init(row:))
    }

    /// How many entries the journal holds.
    public func journalCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM journal")) ?? 0
    }
}

extension JournalEntry {
    /// The details as a JSON object with sorted keys. Written by hand: every change writes one,
    /// and a JSONEncoder costs more than the insert (imports post hundreds of thousands).
    static func json(_ details: [String: String]) -> String {
        var out = "{"
        for (index, key) in details.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            escape(key, into: &out)
            out += ":"
            escape(details[key]!, into: &out)
        }
        return out + "}"
    }

    static func escape(_ text: String, into out: inout String) {
        out += "\""
        // Most values need no escaping: copy them whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    init(row: Row) {
        let json: String = row["details"]
        let details = (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
        self.init(
            id: row["id"], recordedAt: row["recorded_at"],
            day: Day(iso: row["business_day"] as String) ?? Day(ordinal: 0),
            actor: row["actor"], action: row["action"], subject: row["subject"], details: details)
    }
}

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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(details), as: UTF8.self)
        try db.cachedStatement(
            sql: """
                INSERT INTO journal (recorded_at, business_day, actor, action, subject, details)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [stamp.recordedAt, stamp.day.iso, stamp.actor, action, subject, json])
        let entry = db.lastInsertedRowID
        for ref in Set([subject] + refs) {
            try db.cachedStatement(sql: "INSERT INTO journal_ref (ref, entry_id) VALUES (?, ?)").execute(arguments: [
                ref, entry,
            ])
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
    init(row: Row) {
        let json: String = row["details"]
        let details = (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
        self.init(
            id: row["id"], recordedAt: row["recorded_at"],
            day: Day(iso: row["business_day"] as String) ?? Day(ordinal: 0),
            actor: row["actor"], action: row["action"], subject: row["subject"], details: details)
    }
}

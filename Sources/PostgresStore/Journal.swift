import Foundation
import LedgerPort
import Receivables

extension PostgresTransaction: JournalWriting {
    /// Appends an entry to the journal, filed under `subject` and every ref in `refs` (each once).
    public func journal(_ action: String, subject: String, refs: [String], details: [String: String]) throws {
        var filed = [subject]
        for ref in refs where !filed.contains(ref) { filed.append(ref) }
        try change(
            """
            WITH entry AS (
                INSERT INTO journal (id, recorded_at, business_day, actor, action, subject, details)
                VALUES ((SELECT coalesce(max(id), 0) + 1 FROM journal), $1, $2, $3, $4, $5, $6) RETURNING id
            )
            INSERT INTO journal_ref (ref, entry_id) SELECT ref, entry.id FROM entry, unnest($7::text[]) AS ref
            """,
            [
                stamp.recordedAt, stamp.day.iso, stamp.actor, action, subject, JournalEntry.json(details),
                PostgresArray.text(filed),
            ])
        state.journaled = true
    }
}

extension PostgresReader: JournalReading {
    public func history(of ref: String, through day: Day) throws -> [JournalEntry] {
        try db.rows(
            """
            SELECT j.* FROM journal_ref r JOIN journal j ON j.id = r.entry_id
            WHERE r.ref = $1 AND j.business_day <= $2 ORDER BY j.id
            """, [ref, day.iso]
        ).map(JournalEntry.init(row:))
    }

    public func recentJournal(limit: Int) throws -> [JournalEntry] {
        try db.rows(
            "SELECT * FROM (SELECT * FROM journal ORDER BY id DESC LIMIT $1) AS recent ORDER BY id", [String(limit)]
        ).map(JournalEntry.init(row:))
    }

    public func journalCount() throws -> Int {
        Int(try db.integer("SELECT count(*) FROM journal"))
    }
}

extension JournalEntry {
    init(row: PostgresRow) {
        let details =
            (try? JSONDecoder().decode([String: String].self, from: Data(row.text("details").utf8))) ?? [:]
        self.init(
            id: row.int("id"), recordedAt: row.text("recorded_at"), day: row.day("business_day"),
            actor: row.text("actor"), action: row.text("action"), subject: row.text("subject"), details: details)
    }
}

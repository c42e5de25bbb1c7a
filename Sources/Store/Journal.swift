import Foundation
import GRDB
import LedgerPort
import Receivables

extension LedgerTransaction {
    /// Appends an entry to the journal, filed under `subject` and every ref in `refs`.
    public func journal(
        _ action: String, subject: String, refs: [String], details: [String: String]
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
        // Filed once under each name; a payment is filed under three, a dunning notice under
        // every invoice it lists, so small lists are deduplicated without hashing.
        var filed = [subject]
        filed.reserveCapacity(refs.count + 1)
        if refs.count <= 8 {
            for ref in refs where !filed.contains(ref) { filed.append(ref) }
        } else {
            var seen: Set<String> = [subject]
            for ref in refs where seen.insert(ref).inserted { filed.append(ref) }
        }
        // Several refs per statement: each statement run has a fixed cost of its own.
        var start = 0
        while start < filed.count {
            let count = min(JournalEntry.refInserts.count, filed.count - start)
            let insert = try QuickStatement(db, JournalEntry.refInserts[count - 1])
            for offset in 0..<count {
                insert.bind(Int32(2 * offset + 1), filed[start + offset]).bind(Int32(2 * offset + 2), entry)
            }
            try insert.run()
            start += count
        }
        journaled.value = true
    }
}

extension LedgerReader {
    /// Every journal entry filed under `ref` by a command of a business day up to `day`, oldest
    /// first.
    public func history(of ref: String, through day: Day) throws -> [JournalEntry] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT j.* FROM journal_ref r JOIN journal j ON j.id = r.entry_id
                    WHERE r.ref = ? AND j.business_day <= ? ORDER BY j.id
                    """), arguments: [ref, day.iso]
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
    /// `INSERT`s of one to four journal refs.
    static let refInserts = (1...4).map { count in
        "INSERT INTO journal_ref (ref, entry_id) VALUES "
            + Array(repeating: "(?, ?)", count: count).joined(separator: ", ")
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

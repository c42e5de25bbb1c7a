import GRDB
import LedgerPort
import Receivables

extension Ledger {
    /// Checks the whole ledger on one snapshot; `examples` problems of each kind are described.
    ///
    /// - SQLite's `PRAGMA integrity_check` and `PRAGMA foreign_key_check`;
    /// - each invoice's open balance is its amount less its payment applications, credit
    ///   applications and write-offs;
    /// - each payment's applications add up to no more than the payment, and what is left is its
    ///   unapplied amount; each credit note's applications add up to what it says is applied;
    /// - every dispute, hold, payment, credit note, promise, contact, corrective action, task
    ///   and dunning notice has the journal entry that made it.
    public func check(examples: Int = 10) throws -> LedgerCheck {
        try sqliteRead { reader in try reader.check(examples: examples) }
    }
}

extension LedgerReader {
    func check(examples: Int) throws -> LedgerCheck {
        var result = LedgerCheck()
        for (table, name) in [
            ("invoice", "invoices"), ("payment", "payments"), ("credit_note", "credit notes"), ("dispute", "disputes"),
            ("hold", "holds"), ("journal", "journal entries"),
        ] {
            result.counts.append((name, try count("SELECT count(*) FROM \(table)")))
        }

        let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check(\(examples + 1))")
        if integrity != ["ok"] {
            result.problems.append(
                .init(kind: "integrity", count: integrity.count, examples: Array(integrity.prefix(examples))))
        }
        let references = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
        if !references.isEmpty {
            result.problems.append(
                .init(
                    kind: "reference", count: references.count,
                    examples: references.prefix(examples).map { row in
                        let table: String = row[0]
                        let rowid: Int64? = row[1]
                        let parent: String = row[2]
                        return "\(table) row \(rowid.map(String.init) ?? "?") refers to a missing \(parent)"
                    }))
        }

        try add(
            &result, kind: "invoice-balance", examples: examples,
            sql: """
                SELECT i.number, i.currency, i.amount_cents, i.open_cents, coalesce(r.cents, 0)
                FROM invoice i LEFT JOIN (SELECT invoice_id, sum(cents) AS cents FROM reduction GROUP BY invoice_id) r
                    ON r.invoice_id = i.id
                WHERE i.open_cents <> i.amount_cents - coalesce(r.cents, 0)
                ORDER BY i.id
                """
        ) { row in
            let currency: String = row[1]
            let (amount, open, reduced): (Int64, Int64, Int64) = (row[2], row[3], row[4])
            return
                "invoice \(row[0] as String): open \(money(open, currency)), but its amount \(money(amount, currency)) "
                + "less its payments, credits and write-offs \(money(reduced, currency)) is "
                + money(amount - reduced, currency)
        }
        try add(
            &result, kind: "payment-applications", examples: examples,
            sql: """
                SELECT p.id, p.currency, p.amount_cents, p.unapplied_cents, coalesce(a.cents, 0)
                FROM payment p LEFT JOIN (
                    SELECT payment_id, sum(amount_cents) AS cents FROM payment_application GROUP BY payment_id) a
                    ON a.payment_id = p.id
                WHERE coalesce(a.cents, 0) > p.amount_cents OR p.unapplied_cents <> p.amount_cents - coalesce(a.cents, 0)
                ORDER BY p.id
                """
        ) { row in
            let currency: String = row[1]
            let (amount, unapplied, applied): (Int64, Int64, Int64) = (row[2], row[3], row[4])
            let id: Int64 = row[0]
            return applied > amount
                ? "payment PAY-\(id): applications \(money(applied, currency)) add up to more than the payment "
                    + money(amount, currency)
                : "payment PAY-\(id): unapplied \(money(unapplied, currency)), but the payment \(money(amount, currency)) "
                    + "less its applications \(money(applied, currency)) is \(money(amount - applied, currency))"
        }
        try add(
            &result, kind: "credit-applications", examples: examples,
            sql: """
                SELECT n.number, n.currency, n.amount_cents, n.applied_cents, coalesce(a.cents, 0)
                FROM credit_note n LEFT JOIN (
                    SELECT credit_note_id, sum(amount_cents) AS cents FROM credit_application GROUP BY credit_note_id) a
                    ON a.credit_note_id = n.id
                WHERE coalesce(a.cents, 0) > n.amount_cents OR n.applied_cents <> coalesce(a.cents, 0)
                ORDER BY n.id
                """
        ) { row in
            let currency: String = row[1]
            let (amount, recorded, applied): (Int64, Int64, Int64) = (row[2], row[3], row[4])
            return "credit note \(row[0] as String) of \(money(amount, currency)): \(money(recorded, currency)) "
                + "recorded as applied, its applications add up to \(money(applied, currency))"
        }
        // The dated movements every past-day figure is read from add up to the invoices and
        // their reductions; the money totals the ceiling is kept with, to the amounts.
        try add(
            &result, kind: "movements", examples: examples,
            sql: """
                WITH facts AS (
                    SELECT currency, total(amount_cents) AS issued, 0.0 AS reduced FROM invoice GROUP BY currency
                    UNION ALL SELECT i.currency, 0.0, total(r.cents) FROM reduction r JOIN invoice i ON i.id = r.invoice_id
                        GROUP BY i.currency
                    UNION ALL SELECT currency, -total(issued_cents), -total(reduced_cents) FROM ar_movement
                        GROUP BY currency
                )
                SELECT currency, sum(issued) AS issued, sum(reduced) AS reduced FROM facts GROUP BY currency
                HAVING sum(issued) <> 0 OR sum(reduced) <> 0 ORDER BY currency
                """
        ) { row in
            let currency: String = row[0]
            let (issued, reduced): (Double, Double) = (row[1], row[2])
            return
                "receivables' movements in \(currency) differ from the invoices by \(money(Int64(issued), currency)) "
                + "issued and \(money(Int64(reduced), currency)) reduced"
        }
        try add(
            &result, kind: "money-totals", examples: examples,
            sql: """
                WITH facts AS (
                    SELECT 'invoiced' AS kind, currency, total(amount_cents) AS cents FROM invoice GROUP BY currency
                    UNION ALL SELECT 'received', currency, total(amount_cents) FROM payment GROUP BY currency
                    UNION ALL SELECT 'credited', currency, total(amount_cents) FROM credit_note GROUP BY currency
                    UNION ALL SELECT kind, currency, -cents FROM money_total
                )
                SELECT kind, currency, sum(cents) FROM facts GROUP BY kind, currency HAVING sum(cents) <> 0
                ORDER BY kind, currency
                """
        ) { row in
            let (kind, currency): (String, String) = (row[0], row[1])
            let difference: Double = row[2]
            return "the ledger's total \(kind) in \(currency) differs from its rows by "
                + money(Int64(difference), currency)
        }
        let journaled = { (table: String, ref: String, action: String) in
            """
            SELECT \(ref) FROM \(table) t WHERE NOT EXISTS (
                SELECT 1 FROM journal_ref r JOIN journal j ON j.id = r.entry_id
                WHERE r.ref = \(ref) AND j.action LIKE '\(action)')
            ORDER BY t.id
            """
        }
        // Invoices, customers and lines come in bulk, journaled once per import: they cannot be
        // checked one by one.
        for (table, ref, action, noun) in [
            ("dispute", "'dispute:D-' || t.id", "dispute.log", "dispute"),
            ("hold", "'hold:H-' || t.id", "hold.place", "hold"),
            ("payment", "'payment:PAY-' || t.id", "payment.post", "payment"),
            ("credit_note", "'credit-note:' || t.number", "credit-note.issue", "credit note"),
            ("promise", "'promise:P-' || t.id", "promise.add", "promise"),
            ("contact", "'contact:' || t.id", "contact.log", "contact"),
            ("corrective_action", "'action:CA-' || t.id", "action.add", "corrective action"),
            ("task", "'task:T-' || t.id", "task.create", "task"),
            ("dunning_notice", "'notice:N-' || t.id", "dunning.%", "dunning notice"),
        ] {
            try add(&result, kind: "unjournaled", examples: examples, sql: journaled(table, ref, action)) { row in
                let subject: String = row[0]
                return
                    "\(noun) \(subject.split(separator: ":", maxSplits: 1).last ?? "") has no \(action) journal entry"
            }
        }
        return result
    }

    private func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }

    /// Runs `sql`, whose rows are the problems of `kind`, and adds them up (several queries may
    /// add to one kind).
    private func add(
        _ result: inout LedgerCheck, kind: String, examples: Int, sql: String, describe: (Row) -> String
    ) throws {
        let cursor = try Row.fetchCursor(db, sql: sql)
        var count = 0
        var lines: [String] = []
        while let row = try cursor.next() {
            count += 1
            if lines.count < examples { lines.append(describe(row)) }
        }
        guard count > 0 else { return }
        if let index = result.problems.firstIndex(where: { $0.kind == kind }) {
            result.problems[index].count += count
            let room = max(0, examples - result.problems[index].examples.count)
            result.problems[index].examples += lines.prefix(room)
        } else {
            result.problems.append(.init(kind: kind, count: count, examples: lines))
        }
    }

    private func money(_ cents: Int64, _ code: String) -> String {
        guard let currency = Currency(code: code) else { return "\(cents) (minor units) \(code)" }
        return Money(minorUnits: cents, currency: currency).description
    }
}

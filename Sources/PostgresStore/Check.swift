import Foundation
import LedgerPort
import Receivables

extension PostgresLedger {
    /// Checks the whole ledger on one snapshot, as the SQLite engine's `dun check` does;
    /// `examples` problems of each kind are described:
    ///
    /// - each invoice's open balance is its amount less its payment applications, credit
    ///   applications and write-offs;
    /// - each payment's applications add up to no more than the payment, and what is left is its
    ///   unapplied amount; each credit note's applications add up to what it says is applied;
    /// - the receivables' movements add up to the invoices and their reductions, the money
    ///   totals to the amounts;
    /// - every dispute, hold, payment, credit note, promise, contact, corrective action, task
    ///   and dunning notice has the journal entry that made it.
    ///
    /// SQLite's own checks, `PRAGMA integrity_check` (kind `integrity`) and `PRAGMA
    /// foreign_key_check` (kind `reference`), have no counterpart worth running here: the server
    /// keeps its own storage consistent and enforces every reference as each row goes in. Those
    /// two kinds are taken as checked, and never report a problem.
    public func check(examples: Int) throws -> LedgerCheck {
        try read { reader in
            guard let reader = reader as? PostgresReader else { preconditionFailure("a PostgreSQL ledger's reader") }
            return try reader.check(examples: examples)
        }
    }
}

extension PostgresReader {
    fileprivate func check(examples: Int) throws -> LedgerCheck {
        var result = LedgerCheck()
        // Every query below reads whole tables: hash joins are right for each, whatever the
        // planner guesses of tables it has no statistics of yet (a ledger just copied in). A
        // nested loop over a guessed handful of journal rows took seconds on the demo ledger.
        // For this read only: SET LOCAL ends with its transaction.
        try db.execute("SET LOCAL enable_nestloop = off")
        for (table, name) in [
            ("invoice", "invoices"), ("payment", "payments"), ("credit_note", "credit notes"), ("dispute", "disputes"),
            ("hold", "holds"), ("journal", "journal entries"),
        ] {
            result.counts.append((name, Int(try db.integer("SELECT count(*) FROM \(table)"))))
        }

        try add(
            &result, kind: "invoice-balance", examples: examples,
            sql: """
                SELECT count(*) OVER () AS problem_count, i.number, i.currency, i.amount_cents, i.open_cents, coalesce(r.cents, 0) AS reduced
                FROM invoice i LEFT JOIN (
                    SELECT invoice_id, sum(cents)::bigint AS cents FROM reduction GROUP BY invoice_id) r
                    ON r.invoice_id = i.id
                WHERE i.open_cents <> i.amount_cents - coalesce(r.cents, 0)
                ORDER BY i.id
                """
        ) { row in
            let currency = row.text("currency")
            let (amount, open, reduced) = (row.int("amount_cents"), row.int("open_cents"), row.int("reduced"))
            return
                "invoice \(row.text("number")): open \(money(open, currency)), but its amount \(money(amount, currency)) "
                + "less its payments, credits and write-offs \(money(reduced, currency)) is "
                + money(amount - reduced, currency)
        }
        try add(
            &result, kind: "payment-applications", examples: examples,
            sql: """
                SELECT count(*) OVER () AS problem_count, p.id, p.currency, p.amount_cents, p.unapplied_cents, coalesce(a.cents, 0) AS applied
                FROM payment p LEFT JOIN (
                    SELECT payment_id, sum(amount_cents)::bigint AS cents FROM payment_application GROUP BY payment_id) a
                    ON a.payment_id = p.id
                WHERE coalesce(a.cents, 0) > p.amount_cents OR p.unapplied_cents <> p.amount_cents - coalesce(a.cents, 0)
                ORDER BY p.id
                """
        ) { row in
            let currency = row.text("currency")
            let (amount, unapplied, applied) = (row.int("amount_cents"), row.int("unapplied_cents"), row.int("applied"))
            let id = row.int("id")
            return applied > amount
                ? "payment PAY-\(id): applications \(money(applied, currency)) add up to more than the payment "
                    + money(amount, currency)
                : "payment PAY-\(id): unapplied \(money(unapplied, currency)), but the payment \(money(amount, currency)) "
                    + "less its applications \(money(applied, currency)) is \(money(amount - applied, currency))"
        }
        try add(
            &result, kind: "credit-applications", examples: examples,
            sql: """
                SELECT count(*) OVER () AS problem_count, n.number, n.currency, n.amount_cents, n.applied_cents, coalesce(a.cents, 0) AS applied
                FROM credit_note n LEFT JOIN (
                    SELECT credit_note_id, sum(amount_cents)::bigint AS cents FROM credit_application
                    GROUP BY credit_note_id) a
                    ON a.credit_note_id = n.id
                WHERE coalesce(a.cents, 0) > n.amount_cents OR n.applied_cents <> coalesce(a.cents, 0)
                ORDER BY n.id
                """
        ) { row in
            let currency = row.text("currency")
            let (amount, recorded, applied) = (row.int("amount_cents"), row.int("applied_cents"), row.int("applied"))
            return "credit note \(row.text("number")) of \(money(amount, currency)): \(money(recorded, currency)) "
                + "recorded as applied, its applications add up to \(money(applied, currency))"
        }
        // The dated movements every past-day figure is read from add up to the invoices and
        // their reductions; the money totals the ceiling is kept with, to the amounts. Sums are
        // numeric (no 64-bit overflow), as SQLite's `total()` is a double.
        try add(
            &result, kind: "movements", examples: examples,
            sql: """
                WITH facts AS (
                    SELECT currency, sum(amount_cents) AS issued, 0::numeric AS reduced FROM invoice GROUP BY currency
                    UNION ALL SELECT i.currency, 0, sum(r.cents) FROM reduction r JOIN invoice i ON i.id = r.invoice_id
                        GROUP BY i.currency
                    UNION ALL SELECT currency, -sum(issued_cents), -sum(reduced_cents) FROM ar_movement
                        GROUP BY currency
                )
                SELECT count(*) OVER () AS problem_count, currency, sum(issued) AS issued, sum(reduced) AS reduced FROM facts GROUP BY currency
                HAVING sum(issued) <> 0 OR sum(reduced) <> 0 ORDER BY currency
                """
        ) { row in
            let currency = row.text("currency")
            return
                "receivables' movements in \(currency) differ from the invoices by "
                + "\(money(row.numeric("issued"), currency)) issued and \(money(row.numeric("reduced"), currency)) reduced"
        }
        try add(
            &result, kind: "money-totals", examples: examples,
            sql: """
                WITH facts AS (
                    SELECT 'invoiced' AS kind, currency, sum(amount_cents) AS cents FROM invoice GROUP BY currency
                    UNION ALL SELECT 'received', currency, sum(amount_cents) FROM payment GROUP BY currency
                    UNION ALL SELECT 'credited', currency, sum(amount_cents) FROM credit_note GROUP BY currency
                    UNION ALL SELECT kind, currency, -cents FROM money_total
                )
                SELECT count(*) OVER () AS problem_count, kind, currency, sum(cents) AS difference FROM facts GROUP BY kind, currency
                HAVING sum(cents) <> 0 ORDER BY kind, currency
                """
        ) { row in
            "the ledger's total \(row.text("kind")) in \(row.text("currency")) differs from its rows by "
                + money(row.numeric("difference"), row.text("currency"))
        }
        let journaled = { (table: String, ref: String, action: String) in
            """
            SELECT count(*) OVER () AS problem_count, \(ref) AS subject FROM \(table) t WHERE NOT EXISTS (
                SELECT 1 FROM journal_ref r JOIN journal j ON j.id = r.entry_id
                WHERE r.ref = \(ref) AND j.action ILIKE '\(action)')
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
                let subject = row.text("subject")
                return
                    "\(noun) \(subject.split(separator: ":", maxSplits: 1).last ?? "") has no \(action) journal entry"
            }
        }
        return result
    }

    /// Runs `sql`, whose rows are the problems of `kind` (each with `problem_count`, how many
    /// there are in all), and adds them up (several queries may add to one kind): the problems
    /// are counted on the server, and only the first `examples` come back, to be described.
    private func add(
        _ result: inout LedgerCheck, kind: String, examples: Int, sql: String, describe: (PostgresRow) -> String
    ) throws {
        // At least one row, for the count: window functions are computed before the limit.
        let rows = try db.rows(sql + " LIMIT $1", [String(max(1, examples))])
        let count = rows.first?.count("problem_count") ?? 0
        guard count > 0 else { return }
        let lines = rows.prefix(examples).map(describe)
        if let index = result.problems.firstIndex(where: { $0.kind == kind }) {
            result.problems[index].count += count
            let room = max(0, examples - result.problems[index].examples.count)
            result.problems[index].examples += lines.prefix(room)
        } else {
            result.problems.append(.init(kind: kind, count: count, examples: Array(lines)))
        }
    }

    private func money(_ cents: Int64, _ code: String) -> String {
        guard let currency = Currency(code: code) else { return "\(cents) (minor units) \(code)" }
        return Money(minorUnits: cents, currency: currency).description
    }
}

extension PostgresRow {
    /// A numeric sum as whole minor units (its text may carry a fraction of zeros).
    fileprivate func numeric(_ column: String) -> Int64 {
        let text = self.text(column)
        return Int64(text) ?? Double(text).map { Int64($0) } ?? 0
    }
}

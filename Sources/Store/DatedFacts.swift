import GRDB
import LedgerPort
import Receivables

extension Schema {
    /// Every fact carries the day it happened, so that every report can be taken as of any day.
    ///
    /// - An invoice's balance on a past day is its amount less the reductions dated on or before
    ///   that day: payment applications (`applied_on`, the day the bank booked the payment, or
    ///   the invoice's issue day for a payment received before it), credit applications (a new
    ///   table: a credit note put against an invoice, on its own day) and write-offs. The view
    ///   `reduction` is their union; `last_reduced_on` remembers the latest of an invoice's
    ///   reductions, so that `settled_on` is the day its balance reached zero by the facts'
    ///   days, in whatever order they were recorded.
    /// - `ar_movement` adds up, per currency, day and due day, what was issued and what was
    ///   reduced: receivables, current receivables and sales of any day are sums over a table
    ///   whose size grows with days, not invoices. A late fact adds to its own day's cell.
    /// - A dispute's resolutions (and the reopenings between them) and its changes of owner get
    ///   tables of their own: the dispute row keeps where it stands now, these where it stood on
    ///   any day. Earlier resolutions, reopenings and assignments are read back from the
    ///   journal, which has them all.
    /// - A corrective action keeps each state it went through (`action_change`), for the same
    ///   reason.
    /// - The partial index of open invoices carries the issue day (an invoice issued after a
    ///   past day did not exist then), and a partial index of settled invoices, in customer
    ///   order, finds those still open on a past day.
    static func v8DatedFacts(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE invoice ADD COLUMN last_reduced_on TEXT;
                -- The invoice numbers a payment's file named in its invoice column: cash that came
                -- before its invoice goes to it when the invoice is imported.
                ALTER TABLE payment ADD COLUMN invoice_refs TEXT;
                DROP INDEX invoice_open;
                CREATE INDEX invoice_open
                    ON invoice(customer_id, due_date, open_cents, currency, number, issue_date, last_reduced_on)
                    WHERE open_cents > 0;
                CREATE INDEX invoice_settled
                    ON invoice(
                        customer_id, settled_on, due_date, issue_date, currency, amount_cents, number, open_cents,
                        last_reduced_on)
                    WHERE open_cents = 0;

                CREATE TABLE credit_application (
                    id INTEGER PRIMARY KEY,
                    credit_note_id INTEGER NOT NULL REFERENCES credit_note(id) ON DELETE RESTRICT,
                    invoice_id INTEGER NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
                    applied_on TEXT NOT NULL
                );
                CREATE INDEX credit_application_by_invoice ON credit_application(invoice_id);
                CREATE INDEX credit_application_by_note ON credit_application(credit_note_id);
                CREATE INDEX credit_application_by_day ON credit_application(applied_on, invoice_id, amount_cents);
                CREATE TRIGGER credit_application_never_deleted BEFORE DELETE ON credit_application
                    BEGIN SELECT RAISE(ABORT, 'financial rows are never deleted'); END;
                INSERT INTO credit_application (credit_note_id, invoice_id, amount_cents, applied_on)
                    SELECT n.id, n.invoice_id, n.applied_cents, max(n.issued_on, i.issue_date)
                    FROM credit_note n JOIN invoice i ON i.id = n.invoice_id
                    WHERE n.applied_cents > 0 ORDER BY n.id;

                CREATE INDEX payment_application_by_day
                    ON payment_application(applied_on, invoice_id, amount_cents, payment_id);
                CREATE INDEX write_off_by_day ON write_off(written_on, invoice_id, amount_cents);

                CREATE VIEW reduction (invoice_id, day, cents) AS
                    SELECT invoice_id, applied_on, amount_cents FROM payment_application
                    UNION ALL SELECT invoice_id, applied_on, amount_cents FROM credit_application
                    UNION ALL SELECT invoice_id, written_on, amount_cents FROM write_off;

                UPDATE invoice SET last_reduced_on = m.day
                    FROM (SELECT invoice_id, max(day) AS day FROM reduction GROUP BY invoice_id) AS m
                    WHERE invoice.id = m.invoice_id;

                CREATE TABLE ar_movement (
                    currency TEXT NOT NULL,
                    day TEXT NOT NULL,
                    due_date TEXT NOT NULL,
                    issued_cents INTEGER NOT NULL DEFAULT 0,
                    reduced_cents INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (currency, day, due_date)
                ) WITHOUT ROWID;
                INSERT INTO ar_movement (currency, day, due_date, issued_cents, reduced_cents)
                    SELECT currency, day, due_date, sum(issued), sum(reduced) FROM (
                        SELECT currency, issue_date AS day, due_date, amount_cents AS issued, 0 AS reduced FROM invoice
                        UNION ALL
                        SELECT i.currency, r.day, i.due_date, 0, r.cents FROM reduction r JOIN invoice i ON i.id = r.invoice_id
                    ) GROUP BY currency, day, due_date;

                CREATE TABLE dispute_resolution (
                    id INTEGER PRIMARY KEY,
                    dispute_id INTEGER NOT NULL REFERENCES dispute(id) ON DELETE RESTRICT,
                    outcome TEXT NOT NULL
                        CHECK (outcome IN ('credit', 'replacement', 'return', 'rejected', 'write-off')),
                    resolved_on TEXT NOT NULL,
                    resolved_cents INTEGER CHECK (resolved_cents IS NULL OR resolved_cents > 0),
                    root_cause TEXT,
                    note TEXT,
                    reopened_on TEXT,
                    CHECK (reopened_on IS NULL OR reopened_on >= resolved_on)
                );
                CREATE INDEX dispute_resolution_by_dispute ON dispute_resolution(dispute_id, resolved_on);
                CREATE INDEX dispute_resolution_by_day ON dispute_resolution(resolved_on);
                CREATE TRIGGER dispute_resolution_never_deleted BEFORE DELETE ON dispute_resolution
                    BEGIN SELECT RAISE(ABORT, 'disputes are never deleted'); END;
                INSERT INTO dispute_resolution (dispute_id, outcome, resolved_on, root_cause, note, reopened_on)
                    SELECT CAST(substr(j.subject, 11) AS INTEGER), json_extract(j.details, '$.outcome'), j.business_day,
                        json_extract(j.details, '$.rootCause'), json_extract(j.details, '$.note'),
                        (SELECT r.business_day FROM journal r
                         WHERE r.action = 'dispute.reopen' AND r.subject = j.subject AND r.id > j.id ORDER BY r.id LIMIT 1)
                    FROM journal j
                    WHERE j.action = 'dispute.resolve' AND j.subject LIKE 'dispute:D-%'
                      AND CAST(substr(j.subject, 11) AS INTEGER) IN (SELECT id FROM dispute)
                    ORDER BY j.id;
                -- The standing resolution is the dispute row's own; one the journal lacks comes from it.
                UPDATE dispute_resolution SET
                    resolved_cents = (SELECT d.resolved_cents FROM dispute d WHERE d.id = dispute_id),
                    resolved_on = (SELECT d.resolved_on FROM dispute d WHERE d.id = dispute_id)
                    WHERE reopened_on IS NULL
                      AND (SELECT d.status FROM dispute d WHERE d.id = dispute_id) = 'resolved';
                INSERT INTO dispute_resolution (dispute_id, outcome, resolved_on, resolved_cents, root_cause, note)
                    SELECT d.id, d.outcome, d.resolved_on, d.resolved_cents, d.root_cause, d.resolution_note FROM dispute d
                    WHERE d.status = 'resolved' AND NOT EXISTS (
                        SELECT 1 FROM dispute_resolution r WHERE r.dispute_id = d.id AND r.reopened_on IS NULL);

                CREATE TABLE action_change (
                    id INTEGER PRIMARY KEY,
                    action_id INTEGER NOT NULL REFERENCES corrective_action(id) ON DELETE RESTRICT,
                    day TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('open', 'done', 'verified')),
                    due_on TEXT NOT NULL,
                    done_on TEXT,
                    verified_on TEXT,
                    reopened_on TEXT
                );
                CREATE INDEX action_change_by_action ON action_change(action_id, day);
                CREATE TRIGGER action_change_never_deleted BEFORE DELETE ON action_change
                    BEGIN SELECT RAISE(ABORT, 'corrective actions are never deleted'); END;
                -- Older ledgers kept only where an action stands now: open from its opening day,
                -- as it stands from the last day it changed.
                INSERT INTO action_change (action_id, day, status, due_on)
                    SELECT id, opened_on, 'open', due_on FROM corrective_action ORDER BY id;
                INSERT INTO action_change (action_id, day, status, due_on, done_on, verified_on, reopened_on)
                    SELECT id, max(opened_on, coalesce(done_on, ''), coalesce(verified_on, ''), coalesce(reopened_on, '')),
                        status, due_on, done_on, verified_on, reopened_on
                    FROM corrective_action WHERE status <> 'open' OR reopened_on IS NOT NULL ORDER BY id;

                CREATE TABLE dispute_assignment (
                    id INTEGER PRIMARY KEY,
                    dispute_id INTEGER NOT NULL REFERENCES dispute(id) ON DELETE RESTRICT,
                    day TEXT NOT NULL,
                    from_owner TEXT NOT NULL,
                    to_owner TEXT NOT NULL
                );
                CREATE INDEX dispute_assignment_by_dispute ON dispute_assignment(dispute_id, day);
                CREATE TRIGGER dispute_assignment_never_deleted BEFORE DELETE ON dispute_assignment
                    BEGIN SELECT RAISE(ABORT, 'disputes are never deleted'); END;
                INSERT INTO dispute_assignment (dispute_id, day, from_owner, to_owner)
                    SELECT CAST(substr(subject, 11) AS INTEGER), business_day, json_extract(details, '$.from'),
                        json_extract(details, '$.to')
                    FROM journal
                    WHERE action = 'dispute.assign' AND subject LIKE 'dispute:D-%'
                      AND CAST(substr(subject, 11) AS INTEGER) IN (SELECT id FROM dispute)
                    ORDER BY id;
                """)
    }
}

/// The SQL forms of the domain's rules of a day (`Invoice.open(amount:issuedOn:reductions:on:)`,
/// `Dispute.state(on:openedOn:resolutions:)`), for queries over many rows. Tests check that they
/// agree with the domain on generated ledgers. `day` is a numbered parameter such as `?1`.
enum OnDaySQL {
    /// What was open of invoice `alias` at the close of `day`: what is open now plus every
    /// reduction dated after the day; nothing for an invoice issued after it.
    ///
    /// An invoice last reduced by the day is open now as it was then, with no lookup. Otherwise
    /// each kind of reduction is summed through its own (invoice, day) index: SQLite does not
    /// push a correlated condition into the `reduction` view's UNION ALL, and would read every
    /// reduction after the day for each invoice.
    static func open(_ alias: String, day: String) -> String {
        let after = { (table: String, column: String) in
            "coalesce((SELECT sum(amount_cents) FROM \(table) WHERE invoice_id = \(alias).id AND \(column) > \(day)), 0)"
        }
        return """
            (CASE WHEN \(alias).issue_date > \(day) THEN 0 \
            WHEN \(alias).last_reduced_on IS NULL OR \(alias).last_reduced_on <= \(day) THEN \(alias).open_cents \
            ELSE \(alias).open_cents + \(after("payment_application", "applied_on")) \
            + \(after("credit_application", "applied_on")) + \(after("write_off", "written_on")) END)
            """
    }

    /// The invoices that may have been open at the close of `day` (issued by then, and open now
    /// or settled after it), each half through its partial index; `customer` a parameter when
    /// only one customer's are wanted. With `through`, those that may have been open on some day
    /// from `day` to `through`.
    static func candidates(
        _ columns: String, day: String, through: String? = nil, customer: String? = nil
    ) -> String {
        let byCustomer = customer.map { " AND customer_id = \($0)" } ?? ""
        let issued = through ?? day
        return """
            SELECT \(columns) FROM invoice WHERE open_cents > 0 AND issue_date <= \(issued)\(byCustomer)
            UNION ALL
            SELECT \(columns) FROM invoice WHERE open_cents = 0 AND settled_on > \(day) AND issue_date <= \(issued)\(byCustomer)
            """
    }

    /// Whether dispute `alias` was open at the close of `day`: opened by then, and no resolution
    /// made by then stood that day.
    static func disputeOpen(_ alias: String, day: String) -> String {
        """
        (\(alias).opened_on <= \(day) AND NOT EXISTS (SELECT 1 FROM dispute_resolution dr \
        WHERE dr.dispute_id = \(alias).id AND dr.resolved_on <= \(day) AND (dr.reopened_on IS NULL OR dr.reopened_on > \(day))))
        """
    }

    /// Whether dispute `alias` of category `category` is past its escalation day on `day`
    /// (`Dispute.isEscalated(on:escalateAfterDays:)` for an open one).
    static func pastEscalation(_ alias: String, _ category: String, day: String) -> String {
        "julianday(\(day)) - julianday(\(alias).opened_on) > \(category).escalate_after_days"
    }

    /// The owner of dispute `alias` at the close of `day`: the one it was taken from by the first
    /// reassignment after the day, else the owner it has now.
    static func owner(_ alias: String, day: String) -> String {
        """
        coalesce((SELECT da.from_owner FROM dispute_assignment da WHERE da.dispute_id = \(alias).id \
        AND da.day > \(day) ORDER BY da.day, da.id LIMIT 1), \(alias).owner_key)
        """
    }
}

extension LedgerReader {
    /// An invoice's reductions, in the order they were recorded.
    func reductions(of invoice: Int64) throws -> [Reduction] {
        var out: [Reduction] = []
        try QuickStatement(db, "SELECT day, cents FROM reduction WHERE invoice_id = ?").bind(1, invoice).each { row in
            if let day = columnDay(row, 0) { out.append(Reduction(day: day, cents: columnInt(row, 1))) }
        }
        return out
    }

    /// The reductions of many invoices dated `since` or later: three statements prepared once
    /// and run for each invoice on its index.
    func reductions(of invoices: some Sequence<Int64>, since: Day) throws -> [Int64: [Reduction]] {
        let statements = try [
            "SELECT applied_on, amount_cents FROM payment_application WHERE invoice_id = ? AND applied_on >= ?",
            "SELECT applied_on, amount_cents FROM credit_application WHERE invoice_id = ? AND applied_on >= ?",
            "SELECT written_on, amount_cents FROM write_off WHERE invoice_id = ? AND written_on >= ?",
        ].map { try BulkStatement(db, $0) }
        var out: [Int64: [Reduction]] = [:]
        for invoice in invoices {
            var found: [Reduction] = []
            for statement in statements {
                statement.bind(1, invoice)
                statement.bind(2, since)
                try statement.each { row in
                    if let day = columnDay(row, 0) { found.append(Reduction(day: day, cents: columnInt(row, 1))) }
                }
            }
            out[invoice] = found
        }
        return out
    }

    /// Whether anything reduced the invoice after `day`.
    func reducedAfter(invoice: Int64, day: Day) throws -> Bool {
        try QuickStatement(db, "SELECT 1 FROM reduction WHERE invoice_id = ? AND day > ? LIMIT 1").bind(1, invoice)
            .bind(2, day.iso).one { _ in true } ?? false
    }

    /// Every reduction dated after `day`, added up per invoice: what turns the balances of now
    /// into those of that day. Read from the three tables' day indexes alone; empty (and
    /// answered from three index lookups) for a day on or after the last fact.
    public func reductionsAfter(_ day: Day) throws -> RowIDMap<Int64> {
        var later = RowIDMap<Int64>()
        for sql in [
            "SELECT invoice_id, amount_cents FROM payment_application WHERE applied_on > ?",
            "SELECT invoice_id, amount_cents FROM credit_application WHERE applied_on > ?",
            "SELECT invoice_id, amount_cents FROM write_off WHERE written_on > ?",
        ] {
            let statement = try BulkStatement(db, sql)
            statement.bind(1, day)
            try statement.each { row in
                let id = columnInt(row, 0)
                later[id] = (later[id] ?? 0) + columnInt(row, 1)
            }
        }
        return later
    }
}

extension LedgerTransaction {
    /// Lowers an invoice's open amount by a reduction that took effect on `day` (a payment,
    /// credit or write-off was recorded beside it), adds it to the receivables' movements of that
    /// day, and settles the invoice on the latest of its reductions' days when nothing is left.
    func reduceOpen(invoice id: Int64, by cents: Int64, on day: Day) throws {
        guard cents > 0 else { return }
        // The right-hand sides read the row as it was: `last_reduced_on` before this reduction.
        try QuickStatement(
            db,
            """
            UPDATE invoice SET open_cents = open_cents - ?1,
                last_reduced_on = max(coalesce(last_reduced_on, ?2), ?2),
                settled_on = CASE WHEN open_cents - ?1 = 0 THEN max(coalesce(last_reduced_on, ?2), ?2) END
            WHERE id = ?3
            """
        ).bind(1, cents).bind(2, day.iso).bind(3, id).run()
        try QuickStatement(
            db,
            """
            INSERT INTO ar_movement (currency, day, due_date, reduced_cents)
            SELECT currency, ?2, due_date, ?1 FROM invoice WHERE id = ?3
            ON CONFLICT (currency, day, due_date) DO UPDATE SET reduced_cents = reduced_cents + excluded.reduced_cents
            """
        ).bind(1, cents).bind(2, day.iso).bind(3, id).run()
    }
}

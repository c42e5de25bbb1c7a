import GRDB
import LedgerPort

/// The ledger's schema: one named migration per change, never edited once shipped.
///
/// Migrations are plain SQL and never depend on the app's types, so an old ledger always
/// upgrades the same way.
enum Schema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ledger", migrate: v1Ledger)
        migrator.registerMigration("v2-collections", migrate: v2Collections)
        migrator.registerMigration("v3-outbox", migrate: v3Outbox)
        migrator.registerMigration("v4-actions", migrate: v4Actions)
        migrator.registerMigration("v5-open-numbers", migrate: v5OpenNumbers)
        migrator.registerMigration("v6-check-chains", migrate: v6CheckChains)
        migrator.registerMigration("v7-held-customer", migrate: v7HeldCustomer)
        migrator.registerMigration("v8-dated-facts", migrate: v8DatedFacts)
        migrator.registerMigration("v9-application-id", migrate: v9ApplicationID)
        migrator.registerMigration("v10-money-totals", migrate: MoneyTotals.v10MoneyTotals)
        return migrator
    }()

    /// Customers, invoices, the taxonomy, disputes, holds, credit notes, write-offs and the journal.
    static func v1Ledger(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE setting (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );

                CREATE TABLE owner (
                    key TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    email TEXT NOT NULL,
                    retired_on TEXT
                );

                CREATE TABLE manager (
                    email TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    role TEXT,
                    position INTEGER NOT NULL,
                    retired_on TEXT
                );

                CREATE TABLE category (
                    code TEXT PRIMARY KEY,
                    label_en TEXT NOT NULL,
                    label_fr TEXT NOT NULL,
                    description TEXT NOT NULL,
                    owner_key TEXT NOT NULL REFERENCES owner(key) ON DELETE RESTRICT,
                    hold_policy TEXT NOT NULL CHECK (hold_policy IN ('invoice', 'disputed-amount', 'none')),
                    sla_days INTEGER NOT NULL CHECK (sla_days > 0),
                    escalate_after_days INTEGER NOT NULL CHECK (escalate_after_days > 0),
                    position INTEGER NOT NULL,
                    retired_on TEXT
                );

                CREATE TABLE subcategory (
                    category TEXT NOT NULL REFERENCES category(code) ON DELETE RESTRICT,
                    code TEXT NOT NULL,
                    label_en TEXT NOT NULL,
                    label_fr TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    retired_on TEXT,
                    PRIMARY KEY (category, code)
                ) WITHOUT ROWID;

                CREATE TABLE routing_threshold (
                    currency TEXT PRIMARY KEY,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0)
                );

                CREATE TABLE customer (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    email TEXT,
                    phone TEXT,
                    country TEXT,
                    language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr')),
                    sales_rep TEXT,
                    collector TEXT
                );

                CREATE TABLE customer_iban (
                    iban TEXT PRIMARY KEY,
                    customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE RESTRICT
                ) WITHOUT ROWID;

                CREATE TABLE invoice (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL,
                    customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
                    issue_date TEXT NOT NULL,
                    due_date TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
                    open_cents INTEGER NOT NULL CHECK (open_cents >= 0 AND open_cents <= amount_cents),
                    po TEXT
                );
                CREATE UNIQUE INDEX invoice_number ON invoice(number);
                CREATE INDEX invoice_open ON invoice(customer_id, due_date, open_cents, currency)
                    WHERE open_cents > 0;

                CREATE TABLE invoice_line (
                    invoice_id INTEGER NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
                    line_no INTEGER NOT NULL,
                    sku TEXT,
                    description TEXT,
                    quantity TEXT,
                    amount_cents INTEGER,
                    PRIMARY KEY (invoice_id, line_no)
                ) WITHOUT ROWID;

                CREATE TABLE dispute (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
                    category TEXT NOT NULL REFERENCES category(code) ON DELETE RESTRICT,
                    subcategory TEXT,
                    owner_key TEXT NOT NULL REFERENCES owner(key) ON DELETE RESTRICT,
                    channel TEXT NOT NULL
                        CHECK (channel IN ('phone', 'email', 'letter', 'visit', 'deduction', 'import')),
                    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
                    reported_on TEXT NOT NULL,
                    opened_on TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
                    note TEXT,
                    outcome TEXT CHECK (outcome IN ('credit', 'replacement', 'return', 'rejected', 'write-off')),
                    resolved_on TEXT,
                    resolved_cents INTEGER CHECK (resolved_cents IS NULL OR resolved_cents > 0),
                    root_cause TEXT REFERENCES category(code) ON DELETE RESTRICT,
                    resolution_note TEXT,
                    escalated_on TEXT,
                    CHECK ((status = 'open') = (outcome IS NULL)),
                    CHECK ((status = 'open') = (resolved_on IS NULL))
                );
                CREATE INDEX dispute_recurrence ON dispute(customer_id, category, opened_on);
                CREATE INDEX dispute_opened ON dispute(opened_on);
                CREATE INDEX dispute_open_by_owner ON dispute(owner_key, opened_on) WHERE status = 'open';
                CREATE INDEX dispute_resolved ON dispute(resolved_on) WHERE resolved_on IS NOT NULL;

                CREATE TABLE dispute_invoice (
                    dispute_id INTEGER NOT NULL REFERENCES dispute(id) ON DELETE RESTRICT,
                    invoice_id INTEGER NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
                    PRIMARY KEY (dispute_id, invoice_id)
                ) WITHOUT ROWID;
                CREATE INDEX dispute_invoice_by_invoice ON dispute_invoice(invoice_id);

                CREATE TABLE dispute_subject (
                    dispute_id INTEGER NOT NULL REFERENCES dispute(id) ON DELETE RESTRICT,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (dispute_id, key, value)
                ) WITHOUT ROWID;
                CREATE INDEX dispute_subject_by_subject ON dispute_subject(key, value);

                CREATE TABLE dispute_watcher (
                    dispute_id INTEGER NOT NULL REFERENCES dispute(id) ON DELETE RESTRICT,
                    person_key TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    PRIMARY KEY (dispute_id, person_key)
                ) WITHOUT ROWID;

                CREATE TABLE dispute_note (
                    id INTEGER PRIMARY KEY,
                    dispute_id INTEGER NOT NULL REFERENCES dispute(id) ON DELETE RESTRICT,
                    written_on TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    text TEXT NOT NULL
                );
                CREATE INDEX dispute_note_by_dispute ON dispute_note(dispute_id);

                CREATE TABLE hold (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    invoice_id INTEGER REFERENCES invoice(id) ON DELETE RESTRICT,
                    customer_id INTEGER REFERENCES customer(id) ON DELETE RESTRICT,
                    dispute_id INTEGER REFERENCES dispute(id) ON DELETE RESTRICT,
                    amount_cents INTEGER CHECK (amount_cents IS NULL OR amount_cents > 0),
                    reason TEXT NOT NULL,
                    placed_on TEXT NOT NULL,
                    until TEXT,
                    released_on TEXT,
                    release_note TEXT,
                    CHECK ((invoice_id IS NULL) <> (customer_id IS NULL)),
                    CHECK (amount_cents IS NULL OR invoice_id IS NOT NULL)
                );
                CREATE INDEX hold_by_invoice ON hold(invoice_id) WHERE invoice_id IS NOT NULL;
                CREATE INDEX hold_by_customer ON hold(customer_id) WHERE customer_id IS NOT NULL;
                CREATE INDEX hold_by_dispute ON hold(dispute_id) WHERE dispute_id IS NOT NULL;

                CREATE TABLE credit_note (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE,
                    customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
                    invoice_id INTEGER REFERENCES invoice(id) ON DELETE RESTRICT,
                    dispute_id INTEGER REFERENCES dispute(id) ON DELETE RESTRICT,
                    issued_on TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
                    applied_cents INTEGER NOT NULL CHECK (applied_cents >= 0 AND applied_cents <= amount_cents),
                    reason TEXT
                );
                CREATE INDEX credit_note_by_invoice ON credit_note(invoice_id) WHERE invoice_id IS NOT NULL;
                CREATE INDEX credit_note_by_customer ON credit_note(customer_id);

                CREATE TABLE write_off (
                    id INTEGER PRIMARY KEY,
                    invoice_id INTEGER NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
                    dispute_id INTEGER REFERENCES dispute(id) ON DELETE RESTRICT,
                    written_on TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
                    reason TEXT
                );
                CREATE INDEX write_off_by_invoice ON write_off(invoice_id);

                CREATE TRIGGER invoice_facts_fixed BEFORE UPDATE OF number, customer_id, currency, amount_cents ON invoice
                    BEGIN SELECT RAISE(ABORT, 'an invoice amount is never edited; issue a credit note'); END;
                CREATE TRIGGER invoice_never_deleted BEFORE DELETE ON invoice
                    BEGIN SELECT RAISE(ABORT, 'financial rows are never deleted'); END;
                CREATE TRIGGER credit_note_never_deleted BEFORE DELETE ON credit_note
                    BEGIN SELECT RAISE(ABORT, 'financial rows are never deleted'); END;
                CREATE TRIGGER write_off_never_deleted BEFORE DELETE ON write_off
                    BEGIN SELECT RAISE(ABORT, 'financial rows are never deleted'); END;
                CREATE TRIGGER dispute_never_deleted BEFORE DELETE ON dispute
                    BEGIN SELECT RAISE(ABORT, 'disputes are never deleted'); END;
                CREATE TRIGGER hold_never_deleted BEFORE DELETE ON hold
                    BEGIN SELECT RAISE(ABORT, 'holds are never deleted; release them'); END;

                CREATE TABLE journal (
                    id INTEGER PRIMARY KEY,
                    recorded_at TEXT NOT NULL,
                    business_day TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    details TEXT NOT NULL DEFAULT '{}'
                );
                CREATE TABLE journal_ref (
                    ref TEXT NOT NULL,
                    entry_id INTEGER NOT NULL REFERENCES journal(id) ON DELETE RESTRICT,
                    PRIMARY KEY (ref, entry_id)
                ) WITHOUT ROWID;
                CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal
                    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal
                    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                CREATE TRIGGER journal_ref_append_only_update BEFORE UPDATE ON journal_ref
                    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                CREATE TRIGGER journal_ref_append_only_delete BEFORE DELETE ON journal_ref
                    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                """)
    }

    /// Payments and their applications, promises to pay, contacts, collectors, the dunning
    /// policy, notices and the tasks they create.
    static func v2Collections(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE invoice ADD COLUMN settled_on TEXT;

                CREATE TABLE payment (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source_key TEXT UNIQUE,
                    customer_id INTEGER REFERENCES customer(id) ON DELETE RESTRICT,
                    received_on TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
                    unapplied_cents INTEGER NOT NULL CHECK (unapplied_cents >= 0 AND unapplied_cents <= amount_cents),
                    reference TEXT,
                    end_to_end_id TEXT,
                    payer_name TEXT,
                    payer_iban TEXT,
                    remittance TEXT,
                    source TEXT
                );
                CREATE INDEX payment_unapplied ON payment(customer_id) WHERE unapplied_cents > 0;
                CREATE INDEX payment_by_customer ON payment(customer_id, received_on);
                CREATE TRIGGER payment_never_deleted BEFORE DELETE ON payment
                    BEGIN SELECT RAISE(ABORT, 'financial rows are never deleted'); END;
                CREATE TRIGGER payment_amount_fixed BEFORE UPDATE OF amount_cents, currency ON payment
                    BEGIN SELECT RAISE(ABORT, 'a payment amount is never edited'); END;

                CREATE TABLE payment_application (
                    id INTEGER PRIMARY KEY,
                    payment_id INTEGER NOT NULL REFERENCES payment(id) ON DELETE RESTRICT,
                    invoice_id INTEGER NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
                    applied_on TEXT NOT NULL,
                    rule TEXT NOT NULL CHECK (rule IN ('invoice-column', 'remittance', 'exact-balance', 'manual'))
                );
                CREATE INDEX payment_application_by_invoice ON payment_application(invoice_id);
                CREATE INDEX payment_application_by_payment ON payment_application(payment_id);
                CREATE TRIGGER payment_application_never_deleted BEFORE DELETE ON payment_application
                    BEGIN SELECT RAISE(ABORT, 'financial rows are never deleted'); END;

                CREATE TABLE promise (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
                    currency TEXT NOT NULL,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
                    made_on TEXT NOT NULL,
                    due_on TEXT NOT NULL,
                    grace_days INTEGER NOT NULL CHECK (grace_days >= 0),
                    status TEXT NOT NULL CHECK (status IN ('pending', 'kept', 'partly-kept', 'broken')),
                    settled_on TEXT,
                    paid_cents INTEGER NOT NULL DEFAULT 0,
                    note TEXT,
                    CHECK ((status = 'pending') = (settled_on IS NULL))
                );
                CREATE INDEX promise_pending ON promise(customer_id) WHERE status = 'pending';
                CREATE INDEX promise_by_customer ON promise(customer_id, due_on);
                CREATE TABLE promise_invoice (
                    promise_id INTEGER NOT NULL REFERENCES promise(id) ON DELETE RESTRICT,
                    invoice_id INTEGER NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
                    PRIMARY KEY (promise_id, invoice_id)
                ) WITHOUT ROWID;
                CREATE INDEX promise_invoice_by_invoice ON promise_invoice(invoice_id);

                CREATE TABLE contact (
                    id INTEGER PRIMARY KEY,
                    customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
                    day TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    channel TEXT NOT NULL CHECK (channel IN ('call', 'email', 'letter', 'visit')),
                    outcome TEXT NOT NULL
                        CHECK (outcome IN ('reached', 'no-answer', 'promise', 'dispute', 'wrong-contact')),
                    note TEXT,
                    promise_id INTEGER REFERENCES promise(id) ON DELETE RESTRICT,
                    dispute_id INTEGER REFERENCES dispute(id) ON DELETE RESTRICT
                );
                CREATE INDEX contact_by_customer ON contact(customer_id, day);

                CREATE TABLE collector (
                    key TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    email TEXT,
                    phone TEXT,
                    daily_capacity INTEGER NOT NULL CHECK (daily_capacity > 0)
                );

                CREATE TABLE dunning_notice (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
                    step TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    channel TEXT NOT NULL CHECK (channel IN ('email', 'letter', 'call', 'task')),
                    day TEXT NOT NULL,
                    UNIQUE (customer_id, step, day)
                );
                CREATE INDEX dunning_notice_by_day ON dunning_notice(day);
                CREATE TABLE dunning_item (
                    notice_id INTEGER NOT NULL REFERENCES dunning_notice(id) ON DELETE RESTRICT,
                    invoice_id INTEGER NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
                    currency TEXT NOT NULL,
                    amount_cents INTEGER NOT NULL,
                    days_past_due INTEGER NOT NULL,
                    PRIMARY KEY (notice_id, invoice_id)
                ) WITHOUT ROWID;
                CREATE INDEX dunning_item_by_invoice ON dunning_item(invoice_id);
                -- The last step of each dunned invoice: derived from dunning_item, kept so that a
                -- run over a million invoices looks it up by key instead of aggregating history.
                CREATE TABLE invoice_dunning (
                    invoice_id INTEGER PRIMARY KEY REFERENCES invoice(id) ON DELETE RESTRICT,
                    position INTEGER NOT NULL,
                    step TEXT NOT NULL,
                    day TEXT NOT NULL
                );

                CREATE TABLE task (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    assignee TEXT NOT NULL,
                    customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
                    notice_id INTEGER REFERENCES dunning_notice(id) ON DELETE RESTRICT,
                    due_on TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('open', 'done')),
                    title TEXT NOT NULL,
                    done_on TEXT
                );
                CREATE INDEX task_open ON task(assignee, due_on) WHERE status = 'open';
                """)
    }

    /// The outbox: letters and emails rendered from templates, waiting to be printed or sent.
    static func v3Outbox(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE customer ADD COLUMN address TEXT;
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    notice_id INTEGER REFERENCES dunning_notice(id) ON DELETE RESTRICT,
                    customer_id INTEGER REFERENCES customer(id) ON DELETE RESTRICT,
                    kind TEXT NOT NULL,
                    channel TEXT NOT NULL CHECK (channel IN ('email', 'letter')),
                    language TEXT NOT NULL,
                    recipients TEXT,
                    subject TEXT NOT NULL,
                    text TEXT NOT NULL,
                    html TEXT NOT NULL,
                    message BLOB,
                    message_id TEXT UNIQUE,
                    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'printed', 'cancelled')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    created_on TEXT NOT NULL,
                    done_at TEXT,
                    -- A letter has no MIME message; an email has one unless rendering it failed.
                    CHECK (channel = 'email' OR message IS NULL),
                    CHECK (channel <> 'email' OR message IS NOT NULL OR status IN ('failed', 'cancelled'))
                );
                CREATE INDEX outbox_pending ON outbox(status, id) WHERE status IN ('queued', 'failed');
                CREATE INDEX outbox_by_customer ON outbox(customer_id);
                CREATE TRIGGER outbox_never_deleted BEFORE DELETE ON outbox
                    BEGIN SELECT RAISE(ABORT, 'the outbox keeps what was sent'); END;
                CREATE TRIGGER outbox_sent_is_final BEFORE UPDATE OF status ON outbox
                    WHEN OLD.status IN ('sent', 'printed', 'cancelled')
                    BEGIN SELECT RAISE(ABORT, 'a message sent, printed or cancelled is never sent again'); END;
                """)
    }

    /// The dunning run reads every open invoice's number in customer order: with the number in
    /// the partial covering index, that scan never leaves the index (0.29 s instead of 1.5 s
    /// over 700,000 open invoices, where each row cost a random read of the table).
    static func v5OpenNumbers(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP INDEX invoice_open;
                CREATE INDEX invoice_open ON invoice(customer_id, due_date, open_cents, currency, number)
                    WHERE open_cents > 0;
                """)
    }

    /// The two tables a bulk command inserts into row after row (a payments import, a dunning
    /// run) check their enumerated column with `=` comparisons joined by `OR` instead of an `IN`
    /// list: SQLite builds an ephemeral table for an `IN` list of more than two values each time
    /// the statement runs, a tenth of the instructions of a posted payment. Same columns, rows,
    /// indexes, triggers and row-id sequence: the table rebuild of SQLite's ALTER TABLE
    /// documentation (foreign keys are off while a migration runs, and checked after it).
    static func v6CheckChains(_ db: Database) throws {
        let noticeSequence = try Int64.fetchOne(
            db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'dunning_notice'")
        try db.execute(
            sql: """
                CREATE TABLE payment_application_new (
                    id INTEGER PRIMARY KEY,
                    payment_id INTEGER NOT NULL REFERENCES payment(id) ON DELETE RESTRICT,
                    invoice_id INTEGER NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
                    applied_on TEXT NOT NULL,
                    rule TEXT NOT NULL CHECK (
                        rule = 'invoice-column' OR rule = 'remittance' OR rule = 'exact-balance' OR rule = 'manual')
                );
                INSERT INTO payment_application_new (id, payment_id, invoice_id, amount_cents, applied_on, rule)
                    SELECT id, payment_id, invoice_id, amount_cents, applied_on, rule FROM payment_application;
                DROP TABLE payment_application;
                ALTER TABLE payment_application_new RENAME TO payment_application;
                CREATE INDEX payment_application_by_invoice ON payment_application(invoice_id);
                CREATE INDEX payment_application_by_payment ON payment_application(payment_id);
                CREATE TRIGGER payment_application_never_deleted BEFORE DELETE ON payment_application
                    BEGIN SELECT RAISE(ABORT, 'financial rows are never deleted'); END;

                CREATE TABLE dunning_notice_new (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
                    step TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    channel TEXT NOT NULL CHECK (
                        channel = 'email' OR channel = 'letter' OR channel = 'call' OR channel = 'task'),
                    day TEXT NOT NULL,
                    UNIQUE (customer_id, step, day)
                );
                INSERT INTO dunning_notice_new (id, customer_id, step, position, channel, day)
                    SELECT id, customer_id, step, position, channel, day FROM dunning_notice;
                DROP TABLE dunning_notice;
                ALTER TABLE dunning_notice_new RENAME TO dunning_notice;
                CREATE INDEX dunning_notice_by_day ON dunning_notice(day);
                """)
        if let noticeSequence {
            try db.execute(
                sql: "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'dunning_notice'",
                arguments: [noticeSequence])
        }
    }

    /// Marks the file as a dun ledger in its header (`PRAGMA application_id`, ASCII "dun1"), so
    /// that dun recognises its ledgers before it writes to a file, and `file(1)` can too.
    static func v9ApplicationID(_ db: Database) throws {
        try db.execute(sql: "PRAGMA application_id = \(0x6475_6E31)")
    }

    /// Every hold names the customer it holds: the customer of a whole-customer hold, the
    /// invoice's customer for an invoice hold. A customer's holds (its summary, `hold list` of a
    /// customer) were found by joining every hold with its invoice: 20–30 ms a query on a ledger
    /// of 25,000 holds, three queries for `customer show`.
    static func v7HeldCustomer(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE hold ADD COLUMN held_customer_id INTEGER REFERENCES customer(id) ON DELETE RESTRICT;
                UPDATE hold SET held_customer_id =
                    coalesce(customer_id, (SELECT i.customer_id FROM invoice i WHERE i.id = hold.invoice_id));
                CREATE INDEX hold_by_held_customer ON hold(held_customer_id);
                """)
    }
}

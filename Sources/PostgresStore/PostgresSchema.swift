// The ledger's schema on PostgreSQL: one named migration per change, never edited once shipped,
// like Store's SQLite migrations.
//
// p1-ledger is SQLite's schema at v10-money-totals, as `scripts/postgres-schema-from-sqlite`
// translated it (`sqlite3 ledger.sqlite .schema | scripts/postgres-schema-from-sqlite`): the same
// tables, columns, CHECKs, defaults, foreign keys with RESTRICT, indexes and the view of
// reductions; bigint for INTEGER (a rowid primary key an identity), and the append-only and
// never-deleted triggers on one PL/pgSQL function raising SQLite's messages. A change to the
// SQLite schema after v10 gets its PostgreSQL migration written beside it.

/// The migrations, in order.
public enum PostgresSchema {
    public static let migrations: [(identifier: String, sql: String)] = [
        ("p1-ledger", p1Ledger), ("p2-binary-text-order", p2BinaryTextOrder),
        ("p3-covering-open-invoices", p3CoveringOpenInvoices),
    ]

    /// Creates what is missing in the connection's current schema (the first of its
    /// `search_path`), each migration in its own transaction, recorded in `dun_migration`;
    /// returns the identifiers applied. A schema that has a migration this dun does not know
    /// is refused: a newer dun wrote it.
    @discardableResult
    public static func migrate(_ db: PostgresConnection) throws -> [String] {
        try db.execute("CREATE TABLE IF NOT EXISTS dun_migration (identifier text PRIMARY KEY)")
        let done = Set(try recorded(db) ?? [])
        let unknown = Self.unknown(done)
        guard unknown.isEmpty else {
            throw PostgresError(
                kind: .statement, sqlState: nil,
                message: "written by a newer dun (schema \(unknown.joined(separator: ", "))); upgrade dun to open it")
        }
        var applied: [String] = []
        for (identifier, sql) in migrations where !done.contains(identifier) {
            try db.transaction(isolation: "SERIALIZABLE", attempts: 1) {
                // Several statements in one string: the simple query protocol.
                try db.executeScript(sql)
                try db.execute("INSERT INTO dun_migration (identifier) VALUES ($1)", [identifier])
            }
            applied.append(identifier)
        }
        return applied
    }

    /// The migrations recorded in the connection's current schema, or `nil` when it has no
    /// `dun_migration` table (it holds no ledger).
    public static func recorded(_ db: PostgresConnection) throws -> [String]? {
        guard try db.execute("SELECT to_regclass('dun_migration') IS NOT NULL").rows == [["t"]] else { return nil }
        return try db.execute("SELECT identifier FROM dun_migration ORDER BY identifier").rows.compactMap { $0[0] }
    }

    /// The tables the migrations create, in the order they do.
    public static let tables: [String] = names(after: "CREATE TABLE ")

    /// The functions the migrations create (the triggers' refusal).
    public static let functions: [String] = names(after: "CREATE FUNCTION ")

    private static func names(after keyword: String) -> [String] {
        migrations.flatMap { migration in
            migration.sql.components(separatedBy: keyword).dropFirst().map { rest in
                String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            }
        }
    }

    /// Those of `recorded` this dun does not know, in order: a newer dun applied them.
    public static func unknown(_ recorded: some Sequence<String>) -> [String] {
        Set(recorded).subtracting(migrations.map(\.identifier)).sorted()
    }

    static let p1Ledger = #"""
        CREATE FUNCTION dun_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
        END
        $$;
        CREATE TABLE setting (
            key text PRIMARY KEY,
            value text NOT NULL
        );
        CREATE TABLE owner (
            key text PRIMARY KEY,
            name text NOT NULL,
            email text NOT NULL,
            retired_on text
        );
        CREATE TABLE manager (
            email text PRIMARY KEY,
            name text NOT NULL,
            role text,
            position bigint NOT NULL,
            retired_on text
        );
        CREATE TABLE category (
            code text PRIMARY KEY,
            label_en text NOT NULL,
            label_fr text NOT NULL,
            description text NOT NULL,
            owner_key text NOT NULL REFERENCES owner(key) ON DELETE RESTRICT,
            hold_policy text NOT NULL CHECK (hold_policy IN ('invoice', 'disputed-amount', 'none')),
            sla_days bigint NOT NULL CHECK (sla_days > 0),
            escalate_after_days bigint NOT NULL CHECK (escalate_after_days > 0),
            position bigint NOT NULL,
            retired_on text
        );
        CREATE TABLE subcategory (
            category text NOT NULL REFERENCES category(code) ON DELETE RESTRICT,
            code text NOT NULL,
            label_en text NOT NULL,
            label_fr text NOT NULL,
            position bigint NOT NULL,
            retired_on text,
            PRIMARY KEY (category, code)
        );
        CREATE TABLE routing_threshold (
            currency text PRIMARY KEY,
            amount_cents bigint NOT NULL CHECK (amount_cents >= 0)
        );
        CREATE TABLE customer (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            code text NOT NULL UNIQUE,
            name text NOT NULL,
            email text,
            phone text,
            country text,
            language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr')),
            sales_rep text,
            collector text
        , address text);
        CREATE TABLE customer_iban (
            iban text PRIMARY KEY,
            customer_id bigint NOT NULL REFERENCES customer(id) ON DELETE RESTRICT
        );
        CREATE TABLE invoice (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            number text NOT NULL,
            customer_id bigint NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
            issue_date text NOT NULL,
            due_date text NOT NULL,
            currency text NOT NULL,
            amount_cents bigint NOT NULL CHECK (amount_cents > 0),
            open_cents bigint NOT NULL CHECK (open_cents >= 0 AND open_cents <= amount_cents),
            po text
        , settled_on text, last_reduced_on text);
        CREATE TABLE invoice_line (
            invoice_id bigint NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
            line_no bigint NOT NULL,
            sku text,
            description text,
            quantity text,
            amount_cents bigint,
            PRIMARY KEY (invoice_id, line_no)
        );
        CREATE TABLE dispute (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            customer_id bigint NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
            category text NOT NULL REFERENCES category(code) ON DELETE RESTRICT,
            subcategory text,
            owner_key text NOT NULL REFERENCES owner(key) ON DELETE RESTRICT,
            channel text NOT NULL
                CHECK (channel IN ('phone', 'email', 'letter', 'visit', 'deduction', 'import')),
            status text NOT NULL CHECK (status IN ('open', 'resolved')),
            reported_on text NOT NULL,
            opened_on text NOT NULL,
            currency text NOT NULL,
            amount_cents bigint NOT NULL CHECK (amount_cents > 0),
            note text,
            outcome text CHECK (outcome IN ('credit', 'replacement', 'return', 'rejected', 'write-off')),
            resolved_on text,
            resolved_cents bigint CHECK (resolved_cents IS NULL OR resolved_cents > 0),
            root_cause text REFERENCES category(code) ON DELETE RESTRICT,
            resolution_note text,
            escalated_on text,
            CHECK ((status = 'open') = (outcome IS NULL)),
            CHECK ((status = 'open') = (resolved_on IS NULL))
        );
        CREATE TABLE dispute_invoice (
            dispute_id bigint NOT NULL REFERENCES dispute(id) ON DELETE RESTRICT,
            invoice_id bigint NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
            amount_cents bigint NOT NULL CHECK (amount_cents > 0),
            PRIMARY KEY (dispute_id, invoice_id)
        );
        CREATE TABLE dispute_subject (
            dispute_id bigint NOT NULL REFERENCES dispute(id) ON DELETE RESTRICT,
            key text NOT NULL,
            value text NOT NULL,
            PRIMARY KEY (dispute_id, key, value)
        );
        CREATE TABLE dispute_watcher (
            dispute_id bigint NOT NULL REFERENCES dispute(id) ON DELETE RESTRICT,
            person_key text NOT NULL,
            reason text NOT NULL,
            PRIMARY KEY (dispute_id, person_key)
        );
        CREATE TABLE dispute_note (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            dispute_id bigint NOT NULL REFERENCES dispute(id) ON DELETE RESTRICT,
            written_on text NOT NULL,
            actor text NOT NULL,
            text text NOT NULL
        );
        CREATE TABLE hold (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            invoice_id bigint REFERENCES invoice(id) ON DELETE RESTRICT,
            customer_id bigint REFERENCES customer(id) ON DELETE RESTRICT,
            dispute_id bigint REFERENCES dispute(id) ON DELETE RESTRICT,
            amount_cents bigint CHECK (amount_cents IS NULL OR amount_cents > 0),
            reason text NOT NULL,
            placed_on text NOT NULL,
            until text,
            released_on text,
            release_note text, escalated_on text, held_customer_id bigint REFERENCES customer(id) ON DELETE RESTRICT,
            CHECK ((invoice_id IS NULL) <> (customer_id IS NULL)),
            CHECK (amount_cents IS NULL OR invoice_id IS NOT NULL)
        );
        CREATE TABLE credit_note (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            number text NOT NULL UNIQUE,
            customer_id bigint NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
            invoice_id bigint REFERENCES invoice(id) ON DELETE RESTRICT,
            dispute_id bigint REFERENCES dispute(id) ON DELETE RESTRICT,
            issued_on text NOT NULL,
            currency text NOT NULL,
            amount_cents bigint NOT NULL CHECK (amount_cents > 0),
            applied_cents bigint NOT NULL CHECK (applied_cents >= 0 AND applied_cents <= amount_cents),
            reason text
        );
        CREATE TABLE write_off (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            invoice_id bigint NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
            dispute_id bigint REFERENCES dispute(id) ON DELETE RESTRICT,
            written_on text NOT NULL,
            currency text NOT NULL,
            amount_cents bigint NOT NULL CHECK (amount_cents > 0),
            reason text
        );
        CREATE TABLE journal (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            recorded_at text NOT NULL,
            business_day text NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            subject text NOT NULL,
            details text NOT NULL DEFAULT '{}'
        );
        CREATE TABLE journal_ref (
            ref text NOT NULL,
            entry_id bigint NOT NULL REFERENCES journal(id) ON DELETE RESTRICT,
            PRIMARY KEY (ref, entry_id)
        );
        CREATE TABLE payment (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            source_key text UNIQUE,
            customer_id bigint REFERENCES customer(id) ON DELETE RESTRICT,
            received_on text NOT NULL,
            currency text NOT NULL,
            amount_cents bigint NOT NULL CHECK (amount_cents > 0),
            unapplied_cents bigint NOT NULL CHECK (unapplied_cents >= 0 AND unapplied_cents <= amount_cents),
            reference text,
            end_to_end_id text,
            payer_name text,
            payer_iban text,
            remittance text,
            source text
        , invoice_refs text);
        CREATE TABLE promise (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            customer_id bigint NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
            currency text NOT NULL,
            amount_cents bigint NOT NULL CHECK (amount_cents > 0),
            made_on text NOT NULL,
            due_on text NOT NULL,
            grace_days bigint NOT NULL CHECK (grace_days >= 0),
            status text NOT NULL CHECK (status IN ('pending', 'kept', 'partly-kept', 'broken')),
            settled_on text,
            paid_cents bigint NOT NULL DEFAULT 0,
            note text,
            CHECK ((status = 'pending') = (settled_on IS NULL))
        );
        CREATE TABLE promise_invoice (
            promise_id bigint NOT NULL REFERENCES promise(id) ON DELETE RESTRICT,
            invoice_id bigint NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
            PRIMARY KEY (promise_id, invoice_id)
        );
        CREATE TABLE contact (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            customer_id bigint NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
            day text NOT NULL,
            actor text NOT NULL,
            channel text NOT NULL CHECK (channel IN ('call', 'email', 'letter', 'visit')),
            outcome text NOT NULL
                CHECK (outcome IN ('reached', 'no-answer', 'promise', 'dispute', 'wrong-contact')),
            note text,
            promise_id bigint REFERENCES promise(id) ON DELETE RESTRICT,
            dispute_id bigint REFERENCES dispute(id) ON DELETE RESTRICT
        );
        CREATE TABLE collector (
            key text PRIMARY KEY,
            name text NOT NULL,
            email text,
            phone text,
            daily_capacity bigint NOT NULL CHECK (daily_capacity > 0)
        );
        CREATE TABLE dunning_notice (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            customer_id bigint NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
            step text NOT NULL,
            position bigint NOT NULL,
            channel text NOT NULL CHECK (
                channel = 'email' OR channel = 'letter' OR channel = 'call' OR channel = 'task'),
            day text NOT NULL,
            UNIQUE (customer_id, step, day)
        );
        CREATE TABLE dunning_item (
            notice_id bigint NOT NULL REFERENCES dunning_notice(id) ON DELETE RESTRICT,
            invoice_id bigint NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
            currency text NOT NULL,
            amount_cents bigint NOT NULL,
            days_past_due bigint NOT NULL,
            PRIMARY KEY (notice_id, invoice_id)
        );
        CREATE TABLE invoice_dunning (
            invoice_id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY REFERENCES invoice(id) ON DELETE RESTRICT,
            position bigint NOT NULL,
            step text NOT NULL,
            day text NOT NULL
        );
        CREATE TABLE task (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            kind text NOT NULL,
            assignee text NOT NULL,
            customer_id bigint NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
            notice_id bigint REFERENCES dunning_notice(id) ON DELETE RESTRICT,
            due_on text NOT NULL,
            status text NOT NULL CHECK (status IN ('open', 'done')),
            title text NOT NULL,
            done_on text
        );
        CREATE TABLE outbox (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            notice_id bigint REFERENCES dunning_notice(id) ON DELETE RESTRICT,
            customer_id bigint REFERENCES customer(id) ON DELETE RESTRICT,
            kind text NOT NULL,
            channel text NOT NULL CHECK (channel IN ('email', 'letter')),
            language text NOT NULL,
            recipients text,
            subject text NOT NULL,
            text text NOT NULL,
            html text NOT NULL,
            message bytea,
            message_id text UNIQUE,
            status text NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'printed', 'cancelled')),
            attempts bigint NOT NULL DEFAULT 0,
            last_error text,
            created_on text NOT NULL,
            done_at text,
            -- A letter has no MIME message; an email has one unless rendering it failed.
            CHECK (channel = 'email' OR message IS NULL),
            CHECK (channel <> 'email' OR message IS NOT NULL OR status IN ('failed', 'cancelled'))
        );
        CREATE TABLE corrective_action (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            category text NOT NULL REFERENCES category(code) ON DELETE RESTRICT,
            subject_key text,
            subject_value text,
            owner_key text NOT NULL REFERENCES owner(key) ON DELETE RESTRICT,
            title text NOT NULL CHECK (length(title) > 0),
            due_on text NOT NULL,
            status text NOT NULL CHECK (status IN ('open', 'done', 'verified')),
            opened_on text NOT NULL,
            done_on text,
            verified_on text,
            reopened_on text,
            CHECK ((subject_key IS NULL) = (subject_value IS NULL)),
            CHECK (status = 'open' OR done_on IS NOT NULL),
            CHECK ((status = 'verified') = (verified_on IS NOT NULL)),
            CHECK (reopened_on IS NULL OR done_on IS NOT NULL)
        );
        CREATE TABLE action_dispute (
            action_id bigint NOT NULL REFERENCES corrective_action(id) ON DELETE RESTRICT,
            dispute_id bigint NOT NULL REFERENCES dispute(id) ON DELETE RESTRICT,
            linked_on text NOT NULL,
            PRIMARY KEY (action_id, dispute_id)
        );
        CREATE TABLE action_escalation (
            action_id bigint NOT NULL REFERENCES corrective_action(id) ON DELETE RESTRICT,
            kind text NOT NULL CHECK (kind IN ('overdue', 'ineffective')),
            crossed_on text NOT NULL,
            escalated_on text NOT NULL,
            PRIMARY KEY (action_id, kind, crossed_on)
        );
        CREATE TABLE payment_application (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            payment_id bigint NOT NULL REFERENCES payment(id) ON DELETE RESTRICT,
            invoice_id bigint NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
            amount_cents bigint NOT NULL CHECK (amount_cents > 0),
            applied_on text NOT NULL,
            rule text NOT NULL CHECK (
                rule = 'invoice-column' OR rule = 'remittance' OR rule = 'exact-balance' OR rule = 'manual')
        );
        CREATE TABLE credit_application (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            credit_note_id bigint NOT NULL REFERENCES credit_note(id) ON DELETE RESTRICT,
            invoice_id bigint NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
            amount_cents bigint NOT NULL CHECK (amount_cents > 0),
            applied_on text NOT NULL
        );
        CREATE TABLE ar_movement (
            currency text NOT NULL,
            day text NOT NULL,
            due_date text NOT NULL,
            issued_cents bigint NOT NULL DEFAULT 0,
            reduced_cents bigint NOT NULL DEFAULT 0,
            PRIMARY KEY (currency, day, due_date)
        );
        CREATE TABLE dispute_resolution (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            dispute_id bigint NOT NULL REFERENCES dispute(id) ON DELETE RESTRICT,
            outcome text NOT NULL
                CHECK (outcome IN ('credit', 'replacement', 'return', 'rejected', 'write-off')),
            resolved_on text NOT NULL,
            resolved_cents bigint CHECK (resolved_cents IS NULL OR resolved_cents > 0),
            root_cause text,
            note text,
            reopened_on text,
            CHECK (reopened_on IS NULL OR reopened_on >= resolved_on)
        );
        CREATE TABLE action_change (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            action_id bigint NOT NULL REFERENCES corrective_action(id) ON DELETE RESTRICT,
            day text NOT NULL,
            status text NOT NULL CHECK (status IN ('open', 'done', 'verified')),
            due_on text NOT NULL,
            done_on text,
            verified_on text,
            reopened_on text
        );
        CREATE TABLE dispute_assignment (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            dispute_id bigint NOT NULL REFERENCES dispute(id) ON DELETE RESTRICT,
            day text NOT NULL,
            from_owner text NOT NULL,
            to_owner text NOT NULL
        );
        CREATE TABLE money_total (
            kind text NOT NULL,
            currency text NOT NULL,
            cents bigint NOT NULL,
            PRIMARY KEY (kind, currency)
        );
        CREATE UNIQUE INDEX invoice_number ON invoice(number);
        CREATE INDEX dispute_recurrence ON dispute(customer_id, category, opened_on);
        CREATE INDEX dispute_opened ON dispute(opened_on);
        CREATE INDEX dispute_open_by_owner ON dispute(owner_key, opened_on) WHERE status = 'open';
        CREATE INDEX dispute_resolved ON dispute(resolved_on) WHERE resolved_on IS NOT NULL;
        CREATE INDEX dispute_invoice_by_invoice ON dispute_invoice(invoice_id);
        CREATE INDEX dispute_subject_by_subject ON dispute_subject(key, value);
        CREATE INDEX dispute_note_by_dispute ON dispute_note(dispute_id);
        CREATE INDEX hold_by_invoice ON hold(invoice_id) WHERE invoice_id IS NOT NULL;
        CREATE INDEX hold_by_customer ON hold(customer_id) WHERE customer_id IS NOT NULL;
        CREATE INDEX hold_by_dispute ON hold(dispute_id) WHERE dispute_id IS NOT NULL;
        CREATE INDEX credit_note_by_invoice ON credit_note(invoice_id) WHERE invoice_id IS NOT NULL;
        CREATE INDEX credit_note_by_customer ON credit_note(customer_id);
        CREATE INDEX write_off_by_invoice ON write_off(invoice_id);
        CREATE TRIGGER invoice_facts_fixed BEFORE UPDATE OF number, customer_id, currency, amount_cents ON invoice FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('an invoice amount is never edited; issue a credit note');
        CREATE TRIGGER invoice_never_deleted BEFORE DELETE ON invoice FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('financial rows are never deleted');
        CREATE TRIGGER credit_note_never_deleted BEFORE DELETE ON credit_note FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('financial rows are never deleted');
        CREATE TRIGGER write_off_never_deleted BEFORE DELETE ON write_off FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('financial rows are never deleted');
        CREATE TRIGGER dispute_never_deleted BEFORE DELETE ON dispute FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('disputes are never deleted');
        CREATE TRIGGER hold_never_deleted BEFORE DELETE ON hold FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('holds are never deleted; release them');
        CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('the journal is append-only');
        CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('the journal is append-only');
        CREATE TRIGGER journal_ref_append_only_update BEFORE UPDATE ON journal_ref FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('the journal is append-only');
        CREATE TRIGGER journal_ref_append_only_delete BEFORE DELETE ON journal_ref FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('the journal is append-only');
        CREATE INDEX payment_unapplied ON payment(customer_id) WHERE unapplied_cents > 0;
        CREATE INDEX payment_by_customer ON payment(customer_id, received_on);
        CREATE TRIGGER payment_never_deleted BEFORE DELETE ON payment FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('financial rows are never deleted');
        CREATE TRIGGER payment_amount_fixed BEFORE UPDATE OF amount_cents, currency ON payment FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('a payment amount is never edited');
        CREATE INDEX promise_pending ON promise(customer_id) WHERE status = 'pending';
        CREATE INDEX promise_by_customer ON promise(customer_id, due_on);
        CREATE INDEX promise_invoice_by_invoice ON promise_invoice(invoice_id);
        CREATE INDEX contact_by_customer ON contact(customer_id, day);
        CREATE INDEX dunning_item_by_invoice ON dunning_item(invoice_id);
        CREATE INDEX task_open ON task(assignee, due_on) WHERE status = 'open';
        CREATE INDEX outbox_pending ON outbox(status, id) WHERE status IN ('queued', 'failed');
        CREATE INDEX outbox_by_customer ON outbox(customer_id);
        CREATE TRIGGER outbox_never_deleted BEFORE DELETE ON outbox FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('the outbox keeps what was sent');
        CREATE TRIGGER outbox_sent_is_final BEFORE UPDATE OF status ON outbox FOR EACH ROW
            WHEN (OLD.status IN ('sent', 'printed', 'cancelled'))
            EXECUTE FUNCTION dun_refuse('a message sent, printed or cancelled is never sent again');
        CREATE INDEX corrective_action_by_category ON corrective_action(category);
        CREATE TRIGGER corrective_action_never_deleted BEFORE DELETE ON corrective_action FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('corrective actions are never deleted');
        CREATE INDEX action_dispute_by_dispute ON action_dispute(dispute_id);
        CREATE TRIGGER action_escalation_never_deleted BEFORE DELETE ON action_escalation FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('escalations are never deleted');
        CREATE INDEX payment_application_by_invoice ON payment_application(invoice_id);
        CREATE INDEX payment_application_by_payment ON payment_application(payment_id);
        CREATE TRIGGER payment_application_never_deleted BEFORE DELETE ON payment_application FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('financial rows are never deleted');
        CREATE INDEX dunning_notice_by_day ON dunning_notice(day);
        CREATE INDEX hold_by_held_customer ON hold(held_customer_id);
        CREATE INDEX invoice_open
            ON invoice(customer_id, due_date, open_cents, currency, number, issue_date, last_reduced_on)
            WHERE open_cents > 0;
        CREATE INDEX invoice_settled
            ON invoice(
                customer_id, settled_on, due_date, issue_date, currency, amount_cents, number, open_cents,
                last_reduced_on)
            WHERE open_cents = 0;
        CREATE INDEX credit_application_by_invoice ON credit_application(invoice_id);
        CREATE INDEX credit_application_by_note ON credit_application(credit_note_id);
        CREATE INDEX credit_application_by_day ON credit_application(applied_on, invoice_id, amount_cents);
        CREATE TRIGGER credit_application_never_deleted BEFORE DELETE ON credit_application FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('financial rows are never deleted');
        CREATE INDEX payment_application_by_day
            ON payment_application(applied_on, invoice_id, amount_cents, payment_id);
        CREATE INDEX write_off_by_day ON write_off(written_on, invoice_id, amount_cents);
        CREATE VIEW reduction (invoice_id, day, cents) AS
            SELECT invoice_id, applied_on, amount_cents FROM payment_application
            UNION ALL SELECT invoice_id, applied_on, amount_cents FROM credit_application
            UNION ALL SELECT invoice_id, written_on, amount_cents FROM write_off
        ;
        CREATE INDEX dispute_resolution_by_dispute ON dispute_resolution(dispute_id, resolved_on);
        CREATE INDEX dispute_resolution_by_day ON dispute_resolution(resolved_on);
        CREATE TRIGGER dispute_resolution_never_deleted BEFORE DELETE ON dispute_resolution FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('disputes are never deleted');
        CREATE INDEX action_change_by_action ON action_change(action_id, day);
        CREATE TRIGGER action_change_never_deleted BEFORE DELETE ON action_change FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('corrective actions are never deleted');
        CREATE INDEX dispute_assignment_by_dispute ON dispute_assignment(dispute_id, day);
        CREATE TRIGGER dispute_assignment_never_deleted BEFORE DELETE ON dispute_assignment FOR EACH ROW
            EXECUTE FUNCTION dun_refuse('disputes are never deleted');
        """#
}

extension PostgresSchema {
    /// Every text column compares byte by byte (`COLLATE "C"`), as SQLite's do: a list sorted by
    /// invoice number or customer code comes out in the same order on both engines, whatever
    /// locale the server's database was made with. A column's collation cannot change under a
    /// trigger or a view that names it, so those are set aside and made again.
    static let p2BinaryTextOrder = #"""
        DO $$
        DECLARE
            saved text[];
            item record;
            definition text;
        BEGIN
            SELECT coalesce(array_agg(pg_get_triggerdef(t.oid)), '{}') INTO saved
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal;
            FOR item IN SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal
            LOOP
                EXECUTE format('DROP TRIGGER %I ON %I', item.tgname, item.relname);
            END LOOP;
            DROP VIEW reduction;
            FOR item IN SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND data_type = 'text'
            LOOP
                EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE text COLLATE "C"', item.table_name, item.column_name);
            END LOOP;
            CREATE VIEW reduction (invoice_id, day, cents) AS
                SELECT invoice_id, applied_on, amount_cents FROM payment_application
                UNION ALL SELECT invoice_id, applied_on, amount_cents FROM credit_application
                UNION ALL SELECT invoice_id, written_on, amount_cents FROM write_off;
            FOREACH definition IN ARRAY saved LOOP
                EXECUTE definition;
            END LOOP;
        END
        $$;
        """#
}

extension PostgresSchema {
    /// The partial indexes the collection scans read carry the invoice's id, as SQLite's carry
    /// the rowid: the scans of a million open invoices read the index alone (an index-only scan
    /// once the table is vacuumed) instead of visiting the table for every row.
    static let p3CoveringOpenInvoices = """
        DROP INDEX invoice_open;
        CREATE INDEX invoice_open
            ON invoice(customer_id, due_date, open_cents, currency, number, issue_date, last_reduced_on)
            INCLUDE (id) WHERE open_cents > 0;
        DROP INDEX invoice_settled;
        CREATE INDEX invoice_settled
            ON invoice(
                customer_id, settled_on, due_date, issue_date, currency, amount_cents, number, open_cents,
                last_reduced_on)
            INCLUDE (id) WHERE open_cents = 0;
        """
}

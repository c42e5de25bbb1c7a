import Foundation
import LedgerPort
import Receivables

extension PostgresTransaction: CollectionWriting {
    /// Records a promise to pay; returns its id (the next after the highest).
    public func insertPromise(_ promise: PromiseToPay, note: String?) throws -> PromiseID {
        let id = try nextID("promise")
        try change(
            """
            INSERT INTO promise (id, customer_id, currency, amount_cents, made_on, due_on, grace_days, status, note)
            VALUES ($1, (SELECT id FROM customer WHERE code = $2::text), $3, $4, $5, $6, $7, 'pending', $8)
            """,
            [
                String(id), promise.customer.text, promise.amount.currency.code, String(promise.amount.minorUnits),
                promise.madeOn.iso, promise.dueOn.iso, String(promise.graceDays), note,
            ])
        if !promise.invoices.isEmpty {
            // An invoice that does not exist leaves invoice_id NULL, refused as on SQLite.
            try change(
                """
                INSERT INTO promise_invoice (promise_id, invoice_id)
                SELECT $1::bigint, (SELECT i.id FROM invoice i WHERE i.number = n) FROM unnest($2::text[]) AS n
                """, [String(id), PostgresArray.text(promise.invoices.map(\.text))])
        }
        return PromiseID(rawValue: id)
    }

    public func settlePromise(_ id: PromiseID, _ state: PromiseState, paid: Money) throws {
        let day: Day? =
            switch state {
            case .pending: nil
            case .kept(let on), .partlyKept(_, let on), .broken(let on): on
            }
        try change(
            "UPDATE promise SET status = $1, settled_on = $2, paid_cents = $3 WHERE id = $4",
            [state.status, day?.iso, String(paid.minorUnits), String(id.rawValue)])
    }

    /// Records a contact; returns its id (the next after the highest).
    @discardableResult
    public func insertContact(
        customer: CustomerCode, channel: String, outcome: String, note: String?, promise: PromiseID?,
        dispute: DisputeID?
    ) throws -> Int64 {
        let id = try nextID("contact")
        try change(
            """
            INSERT INTO contact (id, customer_id, day, actor, channel, outcome, note, promise_id, dispute_id)
            VALUES ($1, (SELECT id FROM customer WHERE code = $2::text), $3, $4, $5, $6, $7, $8, $9)
            """,
            [
                String(id), customer.text, stamp.day.iso, stamp.actor, channel, outcome, note,
                promise.map { String($0.rawValue) }, dispute.map { String($0.rawValue) },
            ])
        return id
    }

    public func saveCollector(_ collector: Collector) throws {
        try change(
            """
            INSERT INTO collector (key, name, email, phone, daily_capacity) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (key) DO UPDATE SET name = excluded.name, email = excluded.email, phone = excluded.phone,
                daily_capacity = excluded.daily_capacity
            """,
            [collector.key.text, collector.name, collector.email, collector.phone, String(collector.dailyCapacity)])
    }

    /// Records a notice, its items and each invoice's new last step; returns the notice id (the
    /// next after the highest), or `nil` when the same notice was already recorded that day.
    public func recordNotice(_ notice: PlannedNotice) throws -> Int64? {
        let id = try nextID("dunning_notice")
        let inserted = try change(
            """
            INSERT INTO dunning_notice (id, customer_id, step, position, channel, day)
            VALUES ($1, (SELECT id FROM customer WHERE code = $2::text), $3, $4, $5, $6)
            ON CONFLICT (customer_id, step, day) DO NOTHING
            """,
            [
                String(id), notice.customer.text, notice.step, String(notice.position), notice.channel.rawValue,
                stamp.day.iso,
            ])
        guard inserted.changed == 1 else { return nil }
        guard !notice.items.isEmpty else { return id }
        let numbers = PostgresArray.text(notice.items.map(\.invoice.text))
        try change(
            """
            INSERT INTO dunning_item (notice_id, invoice_id, currency, amount_cents, days_past_due)
            SELECT $1::bigint, (SELECT i.id FROM invoice i WHERE i.number = n.number), n.currency, n.cents, n.days
            FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS n(number, currency, cents, days)
            """,
            [
                String(id), numbers, PostgresArray.text(notice.items.map(\.amount.currency.code)),
                PostgresArray.int(notice.items.map(\.amount.minorUnits)),
                PostgresArray.int(notice.items.map { Int64($0.daysPastDue) }),
            ])
        try change(
            """
            INSERT INTO invoice_dunning (invoice_id, position, step, day)
            SELECT (SELECT i.id FROM invoice i WHERE i.number = n), $2::bigint, $3::text, $4::text
            FROM unnest($1::text[]) AS n
            ON CONFLICT (invoice_id) DO UPDATE SET position = excluded.position, step = excluded.step,
                day = excluded.day
            """, [numbers, String(notice.position), notice.step, stamp.day.iso])
        return id
    }

    /// Creates a task; returns its id (the next after the highest).
    @discardableResult
    public func insertTask(
        kind: String, assignee: String, customer: CustomerCode, notice: Int64?, dueOn: Day, title: String
    ) throws -> Int64 {
        let id = try nextID("task")
        try change(
            """
            INSERT INTO task (id, kind, assignee, customer_id, notice_id, due_on, status, title)
            VALUES ($1, $2, $3, (SELECT id FROM customer WHERE code = $4::text), $5, $6, 'open', $7)
            """, [String(id), kind, assignee, customer.text, notice.map(String.init), dueOn.iso, title])
        return id
    }

    public func completeTask(_ id: Int64) throws {
        try change(
            "UPDATE task SET status = 'done', done_on = $1 WHERE id = $2 AND status = 'open'",
            [stamp.day.iso, String(id)])
    }
}

extension PostgresReader: CollectionReading {
    public func promise(_ id: PromiseID) throws -> PromiseToPay? {
        try promises(
            db.rows(
                "SELECT p.*, c.code FROM promise p JOIN customer c ON c.id = p.customer_id WHERE p.id = $1",
                [String(id.rawValue)])
        ).first
    }

    public func promises(
        status: String?, customer: CustomerCode?, limit: Int?, on day: Day
    ) throws -> (rows: [PromiseToPay], total: Int) {
        var condition = "p.made_on <= $1"
        var parameters: [String?] = [day.iso]
        if let customer {
            condition += " AND c.code = $2"
            parameters.append(customer.text)
        }
        // Only a promise whose last day has not passed can still be pending.
        if status == "pending" { condition += " AND (p.due_on::date + p.grace_days::integer)::text >= $1" }
        let made = try promises(
            db.rows(
                "SELECT p.*, c.code FROM promise p JOIN customer c ON c.id = p.customer_id WHERE \(condition) ORDER BY p.id",
                parameters))
        let payments = try promisePayments(made, asOf: day)
        var rows: [PromiseToPay] = []
        for promise in made.reversed() {
            var promise = promise
            promise.state = promise.evaluate(payments: payments[promise.id.rawValue] ?? [], asOf: day)
            if let status, promise.state.status != status { continue }
            rows.append(promise)
        }
        return (Array(rows.prefix(limit ?? rows.count)), rows.count)
    }

    public func pendingPromises(customer: CustomerCode?) throws -> [PromiseToPay] {
        let sql =
            customer == nil
            ? "SELECT p.*, c.code FROM promise p JOIN customer c ON c.id = p.customer_id WHERE p.status = 'pending'"
            : """
            SELECT p.*, c.code FROM promise p JOIN customer c ON c.id = p.customer_id
            WHERE p.status = 'pending' AND p.customer_id = (SELECT id FROM customer WHERE code = $1)
            """
        return try promises(db.rows(sql + " ORDER BY p.id", customer.map { [$0.text] } ?? []))
    }

    /// The promises of rows of `promise` joined with their customer's code, in their order, with
    /// the invoices they name read for all of them at once.
    private func promises(_ rows: [PostgresRow]) throws -> [PromiseToPay] {
        guard !rows.isEmpty else { return [] }
        var invoices: [Int64: [InvoiceNumber]] = [:]
        for row in try db.rows(
            """
            SELECT pi.promise_id, i.number FROM promise_invoice pi JOIN invoice i ON i.id = pi.invoice_id
            WHERE pi.promise_id = ANY($1::bigint[]) ORDER BY pi.promise_id, i.number
            """, [PostgresArray.int(rows.map { $0.int("id") })])
        {
            invoices[row.int("promise_id"), default: []].append(InvoiceNumber(row.text("number")))
        }
        return rows.map { row in
            let id = row.int("id")
            let currency = row.currency("currency")
            let settled = row.optionalDay("settled_on")
            let state: PromiseState =
                switch row.text("status") {
                case "kept": .kept(on: settled!)
                case "partly-kept": .partlyKept(paid: row.money("paid_cents", "currency"), on: settled!)
                case "broken": .broken(on: settled!)
                default: .pending
                }
            return PromiseToPay(
                id: PromiseID(rawValue: id), customer: CustomerCode(row.text("code")),
                amount: Money(minorUnits: row.int("amount_cents"), currency: currency), madeOn: row.day("made_on"),
                dueOn: row.day("due_on"), graceDays: row.count("grace_days"), invoices: invoices[id] ?? [],
                state: state)
        }
    }

    public func promiseState(_ promise: PromiseToPay, on day: Day) throws -> PromiseState {
        promise.evaluate(payments: try promisePayments(promise, asOf: day), asOf: day)
    }

    public func promisePayments(_ promise: PromiseToPay, asOf: Day) throws -> [(day: Day, amount: Money)] {
        let rows: [PostgresRow]
        if promise.invoices.isEmpty {
            rows = try db.rows(
                """
                SELECT received_on, amount_cents AS cents FROM payment
                WHERE customer_id = (SELECT id FROM customer WHERE code = $1) AND currency = $2
                  AND received_on BETWEEN $3 AND $4
                ORDER BY received_on, id
                """, [promise.customer.text, promise.amount.currency.code, promise.madeOn.iso, asOf.iso])
        } else {
            rows = try db.rows(
                """
                SELECT p.received_on, sum(a.amount_cents)::bigint AS cents FROM payment_application a
                JOIN payment p ON p.id = a.payment_id JOIN promise_invoice pi ON pi.invoice_id = a.invoice_id
                WHERE pi.promise_id = $1 AND p.received_on BETWEEN $2 AND $3 AND a.applied_on <= $3
                GROUP BY p.id ORDER BY p.id
                """, [String(promise.id.rawValue), promise.madeOn.iso, asOf.iso])
        }
        return rows.map {
            ($0.day("received_on"), Money(minorUnits: $0.int("cents"), currency: promise.amount.currency))
        }
    }

    /// ``promisePayments(_:asOf:)`` of promises read from the ledger, by promise id, in two
    /// queries whatever their number.
    private func promisePayments(_ promises: [PromiseToPay], asOf: Day) throws -> [Int64: [(day: Day, amount: Money)]] {
        var payments: [Int64: [(day: Day, amount: Money)]] = [:]
        let currencies = Dictionary(
            promises.map { ($0.id.rawValue, $0.amount.currency) }, uniquingKeysWith: { a, _ in a })
        func add(_ rows: [PostgresRow]) {
            for row in rows {
                let id = row.int("promise_id")
                guard let currency = currencies[id] else { continue }
                payments[id, default: []].append(
                    (row.day("received_on"), Money(minorUnits: row.int("cents"), currency: currency)))
            }
        }
        let whole = promises.filter(\.invoices.isEmpty).map(\.id.rawValue)
        if !whole.isEmpty {
            add(
                try db.rows(
                    """
                    SELECT pr.id AS promise_id, p.received_on, p.amount_cents AS cents
                    FROM promise pr JOIN payment p ON p.customer_id = pr.customer_id AND p.currency = pr.currency
                        AND p.received_on BETWEEN pr.made_on AND $2
                    WHERE pr.id = ANY($1::bigint[])
                    ORDER BY pr.id, p.received_on, p.id
                    """, [PostgresArray.int(whole), asOf.iso]))
        }
        let named = promises.filter { !$0.invoices.isEmpty }.map(\.id.rawValue)
        if !named.isEmpty {
            add(
                try db.rows(
                    """
                    SELECT pi.promise_id, p.received_on, sum(a.amount_cents)::bigint AS cents
                    FROM payment_application a JOIN payment p ON p.id = a.payment_id
                    JOIN promise_invoice pi ON pi.invoice_id = a.invoice_id JOIN promise pr ON pr.id = pi.promise_id
                    WHERE pi.promise_id = ANY($1::bigint[]) AND p.received_on BETWEEN pr.made_on AND $2
                      AND a.applied_on <= $2
                    GROUP BY pi.promise_id, p.id ORDER BY pi.promise_id, p.id
                    """, [PostgresArray.int(named), asOf.iso]))
        }
        return payments
    }

    public func contacts(of customer: CustomerCode?, limit: Int?, on day: Day) throws -> [ContactRecord] {
        try db.rows(
            """
            SELECT t.*, c.code FROM contact t JOIN customer c ON c.id = t.customer_id
            WHERE ($1::text IS NULL OR c.code = $1::text) AND t.day <= $3 ORDER BY t.day DESC, t.id DESC
            LIMIT $2::bigint
            """, [customer?.text, limit.map(String.init), day.iso]
        ).map {
            ContactRecord(
                id: $0.int("id"), customer: CustomerCode($0.text("code")), day: $0.day("day"), actor: $0.text("actor"),
                channel: $0.text("channel"), outcome: $0.text("outcome"), note: $0["note"],
                promise: $0.optionalInt("promise_id").map(PromiseID.init(rawValue:)),
                dispute: $0.optionalInt("dispute_id").map(DisputeID.init(rawValue:)))
        }
    }

    public func collectors() throws -> [Collector] {
        try db.rows("SELECT * FROM collector ORDER BY key").map {
            Collector(
                key: PersonKey($0.text("key")), name: $0.text("name"), email: $0["email"], phone: $0["phone"],
                dailyCapacity: $0.count("daily_capacity"))
        }
    }

    public func openTasks(assignee: String?, on day: Day) throws -> [TaskRecord] {
        try db.rows(
            """
            SELECT t.*, c.code FROM task t JOIN customer c ON c.id = t.customer_id
            WHERE t.due_on <= $2 AND (t.done_on IS NULL OR t.done_on > $2) AND ($1::text IS NULL OR t.assignee = $1::text)
            ORDER BY t.due_on, t.id
            """, [assignee, day.iso]
        ).map {
            TaskRecord(
                id: $0.int("id"), kind: $0.text("kind"), assignee: $0.text("assignee"),
                customer: CustomerCode($0.text("code")), notice: $0.optionalInt("notice_id"), dueOn: $0.day("due_on"),
                status: "open", title: $0.text("title"))
        }
    }

    public func notices(on day: Day?, customer: CustomerCode?, limit: Int?, through: Day) throws -> [NoticeRecord] {
        try notices(
            db.rows(
                """
                SELECT n.*, c.code FROM dunning_notice n JOIN customer c ON c.id = n.customer_id
                WHERE ($1::text IS NULL OR n.day = $1::text) AND ($2::text IS NULL OR c.code = $2::text) AND n.day <= $4
                ORDER BY n.id DESC LIMIT $3::bigint
                """, [day?.iso, customer?.text, limit.map(String.init), through.iso]))
    }

    public func notice(_ id: Int64) throws -> NoticeRecord? {
        try notices(
            db.rows(
                "SELECT n.*, c.code FROM dunning_notice n JOIN customer c ON c.id = n.customer_id WHERE n.id = $1",
                [String(id)])
        ).first
    }

    /// The notices of rows of `dunning_notice` joined with their customer's code, in their
    /// order, with their items read for all of them at once.
    private func notices(_ rows: [PostgresRow]) throws -> [NoticeRecord] {
        guard !rows.isEmpty else { return [] }
        var items: [Int64: [(invoice: InvoiceNumber, amount: Money, daysPastDue: Int)]] = [:]
        for row in try db.rows(
            """
            SELECT d.notice_id, i.number, d.currency, d.amount_cents, d.days_past_due FROM dunning_item d
            JOIN invoice i ON i.id = d.invoice_id WHERE d.notice_id = ANY($1::bigint[]) ORDER BY d.notice_id, i.number
            """, [PostgresArray.int(rows.map { $0.int("id") })])
        {
            items[row.int("notice_id"), default: []].append(
                (
                    invoice: InvoiceNumber(row.text("number")), amount: row.money("amount_cents", "currency"),
                    daysPastDue: row.count("days_past_due")
                ))
        }
        return rows.map { row in
            let id = row.int("id")
            return NoticeRecord(
                id: id, customer: CustomerCode(row.text("code")), step: row.text("step"),
                position: row.count("position"), channel: DunningChannel(rawValue: row.text("channel")) ?? .email,
                day: row.day("day"), items: items[id] ?? [])
        }
    }

    public func dunningPolicyJSON() throws -> String? { try setting("dunning_policy") }
}

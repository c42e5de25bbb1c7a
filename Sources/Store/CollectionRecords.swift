import Foundation
import GRDB
import LedgerPort
import Receivables

extension LedgerTransaction {
    /// Records a promise to pay; returns its id.
    public func insertPromise(_ promise: PromiseToPay, note: String?) throws -> PromiseID {
        try db.cachedStatement(
            sql: """
                INSERT INTO promise (customer_id, currency, amount_cents, made_on, due_on, grace_days, status, note)
                VALUES ((SELECT id FROM customer WHERE code = ?), ?, ?, ?, ?, ?, 'pending', ?)
                """
        ).execute(arguments: [
            promise.customer.text, promise.amount.currency.code, promise.amount.minorUnits, promise.madeOn.iso,
            promise.dueOn.iso, promise.graceDays, note,
        ])
        let id = PromiseID(rawValue: db.lastInsertedRowID)
        for invoice in promise.invoices {
            try db.cachedStatement(
                sql:
                    "INSERT INTO promise_invoice (promise_id, invoice_id) VALUES (?, (SELECT id FROM invoice WHERE number = ?))"
            ).execute(arguments: [id.rawValue, invoice.text])
        }
        return id
    }

    /// Records that a promise was kept, partly kept or broken.
    public func settlePromise(_ id: PromiseID, _ state: PromiseState, paid: Money) throws {
        let day: Day? =
            switch state {
            case .pending: nil
            case .kept(let on), .partlyKept(_, let on), .broken(let on): on
            }
        try db.cachedStatement(sql: "UPDATE promise SET status = ?, settled_on = ?, paid_cents = ? WHERE id = ?")
            .execute(
                arguments: [state.status, day?.iso, paid.minorUnits, id.rawValue])
    }

    /// Records a contact; returns its id.
    @discardableResult
    public func insertContact(
        customer: CustomerCode, channel: String, outcome: String, note: String?, promise: PromiseID?,
        dispute: DisputeID?
    ) throws -> Int64 {
        try db.cachedStatement(
            sql: """
                INSERT INTO contact (customer_id, day, actor, channel, outcome, note, promise_id, dispute_id)
                VALUES ((SELECT id FROM customer WHERE code = ?), ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            customer.text, stamp.day.iso, stamp.actor, channel, outcome, note, promise?.rawValue, dispute?.rawValue,
        ])
        return db.lastInsertedRowID
    }

    /// Adds or changes a collector.
    public func saveCollector(_ collector: Collector) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO collector (key, name, email, phone, daily_capacity) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET name = excluded.name, email = excluded.email, phone = excluded.phone,
                    daily_capacity = excluded.daily_capacity
                """
        ).execute(arguments: [
            collector.key.text, collector.name, collector.email, collector.phone, collector.dailyCapacity,
        ])
    }

    /// Records a notice, its items and each invoice's new last step; returns the notice id, or
    /// `nil` when the same notice was already recorded that day.
    public func recordNotice(_ notice: PlannedNotice) throws -> Int64? {
        let customerID = try reader.customerID(notice.customer)
        try db.cachedStatement(
            sql: """
                INSERT INTO dunning_notice (customer_id, step, position, channel, day) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (customer_id, step, day) DO NOTHING
                """
        ).execute(arguments: [customerID, notice.step, notice.position, notice.channel.rawValue, stamp.day.iso])
        guard db.changesCount == 1 else { return nil }
        let id = db.lastInsertedRowID
        for item in notice.items {
            try db.cachedStatement(
                sql: """
                    INSERT INTO dunning_item (notice_id, invoice_id, currency, amount_cents, days_past_due)
                    VALUES (?1, (SELECT id FROM invoice WHERE number = ?2), ?3, ?4, ?5)
                    """
            ).execute(arguments: [
                id, item.invoice.text, item.amount.currency.code, item.amount.minorUnits, item.daysPastDue,
            ])
            try db.cachedStatement(
                sql: """
                    INSERT INTO invoice_dunning (invoice_id, position, step, day)
                    VALUES ((SELECT id FROM invoice WHERE number = ?1), ?2, ?3, ?4)
                    ON CONFLICT (invoice_id) DO UPDATE SET position = excluded.position, step = excluded.step,
                        day = excluded.day
                    """
            ).execute(arguments: [item.invoice.text, notice.position, notice.step, stamp.day.iso])
        }
        return id
    }

    /// Creates a task; returns its id.
    @discardableResult
    public func insertTask(
        kind: String, assignee: String, customer: CustomerCode, notice: Int64?, dueOn: Day, title: String
    ) throws -> Int64 {
        try db.cachedStatement(
            sql: """
                INSERT INTO task (kind, assignee, customer_id, notice_id, due_on, status, title)
                VALUES (?, ?, (SELECT id FROM customer WHERE code = ?), ?, ?, 'open', ?)
                """
        ).execute(arguments: [kind, assignee, customer.text, notice, dueOn.iso, title])
        return db.lastInsertedRowID
    }

    /// Marks a task done.
    public func completeTask(_ id: Int64) throws {
        try db.cachedStatement(sql: "UPDATE task SET status = 'done', done_on = ? WHERE id = ? AND status = 'open'")
            .execute(
                arguments: [stamp.day.iso, id])
    }
}

extension LedgerReader {
    /// A promise with the invoices it covers.
    public func promise(_ id: PromiseID) throws -> PromiseToPay? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT p.*, c.code FROM promise p JOIN customer c ON c.id = p.customer_id WHERE p.id = ?"),
            arguments: [id.rawValue]
        ).map { try promise(row: $0) }
    }

    /// Promises made by `day`, newest first, each as it stood at the close of that day; of one
    /// status when asked.
    public func promises(
        status: String?, customer: CustomerCode?, limit: Int?, on day: Day
    ) throws -> (rows: [PromiseToPay], total: Int) {
        var condition = "p.made_on <= ?1"
        var arguments: [any DatabaseValueConvertible] = [day.iso]
        if let customer {
            condition += " AND c.code = ?2"
            arguments.append(customer.text)
        }
        // Only a promise whose last day has not passed can still be pending.
        if status == "pending" { condition += " AND date(p.due_on, '+' || p.grace_days || ' days') >= ?1" }
        var rows: [PromiseToPay] = []
        for (promise, _, _) in try promiseKeys(condition, arguments).reversed() {
            var promise = promise
            promise.state = try promiseState(promise, on: day)
            if let status, promise.state.status != status { continue }
            rows.append(promise)
        }
        return (Array(rows.prefix(limit ?? rows.count)), rows.count)
    }

    /// Pending promises (all customers, or one).
    public func pendingPromises(customer: CustomerCode?) throws -> [PromiseToPay] {
        // One customer's through its index (an `OR` on the code would read every pending promise).
        let sql =
            customer == nil
            ? "SELECT p.*, c.code FROM promise p JOIN customer c ON c.id = p.customer_id WHERE p.status = 'pending'"
            : """
            SELECT p.*, c.code FROM promise p JOIN customer c ON c.id = p.customer_id
            WHERE p.status = 'pending' AND p.customer_id = (SELECT id FROM customer WHERE code = ?)
            """
        return try Row.fetchAll(
            db.cachedStatement(sql: sql + " ORDER BY p.id"),
            arguments: StatementArguments(customer.map { [$0.text] } ?? [])
        ).map { try promise(row: $0) }
    }

    func promise(row: Row) throws -> PromiseToPay {
        let id = PromiseID(rawValue: row["id"])
        let currency = Currency(code: row["currency"]) ?? .EUR
        let invoices = try String.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT i.number FROM promise_invoice pi JOIN invoice i ON i.id = pi.invoice_id
                    WHERE pi.promise_id = ? ORDER BY i.number
                    """), arguments: [id.rawValue]
        ).map(InvoiceNumber.init)
        let settled = (row["settled_on"] as String?).flatMap { Day(iso: $0) }
        let paid = Money(minorUnits: row["paid_cents"], currency: currency)
        let state: PromiseState =
            switch row["status"] as String {
            case "kept": .kept(on: settled!)
            case "partly-kept": .partlyKept(paid: paid, on: settled!)
            case "broken": .broken(on: settled!)
            default: .pending
            }
        return PromiseToPay(
            id: id, customer: CustomerCode(row["code"] as String),
            amount: Money(minorUnits: row["amount_cents"], currency: currency),
            madeOn: Day(iso: row["made_on"] as String)!, dueOn: Day(iso: row["due_on"] as String)!,
            graceDays: row["grace_days"],
            invoices: invoices, state: state)
    }

    /// Promises matching an SQL condition on `p` (numbered parameters bound to `arguments`),
    /// with their customer's row id and the row ids of the invoices they name, in id order.
    func promiseKeys(
        _ condition: String, _ arguments: [any DatabaseValueConvertible]
    ) throws -> [(promise: PromiseToPay, customerID: Int64, invoiceIDs: [Int64])] {
        try Row.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT p.*, c.code FROM promise p JOIN customer c ON c.id = p.customer_id WHERE \(condition) ORDER BY p.id"
            ), arguments: StatementArguments(arguments)
        ).map { row in
            let invoices = try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT invoice_id FROM promise_invoice WHERE promise_id = ?"),
                arguments: [row["id"] as Int64])
            return (try promise(row: row), row["customer_id"], invoices)
        }
    }

    /// Promises pending at the close of `day`: made by then, their last day (the promised day
    /// plus grace) not passed, and not yet kept by the payments that count towards them.
    func pendingPromiseKeys(
        on day: Day, customer: CustomerCode? = nil
    ) throws -> [(promise: PromiseToPay, customerID: Int64, invoiceIDs: [Int64])] {
        var condition = "p.made_on <= ?1 AND date(p.due_on, '+' || p.grace_days || ' days') >= ?1"
        var arguments: [any DatabaseValueConvertible] = [day.iso]
        if let customer {
            condition += " AND p.customer_id = (SELECT id FROM customer WHERE code = ?2)"
            arguments.append(customer.text)
        }
        return try promiseKeys(condition, arguments).filter { try promiseState($0.promise, on: day) == .pending }
    }

    /// Where a promise stood at the close of `day`, by the domain's evaluation of the payments
    /// that count towards it up to then.
    public func promiseState(_ promise: PromiseToPay, on day: Day) throws -> PromiseState {
        promise.evaluate(payments: try promisePayments(promise, asOf: day), asOf: day)
    }

    /// Payments that count towards a promise: applied to its invoices by `asOf`, or (a promise
    /// naming no invoice) all the customer's payments, received from the day it was made up to
    /// `asOf`.
    public func promisePayments(_ promise: PromiseToPay, asOf: Day) throws -> [(day: Day, amount: Money)] {
        let rows: [Row]
        if promise.invoices.isEmpty {
            rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT received_on, amount_cents FROM payment
                        WHERE customer_id = (SELECT id FROM customer WHERE code = ?) AND currency = ?
                          AND received_on BETWEEN ? AND ?
                        """),
                arguments: [promise.customer.text, promise.amount.currency.code, promise.madeOn.iso, asOf.iso])
        } else {
            rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT p.received_on, sum(a.amount_cents) FROM payment_application a
                        JOIN payment p ON p.id = a.payment_id JOIN promise_invoice pi ON pi.invoice_id = a.invoice_id
                        WHERE pi.promise_id = ?1 AND p.received_on BETWEEN ?2 AND ?3 AND a.applied_on <= ?3 GROUP BY p.id
                        """), arguments: [promise.id.rawValue, promise.madeOn.iso, asOf.iso])
        }
        return rows.map { (Day(iso: $0[0] as String)!, Money(minorUnits: $0[1], currency: promise.amount.currency)) }
    }

    /// Contacts with a customer up to `day`, newest first.
    public func contacts(of customer: CustomerCode?, limit: Int?, on day: Day) throws -> [ContactRecord] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT t.*, c.code FROM contact t JOIN customer c ON c.id = t.customer_id
                    WHERE (?1 IS NULL OR c.code = ?1) AND t.day <= ?3 ORDER BY t.day DESC, t.id DESC LIMIT ?2
                    """), arguments: [customer?.text, limit ?? -1, day.iso]
        ).map {
            ContactRecord(
                id: $0["id"], customer: CustomerCode($0["code"] as String), day: Day(iso: $0["day"] as String)!,
                actor: $0["actor"], channel: $0["channel"], outcome: $0["outcome"], note: $0["note"],
                promise: ($0["promise_id"] as Int64?).map(PromiseID.init(rawValue:)),
                dispute: ($0["dispute_id"] as Int64?).map(DisputeID.init(rawValue:)))
        }
    }

    /// Configured collectors.
    public func collectors() throws -> [Collector] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM collector ORDER BY key")).map {
            Collector(
                key: PersonKey($0["key"] as String), name: $0["name"], email: $0["email"], phone: $0["phone"],
                dailyCapacity: $0["daily_capacity"])
        }
    }

    /// Tasks open at the close of `day` (created by then and not done by then), or those of one
    /// assignee.
    public func openTasks(assignee: String?, on day: Day) throws -> [TaskRecord] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT t.*, c.code FROM task t JOIN customer c ON c.id = t.customer_id
                    WHERE t.due_on <= ?2 AND (t.done_on IS NULL OR t.done_on > ?2) AND (?1 IS NULL OR t.assignee = ?1)
                    ORDER BY t.due_on, t.id
                    """), arguments: [assignee, day.iso]
        ).map {
            TaskRecord(
                id: $0["id"], kind: $0["kind"], assignee: $0["assignee"], customer: CustomerCode($0["code"] as String),
                notice: $0["notice_id"], dueOn: Day(iso: $0["due_on"] as String)!, status: "open",
                title: $0["title"])
        }
    }

    /// Notices recorded on a day (or all up to `through`), newest first.
    public func notices(on day: Day?, customer: CustomerCode?, limit: Int?, through: Day) throws -> [NoticeRecord] {
        try notices(
            Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT n.*, c.code FROM dunning_notice n JOIN customer c ON c.id = n.customer_id
                        WHERE (?1 IS NULL OR n.day = ?1) AND (?2 IS NULL OR c.code = ?2) AND n.day <= ?4
                        ORDER BY n.id DESC LIMIT ?3
                        """), arguments: [day?.iso, customer?.text, limit ?? -1, through.iso]))
    }

    /// One notice with its items.
    public func notice(_ id: Int64) throws -> NoticeRecord? {
        try notices(
            Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT n.*, c.code FROM dunning_notice n JOIN customer c ON c.id = n.customer_id WHERE n.id = ?"
                ), arguments: [id])
        ).first
    }

    func notices(_ rows: [Row]) throws -> [NoticeRecord] {
        try rows.map { row in
            let id: Int64 = row["id"]
            let items = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT i.number, d.currency, d.amount_cents, d.days_past_due FROM dunning_item d
                        JOIN invoice i ON i.id = d.invoice_id WHERE d.notice_id = ? ORDER BY i.number
                        """), arguments: [id]
            ).map {
                (
                    invoice: InvoiceNumber($0[0] as String),
                    amount: Money(minorUnits: $0[2], currency: Currency(code: $0[1]) ?? .EUR), daysPastDue: $0[3] as Int
                )
            }
            return NoticeRecord(
                id: id, customer: CustomerCode(row["code"] as String), step: row["step"], position: row["position"],
                channel: DunningChannel(rawValue: row["channel"]) ?? .email, day: Day(iso: row["day"] as String)!,
                items: items)
        }
    }

    /// The dunning policy stored in the ledger, as JSON, if one was loaded.
    public func dunningPolicyJSON() throws -> String? { try setting("dunning_policy") }
}

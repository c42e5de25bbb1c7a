import Complaints
import GRDB
import LedgerPort
import Receivables

extension LedgerTransaction {
    /// Places a hold from `day` (the transaction's day unless given); returns its id.
    public func placeHold(
        on target: Hold.Target, dispute: DisputeID?, reason: String, from day: Day?, until: Day?
    ) throws -> HoldID {
        var invoiceID: Int64?
        var customerID: Int64?
        var heldCustomerID: Int64?
        var amount: Int64?
        switch target {
        case .invoice(let number, let held):
            let invoice = try reader.invoiceKeys(number)
            invoiceID = invoice?.id
            heldCustomerID = invoice?.customerID
            amount = held?.minorUnits
        case .customer(let code):
            customerID = try reader.customerID(code)
            heldCustomerID = customerID
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO hold (invoice_id, customer_id, held_customer_id, dispute_id, amount_cents, reason, placed_on,
                    until)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            invoiceID, customerID, heldCustomerID, dispute?.rawValue, amount, reason, (day ?? stamp.day).iso,
            until?.iso,
        ])
        return HoldID(rawValue: db.lastInsertedRowID)
    }

    /// Releases a hold on the transaction's day (or `day`, a resolution's).
    public func releaseHold(_ id: HoldID, note: String?, on day: Day?) throws {
        try db.cachedStatement(
            sql: "UPDATE hold SET released_on = ?, release_note = ? WHERE id = ? AND released_on IS NULL"
        ).execute(arguments: [(day ?? stamp.day).iso, note, id.rawValue])
    }
}

extension LedgerReader {
    /// Holds with what listings print beside them, `?1` being the day their invoice's balance
    /// is taken on.
    static let holdSelect = """
        SELECT h.*, i.number AS invoice_number, i.currency AS invoice_currency,
            \(OnDaySQL.open("i", day: "?1")) AS open_then,
            c.code AS customer_code, c.name AS customer_name, \(OnDaySQL.owner("d", day: "?1")) AS owner_then,
            d.category
        FROM hold h
        LEFT JOIN invoice i ON i.id = h.invoice_id
        JOIN customer c ON c.id = h.held_customer_id
        LEFT JOIN dispute d ON d.id = h.dispute_id
        """

    /// The hold with this id, with what it blocks on `day`.
    public func hold(_ id: HoldID, on day: Day) throws -> HoldRecord? {
        try Row.fetchOne(db, sql: LedgerReader.holdSelect + " WHERE h.id = ?2", arguments: [day.iso, id.rawValue])
            .map { try holdRecord(row: $0, on: day) }
    }

    /// Holds placed by `day` and matching `filter`, oldest first, as they stood that day.
    public func holds(_ filter: HoldFilter, on day: Day) throws -> (rows: [HoldRecord], total: Int) {
        var conditions = ["h.placed_on <= ?1"]
        var arguments: [any DatabaseValueConvertible] = [day.iso]
        if filter.activeOn != nil { conditions.append(activeHold("h", day: "?1")) }
        if let invoice = filter.invoice {
            // Through the hold's own index: a join filtered on the number would read every hold.
            conditions.append("h.invoice_id = (SELECT id FROM invoice WHERE number = ?)")
            arguments.append(invoice.text)
        }
        if let customer = filter.customer, filter.wholeCustomerOnly {
            conditions.append("h.customer_id = (SELECT id FROM customer WHERE code = ?)")
            arguments.append(customer.text)
        } else if let customer = filter.customer {
            // Holds on the customer and on its invoices.
            conditions.append("h.held_customer_id = (SELECT id FROM customer WHERE code = ?)")
            arguments.append(customer.text)
        }
        if let dispute = filter.dispute {
            conditions.append("h.dispute_id = ?")
            arguments.append(dispute.rawValue)
        }
        // ?1 is always bound to the day, used or not, so that numbering stays fixed.
        let whereClause = " WHERE ?1 IS NOT NULL" + conditions.map { " AND " + $0 }.joined()
        let total =
            try Int.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT count(*) FROM hold h
                        """ + whereClause), arguments: StatementArguments(arguments)) ?? 0
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: LedgerReader.holdSelect + whereClause + " ORDER BY h.id LIMIT ?"),
            arguments: StatementArguments(arguments + [filter.limit ?? -1]))
        return (try rows.map { try holdRecord(row: $0, on: day) }, total)
    }

    func holdRecord(row: Row, on day: Day) throws -> HoldRecord {
        let target: Hold.Target
        var blocked = CurrencyTotals()
        let customerCode = CustomerCode(row["customer_code"] as String)
        if let number: String = row["invoice_number"] {
            let currency = Currency(code: row["invoice_currency"]) ?? .EUR
            let held = (row["amount_cents"] as Int64?).map { Money(minorUnits: $0, currency: currency) }
            target = .invoice(InvoiceNumber(number), amount: held)
            let open: Int64 = row["open_then"]
            blocked.add(
                Money(
                    minorUnits: Hold.held(open: open, whole: held == nil, parts: held?.minorUnits ?? 0),
                    currency: currency))
        } else {
            target = .customer(customerCode)
            for line in try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        WITH candidate AS (
                            \(OnDaySQL.candidates("id, issue_date, open_cents, currency, last_reduced_on", day: "?1", customer: "?2"))
                        )
                        SELECT currency, sum(\(OnDaySQL.open("i", day: "?1"))) AS open FROM candidate i GROUP BY currency
                        """),
                arguments: [day.iso, row["held_customer_id"] as Int64])
            {
                if let currency = Currency(code: line["currency"]), (line["open"] as Int64) > 0 {
                    blocked.add(Money(minorUnits: line["open"], currency: currency))
                }
            }
        }
        var state = Hold.State.placed
        if let released = (row["released_on"] as String?).flatMap({ Day(iso: $0) }), released <= day {
            state = .released(on: released, note: row["release_note"])
        }
        let hold = Hold(
            id: HoldID(rawValue: row["id"]), target: target,
            dispute: (row["dispute_id"] as Int64?).map(DisputeID.init(rawValue:)), reason: row["reason"],
            placedOn: Day(iso: row["placed_on"] as String)!, until: (row["until"] as String?).flatMap { Day(iso: $0) },
            state: state)
        return HoldRecord(
            hold: hold, customer: customerCode, customerName: row["customer_name"],
            blocked: hold.isActive(on: day) ? blocked : CurrencyTotals(),
            owner: (row["owner_then"] as String?).map(PersonKey.init), category: row["category"])
    }

    /// Active holds on `day` and the cash they block, each invoice counted once (a customer
    /// hold blocks all its open invoices; several holds on one invoice block it once).
    public func holdTotals(on day: Day) throws -> (active: Int, blocked: CurrencyTotals, oldest: Day?) {
        let active = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT count(*) AS n, min(placed_on) AS oldest FROM hold h WHERE \(activeHold("h", day: "?1"))"),
            arguments: [day.iso])!
        var blocked = CurrencyTotals()
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    WITH held AS (
                        SELECT h.invoice_id, max(h.amount_cents IS NULL) AS whole, sum(h.amount_cents) AS part
                        FROM hold h WHERE h.invoice_id IS NOT NULL AND \(activeHold("h", day: "?1")) GROUP BY h.invoice_id
                        UNION ALL
                        SELECT i.id, 1, NULL FROM hold h
                        JOIN (\(OnDaySQL.candidates("id, customer_id", day: "?1"))) AS i ON i.customer_id = h.customer_id
                        WHERE h.customer_id IS NOT NULL AND \(activeHold("h", day: "?1"))
                    ), per_invoice AS (
                        SELECT invoice_id, max(whole) AS whole, max(part) AS part FROM held GROUP BY invoice_id
                    ), valued AS (
                        SELECT i.currency, p.whole, p.part, \(OnDaySQL.open("i", day: "?1")) AS open
                        FROM per_invoice p JOIN invoice i ON i.id = p.invoice_id
                    )
                    SELECT currency, sum(CASE WHEN whole THEN open ELSE min(open, part) END) AS blocked
                    FROM valued WHERE open > 0 GROUP BY currency
                    """), arguments: [day.iso])
        {
            if let currency = Currency(code: row["currency"]) {
                blocked.add(Money(minorUnits: row["blocked"], currency: currency))
            }
        }
        return (active["n"], blocked, (active["oldest"] as String?).flatMap { Day(iso: $0) })
    }

    /// Holds placed and released within a span of days.
    public func holdMovements(from: Day, to: Day) throws -> (placed: Int, released: Int) {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT (SELECT count(*) FROM hold WHERE placed_on BETWEEN ?1 AND ?2) AS placed,
                           (SELECT count(*) FROM hold WHERE released_on BETWEEN ?1 AND ?2) AS released
                    """), arguments: [from.iso, to.iso])!
        return (row["placed"], row["released"])
    }
}

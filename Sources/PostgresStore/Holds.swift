import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresTransaction: HoldWriting {
    /// Places a hold from `day` (the transaction's day unless given); returns its id (the next
    /// after the highest, so that `H-n` never skips).
    public func placeHold(
        on target: Hold.Target, dispute: DisputeID?, reason: String, from day: Day?, until: Day?
    ) throws -> HoldID {
        var invoice: String?
        var customer: String?
        var amount: Int64?
        switch target {
        case .invoice(let number, let held):
            invoice = number.text
            amount = held?.minorUnits
        case .customer(let code):
            customer = code.text
        }
        let id = try nextID("hold")
        // An invoice or customer that does not exist leaves both NULL: refused by the table's
        // CHECK, as on SQLite.
        try change(
            """
            INSERT INTO hold (id, invoice_id, customer_id, held_customer_id, dispute_id, amount_cents, reason,
                placed_on, until)
            SELECT $1::bigint, i.id, c.id, coalesce(i.customer_id, c.id), $4::bigint, $5::bigint, $6::text, $7::text,
                $8::text
            FROM (SELECT 1) AS one
            LEFT JOIN invoice i ON i.number = $2::text
            LEFT JOIN customer c ON c.code = $3::text
            """,
            [
                String(id), invoice, customer, dispute.map { String($0.rawValue) }, amount.map(String.init), reason,
                (day ?? stamp.day).iso, until?.iso,
            ])
        return HoldID(rawValue: id)
    }

    /// Releases a hold on the transaction's day (or `day`, a resolution's).
    public func releaseHold(_ id: HoldID, note: String?, on day: Day?) throws {
        try change(
            "UPDATE hold SET released_on = $1, release_note = $2 WHERE id = $3 AND released_on IS NULL",
            [(day ?? stamp.day).iso, note, String(id.rawValue)])
    }
}

extension PostgresReader: HoldReading {
    /// Holds with what listings print beside them, `$1` being the day their invoice's balance
    /// is taken on.
    static let holdSelect = """
        SELECT h.*, i.number AS invoice_number, i.currency AS invoice_currency,
            \(OnDaySQL.open("i", day: "$1")) AS open_then,
            c.code AS customer_code, c.name AS customer_name, \(OnDaySQL.owner("d", day: "$1")) AS owner_then,
            d.category
        FROM hold h
        LEFT JOIN invoice i ON i.id = h.invoice_id
        JOIN customer c ON c.id = h.held_customer_id
        LEFT JOIN dispute d ON d.id = h.dispute_id
        """

    public func hold(_ id: HoldID, on day: Day) throws -> HoldRecord? {
        try holdRecords(db.rows(Self.holdSelect + " WHERE h.id = $2", [day.iso, String(id.rawValue)]), on: day).first
    }

    public func holds(_ filter: HoldFilter, on day: Day) throws -> (rows: [HoldRecord], total: Int) {
        var conditions = ["h.placed_on <= $1"]
        var parameters: [String?] = [day.iso]
        func parameter(_ value: String) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        if filter.activeOn != nil { conditions.append(OnDaySQL.activeHold("h", day: "$1")) }
        if let invoice = filter.invoice {
            conditions.append("h.invoice_id = (SELECT id FROM invoice WHERE number = \(parameter(invoice.text)))")
        }
        if let customer = filter.customer, filter.wholeCustomerOnly {
            conditions.append("h.customer_id = (SELECT id FROM customer WHERE code = \(parameter(customer.text)))")
        } else if let customer = filter.customer {
            // Holds on the customer and on its invoices.
            conditions.append(
                "h.held_customer_id = (SELECT id FROM customer WHERE code = \(parameter(customer.text)))")
        }
        if let dispute = filter.dispute {
            conditions.append("h.dispute_id = \(parameter(String(dispute.rawValue)))")
        }
        let whereClause = " WHERE " + conditions.joined(separator: " AND ")
        let total = try db.integer("SELECT count(*) FROM hold h" + whereClause, parameters)
        let rows = try db.rows(
            Self.holdSelect + whereClause + " ORDER BY h.id LIMIT $\(parameters.count + 1)::bigint",
            parameters + [filter.limit.map(String.init)])
        return (try holdRecords(rows, on: day), Int(total))
    }

    /// The records of rows of ``holdSelect``, in their order; what the customer holds among them
    /// block read for all their customers at once.
    func holdRecords(_ rows: [PostgresRow], on day: Day) throws -> [HoldRecord] {
        let customers = Set(rows.filter { $0["invoice_number"] == nil }.map { $0.int("held_customer_id") })
        var open: [Int64: [Money]] = [:]
        if !customers.isEmpty {
            for line in try db.rows(
                """
                WITH candidate AS (
                    \(OnDaySQL.candidates("id, customer_id, issue_date, open_cents, currency, last_reduced_on", day: "$1", customer: "ANY($2::bigint[])"))
                )
                SELECT customer_id, currency, sum(\(OnDaySQL.open("i", day: "$1")))::bigint AS open
                FROM candidate i GROUP BY customer_id, currency ORDER BY customer_id, currency
                """, [day.iso, PostgresArray.int(customers.sorted())])
            {
                if let currency = Currency(code: line.text("currency")), line.int("open") > 0 {
                    open[line.int("customer_id"), default: []].append(
                        Money(minorUnits: line.int("open"), currency: currency))
                }
            }
        }
        return rows.map { row in
            let target: Hold.Target
            var blocked = CurrencyTotals()
            let customerCode = CustomerCode(row.text("customer_code"))
            if let number = row["invoice_number"] {
                let currency = row.currency("invoice_currency")
                let held = row.optionalInt("amount_cents").map { Money(minorUnits: $0, currency: currency) }
                target = .invoice(InvoiceNumber(number), amount: held)
                blocked.add(
                    Money(
                        minorUnits: Hold.held(
                            open: row.int("open_then"), whole: held == nil, parts: held?.minorUnits ?? 0),
                        currency: currency))
            } else {
                target = .customer(customerCode)
                for amount in open[row.int("held_customer_id")] ?? [] { blocked.add(amount) }
            }
            var state = Hold.State.placed
            if let released = row.optionalDay("released_on"), released <= day {
                state = .released(on: released, note: row["release_note"])
            }
            let hold = Hold(
                id: HoldID(rawValue: row.int("id")), target: target,
                dispute: row.optionalInt("dispute_id").map(DisputeID.init(rawValue:)), reason: row.text("reason"),
                placedOn: row.day("placed_on"), until: row.optionalDay("until"), state: state)
            return HoldRecord(
                hold: hold, customer: customerCode, customerName: row.text("customer_name"),
                blocked: hold.isActive(on: day) ? blocked : CurrencyTotals(),
                owner: row["owner_then"].map(PersonKey.init), category: row["category"])
        }
    }

    public func holdTotals(on day: Day) throws -> (active: Int, blocked: CurrencyTotals, oldest: Day?) {
        let active = try db.row(
            "SELECT count(*) AS n, min(placed_on) AS oldest FROM hold h WHERE \(OnDaySQL.activeHold("h", day: "$1"))",
            [day.iso])
        var blocked = CurrencyTotals()
        for row in try db.rows(
            """
            WITH held AS (
                SELECT h.invoice_id, bool_or(h.amount_cents IS NULL) AS whole, sum(h.amount_cents)::bigint AS part
                FROM hold h WHERE h.invoice_id IS NOT NULL AND \(OnDaySQL.activeHold("h", day: "$1"))
                GROUP BY h.invoice_id
                UNION ALL
                SELECT i.id, true, NULL::bigint FROM hold h
                JOIN (\(OnDaySQL.candidates("id, customer_id", day: "$1"))) AS i ON i.customer_id = h.customer_id
                WHERE h.customer_id IS NOT NULL AND \(OnDaySQL.activeHold("h", day: "$1"))
            ), per_invoice AS (
                SELECT invoice_id, bool_or(whole) AS whole, max(part) AS part FROM held GROUP BY invoice_id
            ), valued AS (
                SELECT i.currency, p.whole, p.part, \(OnDaySQL.open("i", day: "$1")) AS open
                FROM per_invoice p JOIN invoice i ON i.id = p.invoice_id
            )
            SELECT currency, sum(CASE WHEN whole THEN open ELSE least(open, part) END)::bigint AS blocked
            FROM valued WHERE open > 0 GROUP BY currency ORDER BY currency
            """, [day.iso])
        {
            if let currency = Currency(code: row.text("currency")) {
                blocked.add(Money(minorUnits: row.int("blocked"), currency: currency))
            }
        }
        return (active?.count("n") ?? 0, blocked, active?.optionalDay("oldest"))
    }

    public func holdMovements(from: Day, to: Day) throws -> (placed: Int, released: Int) {
        let row = try db.row(
            """
            SELECT (SELECT count(*) FROM hold WHERE placed_on BETWEEN $1 AND $2) AS placed,
                   (SELECT count(*) FROM hold WHERE released_on BETWEEN $1 AND $2) AS released
            """, [from.iso, to.iso])
        return (row?.count("placed") ?? 0, row?.count("released") ?? 0)
    }
}

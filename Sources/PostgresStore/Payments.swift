import Complaints
import Foundation
import LedgerPort
import Receivables

// Payments and cash application, as the SQLite engine keeps them (Store/PaymentRecords.swift).

extension PostgresReader: PaymentReading {
    public func customerID(_ code: CustomerCode) throws -> Int64? {
        try db.value("SELECT id FROM customer WHERE code = $1", [code.text]).flatMap(Int64.init)
    }

    public func customer(iban: IBAN) throws -> CustomerRef? {
        try db.row(
            "SELECT c.id, c.code FROM customer_iban i JOIN customer c ON c.id = i.customer_id WHERE i.iban = $1",
            [iban.text]
        ).map { CustomerRef(id: $0.int("id"), code: CustomerCode($0.text("code"))) }
    }

    public func customer(exactName name: String) throws -> CustomerRef? {
        // SQLite's NOCASE folds ASCII letters only; so does lower() under the "C" collation.
        let found = try db.rows(
            "SELECT id, code FROM customer WHERE lower(name) = lower($1::text COLLATE \"C\") LIMIT 2", [name]
        ).map { CustomerRef(id: $0.int("id"), code: CustomerCode($0.text("code"))) }
        return found.count == 1 ? found[0] : nil
    }

    /// The columns ``postingItem(row:)`` reads.
    static let postingColumns = """
        i.number, c.code, i.open_cents, i.currency, i.due_date, i.id, i.customer_id, i.issue_date
        """

    static func postingItem(row: PostgresRow) -> PostingItem? {
        guard let due = row.optionalDay("due_date"), let issued = row.optionalDay("issue_date"),
            let currency = Currency(code: row.text("currency"))
        else { return nil }
        return PostingItem(
            invoiceID: row.int("id"), customerID: row.int("customer_id"), issuedOn: issued,
            item: OpenItem(
                number: InvoiceNumber(row.text("number")), customer: CustomerCode(row.text("code")),
                open: Money(minorUnits: row.int("open_cents"), currency: currency), dueDate: due))
    }

    public func openItem(_ number: InvoiceNumber) throws -> PostingItem? {
        try db.row(
            """
            SELECT \(Self.postingColumns)
            FROM invoice i JOIN customer c ON c.id = i.customer_id WHERE i.number = $1 AND i.open_cents > 0
            """, [number.text]
        ).flatMap(Self.postingItem(row:))
    }

    public func openItems(
        ofCustomer customerID: Int64, exactly amount: Money, issuedBy day: Day, limit: Int
    ) throws -> [PostingItem] {
        try db.rows(
            """
            SELECT \(Self.postingColumns)
            FROM invoice i JOIN customer c ON c.id = i.customer_id
            WHERE i.customer_id = $1 AND i.open_cents = $2 AND i.currency = $3 AND i.open_cents > 0
              AND i.issue_date <= $4
            ORDER BY i.due_date, i.number LIMIT $5
            """,
            [String(customerID), String(amount.minorUnits), amount.currency.code, day.iso, String(limit)]
        ).compactMap(Self.postingItem(row:))
    }

    public func paymentExists(sourceKey: String) throws -> Bool {
        try db.value("SELECT 1 FROM payment WHERE source_key = $1", [sourceKey]) != nil
    }

    public func payment(_ id: PaymentID) throws -> PaymentRecord? {
        guard
            let row = try db.row(
                "SELECT p.*, c.code FROM payment p LEFT JOIN customer c ON c.id = p.customer_id WHERE p.id = $1",
                [String(id.rawValue)])
        else { return nil }
        return try paymentRecords([row], on: nil).first
    }

    public func payments(
        unappliedOnly: Bool, customer: CustomerCode?, limit: Int?, on day: Day
    ) throws -> (rows: [PaymentRecord], total: Int) {
        var conditions = ["p.received_on <= $1"]
        var parameters: [String?] = [day.iso]
        if unappliedOnly { conditions.append("p.amount_cents - \(Self.appliedBy("p", day: "$1")) > 0") }
        if let customer {
            conditions.append("c.code = $2")
            parameters.append(customer.text)
        }
        let whereClause = " WHERE " + conditions.joined(separator: " AND ")
        let from = "FROM payment p LEFT JOIN customer c ON c.id = p.customer_id"
        let total = Int(try db.integer("SELECT count(*) \(from)\(whereClause)", parameters))
        let rows = try db.rows(
            "SELECT p.*, c.code \(from)\(whereClause) ORDER BY p.id DESC LIMIT \(customer == nil ? "$2" : "$3")::bigint",
            parameters + [limit.map(String.init)])
        return (try paymentRecords(rows, on: day), total)
    }

    /// What was applied of payment `alias` by `day` (a numbered parameter).
    static func appliedBy(_ alias: String, day: String) -> String {
        """
        (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_application a \
        WHERE a.payment_id = \(alias).id AND a.applied_on <= \(day))::bigint
        """
    }

    /// Payments with their applications: all of them, or those made by `day`, and what was left
    /// unapplied then; the applications of all of them in one query.
    func paymentRecords(_ rows: [PostgresRow], on day: Day?) throws -> [PaymentRecord] {
        guard !rows.isEmpty else { return [] }
        var applications: [Int64: [(invoice: InvoiceNumber, cents: Int64, rule: MatchRule, on: Day)]] = [:]
        for row in try db.rows(
            """
            SELECT a.payment_id, i.number, a.amount_cents, a.rule, a.applied_on FROM payment_application a
            JOIN invoice i ON i.id = a.invoice_id
            WHERE a.payment_id = ANY($1::bigint[]) AND ($2::text IS NULL OR a.applied_on <= $2)
            ORDER BY a.payment_id, a.id
            """, [PostgresArray.int(rows.map { $0.int("id") }), day?.iso])
        {
            applications[row.int("payment_id"), default: []].append(
                (
                    InvoiceNumber(row.text("number")), row.int("amount_cents"),
                    MatchRule(rawValue: row.text("rule")) ?? .manual, row.day("applied_on")
                ))
        }
        return rows.map { row in
            let currency = row.currency("currency")
            let id = row.int("id")
            let applied = (applications[id] ?? []).map {
                (invoice: $0.invoice, amount: Money(minorUnits: $0.cents, currency: currency), rule: $0.rule, on: $0.on)
            }
            let amount = Money(minorUnits: row.int("amount_cents"), currency: currency)
            let unapplied =
                day == nil
                ? Money(minorUnits: row.int("unapplied_cents"), currency: currency)
                : applied.reduce(amount) { $0 - $1.amount }
            let payment = Payment(
                id: PaymentID(rawValue: id), customer: row["code"].map(CustomerCode.init),
                receivedOn: row.day("received_on"), amount: amount, unapplied: unapplied,
                reference: row["reference"], payerName: row["payer_name"], payerIBAN: row["payer_iban"],
                remittance: row["remittance"])
            return PaymentRecord(payment: payment, applications: applied)
        }
    }

    public func unappliedCash(of customer: CustomerCode, on day: Day) throws -> CurrencyTotals {
        var totals = CurrencyTotals()
        for row in try db.rows(
            """
            SELECT currency, sum(p.amount_cents - \(Self.appliedBy("p", day: "$1")))::bigint AS cents FROM payment p
            WHERE p.customer_id = (SELECT id FROM customer WHERE code = $2) AND p.received_on <= $1
              AND p.amount_cents > 0 GROUP BY currency ORDER BY currency
            """, [day.iso, customer.text])
        {
            if let currency = Currency(code: row.text("currency")), row.int("cents") > 0 {
                totals.add(Money(minorUnits: row.int("cents"), currency: currency))
            }
        }
        return totals
    }

    public func waitingCash() throws -> [(
        id: PaymentID, customerID: Int64?, receivedOn: Day, unapplied: Money, named: [String], remittance: String?
    )] {
        try db.rows(
            """
            SELECT id, customer_id, received_on, currency, unapplied_cents, invoice_refs, remittance FROM payment
            WHERE unapplied_cents > 0 AND (invoice_refs IS NOT NULL OR remittance IS NOT NULL) ORDER BY id
            """
        ).compactMap { row in
            guard let day = row.optionalDay("received_on"), let currency = Currency(code: row.text("currency")) else {
                return nil
            }
            return (
                PaymentID(rawValue: row.int("id")), row.optionalInt("customer_id"), day,
                Money(minorUnits: row.int("unapplied_cents"), currency: currency),
                (row["invoice_refs"] ?? "").split(separator: " ").map(String.init), row["remittance"]
            )
        }
    }

    public func paymentsReceived(by customer: CustomerCode, from: Day, to: Day) throws -> [PaymentRecord] {
        try paymentRecords(
            db.rows(
                """
                SELECT p.*, c.code FROM payment p JOIN customer c ON c.id = p.customer_id
                WHERE c.code = $1 AND p.received_on BETWEEN $2 AND $3 ORDER BY p.received_on, p.id
                """, [customer.text, from.iso, to.iso]), on: to)
    }
}

extension PostgresTransaction: PaymentWriting {
    public func insertPayment(_ new: NewPayment, unapplied: Money) throws -> PaymentID {
        try count(new.amount, into: .received)
        // The next id taken in the statement itself: a payments import inserts hundreds of
        // thousands, one statement each.
        let id = try change(
            """
            INSERT INTO payment (id, source_key, customer_id, received_on, currency, amount_cents, unapplied_cents,
                reference, end_to_end_id, payer_name, payer_iban, remittance, source, invoice_refs)
            VALUES ((SELECT coalesce(max(id), 0) + 1 FROM payment), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
                $13)
            RETURNING id
            """,
            [
                new.sourceKey, new.customerID.map(String.init), new.receivedOn.iso,
                new.amount.currency.code, String(new.amount.minorUnits), String(unapplied.minorUnits), new.reference,
                new.endToEndId, new.payerName, new.payerIBAN, new.remittance, new.source, new.invoiceRefs,
            ]
        ).rows.first?.first.flatMap { $0 }.flatMap { Int64($0) }
        guard let id else { throw StoreError.storage(path: location, message: "a payment was not recorded") }
        return PaymentID(rawValue: id)
    }

    public func post(
        _ payment: PaymentID, to parts: [(invoiceID: Int64, amount: Money, rule: MatchRule, day: Day)]
    ) throws {
        try insertApplications(payment, parts.map { ($0.invoiceID, $0.amount.minorUnits, $0.rule, $0.day) })
    }

    public func setPaymentCustomer(_ id: PaymentID, _ customer: CustomerCode) throws {
        try change(
            """
            UPDATE payment SET customer_id = (SELECT id FROM customer WHERE code = $1)
            WHERE id = $2 AND customer_id IS NULL
            """, [customer.text, String(id.rawValue)])
    }

    public func apply(
        _ payment: PaymentID, to invoice: InvoiceNumber, amount: Money, rule: MatchRule, on day: Day?
    ) throws {
        guard let found = try invoiceFacts(invoice) else {
            throw LoadRefusal(line: 0, message: "invoice \(invoice) does not exist")
        }
        try insertApplications(
            payment,
            [
                (
                    found.id, amount.minorUnits, rule,
                    Invoice.effectiveDay(of: day ?? stamp.day, issuedOn: found.issueDate)
                )
            ])
        try change(
            "UPDATE payment SET unapplied_cents = unapplied_cents - $1 WHERE id = $2",
            [String(amount.minorUnits), String(payment.rawValue)])
    }

    /// Records applications of a payment, each taking effect on its day, and lowers each
    /// invoice's open amount by it, one after the other: one statement each.
    func insertApplications(
        _ payment: PaymentID, _ parts: [(invoiceID: Int64, cents: Int64, rule: MatchRule, day: Day)]
    ) throws {
        for part in parts {
            try reduceOpen(
                invoice: part.invoiceID, by: part.cents, on: part.day,
                recording: """
                    INSERT INTO payment_application (id, payment_id, invoice_id, amount_cents, applied_on, rule)
                    VALUES ((SELECT coalesce(max(id), 0) + 1 FROM payment_application), $4::bigint, $3::bigint,
                        $1::bigint, $2::text, $5::text)
                    """, [String(payment.rawValue), part.rule.rawValue])
        }
    }
}

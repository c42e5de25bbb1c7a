import GRDB
import GRDBSQLite
import LedgerPort
import Receivables

extension LedgerReader {
    /// The customer with this code, by row id.
    public func customerID(_ code: CustomerCode) throws -> Int64? {
        try QuickStatement(db, "SELECT id FROM customer WHERE code = ?").bind(1, code.text).one { columnInt($0, 0) }
    }

    /// The customer who pays from this IBAN.
    public func customer(iban: IBAN) throws -> CustomerRef? {
        try QuickStatement(
            db, "SELECT c.id, c.code FROM customer_iban i JOIN customer c ON c.id = i.customer_id WHERE i.iban = ?"
        ).bind(1, iban.text).one(CustomerRef.init(row:))
    }

    /// The one customer with exactly this name (ignoring case), if exactly one has it.
    public func customer(exactName name: String) throws -> CustomerRef? {
        var found: [CustomerRef] = []
        try QuickStatement(db, "SELECT id, code FROM customer WHERE name = ? COLLATE NOCASE LIMIT 2").bind(1, name)
            .each { found.append(CustomerRef(row: $0)) }
        return found.count == 1 ? found[0] : nil
    }

    /// The invoice with this number, when it still has something open. Asked for every
    /// invoice number a remittance names: read on the C API.
    public func openItem(_ number: InvoiceNumber) throws -> PostingItem? {
        try QuickStatement(
            db,
            """
            SELECT i.number, c.code, i.open_cents, i.currency, i.due_date, i.id, i.customer_id, i.issue_date
            FROM invoice i JOIN customer c ON c.id = i.customer_id WHERE i.number = ? AND i.open_cents > 0
            """
        ).bind(1, number.text).one(PostingItem.init(row:)) ?? nil
    }

    /// Up to `limit` of a customer's open invoices issued by `day` on which exactly `amount` is
    /// open, oldest first: all the exact-balance rule needs to know (one, or more than one). An
    /// invoice issued after the payment was received is not what it paid.
    public func openItems(
        ofCustomer customerID: Int64, exactly amount: Money, issuedBy day: Day, limit: Int
    ) throws -> [PostingItem] {
        var items: [PostingItem] = []
        try QuickStatement(
            db,
            """
            SELECT i.number, c.code, i.open_cents, i.currency, i.due_date, i.id, i.customer_id, i.issue_date
            FROM invoice i JOIN customer c ON c.id = i.customer_id
            WHERE i.customer_id = ? AND i.open_cents = ? AND i.currency = ? AND i.open_cents > 0 AND i.issue_date <= ?
            ORDER BY i.due_date, i.number LIMIT ?
            """
        ).bind(1, customerID).bind(2, amount.minorUnits).bind(3, amount.currency.code).bind(4, day.iso)
            .bind(5, Int64(limit)).each {
                row in
                if let item = PostingItem(row: row) { items.append(item) }
            }
        return items
    }

    /// Whether a payment with this source key was already recorded.
    public func paymentExists(sourceKey: String) throws -> Bool {
        try QuickStatement(db, "SELECT 1 FROM payment WHERE source_key = ?").bind(1, sourceKey).one { _ in true }
            ?? false
    }

    /// One payment with its applications.
    public func payment(_ id: PaymentID) throws -> PaymentRecord? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT p.*, c.code FROM payment p LEFT JOIN customer c ON c.id = p.customer_id WHERE p.id = ?"),
            arguments: [id.rawValue]
        ).map { try paymentRecord(row: $0, on: nil) }
    }

    /// Payments received by `day`, newest first, with what was applied of them by then; only
    /// those with cash still unapplied that day when asked.
    public func payments(
        unappliedOnly: Bool, customer: CustomerCode?, limit: Int?, on day: Day
    ) throws -> (rows: [PaymentRecord], total: Int) {
        var conditions = ["p.received_on <= ?1"]
        var arguments: [any DatabaseValueConvertible] = [day.iso]
        if unappliedOnly { conditions.append("p.amount_cents - \(LedgerReader.appliedBy("p", day: "?1")) > 0") }
        if let customer {
            conditions.append("c.code = ?2")
            arguments.append(customer.text)
        }
        let whereClause = " WHERE " + conditions.joined(separator: " AND ")
        let total =
            try Int.fetchOne(
                db.cachedStatement(
                    sql: "SELECT count(*) FROM payment p LEFT JOIN customer c ON c.id = p.customer_id" + whereClause),
                arguments: StatementArguments(arguments)) ?? 0
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT p.*, c.code FROM payment p LEFT JOIN customer c ON c.id = p.customer_id" + whereClause
                    + " ORDER BY p.id DESC LIMIT \(customer == nil ? "?2" : "?3")"),
            arguments: StatementArguments(arguments + [limit ?? -1]))
        return (try rows.map { try paymentRecord(row: $0, on: day) }, total)
    }

    /// What was applied of payment `alias` by `day` (a numbered parameter).
    static func appliedBy(_ alias: String, day: String) -> String {
        """
        (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_application a \
        WHERE a.payment_id = \(alias).id AND a.applied_on <= \(day))
        """
    }

    /// A payment with its applications: all of them, or those made by `day`, and what was left
    /// unapplied then.
    func paymentRecord(row: Row, on day: Day?) throws -> PaymentRecord {
        let currency = Currency(code: row["currency"]) ?? .EUR
        let id = PaymentID(rawValue: row["id"])
        let applications = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT i.number, a.amount_cents, a.rule, a.applied_on FROM payment_application a
                    JOIN invoice i ON i.id = a.invoice_id WHERE a.payment_id = ?1 AND (?2 IS NULL OR a.applied_on <= ?2)
                    ORDER BY a.id
                    """), arguments: [id.rawValue, day?.iso]
        ).map {
            (
                invoice: InvoiceNumber($0[0] as String), amount: Money(minorUnits: $0[1], currency: currency),
                rule: MatchRule(rawValue: $0[2]) ?? .manual, on: Day(iso: $0[3] as String)!
            )
        }
        let amount = Money(minorUnits: row["amount_cents"], currency: currency)
        let unapplied =
            day == nil
            ? Money(minorUnits: row["unapplied_cents"], currency: currency)
            : applications.reduce(amount) { $0 - $1.amount }
        let payment = Payment(
            id: id, customer: (row["code"] as String?).map(CustomerCode.init),
            receivedOn: Day(iso: row["received_on"] as String)!, amount: amount, unapplied: unapplied,
            reference: row["reference"], payerName: row["payer_name"], payerIBAN: row["payer_iban"],
            remittance: row["remittance"])
        return PaymentRecord(payment: payment, applications: applications)
    }

    /// A customer's cash received by `day` and not applied by then, per currency.
    public func unappliedCash(of customer: CustomerCode, on day: Day) throws -> CurrencyTotals {
        var totals = CurrencyTotals()
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT currency, sum(p.amount_cents - \(LedgerReader.appliedBy("p", day: "?1"))) FROM payment p
                    WHERE p.customer_id = (SELECT id FROM customer WHERE code = ?2) AND p.received_on <= ?1
                      AND p.amount_cents > 0 GROUP BY currency
                    """), arguments: [day.iso, customer.text])
        {
            if let currency = Currency(code: row[0]), (row[1] as Int64) > 0 {
                totals.add(Money(minorUnits: row[1], currency: currency))
            }
        }
        return totals
    }

    /// Payments with cash unapplied now, with what their file named: where cash that came before
    /// its invoice is looked for when invoices arrive.
    public func waitingCash() throws -> [(
        id: PaymentID, customerID: Int64?, receivedOn: Day, unapplied: Money, named: [String], remittance: String?
    )] {
        var out: [(PaymentID, Int64?, Day, Money, [String], String?)] = []
        try QuickStatement(
            db,
            """
            SELECT id, customer_id, received_on, currency, unapplied_cents, invoice_refs, remittance FROM payment
            WHERE unapplied_cents > 0 AND (invoice_refs IS NOT NULL OR remittance IS NOT NULL) ORDER BY id
            """
        ).each { row in
            guard let day = columnDay(row, 2), let currency = Currency(code: columnText(row, 3) ?? "") else { return }
            out.append(
                (
                    PaymentID(rawValue: columnInt(row, 0)),
                    sqlite3_column_type(row, 1) == SQLITE_NULL ? nil : columnInt(row, 1), day,
                    Money(minorUnits: columnInt(row, 4), currency: currency),
                    (columnText(row, 5) ?? "").split(separator: " ").map(String.init), columnText(row, 6)
                ))
        }
        return out
    }

    /// Payments of a customer received in a span, with the invoices they were applied to.
    public func paymentsReceived(by customer: CustomerCode, from: Day, to: Day) throws -> [PaymentRecord] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT p.*, c.code FROM payment p JOIN customer c ON c.id = p.customer_id
                    WHERE c.code = ? AND p.received_on BETWEEN ? AND ? ORDER BY p.received_on, p.id
                    """), arguments: [customer.text, from.iso, to.iso]
        ).map { try paymentRecord(row: $0, on: to) }
    }
}

extension LedgerTransaction {
    /// Records a payment with `unapplied` of it not yet applied (what cash application is about
    /// to leave over; see ``post(_:to:)``); returns its id.
    public func insertPayment(_ new: NewPayment, unapplied: Money) throws -> PaymentID {
        try count(new.amount, into: .received)
        try QuickStatement(
            db,
            """
            INSERT INTO payment (source_key, customer_id, received_on, currency, amount_cents, unapplied_cents,
                reference, end_to_end_id, payer_name, payer_iban, remittance, source, invoice_refs)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).bind(1, new.sourceKey).bind(2, new.customerID).bind(3, new.receivedOn.iso).bind(4, new.amount.currency.code)
            .bind(5, new.amount.minorUnits).bind(6, unapplied.minorUnits).bind(7, new.reference)
            .bind(8, new.endToEndId).bind(9, new.payerName).bind(10, new.payerIBAN).bind(11, new.remittance)
            .bind(12, new.source).bind(13, new.invoiceRefs).run()
        return PaymentID(rawValue: db.lastInsertedRowID)
    }

    /// Puts parts of a payment just inserted by ``insertPayment(_:unapplied:)`` against open
    /// invoices, each from the day it took effect: each invoice's open amount goes down; the
    /// payment's unapplied cash already left these parts out.
    public func post(
        _ payment: PaymentID, to parts: [(invoiceID: Int64, amount: Money, rule: MatchRule, day: Day)]
    ) throws {
        for part in parts {
            try insertApplication(
                payment, invoiceID: part.invoiceID, amount: part.amount, rule: part.rule, on: part.day)
        }
    }

    /// Sets the customer a payment came from (recognised later, or applied by hand).
    public func setPaymentCustomer(_ id: PaymentID, _ customer: CustomerCode) throws {
        try db.cachedStatement(
            sql:
                "UPDATE payment SET customer_id = (SELECT id FROM customer WHERE code = ?) WHERE id = ? AND customer_id IS NULL"
        ).execute(arguments: [customer.text, id.rawValue])
    }

    /// Puts part of a payment against an invoice: the invoice's open amount and the payment's
    /// unapplied cash go down by the same amount, in this transaction.
    /// The application takes effect on `day` (the transaction's day unless given), or on the
    /// invoice's issue day if that is later.
    public func apply(
        _ payment: PaymentID, to invoice: InvoiceNumber, amount: Money, rule: MatchRule, on day: Day?
    ) throws {
        guard let found = try sqliteReader.invoiceRow(invoice) else {
            throw LoadRefusal(line: 0, message: "invoice \(invoice) does not exist")
        }
        try insertApplication(
            payment, invoiceID: found.id, amount: amount, rule: rule,
            on: Invoice.effectiveDay(of: day ?? stamp.day, issuedOn: found.invoice.issueDate))
        try QuickStatement(db, "UPDATE payment SET unapplied_cents = unapplied_cents - ? WHERE id = ?")
            .bind(1, amount.minorUnits).bind(2, payment.rawValue).run()
    }

    /// Records one application, taking effect on `day`, and lowers the invoice's open amount by it.
    private func insertApplication(
        _ payment: PaymentID, invoiceID: Int64, amount: Money, rule: MatchRule, on day: Day
    ) throws {
        try QuickStatement(
            db,
            "INSERT INTO payment_application (payment_id, invoice_id, amount_cents, applied_on, rule) VALUES (?, ?, ?, ?, ?)"
        ).bind(1, payment.rawValue).bind(2, invoiceID).bind(3, amount.minorUnits).bind(4, day.iso)
            .bind(5, rule.rawValue).run()
        try reduceOpen(invoice: invoiceID, by: amount.minorUnits, on: day)
    }
}

extension CustomerRef {
    init(row: OpaquePointer) {
        self.init(id: columnInt(row, 0), code: CustomerCode(columnText(row, 1) ?? ""))
    }
}

extension PostingItem {
    /// From a row of number, customer code, open cents, currency, due day, invoice id, customer
    /// id and issue day.
    init?(row: OpaquePointer) {
        guard let due = columnDay(row, 4), let issued = columnDay(row, 7),
            let currency = Currency(code: columnText(row, 3) ?? "")
        else { return nil }
        self.init(
            invoiceID: columnInt(row, 5), customerID: columnInt(row, 6), issuedOn: issued,
            item: OpenItem(
                number: InvoiceNumber(columnText(row, 0) ?? ""), customer: CustomerCode(columnText(row, 1) ?? ""),
                open: Money(minorUnits: columnInt(row, 2), currency: currency), dueDate: due))
    }
}

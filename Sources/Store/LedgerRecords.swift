import GRDB
import LedgerPort
import Receivables

extension LedgerReader {
    /// The customer with this code and its row id.
    public func customer(_ code: CustomerCode) throws -> Customer? {
        try customerRow(code).map(\.customer)
    }

    func customerRow(_ code: CustomerCode) throws -> (id: Int64, customer: Customer)? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM customer WHERE code = ?"), arguments: [code.text])
        else { return nil }
        return (row["id"], try customer(row: row))
    }

    func customer(id: Int64) throws -> Customer {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM customer WHERE id = ?"), arguments: [id])!
        return try customer(row: row)
    }

    func customer(row: Row) throws -> Customer {
        let id: Int64 = row["id"]
        let ibans = try String.fetchAll(
            db.cachedStatement(sql: "SELECT iban FROM customer_iban WHERE customer_id = ? ORDER BY iban"),
            arguments: [id]
        ).compactMap { IBAN($0) }
        return Customer(
            code: CustomerCode(row["code"] as String), name: row["name"], email: row["email"], phone: row["phone"],
            country: row["country"], language: Language(rawValue: row["language"]) ?? .en,
            salesRep: (row["sales_rep"] as String?).map(PersonKey.init),
            collector: (row["collector"] as String?).map(PersonKey.init),
            ibans: ibans, addressLines: (row["address"] as String?).map(Customer.addressLines) ?? [])
    }

    /// Customers in code order with their balances on `day`.
    public func customers(on day: Day, limit: Int?) throws -> (rows: [CustomerSummary], total: Int) {
        let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM customer")) ?? 0
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM customer ORDER BY code LIMIT ?"), arguments: [limit ?? -1])
        return (try rows.map { try summary(row: $0, on: day) }, total)
    }

    func summary(row: Row, on day: Day) throws -> CustomerSummary {
        let id: Int64 = row["id"]
        var balance = CurrencyTotals()
        var overdue = CurrencyTotals()
        var openInvoices = 0
        for line in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    WITH candidate AS (
                        \(OnDaySQL.candidates("id, issue_date, open_cents, currency, due_date, last_reduced_on", day: "?1", customer: "?2"))
                    ), open AS (
                        SELECT i.currency, i.due_date, \(OnDaySQL.open("i", day: "?1")) AS cents FROM candidate i
                    )
                    SELECT currency, count(*) AS n, sum(cents) AS open,
                           sum(CASE WHEN due_date < ?1 THEN cents ELSE 0 END) AS overdue
                    FROM open WHERE cents > 0 GROUP BY currency
                    """), arguments: [day.iso, id])
        {
            guard let currency = Currency(code: line["currency"]) else { continue }
            openInvoices += line["n"] as Int
            balance.add(Money(minorUnits: line["open"], currency: currency))
            overdue.add(Money(minorUnits: line["overdue"], currency: currency))
        }
        let disputes =
            try Int.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT count(*) FROM dispute d WHERE d.customer_id = ?2 AND \(OnDaySQL.disputeOpen("d", day: "?1"))"
                ),
                arguments: [day.iso, id]) ?? 0
        let holds =
            try Int.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT count(*) FROM hold h WHERE h.held_customer_id = ?1 AND \(activeHold("h", day: "?2"))
                        """), arguments: [id, day.iso]) ?? 0
        return CustomerSummary(
            customer: try customer(row: row), openInvoices: openInvoices, balance: balance, overdue: overdue,
            openDisputes: disputes, activeHolds: holds)
    }

    /// One customer's summary on `day`.
    public func customerSummary(_ code: CustomerCode, on day: Day) throws -> CustomerSummary? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM customer WHERE code = ?"), arguments: [code.text])
        else { return nil }
        return try summary(row: row, on: day)
    }

    /// The invoice with this number, with its lines and what was open of it at the close of
    /// `day` (nothing before it was issued).
    public func invoice(_ number: InvoiceNumber, on day: Day) throws -> Invoice? {
        guard var found = try invoiceRow(number) else { return nil }
        found.invoice.openAmount = try openAmount(of: found.id, found.invoice, on: day)
        return found.invoice
    }

    /// What was open of an invoice (read as it stands now) at the close of `day`, by the
    /// domain's rule over its dated reductions.
    func openAmount(of id: Int64, _ invoice: Invoice, on day: Day) throws -> Money {
        // Nothing reduced it after the day: what is open now was open then.
        if invoice.issueDate <= day, try !reducedAfter(invoice: id, day: day) { return invoice.openAmount }
        let cents = Invoice.open(
            amount: invoice.amount.minorUnits, issuedOn: invoice.issueDate, reductions: try reductions(of: id),
            on: day)
        return Money(minorUnits: cents, currency: invoice.amount.currency)
    }

    func invoiceRow(_ number: InvoiceNumber) throws -> (id: Int64, customerID: Int64, invoice: Invoice)? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT i.*, c.code AS customer_code FROM invoice i JOIN customer c ON c.id = i.customer_id WHERE i.number = ?"
                ),
                arguments: [number.text])
        else { return nil }
        var invoice = InvoiceRecordRow(row).invoice
        invoice.lines = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM invoice_line WHERE invoice_id = ? ORDER BY line_no"),
            arguments: [row["id"] as Int64]
        ).map { line in
            InvoiceLine(
                sku: line["sku"], description: line["description"], quantity: line["quantity"],
                amount: (line["amount_cents"] as Int64?).map {
                    Money(minorUnits: $0, currency: invoice.amount.currency)
                })
        }
        return (row["id"], row["customer_id"], invoice)
    }

    /// Invoices issued by `day` in number order, with how they stood at its close.
    public func invoices(_ filter: InvoiceFilter, on day: Day) throws -> (rows: [InvoiceSummary], total: Int) {
        var arguments: [any DatabaseValueConvertible] = [day.iso]
        let customer = filter.customer.map { _ in "(SELECT id FROM customer WHERE code = ?2)" }
        if let code = filter.customer { arguments.append(code.text) }
        // The invoices asked for, by id: those that may have been open (through the partial
        // indexes), or every invoice issued by the day.
        let source =
            filter.openOnly
            ? OnDaySQL.candidates("id", day: "?1", customer: customer)
            : "SELECT id FROM invoice WHERE issue_date <= ?1" + (customer.map { " AND customer_id = \($0)" } ?? "")
        let openOnly = filter.openOnly ? "WHERE \(OnDaySQL.open("i", day: "?1")) > 0" : ""
        let from = "FROM (\(source)) AS wanted JOIN invoice i ON i.id = wanted.id"
        let total =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) \(from) \(openOnly)"),
                arguments: StatementArguments(arguments)) ?? 0
        let limit = filter.customer == nil ? "?2" : "?3"
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT i.*, \(OnDaySQL.open("i", day: "?1")) AS open_then, c.code AS customer_code,
                        c.name AS customer_name,
                        (SELECT count(*) FROM dispute_invoice di JOIN dispute d ON d.id = di.dispute_id
                            WHERE di.invoice_id = i.id AND \(OnDaySQL.disputeOpen("d", day: "?1"))) AS open_disputes,
                        (SELECT count(*) FROM hold h WHERE (h.invoice_id = i.id OR h.customer_id = i.customer_id)
                            AND \(activeHold("h", day: "?1"))) AS active_holds
                    \(from) JOIN customer c ON c.id = i.customer_id \(openOnly) ORDER BY i.number LIMIT \(limit)
                    """), arguments: StatementArguments(arguments + [filter.limit ?? -1]))
        return (
            rows.map {
                var invoice = InvoiceRecordRow($0).invoice
                invoice.openAmount = Money(minorUnits: $0["open_then"], currency: invoice.amount.currency)
                return InvoiceSummary(
                    invoice: invoice, customerName: $0["customer_name"], openDisputes: $0["open_disputes"],
                    activeHolds: $0["active_holds"])
            }, total
        )
    }

    /// The credit notes of a query's `WHERE` clause, issued by `?1`, with what was applied of
    /// each by then.
    static func creditNoteSelect(_ condition: String) -> String {
        """
        SELECT n.*, c.code AS customer_code, i.number AS invoice_number,
            (SELECT coalesce(sum(a.amount_cents), 0) FROM credit_application a
             WHERE a.credit_note_id = n.id AND a.applied_on <= ?1) AS applied_then
        FROM credit_note n JOIN customer c ON c.id = n.customer_id LEFT JOIN invoice i ON i.id = n.invoice_id
        WHERE n.issued_on <= ?1 AND \(condition) ORDER BY n.issued_on, n.id
        """
    }

    /// Credit notes issued against an invoice by `day`.
    public func creditNotes(of number: InvoiceNumber, on day: Day) throws -> [CreditNoteRecord] {
        try Row.fetchAll(
            db.cachedStatement(sql: LedgerReader.creditNoteSelect("i.number = ?2")), arguments: [day.iso, number.text]
        ).map(creditNote(row:))
    }

    /// Credit notes issued by `day` to settle a dispute.
    public func creditNotes(of dispute: DisputeID, on day: Day) throws -> [CreditNoteRecord] {
        try Row.fetchAll(
            db.cachedStatement(sql: LedgerReader.creditNoteSelect("n.dispute_id = ?2")),
            arguments: [day.iso, dispute.rawValue]
        ).map(creditNote(row:))
    }

    /// The credit note with this number as it stood at the close of `day`: issued by then, with
    /// what was applied of it by then.
    public func creditNotes(ofCustomerWith number: CreditNoteNumber, on day: Day) throws -> CreditNoteRecord? {
        try Row.fetchOne(
            db.cachedStatement(sql: LedgerReader.creditNoteSelect("n.number = ?2")), arguments: [day.iso, number.text]
        ).map(creditNote(row:))
    }

    /// The credit note with this number, with all that was applied of it.
    public func creditNote(_ number: CreditNoteNumber) throws -> CreditNoteRecord? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT n.*, c.code AS customer_code, i.number AS invoice_number FROM credit_note n
                    JOIN customer c ON c.id = n.customer_id LEFT JOIN invoice i ON i.id = n.invoice_id
                    WHERE n.number = ?
                    """), arguments: [number.text]
        ).map(creditNote(row:))
    }

    /// A customer's credit notes still open at the close of `day`: what they can still deduct.
    public func openCredits(of customer: CustomerCode, on day: Day) throws -> [CreditNoteRecord] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT * FROM (\(LedgerReader.creditNoteSelect("c.code = ?2"))) WHERE applied_then < amount_cents"
            ),
            arguments: [day.iso, customer.text]
        ).map(creditNote(row:))
    }

    /// An invoice's row id, its customer's row id and the cents still open on it: what placing
    /// a hold needs, without reading the invoice whole (a disputes import places thousands).
    public func invoiceKeys(_ number: InvoiceNumber) throws -> (id: Int64, customerID: Int64, openCents: Int64)? {
        try QuickStatement(db, "SELECT id, customer_id, open_cents FROM invoice WHERE number = ?").bind(1, number.text)
            .one { (columnInt($0, 0), columnInt($0, 1), columnInt($0, 2)) }
    }

    func creditNote(row: Row) -> CreditNoteRecord {
        let currency = Currency(code: row["currency"]) ?? .EUR
        return CreditNoteRecord(
            note: CreditNote(
                number: CreditNoteNumber(row["number"] as String),
                customer: CustomerCode(row["customer_code"] as String),
                issuedOn: Day(iso: row["issued_on"] as String)!,
                amount: Money(minorUnits: row["amount_cents"], currency: currency),
                invoice: (row["invoice_number"] as String?).map(InvoiceNumber.init), reason: row["reason"]),
            dispute: (row["dispute_id"] as Int64?).map(DisputeID.init(rawValue:)),
            applied: Money(
                minorUnits: (row["applied_then"] as Int64?) ?? (row["applied_cents"] as Int64), currency: currency))
    }

    /// Write-offs of an invoice, or of a dispute's invoices, written by `day`.
    public func writeOffs(
        invoice: InvoiceNumber?, dispute: DisputeID?, on day: Day
    ) throws -> [WriteOffRecord] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT w.*, i.number FROM write_off w JOIN invoice i ON i.id = w.invoice_id
                    WHERE (?1 IS NULL OR i.number = ?1) AND (?2 IS NULL OR w.dispute_id = ?2) AND w.written_on <= ?3
                    ORDER BY w.id
                    """), arguments: [invoice?.text, dispute?.rawValue, day.iso]
        ).map {
            WriteOffRecord(
                invoice: InvoiceNumber($0["number"] as String),
                dispute: ($0["dispute_id"] as Int64?).map(DisputeID.init(rawValue:)),
                writtenOn: Day(iso: $0["written_on"] as String)!,
                amount: Money(minorUnits: $0["amount_cents"], currency: Currency(code: $0["currency"]) ?? .EUR),
                reason: $0["reason"])
        }
    }

    /// Counts for a quick look at the ledger.
    public func counts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in ["customer", "invoice", "dispute", "hold", "credit_note", "write_off", "journal"] {
            counts[table] = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM \(table)")) ?? 0
        }
        return counts
    }
}

/// Reads an `invoice` row joined with its customer's code.
struct InvoiceRecordRow {
    let invoice: Invoice

    init(_ row: Row) {
        let currency = Currency(code: row["currency"]) ?? .EUR
        invoice = Invoice(
            number: InvoiceNumber(row["number"] as String), customer: CustomerCode(row["customer_code"] as String),
            issueDate: Day(iso: row["issue_date"] as String)!, dueDate: Day(iso: row["due_date"] as String)!,
            amount: Money(minorUnits: row["amount_cents"], currency: currency),
            openAmount: Money(minorUnits: row["open_cents"], currency: currency), purchaseOrder: row["po"])
    }
}

/// SQL for "hold `alias` is active on `day`", `day` being a numbered parameter such as `?1`
/// (it appears three times, so a plain `?` would not do).
func activeHold(_ alias: String, day: String) -> String {
    "(\(alias).placed_on <= \(day) AND (\(alias).released_on IS NULL OR \(alias).released_on > \(day)) AND (\(alias).until IS NULL OR \(alias).until > \(day)))"
}

extension LedgerTransaction {
    /// Adds one customer (`dun demo`, tests); imports use ``CustomerLoader``.
    public func addCustomer(_ customer: Customer) throws {
        let loader = try CustomerLoader(self, update: false)
        try loader.add(customer, line: 0)
    }

    /// Issues a credit note against an invoice, reducing its open amount by up to the note's
    /// amount; any rest stays open on the account as credit.
    @discardableResult
    public func issueCreditNote(_ note: CreditNote, dispute: DisputeID?) throws -> Money {
        guard let customer = try sqliteReader.customerRow(note.customer) else {
            throw LoadRefusal(line: 0, message: "customer \(note.customer) does not exist")
        }
        try count(note.amount, into: .credited)
        var applied: Int64 = 0
        var invoice: (id: Int64, customerID: Int64, invoice: Invoice)?
        if let number = note.invoice, let found = try sqliteReader.invoiceRow(number) {
            invoice = found
            applied = min(note.amount.minorUnits, found.invoice.openAmount.minorUnits)
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO credit_note (number, customer_id, invoice_id, dispute_id, issued_on, currency, amount_cents,
                    applied_cents, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            note.number.text, customer.id, invoice?.id, dispute?.rawValue, note.issuedOn.iso,
            note.amount.currency.code,
            note.amount.minorUnits, applied, note.reason,
        ])
        if let invoice, applied > 0 {
            try insertCreditApplication(
                note: db.lastInsertedRowID, invoice: invoice.id, cents: applied,
                on: Invoice.effectiveDay(of: note.issuedOn, issuedOn: invoice.invoice.issueDate))
        }
        return Money(minorUnits: applied, currency: note.amount.currency)
    }

    /// Puts what is left of an issued credit note against another invoice, from the transaction's
    /// day (or the invoice's issue day, if later).
    public func applyCredit(_ number: CreditNoteNumber, to invoice: InvoiceNumber, cents: Int64) throws {
        guard
            let noteID = try Int64.fetchOne(
                db, sql: "SELECT id FROM credit_note WHERE number = ?", arguments: [number.text]),
            let found = try sqliteReader.invoiceRow(invoice)
        else { throw LoadRefusal(line: 0, message: "credit note \(number) or invoice \(invoice) does not exist") }
        try db.execute(
            sql: "UPDATE credit_note SET applied_cents = applied_cents + ? WHERE id = ?", arguments: [cents, noteID])
        try insertCreditApplication(
            note: noteID, invoice: found.id, cents: cents,
            on: Invoice.effectiveDay(of: stamp.day, issuedOn: found.invoice.issueDate))
    }

    /// Puts part of a credit note against an invoice on `day`: the invoice's balance goes down
    /// by it from that day.
    func insertCreditApplication(note: Int64, invoice: Int64, cents: Int64, on day: Day) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO credit_application (credit_note_id, invoice_id, amount_cents, applied_on) VALUES (?, ?, ?, ?)
                """
        ).execute(arguments: [note, invoice, cents, day.iso])
        try reduceOpen(invoice: invoice, by: cents, on: day)
    }

    /// Writes off up to `amount` of an invoice's open amount; returns what was written off.
    @discardableResult
    public func writeOff(
        _ number: InvoiceNumber, amount: Money, dispute: DisputeID?, reason: String?, on writtenOn: Day?
    ) throws -> Money {
        guard let invoice = try sqliteReader.invoiceRow(number) else {
            throw LoadRefusal(line: 0, message: "invoice \(number) does not exist")
        }
        let cents = min(amount.minorUnits, invoice.invoice.openAmount.minorUnits)
        guard cents > 0 else { return .zero(amount.currency) }
        let day = Invoice.effectiveDay(of: writtenOn ?? stamp.day, issuedOn: invoice.invoice.issueDate)
        try db.cachedStatement(
            sql: """
                INSERT INTO write_off (invoice_id, dispute_id, written_on, currency, amount_cents, reason)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [invoice.id, dispute?.rawValue, day.iso, amount.currency.code, cents, reason])
        try reduceOpen(invoice: invoice.id, by: cents, on: day)
        return Money(minorUnits: cents, currency: amount.currency)
    }

    /// The next free credit note number with this prefix: `CN-D12`, then `CN-D12-2`, …
    public func freeCreditNoteNumber(_ base: String) throws -> CreditNoteNumber {
        var candidate = base
        var suffix = 1
        while try Int.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM credit_note WHERE number = ?"), arguments: [candidate]) != nil
        {
            suffix += 1
            candidate = "\(base)-\(suffix)"
        }
        return CreditNoteNumber(candidate)
    }
}

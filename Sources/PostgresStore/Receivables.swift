import Complaints
import Foundation
import LedgerPort
import Receivables

// Customers, invoices, credit notes and write-offs, as the SQLite engine keeps them
// (Store/LedgerRecords.swift), and the bookkeeping of every reduction of an invoice's open
// amount (Store/DatedFacts.swift): `last_reduced_on`, `settled_on` and the `ar_movement` cells
// the as-of reports read.

extension PostgresReader: ReceivablesReading {
    /// A customer's columns with its IBANs in one text, for ``customer(row:)``.
    static let customerColumns = """
        c.*, (SELECT string_agg(ci.iban, ' ' ORDER BY ci.iban) FROM customer_iban ci WHERE ci.customer_id = c.id) \
        AS ibans
        """

    public func customer(_ code: CustomerCode) throws -> Customer? {
        try db.row("SELECT \(Self.customerColumns) FROM customer c WHERE c.code = $1", [code.text]).map(Self.customer)
    }

    static func customer(row: PostgresRow) -> Customer {
        Customer(
            code: CustomerCode(row.text("code")), name: row.text("name"), email: row["email"], phone: row["phone"],
            country: row["country"], language: Language(rawValue: row.text("language")) ?? .en,
            salesRep: row["sales_rep"].map(PersonKey.init), collector: row["collector"].map(PersonKey.init),
            ibans: (row["ibans"] ?? "").split(separator: " ").compactMap { IBAN($0) },
            addressLines: row["address"].map(Customer.addressLines) ?? [])
    }

    public func customers(on day: Day, limit: Int?) throws -> (rows: [CustomerSummary], total: Int) {
        let total = Int(try db.integer("SELECT count(*) FROM customer"))
        // LIMIT NULL is no limit.
        let rows = try db.rows(
            "SELECT \(Self.customerColumns) FROM customer c ORDER BY c.code LIMIT $1", [limit.map(String.init)])
        return (try summaries(rows, on: day), total)
    }

    public func customerSummary(_ code: CustomerCode, on day: Day) throws -> CustomerSummary? {
        guard let row = try db.row("SELECT \(Self.customerColumns) FROM customer c WHERE c.code = $1", [code.text])
        else { return nil }
        return try summaries([row], on: day).first
    }

    /// The summaries of these customers on `day`, in their order: three set queries for all of
    /// them (open balances, open disputes, active holds) instead of three per customer.
    func summaries(_ rows: [PostgresRow], on day: Day) throws -> [CustomerSummary] {
        guard !rows.isEmpty else { return [] }
        let ids = PostgresArray.int(rows.map { $0.int("id") })
        var balance: [Int64: CurrencyTotals] = [:]
        var overdue: [Int64: CurrencyTotals] = [:]
        var openInvoices: [Int64: Int] = [:]
        for line in try db.rows(
            """
            WITH candidate AS (
                \(OnDaySQL.candidates(
                    "id, customer_id, issue_date, open_cents, currency, due_date, last_reduced_on", day: "$1",
                    customer: "ANY($2::bigint[])"))
            ), open AS (
                SELECT i.customer_id, i.currency, i.due_date, \(OnDaySQL.open("i", day: "$1")) AS cents FROM candidate i
            )
            SELECT customer_id, currency, count(*) AS n, sum(cents)::bigint AS open,
                   sum(CASE WHEN due_date < $1 THEN cents ELSE 0 END)::bigint AS overdue
            FROM open WHERE cents > 0 GROUP BY customer_id, currency ORDER BY customer_id, currency
            """, [day.iso, ids])
        {
            guard let currency = Currency(code: line.text("currency")) else { continue }
            let id = line.int("customer_id")
            openInvoices[id, default: 0] += line.count("n")
            balance[id, default: CurrencyTotals()].add(Money(minorUnits: line.int("open"), currency: currency))
            overdue[id, default: CurrencyTotals()].add(Money(minorUnits: line.int("overdue"), currency: currency))
        }
        var disputes: [Int64: Int] = [:]
        for line in try db.rows(
            """
            SELECT d.customer_id, count(*) AS n FROM dispute d
            WHERE d.customer_id = ANY($2::bigint[]) AND \(OnDaySQL.disputeOpen("d", day: "$1")) GROUP BY d.customer_id
            """, [day.iso, ids])
        {
            disputes[line.int("customer_id")] = line.count("n")
        }
        var holds: [Int64: Int] = [:]
        for line in try db.rows(
            """
            SELECT h.held_customer_id, count(*) AS n FROM hold h
            WHERE h.held_customer_id = ANY($2::bigint[]) AND \(OnDaySQL.activeHold("h", day: "$1"))
            GROUP BY h.held_customer_id
            """, [day.iso, ids])
        {
            holds[line.int("held_customer_id")] = line.count("n")
        }
        return rows.map { row in
            let id = row.int("id")
            return CustomerSummary(
                customer: Self.customer(row: row), openInvoices: openInvoices[id] ?? 0,
                balance: balance[id] ?? CurrencyTotals(), overdue: overdue[id] ?? CurrencyTotals(),
                openDisputes: disputes[id] ?? 0, activeHolds: holds[id] ?? 0)
        }
    }

    public func invoice(_ number: InvoiceNumber, on day: Day) throws -> Invoice? {
        // What was open at the close of the day, by the domain's rule (`Invoice.open`): what is
        // open now when nothing reduced it after the day, else its amount less the reductions
        // dated by then; nothing before it was issued.
        guard
            let row = try db.row(
                """
                SELECT i.*, c.code AS customer_code,
                    (CASE WHEN i.issue_date > $2 THEN 0
                     WHEN NOT EXISTS (SELECT 1 FROM reduction r WHERE r.invoice_id = i.id AND r.day > $2)
                         THEN i.open_cents
                     ELSE i.amount_cents
                         - coalesce((SELECT sum(r.cents) FROM reduction r WHERE r.invoice_id = i.id AND r.day <= $2), 0)
                     END)::bigint AS open_then
                FROM invoice i JOIN customer c ON c.id = i.customer_id WHERE i.number = $1
                """, [number.text, day.iso])
        else { return nil }
        var invoice = Self.invoice(row: row)
        invoice.openAmount = Money(minorUnits: row.int("open_then"), currency: invoice.amount.currency)
        invoice.lines = try lines(ofInvoice: row.int("id"), currency: invoice.amount.currency)
        return invoice
    }

    /// An invoice's lines, in their order.
    func lines(ofInvoice id: Int64, currency: Currency) throws -> [InvoiceLine] {
        try db.rows("SELECT * FROM invoice_line WHERE invoice_id = $1 ORDER BY line_no", [String(id)]).map { line in
            InvoiceLine(
                sku: line["sku"], description: line["description"], quantity: line["quantity"],
                amount: line.optionalInt("amount_cents").map { Money(minorUnits: $0, currency: currency) })
        }
    }

    /// An `invoice` row joined with its customer's code (`customer_code`), as it stands now.
    static func invoice(row: PostgresRow) -> Invoice {
        let currency = row.currency("currency")
        return Invoice(
            number: InvoiceNumber(row.text("number")), customer: CustomerCode(row.text("customer_code")),
            issueDate: row.day("issue_date"), dueDate: row.day("due_date"),
            amount: Money(minorUnits: row.int("amount_cents"), currency: currency),
            openAmount: Money(minorUnits: row.int("open_cents"), currency: currency), purchaseOrder: row["po"])
    }

    public func invoices(_ filter: InvoiceFilter, on day: Day) throws -> (rows: [InvoiceSummary], total: Int) {
        var parameters: [String?] = [day.iso]
        let customer = filter.customer.map { _ in "(SELECT id FROM customer WHERE code = $2)" }
        if let code = filter.customer { parameters.append(code.text) }
        // The invoices asked for: those that may have been open (OnDaySQL.candidates' two
        // halves, as one condition: a join of invoice with itself on id can lead PostgreSQL's
        // planner to a nested loop over every candidate), or every invoice issued by the day.
        var conditions =
            filter.openOnly
            ? [
                "((i.open_cents > 0 AND i.issue_date <= $1) OR (i.open_cents = 0 AND i.settled_on > $1 AND i.issue_date <= $1))",
                "\(OnDaySQL.open("i", day: "$1")) > 0",
            ] : ["i.issue_date <= $1"]
        if let customer { conditions.append("i.customer_id = \(customer)") }
        let wanted = "WHERE " + conditions.joined(separator: " AND ")
        let total = Int(try db.integer("SELECT count(*) FROM invoice i \(wanted)", parameters))
        let limit = filter.customer == nil ? "$2" : "$3"
        // The page first, then its disputes and holds: PostgreSQL would count them for every
        // invoice before sorting.
        let rows = try db.rows(
            """
            SELECT page.*,
                (SELECT count(*) FROM dispute_invoice di JOIN dispute d ON d.id = di.dispute_id
                    WHERE di.invoice_id = page.id AND \(OnDaySQL.disputeOpen("d", day: "$1"))) AS open_disputes,
                (SELECT count(*) FROM hold h WHERE (h.invoice_id = page.id OR h.customer_id = page.customer_id)
                    AND \(OnDaySQL.activeHold("h", day: "$1"))) AS active_holds
            FROM (
                SELECT i.*, \(OnDaySQL.open("i", day: "$1")) AS open_then, c.code AS customer_code,
                    c.name AS customer_name
                FROM invoice i JOIN customer c ON c.id = i.customer_id \(wanted) ORDER BY i.number LIMIT \(limit)::bigint
            ) AS page
            ORDER BY page.number
            """, parameters + [filter.limit.map(String.init)])
        return (
            rows.map { row in
                var invoice = Self.invoice(row: row)
                invoice.openAmount = Money(minorUnits: row.int("open_then"), currency: invoice.amount.currency)
                return InvoiceSummary(
                    invoice: invoice, customerName: row.text("customer_name"), openDisputes: row.count("open_disputes"),
                    activeHolds: row.count("active_holds"))
            }, total
        )
    }

    /// The credit notes of a query's `WHERE` clause, issued by `$1`, with what was applied of
    /// each by then.
    static func creditNoteSelect(_ condition: String) -> String {
        """
        SELECT n.*, c.code AS customer_code, i.number AS invoice_number,
            (SELECT coalesce(sum(a.amount_cents), 0) FROM credit_application a
             WHERE a.credit_note_id = n.id AND a.applied_on <= $1)::bigint AS applied_then
        FROM credit_note n JOIN customer c ON c.id = n.customer_id LEFT JOIN invoice i ON i.id = n.invoice_id
        WHERE n.issued_on <= $1 AND \(condition)
        """
    }

    public func creditNotes(of number: InvoiceNumber, on day: Day) throws -> [CreditNoteRecord] {
        try db.rows(Self.creditNoteSelect("i.number = $2") + " ORDER BY n.issued_on, n.id", [day.iso, number.text])
            .map(Self.creditNote(row:))
    }

    public func creditNotes(of dispute: DisputeID, on day: Day) throws -> [CreditNoteRecord] {
        try db.rows(
            Self.creditNoteSelect("n.dispute_id = $2::bigint") + " ORDER BY n.issued_on, n.id",
            [day.iso, String(dispute.rawValue)]
        ).map(Self.creditNote(row:))
    }

    public func creditNotes(ofCustomerWith number: CreditNoteNumber, on day: Day) throws -> CreditNoteRecord? {
        try db.row(Self.creditNoteSelect("n.number = $2") + " ORDER BY n.issued_on, n.id", [day.iso, number.text])
            .map(Self.creditNote(row:))
    }

    public func creditNote(_ number: CreditNoteNumber) throws -> CreditNoteRecord? {
        try db.row(
            """
            SELECT n.*, c.code AS customer_code, i.number AS invoice_number FROM credit_note n
            JOIN customer c ON c.id = n.customer_id LEFT JOIN invoice i ON i.id = n.invoice_id
            WHERE n.number = $1
            """, [number.text]
        ).map(Self.creditNote(row:))
    }

    public func openCredits(of customer: CustomerCode, on day: Day) throws -> [CreditNoteRecord] {
        try db.rows(
            """
            SELECT * FROM (\(Self.creditNoteSelect("c.code = $2"))) AS n WHERE applied_then < amount_cents
            ORDER BY issued_on, id
            """, [day.iso, customer.text]
        ).map(Self.creditNote(row:))
    }

    public func invoiceKeys(_ number: InvoiceNumber) throws -> (id: Int64, customerID: Int64, openCents: Int64)? {
        try db.row("SELECT id, customer_id, open_cents FROM invoice WHERE number = $1", [number.text]).map {
            ($0.int("id"), $0.int("customer_id"), $0.int("open_cents"))
        }
    }

    /// A credit note row with its customer's code, its invoice's number and, when the query
    /// has it, what was applied of it by a day (`applied_then`).
    static func creditNote(row: PostgresRow) -> CreditNoteRecord {
        let currency = row.currency("currency")
        let applied = row.index["applied_then"] == nil ? row.int("applied_cents") : row.int("applied_then")
        return CreditNoteRecord(
            note: CreditNote(
                number: CreditNoteNumber(row.text("number")), customer: CustomerCode(row.text("customer_code")),
                issuedOn: row.day("issued_on"), amount: Money(minorUnits: row.int("amount_cents"), currency: currency),
                invoice: row["invoice_number"].map(InvoiceNumber.init), reason: row["reason"]),
            dispute: row.optionalInt("dispute_id").map(DisputeID.init(rawValue:)),
            applied: Money(minorUnits: applied, currency: currency))
    }

    public func writeOffs(invoice: InvoiceNumber?, dispute: DisputeID?, on day: Day) throws -> [WriteOffRecord] {
        try db.rows(
            """
            SELECT w.*, i.number FROM write_off w JOIN invoice i ON i.id = w.invoice_id
            WHERE ($1::text IS NULL OR i.number = $1) AND ($2::bigint IS NULL OR w.dispute_id = $2)
              AND w.written_on <= $3
            ORDER BY w.id
            """, [invoice?.text, dispute.map { String($0.rawValue) }, day.iso]
        ).map {
            WriteOffRecord(
                invoice: InvoiceNumber($0.text("number")),
                dispute: $0.optionalInt("dispute_id").map(DisputeID.init(rawValue:)), writtenOn: $0.day("written_on"),
                amount: $0.money("amount_cents", "currency"), reason: $0["reason"])
        }
    }

    public func counts() throws -> [String: Int] {
        let tables = ["customer", "invoice", "dispute", "hold", "credit_note", "write_off", "journal"]
        guard
            let row = try db.row(
                "SELECT " + tables.map { "(SELECT count(*) FROM \($0)) AS \($0)" }.joined(separator: ", "))
        else { return [:] }
        var counts: [String: Int] = [:]
        for table in tables { counts[table] = row.count(table) }
        return counts
    }
}

extension PostgresTransaction: ReceivablesWriting {
    public func addCustomer(_ customer: Customer) throws {
        try PostgresCustomerLoader(self, update: false).add(customer, line: 0)
    }

    @discardableResult
    public func issueCreditNote(_ note: CreditNote, dispute: DisputeID?) throws -> Money {
        guard let customerID = try db.value("SELECT id FROM customer WHERE code = $1", [note.customer.text]) else {
            throw LoadRefusal(line: 0, message: "customer \(note.customer) does not exist")
        }
        try count(note.amount, into: .credited)
        var applied: Int64 = 0
        var invoice: (id: Int64, issueDate: Day)?
        if let number = note.invoice, let found = try invoiceFacts(number) {
            invoice = (found.id, found.issueDate)
            applied = min(note.amount.minorUnits, found.openCents)
        }
        let id = try nextID("credit_note")
        try change(
            """
            INSERT INTO credit_note (id, number, customer_id, invoice_id, dispute_id, issued_on, currency, amount_cents,
                applied_cents, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            [
                String(id), note.number.text, customerID, invoice.map { String($0.id) },
                dispute.map { String($0.rawValue) }, note.issuedOn.iso, note.amount.currency.code,
                String(note.amount.minorUnits), String(applied), note.reason,
            ])
        if let invoice, applied > 0 {
            try insertCreditApplication(
                note: id, invoice: invoice.id, cents: applied,
                on: Invoice.effectiveDay(of: note.issuedOn, issuedOn: invoice.issueDate))
        }
        return Money(minorUnits: applied, currency: note.amount.currency)
    }

    public func applyCredit(_ number: CreditNoteNumber, to invoice: InvoiceNumber, cents: Int64) throws {
        guard
            let noteID = try db.value("SELECT id FROM credit_note WHERE number = $1", [number.text]).flatMap(
                Int64.init),
            let found = try invoiceFacts(invoice)
        else { throw LoadRefusal(line: 0, message: "credit note \(number) or invoice \(invoice) does not exist") }
        try change(
            "UPDATE credit_note SET applied_cents = applied_cents + $1 WHERE id = $2", [String(cents), String(noteID)])
        try insertCreditApplication(
            note: noteID, invoice: found.id, cents: cents,
            on: Invoice.effectiveDay(of: stamp.day, issuedOn: found.issueDate))
    }

    /// Puts part of a credit note against an invoice on `day`: the invoice's balance goes down
    /// by it from that day.
    func insertCreditApplication(note: Int64, invoice: Int64, cents: Int64, on day: Day) throws {
        try reduceOpen(
            invoice: invoice, by: cents, on: day,
            recording: """
                INSERT INTO credit_application (id, credit_note_id, invoice_id, amount_cents, applied_on)
                VALUES ((SELECT coalesce(max(id), 0) + 1 FROM credit_application), $4::bigint, $3::bigint,
                    $1::bigint, $2::text)
                """, [String(note)])
    }

    @discardableResult
    public func writeOff(
        _ number: InvoiceNumber, amount: Money, dispute: DisputeID?, reason: String?, on writtenOn: Day?
    ) throws -> Money {
        guard let invoice = try invoiceFacts(number) else {
            throw LoadRefusal(line: 0, message: "invoice \(number) does not exist")
        }
        let cents = min(amount.minorUnits, invoice.openCents)
        guard cents > 0 else { return .zero(amount.currency) }
        let day = Invoice.effectiveDay(of: writtenOn ?? stamp.day, issuedOn: invoice.issueDate)
        try reduceOpen(
            invoice: invoice.id, by: cents, on: day,
            recording: """
                INSERT INTO write_off (id, invoice_id, dispute_id, written_on, currency, amount_cents, reason)
                VALUES ((SELECT coalesce(max(id), 0) + 1 FROM write_off), $3::bigint, $4::bigint, $2::text, $5::text,
                    $1::bigint, $6::text)
                """, [dispute.map { String($0.rawValue) }, amount.currency.code, reason])
        return Money(minorUnits: cents, currency: amount.currency)
    }

    public func freeCreditNoteNumber(_ base: String) throws -> CreditNoteNumber {
        var candidate = base
        var suffix = 1
        while try db.value("SELECT 1 FROM credit_note WHERE number = $1", [candidate]) != nil {
            suffix += 1
            candidate = "\(base)-\(suffix)"
        }
        return CreditNoteNumber(candidate)
    }

    /// An invoice's key, issue day and what is open of it now: what reducing it needs.
    func invoiceFacts(_ number: InvoiceNumber) throws -> (id: Int64, issueDate: Day, openCents: Int64)? {
        try db.row("SELECT id, issue_date, open_cents FROM invoice WHERE number = $1", [number.text]).map {
            ($0.int("id"), $0.day("issue_date"), $0.int("open_cents"))
        }
    }

    /// Records a reduction of an invoice's open amount that takes effect on `day` (`recording`,
    /// an INSERT of a payment application, credit application or write-off, reading the cents
    /// as `$1`, the day as `$2`, the invoice's key as `$3` and its own values from `$4` on), and
    /// lowers the invoice's open amount by it, adds it to the receivables' movements of that day,
    /// and settles the invoice on the latest of its reductions' days when nothing is left: all in
    /// one statement. Nothing is lowered by a reduction of nothing.
    func reduceOpen(
        invoice id: Int64, by cents: Int64, on day: Day, recording insert: String, _ values: [String?]
    ) throws {
        // The right-hand sides read the row as it was: `last_reduced_on` before this reduction.
        try change(
            """
            WITH fact AS (
                \(insert)
            ), reduced AS (
                UPDATE invoice SET open_cents = open_cents - $1::bigint,
                    last_reduced_on = greatest(coalesce(last_reduced_on, $2::text), $2::text),
                    settled_on = CASE WHEN open_cents - $1::bigint = 0
                        THEN greatest(coalesce(last_reduced_on, $2::text), $2::text) END
                WHERE id = $3::bigint AND $1::bigint > 0 RETURNING currency, due_date
            )
            INSERT INTO ar_movement (currency, day, due_date, reduced_cents)
            SELECT currency, $2::text, due_date, $1::bigint FROM reduced
            ON CONFLICT (currency, day, due_date)
                DO UPDATE SET reduced_cents = ar_movement.reduced_cents + excluded.reduced_cents
            """, [String(cents), day.iso, String(id)] + values)
    }
}

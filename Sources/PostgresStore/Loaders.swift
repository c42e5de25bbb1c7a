import Foundation
import LedgerPort
import Receivables

// The loaders of customer and invoice imports, as the SQLite engine's (Store/Loaders.swift):
// the same refusals, with the same lines and messages, and the same counts.

extension PostgresTransaction {
    public func customerLoader(update: Bool) throws -> any CustomerLoading {
        PostgresCustomerLoader(self, update: update)
    }

    public func invoiceLoader(expectedRows: Int) throws -> any InvoiceLoading {
        try PostgresInvoiceLoader(self)
    }
}

/// Loads customers one row at a time, in one or two statements a row. Identical rows are
/// skipped; a row that differs from the ledger is refused, or applied when `update` is on.
final class PostgresCustomerLoader: CustomerLoading {
    let tx: PostgresTransaction
    let update: Bool
    private(set) var counts = LoadCounts()
    /// Each customer of the file so far: the line it was first on, and what it said there.
    var seenInFile: [String: (line: Int, customer: Customer)] = [:]

    static let fields = ["name", "email", "phone", "country", "language", "sales_rep", "collector", "address"]

    init(_ tx: PostgresTransaction, update: Bool) {
        self.tx = tx
        self.update = update
    }

    func add(_ customer: Customer, line: Int) throws {
        counts.rows += 1
        let c = customer
        if let earlier = seenInFile[c.code.text] {
            guard earlier.customer == c else {
                let (field, old, new) = Self.firstDifference(earlier.customer, c)
                throw LoadRefusal(
                    line: line, field: field,
                    message:
                        "customer \(c.code) already appears on line \(earlier.line) with \(field) \"\(old)\" (this line says \"\(new)\")"
                )
            }
            counts.repeats += 1
            return
        }
        seenInFile[c.code.text] = (line, c)
        let address = c.addressLines.isEmpty ? nil : c.addressLines.joined(separator: "\n")
        let values: [String?] = [
            c.name, c.email, c.phone, c.country, c.language.rawValue, c.salesRep?.text, c.collector?.text, address,
        ]
        let id: Int64
        if let inserted = try tx.change(
            """
            INSERT INTO customer (id, code, name, email, phone, country, language, sales_rep, collector, address)
            VALUES ((SELECT coalesce(max(id), 0) + 1 FROM customer), $1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (code) DO NOTHING RETURNING id
            """, [c.code.text] + values
        ).rows.first?.first.flatMap({ $0 }).flatMap(Int64.init) {
            id = inserted
            counts.inserted += 1
        } else {
            guard
                let existing = try tx.db.row(
                    "SELECT \(PostgresReader.customerColumns) FROM customer c WHERE c.code = $1", [c.code.text])
            else { throw StoreError.storage(path: tx.location, message: "customer \(c.code) vanished") }
            id = existing.int("id")
            let differing = zip(Self.fields, zip(Self.fields.map { existing[$0] }, values)).filter { $0.1.0 != $0.1.1 }
            let existingIBANs = Set((existing["ibans"] ?? "").split(separator: " ").map(String.init))
            let ibansDiffer = !Set(c.ibans.map(\.text)).isSubset(of: existingIBANs)
            if differing.isEmpty && !ibansDiffer {
                counts.skipped += 1
                return
            }
            guard update else {
                let (field, (old, new)) =
                    differing.first ?? (
                        "iban",
                        (existingIBANs.sorted().joined(separator: " "), c.ibans.map(\.text).joined(separator: " "))
                    )
                throw LoadRefusal(
                    line: line, field: field,
                    message:
                        "customer \(c.code) already exists with \(field) \"\(old ?? "")\" (file says \"\(new ?? "")\"); use --update to change it"
                )
            }
            try tx.change(
                """
                UPDATE customer SET name = $1, email = $2, phone = $3, country = $4, language = $5, sales_rep = $6,
                    collector = $7, address = $8
                WHERE id = $9
                """, values + [String(id)])
            counts.updated += 1
        }
        guard !c.ibans.isEmpty else { return }
        // The first of the row's IBANs another customer has, in the row's order; the others are
        // added when there is none.
        if let taken = try tx.change(
            """
            WITH wanted AS (
                SELECT w.iban, w.n FROM unnest($1::text[]) WITH ORDINALITY AS w(iban, n)
            ), taken AS (
                SELECT w.n, w.iban, c.code FROM wanted w JOIN customer_iban i ON i.iban = w.iban
                JOIN customer c ON c.id = i.customer_id WHERE c.code <> $2
            ), added AS (
                INSERT INTO customer_iban (iban, customer_id)
                SELECT w.iban, $3::bigint FROM wanted w WHERE NOT EXISTS (SELECT 1 FROM taken) ORDER BY w.n
                ON CONFLICT DO NOTHING
            )
            SELECT iban, code FROM taken ORDER BY n LIMIT 1
            """, [PostgresArray.text(c.ibans.map(\.text)), c.code.text, String(id)]
        ).records.first {
            throw LoadRefusal(
                line: line, field: "iban",
                message:
                    "IBAN \(c.ibans.first { $0.text == taken.text("iban") } ?? c.ibans[0]) already belongs to customer \(taken.text("code"))"
            )
        }
    }

    /// The first field in which two rows of the same customer differ, with both values.
    static func firstDifference(_ a: Customer, _ b: Customer) -> (field: String, old: String, new: String) {
        let pairs: [(String, String?, String?)] = [
            ("name", a.name, b.name), ("email", a.email, b.email), ("phone", a.phone, b.phone),
            ("country", a.country, b.country), ("language", a.language.rawValue, b.language.rawValue),
            ("sales_rep", a.salesRep?.text, b.salesRep?.text), ("collector", a.collector?.text, b.collector?.text),
            ("iban", a.ibans.map(\.text).joined(separator: " "), b.ibans.map(\.text).joined(separator: " ")),
            ("address", a.addressLines.joined(separator: ", "), b.addressLines.joined(separator: ", ")),
        ]
        let found = pairs.first { $0.1 != $0.2 } ?? ("code", a.code.text, b.code.text)
        return (found.0, found.1 ?? "", found.2 ?? "")
    }
}

/// Loads invoices and their lines in a few set statements, however many there are.
///
/// Rows are checked as they come for what needs no database (the customer exists, the amount
/// is positive, the rows of one invoice agree), and gathered; every ``chunk`` invoices they are
/// streamed with `COPY` into a temporary staging table (dropped at the commit), each with the
/// file line it started on. ``finish()`` then decides in one statement what becomes of each
/// invoice, as the SQLite engine decides it for one invoice after the other: one already in the
/// ledger is skipped when identical and refused otherwise; one met earlier in the file is a
/// repeat when identical and refused otherwise; the others go in, none taking the ledger's
/// total invoiced past the ceiling. The first refusal in file order is thrown, naming its line;
/// else the new invoices, their lines and their movements go in with `INSERT … SELECT`.
///
/// The SQLite engine writes its invoices by batches of 64 as it reads them, so that of two
/// problems in one file it reports the later row's when the earlier one was not written yet: a
/// refusal found here as a row comes is thrown only after the invoices SQLite would have written
/// by then were checked, and one of theirs wins. (A problem the importer finds in a row itself,
/// such as an issue day after the as-of day, is thrown before this loader sees the row: with an
/// earlier invoice that conflicts with the ledger in the same file, SQLite may report that one
/// instead.)
final class PostgresInvoiceLoader: InvoiceLoading {
    /// An invoice read from the file: its header row, the line it started on, its lines, and the
    /// file's rows it was read from (repeats left out).
    struct Run {
        var row: InvoiceRow
        var line: Int
        var customerID: Int64
        var lines: [InvoiceLine]
        var rows: Int
    }

    /// Invoices streamed to the staging tables at a time.
    static let chunk = 20_000
    /// The SQLite loader's batch: it writes its invoices when more than this many are pending.
    static let sqliteBatch = 64

    let tx: PostgresTransaction
    let customers: [String: Int64]
    /// The key of the first invoice this load adds: those from it on are new.
    let firstNewKey: InvoiceKey
    /// Invoices read and not yet staged; the last one may still get lines.
    var buffer: [Run] = []
    /// Invoices staged so far: the sequence number of `buffer[0]`.
    var staged = 0
    var stagingMade = false
    /// What the load did: rows read and repeats within one invoice as they come, the rest at
    /// ``finish()``.
    var counts = LoadCounts()
    /// How many invoices the SQLite loader would have written by now, and how many it would
    /// still hold.
    var sqliteWritten = 0
    var sqlitePending = 0

    init(_ tx: PostgresTransaction) throws {
        self.tx = tx
        var known: [String: Int64] = [:]
        for row in try tx.db.execute("SELECT code, id FROM customer").rows {
            known[row[0] ?? ""] = row[1].flatMap { Int64($0) } ?? 0
        }
        customers = known
        firstNewKey = try tx.db.integer("SELECT coalesce(max(id), 0) + 1 FROM invoice")
    }

    func add(_ row: InvoiceRow, line: Int) throws {
        counts.rows += 1
        guard let customerID = customers[row.customer.text] else {
            throw try refusal(
                LoadRefusal(line: line, field: "customer", message: "customer \(row.customer) does not exist"))
        }
        guard row.amount.isPositive else {
            throw try refusal(
                LoadRefusal(line: line, field: "amount", message: "amount \(row.amount.decimalString) must be positive")
            )
        }
        if let last = buffer.last, last.row.number == row.number {
            // Another line of the invoice on the previous row.
            if let field = Self.differingField(last.row, row) {
                throw try refusal(
                    LoadRefusal(
                        line: line, field: field,
                        message: "invoice \(row.number): \(field) differs from line \(last.line) of the same invoice"))
            }
            // A row identical to one before it (an export that repeats its rows) is skipped.
            guard let invoiceLine = row.line, !last.lines.contains(invoiceLine) else {
                counts.repeats += 1
                return
            }
            buffer[buffer.count - 1].lines.append(invoiceLine)
            buffer[buffer.count - 1].rows += 1
            return
        }
        if sqlitePending > Self.sqliteBatch {
            sqliteWritten += sqlitePending - 1
            sqlitePending = 1
        }
        sqlitePending += 1
        // The last invoice may still get lines; those before it are complete.
        if buffer.count > Self.chunk { try stage(keepingLast: true) }
        buffer.append(Run(row: row, line: line, customerID: customerID, lines: row.line.map { [$0] } ?? [], rows: 1))
    }

    static func differingField(_ a: InvoiceRow, _ b: InvoiceRow) -> String? {
        if a.customer != b.customer { return "customer" }
        if a.issueDate != b.issueDate { return "issue_date" }
        if a.dueDate != b.dueDate { return "due_date" }
        if a.amount != b.amount { return "amount" }
        if a.purchaseOrder != b.purchaseOrder { return "po" }
        return nil
    }

    /// What the SQLite loader would throw instead of `refusal`, met at the row being read: the
    /// first refusal among the invoices it would have written by then, if any.
    func refusal(_ refusal: LoadRefusal) throws -> LoadRefusal {
        guard sqliteWritten > 0 else { return refusal }
        try stage(keepingLast: false)
        try decide()
        return try firstRefusal(before: sqliteWritten) ?? refusal
    }

    func finish() throws -> LoadCounts {
        try stage(keepingLast: false)
        guard staged > 0 else { return counts }
        try decide()
        if let refusal = try firstRefusal(before: nil) { throw refusal }
        // The new invoices with their keys, in file order.
        try tx.db.executeScript(
            """
            DROP TABLE IF EXISTS pg_temp.dun_invoice_new;
            CREATE TEMP TABLE dun_invoice_new ON COMMIT DROP AS
            SELECT \(firstNewKey - 1) + row_number() OVER (ORDER BY s.seq) AS id, s.*
            FROM dun_invoice_load s JOIN dun_invoice_outcome o ON o.seq = s.seq WHERE o.kind = 'insert'
            ORDER BY s.seq;
            ANALYZE pg_temp.dun_invoice_new;
            """)
        try tx.change(
            """
            INSERT INTO invoice (id, number, customer_id, issue_date, due_date, currency, amount_cents, open_cents, po)
            SELECT id, number, customer_id, issue_date, due_date, currency, amount_cents, amount_cents, po
            FROM dun_invoice_new
            """)
        try tx.change(
            """
            INSERT INTO invoice_line (invoice_id, line_no, sku, description, quantity, amount_cents)
            SELECT n.id, l.line_no, l.sku, l.description, l.quantity, l.amount_cents
            FROM dun_invoice_new n JOIN dun_invoice_load_line l ON l.seq = n.seq
            """)
        // What the new invoices add to the receivables' movements of their days, and to the
        // ledger's total invoiced (checked against the ceiling above).
        try tx.change(
            """
            INSERT INTO ar_movement (currency, day, due_date, issued_cents)
            SELECT currency, issue_date, due_date, sum(amount_cents)::bigint FROM dun_invoice_new
            GROUP BY currency, issue_date, due_date
            ON CONFLICT (currency, day, due_date)
                DO UPDATE SET issued_cents = ar_movement.issued_cents + excluded.issued_cents
            """)
        try tx.db.execute(
            """
            INSERT INTO money_total (kind, currency, cents)
            SELECT 'invoiced', currency, sum(amount_cents)::bigint FROM dun_invoice_new GROUP BY currency
            ON CONFLICT (kind, currency) DO UPDATE SET cents = money_total.cents + excluded.cents
            """)
        for row in try tx.db.rows(
            """
            SELECT kind, count(*) AS n, sum(rows)::bigint AS rows, sum(nlines)::bigint AS lines,
                sum(greatest(1, nlines))::bigint AS skipped
            FROM dun_invoice_outcome GROUP BY kind
            """)
        {
            switch row.text("kind") {
            case "insert":
                counts.inserted += row.count("n")
                counts.lines += row.count("lines")
            case "skip": counts.skipped += row.count("skipped")
            case "repeat": counts.repeats += row.count("rows")
            default: break
            }
        }
        return counts
    }

    // MARK: Staging

    /// Streams the buffered invoices (all, or all but the last) into the staging tables.
    func stage(keepingLast: Bool) throws {
        let count = keepingLast ? buffer.count - 1 : buffer.count
        guard count > 0 else { return }
        if !stagingMade {
            try tx.db.executeScript(
                """
                DROP TABLE IF EXISTS pg_temp.dun_invoice_load, pg_temp.dun_invoice_load_line,
                    pg_temp.dun_invoice_outcome, pg_temp.dun_invoice_new;
                CREATE TEMP TABLE dun_invoice_load (
                    seq bigint PRIMARY KEY,
                    line bigint NOT NULL,
                    number text COLLATE "C" NOT NULL,
                    customer_id bigint NOT NULL,
                    issue_date text COLLATE "C" NOT NULL,
                    due_date text COLLATE "C" NOT NULL,
                    currency text COLLATE "C" NOT NULL,
                    amount_cents bigint NOT NULL,
                    po text COLLATE "C",
                    rows bigint NOT NULL,
                    nlines bigint NOT NULL
                ) ON COMMIT DROP;
                CREATE TEMP TABLE dun_invoice_load_line (
                    seq bigint NOT NULL,
                    line_no bigint NOT NULL,
                    sku text COLLATE "C",
                    description text COLLATE "C",
                    quantity text COLLATE "C",
                    amount_cents bigint,
                    PRIMARY KEY (seq, line_no)
                ) ON COMMIT DROP;
                """)
            stagingMade = true
        }
        let runs = buffer[..<count]
        let first = staged
        try tx.db.copy(
            "COPY dun_invoice_load FROM STDIN (FORMAT csv)",
            lines: runs.lazy.enumerated().map { offset, run in
                let row = run.row
                return [
                    String(first + offset), String(run.line), Self.csv(row.number.text), String(run.customerID),
                    Self.csv(row.issueDate.iso), Self.csv(row.dueDate.iso), Self.csv(row.amount.currency.code),
                    String(row.amount.minorUnits), Self.csv(row.purchaseOrder), String(run.rows),
                    String(run.lines.count),
                ].joined(separator: ",")
            })
        if runs.contains(where: { !$0.lines.isEmpty }) {
            try tx.db.copy(
                "COPY dun_invoice_load_line FROM STDIN (FORMAT csv)",
                lines: runs.lazy.enumerated().flatMap { offset, run in
                    run.lines.enumerated().map { number, line in
                        [
                            String(first + offset), String(number + 1), Self.csv(line.sku), Self.csv(line.description),
                            Self.csv(line.quantity), line.amount.map { String($0.minorUnits) } ?? "",
                        ].joined(separator: ",")
                    }
                })
        }
        staged += count
        buffer.removeFirst(count)
    }

    /// A CSV field for `COPY`: quoted, its quotes doubled; NULL as nothing at all.
    static func csv(_ value: String?) -> String {
        guard let value else { return "" }
        guard value.contains("\"") else { return "\"" + value + "\"" }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: Deciding

    /// Where two invoices' headers first differ, in the SQLite loader's order, in SQL.
    static func differing(_ a: String, _ b: String) -> String {
        """
        (CASE WHEN \(a).customer_id <> \(b).customer_id THEN 'customer' \
        WHEN \(a).currency <> \(b).currency OR \(a).amount_cents <> \(b).amount_cents THEN 'amount' \
        WHEN \(a).issue_date <> \(b).issue_date THEN 'issue_date' WHEN \(a).due_date <> \(b).due_date THEN 'due_date' \
        WHEN \(a).po IS DISTINCT FROM \(b).po THEN 'po' END)
        """
    }

    /// Decides what becomes of each staged invoice (`dun_invoice_outcome`): `insert` (the
    /// first of its number, not in the ledger), `skip` or `exists` (in the ledger, identical or
    /// not), `repeat`, `appears` or `order` (met earlier in the file: identical; with another
    /// header; with lines the earlier one did not have).
    func decide() throws {
        try tx.db.executeScript(
            """
            ANALYZE pg_temp.dun_invoice_load;
            ANALYZE pg_temp.dun_invoice_load_line;
            SELECT set_config('work_mem', '128MB', true);
            DROP TABLE IF EXISTS pg_temp.dun_invoice_outcome;
            CREATE TEMP TABLE dun_invoice_outcome ON COMMIT DROP AS
            WITH firsts AS (
                SELECT number, min(seq) AS seq FROM dun_invoice_load GROUP BY number
            )
            SELECT s.seq, s.currency, s.amount_cents, s.rows, s.nlines, e.id AS existing_id,
                CASE WHEN e.id IS NULL AND f.seq < s.seq THEN f.seq END AS first_seq,
                CASE
                    WHEN e.id IS NOT NULL THEN CASE WHEN \(Self.differing("s", "e")) IS NULL THEN 'skip' ELSE 'exists' END
                    WHEN f.seq = s.seq THEN 'insert'
                    WHEN \(Self.differing("s", "o")) IS NOT NULL THEN 'appears'
                    WHEN EXISTS (
                        SELECT 1 FROM dun_invoice_load_line l WHERE l.seq = s.seq AND NOT EXISTS (
                            SELECT 1 FROM dun_invoice_load_line k WHERE k.seq = f.seq
                            AND k.sku IS NOT DISTINCT FROM l.sku AND k.description IS NOT DISTINCT FROM l.description
                            AND k.quantity IS NOT DISTINCT FROM l.quantity
                            AND k.amount_cents IS NOT DISTINCT FROM l.amount_cents)) THEN 'order'
                    ELSE 'repeat'
                END AS kind
            FROM dun_invoice_load s
            JOIN firsts f ON f.number = s.number
            LEFT JOIN dun_invoice_load o ON o.seq = f.seq AND f.seq < s.seq
            LEFT JOIN invoice e ON e.number = s.number;
            """)
    }

    /// The refusal of the first invoice (in file order, before the `limit`-th if given) that
    /// cannot go in: one that differs from the ledger or from an earlier row, or one that would
    /// take the ledger's total invoiced in its currency past the ceiling.
    func firstRefusal(before limit: Int?) throws -> LoadRefusal? {
        let limit = String(limit.map(Int64.init) ?? Int64.max)
        var first = try tx.db.row(
            """
            SELECT seq, kind, NULL::bigint AS before FROM dun_invoice_outcome
            WHERE kind IN ('exists', 'appears', 'order') AND seq < $1::bigint ORDER BY seq LIMIT 1
            """, [limit])
        // The running totals only where the load takes a currency's total past the ceiling.
        let over = try tx.db.rows(
            """
            SELECT o.currency FROM dun_invoice_outcome o
            LEFT JOIN money_total t ON t.kind = 'invoiced' AND t.currency = o.currency
            WHERE o.kind = 'insert' AND o.seq < $1::bigint GROUP BY o.currency, t.cents
            HAVING coalesce(t.cents, 0) + sum(o.amount_cents) > $2::bigint
            """, [limit, String(MoneyTotals.ceiling)]
        ).map { $0.text("currency") }
        if !over.isEmpty,
            let ceiling = try tx.db.row(
                """
                WITH running AS (
                    SELECT o.seq, o.amount_cents,
                        coalesce(t.cents, 0) + sum(o.amount_cents) OVER (PARTITION BY o.currency ORDER BY o.seq) AS total
                    FROM dun_invoice_outcome o
                    LEFT JOIN money_total t ON t.kind = 'invoiced' AND t.currency = o.currency
                    WHERE o.kind = 'insert' AND o.seq < $1::bigint AND o.currency = ANY($3::text[])
                )
                SELECT seq, 'ceiling' AS kind, (total - amount_cents)::bigint AS before FROM running
                WHERE total > $2::bigint ORDER BY seq LIMIT 1
                """, [first?["seq"] ?? limit, String(MoneyTotals.ceiling), PostgresArray.text(over)])
        {
            first = ceiling
        }
        guard let first else { return nil }
        guard
            let row = try tx.db.row(
                """
                SELECT s.line, s.number, sc.code AS customer, s.customer_id, s.issue_date, s.due_date, s.currency,
                    s.amount_cents, s.po, x.line AS x_line, xc.code AS x_customer, x.customer_id AS x_customer_id,
                    x.issue_date AS x_issue_date, x.due_date AS x_due_date, x.currency AS x_currency,
                    x.amount_cents AS x_amount_cents, x.po AS x_po
                FROM dun_invoice_load s JOIN customer sc ON sc.id = s.customer_id
                JOIN dun_invoice_outcome o ON o.seq = s.seq
                LEFT JOIN LATERAL (
                    SELECT NULL::bigint AS line, i.customer_id, i.issue_date, i.due_date, i.currency, i.amount_cents,
                        i.po
                    FROM invoice i WHERE i.id = o.existing_id
                    UNION ALL
                    SELECT f.line, f.customer_id, f.issue_date, f.due_date, f.currency, f.amount_cents, f.po
                    FROM dun_invoice_load f WHERE f.seq = o.first_seq
                ) AS x ON true
                LEFT JOIN customer xc ON xc.id = x.customer_id
                WHERE s.seq = $1::bigint
                """, [first["seq"]])
        else { return nil }
        let line = row.count("line")
        let number = row.text("number")
        let amount = Money(minorUnits: row.int("amount_cents"), currency: row.currency("currency"))
        let kind = first.text("kind")
        if kind == "ceiling" {
            return LoadRefusal(
                line: line, field: "amount",
                message: MoneyTotals.refusal(.invoiced, amount, total: first.int("before")))
        }
        let stored: (String, String?, String?)? =
            if row["x_customer_id"] != row["customer_id"] {
                ("customer", row["x_customer"], row["customer"])
            } else if row["x_currency"] != row["currency"] || row["x_amount_cents"] != row["amount_cents"] {
                (
                    "amount",
                    row["x_currency"].flatMap(Currency.init(code:)).map {
                        Money(minorUnits: row.int("x_amount_cents"), currency: $0).description
                    }, amount.description
                )
            } else if row["x_issue_date"] != row["issue_date"] {
                ("issue_date", row["x_issue_date"], row["issue_date"])
            } else if row["x_due_date"] != row["due_date"] {
                ("due_date", row["x_due_date"], row["due_date"])
            } else if row["x_po"] != row["po"] {
                ("po", row["x_po"], row["po"])
            } else {
                nil
            }
        let earlier = row["x_line"].map { " on line \($0)" } ?? ""
        switch kind {
        case "exists":
            guard let (field, old, new) = stored else { return nil }
            return LoadRefusal(
                line: line, field: field,
                message:
                    "invoice \(number) already exists with \(field) \(old ?? "empty") (file says \(new ?? "empty"))")
        case "appears":
            guard let (field, old, new) = stored else { return nil }
            return LoadRefusal(
                line: line, field: field,
                message:
                    "invoice \(number) already appears\(earlier) with \(field) \(old ?? "empty") (this line says \(new ?? "empty"))"
            )
        default:
            return LoadRefusal(
                line: line, field: "number",
                message:
                    "invoice \(number) appears again after other invoices (first\(earlier)); the rows of one invoice must follow each other"
            )
        }
    }
}

import GRDB
import GRDBSQLite
import LedgerPort
import Receivables

/// Loads customers, one reused statement per kind of row. Identical rows are skipped; a row that
/// differs from the ledger is refused, or applied when `update` is on.
public final class CustomerLoader {
    let tx: LedgerTransaction
    let update: Bool
    let insert: BulkStatement
    let find: BulkStatement
    let insertIBAN: BulkStatement
    let findIBAN: BulkStatement
    public private(set) var counts = LoadCounts()
    /// Each customer of the file so far: the line it was first on, and what it said there.
    var seenInFile: [String: (line: Int, customer: Customer)] = [:]

    public init(_ tx: LedgerTransaction, update: Bool) throws {
        self.tx = tx
        self.update = update
        insert = try BulkStatement(
            tx.db,
            """
            INSERT INTO customer (code, name, email, phone, country, language, sales_rep, collector, address)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING
            """)
        find = try BulkStatement(
            tx.db,
            "SELECT id, name, email, phone, country, language, sales_rep, collector, address FROM customer WHERE code = ?"
        )
        insertIBAN = try BulkStatement(
            tx.db, "INSERT INTO customer_iban (iban, customer_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
        findIBAN = try BulkStatement(
            tx.db, "SELECT c.code FROM customer_iban i JOIN customer c ON c.id = i.customer_id WHERE i.iban = ?")
    }

    public func add(_ customer: Customer, line: Int) throws {
        counts.rows += 1
        if let earlier = seenInFile[customer.code.text] {
            guard earlier.customer == customer else {
                let (field, old, new) = CustomerLoader.firstDifference(earlier.customer, customer)
                throw LoadRefusal(
                    line: line, field: field,
                    message:
                        "customer \(customer.code) already appears on line \(earlier.line) with \(field) \"\(old)\" (this line says \"\(new)\")"
                )
            }
            counts.repeats += 1
            return
        }
        seenInFile[customer.code.text] = (line, customer)
        let c = customer
        insert.bind(1, c.code.text)
        insert.bind(2, c.name)
        insert.bind(3, c.email)
        insert.bind(4, c.phone)
        insert.bind(5, c.country)
        insert.bind(6, c.language.rawValue)
        insert.bind(7, c.salesRep?.text)
        insert.bind(8, c.collector?.text)
        let address = c.addressLines.isEmpty ? nil : c.addressLines.joined(separator: "\n")
        insert.bind(9, address)
        var id: Int64
        if try insert.run() == 1 {
            id = tx.db.lastInsertedRowID
            counts.inserted += 1
        } else {
            find.bind(1, c.code.text)
            let existing = try find.one { h in
                (
                    id: columnInt(h, 0), values: (1...8).map { columnText(h, Int32($0)) }
                )
            }!
            id = existing.id
            let values = [
                c.name, c.email, c.phone, c.country, c.language.rawValue, c.salesRep?.text, c.collector?.text, address,
            ]
            let names = ["name", "email", "phone", "country", "language", "sales_rep", "collector", "address"]
            let differing = zip(names, zip(existing.values, values)).filter { $0.1.0 != $0.1.1 }
            let existingIBANs = Set(
                try String.fetchAll(tx.db, sql: "SELECT iban FROM customer_iban WHERE customer_id = ?", arguments: [id])
            )
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
            try tx.db.execute(
                sql: """
                    UPDATE customer SET name = ?, email = ?, phone = ?, country = ?, language = ?, sales_rep = ?, collector = ?,
                        address = ?
                    WHERE id = ?
                    """,
                arguments: [
                    c.name, c.email, c.phone, c.country, c.language.rawValue, c.salesRep?.text, c.collector?.text,
                    address,
                    id,
                ])
            counts.updated += 1
        }
        for iban in c.ibans {
            findIBAN.bind(1, iban.text)
            if let owner = try findIBAN.one({ columnText($0, 0) }), let owner, owner != c.code.text {
                throw LoadRefusal(
                    line: line, field: "iban", message: "IBAN \(iban) already belongs to customer \(owner)")
            }
            insertIBAN.bind(1, iban.text)
            insertIBAN.bind(2, id)
            try insertIBAN.run()
        }
    }
}

extension CustomerLoader {
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

/// Loads invoices on reused statements. Rows of one invoice (one per line) must follow each
/// other; an invoice already in the ledger with the same header is skipped, one with another
/// header is refused with its line number.
///
/// New invoices go in by batches of ``batchSize`` in one multi-row `INSERT`, which spreads
/// SQLite's per-statement cost; a batch that meets an invoice number already taken fails as a
/// whole, and its rows are then taken one by one to tell the identical (skipped) from the
/// conflicting (refused). For a load larger than what the ledger holds, the invoice table's
/// secondary indexes are dropped first and rebuilt once at the end, inside the same transaction:
/// building an index over sorted rows is much cheaper than updating it a million times.
public final class InvoiceLoader {
    /// Invoices per multi-row `INSERT`.
    static let batchSize = 64
    static let columns = "number, customer_id, issue_date, due_date, currency, amount_cents, open_cents, po"

    /// An invoice read from the file and not yet written.
    struct Pending {
        var row: InvoiceRow
        var line: Int
        var customerID: Int64
        var lines: [InvoiceLine]
        /// The file's rows it was read from, repeats left out.
        var rows: Int
    }

    let tx: LedgerTransaction
    let insertBatch: BulkStatement
    let insertOne: BulkStatement
    let find: BulkStatement
    let insertLine: BulkStatement
    var customers: [String: Int64] = [:]
    /// The row id of the first invoice this load inserts: those from it on are new.
    public let firstNewID: Int64
    var droppedIndexes: [String] = []
    var pending: [Pending] = []
    /// The file line of each invoice this load inserted, by row id from ``firstNewID`` on: what a
    /// later conflicting row of the same invoice is told.
    var insertedLines: [Int32] = []
    /// What the new invoices add to the receivables' movements, per currency, issue day and due
    /// day: written once at the end (a few thousand cells for a million invoices).
    var issued: [MovementKey: Int64] = [:]
    public private(set) var counts = LoadCounts()

    public init(_ tx: LedgerTransaction, expectedRows: Int) throws {
        self.tx = tx
        let db = tx.db
        var known: [String: Int64] = [:]
        try BulkStatement(db, "SELECT code, id FROM customer").each { row in
            known[columnText(row, 0) ?? ""] = columnInt(row, 1)
        }
        customers = known
        let existing = try Int64.fetchOne(db, sql: "SELECT max(id) FROM invoice") ?? 0
        firstNewID = existing + 1
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM invoice") ?? 0
        if expectedRows >= 50_000 && expectedRows > count {
            let indexes = try Row.fetchAll(
                db,
                sql: """
                    SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'invoice'
                    AND sql IS NOT NULL AND name <> 'invoice_number'
                    """)
            for index in indexes {
                droppedIndexes.append(index["sql"])
                try db.execute(sql: "DROP INDEX \(index["name"] as String)")
            }
        }
        let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: InvoiceLoader.batchSize).joined(
            separator: ", ")
        insertBatch = try BulkStatement(db, "INSERT INTO invoice (\(InvoiceLoader.columns)) VALUES \(values)")
        insertOne = try BulkStatement(
            db,
            "INSERT INTO invoice (\(InvoiceLoader.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (number) DO NOTHING"
        )
        find = try BulkStatement(
            db, "SELECT id, customer_id, issue_date, due_date, currency, amount_cents, po FROM invoice WHERE number = ?"
        )
        insertLine = try BulkStatement(
            db,
            """
            INSERT INTO invoice_line (invoice_id, line_no, sku, description, quantity, amount_cents)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        pending.reserveCapacity(InvoiceLoader.batchSize + 1)
    }

    public func add(_ row: InvoiceRow, line: Int) throws {
        counts.rows += 1
        guard let customerID = customers[row.customer.text] else {
            throw LoadRefusal(line: line, field: "customer", message: "customer \(row.customer) does not exist")
        }
        guard row.amount.isPositive else {
            throw LoadRefusal(
                line: line, field: "amount", message: "amount \(row.amount.decimalString) must be positive")
        }
        if let last = pending.last, last.row.number == row.number {
            // Another line of the invoice on the previous row.
            if let field = InvoiceLoader.differingField(last.row, row) {
                throw LoadRefusal(
                    line: line, field: field,
                    message: "invoice \(row.number): \(field) differs from line \(last.line) of the same invoice")
            }
            // A row identical to one before it (an export that repeats its rows) is skipped.
            guard let invoiceLine = row.line, !last.lines.contains(invoiceLine) else {
                counts.repeats += 1
                return
            }
            pending[pending.count - 1].lines.append(invoiceLine)
            pending[pending.count - 1].rows += 1
            return
        }
        // The last pending invoice may still get lines; those before it are complete.
        if pending.count > InvoiceLoader.batchSize {
            let last = pending.removeLast()
            try write(pending)
            pending.removeAll(keepingCapacity: true)
            pending.append(last)
        }
        pending.append(
            Pending(row: row, line: line, customerID: customerID, lines: row.line.map { [$0] } ?? [], rows: 1))
    }

    /// Writes complete invoices: by batches, or one by one for a batch that meets a taken number.
    func write(_ invoices: [Pending]) throws {
        var start = 0
        while start < invoices.count {
            let end = min(start + InvoiceLoader.batchSize, invoices.count)
            if end - start == InvoiceLoader.batchSize, try insertAsBatch(invoices[start..<end]) {
                start = end
                continue
            }
            for invoice in invoices[start..<end] { try insertAlone(invoice) }
            start = end
        }
    }

    /// Inserts a full batch; `false` when a number is already taken (nothing of it is written).
    func insertAsBatch(_ batch: ArraySlice<Pending>) throws -> Bool {
        var index: Int32 = 1
        for invoice in batch {
            bind(insertBatch, invoice, from: index)
            index += 8
        }
        do {
            try insertBatch.run()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            return false
        }
        var id = tx.db.lastInsertedRowID - Int64(batch.count) + 1
        for invoice in batch {
            insertedLines.append(Int32(clamping: invoice.line))
            try issue(invoice)
            for (number, invoiceLine) in invoice.lines.enumerated() {
                try addLine(invoiceLine, invoice: id, number: Int64(number + 1))
            }
            id += 1
        }
        counts.inserted += batch.count
        return true
    }

    func bind(_ statement: BulkStatement, _ invoice: Pending, from index: Int32) {
        let row = invoice.row
        statement.bind(index, row.number.text)
        statement.bind(index + 1, invoice.customerID)
        statement.bind(index + 2, row.issueDate)
        statement.bind(index + 3, row.dueDate)
        statement.bind(index + 4, row.amount.currency.code)
        statement.bind(index + 5, row.amount.minorUnits)
        statement.bind(index + 6, row.amount.minorUnits)
        statement.bind(index + 7, row.purchaseOrder)
    }

    func insertAlone(_ invoice: Pending) throws {
        let row = invoice.row
        bind(insertOne, invoice, from: 1)
        if try insertOne.run() == 1 {
            let id = tx.db.lastInsertedRowID
            insertedLines.append(Int32(clamping: invoice.line))
            try issue(invoice)
            for (number, invoiceLine) in invoice.lines.enumerated() {
                try addLine(invoiceLine, invoice: id, number: Int64(number + 1))
            }
            counts.inserted += 1
            return
        }
        find.bind(1, row.number.text)
        let existing = try find.one { h in
            (
                id: columnInt(h, 0), customerID: columnInt(h, 1), issue: columnText(h, 2), due: columnText(h, 3),
                currency: columnText(h, 4), cents: columnInt(h, 5), po: columnText(h, 6)
            )
        }!
        let stored: (String, String?, String?)? =
            if existing.customerID != invoice.customerID {
                (
                    "customer",
                    try String.fetchOne(
                        tx.db, sql: "SELECT code FROM customer WHERE id = ?", arguments: [existing.customerID]),
                    row.customer.text
                )
            } else if existing.currency != row.amount.currency.code || existing.cents != row.amount.minorUnits {
                (
                    "amount",
                    existing.currency.flatMap(Currency.init(code:)).map {
                        Money(minorUnits: existing.cents, currency: $0).description
                    }, row.amount.description
                )
            } else if existing.issue != row.issueDate.iso {
                ("issue_date", existing.issue, row.issueDate.iso)
            } else if existing.due != row.dueDate.iso {
                ("due_date", existing.due, row.dueDate.iso)
            } else if existing.po != row.purchaseOrder {
                ("po", existing.po, row.purchaseOrder)
            } else {
                nil
            }
        if existing.id >= firstNewID {
            // Written by this load: the file has the invoice on an earlier line.
            let index = Int(existing.id - firstNewID)
            let earlier = index < insertedLines.count ? " on line \(insertedLines[index])" : ""
            if let (field, old, new) = stored {
                throw LoadRefusal(
                    line: invoice.line, field: field,
                    message:
                        "invoice \(row.number) already appears\(earlier) with \(field) \(old ?? "empty") (this line says \(new ?? "empty"))"
                )
            }
            let known = try lines(ofInvoice: existing.id, currency: row.amount.currency)
            guard invoice.lines.allSatisfy(known.contains) else {
                throw LoadRefusal(
                    line: invoice.line, field: "number",
                    message:
                        "invoice \(row.number) appears again after other invoices (first\(earlier)); the rows of one invoice must follow each other"
                )
            }
            // The same rows again, further down the file.
            counts.repeats += invoice.rows
            return
        }
        if let (field, old, new) = stored {
            throw LoadRefusal(
                line: invoice.line, field: field,
                message:
                    "invoice \(row.number) already exists with \(field) \(old ?? "empty") (file says \(new ?? "empty"))"
            )
        }
        // Identical: the header row and each line row are skipped.
        counts.skipped += max(1, invoice.lines.count)
    }

    /// The lines of an invoice already written.
    func lines(ofInvoice id: Int64, currency: Currency) throws -> [InvoiceLine] {
        try Row.fetchAll(
            tx.db, sql: "SELECT sku, description, quantity, amount_cents FROM invoice_line WHERE invoice_id = ?",
            arguments: [id]
        ).map { row in
            InvoiceLine(
                sku: row[0], description: row[1], quantity: row[2],
                amount: (row[3] as Int64?).map { Money(minorUnits: $0, currency: currency) })
        }
    }

    /// Counts a new invoice into the movements of its issue day, and into the ledger's total
    /// invoiced, which it may not take past the ceiling.
    func issue(_ invoice: Pending) throws {
        let row = invoice.row
        do {
            try tx.count(row.amount, into: .invoiced)
        } catch let refusal as MoneyCeilingExceeded {
            throw LoadRefusal(line: invoice.line, field: "amount", message: refusal.description)
        }
        issued[MovementKey(currency: row.amount.currency, day: row.issueDate, due: row.dueDate), default: 0] +=
            row.amount.minorUnits
    }

    func addLine(_ invoiceLine: InvoiceLine, invoice: Int64, number: Int64) throws {
        insertLine.bind(1, invoice)
        insertLine.bind(2, number)
        insertLine.bind(3, invoiceLine.sku)
        insertLine.bind(4, invoiceLine.description)
        insertLine.bind(5, invoiceLine.quantity)
        insertLine.bind(6, invoiceLine.amount?.minorUnits)
        try insertLine.run()
        counts.lines += 1
    }

    static func differingField(_ a: InvoiceRow, _ b: InvoiceRow) -> String? {
        if a.customer != b.customer { return "customer" }
        if a.issueDate != b.issueDate { return "issue_date" }
        if a.dueDate != b.dueDate { return "due_date" }
        if a.amount != b.amount { return "amount" }
        if a.purchaseOrder != b.purchaseOrder { return "po" }
        return nil
    }

    /// Writes what is still pending and rebuilds any index dropped for the load. Call once,
    /// after the last row.
    public func finish() throws -> LoadCounts {
        try write(pending)
        pending.removeAll()
        try tx.addMovements(issued: issued)
        issued = [:]
        for sql in droppedIndexes { try tx.db.execute(sql: sql) }
        droppedIndexes = []
        return counts
    }
}

/// A cell of the receivables' movements: a currency, a day and a due day.
struct MovementKey: Hashable {
    var currency: Currency
    var day: Day
    var due: Day
}

extension LedgerTransaction {
    /// Adds what new invoices issued to the receivables' movements of their days.
    func addMovements(issued: [MovementKey: Int64]) throws {
        let upsert = try BulkStatement(
            db,
            """
            INSERT INTO ar_movement (currency, day, due_date, issued_cents) VALUES (?, ?, ?, ?)
            ON CONFLICT (currency, day, due_date) DO UPDATE SET issued_cents = issued_cents + excluded.issued_cents
            """)
        for (key, cents) in issued {
            upsert.bind(1, key.currency.code)
            upsert.bind(2, key.day)
            upsert.bind(3, key.due)
            upsert.bind(4, cents)
            try upsert.run()
        }
    }
}

import Dispatch
import Foundation
import GRDB
import GRDBSQLite
import LedgerPort
import Receivables
import Synchronization

/// Reads currency codes from a column, remembering the last one by its bytes: scans read a
/// million rows that nearly all share one currency.
final class CurrencyColumn {
    /// The last ISO 4217 code read, its three bytes packed, and its currency.
    private var last: (code: UInt32, currency: Currency)?

    func currency(_ row: OpaquePointer, _ index: Int32) -> Currency {
        guard let text = sqlite3_column_text(row, index) else { return .EUR }
        let count = Int(sqlite3_column_bytes(row, index))
        if count == 3 {
            let code = UInt32(text[0]) << 16 | UInt32(text[1]) << 8 | UInt32(text[2])
            if let last, last.code == code { return last.currency }
            let currency = Currency(code: String(decoding: UnsafeBufferPointer(start: text, count: 3), as: UTF8.self))
            last = currency.map { (code, $0) }
            return currency ?? .EUR
        }
        return Currency(code: String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)) ?? .EUR
    }
}

extension LedgerReader {
    /// The collection scans: every invoice open now and issued by `?1`, in customer order, from
    /// the partial covering index alone (a test checks the plan); `?2` and `?3` bound a range of
    /// customer ids (included, excluded).
    static let openInvoicesSQL = """
        SELECT id, customer_id, due_date, open_cents, currency, number FROM invoice
        WHERE open_cents > 0 AND issue_date <= ?1 AND customer_id >= ?2 AND customer_id < ?3 ORDER BY customer_id
        """
    /// The invoices settled after `?1` and issued by it, in customer order, from the partial
    /// covering index of settled invoices: those that were still open on that past day.
    static let settledAfterSQL = """
        SELECT id, customer_id, due_date, 0, currency, number FROM invoice
        WHERE open_cents = 0 AND settled_on > ?1 AND issue_date <= ?1 AND customer_id >= ?2 AND customer_id < ?3
        ORDER BY customer_id
        """

    /// Every invoice open at the close of `day`, in customer order (a customer's invoices one
    /// after the other), read through the partial covering indexes without touching the table.
    /// Calls `body` for each.
    public func scanOpenInvoices(on day: Day, _ body: (OpenRow) -> Void) throws {
        let later = try reductionsAfter(day)
        try Self.scanOpen(db, day: day, later: later, customers: Int64.min..<Int64.max) { row, _ in body(row) }
    }

    /// What the collection scans need of every customer, by row id. These texts are short
    /// enough to live inside their `String`s, so a hundred thousand customers cost no
    /// allocation each; names and phones are read for the customers shown only.
    public func customerKeys() throws -> [Int64: CustomerKeys] {
        var keys: [Int64: CustomerKeys] = [:]
        keys.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM customer") ?? 0)
        try BulkStatement(db, "SELECT id, code, country, collector FROM customer").each { row in
            keys[columnInt(row, 0)] = CustomerKeys(
                code: CustomerCode(columnText(row, 1) ?? ""), country: columnText(row, 2),
                collector: columnText(row, 3).map(PersonKey.init))
        }
        return keys
    }

    /// Who some customers are, by row id.
    public func customerBriefs(_ ids: some Collection<Int64>) throws -> [Int64: CustomerBrief] {
        try customers(ids, Self.customerBriefColumns, Self.customerBrief)
    }

    /// Who some customers are, by code, read one by one through the code's unique index.
    public func customerBriefs(codes: some Collection<CustomerCode>) throws -> [CustomerCode: CustomerBrief] {
        var briefs: [CustomerCode: CustomerBrief] = [:]
        for code in codes where briefs[code] == nil {
            briefs[code] = try QuickStatement(
                db, "SELECT id, \(Self.customerBriefColumns) FROM customer WHERE code = ?"
            ).bind(1, code.text).one(Self.customerBrief)
        }
        return briefs
    }

    static let customerBriefColumns = "code, name, country, phone, collector, sales_rep, language"

    static func customerBrief(_ row: OpaquePointer) -> CustomerBrief {
        CustomerBrief(
            code: CustomerCode(columnText(row, 1) ?? ""), name: columnText(row, 2) ?? "", country: columnText(row, 3),
            phone: columnText(row, 4), collector: columnText(row, 5).map(PersonKey.init),
            salesRep: columnText(row, 6).map(PersonKey.init),
            language: Language(rawValue: columnText(row, 7) ?? "en") ?? .en)
    }

    /// The codes of some customers, by row id.
    public func customerCodes(_ ids: some Collection<Int64>) throws -> [Int64: CustomerCode] {
        try customers(ids, "code") { CustomerCode(columnText($0, 1) ?? "") }
    }

    /// The names of some customers, by row id.
    public func customerNames(_ ids: some Collection<Int64>) throws -> [Int64: String] {
        try customers(ids, "name") { columnText($0, 1) ?? "" }
    }

    /// Some customers' `columns`, read by `read` from a row that has the id first (the columns
    /// from index 1), by row id: looked up one by one through the primary key, or read in one
    /// scan of the table when many are asked for (one scan beats thousands of lookups).
    private func customers<Value>(
        _ ids: some Collection<Int64>, _ columns: String, _ read: (OpaquePointer) -> Value
    ) throws -> [Int64: Value] {
        var values: [Int64: Value] = [:]
        let sql = "SELECT id, \(columns) FROM customer"
        if ids.count > 2_000 {
            let wanted = Set(ids)
            try BulkStatement(db, sql).each { row in
                if wanted.contains(columnInt(row, 0)) { values[columnInt(row, 0)] = read(row) }
            }
            return values
        }
        for id in ids where values[id] == nil {
            values[id] = try QuickStatement(db, sql + " WHERE id = ?").bind(1, id).one(read)
        }
        return values
    }

    /// What active holds cover on `day`.
    public func heldSet(on day: Day) throws -> HeldSet {
        var set = HeldSet()
        // Tens of thousands of holds on a big ledger: read on the C API, not as GRDB rows.
        let statement = try BulkStatement(
            db, "SELECT invoice_id, customer_id, amount_cents FROM hold h WHERE \(activeHold("h", day: "?1"))")
        statement.bind(1, day.iso)
        try statement.each { row in
            if sqlite3_column_type(row, 1) != SQLITE_NULL {
                set.hold(customer: columnInt(row, 1))
            } else if sqlite3_column_type(row, 0) != SQLITE_NULL {
                set.hold(
                    invoice: columnInt(row, 0),
                    amount: sqlite3_column_type(row, 2) == SQLITE_NULL ? nil : columnInt(row, 2))
            }
        }
        return set
    }

    /// What the promises pending at the close of `day` pause.
    public func promisedSet(on day: Day) throws -> PromisedSet {
        var set = PromisedSet()
        for (promise, customerID, invoiceIDs) in try pendingPromiseKeys(on: day) {
            if invoiceIDs.isEmpty {
                set.promise(customer: customerID, until: promise.pausesUntil)
            } else {
                for invoice in invoiceIDs { set.promise(invoice: invoice, until: promise.pausesUntil) }
            }
        }
        return set
    }

    /// Cash received by `day` and not applied by then, per customer id and currency.
    public func unappliedByCustomer(on day: Day) throws -> [Int64: [Currency: Money]] {
        var cash: [Int64: [Currency: Money]] = [:]
        // A payment had cash unapplied that day when it has some now or was applied after it.
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT p.customer_id, p.currency, sum(p.amount_cents - \(LedgerReader.appliedBy("p", day: "?1")))
                FROM payment p
                WHERE p.customer_id IS NOT NULL AND p.received_on <= ?1 AND (p.unapplied_cents > 0
                    OR p.id IN (SELECT payment_id FROM payment_application WHERE applied_on > ?1))
                GROUP BY p.customer_id, p.currency
                """, arguments: [day.iso])
        {
            guard let currency = Currency(code: row[1]), (row[2] as Int64) > 0 else { continue }
            cash[row[0], default: [:]][currency] = Money(minorUnits: row[2], currency: currency)
        }
        return cash
    }

    /// Whether any invoice was ever dunned. The joins of `invoice_dunning` with the invoices
    /// below read every invoice (without statistics SQLite starts from the big table): a ledger
    /// never dunned skips them, answered from one row.
    func anyInvoiceDunned() throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM invoice_dunning)") ?? false
    }

    /// The last step each invoice was dunned with by the close of `day`: for a day on or after
    /// the last run, what `invoice_dunning` keeps for the invoices open now; for an earlier day,
    /// read back from the notices of that day and before.
    public func lastSteps(on day: Day) throws -> RowIDMap<StepRecord> {
        var steps = RowIDMap<StepRecord>()
        guard try anyInvoiceDunned() else { return steps }
        let lastRun = try String.fetchOne(db, sql: "SELECT max(day) FROM dunning_notice").flatMap { Day(iso: $0) }
        let sql =
            lastRun.map { $0 <= day } ?? true
            ? """
            SELECT d.invoice_id, d.position, d.step, d.day FROM invoice_dunning d
            JOIN invoice i ON i.id = d.invoice_id WHERE i.open_cents > 0 OR i.settled_on > ?1
            """
            : """
            SELECT di.invoice_id, n.position, n.step, n.day FROM dunning_notice n
            JOIN dunning_item di ON di.notice_id = n.id WHERE n.day <= ?1 ORDER BY n.day, n.id
            """
        let statement = try BulkStatement(db, sql)
        statement.bind(1, day)
        try statement.each { row in
            steps[columnInt(row, 0)] = StepRecord(
                position: Int(columnInt(row, 1)), code: columnText(row, 2) ?? "",
                day: Day(iso: columnText(row, 3) ?? "")!)
        }
        return steps
    }

    /// For invoices (and customers) whose holds ended by `day`, the latest day one ended.
    public func holdEnds(on day: Day) throws -> (invoices: RowIDMap<Day>, customers: RowIDMap<Day>) {
        var invoices = RowIDMap<Day>()
        var customers = RowIDMap<Day>()
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT invoice_id, customer_id,
                    max(min(coalesce(released_on, '9999-12-31'), coalesce(until, '9999-12-31'))) AS ended
                FROM hold
                WHERE min(coalesce(released_on, '9999-12-31'), coalesce(until, '9999-12-31')) <= ?1
                GROUP BY invoice_id, customer_id
                """, arguments: [day.iso])
        {
            guard let ended = Day(iso: row[2] as String) else { continue }
            if let invoice: Int64 = row[0] { invoices[invoice] = ended }
            if let customer: Int64 = row[1] { customers[customer] = ended }
        }
        return (invoices, customers)
    }

    /// Invoice numbers by id, for the invoices a run names.
    public func invoiceNumbers(_ ids: [Int64]) throws -> [Int64: InvoiceNumber] {
        var numbers: [Int64: InvoiceNumber] = [:]
        let statement = try db.cachedStatement(sql: "SELECT number FROM invoice WHERE id = ?")
        for id in ids {
            if let number = try String.fetchOne(statement, arguments: [id]) { numbers[id] = InvoiceNumber(number) }
        }
        return numbers
    }

    /// Invoices dunned by `day` and settled from `since` through it: a run lists them as paid.
    public func recentlySettledDunned(
        since: Day, on day: Day
    ) throws -> [(invoice: InvoiceNumber, customer: CustomerCode, settledOn: Day)] {
        guard try anyInvoiceDunned() else { return [] }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT i.number, c.code, i.settled_on FROM invoice_dunning d JOIN invoice i ON i.id = d.invoice_id
                JOIN customer c ON c.id = i.customer_id
                WHERE i.open_cents = 0 AND i.settled_on >= ?1 AND i.settled_on <= ?2
                  AND EXISTS (SELECT 1 FROM dunning_item di JOIN dunning_notice n ON n.id = di.notice_id
                              WHERE di.invoice_id = i.id AND n.day <= ?2)
                ORDER BY i.number
                """, arguments: [since.iso, day.iso]
        ).map { (InvoiceNumber($0[0] as String), CustomerCode($0[1] as String), Day(iso: $0[2] as String)!) }
    }

    /// Promises broken (or partly kept) from `from` through `to`, as they stood at the close of
    /// `to`, per customer id.
    public func brokenPromiseCounts(from: Day, to: Day) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for (promise, customerID, _) in try promiseKeys(
            "p.made_on <= ?1 AND date(p.due_on, '+' || (p.grace_days + 1) || ' days') BETWEEN ?2 AND ?1",
            [to.iso, from.iso])
        {
            switch try promiseState(promise, on: to) {
            case .broken, .partlyKept: counts[customerID, default: 0] += 1
            case .pending, .kept: break
            }
        }
        return counts
    }

    /// Promises pending at the close of `day`, per customer id.
    public func openPromiseCounts(on day: Day) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for (_, customerID, _) in try pendingPromiseKeys(on: day) { counts[customerID, default: 0] += 1 }
        return counts
    }

    /// Each customer's last contact on or before `day`.
    public func lastContacts(on day: Day) throws -> [Int64: (day: Day, outcome: String)] {
        var last: [Int64: (day: Day, outcome: String)] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT customer_id, day, outcome FROM contact c
                WHERE id = (SELECT id FROM contact WHERE customer_id = c.customer_id AND day <= ?1
                            ORDER BY day DESC, id DESC LIMIT 1)
                """, arguments: [day.iso])
        {
            if let day = Day(iso: row[1] as String) { last[row[0]] = (day, row[2]) }
        }
        return last
    }
}

extension LedgerReader {
    /// Like ``scanOpenInvoices(on:_:)``, with each invoice's number (in the indexes too).
    public func scanOpenInvoiceNumbers(on day: Day, _ body: (OpenRow, InvoiceNumber) -> Void) throws {
        let later = try reductionsAfter(day)
        try Self.scanOpen(db, day: day, later: later, customers: Int64.min..<Int64.max) { row, handle in
            body(row, InvoiceNumber(columnText(handle, 5) ?? ""))
        }
    }

    /// The invoices of a range of customers open at the close of `day`, in customer order: those
    /// open now, with `later` (the reductions dated after the day) added back, and, when
    /// anything was reduced after the day, those settled since, merged in customer order. Both
    /// statements give id, customer, due day, open amount, currency and number; `body` also
    /// gets the row to read further columns from.
    static func scanOpen(
        _ db: Database, day: Day, later: RowIDMap<Int64>, customers: Range<Int64>,
        _ body: (OpenRow, OpaquePointer) -> Void
    ) throws {
        let currencies = CurrencyColumn()
        func emit(_ row: OpaquePointer) {
            let id = columnInt(row, 0)
            let cents = columnInt(row, 3) + (later.isEmpty ? 0 : later[id] ?? 0)
            guard cents > 0, let due = columnDay(row, 2) else { return }
            body(
                OpenRow(
                    invoiceID: id, customerID: columnInt(row, 1), dueDate: due,
                    open: Money(minorUnits: cents, currency: currencies.currency(row, 4))),
                row)
        }
        func bound(_ statement: BulkStatement) -> BulkStatement {
            statement.bind(1, day)
            statement.bind(2, customers.lowerBound)
            statement.bind(3, customers.upperBound)
            return statement
        }
        let open = bound(try BulkStatement(db, openInvoicesSQL))
        // Nothing reduced after the day: nothing settled since either.
        let settled = later.isEmpty ? nil : bound(try BulkStatement(db, settledAfterSQL))
        var settledRow = try settled?.step() ?? false
        // Settled invoices of customers up to `customer` go before that customer's open ones.
        func settledUpTo(_ customer: Int64) throws {
            while settledRow, let settled, columnInt(settled.row, 1) <= customer {
                emit(settled.row)
                settledRow = try settled.step()
            }
        }
        var current = Int64.min
        while try open.step() {
            let customer = columnInt(open.row, 1)
            if customer != current {
                try settledUpTo(customer)
                current = customer
            }
            emit(open.row)
        }
        try settledUpTo(Int64.max)
    }
}

extension LedgerReader {
    /// From how many invoices the scan below reads on several connections: opening one costs
    /// about 2 ms (SQLite reads the schema), scanning a million open invoices 0.2-0.3 s.
    public static let parallelScanMinimum: Int64 = 100_000

    /// Every open invoice, in customer order, read on `parts` connections at once when the ledger
    /// is big enough (one per core: the scans of the collection reports are CPU-bound), each over
    /// its own range of customer ids. `add` gets each row of a part, in customer order, with
    /// that part's value from `make`; the parts come back in customer order.
    ///
    /// The other connections see the committed ledger. In a write transaction that is what this
    /// one sees too, as long as it has not changed invoices yet (no other process can commit
    /// while it holds the write lock). In a read, every connection checks that the journal ends
    /// where this one's does (every commit appends to it); if another process committed in
    /// between, the scan runs here alone.
    public func scanOpenInvoices<Part: Sendable>(
        on day: Day, parts wanted: Int, minimumInvoices: Int64?, make: @Sendable () -> Part,
        add: @Sendable (inout Part, OpenRow) -> Void
    ) throws -> [Part] {
        let later = try reductionsAfter(day)
        func alone() throws -> [Part] {
            var part = make()
            try Self.scanOpen(db, day: day, later: later, customers: Int64.min..<Int64.max) { row, _ in
                add(&part, row)
            }
            return [part]
        }
        guard wanted > 1, let file,
            try Int64.fetchOne(db, sql: "SELECT max(id) FROM invoice") ?? 0
                >= (minimumInvoices ?? Self.parallelScanMinimum),
            let lastCustomer = try Int64.fetchOne(db, sql: "SELECT max(id) FROM customer")
        else { return try alone() }
        let end = try sharedSnapshot()
        // Customer ids are dense and their invoices spread evenly enough: equal ranges of ids.
        let bounds = (0...wanted).map { $0 == wanted ? Int64.max : 1 + (lastCustomer * Int64($0)) / Int64(wanted) }
        let results = Mutex<[Result<Part?, any Error>?]>(Array(repeating: nil, count: wanted))
        DispatchQueue.concurrentPerform(iterations: wanted) { index in
            let result = Result<Part?, any Error> {
                try Self.readAlongside(file: file, end: end) { db -> Part in
                    var part = make()
                    let customers = (index == 0 ? Int64.min : bounds[index])..<bounds[index + 1]
                    try Self.scanOpen(db, day: day, later: later, customers: customers) { row, _ in add(&part, row) }
                    return part
                }
            }
            results.withLock { $0[index] = result }
        }
        var parts: [Part] = []
        for result in results.withLock({ $0 }) {
            guard let part = try result?.get() else { return try alone() }
            parts.append(part)
        }
        return parts
    }
}

extension LedgerReader {
    /// How many invoices are open now, through the partial index of open invoices: the size of
    /// a dunning run's scan, for its progress line.
    public func openInvoiceCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM invoice WHERE open_cents > 0") ?? 0
    }
}

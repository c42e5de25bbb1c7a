import Complaints
import Foundation
import LedgerPort
import Receivables

// The collection scans on PostgreSQL: the SQLite engine's reads (CollectionQueries.swift,
// `reductionsAfter` in DatedFacts.swift) as one statement each. The scans of every open invoice
// stream their rows (single-row mode), so that a million open invoices are never held at once,
// and come in the SQLite engine's order: by customer, a customer's invoices settled since the
// day first (by settled day, due day, issue day, currency, amount, number), then those open now
// (by due day, open amount, currency, number), the orders of its two partial indexes.

extension PostgresReader: CollectionScanReading {
    public func scanOpenInvoices(on day: Day, _ body: (OpenRow) -> Void) throws {
        try scanOpen(on: day) { row, _ in body(row) }
    }

    public func customerKeys() throws -> [Int64: CustomerKeys] {
        var keys: [Int64: CustomerKeys] = [:]
        keys.reserveCapacity(Int(try db.integer("SELECT count(*) FROM customer")))
        try db.stream("SELECT id, code, country, collector FROM customer") { row in
            guard let id = row.int(0) else { return }
            keys[id] = CustomerKeys(
                code: CustomerCode(row.text(1) ?? ""), country: row.text(2), collector: row.text(3).map(PersonKey.init))
        }
        return keys
    }

    public func customerBriefs(_ ids: some Collection<CustomerKey>) throws -> [Int64: CustomerBrief] {
        var briefs: [Int64: CustomerBrief] = [:]
        for row in try customers(ids, Self.briefColumns) { briefs[row.int("id")] = Self.brief(row) }
        return briefs
    }

    public func customerBriefs(codes: some Collection<CustomerCode>) throws -> [CustomerCode: CustomerBrief] {
        guard !codes.isEmpty else { return [:] }
        var briefs: [CustomerCode: CustomerBrief] = [:]
        for row in try db.rows(
            "SELECT id, \(Self.briefColumns) FROM customer WHERE code = ANY($1::text[])",
            [PostgresArray.text(Set(codes.map(\.text)))])
        {
            briefs[CustomerCode(row.text("code"))] = Self.brief(row)
        }
        return briefs
    }

    public func customerCodes(_ ids: some Collection<CustomerKey>) throws -> [Int64: CustomerCode] {
        var codes: [Int64: CustomerCode] = [:]
        for row in try customers(ids, "code") { codes[row.int("id")] = CustomerCode(row.text("code")) }
        return codes
    }

    public func customerNames(_ ids: some Collection<CustomerKey>) throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for row in try customers(ids, "name") { names[row.int("id")] = row.text("name") }
        return names
    }

    public func heldSet(on day: Day) throws -> HeldSet {
        var set = HeldSet()
        try db.stream(
            "SELECT invoice_id, customer_id, amount_cents FROM hold h WHERE \(OnDaySQL.activeHold("h", day: "$1"))",
            [day.iso]
        ) { row in
            if let customer = row.int(1) {
                set.hold(customer: customer)
            } else if let invoice = row.int(0) {
                set.hold(invoice: invoice, amount: row.int(2))
            }
        }
        return set
    }

    public func promisedSet(on day: Day) throws -> PromisedSet {
        var set = PromisedSet()
        for promise in try pendingPromiseFacts(on: day) {
            if promise.invoiceIDs.isEmpty {
                set.promise(customer: promise.customerID, until: promise.pausesUntil)
            } else {
                for invoice in promise.invoiceIDs { set.promise(invoice: invoice, until: promise.pausesUntil) }
            }
        }
        return set
    }

    public func unappliedByCustomer(on day: Day) throws -> [Int64: [Currency: Money]] {
        var cash: [Int64: [Currency: Money]] = [:]
        // A payment had cash unapplied that day when it has some now or was applied after it.
        for row in try db.rows(
            """
            SELECT p.customer_id, p.currency, sum(p.amount_cents - (SELECT coalesce(sum(a.amount_cents), 0)
                FROM payment_application a WHERE a.payment_id = p.id AND a.applied_on <= $1))::bigint AS cents
            FROM payment p
            WHERE p.customer_id IS NOT NULL AND p.received_on <= $1 AND (p.unapplied_cents > 0
                OR p.id IN (SELECT payment_id FROM payment_application WHERE applied_on > $1))
            GROUP BY p.customer_id, p.currency
            """, [day.iso])
        {
            guard let currency = Currency(code: row.text("currency")), row.int("cents") > 0 else { continue }
            cash[row.int("customer_id"), default: [:]][currency] = Money(
                minorUnits: row.int("cents"), currency: currency)
        }
        return cash
    }

    public func lastSteps(on day: Day) throws -> RowIDMap<StepRecord> {
        var steps = RowIDMap<StepRecord>()
        guard
            let lastRun = try db.row(
                "SELECT EXISTS (SELECT 1 FROM invoice_dunning) AS dunned, (SELECT max(day) FROM dunning_notice) AS last_run"
            )
        else { return steps }
        guard lastRun.bool("dunned") else { return steps }
        let sql =
            lastRun.optionalDay("last_run").map { $0 <= day } ?? true
            ? """
            SELECT d.invoice_id, d.position, d.step, d.day FROM invoice_dunning d
            JOIN invoice i ON i.id = d.invoice_id WHERE i.open_cents > 0 OR i.settled_on > $1
            """
            : """
            SELECT di.invoice_id, n.position, n.step, n.day FROM dunning_notice n
            JOIN dunning_item di ON di.notice_id = n.id WHERE n.day <= $1 ORDER BY n.day, n.id
            """
        try db.stream(sql, [day.iso]) { row in
            guard let invoice = row.int(0), let stepDay = row.day(3) else { return }
            steps[invoice] = StepRecord(position: Int(row.int(1) ?? 0), code: row.text(2) ?? "", day: stepDay)
        }
        return steps
    }

    public func holdEnds(on day: Day) throws -> (invoices: RowIDMap<Day>, customers: RowIDMap<Day>) {
        var invoices = RowIDMap<Day>()
        var customers = RowIDMap<Day>()
        for row in try db.rows(
            """
            SELECT invoice_id, customer_id,
                max(least(coalesce(released_on, '9999-12-31'), coalesce(until, '9999-12-31'))) AS ended
            FROM hold
            WHERE least(coalesce(released_on, '9999-12-31'), coalesce(until, '9999-12-31')) <= $1
            GROUP BY invoice_id, customer_id
            """, [day.iso])
        {
            guard let ended = row.optionalDay("ended") else { continue }
            if let invoice = row.optionalInt("invoice_id") { invoices[invoice] = ended }
            if let customer = row.optionalInt("customer_id") { customers[customer] = ended }
        }
        return (invoices, customers)
    }

    public func invoiceNumbers(_ ids: [Int64]) throws -> [Int64: InvoiceNumber] {
        guard !ids.isEmpty else { return [:] }
        var numbers: [Int64: InvoiceNumber] = [:]
        for row in try db.rows("SELECT id, number FROM invoice WHERE id = ANY($1::bigint[])", [PostgresArray.int(ids)])
        {
            numbers[row.int("id")] = InvoiceNumber(row.text("number"))
        }
        return numbers
    }

    public func recentlySettledDunned(
        since: Day, on day: Day
    ) throws -> [(invoice: InvoiceNumber, customer: CustomerCode, settledOn: Day)] {
        try db.rows(
            """
            SELECT i.number, c.code, i.settled_on FROM invoice_dunning d JOIN invoice i ON i.id = d.invoice_id
            JOIN customer c ON c.id = i.customer_id
            WHERE i.open_cents = 0 AND i.settled_on >= $1 AND i.settled_on <= $2
              AND EXISTS (SELECT 1 FROM dunning_item di JOIN dunning_notice n ON n.id = di.notice_id
                          WHERE di.invoice_id = i.id AND n.day <= $2)
            ORDER BY i.number
            """, [since.iso, day.iso]
        ).map { (InvoiceNumber($0.text("number")), CustomerCode($0.text("code")), $0.day("settled_on")) }
    }

    public func brokenPromiseCounts(from: Day, to: Day) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for promise in try promiseFacts(
            where:
                "p.made_on <= $1 AND p.due_on::date + (p.grace_days + 1)::integer BETWEEN $2::text::date AND $1::text::date",
            [to.iso, from.iso], asOf: to)
        {
            switch promise.state {
            case .broken, .partlyKept: counts[promise.customerID, default: 0] += 1
            case .pending, .kept: break
            }
        }
        return counts
    }

    public func openPromiseCounts(on day: Day) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for promise in try pendingPromiseFacts(on: day) { counts[promise.customerID, default: 0] += 1 }
        return counts
    }

    public func lastContacts(on day: Day) throws -> [Int64: (day: Day, outcome: String)] {
        var last: [Int64: (day: Day, outcome: String)] = [:]
        for row in try db.rows(
            """
            SELECT DISTINCT ON (customer_id) customer_id, day, outcome FROM contact
            WHERE day <= $1 ORDER BY customer_id, day DESC, id DESC
            """, [day.iso])
        {
            if let contactDay = row.optionalDay("day") {
                last[row.int("customer_id")] = (contactDay, row.text("outcome"))
            }
        }
        return last
    }

    public func scanOpenInvoiceNumbers(on day: Day, _ body: (OpenRow, InvoiceNumber) -> Void) throws {
        try scanOpen(on: day) { row, values in body(row, InvoiceNumber(values.text(5) ?? "")) }
    }

    /// One part, read here: the server does the work of the scan's query, and the rows come to
    /// this one connection as fast as the use case adds them up.
    public func scanOpenInvoices<Part: Sendable>(
        on day: Day, parts wanted: Int, minimumInvoices: InvoiceKey?, make: @Sendable () -> Part,
        add: @Sendable (inout Part, OpenRow) -> Void
    ) throws -> [Part] {
        var part = make()
        try scanOpen(on: day) { row, _ in add(&part, row) }
        return [part]
    }

    public func openInvoiceCount() throws -> Int {
        Int(try db.integer("SELECT count(*) FROM invoice WHERE open_cents > 0"))
    }

    public func reductionsAfter(_ day: Day) throws -> RowIDMap<Int64> {
        var later = RowIDMap<Int64>()
        try db.stream(
            """
            SELECT invoice_id, sum(cents)::bigint FROM (
                SELECT invoice_id, amount_cents AS cents FROM payment_application WHERE applied_on > $1
                UNION ALL SELECT invoice_id, amount_cents FROM credit_application WHERE applied_on > $1
                UNION ALL SELECT invoice_id, amount_cents FROM write_off WHERE written_on > $1
            ) AS r GROUP BY invoice_id
            """, [day.iso]
        ) { row in
            if let id = row.int(0) { later[id] = row.int(1) ?? 0 }
        }
        return later
    }
}

extension PostgresReader {
    /// Every invoice open at the close of `day`, in the scans' order (see the top of this file),
    /// with its number: one streamed query. When nothing was reduced after the day (the day of
    /// the last fact, or later), what is open now is what was open then, read in the order of
    /// the partial index of open invoices; else the reductions after the day are added back
    /// per invoice, and the invoices settled since join in. `body` also gets the row, whose
    /// column 5 is the invoice's number.
    func scanOpen(on day: Day, _ body: (OpenRow, PostgresStreamedRow) -> Void) throws {
        let reducedAfter =
            try db.value(
                """
                SELECT EXISTS (SELECT 1 FROM payment_application WHERE applied_on > $1)
                    OR EXISTS (SELECT 1 FROM credit_application WHERE applied_on > $1)
                    OR EXISTS (SELECT 1 FROM write_off WHERE written_on > $1)
                """, [day.iso]) == "t"
        let sql =
            reducedAfter
            ? """
            WITH later AS (
                SELECT invoice_id, sum(cents)::bigint AS cents FROM (
                    SELECT invoice_id, amount_cents AS cents FROM payment_application WHERE applied_on > $1
                    UNION ALL SELECT invoice_id, amount_cents FROM credit_application WHERE applied_on > $1
                    UNION ALL SELECT invoice_id, amount_cents FROM write_off WHERE written_on > $1
                ) AS r GROUP BY invoice_id
            ), candidate AS (
                SELECT 1 AS open_now, id, customer_id, due_date, open_cents, currency, number, issue_date, settled_on,
                    amount_cents
                FROM invoice WHERE open_cents > 0 AND issue_date <= $1
                UNION ALL
                SELECT 0, id, customer_id, due_date, open_cents, currency, number, issue_date, settled_on, amount_cents
                FROM invoice WHERE open_cents = 0 AND settled_on > $1 AND issue_date <= $1
            )
            SELECT i.id, i.customer_id, i.due_date, i.open_cents + coalesce(l.cents, 0), i.currency, i.number
            FROM candidate i LEFT JOIN later l ON l.invoice_id = i.id
            ORDER BY i.customer_id, i.open_now,
                CASE WHEN i.open_now = 0 THEN i.settled_on END, i.due_date,
                CASE WHEN i.open_now = 0 THEN i.issue_date END, CASE WHEN i.open_now = 1 THEN i.open_cents END,
                i.currency, CASE WHEN i.open_now = 0 THEN i.amount_cents END, i.number
            """
            : """
            SELECT id, customer_id, due_date, open_cents, currency, number FROM invoice
            WHERE open_cents > 0 AND issue_date <= $1
            ORDER BY customer_id, due_date, open_cents, currency, number
            """
        var currencies = CurrencyCache()
        try db.stream(sql, [day.iso]) { row in
            guard let id = row.int(0), let customer = row.int(1), let cents = row.int(3), cents > 0,
                let due = row.day(2)
            else { return }
            body(
                OpenRow(
                    invoiceID: id, customerID: customer, dueDate: due,
                    open: Money(minorUnits: cents, currency: currencies.currency(row, 4))),
                row)
        }
    }

    static let briefColumns = "code, name, country, phone, collector, sales_rep, language"

    static func brief(_ row: PostgresRow) -> CustomerBrief {
        CustomerBrief(
            code: CustomerCode(row.text("code")), name: row.text("name"), country: row["country"],
            phone: row["phone"], collector: row["collector"].map(PersonKey.init),
            salesRep: row["sales_rep"].map(PersonKey.init), language: Language(rawValue: row.text("language")) ?? .en)
    }

    /// Some customers' `columns` (with their id): those asked for, or, when many are, the whole
    /// table read once and kept for those (one scan beats a long array of ids).
    private func customers(_ ids: some Collection<CustomerKey>, _ columns: String) throws -> [PostgresRow] {
        guard !ids.isEmpty else { return [] }
        let sql = "SELECT id, \(columns) FROM customer"
        if ids.count > 2_000 {
            let wanted = Set(ids)
            return try db.rows(sql).filter { wanted.contains($0.int("id")) }
        }
        return try db.rows(sql + " WHERE id = ANY($1::bigint[])", [PostgresArray.int(Set(ids))])
    }
}

/// Currencies by code, remembering the last one by its bytes: scans read a million rows that
/// nearly all share one currency.
struct CurrencyCache {
    /// The last ISO 4217 code read, its three bytes packed, and its currency.
    private var last: (code: UInt32, currency: Currency)?

    mutating func currency(_ row: PostgresStreamedRow, _ column: Int32) -> Currency {
        let packed = row.withBytes(column) { bytes -> UInt32? in
            bytes.count == 3 ? UInt32(bytes[0]) << 16 | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) : nil
        }
        if let packed, let code = packed, let last, last.code == code { return last.currency }
        let currency = Currency(code: row.text(column) ?? "") ?? .EUR
        if let packed, let code = packed { last = (code, currency) }
        return currency
    }
}

extension PostgresStreamedRow {
    /// The value as a day, parsed from its bytes in place; `nil` for NULL or what is not one.
    func day(_ column: Int32) -> Day? { withBytes(column, Day.parseISO) ?? nil }
}

/// A promise as the scans and the KPIs need it: who made it, what it names, until when it
/// pauses dunning, and where it stood on the day it was judged.
struct PromiseFact {
    var id: Int64
    var customerID: Int64
    var currency: Currency
    var invoiceIDs: [Int64]
    var pausesUntil: Day
    var state: PromiseState
}

extension PostgresReader {
    /// Promises pending at the close of `day`: made by then, their last day (the promised day
    /// plus grace) not passed, and not yet kept by the payments that count towards them.
    func pendingPromiseFacts(on day: Day) throws -> [PromiseFact] {
        try promiseFacts(
            where: "p.made_on <= $1 AND p.due_on::date + p.grace_days::integer >= $1::text::date", [day.iso], asOf: day
        ).filter { $0.state == .pending }
    }

    /// The promises matching an SQL condition on `p` (`$1`… bound to `parameters`), in id
    /// order, each judged on `asOf` by the domain's evaluation of the payments that count towards
    /// it (as the SQLite engine's `promisePayments`): applied to its invoices by `asOf`, or, for
    /// a promise naming no invoice, all the customer's payments in its currency, received from
    /// the day it was made up to `asOf`. Three statements, whatever the number of promises.
    func promiseFacts(where condition: String, _ parameters: [String?], asOf: Day) throws -> [PromiseFact] {
        let rows = try db.rows(
            """
            SELECT p.id, p.customer_id, p.currency, p.amount_cents, p.made_on, p.due_on, p.grace_days
            FROM promise p JOIN customer c ON c.id = p.customer_id WHERE \(condition) ORDER BY p.id
            """, parameters)
        guard !rows.isEmpty else { return [] }
        let ids = PostgresArray.int(rows.map { $0.int("id") })
        var invoices: [Int64: [Int64]] = [:]
        for row in try db.rows(
            "SELECT promise_id, invoice_id FROM promise_invoice WHERE promise_id = ANY($1::bigint[])", [ids])
        {
            invoices[row.int("promise_id"), default: []].append(row.int("invoice_id"))
        }
        var payments: [Int64: [(day: Day, cents: Int64)]] = [:]
        for row in try db.rows(
            """
            WITH wanted AS (
                SELECT p.id, p.customer_id, p.currency, p.made_on,
                    EXISTS (SELECT 1 FROM promise_invoice pi WHERE pi.promise_id = p.id) AS names_invoices
                FROM promise p WHERE p.id = ANY($1::bigint[])
            )
            SELECT w.id AS promise_id, pay.received_on, pay.amount_cents AS cents
            FROM wanted w JOIN payment pay ON pay.customer_id = w.customer_id AND pay.currency = w.currency
            WHERE NOT w.names_invoices AND pay.received_on BETWEEN w.made_on AND $2
            UNION ALL
            SELECT w.id, pay.received_on, sum(a.amount_cents)::bigint
            FROM wanted w JOIN promise_invoice pi ON pi.promise_id = w.id
            JOIN payment_application a ON a.invoice_id = pi.invoice_id JOIN payment pay ON pay.id = a.payment_id
            WHERE pay.received_on BETWEEN w.made_on AND $2 AND a.applied_on <= $2
            GROUP BY w.id, pay.id, pay.received_on
            """, [ids, asOf.iso])
        {
            guard let received = row.optionalDay("received_on") else { continue }
            payments[row.int("promise_id"), default: []].append((received, row.int("cents")))
        }
        return rows.map { row in
            let id = row.int("id")
            let currency = row.currency("currency")
            let promise = PromiseToPay(
                id: PromiseID(rawValue: id), customer: CustomerCode(""),
                amount: Money(minorUnits: row.int("amount_cents"), currency: currency), madeOn: row.day("made_on"),
                dueOn: row.day("due_on"), graceDays: row.count("grace_days"), invoices: [])
            let paid = (payments[id] ?? []).map {
                (day: $0.day, amount: Money(minorUnits: $0.cents, currency: currency))
            }
            return PromiseFact(
                id: id, customerID: row.int("customer_id"), currency: currency, invoiceIDs: invoices[id] ?? [],
                pausesUntil: promise.pausesUntil, state: promise.evaluate(payments: paid, asOf: asOf))
        }
    }
}

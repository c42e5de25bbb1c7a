import GRDB
import GRDBSQLite
import LedgerPort
import Receivables

// The aggregates behind `dun report kpi` (SPEC §4 "KPIs"), in SQL, one currency at a time.
//
// Receivables of any day are sums over `ar_movement`, which adds up per currency, day and due day
// what was issued (on the issue day) and what was reduced (payments applied, credit notes applied,
// write-offs, each on the day it took effect): the receivables open at the close of day D are
// everything issued by D less everything reduced by D, the current part of them the same for
// due days on or after D. Its size grows with days, not invoices.

extension LedgerReader {
    /// Receivables open at the close of `day`, per currency: what was issued by then less what
    /// was reduced by then, from the receivables' movements.
    public func openReceivables(on day: Day) throws -> [Currency: OpenReceivables] {
        var out: [Currency: OpenReceivables] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT currency, sum(issued_cents - reduced_cents) AS total,
                        sum(CASE WHEN due_date >= ?1 THEN issued_cents - reduced_cents ELSE 0 END) AS current
                    FROM ar_movement WHERE day <= ?1 GROUP BY currency
                    """), arguments: [day.iso])
        {
            guard let currency = Currency(code: row["currency"]) else { continue }
            out[currency] = OpenReceivables(total: row["total"], current: row["current"])
        }
        return out
    }

    /// The part of the AR open at the close of `day` that disputes open that day are about: per
    /// invoice, the amounts those disputes name, capped at what was still open of it.
    public func disputedReceivables(on day: Day) throws -> [Currency: Int64] {
        var out: [Currency: Int64] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    WITH named AS (
                        SELECT di.invoice_id, sum(di.amount_cents) AS cents
                        FROM dispute_invoice di JOIN dispute d ON d.id = di.dispute_id
                        WHERE \(OnDaySQL.disputeOpen("d", day: "?1"))
                        GROUP BY di.invoice_id
                    )
                    SELECT i.currency, sum(min(\(OnDaySQL.open("i", day: "?1")), n.cents)) AS disputed
                    FROM named n JOIN invoice i ON i.id = n.invoice_id
                    GROUP BY i.currency
                    """), arguments: [day.iso])
        {
            guard let currency = Currency(code: row["currency"]) else { continue }
            out[currency] = row["disputed"]
        }
        return out
    }

    /// Invoices issued between two days (inclusive), per currency: credit sales.
    public func creditSales(from: Day, to: Day) throws -> [Currency: Int64] {
        var out: [Currency: Int64] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT currency, sum(issued_cents) AS sales FROM ar_movement
                    WHERE day BETWEEN ? AND ? GROUP BY currency
                    """), arguments: [from.iso, to.iso])
        {
            guard let currency = Currency(code: row["currency"]) else { continue }
            out[currency] = row["sales"]
        }
        return out
    }

    /// Credit sales per calendar month (`YYYY-MM`) and currency, of invoices issued up to `day`.
    public func monthlySales(through day: Day) throws -> [Currency: [String: Int64]] {
        var out: [Currency: [String: Int64]] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT currency, substr(day, 1, 7) AS month, sum(issued_cents) AS sales FROM ar_movement
                    WHERE day <= ? AND issued_cents <> 0 GROUP BY currency, month
                    """), arguments: [day.iso])
        {
            guard let currency = Currency(code: row["currency"]) else { continue }
            out[currency, default: [:]][row["month"]] = row["sales"]
        }
        return out
    }

    /// Invoices whose open amount reached zero between two days (inclusive) and that received at
    /// least one payment — those closed only by credit notes or write-offs were never paid — with
    /// whether a dispute opened by `to` named them.
    public func settledInvoices(from: Day, to: Day) throws -> [SettledInvoice] {
        // Read straight into the small values: a month can settle hundreds of thousands.
        let statement = try BulkStatement(
            db,
            """
            SELECT i.currency, i.amount_cents, i.issue_date, i.due_date, i.settled_on,
                EXISTS (SELECT 1 FROM dispute_invoice di JOIN dispute d ON d.id = di.dispute_id
                        WHERE di.invoice_id = i.id AND d.opened_on <= ?2) AS disputed
            FROM invoice i
            WHERE i.open_cents = 0 AND i.settled_on BETWEEN ?1 AND ?2
              AND EXISTS (SELECT 1 FROM payment_application a WHERE a.invoice_id = i.id)
            ORDER BY i.id
            """)
        statement.bind(1, from.iso)
        statement.bind(2, to.iso)
        let currencies = CurrencyColumn()
        var settled: [SettledInvoice] = []
        try statement.each { row in
            guard let issued = columnDay(row, 2), let due = columnDay(row, 3), let paid = columnDay(row, 4) else {
                return
            }
            settled.append(
                SettledInvoice(
                    amount: Money(minorUnits: columnInt(row, 1), currency: currencies.currency(row, 0)),
                    issuedOn: issued, dueOn: due, settledOn: paid, disputed: columnInt(row, 5) != 0))
        }
        return settled
    }

    /// Disputes resolved between two days (inclusive), per currency of the disputed amount.
    public func disputeResolutions(from: Day, to: Day) throws -> [Currency: [DisputeResolution]] {
        var out: [Currency: [DisputeResolution]] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT d.currency, d.category, d.opened_on, r.resolved_on
                    FROM dispute_resolution r JOIN dispute d ON d.id = r.dispute_id
                    WHERE r.resolved_on BETWEEN ? AND ? ORDER BY r.dispute_id, r.id
                    """), arguments: [from.iso, to.iso])
        {
            guard let currency = Currency(code: row["currency"]) else { continue }
            out[currency, default: []].append(
                DisputeResolution(
                    category: row["category"], openedOn: Day(iso: row["opened_on"] as String)!,
                    resolvedOn: Day(iso: row["resolved_on"] as String)!))
        }
        return out
    }

    /// The cash holds blocked on each day from `from` through `to`, per currency, by the rules of
    /// ``holdTotals(on:)`` (each invoice once, a partial hold up to its amount, a customer hold
    /// all the customer's open invoices) applied to the open amounts of that day.
    ///
    /// Worked out in Swift from three reads: the holds active at some point of the span, the
    /// invoices they cover, and the reductions of those invoices; each day's balances come from
    /// the domain's rule.
    public func blockedByHolds(from: Day, through to: Day) throws -> [Currency: [Day: Int64]] {
        guard from <= to else { return [:] }
        let span = to.ordinal - from.ordinal + 1
        let active = "placed_on <= ?2 AND (released_on IS NULL OR released_on > ?1) AND (until IS NULL OR until > ?1)"
        var holds: [HeldCash.Span] = []
        let readHolds = try BulkStatement(
            db, "SELECT invoice_id, customer_id, amount_cents, placed_on, released_on, until FROM hold WHERE \(active)")
        readHolds.bind(1, from)
        readHolds.bind(2, to)
        try readHolds.each { row in
            guard let placed = columnDay(row, 3) else { return }
            let hold = Hold(
                id: HoldID(rawValue: 0), target: .customer(CustomerCode("")), reason: "", placedOn: placed,
                until: columnDay(row, 5), state: columnDay(row, 4).map { .released(on: $0, note: nil) } ?? .placed)
            func optional(_ index: Int32) -> Int64? {
                sqlite3_column_type(row, index) == SQLITE_NULL ? nil : columnInt(row, index)
            }
            holds.append(
                HeldCash.Span(
                    invoice: optional(0), customer: optional(1), amount: optional(2), hold: hold, from: from,
                    days: span))
        }
        guard !holds.isEmpty else { return [:] }
        // The invoices covered: those held themselves (one read), and those of held customers
        // that may have been open on some day of the span (on the customer's index).
        var balances: [Int64: HeldCash.Balance] = [:]
        func read(_ statement: BulkStatement) throws {
            let currencies = CurrencyColumn()
            try statement.each { row in
                guard let issued = columnDay(row, 2) else { return }
                balances[columnInt(row, 0)] = HeldCash.Balance(
                    currency: currencies.currency(row, 1), issuedOn: issued, opening: columnInt(row, 3),
                    customer: columnInt(row, 4), lastReducedOn: columnDay(row, 5))
            }
        }
        let columns = "id, currency, issue_date, open_cents, customer_id, last_reduced_on"
        let heldInvoices = try BulkStatement(
            db,
            "SELECT \(columns) FROM invoice WHERE id IN (SELECT invoice_id FROM hold WHERE invoice_id IS NOT NULL AND \(active))"
        )
        heldInvoices.bind(1, from)
        heldInvoices.bind(2, to)
        try read(heldInvoices)
        let customerInvoices = try BulkStatement(
            db, "SELECT \(columns) FROM (\(OnDaySQL.candidates(columns, day: "?1", through: "?3", customer: "?2")))")
        for customer in Set(holds.compactMap(\.customer)) {
            customerInvoices.bind(1, from)
            customerInvoices.bind(2, customer)
            customerInvoices.bind(3, to)
            try read(customerInvoices)
        }
        // Open on a day of the span = open now + what reduced it after that day: only invoices
        // reduced in the span or later need their reductions read.
        let reducedSince = balances.compactMap { id, balance in
            balance.lastReducedOn.map { $0 >= from } == true ? id : nil
        }
        for (id, found) in try reductions(of: reducedSince, since: from) {
            balances[id]!.reductions = found
            balances[id]!.opening += found.reduce(0) { $0 + $1.cents }
        }
        return HeldCash.daily(holds: holds, balances: balances, from: from, days: span)
    }

    /// Promises whose last day (promised day plus grace) falls between two days (inclusive),
    /// per currency, judged on `to`: one whose grace ends on `to` itself and is not yet paid is
    /// still pending and not counted.
    public func promiseTallies(from: Day, to: Day) throws -> [Currency: PromiseTally] {
        var out: [Currency: PromiseTally] = [:]
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT p.*, c.code FROM promise p JOIN customer c ON c.id = p.customer_id
                    WHERE date(p.due_on, '+' || p.grace_days || ' days') BETWEEN ? AND ? ORDER BY p.id
                    """), arguments: [from.iso, to.iso])
        for row in rows {
            let promise = try promise(row: row)
            let state = promise.evaluate(payments: try promisePayments(promise, asOf: to), asOf: to)
            var tally = out[promise.amount.currency] ?? PromiseTally()
            switch state {
            case .pending: continue
            case .kept: tally.kept += 1
            case .partlyKept: tally.partlyKept += 1
            case .broken: tally.broken += 1
            }
            out[promise.amount.currency] = tally
        }
        return out
    }

    /// Everything the KPIs of `period` are computed from, one set per currency that had
    /// receivables or sales in it (the base currency always, so that an empty ledger still
    /// answers), in currency-code order.
    ///
    /// `blocked`, when given, holds ``blockedByHolds(from:through:)`` of a span covering the
    /// period (read once for reports that take the KPIs of overlapping periods).
    public func kpiInputs(
        period: KPIPeriod, annualRateBasisPoints: Int, baseCurrency: Currency,
        blocked spanBlocked: [Currency: [Day: Int64]]?
    ) throws -> [KPIInputs] {
        let start = try openReceivables(on: period.start - 1)
        let end = try openReceivables(on: period.end)
        let sales = try creditSales(from: period.start, to: period.end)
        let monthly = try monthlySales(through: period.end)
        let settled = Dictionary(
            grouping: try settledInvoices(from: period.start, to: period.end), by: \.amount.currency)
        let resolutions = try disputeResolutions(from: period.start, to: period.end)
        let disputed = try disputedReceivables(on: period.end)
        let blocked =
            try spanBlocked.map { $0.mapValues { $0.filter { period.start <= $0.key && $0.key <= period.end } } }
            ?? blockedByHolds(from: period.start, through: period.end)
        let promises = try promiseTallies(from: period.start, to: period.end)

        var currencies = Set([baseCurrency])
        for (currency, open) in start where open.total != 0 { currencies.insert(currency) }
        for (currency, open) in end where open.total != 0 { currencies.insert(currency) }
        for (currency, amount) in sales where amount != 0 { currencies.insert(currency) }

        // Countback DSO walks back month by month until AR is used up; it needs months back to
        // the oldest sale (nothing older can still be open).
        let months = KPIPeriod.calendarMonths(
            endingOn: period.end,
            count: LedgerReader.monthsBack(to: monthly.values.flatMap(\.keys).min(), from: period.end))

        return try currencies.sorted().map { currency in
            func money(_ cents: Int64?) -> Money { Money(minorUnits: cents ?? 0, currency: currency) }
            let perMonth = monthly[currency] ?? [:]
            let days = blocked[currency] ?? [:]
            return KPIInputs(
                period: period, currency: currency, arAtStart: money(start[currency]?.total),
                arAtEnd: money(end[currency]?.total), currentARAtEnd: money(end[currency]?.current),
                creditSales: money(sales[currency]),
                monthlySales: months.map { range in
                    MonthlySales(range, sales: money(perMonth[String(range.lowerBound.iso.prefix(7))]))
                },
                settled: settled[currency] ?? [], resolutions: resolutions[currency] ?? [],
                disputedOpenAR: money(disputed[currency]), heldAmountDays: try amountDays(days, currency: currency),
                heldAtEnd: money(days[period.end]), annualRateBasisPoints: annualRateBasisPoints,
                promises: promises[currency] ?? PromiseTally())
        }
    }

    /// The cash held day by day over a period, added up: amount-days, checked (a long period of
    /// large holds can pass what 64 bits hold even under the money ceiling).
    func amountDays(_ days: [Day: Int64], currency: Currency) throws -> Int64 {
        let sum = days.values.reduce(Int128(0)) { $0 + Int128($1) }
        guard let exact = Int64(exactly: sum) else {
            throw MoneyCeilingExceeded(
                description: "the cash held in \(currency.code) over this period adds up to more amount-days than "
                    + "64 bits hold; ask for a shorter period")
        }
        return exact
    }

    /// How many calendar months from the month of `oldest` (`YYYY-MM`) to the month of `day`,
    /// both included; 1 when there is no oldest month or it is not earlier.
    static func monthsBack(to oldest: String?, from day: Day) -> Int {
        guard let oldest, let first = Day(iso: oldest + "-01") else { return 1 }
        return max(1, (day.year - first.year) * 12 + day.month - first.month + 1)
    }
}

import Complaints
import Foundation
import LedgerPort
import Receivables

// The aggregates behind `dun kpi` and the weekly root-cause report on PostgreSQL: the SQLite
// engine's queries (KPIQueries.swift, ReportQueries.swift), one statement each where it looped.
// Receivables of any day are sums over `ar_movement` (per currency, day and due day, what was
// issued and what was reduced), so that they cost what the number of days costs.

extension PostgresReader: ReportReading {
    public func openReceivables(on day: Day) throws -> [Currency: OpenReceivables] {
        var out: [Currency: OpenReceivables] = [:]
        for row in try db.rows(
            """
            SELECT currency, sum(issued_cents - reduced_cents)::bigint AS total,
                sum(CASE WHEN due_date >= $1 THEN issued_cents - reduced_cents ELSE 0 END)::bigint AS current
            FROM ar_movement WHERE day <= $1 GROUP BY currency
            """, [day.iso])
        {
            guard let currency = Currency(code: row.text("currency")) else { continue }
            out[currency] = OpenReceivables(total: row.int("total"), current: row.int("current"))
        }
        return out
    }

    public func disputedReceivables(on day: Day) throws -> [Currency: Int64] {
        var out: [Currency: Int64] = [:]
        for row in try db.rows(
            """
            WITH named AS (
                SELECT di.invoice_id, sum(di.amount_cents) AS cents
                FROM dispute_invoice di JOIN dispute d ON d.id = di.dispute_id
                WHERE \(OnDaySQL.disputeOpen("d", day: "$1"))
                GROUP BY di.invoice_id
            )
            SELECT i.currency, sum(least(\(OnDaySQL.open("i", day: "$1")), n.cents))::bigint AS disputed
            FROM named n JOIN invoice i ON i.id = n.invoice_id
            GROUP BY i.currency
            """, [day.iso])
        {
            guard let currency = Currency(code: row.text("currency")) else { continue }
            out[currency] = row.int("disputed")
        }
        return out
    }

    public func creditSales(from: Day, to: Day) throws -> [Currency: Int64] {
        var out: [Currency: Int64] = [:]
        for row in try db.rows(
            """
            SELECT currency, sum(issued_cents)::bigint AS sales FROM ar_movement
            WHERE day BETWEEN $1 AND $2 GROUP BY currency
            """, [from.iso, to.iso])
        {
            guard let currency = Currency(code: row.text("currency")) else { continue }
            out[currency] = row.int("sales")
        }
        return out
    }

    public func monthlySales(through day: Day) throws -> [Currency: [String: Int64]] {
        var out: [Currency: [String: Int64]] = [:]
        for row in try db.rows(
            """
            SELECT currency, substr(day, 1, 7) AS month, sum(issued_cents)::bigint AS sales FROM ar_movement
            WHERE day <= $1 AND issued_cents <> 0 GROUP BY currency, month
            """, [day.iso])
        {
            guard let currency = Currency(code: row.text("currency")) else { continue }
            out[currency, default: [:]][row.text("month")] = row.int("sales")
        }
        return out
    }

    public func settledInvoices(from: Day, to: Day) throws -> [SettledInvoice] {
        // Streamed straight into the small values: a month can settle hundreds of thousands.
        var currencies = CurrencyCache()
        var settled: [SettledInvoice] = []
        try db.stream(
            """
            SELECT i.currency, i.amount_cents, i.issue_date, i.due_date, i.settled_on,
                EXISTS (SELECT 1 FROM dispute_invoice di JOIN dispute d ON d.id = di.dispute_id
                        WHERE di.invoice_id = i.id AND d.opened_on <= $2) AS disputed
            FROM invoice i
            WHERE i.open_cents = 0 AND i.settled_on BETWEEN $1 AND $2
              AND EXISTS (SELECT 1 FROM payment_application a WHERE a.invoice_id = i.id)
            ORDER BY i.id
            """, [from.iso, to.iso]
        ) { row in
            guard let issued = row.day(2), let due = row.day(3), let paid = row.day(4) else { return }
            settled.append(
                SettledInvoice(
                    amount: Money(minorUnits: row.int(1) ?? 0, currency: currencies.currency(row, 0)),
                    issuedOn: issued, dueOn: due, settledOn: paid, disputed: row.text(5) == "t"))
        }
        return settled
    }

    public func disputeResolutions(from: Day, to: Day) throws -> [Currency: [DisputeResolution]] {
        var out: [Currency: [DisputeResolution]] = [:]
        for row in try db.rows(
            """
            SELECT d.currency, d.category, d.opened_on, r.resolved_on
            FROM dispute_resolution r JOIN dispute d ON d.id = r.dispute_id
            WHERE r.resolved_on BETWEEN $1 AND $2 ORDER BY r.dispute_id, r.id
            """, [from.iso, to.iso])
        {
            guard let currency = Currency(code: row.text("currency")) else { continue }
            out[currency, default: []].append(
                DisputeResolution(
                    category: row.text("category"), openedOn: row.day("opened_on"), resolvedOn: row.day("resolved_on")))
        }
        return out
    }

    /// Worked out in Swift, as on SQLite, from three reads: the holds active at some point of the
    /// span, the invoices they cover (those held themselves and those of held customers that may
    /// have been open on some day of it), and the reductions of those invoices dated in the span
    /// or after it.
    public func blockedByHolds(from: Day, through to: Day) throws -> [Currency: [Day: Int64]] {
        guard from <= to else { return [:] }
        let span = to.ordinal - from.ordinal + 1
        let active = "placed_on <= $2 AND (released_on IS NULL OR released_on > $1) AND (until IS NULL OR until > $1)"
        let holds: [HeldCash.Span] = try db.rows(
            "SELECT invoice_id, customer_id, amount_cents, placed_on, released_on, until FROM hold WHERE \(active)",
            [from.iso, to.iso]
        ).compactMap { row in
            guard let placed = row.optionalDay("placed_on") else { return nil }
            let hold = Hold(
                id: HoldID(rawValue: 0), target: .customer(CustomerCode("")), reason: "", placedOn: placed,
                until: row.optionalDay("until"),
                state: row.optionalDay("released_on").map { .released(on: $0, note: nil) } ?? .placed)
            return HeldCash.Span(
                invoice: row.optionalInt("invoice_id"), customer: row.optionalInt("customer_id"),
                amount: row.optionalInt("amount_cents"), hold: hold, from: from, days: span)
        }
        guard !holds.isEmpty else { return [:] }
        var balances: [Int64: HeldCash.Balance] = [:]
        let columns = "id, currency, issue_date, open_cents, customer_id, last_reduced_on"
        let heldCustomers = Set(holds.compactMap(\.customer))
        for row in try db.rows(
            """
            SELECT \(columns) FROM invoice
            WHERE id IN (SELECT invoice_id FROM hold WHERE invoice_id IS NOT NULL AND \(active))
            UNION
            SELECT \(columns) FROM (\(OnDaySQL.candidates(columns, day: "$1", through: "$2"))) AS c
            WHERE customer_id = ANY($3::bigint[])
            """, [from.iso, to.iso, PostgresArray.int(heldCustomers)])
        {
            guard let issued = row.optionalDay("issue_date") else { continue }
            balances[row.int("id")] = HeldCash.Balance(
                currency: row.currency("currency"), issuedOn: issued, opening: row.int("open_cents"),
                customer: row.int("customer_id"), lastReducedOn: row.optionalDay("last_reduced_on"))
        }
        // Open on a day of the span = open now + what reduced it after that day: only invoices
        // reduced in the span or later need their reductions read.
        let reducedSince = balances.compactMap { id, balance in
            balance.lastReducedOn.map { $0 >= from } == true ? id : nil
        }
        if !reducedSince.isEmpty {
            for row in try db.rows(
                """
                SELECT invoice_id, day, cents FROM reduction
                WHERE invoice_id = ANY($1::bigint[]) AND day >= $2
                """, [PostgresArray.int(reducedSince), from.iso])
            {
                guard let day = row.optionalDay("day") else { continue }
                let id = row.int("invoice_id")
                balances[id]!.reductions.append(Reduction(day: day, cents: row.int("cents")))
                balances[id]!.opening += row.int("cents")
            }
        }
        return HeldCash.daily(holds: holds, balances: balances, from: from, days: span)
    }

    public func promiseTallies(from: Day, to: Day) throws -> [Currency: PromiseTally] {
        var out: [Currency: PromiseTally] = [:]
        for promise in try promiseFacts(
            where: "p.due_on::date + p.grace_days::integer BETWEEN $1::text::date AND $2::text::date",
            [from.iso, to.iso], asOf: to)
        {
            var tally = out[promise.currency] ?? PromiseTally()
            switch promise.state {
            case .pending: continue
            case .kept: tally.kept += 1
            case .partlyKept: tally.partlyKept += 1
            case .broken: tally.broken += 1
            }
            out[promise.currency] = tally
        }
        return out
    }

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
            endingOn: period.end, count: Self.monthsBack(to: monthly.values.flatMap(\.keys).min(), from: period.end))

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
                disputedOpenAR: money(disputed[currency]),
                heldAmountDays: try Self.amountDays(days, currency: currency),
                heldAtEnd: money(days[period.end]), annualRateBasisPoints: annualRateBasisPoints,
                promises: promises[currency] ?? PromiseTally())
        }
    }

    public func disputeFacts(from: Day, to: Day) throws -> [DisputeFact] {
        var subjects: [Int64: [Subject]] = [:]
        for row in try db.rows(
            """
            SELECT s.dispute_id, s.key, s.value FROM dispute_subject s JOIN dispute d ON d.id = s.dispute_id
            WHERE d.opened_on BETWEEN $1 AND $2
            """, [from.iso, to.iso])
        {
            subjects[row.int("dispute_id"), default: []].append(Subject(key: row.text("key"), value: row.text("value")))
        }
        return try db.rows(
            """
            SELECT d.id, c.code, c.name, d.category, d.currency, d.amount_cents, d.opened_on
            FROM dispute d JOIN customer c ON c.id = d.customer_id
            WHERE d.opened_on BETWEEN $1 AND $2 ORDER BY d.id
            """, [from.iso, to.iso]
        ).map { row in
            let id = row.int("id")
            return DisputeFact(
                id: DisputeID(rawValue: id), customer: CustomerCode(row.text("code")), customerName: row.text("name"),
                category: row.text("category"), amount: row.money("amount_cents", "currency"),
                subjects: (subjects[id] ?? []).sorted(), openedOn: row.day("opened_on"))
        }
    }

    public func resolvedByCategory(from: Day, to: Day) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try db.rows(
            """
            SELECT d.category, count(DISTINCT d.id) AS resolved
            FROM dispute_resolution r JOIN dispute d ON d.id = r.dispute_id
            WHERE r.resolved_on BETWEEN $1 AND $2 GROUP BY d.category
            """, [from.iso, to.iso])
        {
            counts[row.text("category")] = row.count("resolved")
        }
        return counts
    }

    public func ownerWorkload(on day: Day) throws -> [WeeklyReport.OwnerLine] {
        var lines: [String: WeeklyReport.OwnerLine] = [:]
        let pastSLA = "$1::text::date - d.opened_on::date > k.sla_days"
        for row in try db.rows(
            """
            WITH open_dispute AS (
                SELECT d.*, \(OnDaySQL.owner("d", day: "$1")) AS owner_then FROM dispute d
                WHERE \(OnDaySQL.disputeOpen("d", day: "$1"))
            )
            SELECT d.owner_then AS owner_key, o.name, d.currency, count(*) AS open_count,
                sum(CASE WHEN \(pastSLA) THEN 1 ELSE 0 END)::bigint AS past_sla,
                sum(CASE WHEN \(pastSLA) THEN d.amount_cents ELSE 0 END)::bigint AS past_cents,
                min(d.opened_on) AS oldest
            FROM open_dispute d JOIN category k ON k.code = d.category JOIN owner o ON o.key = d.owner_then
            GROUP BY d.owner_then, o.name, d.currency
            """, [day.iso])
        {
            let key = row.text("owner_key")
            var line =
                lines[key]
                ?? WeeklyReport.OwnerLine(
                    owner: PersonKey(key), name: row.text("name"), open: 0, pastSla: 0,
                    pastSlaAmounts: CurrencyTotals(), oldestOpenedOn: nil)
            line.open += row.count("open_count")
            line.pastSla += row.count("past_sla")
            if let currency = Currency(code: row.text("currency")), row.int("past_cents") > 0 {
                line.pastSlaAmounts.add(Money(minorUnits: row.int("past_cents"), currency: currency))
            }
            if let oldest = row.optionalDay("oldest"), line.oldestOpenedOn.map({ oldest < $0 }) ?? true {
                line.oldestOpenedOn = oldest
            }
            lines[key] = line
        }
        return lines.values.sorted { ($1.pastSla, $0.owner) < ($0.pastSla, $1.owner) }
    }

    public func escalations(on day: Day) throws -> [WeeklyReport.Escalation] {
        try db.rows(
            """
            SELECT d.id, c.code, d.category, \(OnDaySQL.owner("d", day: "$1")) AS owner_key, d.opened_on,
                k.escalate_after_days, d.currency, d.amount_cents
            FROM dispute d JOIN category k ON k.code = d.category JOIN customer c ON c.id = d.customer_id
            WHERE \(OnDaySQL.disputeOpen("d", day: "$1")) AND \(OnDaySQL.pastEscalation("d", "k", day: "$1::text"))
            ORDER BY d.opened_on, d.id
            """, [day.iso]
        ).map { row in
            let opened = row.day("opened_on")
            return WeeklyReport.Escalation(
                dispute: DisputeID(rawValue: row.int("id")), customer: CustomerCode(row.text("code")),
                category: row.text("category"), owner: PersonKey(row.text("owner_key")), openedOn: opened,
                escalatedOn: opened + row.count("escalate_after_days") + 1, daysOpen: day - opened,
                amount: row.money("amount_cents", "currency"))
        }
    }
}

extension PostgresReader {
    /// The cash held day by day over a period, added up: amount-days, checked (a long period of
    /// large holds can pass what 64 bits hold even under the money ceiling).
    fileprivate static func amountDays(_ days: [Day: Int64], currency: Currency) throws -> Int64 {
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
    fileprivate static func monthsBack(to oldest: String?, from day: Day) -> Int {
        guard let oldest, let first = Day(iso: oldest + "-01") else { return 1 }
        return max(1, (day.year - first.year) * 12 + day.month - first.month + 1)
    }
}

import Complaints
import Foundation
import GRDB
import LedgerPort
import Receivables
import Testing

@testable import Store

/// "Open on day D", "hold active on day D", "amount held" and "escalated on day D" are rules of
/// the domain; where Store computes them in SQL or in its scans for speed, both must agree. On
/// seeded ledgers of invoices reduced in every order, holds of every shape and disputes resolved
/// and reopened, every form is compared with the domain on many days.
@Suite struct OnDayRuleTests {
    static let first = Day(iso: "2026-01-01")!

    /// A seeded ledger: invoices and their reductions (applications, credits, write-offs,
    /// recorded in a shuffled order), holds, disputes with resolutions and reopenings.
    struct Generated {
        var ledger: Ledger
        var invoices: [(id: Int64, invoice: Invoice, reductions: [Reduction])] = []
        var holds: [(invoice: Int64?, customer: Int64?, amount: Int64?, hold: Hold)] = []
        var disputes: [(id: DisputeID, openedOn: Day, resolutions: [ResolutionSpan])] = []
        var customerOf: [Int64: Int64] = [:]
    }

    static func generate(seed: UInt64, in folder: TemporaryFolder) throws -> Generated {
        var random = SeededGenerator(seed: seed)
        let ledger = try Ledger.create(path: folder.file("rules-\(seed).sqlite"))
        var generated = Generated(ledger: ledger)
        let stamp = Stamp(actor: "test", day: Day(iso: "2026-12-31")!, recordedAt: "2026-12-31T09:00:00Z")
        try ledger.sqliteWrite(stamp) { tx in
            try tx.db.execute(
                sql: """
                    INSERT INTO owner (key, name, email) VALUES ('logistics', 'Logistics', 'l@example.com');
                    INSERT INTO category (code, label_en, label_fr, description, owner_key, hold_policy, sla_days,
                        escalate_after_days, position)
                    VALUES ('late', 'Late', 'En retard', 'Late', 'logistics', 'invoice', 5, 12, 1);
                    """)
            for customer in 1...6 {
                try tx.addCustomer(Customer(code: CustomerCode("C-\(customer)"), name: "Customer \(customer)"))
            }
            let loader = try InvoiceLoader(tx, expectedRows: 40)
            var rows: [InvoiceRow] = []
            for index in 1...40 {
                let issued = first + Int.random(in: 0...200, using: &random)
                rows.append(
                    InvoiceRow(
                        number: InvoiceNumber("INV-\(index)"), customer: CustomerCode("C-\(1 + index % 6)"),
                        issueDate: issued, dueDate: issued + [0, 15, 30][index % 3],
                        amount: Money(
                            minorUnits: Int64.random(in: 1_000...90_000, using: &random),
                            currency: index % 4 == 0 ? .USD : .EUR)))
            }
            for (line, row) in rows.enumerated() { try loader.add(row, line: line + 2) }
            _ = try loader.finish()
            // Reductions of every kind, each on its own day, recorded in no particular order.
            var planned: [(invoice: Int, kind: Int, day: Day, cents: Int64)] = []
            for (index, row) in rows.enumerated() {
                var room = row.amount.minorUnits
                for _ in 0..<Int.random(in: 0...3, using: &random) where room > 0 {
                    let cents =
                        Int.random(in: 0..<3, using: &random) == 0 ? room : Int64.random(in: 1...room, using: &random)
                    room -= cents
                    // Some dated before the invoice was issued: they take effect on its issue day.
                    let day = row.issueDate + Int.random(in: -5...150, using: &random)
                    planned.append((index, Int.random(in: 0..<3, using: &random), day, cents))
                }
            }
            planned.shuffle(using: &random)
            for (n, reduction) in planned.enumerated() {
                let row = rows[reduction.invoice]
                let amount = Money(minorUnits: reduction.cents, currency: row.amount.currency)
                let invoiceID = try tx.reader.invoiceKeys(row.number)!.id
                switch reduction.kind {
                case 0:
                    let payment = try tx.insertPayment(
                        NewPayment(
                            sourceKey: "p\(n)", customerID: nil, receivedOn: reduction.day, amount: amount),
                        unapplied: .zero(amount.currency))
                    try tx.post(
                        payment,
                        to: [
                            (
                                invoiceID, amount, .invoiceColumn,
                                Invoice.effectiveDay(of: reduction.day, issuedOn: row.issueDate)
                            )
                        ])
                case 1:
                    try tx.issueCreditNote(
                        CreditNote(
                            number: CreditNoteNumber("CN-\(n)"), customer: row.customer, issuedOn: reduction.day,
                            amount: amount, invoice: row.number), dispute: nil)
                default:
                    try tx.writeOff(row.number, amount: amount, dispute: nil, reason: nil, on: reduction.day)
                }
            }
            for row in rows {
                let found = try tx.sqliteReader.invoiceRow(row.number)!
                generated.invoices.append((found.id, found.invoice, try tx.sqliteReader.reductions(of: found.id)))
                generated.customerOf[found.id] = found.customerID
            }
            // Holds on invoices (whole or part) and customers, released or lapsing or not.
            for n in 0..<30 {
                let placed = first + Int.random(in: 0...260, using: &random)
                let until =
                    Int.random(in: 0..<3, using: &random) == 0 ? placed + Int.random(in: 1...40, using: &random) : nil
                let target: Hold.Target
                var invoiceID: Int64?
                var customerID: Int64?
                var amount: Int64?
                if n % 7 == 0 {
                    let customer = 1 + n % 6
                    target = .customer(CustomerCode("C-\(customer)"))
                    customerID = try tx.reader.customerID(CustomerCode("C-\(customer)"))
                } else {
                    let (id, invoice, _) = generated.invoices[Int.random(in: 0..<40, using: &random)]
                    invoiceID = id
                    amount = n % 2 == 0 ? Int64.random(in: 1...invoice.amount.minorUnits, using: &random) : nil
                    target = .invoice(
                        invoice.number, amount: amount.map { Money(minorUnits: $0, currency: invoice.amount.currency) })
                }
                let id = try tx.placeHold(on: target, dispute: nil, reason: "rule \(n)", from: placed, until: until)
                var state = Hold.State.placed
                if Int.random(in: 0..<2, using: &random) == 0 {
                    let released = placed + Int.random(in: 0...50, using: &random)
                    try tx.releaseHold(id, note: nil, on: released)
                    state = .released(on: released, note: nil)
                }
                generated.holds.append(
                    (
                        invoiceID, customerID, amount,
                        Hold(id: id, target: target, reason: "rule \(n)", placedOn: placed, until: until, state: state)
                    ))
            }
            // Disputes resolved, reopened and resolved again on their own days.
            for n in 0..<25 {
                let (_, invoice, _) = generated.invoices[n]
                let opened = invoice.issueDate + Int.random(in: 0...30, using: &random)
                let id = try tx.insertDispute(
                    NewDispute(
                        customer: invoice.customer,
                        invoices: [DisputedInvoice(number: invoice.number, amount: invoice.amount)],
                        category: "late", subcategory: nil, subjects: [],
                        routing: RoutingDecision(owner: "logistics", watchers: []), channel: .phone, reportedOn: opened,
                        note: nil))
                var spans: [ResolutionSpan] = []
                var day = opened
                for _ in 0..<Int.random(in: 0...3, using: &random) {
                    day = day + Int.random(in: 0...20, using: &random)
                    let resolution = Resolution(outcome: .rejected, on: day)
                    try tx.resolveDispute(id, resolution)
                    spans.append(ResolutionSpan(resolution: resolution))
                    guard Int.random(in: 0..<2, using: &random) == 0 else { break }
                    day = day + Int.random(in: 0...15, using: &random)
                    try tx.db.execute(
                        sql:
                            "UPDATE dispute_resolution SET reopened_on = ? WHERE dispute_id = ? AND reopened_on IS NULL",
                        arguments: [day.iso, id.rawValue])
                    try tx.db.execute(
                        sql: "UPDATE dispute SET status = 'open', outcome = NULL, resolved_on = NULL WHERE id = ?",
                        arguments: [id.rawValue])
                    spans[spans.count - 1].reopenedOn = day
                }
                generated.disputes.append((id, opened, spans))
            }
            try tx.journal("test.generate", subject: "rules")
        }
        return generated
    }

    static let seeds: [UInt64] = [1, 2, 3, 20_261_203]
    static func days() -> [Day] { stride(from: 0, through: 380, by: 7).map { first + $0 } + [Day.latest] }

    @Test(arguments: seeds)
    func openOnADayAgreesInTheDomainTheSQLAndTheScans(seed: UInt64) throws {
        let folder = try TemporaryFolder()
        let generated = try OnDayRuleTests.generate(seed: seed, in: folder)
        for day in OnDayRuleTests.days() {
            var domain: [Int64: Int64] = [:]
            var receivables: [Currency: (total: Int64, current: Int64)] = [:]
            for (id, invoice, reductions) in generated.invoices {
                let open = Invoice.open(
                    amount: invoice.amount.minorUnits, issuedOn: invoice.issueDate, reductions: reductions, on: day)
                domain[id] = open
                var sums = receivables[invoice.amount.currency] ?? (0, 0)
                sums.total += open
                if invoice.dueDate >= day { sums.current += open }
                receivables[invoice.amount.currency] = sums
            }
            let (sql, scanned, single, movements) = try generated.ledger.sqliteRead { reader in
                var sql: [Int64: Int64] = [:]
                for row in try Row.fetchAll(
                    reader.db, sql: "SELECT i.id, \(OnDaySQL.open("i", day: "?1")) AS open FROM invoice i",
                    arguments: [day.iso])
                {
                    sql[row["id"]] = row["open"]
                }
                var scanned: [Int64: Int64] = [:]
                try reader.scanOpenInvoices(on: day) { scanned[$0.invoiceID] = $0.open.minorUnits }
                var single: [Int64: Int64] = [:]
                for (id, invoice, _) in generated.invoices {
                    single[id] = try reader.invoice(invoice.number, on: day)!.openAmount.minorUnits
                }
                return (sql, scanned, single, try reader.openReceivables(on: day))
            }
            #expect(sql == domain, "SQL on \(day)")
            #expect(single == domain, "one invoice on \(day)")
            #expect(scanned == domain.filter { $0.value > 0 }, "open-invoice scan on \(day)")
            for (currency, sums) in receivables {
                #expect(movements[currency]?.total ?? 0 == sums.total, "receivables in \(currency) on \(day)")
                #expect(movements[currency]?.current ?? 0 == sums.current, "current in \(currency) on \(day)")
            }
        }
    }

    @Test(arguments: seeds)
    func holdsActiveAndAmountsHeldAgree(seed: UInt64) throws {
        let folder = try TemporaryFolder()
        let generated = try OnDayRuleTests.generate(seed: seed, in: folder)
        for day in OnDayRuleTests.days() {
            let active = Set(generated.holds.filter { $0.hold.isActive(on: day) }.map(\.hold.id))
            // The domain: each invoice's open amount on the day, held by the rule of holds.
            var blocked = CurrencyTotals()
            for (id, invoice, reductions) in generated.invoices {
                let open = Invoice.open(
                    amount: invoice.amount.minorUnits, issuedOn: invoice.issueDate, reductions: reductions, on: day)
                guard open > 0 else { continue }
                let own = generated.holds.filter { $0.invoice == id && active.contains($0.hold.id) }
                let whole =
                    own.contains { $0.amount == nil }
                    || generated.holds.contains {
                        $0.customer == generated.customerOf[id] && active.contains($0.hold.id)
                    }
                guard whole || !own.isEmpty else { continue }
                blocked.add(
                    Money(
                        minorUnits: Hold.held(open: open, whole: whole, parts: own.reduce(0) { $0 + ($1.amount ?? 0) }),
                        currency: invoice.amount.currency))
            }
            let (sqlActive, totals, scanned) = try generated.ledger.read { reader in
                let sqlActive = Set(
                    try reader.holds(HoldFilter(activeOn: day), on: day).rows.map(\.hold.id))
                let held = try reader.heldSet(on: day)
                var scanned = CurrencyTotals()
                try reader.scanOpenInvoices(on: day) { row in
                    let cents = held.held(invoice: row.invoiceID, customer: row.customerID, open: row.open.minorUnits)
                    if cents > 0 { scanned.add(Money(minorUnits: cents, currency: row.open.currency)) }
                }
                return (sqlActive, try reader.holdTotals(on: day).blocked, scanned)
            }
            #expect(sqlActive == active, "active holds on \(day)")
            #expect(totals == blocked, "cash blocked (SQL) on \(day)")
            #expect(scanned == blocked, "cash held (scans) on \(day)")
        }
        // The daily series of the KPIs, by its own reading, agrees with the same rule.
        let from = OnDayRuleTests.first + 100
        let series = try generated.ledger.read { try $0.blockedByHolds(from: from, through: from + 60) }
        for offset in [0, 17, 33, 60] {
            let day = from + offset
            let expected = try generated.ledger.read { try $0.holdTotals(on: day).blocked }
            for amount in expected.amounts {
                #expect(series[amount.currency]?[day] ?? 0 == amount.minorUnits, "\(amount.currency) on \(day)")
            }
        }
    }

    @Test(arguments: seeds)
    func disputesOpenAndEscalatedAgree(seed: UInt64) throws {
        let folder = try TemporaryFolder()
        let generated = try OnDayRuleTests.generate(seed: seed, in: folder)
        for day in OnDayRuleTests.days() {
            var open = Set<DisputeID>()
            var escalated = Set<DisputeID>()
            for (id, opened, spans) in generated.disputes {
                guard let state = Dispute.state(on: day, openedOn: opened, resolutions: spans), state == .open else {
                    continue
                }
                open.insert(id)
                let dispute = Dispute(
                    id: id, customer: "C-1", invoices: [], category: "late", owner: "logistics", channel: .phone,
                    reportedOn: opened, openedOn: opened, state: state)
                if dispute.isEscalated(on: day, escalateAfterDays: 12) { escalated.insert(id) }
            }
            let (listed, records, sqlEscalated) = try generated.ledger.read { reader in
                (
                    Set(try reader.disputes(DisputeFilter(status: .open), on: day).rows.map(\.dispute.id)),
                    try generated.disputes.compactMap { try reader.dispute($0.id, on: day) },
                    Set(try reader.escalations(on: day).map(\.dispute))
                )
            }
            #expect(listed == open, "open disputes on \(day)")
            #expect(Set(records.filter { $0.dispute.state == .open }.map(\.dispute.id)) == open, "states on \(day)")
            #expect(sqlEscalated == escalated, "escalations on \(day)")
        }
    }
}

import Complaints
import Foundation
import Interchange
import LedgerPort
import Receivables
import Store
import Testing

@testable import DunKit

/// Every report and listing is a function of (ledger, day). A company brings a year of history
/// (invoices, payments, credit notes and complaints, imported at once on the last day of it), then
/// works day by day for a month. Each report as of a past day, and as of the last day, equals in
/// JSON the same report on a ledger built only from the facts dated up to that day: the history
/// files without their later rows, and the daily work up to that day.
@Suite struct AsOfReplayTests {
    static let days = [
        "2026-01-31", "2026-03-16", "2026-05-15", "2026-07-01", "2026-08-31", "2026-10-12", "2026-10-31",
        "2026-11-09", "2026-11-16", "2026-11-24", "2026-11-30",
    ].map { Day(iso: $0)! }

    @Test func eachReportOfAPastDayIsTheReportOfTheFactsUpToThatDay() throws {
        let history = ReplayHistory(seed: 20_261_203)
        let folder = try TemporaryFolder()
        let full = try history.build(through: .latest, folder: folder)
        // The history says what a user would expect of it.
        let counts = try full.read { try $0.counts() }
        #expect(counts["invoice"] == history.invoiceCount)
        #expect((counts["dispute"] ?? 0) > 40)
        for day in AsOfReplayTests.days {
            let replay = try history.build(through: day, folder: folder)
            let expected = try ReplayHistory.reports(of: replay, on: day)
            let actual = try ReplayHistory.reports(of: full, on: day)
            #expect(actual.keys.sorted() == expected.keys.sorted())
            for name in expected.keys.sorted() {
                let (a, e) = (actual[name] ?? "", expected[name] ?? "")
                let same = a == e
                #expect(same, "\(name) as of \(day): \(ReplayHistory.firstDifference(a, e))")
            }
        }
    }

    /// The days chosen see what the test is about: balances that changed after them, disputes
    /// opened and resolved, holds, the dunning ladder.
    @Test func theDaysChosenSeeMovingFacts() throws {
        let history = ReplayHistory(seed: 20_261_203)
        let folder = try TemporaryFolder()
        let full = try history.build(through: .latest, folder: folder)
        let mid = Day(iso: "2026-05-15")!
        let aging = try Session(ledger: full, stamp: Desk.stamp(mid.iso)).agingReport()
        let agingNow = try Session(ledger: full, stamp: Desk.stamp("2026-11-30")).agingReport()
        #expect(aging.lines.count > 5)
        #expect(aging.totals.map(\.buckets) != agingNow.totals.map(\.buckets))
        let weekly = try Session(ledger: full, stamp: Desk.stamp(mid.iso)).weeklyReport(week: nil)
        #expect(weekly.trend.map(\.opened).reduce(0, +) > 0)
        let kpi = try Session(ledger: full, stamp: Desk.stamp(mid.iso)).kpiReport()
        #expect(kpi.currencies.contains { $0.settledInvoices > 0 })
        // A dry run on a day between two Monday runs has notices to send and invoices to leave out.
        var excluded = 0
        let run = try Session(ledger: full, stamp: Desk.stamp("2026-03-16")).runDunning(dryRun: true) { _ in
            excluded += 1
        }
        #expect(!run.notices.isEmpty)
        #expect(excluded > 0)
        // The month's runs sent notices, which the ladder of a later day reads.
        #expect(try full.read { try $0.notices(on: nil, customer: nil, limit: nil, through: .latest) }.count > 10)
    }
}

/// A seeded year of a company's receivables, and a month of daily work after it.
struct ReplayHistory {
    /// The history is imported on its last day.
    static let end = Day(iso: "2026-10-31")!
    static let start = Day(iso: "2025-11-01")!

    /// A row of a history file, as it reads on a day: `nil` before it happened, and for a
    /// complaint, without its resolution before that.
    struct Row {
        var day: Day
        var text: (Day) -> String
    }

    /// A planned invoice and the reductions planned on it, to keep the history consistent (no
    /// credit or payment beyond what is owed).
    struct Planned {
        var number: String
        var customer: String
        var issued: Day
        var due: Day
        var cents: Int64
        var currency: String
        var reductions: [(day: Day, cents: Int64)] = []

        func open(on day: Day) -> Int64 {
            issued > day ? 0 : cents - reductions.filter { $0.day <= day }.reduce(0) { $0 + $1.cents }
        }
        var room: Int64 { cents - reductions.reduce(0) { $0 + $1.cents } }
    }

    var invoices: [Row] = []
    var payments: [Row] = []
    var credits: [Row] = []
    var disputes: [Row] = []
    var invoiceCount = 0
    let customers: [(code: String, collector: String?)]
    let seed: UInt64

    static let categories = [
        "wrong-item", "damaged-goods", "pricing-error", "late-delivery", "defective-product", "quantity-shortage",
    ]

    init(seed: UInt64) {
        self.seed = seed
        var random = SeededGenerator(seed: seed)
        customers = (1...14).map { index in
            (String(format: "C-%02d", index), index % 3 == 0 ? nil : (index % 2 == 0 ? "alice" : "bob"))
        }
        var planned: [Planned] = []
        let span = ReplayHistory.end - 10 - ReplayHistory.start
        for index in 0..<300 {
            let issued = ReplayHistory.start + Int.random(in: 0...span, using: &random)
            let customer = customers[Int.random(in: 0..<customers.count, using: &random)].code
            planned.append(
                Planned(
                    number: "", customer: customer, issued: issued,
                    due: issued + [30, 30, 45, 60][Int.random(in: 0..<4, using: &random)],
                    cents: Int64.random(in: 8_000...1_800_000, using: &random) + Int64(index),
                    currency: Int.random(in: 0..<10, using: &random) == 0 ? "USD" : "EUR"))
        }
        planned.sort { ($0.issued, $0.customer) < ($1.issued, $1.customer) }
        for index in planned.indices { planned[index].number = String(format: "INV-%04d", index + 1) }
        invoiceCount = planned.count + 2 * 30

        // Complaints first: a credit they end in is room the payments must leave.
        var complaints: [(invoice: Int, reported: Day, amount: Int64?, resolution: (Day, Outcome, Int64?)?)] = []
        var disputed = Set<Int>()
        while complaints.count < 48 {
            let index = Int.random(in: 0..<planned.count, using: &random)
            guard !disputed.contains(index), planned[index].issued + 2 < ReplayHistory.end else { continue }
            disputed.insert(index)
            let latest = min(planned[index].issued + 90, ReplayHistory.end - 1)
            let reported =
                planned[index].issued + 1 + Int.random(in: 0...(latest - planned[index].issued - 1), using: &random)
            var resolution: (Day, Outcome, Int64?)?
            if Int.random(in: 0..<10, using: &random) < 6, reported + 3 < ReplayHistory.end {
                let day = reported + Int.random(in: 3...min(40, ReplayHistory.end - reported), using: &random)
                let outcome = [Outcome.rejected, .replacement, .credit, .credit][Int.random(in: 0..<4, using: &random)]
                resolution = (day, outcome, nil)
            }
            complaints.append((index, reported, nil, resolution))
        }
        // Credits of resolved complaints: a part of the invoice, kept as room.
        for c in complaints.indices {
            guard let (day, outcome, _) = complaints[c].resolution, outcome == .credit else { continue }
            let invoice = complaints[c].invoice
            let credit = planned[invoice].cents / Int64.random(in: 3...6, using: &random)
            complaints[c].amount = credit
            complaints[c].resolution = (day, outcome, credit)
            planned[invoice].reductions.append((day, credit))
        }
        // Credit notes of the ERP, on invoices without a complaint credit.
        var creditRows: [(day: Day, text: String)] = []
        for n in 0..<18 {
            let index = Int.random(in: 0..<planned.count, using: &random)
            guard planned[index].reductions.isEmpty, planned[index].issued < ReplayHistory.end - 1 else { continue }
            let day =
                planned[index].issued
                + Int.random(in: 0...min(50, ReplayHistory.end - planned[index].issued), using: &random)
            let cents = planned[index].cents / 10
            planned[index].reductions.append((day, cents))
            let p = planned[index]
            creditRows.append(
                (
                    day,
                    "CN-\(n + 1),\(p.customer),\(day.iso),\(ReplayHistory.amount(cents)),\(p.currency),\(p.number),rebate"
                ))
        }
        // Payments: most invoices paid, some in part, some by amount alone.
        var paymentRows: [(day: Day, text: String)] = []
        for index in planned.indices {
            let p = planned[index]
            guard Int.random(in: 0..<10, using: &random) < 7 else { continue }
            let day = min(ReplayHistory.end, max(p.issued, p.due + Int.random(in: -20...50, using: &random)))
            let whole = p.room
            guard whole > 0 else { continue }
            let partial = Int.random(in: 0..<6, using: &random) == 0
            let cents = partial ? whole * Int64.random(in: 4...9, using: &random) / 10 : whole
            planned[index].reductions.append((day, cents))
            let byAmount = !partial && p.reductions.isEmpty && Int.random(in: 0..<6, using: &random) == 0
            let reference = "BK-\(index + 1)"
            paymentRows.append(
                byAmount
                    ? (day, "\(reference),\(p.customer),\(day.iso),\(ReplayHistory.amount(cents)),\(p.currency),,")
                    : (
                        day,
                        "\(reference),\(p.customer),\(day.iso),\(ReplayHistory.amount(cents)),\(p.currency),\(p.number),"
                    ))
        }
        // The complaints, each as it reads on a day: its disputed amount checked against what was
        // open on the day it was reported (nothing open: a complaint after payment).
        complaints.sort { ($0.reported, $0.invoice) < ($1.reported, $1.invoice) }
        for (n, complaint) in complaints.enumerated() {
            let p = planned[complaint.invoice]
            let open = p.open(on: complaint.reported)
            let category = ReplayHistory.categories[n % ReplayHistory.categories.count]
            var amount = complaint.amount
            if amount == nil, n % 3 == 0 { amount = max(100, (open > 0 ? open : p.cents) / 2) }
            if let credit = complaint.amount, open > 0, credit > open { amount = open }
            let amountText = amount.map(ReplayHistory.amount) ?? ""
            let base = "\(p.number),\(category),\(complaint.reported.iso),\(amountText),,complaint \(n + 1)"
            let resolution = complaint.resolution
            disputes.append(
                Row(day: complaint.reported) { day in
                    guard let (resolved, outcome, credit) = resolution, resolved <= day else { return base + ",,," }
                    let resolvedAmount = credit.map { min($0, amount ?? $0) }.map(ReplayHistory.amount) ?? ""
                    return base + ",\(resolved.iso),\(outcome.rawValue),\(outcome == .credit ? resolvedAmount : "")"
                })
        }
        invoices = planned.map { p in
            Row(day: p.issued) { _ in
                "\(p.number),\(p.customer),\(p.issued.iso),\(p.due.iso),\(ReplayHistory.amount(p.cents)),\(p.currency)"
            }
        }
        payments = paymentRows.sorted { $0.day < $1.day }.map { row in Row(day: row.day) { _ in row.text } }
        credits = creditRows.sorted { $0.day < $1.day }.map { row in Row(day: row.day) { _ in row.text } }
    }

    static func amount(_ cents: Int64) -> String { Money(minorUnits: cents, currency: .EUR).decimalString }

    /// A ledger of the facts dated up to `day`: the history files without their later rows,
    /// imported on the history's last day, then the daily work of the month up to `day`.
    func build(through day: Day, folder: TemporaryFolder) throws -> Ledger {
        let ledger = try Ledger.inMemory()
        let taxonomy = try TaxonomyFiles.load(files: TaxonomyFiles.shipped)
        let history = try Setup.initialize(
            ledger, taxonomy: taxonomy, source: nil, currency: .EUR, stamp: Desk.stamp(ReplayHistory.end.iso))
        for key in ["alice", "bob"] {
            _ = try history.saveCollector(
                Collector(key: PersonKey(key), name: key.capitalized, email: nil, phone: nil, dailyCapacity: 8))
        }
        func file(_ name: String, _ header: String, _ rows: [Row]) throws -> String {
            let lines = rows.filter { $0.day <= day }.map { $0.text(day) }
            return try folder.write("\(name)-\(day.iso).csv", ([header] + lines).joined(separator: "\n") + "\n")
        }
        let customerRows = customers.map { customer in
            Row(day: ReplayHistory.start) { _ in
                "\(customer.code),Customer \(customer.code),ap@\(customer.code.lowercased()).example,FR,fr,\(customer.collector ?? "")"
            }
        }
        _ = try history.importCustomers(
            file: file("customers", "code,name,email,country,language,collector", customerRows), options: CSVOptions(),
            dryRun: false, update: false)
        _ = try history.importInvoices(
            file: file("invoices", "number,customer,issue_date,due_date,amount,currency", invoices),
            options: CSVOptions(), dryRun: false)
        _ = try history.importPayments(
            file: file("payments", "reference,customer,received_on,amount,currency,invoice,remittance", payments),
            options: CSVOptions(), dryRun: false, deductionDisputes: false)
        _ = try history.importCreditNotes(
            file: file("credits", "number,customer,issued_on,amount,currency,invoice,reason", credits),
            options: CSVOptions(), dryRun: false)
        _ = try history.importDisputes(
            file: file(
                "disputes",
                "invoice,category,reported_on,amount,channel,note,resolved_on,outcome,resolved_amount", disputes),
            options: CSVOptions(), dryRun: false)
        var month = ReplayHistory.end + 1
        while month <= min(day, Day(iso: "2026-11-30")!) {
            try work(on: month, ledger: ledger, folder: folder)
            month = month + 1
        }
        return ledger
    }

    /// One day of the month after the history: new invoices, the bank's payments, complaints and
    /// their resolutions, holds, calls and promises, the weekly dunning run. What each step does
    /// is decided from the ledger as it stands and a generator seeded by the day, so that every
    /// ledger that reaches the day does the same.
    func work(on day: Day, ledger: Ledger, folder: TemporaryFolder) throws {
        let session = Session(ledger: ledger, stamp: Desk.stamp(day.iso))
        var random = SeededGenerator(seed: seed &+ UInt64(day.ordinal))
        let n = day - ReplayHistory.end
        var invoiceRows: [String] = ["number,customer,issue_date,due_date,amount,currency"]
        for k in 0..<2 {
            let customer = customers[Int.random(in: 0..<customers.count, using: &random)].code
            let cents = Int64.random(in: 20_000...900_000, using: &random)
            invoiceRows.append(
                "INV-N\(n)-\(k),\(customer),\(day.iso),\((day + 30).iso),\(ReplayHistory.amount(cents)),EUR")
        }
        _ = try session.importInvoices(
            file: folder.write("daily-invoices-\(day.iso).csv", invoiceRows.joined(separator: "\n") + "\n"),
            options: CSVOptions(), dryRun: false)
        // The bank: a few open invoices paid, some short (a deduction dispute follows).
        let open = try session.invoices(InvoiceFilter(openOnly: true)).rows.map(\.invoice).filter {
            $0.amount.currency == .EUR
        }
        var paymentRows = ["reference,customer,received_on,amount,currency,invoice"]
        for k in 0..<Int.random(in: 0...3, using: &random) where !open.isEmpty {
            let invoice = open[Int.random(in: 0..<open.count, using: &random)]
            let short = Int.random(in: 0..<4, using: &random) == 0
            let cents = short ? invoice.openAmount.minorUnits * 9 / 10 : invoice.openAmount.minorUnits
            guard cents > 0 else { continue }
            paymentRows.append(
                "D-\(day.iso)-\(k),\(invoice.customer),\(day.iso),\(ReplayHistory.amount(cents)),EUR,\(invoice.number)")
        }
        if paymentRows.count > 1 {
            _ = try session.importPayments(
                file: folder.write("bank-\(day.iso).csv", paymentRows.joined(separator: "\n") + "\n"),
                options: CSVOptions(), dryRun: false, deductionDisputes: true)
        }
        if n % 3 == 1, let invoice = open.first(where: { $0.issueDate < day - 20 }) {
            _ = try session.logDispute(
                DisputeRequest(
                    invoices: [invoice.number], category: ReplayHistory.categories[n % 6],
                    subjects: [Subject(key: "sku", value: "SKU-\(n % 4)")], note: "day \(n)"))
        }
        let openDisputes = try session.disputes(DisputeFilter(status: .open)).rows.map(\.dispute)
        if n % 4 == 2, let dispute = openDisputes.last {
            let credit = dispute.amount.scaled(by: 1, over: 2)
            _ = try session.resolveDispute(
                dispute.id,
                n % 8 == 2
                    ? ResolutionRequest(outcome: .credit, amount: credit.decimalString, rootCause: "pricing-error")
                    : ResolutionRequest(outcome: .rejected))
        }
        if n == 10, let dispute = openDisputes.last, dispute.owner != "sales" {
            _ = try session.assignDispute(dispute.id, to: "sales")
        }
        if n == 20, let resolved = try session.disputes(DisputeFilter(status: .resolved)).rows.last?.dispute {
            _ = try session.reopenDispute(resolved.id, note: "came back")
        }
        if n == 5 {
            _ = try session.placeHold(on: .customer("C-04"), reason: "credit review", until: day + 9)
        }
        if n == 12,
            let held = try session.holds(HoldFilter(activeOn: day)).rows.first(where: { $0.hold.dispute == nil })
        {
            _ = try session.releaseHolds(.hold(held.hold.id), note: "cleared")
        }
        if n % 5 == 1 {
            let customer = customers[n % customers.count].code
            let overdue = try session.customer(CustomerCode(customer)).summary.overdue
            if let amount = overdue.amounts.first(where: { $0.currency == .EUR && $0.isPositive }) {
                _ = try session.logContact(
                    ContactRequest(
                        customer: CustomerCode(customer), channel: "call", outcome: "promise", note: "after closing",
                        promise: PromiseRequest(
                            customer: CustomerCode(customer), amount: amount.scaled(by: 1, over: 2).decimalString,
                            currency: .EUR, dueOn: day + 5)))
            } else {
                _ = try session.logContact(
                    ContactRequest(customer: CustomerCode(customer), channel: "call", outcome: "no-answer"))
            }
        }
        if n == 18 {
            let invoice = open.first { $0.openAmount.minorUnits > 5_000 }!
            _ = try session.importCreditNotes(
                file: folder.write(
                    "credit-\(day.iso).csv",
                    "number,customer,issued_on,amount,currency,invoice,reason\n"
                        + "CN-N18,\(invoice.customer),\(day.iso),50.00,EUR,\(invoice.number),goodwill\n"),
                options: CSVOptions(), dryRun: false)
        }
        if n == 22,
            let payment = try session.payments(unappliedOnly: true, customer: nil, limit: 1).rows.first?.payment,
            let customer = payment.customer,
            let target = try session.invoices(InvoiceFilter(openOnly: true, customer: customer)).rows.first?.invoice,
            target.amount.currency == payment.amount.currency
        {
            _ = try session.applyPayment(payment.id, to: target.number, amount: nil)
        }
        if day.isoWeekday == 1 { _ = try session.runDunning(dryRun: false) { _ in } }
        if n == 25 { _ = try session.escalate() }
    }

    /// Every report and listing as of `day`, in JSON.
    static func reports(of ledger: Ledger, on day: Day) throws -> [String: String] {
        let session = Session(ledger: ledger, stamp: Desk.stamp(day.iso))
        func json(_ presentation: Presentation) throws -> String { try presentation.rendered(.json) ?? "" }
        var out: [String: String] = [:]
        out["report aging"] = try json(CollectionViews.aging(session.agingReport()))
        out["report holds"] = try json(HoldViews.report(session.holdsReport()))
        out["report kpi"] = try json(KPIViews.report(session.kpiReport()))
        out["report weekly"] = try json(WeeklyReportViews.report(session.weeklyReport(week: nil)))
        out["report actions"] = try json(ActionViews.report(session.actionsReport()))
        out["worklist"] = try json(CollectionViews.worklist(session.worklist(collector: nil, limit: nil)))
        var run: [UInt8] = []
        let stream = JSONStream { run += $0 }
        let summary = try session.runDunning(dryRun: true) { CollectionViews.writeExcluded($0, to: stream) }
        for (index, notice) in summary.notices.enumerated() {
            CollectionViews.writeStep(notice, id: summary.recorded[index], to: stream)
        }
        stream.flush()
        out["dunning run --dry-run"] = String(decoding: run, as: UTF8.self)
        let disputes = try session.disputes(DisputeFilter(status: nil))
        out["dispute list"] = try json(DisputeViews.list(disputes.rows, total: disputes.total, asOf: day))
        let holds = try session.holds(HoldFilter())
        out["hold list"] = try json(HoldViews.list(holds.rows, total: holds.total, asOf: day))
        let payments = try session.payments(unappliedOnly: false, customer: nil, limit: nil)
        out["payment list"] = try json(CollectionViews.payments(payments.rows, total: payments.total))
        let promises = try session.promises(status: nil, customer: nil, limit: nil)
        out["promise list"] = try json(CollectionViews.promises(promises.rows, total: promises.total))
        let invoices = try session.invoices(InvoiceFilter(openOnly: true))
        out["invoice list --open"] = try json(LedgerViews.invoices(invoices.rows, total: invoices.total, asOf: day))
        for code in ["C-01", "C-04", "C-07", "C-12"] {
            out["customer show \(code)"] = try json(
                LedgerViews.customer(session.customer(CustomerCode(code)), asOf: day))
        }
        for number in ["INV-0010", "INV-0100", "INV-0150", "INV-0200", "INV-0290", "INV-N5-0"] {
            guard let invoice = try ledger.read({ try $0.invoice(InvoiceNumber(number), on: .latest) }),
                invoice.issueDate <= day
            else { continue }
            out["invoice show \(number)"] = try json(LedgerViews.invoice(session.invoice(invoice.number), asOf: day))
        }
        return out
    }

    /// Where two texts first differ, with a little of each around it.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let (x, y) = (Array(a), Array(b))
        var index = 0
        while index < min(x.count, y.count), x[index] == y[index] { index += 1 }
        let from = max(0, index - 80)
        return
            "at \(index): «\(String(x[from..<min(x.count, index + 80)]))» vs «\(String(y[from..<min(y.count, index + 80)]))»"
    }
}

import Complaints
import Foundation
import Interchange
import LedgerPort
import Receivables
import Store
import Testing

@testable import DunKit

/// A desk whose customers and invoices match the sample bank statement in the Interchange fixtures.
struct StatementDesk {
    let desk: Desk
    static let statement = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("InterchangeTests/Fixtures/camt/camt053-sample.xml").path

    init() throws {
        desk = try Desk()
        let session = desk.on("2026-11-01")
        _ = try session.importCustomers(
            file: desk.folder.write(
                "statement-customers.csv",
                """
                code,name,iban
                C-SGE,Société Générale des Eaux,FR1420041010050500013M02606
                C-LEF,Boulangerie Lefèvre & Fils,FR4830004008190001234567801
                C-DUP,Crèmerie Dupré SAS,
                C-BER,Éditions Bérénice SARL,FR5430003012340005012345673
                C-MUL,Transports Müller-Gaudin,
                C-EVE,Pâtisserie Ève,

                """), options: CSVOptions(), dryRun: false, update: false)
        _ = try session.importInvoices(
            file: desk.folder.write(
                "statement-invoices.csv",
                """
                number,customer,issue_date,due_date,amount,currency
                INV-2026-0001,C-SGE,2026-10-01,2026-10-31,1250.00,EUR
                INV-2026-0002,C-LEF,2026-10-01,2026-10-31,2000.00,EUR
                INV-2026-0003,C-LEF,2026-10-02,2026-11-01,1600.00,EUR
                INV-2026-0004,C-DUP,2026-10-03,2026-11-02,980.00,EUR
                INV-2026-0005,C-MUL,2026-10-04,2026-11-03,1000.00,EUR
                INV-2026-0006,C-EVE,2026-10-05,2026-11-04,1500.00,EUR
                INV-2026-0010,C-BER,2026-10-06,2026-11-05,615.20,EUR
                INV-2026-0011,C-BER,2026-10-07,2026-11-06,300.00,EUR

                """), options: CSVOptions(), dryRun: false)
    }
}

@Suite struct PaymentImportTests {
    @Test func postsARealStatementByEveryRuleAndNeverTwice() throws {
        let s = try StatementDesk()
        let desk = s.desk
        let result = try desk.on("2026-11-25").importPayments(
            file: StatementDesk.statement, options: CSVOptions(), dryRun: false, deductionDisputes: true)
        #expect(result.format == "camt.053")
        #expect(result.posted == 6)
        #expect(result.skipped.count == 3)  // the bank fee, the reversal, the pending entry
        #expect(try desk.open("INV-2026-0001") == 0)
        #expect(try desk.open("INV-2026-0002") == 0)
        // 3480.50 named 0002 (2000.00) and 0003 (1600.00): 119.50 deducted without a word.
        #expect(try desk.open("INV-2026-0003") == 11_950)
        #expect(try desk.open("INV-2026-0004") == 0)
        #expect(try desk.open("INV-2026-0005") == 0)
        #expect(try desk.open("INV-2026-0006") == 0)
        // No reference: the IBAN names Éditions Bérénice, whose one invoice of 615.20 is paid.
        #expect(try desk.open("INV-2026-0010") == 0)
        #expect(try desk.open("INV-2026-0011") == 30_000)
        #expect(result.rules == ["remittance": 6, "exact-balance": 1])
        #expect(result.unapplied.description == "200.00 EUR")  // Müller-Gaudin paid 1200.00 for 1000.00
        // The deduction became a dispute, held like any other.
        let dispute = try desk.on("2026-11-25").dispute(try #require(result.deductionDisputes.first)).record.dispute
        #expect(result.deductionDisputes.count == 1)
        #expect(dispute.category == "unexplained-deduction")
        #expect(dispute.subcategory == "short-payment")
        #expect(dispute.channel == .deduction)
        #expect(dispute.amount.description == "119.50 EUR")
        #expect(try desk.activeHolds(on: "2026-11-25").map(\.hold.dispute) == [dispute.id])
        // Again: everything was already posted.
        let again = try desk.on("2026-11-26").importPayments(
            file: StatementDesk.statement, options: CSVOptions(), dryRun: false, deductionDisputes: true)
        #expect((again.posted, again.alreadyImported) == (0, 6))
        let history = try desk.ledger.read { try $0.history(of: JournalRef.invoice("INV-2026-0001"), through: .latest) }
            .map(\.action)
        #expect(history == ["payment.post"])
    }

    func csv(_ desk: Desk, _ body: String) throws -> String {
        try desk.folder.write(
            "payments-\(UUID()).csv", "reference,customer,received_on,amount,currency,invoice,remittance\n" + body)
    }

    /// The exact-balance rule needs exactly one open invoice of the customer with exactly the
    /// amount: two make it ambiguous (the cash stays unapplied), and the file's earlier rows
    /// count (once one of the two is paid, the other is the only one left).
    @Test func exactBalanceNeedsExactlyOneOpenInvoiceWithTheAmount() throws {
        let desk = try Desk()
        _ = try desk.on("2026-11-01").importInvoices(
            file: desk.folder.write(
                "same-amounts.csv",
                """
                number,customer,issue_date,due_date,amount,currency
                INV-7,C-2,2026-10-21,2026-11-20,450.00,EUR
                INV-8,C-2,2026-10-22,2026-11-21,450.00,EUR

                """), options: CSVOptions(), dryRun: false)
        let file = try csv(
            desk,
            """
            R1,C-2,2026-11-20,450.00,EUR,,
            R2,C-2,2026-11-20,450.00,EUR,INV-8,
            R3,C-2,2026-11-20,450.00,EUR,,
            R4,C-2,2026-11-20,450.00,EUR,,

            """)
        let result = try desk.on("2026-11-21").importPayments(
            file: file, options: CSVOptions(), dryRun: false, deductionDisputes: true)
        #expect(result.posted == 4)
        #expect(result.rules == ["invoice-column": 1, "exact-balance": 1])
        #expect(try desk.open("INV-7") == 0)
        #expect(try desk.open("INV-8") == 0)
        // R1 met two invoices of 450.00; R4 met none.
        #expect(result.unapplied.description == "900.00 EUR")
        let unapplied = try desk.on("2026-11-21").payments(unappliedOnly: true, customer: "C-2", limit: nil)
        #expect(unapplied.rows.map(\.payment.reference) == ["R4", "R1"])
    }

    @Test func appliesCSVPaymentsByColumnCodeAndExactBalance() throws {
        let desk = try Desk()
        let file = try csv(
            desk,
            """
            R1,,2026-11-20,1200.00,EUR,INV-1,
            R2,C-1,2026-11-20,800.00,EUR,,
            R3,C-2,2026-11-20,100.00,USD,INV-3,
            R4,C-2,2026-11-20,5.00,EUR,,unknown reference

            """)
        let result = try desk.on("2026-11-21").importPayments(
            file: file, options: CSVOptions(), dryRun: false, deductionDisputes: true)
        #expect(result.posted == 4)
        #expect(try desk.open("INV-1") == 0)
        #expect(try desk.open("INV-2") == 0)  // C-1's only open invoice of 800.00
        // 100.00 USD naming INV-3, an EUR invoice: not that one, but C-2's one USD invoice of 100.00.
        #expect(try desk.open("INV-4") == 0)
        #expect(try desk.open("INV-3") == 900_000)
        #expect(result.unapplied.description == "5.00 EUR")
        let unapplied = try desk.on("2026-11-21").payments(unappliedOnly: true, customer: nil, limit: nil)
        #expect(unapplied.rows.map(\.payment.reference) == ["R4"])
        // By hand, to the invoice the collector knows it pays.
        let applied = try desk.on("2026-11-22").applyPayment(unapplied.rows[0].payment.id, to: "INV-3", amount: nil)
        #expect(applied.payment.unapplied.isZero)
        #expect(try desk.open("INV-3") == 899_500)
        #expect(throws: RuleViolation.nothingUnapplied(applied.payment.id)) {
            try desk.on("2026-11-22").applyPayment(applied.payment.id, to: "INV-3", amount: nil)
        }
    }

    @Test func aShortPaymentUnderAPromiseIsAnInstalmentNotADeduction() throws {
        let desk = try Desk()
        _ = try desk.on("2026-11-10").addPromise(
            PromiseRequest(customer: "C-1", amount: "1200.00", dueOn: Day(iso: "2026-11-30")!, invoices: ["INV-1"]))
        let result = try desk.on("2026-11-20").importPayments(
            file: try csv(desk, "R1,,2026-11-20,500.00,EUR,INV-1,\nR2,,2026-11-20,300.00,EUR,INV-2,\n"),
            options: CSVOptions(),
            dryRun: false, deductionDisputes: true)
        // INV-1 is under a promise: no dispute. INV-2 paid 300 of 800: a deduction.
        #expect(result.deductionDisputes.count == 1)
        #expect(
            try desk.on("2026-11-20").dispute(result.deductionDisputes[0]).record.dispute.invoices.map(\.number) == [
                "INV-2"
            ])
        let off = try Desk()
        let quiet = try off.on("2026-11-20").importPayments(
            file: try csv(off, "R1,,2026-11-20,300.00,EUR,INV-2,\n"), options: CSVOptions(), dryRun: false,
            deductionDisputes: false)
        #expect(quiet.deductionDisputes.isEmpty)
        #expect(try off.open("INV-2") == 50_000)
    }

    @Test func aBadPaymentsFileChangesNothing() throws {
        let desk = try Desk()
        let before = try desk.ledger.read { try $0.counts() }
        let file = try csv(desk, "R1,,2026-11-20,1200.00,EUR,INV-1,\nR2,,2026-11-20,12.5O,EUR,INV-2,\n")
        #expect(
            throws: InterchangeError(file: file, line: 3, field: "amount", message: "amount \"12.5O\" is not a number")
        ) {
            try desk.on("2026-11-21").importPayments(
                file: file, options: CSVOptions(), dryRun: false, deductionDisputes: true)
        }
        #expect(try desk.ledger.read { try $0.counts() } == before)
        #expect(try desk.open("INV-1") == 120_000)
    }
}

@Suite struct PromiseLifecycleTests {
    @Test func promisesTurnKeptPartlyKeptOrBrokenByThemselves() throws {
        let desk = try Desk()
        let kept = try desk.on("2026-11-10").addPromise(
            PromiseRequest(customer: "C-1", amount: "1200.00", dueOn: Day(iso: "2026-11-15")!, invoices: ["INV-1"]))
        let partly = try desk.on("2026-11-10").addPromise(
            PromiseRequest(customer: "C-1", amount: "800.00", dueOn: Day(iso: "2026-11-15")!, invoices: ["INV-2"]))
        let broken = try desk.on("2026-11-10").addPromise(
            PromiseRequest(customer: "C-2", amount: "9000.00", dueOn: Day(iso: "2026-11-15")!, invoices: ["INV-3"]))
        #expect(kept.pausesUntil.iso == "2026-11-18")
        _ = try desk.on("2026-11-14").importPayments(
            file: try desk.folder.write(
                "p.csv",
                "reference,received_on,amount,currency,invoice\nA,2026-11-14,1200.00,EUR,INV-1\nB,2026-11-14,300.00,EUR,INV-2\n"
            ),
            options: CSVOptions(), dryRun: false, deductionDisputes: false)
        let before = try desk.on("2026-11-18").promises(status: nil, customer: nil, limit: nil).rows
        #expect(before.first { $0.id == kept.id }?.state == .kept(on: Day(iso: "2026-11-14")!))
        #expect(before.first { $0.id == partly.id }?.state == .pending)
        let after = try desk.on("2026-11-19").promises(status: nil, customer: nil, limit: nil).rows
        #expect(
            after.first { $0.id == partly.id }?.state == .partlyKept(paid: eur(30_000), on: Day(iso: "2026-11-19")!))
        #expect(after.first { $0.id == broken.id }?.state == .broken(on: Day(iso: "2026-11-19")!))
        // Listing derives where each promise stands and journals nothing; the dunning run
        // records each change once.
        func actions() throws -> [String] {
            try desk.ledger.read { try $0.history(of: JournalRef.customer("C-2"), through: .latest) }.map(\.action)
        }
        #expect(try actions().filter { $0 == "promise.broken" }.isEmpty)
        _ = try desk.on("2026-11-19").runDunning(dryRun: false) { _ in }
        #expect(try actions().filter { $0 == "promise.broken" }.count == 1)
        _ = try desk.on("2026-11-20").runDunning(dryRun: false) { _ in }
        #expect(try actions().filter { $0 == "promise.broken" }.count == 1)
    }

    func eur(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: .EUR) }
}

@Suite struct DunningRunTests {
    func run(_ desk: Desk, _ day: String, dryRun: Bool = false) throws -> (DunningRunSummary, [ExcludedInvoice]) {
        var excluded: [ExcludedInvoice] = []
        let summary = try desk.on(day).runDunning(dryRun: dryRun) { excluded.append($0) }
        return (summary, excluded)
    }

    @Test func aRunIsIdempotentForItsDayAndADryRunRecordsNothing() throws {
        let desk = try Desk()
        let (dry, _) = try run(desk, "2026-11-20", dryRun: true)
        #expect(!dry.notices.isEmpty)
        #expect(try desk.ledger.read { try $0.notices(on: nil, customer: nil, limit: nil, through: .latest) }.isEmpty)
        let (first, _) = try run(desk, "2026-11-20")
        #expect(first.notices.map(\.step) == dry.notices.map(\.step))
        #expect(first.recorded.allSatisfy { $0 != nil })
        let (second, excluded) = try run(desk, "2026-11-20")
        #expect(second.notices.isEmpty)
        #expect(Set(excluded.map(\.reason)).isSubset(of: [.wait, .notDue]))
        #expect(
            try desk.ledger.read { try $0.notices(on: nil, customer: nil, limit: nil, through: .latest) }.count
                == first.notices.count)
    }

    @Test func leavesOutHeldPromisedCoveredAndPaidInvoicesWithTheirReasons() throws {
        let desk = try Desk()
        _ = try run(desk, "2026-11-10")  // INV-1 (due 10-31) and others get their reminders
        _ = try desk.on("2026-11-12").logDispute(DisputeRequest(invoices: ["INV-2"], category: "duplicate-billing"))
        _ = try desk.on("2026-11-12").addPromise(
            PromiseRequest(customer: "C-2", amount: "100.00", dueOn: Day(iso: "2026-12-10")!, invoices: ["INV-4"]))
        _ = try desk.on("2026-11-13").importPayments(
            file: try desk.folder.write(
                "p.csv", "reference,received_on,amount,currency,invoice\nA,2026-11-13,1200.00,EUR,INV-1\n"),
            options: CSVOptions(), dryRun: false, deductionDisputes: false)
        let (_, excluded) = try run(desk, "2026-11-30", dryRun: true)
        let reasons = Dictionary(uniqueKeysWithValues: excluded.map { ($0.invoice.text, $0.reason) })
        #expect(reasons["INV-1"] == .paid)
        #expect(reasons["INV-2"] == .hold)
        #expect(reasons["INV-4"] == .promise)
    }

    /// The resume-after-hold rule, end to end: a reminder, then a dispute holds the invoice for
    /// 90 days; after the release the invoice gets the second notice — not the sixth step — once
    /// the gap since the release has passed.
    @Test func resumesOneStepAfterAHoldOfNinetyDays() throws {
        let desk = try Desk()
        let (first, _) = try run(desk, "2026-11-07")  // INV-1 due 10-31: 7 days past due
        #expect(first.notices.first { $0.items.contains { $0.invoice == "INV-1" } }?.step == "reminder")
        let dispute = try desk.on("2026-11-08").logDispute(
            DisputeRequest(invoices: ["INV-1"], category: "duplicate-billing"))
        _ = try run(desk, "2026-12-20")
        let releasedOn = "2027-02-06"  // 90 days on hold
        _ = try desk.on(releasedOn).resolveDispute(dispute.record.dispute.id, ResolutionRequest(outcome: .rejected))
        let (sameDay, excluded) = try run(desk, releasedOn)
        #expect(!sameDay.notices.contains { $0.items.contains { $0.invoice == "INV-1" } })
        #expect(excluded.first { $0.invoice == "INV-1" }?.reason == .wait)
        let (later, _) = try run(desk, "2027-02-16")  // the second notice's gap is 10 days
        let step = later.notices.first { $0.items.contains { $0.invoice == "INV-1" } }
        #expect(step?.step == "second-notice")
        #expect(step?.position == 1)
    }

    @Test func createsTasksForEscalations() throws {
        let desk = try Desk()
        var day = Day(iso: "2026-11-07")!
        var tasks: [TaskRecord] = []
        while day <= Day(iso: "2027-01-31")! {
            tasks += try desk.on(day.iso).runDunning(dryRun: false) { _ in }.tasks
            day = day + 7
        }
        #expect(tasks.contains { $0.kind == "sales-escalation" && $0.assignee == "slopez" && $0.customer == "C-2" })
        #expect(try desk.on("2027-01-31").tasks(assignee: "slopez").count >= 1)
    }
}

@Suite struct AgingAndWorklistTests {
    @Test func heldAmountsAgeApartAsDisputed() throws {
        let desk = try Desk()
        _ = try desk.on("2026-11-20").logDispute(
            DisputeRequest(invoices: ["INV-1"], category: "wrong-item", amount: "200.00"))
        let report = try desk.on("2026-11-29").agingReport()
        let c1 = try #require(report.lines.first { $0.customer == "C-1" })
        #expect(c1.aging.disputed == 20_000)
        #expect(c1.aging[.days1to30].minorUnits == 100_000 + 80_000)  // INV-1 (29 days, less 200) and INV-2 (20 days)
        #expect(report.totals.map(\.currency) == [.EUR, .USD])
        #expect(report.lines.first?.customer == "C-2")  // 9,000.00 overdue first
        let top = try desk.on("2026-11-29").agingReport(limit: 1)
        #expect(top.lines.map(\.customer) == ["C-2"])
        #expect(top.lineCount == report.lines.count && report.lineCount == report.lines.count)
        #expect(top.totals == report.totals)  // totals are over every customer, shown or not
        #expect(top.lines.first?.name == report.lines.first?.name && top.lines.first?.name.isEmpty == false)
    }

    /// Lines tied on amounts are ranked by customer code, also when `limit` cuts through the
    /// tie: the first `limit` lines are always the first of the whole report.
    @Test func tiesAreRankedByCodeWhereverTheLimitCuts() throws {
        let ledger = try Ledger.inMemory()
        let folder = try TemporaryFolder()
        let session = try Setup.initialize(
            ledger, taxonomy: try TaxonomyFiles.load(files: TaxonomyFiles.shipped), source: nil, currency: .EUR,
            stamp: Desk.stamp("2026-10-01"))
        // Row ids in another order than codes.
        let codes = ["C-5", "C-3", "C-9", "BIG", "C-1", "C-7"]
        _ = try session.importCustomers(
            file: folder.write("customers.csv", "code,name\n" + codes.map { "\($0),Customer \($0)\n" }.joined()),
            options: CSVOptions(), dryRun: false, update: false)
        let invoices = codes.enumerated().map { index, code in
            "INV-\(index),\(code),2026-09-01,2026-10-01,\(code == "BIG" ? "900.00" : "100.00"),EUR\n"
        }
        _ = try session.importInvoices(
            file: folder.write(
                "invoices.csv", "number,customer,issue_date,due_date,amount,currency\n" + invoices.joined()),
            options: CSVOptions(), dryRun: false)
        let day = Session(ledger: ledger, stamp: Desk.stamp("2026-11-29"))
        let all = try day.agingReport().lines.map(\.customer.text)
        #expect(all == ["BIG", "C-1", "C-3", "C-5", "C-7", "C-9"])
        for limit in 1...6 {
            #expect(try day.agingReport(limit: limit).lines.map(\.customer.text) == Array(all.prefix(limit)))
        }
    }

    @Test func theWorklistSkipsWhatIsHeldOrPromised() throws {
        let desk = try Desk()
        let list = try desk.on("2026-11-29").worklist(collector: nil, limit: nil)
        #expect(list.collectors.map(\.collector) == ["alice", "bob"])
        _ = try desk.on("2026-11-29").logDispute(DisputeRequest(invoices: ["INV-3"], category: "duplicate-billing"))
        _ = try desk.on("2026-11-29").addPromise(
            PromiseRequest(customer: "C-1", amount: "2000.00", dueOn: Day(iso: "2026-12-05")!))
        let after = try desk.on("2026-11-29").worklist(collector: nil, limit: nil)
        #expect(after.collectors.first { $0.collector == "alice" } == nil)  // C-1 promised everything
        let bob = try #require(after.collectors.first { $0.collector == "bob" })
        #expect(bob.entries.map(\.candidate.overdue.description) == ["100.00 USD"])  // INV-3 held, INV-4 left
    }
}

@Suite struct IdentifierListTests {
    @Test func aFewAreListedAndManyAreCutToTheFirstAndLast() {
        let few = (1...3).map { DisputeID(rawValue: Int64($0)) }
        #expect(Show.ids(few) == "D-1, D-2, D-3")
        let ten = (1...10).map { DisputeID(rawValue: Int64($0)) }
        #expect(Show.ids(ten).hasSuffix("D-9, D-10"))
        let many = (1...2_000).map { DisputeID(rawValue: Int64($0)) }
        #expect(Show.ids(many) == "D-1, D-2, D-3, D-4, D-5, D-6, D-7, D-8, D-9 … D-2000 (2000 in all)")
    }
}

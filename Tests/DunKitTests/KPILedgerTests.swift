import Complaints
import Foundation
import Interchange
import LedgerPort
import Receivables
import Store
import Testing

@testable import DunKit

/// `dun report kpi` on a small ledger whose every figure is worked out by hand below.
///
/// One customer, EUR, the period is June 2026 (30 days, 2026-06-01 … 2026-06-30):
///
/// | Invoice | Issued | Due   | Amount  | What happens                                              |
/// |---------|--------|-------|---------|-----------------------------------------------------------|
/// | F       | 03-01  | 03-31 |  800.00 | pricing dispute 100 (06-02, rejected 06-06); 300 paid 06-12 |
/// | A       | 04-15  | 05-15 | 1000.00 | paid in full 06-10                                         |
/// | B       | 05-10  | 06-09 | 2000.00 | damaged dispute 500 (06-05), credited 06-15; 1500 paid 06-20 |
/// | C       | 05-20  | 06-19 | 3000.00 | wrong-item dispute 600 (06-25), open                       |
/// | D       | 06-10  | 07-10 | 4000.00 | open, not yet due                                          |
/// | E       | 06-15  | 07-15 |  500.00 | paid 06-25                                                 |
///
/// Promises: 300 on F by 06-12 (paid that day: kept); 3000 on C by 06-24 (nothing: broken after
/// the 3 grace days, on 06-28).
@Suite struct KPILedgerTests {
    static let customers = "code,name,country\nK-1,Brasserie Kappa,FR\n"
    static let invoices = """
        number,customer,issue_date,due_date,amount,currency
        F,K-1,2026-03-01,2026-03-31,800.00,EUR
        A,K-1,2026-04-15,2026-05-15,1000.00,EUR
        B,K-1,2026-05-10,2026-06-09,2000.00,EUR
        C,K-1,2026-05-20,2026-06-19,3000.00,EUR
        D,K-1,2026-06-10,2026-07-10,4000.00,EUR
        E,K-1,2026-06-15,2026-07-15,500.00,EUR

        """

    let ledger: Ledger
    let folder: TemporaryFolder

    init() throws {
        ledger = try Ledger.inMemory()
        folder = try TemporaryFolder()
        let taxonomy = try TaxonomyFiles.load(files: TaxonomyFiles.shipped)
        let setup = try Setup.initialize(
            ledger, taxonomy: taxonomy, source: nil, currency: .EUR, stamp: Desk.stamp("2026-03-01"))
        _ = try setup.importCustomers(
            file: folder.write("c.csv", Self.customers), options: CSVOptions(), dryRun: false, update: false)
        _ = try Session(ledger: ledger, stamp: Desk.stamp("2026-06-15")).importInvoices(
            file: folder.write("i.csv", Self.invoices), options: CSVOptions(), dryRun: false)

        let f = try on("2026-06-02").logDispute(
            DisputeRequest(invoices: ["F"], category: "pricing-error", amount: "100.00")
        ).record.dispute.id
        let b = try on("2026-06-05").logDispute(
            DisputeRequest(invoices: ["B"], category: "damaged-goods", amount: "500.00")
        ).record.dispute.id
        _ = try on("2026-06-05").addPromise(
            PromiseRequest(customer: "K-1", amount: "300.00", dueOn: Day(iso: "2026-06-12")!, invoices: ["F"]))
        _ = try on("2026-06-06").resolveDispute(f, ResolutionRequest(outcome: .rejected))
        try pay("2026-06-10", "A", "1000.00")
        try pay("2026-06-12", "F", "300.00")
        _ = try on("2026-06-15").resolveDispute(b, ResolutionRequest(outcome: .credit, rootCause: "damaged-goods"))
        try pay("2026-06-20", "B", "1500.00")
        _ = try on("2026-06-20").addPromise(
            PromiseRequest(customer: "K-1", amount: "3000.00", dueOn: Day(iso: "2026-06-24")!, invoices: ["C"]))
        try pay("2026-06-25", "E", "500.00")
        _ = try on("2026-06-25").logDispute(
            DisputeRequest(invoices: ["C"], category: "wrong-item", amount: "600.00"))
        // After the period: must not change June's figures.
        try pay("2026-07-02", "C", "3000.00")
        _ = try on("2026-07-03").logDispute(DisputeRequest(invoices: ["D"], category: "wrong-item"))
    }

    func on(_ day: String) -> Session { Session(ledger: ledger, stamp: Desk.stamp(day)) }

    func pay(_ day: String, _ invoice: String, _ amount: String) throws {
        let file = try folder.write(
            "pay-\(UUID()).csv",
            "reference,customer,received_on,amount,currency,invoice\nR-\(invoice)-\(day),K-1,\(day),\(amount),EUR,\(invoice)\n"
        )
        _ = try on(day).importPayments(file: file, options: CSVOptions(), dryRun: false, deductionDisputes: false)
    }

    func june(rate: String? = nil) throws -> KPIReport {
        if let rate {
            try ledger.write(Desk.stamp("2026-06-30")) { tx in
                try tx.setSetting(LoopSettings.annualRatePercentKey, rate)
                try tx.journal("config.set", subject: "config")
            }
        }
        let set = try on("2026-06-30").kpiReport(periodDays: 30)
        #expect(set.period.start == Day(iso: "2026-06-01")!)
        #expect(set.currencies.map(\.currency) == [.EUR])
        return try #require(set.currencies.first)
    }

    /// AR at start (close of 05-31): F + A + B + C = 6800.00. Sales: D + E = 4500.00.
    /// AR at end: C 3000 + D 4000 + F 500 = 7500.00, of which D (due 07-10) is current: 4000.00.
    @Test func receivablesAreRebuiltForEachDay() throws {
        let k = try june()
        #expect(k.arAtStart == "6800.00")
        #expect(k.creditSales == "4500.00")
        #expect(k.arAtEnd == "7500.00")
        #expect(k.currentARAtEnd == "4000.00")
        #expect(k.overdueARAtEnd == "3500.00")
    }

    /// DSO = 7500 ÷ 4500 × 30 = 50.0; best = 4000 ÷ 4500 × 30 = 26.67 → 26.7; ADD = 23.33 → 23.3.
    /// CEI = (6800 + 4500 − 7500) ÷ (6800 + 4500 − 4000) = 3800 ÷ 7300 = 52.05 % → 52.1.
    /// Countback: June's 4500 are used up (30 days), 3000 of May's 5000 remain: 3000 ÷ 5000 × 31
    /// = 18.6 days; 48.6 in all.
    @Test func dsoBestPossibleDSOAverageDaysDelinquentAndCEI() throws {
        let k = try june()
        #expect(k.dso == 50.0)
        #expect(k.bestPossibleDSO == 26.7)
        #expect(k.add == 23.3)
        #expect(k.cei == 52.1)
        #expect(k.countbackDSO == 48.6)
    }

    /// Settled in June with a payment: A (1000, 26 days late), B (2000, 11), E (500, 0):
    /// (26000 + 22000) ÷ 3500 = 13.71 → 13.7 days late.
    /// Days to pay: B (disputed) 05-10 → 06-20 = 41; A 04-15 → 06-10 = 56 and E 06-15 → 06-25 = 10,
    /// never disputed, mean 33.0: complaints cost 8.0 days.
    @Test func daysLateAndTheDelayComplaintsCost() throws {
        let k = try june()
        #expect(k.settledInvoices == 3)
        #expect(k.weightedAverageDaysLate == 13.7)
        #expect(k.daysToPay.disputed.invoices == 1)
        #expect(k.daysToPay.disputed.meanDays == 41.0)
        #expect(k.daysToPay.neverDisputed.invoices == 2)
        #expect(k.daysToPay.neverDisputed.meanDays == 33.0)
        #expect(k.daysToPay.differenceDays == 8.0)
    }

    /// Open on 06-30: C's wrong-item dispute of 600 (B's was credited): 600 ÷ 3500 overdue = 17.1 %.
    /// Resolved in June: F's pricing dispute in 4 days, B's damage in 10: mean 7.0, p90 10.
    @Test func disputeShareAndResolutionDaysPerCategory() throws {
        let k = try june()
        #expect(k.disputedOpenAR == "600.00")
        #expect(k.disputeSharePercent == 17.1)
        #expect(k.disputeCycleTime.overall?.disputes == 2)
        #expect(k.disputeCycleTime.overall?.meanDays == 7.0)
        #expect(k.disputeCycleTime.overall?.p90Days == 10)
        let perCategory = k.disputeCycleTime.categories.map { ($0.category ?? "", $0.meanDays, $0.p90Days) }
        #expect(perCategory.map(\.0) == ["damaged-goods", "pricing-error"])
        #expect(perCategory.map(\.1) == [10.0, 4.0])
        #expect(perCategory.map(\.2) == [10, 4])
    }

    /// Held: F 100 for 4 days (06-02 … 06-05), B 500 for 10 days (06-05 … 06-14), C 600 for 6 days
    /// (06-25 … 06-30): 400 + 5000 + 3600 = 9000.00 EUR·days, 300.00 on an average day, 600.00 at
    /// the end. At 8 %: 9000 × 0.08 ÷ 365 = 1.97; at 10 %: 2.47 (2.4658 rounded).
    @Test(arguments: [(nil, 800, "1.97"), ("10", 1000, "2.47")])
    func cashBlockedByHoldsAndItsCost(rate: String?, basisPoints: Int, cost: String) throws {
        let k = try june(rate: rate)
        #expect(k.holds.blockedAtEnd == "600.00")
        #expect(k.holds.averageBlocked == "300.00")
        #expect(k.holds.annualRateBasisPoints == basisPoints)
        #expect(k.holds.cost == cost)
    }

    /// Due (plus 3 grace days) in June: F's kept, C's broken: 50 %.
    @Test func promiseKeptRate() throws {
        let k = try june()
        #expect(k.promises.kept == 1)
        #expect(k.promises.broken == 1)
        #expect(k.promises.partlyKept == 0)
        #expect(k.promises.keptPercent == 50.0)
    }

    @Test func aPeriodFromADay() throws {
        let set = try on("2026-06-30").kpiReport(from: Day(iso: "2026-06-16")!)
        #expect(set.period.days == 15)
        // E was issued on 06-15: nothing was sold from 06-16, so there is no DSO.
        #expect(set.currencies.first?.creditSales == "0.00")
        #expect(set.currencies.first?.dso == nil)
        #expect(throws: InputError(message: "--from 2026-07-01 is after the as-of day 2026-06-30")) {
            try on("2026-06-30").kpiReport(from: Day(iso: "2026-07-01")!)
        }
    }
}

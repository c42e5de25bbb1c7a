import Foundation
import Testing

@testable import Receivables

/// Every expected figure below is worked out by hand in the comments, from a small ledger for
/// June 2026 (30 days, 2026-06-01 through 2026-06-30) unless a test says otherwise.
@Suite struct KPITests {
    func eur(_ text: String) -> Money { try! Money.parse(text, currency: .EUR) }
    func d(_ iso: String) -> Day { Day(iso: iso)! }
    var june: KPIPeriod { KPIPeriod(start: d("2026-06-01"), end: d("2026-06-30"))! }

    /// AR start 10,000.00, sales 6,000.00, AR end 8,000.00 of which 5,000.00 not yet due.
    func juneInputs() -> KPIInputs {
        KPIInputs(
            period: june, currency: .EUR, arAtStart: eur("10000.00"), arAtEnd: eur("8000.00"),
            currentARAtEnd: eur("5000.00"), creditSales: eur("6000.00"))
    }

    // MARK: Period

    @Test func periodCountsBothEnds() {
        let period = KPIPeriod(endingOn: d("2026-06-30"), days: 30)!
        #expect(period.start == d("2026-06-01"))
        #expect(period.days == 30)
        #expect(KPIPeriod(endingOn: d("2026-06-30"), days: 1)!.start == d("2026-06-30"))
        #expect(KPIPeriod(endingOn: d("2026-06-30"), days: 0) == nil)
        #expect(KPIPeriod(start: d("2026-06-02"), end: d("2026-06-01")) == nil)
        #expect(period.contains(d("2026-06-01")) && period.contains(d("2026-06-30")))
        #expect(!period.contains(d("2026-05-31")) && !period.contains(d("2026-07-01")))
    }

    /// months = N ÷ 30.4375 rounded to nearest, at least 1: 45 ÷ 30.4375 = 1.48 → 1, 46 → 1.51 → 2,
    /// 91 → 2.99 → 3, 182 → 5.98 → 6, 366 → 12.02 → 12, 15 → 0.49 → 0 → at least 1.
    @Test(arguments: [
        (1, 1), (15, 1), (30, 1), (31, 1), (45, 1), (46, 2), (60, 2), (91, 3), (92, 3), (182, 6), (365, 12),
        (366, 12),
    ])
    func monthsInAPeriod(days: Int, months: Int) {
        #expect(KPIPeriod(endingOn: d("2026-12-31"), days: days)!.months == months)
    }

    /// A hold from 05-20 released 06-05 (the release day no longer holds) stands 06-01…06-04 in
    /// June: 4 days. One placed 06-21 and still standing: 06-21…06-30, 10 days.
    @Test func daysOverlappingFollowsHoldActivity() {
        #expect(june.daysOverlapping(from: d("2026-05-20"), until: d("2026-06-05")) == 4)
        #expect(june.daysOverlapping(from: d("2026-06-21"), until: nil) == 10)
        #expect(june.daysOverlapping(from: d("2026-05-01"), until: nil) == 30)
        #expect(june.daysOverlapping(from: d("2026-04-01"), until: d("2026-06-01")) == 0)
        #expect(june.daysOverlapping(from: d("2026-07-01"), until: nil) == 0)
        #expect(june.daysOverlapping(from: d("2026-06-10"), until: d("2026-06-10")) == 0)
        // Agrees with Hold.isActive day by day.
        let hold = Hold(
            id: HoldID(rawValue: 1), target: .customer("C-1"), reason: "x", placedOn: d("2026-06-03"),
            until: d("2026-06-20"), state: .released(on: d("2026-06-12"), note: nil))
        let active = stride(from: june.start, through: june.end, by: 1).filter { hold.isActive(on: $0) }.count
        #expect(june.daysOverlapping(from: hold.placedOn, until: hold.endedOn(asOf: june.end)) == active)
        #expect(active == 9)
    }

    @Test func calendarMonthsForCountback() {
        let months = KPIPeriod.calendarMonths(endingOn: d("2026-06-15"), count: 3)
        #expect(
            months == [
                d("2026-06-01")...d("2026-06-15"), d("2026-05-01")...d("2026-05-31"), d("2026-04-01")...d("2026-04-30"),
            ])
        #expect(months.map(\.count) == [15, 31, 30])
        let acrossYear = KPIPeriod.calendarMonths(endingOn: d("2026-02-10"), count: 3)
        #expect(acrossYear.map(\.lowerBound) == [d("2026-02-01"), d("2026-01-01"), d("2025-12-01")])
        #expect(acrossYear.map(\.count) == [10, 31, 31])
        #expect(KPIPeriod.calendarMonths(endingOn: d("2026-02-10"), count: 0).isEmpty)
    }

    // MARK: DSO, best possible DSO, ADD, CEI

    /// DSO = 8,000 ÷ 6,000 × 30 = 40.0; best = 5,000 ÷ 6,000 × 30 = 25.0; ADD = 40 − 25 = 15.0;
    /// CEI = (10,000 + 6,000 − 8,000) ÷ (10,000 + 6,000 − 5,000) × 100 = 8,000 ÷ 11,000 × 100
    /// = 72.727… → 72.7. Overdue AR = 8,000 − 5,000 = 3,000.
    @Test func oneMonthLedger() throws {
        let report = try KPIReport(juneInputs())
        #expect(report.days == 30)
        #expect(report.months == 1)
        #expect(report.dso == 40.0)
        #expect(report.bestPossibleDSO == 25.0)
        #expect(report.add == 15.0)
        #expect(report.cei == 72.7)
        #expect(report.overdueARAtEnd == "3000.00")
        #expect(report.arAtStart == "10000.00")
        #expect(report.creditSales == "6000.00")
    }

    /// A quarter, 2026-04-01…2026-06-30 = 30 + 31 + 30 = 91 days = 3 months.
    /// AR start 9,000, S 9,000 (S′ = 9,000 ÷ 3 = 3,000), AR end 6,000, current 4,000.
    /// DSO = 6,000 ÷ 9,000 × 91 = 60.666… → 60.7; best = 4,000 ÷ 9,000 × 91 = 40.444… → 40.4;
    /// ADD = 2,000 ÷ 9,000 × 91 = 20.222… → 20.2 (not 60.7 − 40.4 = 20.3: rounded once, at the end);
    /// CEI = (9,000 + 3,000 − 6,000) ÷ (9,000 + 3,000 − 4,000) × 100 = 6,000 ÷ 8,000 × 100 = 75.0.
    @Test func quarterDividesSalesByMonths() throws {
        let quarter = KPIPeriod(start: d("2026-04-01"), end: d("2026-06-30"))!
        let report = try KPIReport(
            KPIInputs(
                period: quarter, currency: .EUR, arAtStart: eur("9000"), arAtEnd: eur("6000"),
                currentARAtEnd: eur("4000"), creditSales: eur("9000")))
        #expect(report.days == 91)
        #expect(report.months == 3)
        #expect(report.dso == 60.7)
        #expect(report.bestPossibleDSO == 40.4)
        #expect(report.add == 20.2)
        #expect(report.cei == 75.0)
    }

    /// No sales: DSO, best and ADD have no denominator → nil. CEI still works with S = 0:
    /// (10,000 − 8,000) ÷ (10,000 − 5,000) × 100 = 40.0.
    @Test func noSales() throws {
        var inputs = juneInputs()
        inputs.creditSales = .zero(.EUR)
        let report = try KPIReport(inputs)
        #expect(report.dso == nil)
        #expect(report.bestPossibleDSO == nil)
        #expect(report.add == nil)
        #expect(report.cei == 40.0)
    }

    /// Nothing collectible (AR start 0, S 0, current 0): CEI's denominator is 0 → nil. A negative
    /// "collectible" is meaningless too → nil.
    @Test func ceiWithoutAnythingCollectible() throws {
        let zero = Money.zero(.EUR)
        let report = try KPIReport(
            KPIInputs(
                period: june, currency: .EUR, arAtStart: zero, arAtEnd: zero, currentARAtEnd: zero, creditSales: zero))
        #expect(report.cei == nil)
        #expect(report.dso == nil)
        #expect(report.countbackDSO == 0)
        #expect(KPI.cei(arAtStart: 100, sales: 0, arAtEnd: 50, currentARAtEnd: 200, months: 1) == nil)
    }

    // MARK: Countback DSO

    /// AR end 8,000. June (30 days) sales 3,000: consumed whole → 30 days, 5,000 left.
    /// May (31) sales 4,000: consumed whole → 61 days, 1,000 left.
    /// April (30) sales 2,000: 1,000 ÷ 2,000 × 30 = 15 → 76.0. Given out of order on purpose.
    @Test func countbackAcrossThreeMonths() throws {
        var inputs = juneInputs()
        inputs.monthlySales = [
            MonthlySales(firstDay: d("2026-05-01"), days: 31, sales: eur("4000")),
            MonthlySales(firstDay: d("2026-04-01"), days: 30, sales: eur("2000")),
            MonthlySales(firstDay: d("2026-06-01"), days: 30, sales: eur("3000")),
        ]
        #expect(try KPIReport(inputs).countbackDSO == 76.0)
    }

    /// AR 1,500 inside June's 3,000 of sales: 1,500 ÷ 3,000 × 30 = 15.0. A month without sales is
    /// consumed whole: 0 sales in June (15 days so far), then 1,500 ÷ 3,000 × 31 = 15.5 → 30.5.
    /// AR 0 → 0. AR left after the oldest month → nil (history too short).
    @Test func countbackEdges() {
        let june = MonthlySales(KPIPeriod.calendarMonths(endingOn: d("2026-06-30"), count: 1)[0], sales: eur("3000"))
        #expect(june.days == 30)
        #expect(KPI.countbackDSO(ar: 150_000, months: [june]) == 15.0)
        let empty = MonthlySales(firstDay: d("2026-06-01"), days: 15, sales: .zero(.EUR))
        let may = MonthlySales(firstDay: d("2026-05-01"), days: 31, sales: eur("3000"))
        #expect(KPI.countbackDSO(ar: 150_000, months: [empty, may]) == 30.5)
        #expect(KPI.countbackDSO(ar: 0, months: [june]) == 0)
        #expect(KPI.countbackDSO(ar: -500, months: []) == 0)
        #expect(KPI.countbackDSO(ar: 400_000, months: [june]) == nil)
        #expect(KPI.countbackDSO(ar: 1, months: []) == nil)
        // Exactly consumed by June: 30 days, nothing left.
        #expect(KPI.countbackDSO(ar: 300_000, months: [june]) == 30.0)
    }

    // MARK: Timeliness

    /// Settled in June:
    ///   A 1,000.00 issued 05-02 due 06-01 settled 06-11: 10 days late, 40 days to pay.
    ///   B 3,000.00 issued 05-16 due 06-20 settled 06-15: early → 0 days late, 30 days to pay.
    ///   C 2,000.00 issued 04-20 due 05-20 settled 06-19, disputed: 30 days late, 60 days to pay.
    ///   D 9,000.00 settled 05-31: outside June, ignored.
    /// Weighted days late = (1,000 × 10 + 3,000 × 0 + 2,000 × 30) ÷ (1,000 + 3,000 + 2,000)
    ///   = 70,000 ÷ 6,000 = 11.666… → 11.7.
    /// Days to pay: disputed {C} = 60.0; never disputed {A, B} = (40 + 30) ÷ 2 = 35.0; difference 25.0.
    func settled() -> [SettledInvoice] {
        [
            SettledInvoice(
                amount: eur("1000"), issuedOn: d("2026-05-02"), dueOn: d("2026-06-01"), settledOn: d("2026-06-11"),
                disputed: false),
            SettledInvoice(
                amount: eur("3000"), issuedOn: d("2026-05-16"), dueOn: d("2026-06-20"), settledOn: d("2026-06-15"),
                disputed: false),
            SettledInvoice(
                amount: eur("2000"), issuedOn: d("2026-04-20"), dueOn: d("2026-05-20"), settledOn: d("2026-06-19"),
                disputed: true),
            SettledInvoice(
                amount: eur("9000"), issuedOn: d("2026-01-01"), dueOn: d("2026-01-31"), settledOn: d("2026-05-31"),
                disputed: true),
        ]
    }

    @Test func weightedDaysLateAndDaysToPay() throws {
        let invoices = settled()
        #expect(invoices.map(\.daysLate) == [10, 0, 30, 120])
        #expect(invoices.map(\.daysToPay) == [40, 30, 60, 150])
        var inputs = juneInputs()
        inputs.settled = invoices
        let report = try KPIReport(inputs)
        #expect(report.settledInvoices == 3)
        #expect(report.weightedAverageDaysLate == 11.7)
        #expect(report.daysToPay.disputed == KPIReport.PayGroup(invoices: 1, meanDays: 60.0))
        #expect(report.daysToPay.neverDisputed == KPIReport.PayGroup(invoices: 2, meanDays: 35.0))
        #expect(report.daysToPay.differenceDays == 25.0)
    }

    /// No settled invoice: no weighted average, no means, no difference — nil, not 0 or NaN.
    /// Only never-disputed ones: that group has a mean, the difference is still nil.
    @Test func timelinessWithoutSettlements() throws {
        let report = try KPIReport(juneInputs())
        #expect(report.settledInvoices == 0)
        #expect(report.weightedAverageDaysLate == nil)
        #expect(report.daysToPay.disputed == KPIReport.PayGroup(invoices: 0, meanDays: nil))
        #expect(report.daysToPay.neverDisputed == KPIReport.PayGroup(invoices: 0, meanDays: nil))
        #expect(report.daysToPay.differenceDays == nil)

        var inputs = juneInputs()
        inputs.settled = Array(settled().prefix(2))
        let clean = try KPIReport(inputs)
        #expect(clean.daysToPay.neverDisputed.meanDays == 35.0)
        #expect(clean.daysToPay.differenceDays == nil)
        // A, B: (1,000 × 10 + 3,000 × 0) ÷ 4,000 = 2.5.
        #expect(clean.weightedAverageDaysLate == 2.5)
    }

    // MARK: Disputes

    /// Resolved in June: damaged-goods after 4, 10 and 7 days; pricing-error after 5 days;
    /// a dispute resolved in May is ignored.
    /// damaged-goods: mean (4 + 10 + 7) ÷ 3 = 7.0; p90 rank ⌈0.9 × 3⌉ = 3 of [4, 7, 10] → 10.
    /// pricing-error: one dispute → mean 5.0, p90 5.
    /// Overall: [4, 5, 7, 10], mean 26 ÷ 4 = 6.5, p90 rank ⌈3.6⌉ = 4 → 10.
    @Test func cycleTimesPerCategoryAndOverall() throws {
        var inputs = juneInputs()
        inputs.resolutions = [
            DisputeResolution(category: "pricing-error", openedOn: d("2026-06-10"), resolvedOn: d("2026-06-15")),
            DisputeResolution(category: "damaged-goods", openedOn: d("2026-05-29"), resolvedOn: d("2026-06-02")),
            DisputeResolution(category: "damaged-goods", openedOn: d("2026-06-01"), resolvedOn: d("2026-06-11")),
            DisputeResolution(category: "damaged-goods", openedOn: d("2026-06-20"), resolvedOn: d("2026-06-27")),
            DisputeResolution(category: "damaged-goods", openedOn: d("2026-04-01"), resolvedOn: d("2026-05-31")),
        ]
        let cycle = try KPIReport(inputs).disputeCycleTime
        #expect(cycle.overall == KPIReport.CycleTime(category: nil, disputes: 4, meanDays: 6.5, p90Days: 10))
        #expect(
            cycle.categories == [
                KPIReport.CycleTime(category: "damaged-goods", disputes: 3, meanDays: 7.0, p90Days: 10),
                KPIReport.CycleTime(category: "pricing-error", disputes: 1, meanDays: 5.0, p90Days: 5),
            ])
    }

    @Test func noDisputeResolved() throws {
        let cycle = try KPIReport(juneInputs()).disputeCycleTime
        #expect(cycle.overall == nil)
        #expect(cycle.categories.isEmpty)
    }

    /// Nearest rank: rank ⌈p ÷ 100 × n⌉. p90 of 10 values → rank 9; of 11 → ⌈9.9⌉ = 10;
    /// of 20 → 18; of 1 → 1; p50 of 4 → 2; p100 → the largest; p0 → the smallest (rank at least 1).
    @Test(arguments: [
        (90, [7, 3, 10, 1, 5, 2, 9, 4, 8, 6], 9),
        (90, Array(1...11), 10),
        (90, Array(1...20).reversed(), 18),
        (90, [12], 12),
        (50, [40, 10, 30, 20], 20),
        (100, [3, 1, 2], 3),
        (0, [3, 1, 2], 1),
    ])
    func nearestRankPercentile(percentile: Int, values: [Int], expected: Int) {
        #expect(KPI.nearestRank(percentile: percentile, of: values) == expected)
    }

    @Test func nearestRankOfNothing() {
        #expect(KPI.nearestRank(percentile: 90, of: []) == nil)
    }

    /// Disputed open AR 1,200 ÷ overdue AR (8,000 − 5,000 = 3,000) × 100 = 40.0.
    /// Nothing overdue (current = AR end) → 0, by definition.
    @Test func disputeShare() throws {
        var inputs = juneInputs()
        inputs.disputedOpenAR = eur("1200")
        let report = try KPIReport(inputs)
        #expect(report.disputeSharePercent == 40.0)
        #expect(report.disputedOpenAR == "1200.00")

        inputs.currentARAtEnd = inputs.arAtEnd
        #expect(try KPIReport(inputs).disputeSharePercent == 0)
    }

    // MARK: Holds

    /// Hold 1: 10,000.00 all June → 1,000,000 cents × 30 days = 30,000,000 cent-days.
    /// Hold 2: 2,000.00 from 06-21, still standing → 200,000 × 10 = 2,000,000.
    /// Σ = 32,000,000 cent-days; at 8 % (800 bp): 32,000,000 × 800 ÷ (365 × 10,000)
    ///   = 25,600,000,000 ÷ 3,650,000 = 7,013.698… cents → 70.14.
    /// (Check: 10,000 × 8 % × 30 ÷ 365 = 65.75 and 2,000 × 8 % × 10 ÷ 365 = 4.38; rounding once
    /// at the end gives 70.14, not 70.13.)
    /// Average blocked = 32,000,000 ÷ 30 = 1,066,666.67 → 1,066,667 cents = 10,666.67.
    @Test func holdCost() throws {
        var inputs = juneInputs()
        let amountDays =
            Int64(1_000_000) * Int64(june.daysOverlapping(from: d("2026-05-15"), until: nil))
            + Int64(200_000) * Int64(june.daysOverlapping(from: d("2026-06-21"), until: nil))
        #expect(amountDays == 32_000_000)
        inputs.heldAmountDays = amountDays
        inputs.heldAtEnd = eur("12000")
        inputs.annualRateBasisPoints = 800
        let holds = try KPIReport(inputs).holds
        #expect(holds.cost == "70.14")
        #expect(holds.blockedAtEnd == "12000.00")
        #expect(holds.averageBlocked == "10666.67")
        #expect(holds.annualRateBasisPoints == 800)
    }

    /// Half a cent rounds away from zero: 1,825 cent-days × 1,000 bp ÷ 3,650,000 = 0.5 → 1 cent.
    /// One hold alone: 1,000,000 × 30 × 800 ÷ 3,650,000 = 6,575.34 → 65.75.
    @Test func holdCostRounding() {
        #expect(KPI.holdCost(amountDays: Money(minorUnits: 1825, currency: .EUR), basisPoints: 1000).minorUnits == 1)
        #expect(
            KPI.holdCost(amountDays: Money(minorUnits: 30_000_000, currency: .EUR), basisPoints: 800) == eur("65.75"))
        #expect(KPI.holdCost(amountDays: Money(minorUnits: 30_000_000, currency: .EUR), basisPoints: 0).isZero)
        // JPY has no minor digits: 1,000,000 yen × 365 days at 8 % = 80,000 yen.
        let yen = Money(minorUnits: 365_000_000, currency: .JPY)
        #expect(KPI.holdCost(amountDays: yen, basisPoints: 800) == Money(minorUnits: 80_000, currency: .JPY))
    }

    // MARK: Promises

    /// kept 3 ÷ (3 + 1 partly + 1 broken) = 60.0 %; partly kept counts as not kept;
    /// none due → nil; 2 of 3 → 66.666… → 66.7.
    @Test(arguments: [
        (PromiseTally(kept: 3, partlyKept: 1, broken: 1), 60.0 as Double?),
        (PromiseTally(kept: 0, partlyKept: 1, broken: 0), 0.0),
        (PromiseTally(kept: 2, partlyKept: 0, broken: 1), 66.7),
        (PromiseTally(kept: 4), 100.0),
        (PromiseTally(), nil),
    ])
    func promiseKeptRate(tally: PromiseTally, expected: Double?) throws {
        var inputs = juneInputs()
        inputs.promises = tally
        let promises = try KPIReport(inputs).promises
        #expect(promises.keptPercent == expected)
        #expect(
            promises.kept == tally.kept && promises.partlyKept == tally.partlyKept && promises.broken == tally.broken)
    }

    // MARK: Currencies, rounding, JSON

    @Test func refusesAnotherCurrency() {
        var inputs = juneInputs()
        inputs.settled = [
            SettledInvoice(
                amount: Money(minorUnits: 100, currency: .USD), issuedOn: d("2026-06-01"), dueOn: d("2026-06-01"),
                settledOn: d("2026-06-02"), disputed: false)
        ]
        #expect(throws: KPIError.currencyMismatch(field: "settled[0].amount", expected: .EUR, found: .USD)) {
            try KPIReport(inputs)
        }
        var other = juneInputs()
        other.heldAtEnd = Money(minorUnits: 1, currency: .GBP)
        #expect(throws: KPIError.currencyMismatch(field: "heldAtEnd", expected: .EUR, found: .GBP)) {
            try KPIReport(other)
        }
        #expect(
            KPIError.currencyMismatch(field: "heldAtEnd", expected: .EUR, found: .GBP).description
                == "heldAtEnd is in GBP but the KPIs are computed in EUR; compute one report per currency")
    }

    @Test(arguments: [
        (72.727, 72.7), (0.05, 0.1), (-0.05, -0.1), (0.04, 0.0), (-0.04, 0.0), (15.0, 15.0), (2.25, 2.3),
    ])
    func roundsToOneDecimalHalfAwayFromZero(value: Double, expected: Double) {
        let rounded = KPI.round1(value)
        #expect(rounded == expected)
        #expect(rounded?.sign == expected.sign)
    }

    @Test func roundingRefusesWhatIsNotFinite() {
        #expect(KPI.round1(nil) == nil)
        #expect(KPI.round1(.nan) == nil)
        #expect(KPI.round1(.infinity) == nil)
    }

    @Test func encodesCamelCaseWithExplicitNulls() throws {
        var inputs = juneInputs()
        inputs.creditSales = .zero(.EUR)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(try KPIReport(inputs)), as: UTF8.self)
        for fragment in [
            #""dso":null"#, #""countbackDSO":null"#, #""bestPossibleDSO":null"#, #""add":null"#, #""cei":40"#,
            #""arAtEnd":"8000.00""#, #""currentARAtEnd":"5000.00""#, #""currency":"EUR""#, #""from":"2026-06-01""#,
            #""to":"2026-06-30""#, #""weightedAverageDaysLate":null"#, #""overall":null"#,
            #""differenceDays":null"#, #""keptPercent":null"#, #""disputeSharePercent":0"#, #""cost":"0.00""#,
        ] {
            #expect(json.contains(fragment), "\(fragment) missing from \(json)")
        }
        #expect(!json.contains("nan") && !json.contains("inf"))
    }
}

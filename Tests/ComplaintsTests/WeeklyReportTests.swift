import Receivables
import Testing

@testable import Complaints

@Suite struct WeeklyReportTests {
    let week = IsoWeek(text: "2026-W48")!

    func fact(
        _ id: Int64, _ customer: String, _ category: String, _ day: String, _ cents: Int64, _ currency: Currency = .EUR
    )
        -> DisputeFact
    {
        DisputeFact(
            id: DisputeID(rawValue: id), customer: CustomerCode(customer), customerName: customer, category: category,
            amount: Money(minorUnits: cents, currency: currency), subjects: [], openedOn: Day(iso: day)!)
    }

    func report(_ disputes: [DisputeFact], resolved: [String: Int] = [:]) -> WeeklyReport {
        WeeklyReport(
            WeeklyReport.Inputs(
                asOf: week.sunday, week: week, taxonomy: Taxonomy(categories: [], owners: [], management: []),
                baseCurrency: .EUR, disputes: disputes, resolvedByCategory: resolved,
                holds: .init(
                    active: 0, amounts: CurrencyTotals(), placedThisWeek: 0, releasedThisWeek: 0, oldestPlacedOn: nil),
                owners: [], escalations: []))
    }

    @Test func ordersCategoriesByCountThenAmount() {
        let r = report([
            fact(1, "C-1", "damaged-goods", "2026-11-23", 100), fact(2, "C-2", "damaged-goods", "2026-11-24", 100),
            fact(3, "C-3", "pricing-error", "2026-11-25", 50_000, .USD),
            fact(4, "C-4", "wrong-item", "2026-11-29", 900),
            fact(5, "C-5", "late-delivery", "2026-11-26", 800),
            // Outside the week: counted in the trend and for recurrence only.
            fact(6, "C-1", "damaged-goods", "2026-11-22", 100),
        ])
        #expect(r.categories.map(\.code) == ["damaged-goods", "wrong-item", "late-delivery", "pricing-error"])
        #expect(r.categories.map(\.opened) == [2, 1, 1, 1])
        #expect(r.categories.map(\.share) == [0.4, 0.2, 0.2, 0.2])
        #expect(r.categories.map(\.cumulativeShare) == [0.4, 0.6, 0.8, 1.0])
        #expect(r.opened == 5)
        #expect(r.amounts.description == "19.00 EUR + 500.00 USD")
    }

    @Test func countsRecurrenceWithinTheWeek() {
        let r = report([
            fact(1, "C-1", "damaged-goods", "2026-08-25", 100),  // 90 days before 2026-11-23
            fact(2, "C-1", "damaged-goods", "2026-11-23", 100),
            fact(3, "C-2", "damaged-goods", "2026-08-25", 100),  // 91 days before 2026-11-24
            fact(4, "C-2", "damaged-goods", "2026-11-24", 100),
        ])
        #expect(r.recurring == 1)
        #expect(r.recurrences.map(\.dispute) == [DisputeID(rawValue: 2)])
        #expect(r.categories.first?.recurring == 1)
    }

    @Test func resolvedOnlyCategoriesStillShow() {
        let r = report([fact(1, "C-1", "wrong-item", "2026-11-23", 100)], resolved: ["missing-pod": 2])
        #expect(r.categories.map(\.code) == ["wrong-item", "missing-pod"])
        #expect(r.categories.last?.share == 0)
        #expect(r.categories.last?.cumulativeShare == 1.0)
        #expect(r.resolved == 2)
    }

    @Test func trendsTwelveWeeksEndingWithTheReportsWeek() {
        let r = report([
            fact(1, "C-1", "wrong-item", "2026-09-07", 100), fact(2, "C-1", "wrong-item", "2026-11-29", 100),
        ])
        #expect(r.trend.count == 12)
        #expect(r.trend.first?.week.description == "2026-W37")
        #expect(r.trend.last?.week == week)
        #expect(r.trend.first?.opened == 1)
        #expect(r.trend.last?.opened == 1)
        // 83 days after the first one, same customer and category: recurring.
        #expect(r.trend.last?.recurring == 1)
        #expect(WeeklyReport.Inputs.historyStart(for: week).iso == "2026-06-09")
    }

    @Test func anEmptyWeekHasNoShares() {
        let r = report([])
        #expect(r.categories.isEmpty)
        #expect(r.opened == 0)
    }
}

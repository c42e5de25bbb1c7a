import Foundation
import Receivables
import Testing

@testable import Complaints

@Suite struct ActionStandingTests {
    let done = Day(iso: "2026-03-02")!

    func action(
        _ id: Int64 = 1, category: String = "wrong-item", subject: Subject? = nil, dueOn: Day? = nil,
        state: CorrectiveAction.State
    ) -> CorrectiveAction {
        CorrectiveAction(
            id: ActionID(rawValue: id), category: category, subject: subject, owner: "logistics",
            dueOn: dueOn ?? done, title: "Check the picking", state: state)
    }

    func dispute(
        _ id: Int64, customer: String, _ category: String, _ offset: Int, subjects: [String] = []
    )
        -> DisputeOccurrence
    {
        DisputeOccurrence(
            id: DisputeID(rawValue: id), customer: CustomerCode(customer), category: category,
            subjects: subjects.compactMap { Subject(text: $0) }, openedOn: done + offset)
    }

    // MARK: A customer as subject

    @Test func aCustomerSubjectMatchesThatCustomersDisputes() {
        let fix = action(subject: Subject(key: "customer", value: "C-0042"), state: .done(on: done))
        let disputes = [
            dispute(1, customer: "C-0007", "wrong-item", 5),
            dispute(2, customer: "C-0042", "damaged-goods", 6),
            dispute(3, customer: "C-0042", "wrong-item", 7),
            // Named as a subject by a dispute of another customer (a delivery for C-0042 sent elsewhere).
            dispute(4, customer: "C-0009", "wrong-item", 8, subjects: ["customer=C-0042"]),
        ]
        #expect(
            effectiveness(of: fix, disputes: disputes, asOf: done + 60)
                == .ineffective(recurrences: [DisputeID(rawValue: 3), DisputeID(rawValue: 4)]))
    }

    // MARK: Standing on a day

    @Test func aStateReachedAfterTheDayIsRolledBack() {
        let verified = action(state: .verified(doneOn: done, verifiedOn: done + 70))
        #expect(ActionStanding(action: verified, lastDoneOn: done, disputes: [], asOf: done - 1).action.state == .open)
        #expect(
            ActionStanding(action: verified, lastDoneOn: done, disputes: [], asOf: done + 10).action.state
                == .done(on: done))
        #expect(
            ActionStanding(action: verified, lastDoneOn: done, disputes: [], asOf: done + 70).action.state
                == .verified(doneOn: done, verifiedOn: done + 70))

        let reopened = action(state: .reopened(on: done + 20))
        let before = ActionStanding(action: reopened, lastDoneOn: done, disputes: [], asOf: done + 19)
        #expect(before.action.state == .done(on: done))
        #expect(before.failedAttempt == nil)
    }

    @Test func aReopenedActionNamesTheDisputesThatMadeItFail() {
        let reopened = action(dueOn: done + 40, state: .reopened(on: done + 20))
        let disputes = [
            dispute(1, customer: "C-1", "wrong-item", 3), dispute(2, customer: "C-2", "wrong-item", 12),
            // After the reopening: not part of the failed attempt.
            dispute(3, customer: "C-3", "wrong-item", 25),
        ]
        let standing = ActionStanding(action: reopened, lastDoneOn: done, disputes: disputes, asOf: done + 30)
        #expect(standing.effectiveness == .notDone)
        #expect(standing.failedAttempt?.recurrences == [DisputeID(rawValue: 1), DisputeID(rawValue: 2)])
        #expect(standing.failedAttempt?.doneOn == done)
        #expect(!standing.overdue)
        #expect(standing.alert == nil)
        // Past its new due day it is overdue, from the day after.
        let late = ActionStanding(action: reopened, lastDoneOn: done, disputes: disputes, asOf: done + 41)
        #expect(late.overdue)
        #expect(late.alert?.kind == .overdue(dueOn: done + 40))
        #expect(late.alert?.crossedOn == done + 41)
    }

    @Test func theAlertOfAnIneffectiveActionIsTheFirstRecurrence() {
        let fix = action(state: .done(on: done))
        let disputes = [dispute(1, customer: "C-1", "wrong-item", 9), dispute(2, customer: "C-1", "wrong-item", 4)]
        let standing = ActionStanding(action: fix, lastDoneOn: done, disputes: disputes, asOf: done + 10)
        #expect(standing.alert?.crossedOn == done + 4)
        #expect(standing.alert?.kind == .ineffective(recurrences: [DisputeID(rawValue: 2), DisputeID(rawValue: 1)]))
    }

    // MARK: Reported category against root cause

    @Test func rootCausesAreCountedApartFromWhatCustomersReported() {
        let causes = WeeklyReport.RootCauses(
            [
                ("unexplained-deduction", "pricing-error"), ("unexplained-deduction", "pricing-error"),
                ("unexplained-deduction", nil), ("pricing-error", "pricing-error"), ("damaged-goods", "damaged-goods"),
                ("missing-pod", "late-delivery"),
            ],
            taxonomy: Taxonomy(categories: [], owners: [], management: []))
        #expect(causes.resolved == 6)
        #expect(causes.stated == 5)
        #expect(causes.notStated == 1)
        #expect(causes.reclassified == 3)
        let lines = Dictionary(uniqueKeysWithValues: causes.lines.map { ($0.code, $0) })
        // What customers complained about …
        #expect(lines["unexplained-deduction"]?.reported == 3)
        #expect(lines["pricing-error"]?.reported == 1)
        #expect(lines["missing-pod"]?.reported == 1)
        // … and what actually caused it.
        #expect(lines["unexplained-deduction"]?.found == 0)
        #expect(lines["pricing-error"]?.found == 3)
        #expect(lines["pricing-error"]?.foundReportedAs == ["unexplained-deduction": 2, "pricing-error": 1])
        #expect(lines["late-delivery"]?.found == 1)
        #expect(lines["late-delivery"]?.reported == 0)
        // Most found first.
        #expect(causes.lines.first?.code == "pricing-error")
    }

    // MARK: Week over week

    func report(_ opened: Int, week: IsoWeek, previous: WeeklyReport? = nil) -> WeeklyReport {
        let facts = (0..<opened).map { index in
            DisputeFact(
                id: DisputeID(rawValue: Int64(index + 1)), customer: CustomerCode("C-\(index)"),
                customerName: "C", category: "wrong-item", amount: Money(minorUnits: 1_000, currency: .EUR),
                subjects: [], openedOn: week.monday)
        }
        var inputs = WeeklyReport.Inputs(
            asOf: week.sunday, week: week, taxonomy: Taxonomy(categories: [], owners: [], management: []),
            baseCurrency: .EUR, disputes: facts, resolvedByCategory: [:],
            holds: .init(
                active: opened, amounts: CurrencyTotals([Money(minorUnits: Int64(opened) * 500, currency: .EUR)]),
                placedThisWeek: 0, releasedThisWeek: 0, oldestPlacedOn: nil),
            owners: [], escalations: [])
        inputs.previous = previous
        return WeeklyReport(inputs)
    }

    @Test func eachFigureIsComparedWithTheWeekBefore() {
        let w47 = IsoWeek(text: "2026-W47")!
        let w48 = IsoWeek(text: "2026-W48")!
        let r = report(5, week: w48, previous: report(2, week: w47))
        #expect(r.previousWeek == w47)
        let opened = r.changes.first { $0.key == "opened" }
        #expect(opened?.current == .number(5))
        #expect(opened?.previous == .number(2))
        #expect(opened?.change == .number(3))
        let cash = r.changes.first { $0.key == "cashBlocked" && $0.currency == .EUR }
        #expect(cash?.change == .amount(Money(minorUnits: 1_500, currency: .EUR)))
        #expect(r.categories.first?.openedPreviousWeek == 2)
        // Without the week before, nothing is compared.
        #expect(report(1, week: w48).changes.isEmpty)
    }
}

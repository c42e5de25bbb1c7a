import Foundation
import Receivables
import Testing

@testable import Complaints

@Suite struct CorrectiveActionTests {
    /// The day the fix was done; the window is done + 1 … done + 56.
    let done = Day(iso: "2026-03-02")!
    let sku = Subject(key: "sku", value: "CHR-220")

    func action(
        _ id: Int64 = 3, category: String = "damaged-goods", subject: Subject? = nil, dueOn: Day? = nil,
        state: CorrectiveAction.State = .open
    ) -> CorrectiveAction {
        CorrectiveAction(
            id: ActionID(rawValue: id), category: category, subject: subject, owner: "logistics",
            dueOn: dueOn ?? done, title: "Double-box the CHR-220 chairs", state: state)
    }

    func dispute(_ id: Int64, _ category: String, _ offset: Int, subjects: [String] = []) -> DisputeOccurrence {
        DisputeOccurrence(
            id: DisputeID(rawValue: id), customer: CustomerCode("C-\(id)"), category: category,
            subjects: subjects.compactMap { Subject(text: $0) }, openedOn: done + offset)
    }

    func ids(_ values: Int64...) -> [DisputeID] { values.map { DisputeID(rawValue: $0) } }

    // MARK: Effectiveness window

    @Test func day56CountsAndDay57DoesNot() {
        let fix = action(subject: sku, state: .done(on: done))
        let on56 = [dispute(1, "damaged-goods", 56, subjects: ["sku=CHR-220"])]
        let on57 = [dispute(2, "damaged-goods", 57, subjects: ["sku=CHR-220"])]
        #expect(effectiveness(of: fix, disputes: on56, asOf: done + 60) == .ineffective(recurrences: ids(1)))
        #expect(effectiveness(of: fix, disputes: on57, asOf: done + 60) == .effective(since: done + 57))
    }

    @Test func theDoneDayItselfDoesNotCount() {
        let fix = action(subject: sku, state: .done(on: done))
        let sameDay = [dispute(1, "damaged-goods", 0, subjects: ["sku=CHR-220"])]
        #expect(effectiveness(of: fix, disputes: sameDay, asOf: done + 10) == .pending(until: done + 56))
        #expect(effectiveness(of: fix, disputes: sameDay, asOf: done + 57) == .effective(since: done + 57))
        let dayAfter = [dispute(2, "damaged-goods", 1, subjects: ["sku=CHR-220"])]
        #expect(effectiveness(of: fix, disputes: dayAfter, asOf: done + 1) == .ineffective(recurrences: ids(2)))
    }

    @Test func anotherSubjectOrCategoryDoesNotCount() {
        let fix = action(subject: sku, state: .done(on: done))
        let others = [
            dispute(1, "damaged-goods", 10, subjects: ["sku=TBL-100"]),
            dispute(2, "damaged-goods", 11),
            dispute(3, "late-delivery", 12, subjects: ["sku=CHR-220"]),
            // Subject values are compared as typed.
            dispute(4, "damaged-goods", 13, subjects: ["carrier=CHR-220"]),
        ]
        #expect(effectiveness(of: fix, disputes: others, asOf: done + 57) == .effective(since: done + 57))
        // Among other subjects, the action's own still counts.
        let mixed = others + [dispute(5, "damaged-goods", 20, subjects: ["carrier=Geodis", "sku=CHR-220"])]
        #expect(effectiveness(of: fix, disputes: mixed, asOf: done + 57) == .ineffective(recurrences: ids(5)))
    }

    @Test func anActionWithoutSubjectCountsAnySubject() {
        let fix = action(state: .done(on: done))
        let disputes = [
            dispute(1, "damaged-goods", 30, subjects: ["sku=TBL-100"]),
            dispute(2, "damaged-goods", 5),
            dispute(3, "late-delivery", 6),
        ]
        #expect(effectiveness(of: fix, disputes: disputes, asOf: done + 40) == .ineffective(recurrences: ids(2, 1)))
    }

    @Test func pendingUntilTheWindowIsOverThenEffective() {
        let fix = action(subject: sku, state: .done(on: done))
        #expect(effectiveness(of: fix, disputes: [], asOf: done) == .pending(until: done + 56))
        #expect(effectiveness(of: fix, disputes: [], asOf: done + 30) == .pending(until: done + 56))
        // The window's last day is not over yet.
        #expect(effectiveness(of: fix, disputes: [], asOf: done + 56) == .pending(until: done + 56))
        #expect(effectiveness(of: fix, disputes: [], asOf: done + 57) == .effective(since: done + 57))
        #expect(effectiveness(of: fix, disputes: [], asOf: done + 400) == .effective(since: done + 57))
    }

    @Test func ineffectiveAsSoonAsOneRecursEvenBeforeTheWindowEnds() {
        let fix = action(subject: sku, state: .done(on: done))
        let disputes = [
            dispute(7, "damaged-goods", 40, subjects: ["sku=CHR-220"]),
            dispute(4, "damaged-goods", 3, subjects: ["sku=CHR-220"]),
            dispute(5, "damaged-goods", 3, subjects: ["sku=CHR-220"]),
        ]
        #expect(effectiveness(of: fix, disputes: disputes, asOf: done + 5) == .ineffective(recurrences: ids(4, 5)))
        #expect(effectiveness(of: fix, disputes: disputes, asOf: done + 80) == .ineffective(recurrences: ids(4, 5, 7)))
    }

    @Test func judgedOnlyFromWhatWasKnownOnTheAsOfDay() {
        let fix = action(subject: sku, state: .done(on: done))
        let later = [dispute(1, "damaged-goods", 30, subjects: ["sku=CHR-220"])]
        #expect(effectiveness(of: fix, disputes: later, asOf: done + 20) == .pending(until: done + 56))
        // Done after the as-of day: not done yet then.
        #expect(effectiveness(of: fix, disputes: later, asOf: done - 1) == .notDone)
    }

    @Test func openOrReopenedIsNotDoneAndVerifiedIsJudgedLikeDone() {
        let recurrence = [dispute(1, "damaged-goods", 10)]
        #expect(effectiveness(of: action(), disputes: recurrence, asOf: done + 90) == .notDone)
        #expect(
            effectiveness(of: action(state: .reopened(on: done + 11)), disputes: recurrence, asOf: done + 90)
                == .notDone)
        let verified = action(state: .verified(doneOn: done, verifiedOn: done + 60))
        #expect(effectiveness(of: verified, disputes: [], asOf: done + 90) == .effective(since: done + 57))
        #expect(effectiveness(of: verified, disputes: recurrence, asOf: done + 90) == .ineffective(recurrences: ids(1)))
    }

    @Test func effectivenessEncodesItsStatus() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json(_ value: Effectiveness) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        #expect(try json(.notDone) == #"{"status":"not-done"}"#)
        #expect(try json(.pending(until: done + 56)) == #"{"status":"pending","until":"2026-04-27"}"#)
        #expect(try json(.effective(since: done + 57)) == #"{"since":"2026-04-28","status":"effective"}"#)
        #expect(
            try json(.ineffective(recurrences: ids(4, 9))) == #"{"recurrences":["D-4","D-9"],"status":"ineffective"}"#)
    }

    // MARK: Transitions

    @Test func openDoneVerified() throws {
        let open = action()
        let doneAction = try open.applying(.markDone(on: done))
        #expect(doneAction.state == .done(on: done))
        #expect(doneAction.state.status == .done)
        let verified = try doneAction.applying(.verify(on: done + 60))
        #expect(verified.state == .verified(doneOn: done, verifiedOn: done + 60))
        #expect(verified.state.status == .verified)
        #expect(verified.state.doneOn == done)
        // Everything else is untouched.
        #expect(verified.id == open.id && verified.title == open.title && verified.dueOn == open.dueOn)
        // Verified the same day it was done is allowed.
        #expect(try doneAction.applying(.verify(on: done)).state == .verified(doneOn: done, verifiedOn: done))
    }

    @Test func doneReopenedDoneAgain() throws {
        let reopened = try action(state: .done(on: done)).applying(.reopen(on: done + 20))
        #expect(reopened.state == .reopened(on: done + 20))
        #expect(reopened.state.status == .open)
        #expect(reopened.state.doneOn == nil)
        let again = try reopened.applying(.markDone(on: done + 30))
        #expect(again.state == .done(on: done + 30))
    }

    @Test(arguments: [
        (
            CorrectiveAction.State.open, ActionTransition.verify(on: Day(iso: "2026-03-10")!),
            "CA-3 is not done yet; mark it done first"
        ),
        (
            .reopened(on: Day(iso: "2026-03-05")!), .verify(on: Day(iso: "2026-03-10")!),
            "CA-3 is not done yet; mark it done first"
        ),
        (
            .open, .reopen(on: Day(iso: "2026-03-10")!),
            "CA-3 is open, not done; only a done action can be reopened"
        ),
        (
            .done(on: Day(iso: "2026-03-02")!), .markDone(on: Day(iso: "2026-03-10")!),
            "CA-3 is already done (on 2026-03-02); reopen it first to do it again"
        ),
        (
            .done(on: Day(iso: "2026-03-02")!), .verify(on: Day(iso: "2026-03-01")!),
            "CA-3 was done on 2026-03-02; it cannot be verified on 2026-03-01, an earlier day"
        ),
        (
            .done(on: Day(iso: "2026-03-02")!), .reopen(on: Day(iso: "2026-02-27")!),
            "CA-3 was done on 2026-03-02; it cannot be reopened on 2026-02-27, an earlier day"
        ),
        (
            .verified(doneOn: Day(iso: "2026-03-02")!, verifiedOn: Day(iso: "2026-05-01")!),
            .reopen(on: Day(iso: "2026-05-10")!),
            "CA-3 was verified on 2026-05-01 and is closed; open a new corrective action if the problem is back"
        ),
        (
            .verified(doneOn: Day(iso: "2026-03-02")!, verifiedOn: Day(iso: "2026-05-01")!),
            .verify(on: Day(iso: "2026-05-10")!), "CA-3 is already verified (on 2026-05-01); nothing left to do"
        ),
        (
            .verified(doneOn: Day(iso: "2026-03-02")!, verifiedOn: Day(iso: "2026-05-01")!),
            .markDone(on: Day(iso: "2026-05-10")!), "CA-3 is already verified (on 2026-05-01); nothing left to do"
        ),
    ])
    func refusedTransitionsSayWhatToDo(state: CorrectiveAction.State, transition: ActionTransition, message: String) {
        let subject = action(state: state)
        do {
            _ = try subject.applying(transition)
            Issue.record("\(transition) from \(state) should be refused")
        } catch {
            #expect(error.description == message)
            #expect(error.action == ActionID(rawValue: 3))
            #expect(error.transition == transition)
        }
    }

    @Test func refusalCarriesAReasonToMatchOn() {
        #expect(
            throws: ActionTransitionError(
                action: ActionID(rawValue: 3), transition: .verify(on: done), reason: .notDone)
        ) {
            try action().applying(.verify(on: done))
        }
    }

    // MARK: Escalation

    @Test func overdueCrossesTheDayAfterTheDueDay() {
        let due = done
        let open = action(1, dueOn: due)
        #expect(actionAlerts(for: [open], disputes: [], on: due).isEmpty)
        let expected = ActionAlert(action: open.id, owner: "logistics", kind: .overdue(dueOn: due), crossedOn: due + 1)
        #expect(actionAlerts(for: [open], disputes: [], on: due + 1) == [expected])
        // Still the same crossing days later: a caller journals it once.
        #expect(actionAlerts(for: [open], disputes: [], on: due + 10) == [expected])
        #expect(open.isOverdue(on: due + 1) && !open.isOverdue(on: due))
        // Done in time (or late): no longer overdue.
        #expect(
            actionAlerts(for: [action(1, dueOn: due, state: .done(on: due + 3))], disputes: [], on: due + 10).isEmpty)
    }

    @Test func reopenedAfterTheDueDayCrossesOnTheReopeningDay() {
        let due = done
        let late = action(1, dueOn: due, state: .reopened(on: due + 20))
        #expect(actionAlerts(for: [late], disputes: [], on: due + 25).map(\.crossedOn) == [due + 20])
        let early = action(2, dueOn: due + 30, state: .reopened(on: due + 5))
        #expect(actionAlerts(for: [early], disputes: [], on: due + 40).map(\.crossedOn) == [due + 31])
        #expect(actionAlerts(for: [early], disputes: [], on: due + 30).isEmpty)
    }

    @Test func ineffectiveCrossesOnTheFirstRecurrence() {
        let fix = action(5, subject: sku, dueOn: done + 100, state: .done(on: done))
        let disputes = [
            dispute(8, "damaged-goods", 30, subjects: ["sku=CHR-220"]),
            dispute(6, "damaged-goods", 12, subjects: ["sku=CHR-220"]),
            dispute(7, "damaged-goods", 11, subjects: ["sku=TBL-100"]),
        ]
        #expect(actionAlerts(for: [fix], disputes: disputes, on: done + 11).isEmpty)
        let alerts = actionAlerts(for: [fix], disputes: disputes, on: done + 40)
        #expect(
            alerts == [
                ActionAlert(
                    action: fix.id, owner: "logistics", kind: .ineffective(recurrences: ids(6, 8)), crossedOn: done + 12
                )
            ])
        // Verified actions are watched too; effective ones are not alerted.
        let verified = action(6, subject: sku, state: .verified(doneOn: done, verifiedOn: done + 5))
        #expect(actionAlerts(for: [verified], disputes: disputes, on: done + 12).map(\.crossedOn) == [done + 12])
        #expect(actionAlerts(for: [action(7, state: .done(on: done))], disputes: [], on: done + 90).isEmpty)
    }

    @Test func alertsAreOrderedByCrossingDayThenAction() {
        let actions = [
            action(9, dueOn: done + 2),
            action(4, subject: sku, state: .done(on: done)),
            action(2, dueOn: done + 2),
            action(1, dueOn: done + 50),
            action(3, dueOn: done - 10, state: .done(on: done + 30)),
        ]
        let disputes = [dispute(1, "damaged-goods", 1, subjects: ["sku=CHR-220"])]
        let alerts = actionAlerts(for: actions, disputes: disputes, on: done + 20)
        // CA-3 was done on done + 30, so on done + 20 it was still open, overdue since done − 9.
        #expect(alerts.map(\.action.rawValue) == [3, 4, 2, 9])
        #expect(alerts.map(\.crossedOn) == [done - 9, done + 1, done + 3, done + 3])
    }
}

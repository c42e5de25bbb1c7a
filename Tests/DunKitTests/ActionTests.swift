import Complaints
import LedgerPort
import Receivables
import Store
import Testing

@testable import DunKit

@Suite struct ActionTests {
    let chairs = Subject(key: "sku", value: "CHR-220")

    func addChairAction(_ desk: Desk, on day: String, due: String, disputes: [DisputeID] = []) throws -> ActionDetail {
        try desk.on(day).addAction(
            ActionRequest(
                category: "damaged-goods", subject: chairs, owner: "logistics", dueOn: Day(iso: due)!,
                title: "Double-box the CHR-220 chairs", disputes: disputes))
    }

    func logChairDamage(_ desk: Desk, on day: String, sku: String = "CHR-220") throws -> DisputeID {
        try desk.on(day).logDispute(
            DisputeRequest(
                invoices: ["INV-1"], category: "damaged-goods", amount: "10.00",
                subjects: [Subject(key: "sku", value: sku)])
        ).record.dispute.id
    }

    // MARK: Lifecycle

    @Test func opensLinksCompletesAndVerifiesInJournaledSteps() throws {
        let desk = try Desk()
        let first = try logChairDamage(desk, on: "2026-11-02")
        let added = try addChairAction(desk, on: "2026-11-02", due: "2026-11-20", disputes: [first])
        let action = added.record.action
        #expect(action.id.description == "CA-1")
        #expect(action.state == .open)
        #expect(action.subject == chairs)
        #expect(added.record.disputes == [first])
        #expect(added.standing.effectiveness == .notDone)
        #expect(added.history.map(\.action) == ["action.add", "action.link"])

        let done = try desk.on("2026-11-10").markActionDone(action.id, note: "Second box and corners")
        #expect(done.record.action.state == .done(on: Day(iso: "2026-11-10")!))
        #expect(done.standing.effectiveness == .pending(until: Day(iso: "2027-01-05")!))
        let verified = try desk.on("2026-11-12").verifyAction(action.id, note: nil)
        #expect(
            verified.record.action.state
                == .verified(doneOn: Day(iso: "2026-11-10")!, verifiedOn: Day(iso: "2026-11-12")!))
        #expect(verified.history.map(\.action) == ["action.add", "action.link", "action.done", "action.verify"])
        // The dispute knows the action that addresses it.
        #expect(try desk.ledger.read { try $0.actions(addressing: first) } == [action.id])
        #expect(try desk.on("2026-11-12").history(of: "CA-1").entries.count == 4)
    }

    @Test func aReopenedActionKeepsItsFailedAttemptAndTakesANewDueDay() throws {
        let desk = try Desk()
        let id = try addChairAction(desk, on: "2026-11-02", due: "2026-11-09").record.action.id
        _ = try desk.on("2026-11-05").markActionDone(id, note: nil)
        let back = try logChairDamage(desk, on: "2026-11-12")
        let reopened = try desk.on("2026-11-16").reopenAction(
            id, dueOn: Day(iso: "2026-12-01")!, note: "Broken inside the double box")
        #expect(reopened.record.action.state == .reopened(on: Day(iso: "2026-11-16")!))
        #expect(reopened.record.action.dueOn == Day(iso: "2026-12-01")!)
        #expect(reopened.record.lastDoneOn == Day(iso: "2026-11-05")!)
        #expect(reopened.standing.failedAttempt?.recurrences == [back])
        #expect(reopened.history.last?.details["recurrences"] == back.description)
        // Done again: a new window from the new done day.
        let again = try desk.on("2026-11-20").markActionDone(id, note: nil)
        #expect(again.standing.effectiveness == .pending(until: Day(iso: "2027-01-15")!))
    }

    @Test func listsActionsWithWhetherTheyWorked() throws {
        let desk = try Desk()
        let id = try addChairAction(desk, on: "2026-11-02", due: "2026-11-09").record.action.id
        _ = try desk.on("2026-11-03").addAction(
            ActionRequest(
                category: "pricing-error", owner: "billing", dueOn: Day(iso: "2026-11-30")!, title: "New price list"))
        _ = try desk.on("2026-11-05").markActionDone(id, note: nil)
        _ = try logChairDamage(desk, on: "2026-11-12")
        let all = try desk.on("2026-11-13").actions(ActionFilter())
        #expect(all.map(\.record.action.id.description) == ["CA-1", "CA-2"])
        #expect(all[0].standing.effectiveness == .ineffective(recurrences: [DisputeID(rawValue: 1)]))
        #expect(all[1].standing.effectiveness == .notDone)
        #expect(try desk.on("2026-11-13").actions(ActionFilter(status: .open)).count == 1)
        #expect(try desk.on("2026-11-13").actions(ActionFilter(owner: "billing")).count == 1)
        // Before it was opened, an action is not listed.
        #expect(try desk.on("2026-11-02").actions(ActionFilter()).count == 1)
    }

    @Test func aDisputeWhoseRootCauseIsTheCategoryCanBeLinked() throws {
        let desk = try Desk()
        let deduction = try desk.on("2026-11-02").logDispute(
            DisputeRequest(invoices: ["INV-2"], category: "unexplained-deduction", amount: "20.00")
        ).record.dispute.id
        _ = try desk.on("2026-11-04").resolveDispute(
            deduction, ResolutionRequest(outcome: .credit, rootCause: "pricing-error"))
        let action = try desk.on("2026-11-05").addAction(
            ActionRequest(
                category: "pricing-error", owner: "billing", dueOn: Day(iso: "2026-11-30")!,
                title: "Load the 2027 price list", disputes: [deduction]))
        #expect(action.record.disputes == [deduction])
    }

    // MARK: Effectiveness on a ledger

    /// Done on 2026-10-02: day 56 is 2026-11-27, day 57 is 2026-11-28.
    func effectiveness(disputeOn day: String, sku: String = "CHR-220") throws -> Effectiveness {
        let desk = try Desk()
        let id = try addChairAction(desk, on: "2026-10-01", due: "2026-10-20").record.action.id
        _ = try desk.on("2026-10-02").markActionDone(id, note: nil)
        _ = try logChairDamage(desk, on: day, sku: sku)
        return try desk.on("2026-12-01").action(id).standing.effectiveness
    }

    @Test func aRecurrenceOnDay56MakesItIneffective() throws {
        #expect(try effectiveness(disputeOn: "2026-11-27") == .ineffective(recurrences: [DisputeID(rawValue: 1)]))
    }

    @Test func aDisputeOnDay57DoesNotCount() throws {
        #expect(try effectiveness(disputeOn: "2026-11-28") == .effective(since: Day(iso: "2026-11-28")!))
    }

    @Test func anotherSubjectDoesNotCount() throws {
        #expect(
            try effectiveness(disputeOn: "2026-10-20", sku: "TRY-060") == .effective(since: Day(iso: "2026-11-28")!))
    }

    // MARK: Refusals

    @Test(arguments: [
        (
            "cosmic-rays", "logistics", "2026-11-20", "Fix",
            "category \"cosmic-rays\" does not exist (see `dun taxonomy show`)"
        ),
        (
            "damaged-goods/in-transit", "logistics", "2026-11-20", "Fix",
            "a corrective action targets a whole category: use --category damaged-goods, not damaged-goods/in-transit"
        ),
        ("damaged-goods", "nobody", "2026-11-20", "Fix", "owner \"nobody\" does not exist (see `dun taxonomy show`)"),
        ("damaged-goods", "logistics", "2026-11-01", "Fix", "--due 2026-11-01 is before the as-of day"),
        ("damaged-goods", "logistics", "2026-11-20", "  ", "the title is empty"),
    ])
    func refusesABadAction(category: String, owner: String, due: String, title: String, message: String) throws {
        let desk = try Desk()
        let before = try desk.journalCount()
        #expect {
            try desk.on("2026-11-02").addAction(
                ActionRequest(category: category, owner: PersonKey(owner), dueOn: Day(iso: due)!, title: title))
        } throws: { ($0 as? RuleViolation)?.description == message }
        #expect(try desk.journalCount() == before)
        #expect(try desk.ledger.read { try $0.actions(on: .latest) }.isEmpty)
    }

    @Test func refusesWrongMovesAndLinksWithoutChangingAnything() throws {
        let desk = try Desk()
        let wrongItem = try desk.on("2026-11-02").logDispute(
            DisputeRequest(invoices: ["INV-2"], category: "wrong-item")
        )
        .record.dispute.id
        let chair = try logChairDamage(desk, on: "2026-11-02")
        let id = try addChairAction(desk, on: "2026-11-02", due: "2026-11-20", disputes: [chair]).record.action.id
        let before = try desk.journalCount()
        func refused(_ message: String, _ body: () throws -> Void) {
            #expect { try body() } throws: { ($0 as? RuleViolation)?.description == message }
        }
        let desk3 = desk.on("2026-11-03")
        refused("corrective action CA-9 does not exist") {
            _ = try desk3.markActionDone(ActionID(rawValue: 9), note: nil)
        }
        refused("CA-1 is not done yet; mark it done first") { _ = try desk3.verifyAction(id, note: nil) }
        refused("CA-1 is open, not done; only a done action can be reopened") {
            _ = try desk3.reopenAction(id, dueOn: nil, note: nil)
        }
        refused("dispute D-99 does not exist") { _ = try desk3.linkDisputes([DisputeID(rawValue: 99)], to: id) }
        refused("dispute D-1 is about wrong-item, not damaged-goods, which CA-1 addresses") {
            _ = try desk3.linkDisputes([wrongItem], to: id)
        }
        refused("dispute D-2 is already linked to CA-1") { _ = try desk3.linkDisputes([chair], to: id) }
        #expect(try desk.journalCount() == before)

        _ = try desk.on("2026-11-10").markActionDone(id, note: nil)
        refused("CA-1 is already done (on 2026-11-10); reopen it first to do it again") {
            _ = try desk.on("2026-11-11").markActionDone(id, note: nil)
        }
        _ = try logChairDamage(desk, on: "2026-11-12")
        refused("CA-1 did not work: D-3 came back after it was done on 2026-11-10; reopen it instead") {
            _ = try desk.on("2026-11-13").verifyAction(id, note: nil)
        }
        #expect(try desk.on("2026-11-13").action(id).record.action.state == .done(on: Day(iso: "2026-11-10")!))
    }

    @Test func aVerifiedActionIsClosedForGood() throws {
        let desk = try Desk()
        let id = try addChairAction(desk, on: "2026-11-02", due: "2026-11-20").record.action.id
        _ = try desk.on("2026-11-03").markActionDone(id, note: nil)
        _ = try desk.on("2026-11-04").verifyAction(id, note: nil)
        #expect {
            try desk.on("2026-11-05").reopenAction(id, dueOn: nil, note: nil)
        } throws: {
            ($0 as? RuleViolation)?.description
                == "CA-1 was verified on 2026-11-04 and is closed; open a new corrective action if the problem is back"
        }
    }
}

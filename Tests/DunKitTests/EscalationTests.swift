import Complaints
import Interchange
import LedgerPort
import Receivables
import Store
import Testing

@testable import DunKit

/// Each kind of escalation reaches management on the first day past its line: the reports list it
/// from dates alone and journal nothing; `dun escalate` (and the dunning run) journal it once, and
/// do not tell it again however often they run.
@Suite struct EscalationTests {
    func entries(_ desk: Desk, _ ref: String, _ action: String) throws -> [JournalEntry] {
        try desk.ledger.read { try $0.history(of: ref, through: .latest) }.filter { $0.action == action }
    }

    /// wrong-item escalates after 14 days: opened 2026-11-02, still open on day 14 (11-16) is not
    /// escalated; on day 15 (11-17) it is.
    @Test func aDisputePastItsCategorysEscalationDayOnce() throws {
        let desk = try Desk()
        let id = try desk.on("2026-11-02").logDispute(DisputeRequest(invoices: ["INV-2"], category: "wrong-item"))
            .record.dispute.id
        let ref = JournalRef.dispute(id)
        let onDay14 = try desk.on("2026-11-16").actionsReport()
        #expect(onDay14.escalations.isEmpty)
        #expect(try desk.on("2026-11-16").escalate().isEmpty)
        #expect(try entries(desk, ref, "dispute.escalate").isEmpty)

        let onDay15 = try desk.on("2026-11-17").actionsReport()
        #expect(onDay15.escalations.map(\.dispute) == [id])
        #expect(onDay15.escalations.first?.escalatedOn == Day(iso: "2026-11-17")!)
        _ = try desk.on("2026-11-20").weeklyReport(week: nil)
        #expect(try entries(desk, ref, "dispute.escalate").isEmpty)
        #expect(try desk.on("2026-11-17").escalate().disputes == [id])
        #expect(try desk.on("2026-11-17").escalate().isEmpty)
        #expect(try desk.on("2026-11-23").escalate().isEmpty)
        let told = try entries(desk, ref, "dispute.escalate")
        #expect(told.count == 1)
        #expect(told.first?.day == Day(iso: "2026-11-17")!)
        #expect(told.first?.details["crossedOn"] == "2026-11-17")
        #expect(try desk.on("2026-11-20").dispute(id).record.escalatedOn == Day(iso: "2026-11-17")!)
        // Still listed every day it stays open.
        #expect(try desk.on("2026-11-23").actionsReport().escalations.map(\.dispute) == [id])
    }

    /// Due 2026-11-10: not overdue that day, overdue from 11-11.
    @Test func anOverdueActionOnce() throws {
        let desk = try Desk()
        let id = try desk.on("2026-11-02").addAction(
            ActionRequest(
                category: "pricing-error", owner: "billing", dueOn: Day(iso: "2026-11-10")!, title: "New price list")
        ).record.action.id
        let ref = JournalRef.action(id)
        #expect(try desk.on("2026-11-10").actionsReport().actionEscalations.isEmpty)
        #expect(try entries(desk, ref, "action.escalate").isEmpty)

        let late = try desk.on("2026-11-11").actionsReport()
        #expect(late.actionEscalations.map(\.kind) == ["overdue"])
        #expect(late.actionEscalations.first?.crossedOn == Day(iso: "2026-11-11")!)
        #expect(try desk.on("2026-11-11").escalate().actions.map(\.action) == [id])
        #expect(try desk.on("2026-11-11").escalate().isEmpty)
        _ = try desk.on("2026-11-15").weeklyReport(week: nil)
        #expect(try desk.on("2026-11-15").escalate().isEmpty)
        let told = try entries(desk, ref, "action.escalate")
        #expect(told.count == 1)
        #expect(told.first?.details["kind"] == "overdue")
        #expect(told.first?.details["crossedOn"] == "2026-11-11")
    }

    /// Done 2026-11-03; the first chair damaged again is opened 11-20.
    @Test func anIneffectiveActionOnce() throws {
        let desk = try Desk()
        let id = try desk.on("2026-11-02").addAction(
            ActionRequest(
                category: "damaged-goods", subject: Subject(key: "sku", value: "CHR-220"), owner: "logistics",
                dueOn: Day(iso: "2026-11-20")!, title: "Double-box the chairs")
        ).record.action.id
        _ = try desk.on("2026-11-03").markActionDone(id, note: nil)
        let ref = JournalRef.action(id)
        #expect(try desk.on("2026-11-19").actionsReport().actionEscalations.isEmpty)

        let again = try desk.on("2026-11-20").logDispute(
            DisputeRequest(
                invoices: ["INV-1"], category: "damaged-goods", amount: "49.00",
                subjects: [Subject(key: "sku", value: "CHR-220")])
        ).record.dispute.id
        let report = try desk.on("2026-11-20").actionsReport()
        #expect(report.actionEscalations.map(\.kind) == ["ineffective"])
        #expect(report.actionEscalations.first?.recurrences == [again])
        #expect(try desk.on("2026-11-20").escalate().actions.map(\.action) == [id])
        // Another recurrence does not tell management again: it is the same crossing.
        _ = try desk.on("2026-11-24").logDispute(
            DisputeRequest(
                invoices: ["INV-1"], category: "damaged-goods", amount: "49.00",
                subjects: [Subject(key: "sku", value: "CHR-220")]))
        #expect(try desk.on("2026-11-24").escalate().isEmpty)
        _ = try desk.on("2026-11-29").weeklyReport(week: nil)
        let told = try entries(desk, ref, "action.escalate")
        #expect(told.count == 1)
        #expect(told.first?.details["kind"] == "ineffective")
        #expect(told.first?.details["recurrences"] == again.description)
        #expect(
            try desk.ledger.read { try $0.history(of: JournalRef.dispute(again), through: .latest) }.map(\.action)
                .contains(
                    "action.escalate"))
    }

    /// A hold placed 2026-11-02 is 30 days old on 12-02 (not older than the 30-day default) and
    /// escalated on 12-03; with the age set to 10 days, on 11-13.
    @Test(arguments: [(nil, "2026-12-02", "2026-12-03"), ("10", "2026-11-12", "2026-11-13")])
    func aHoldOlderThanTheAgeOnce(setting: String?, lastQuiet: String, crossing: String) throws {
        let desk = try Desk()
        if let setting {
            try desk.ledger.write(Desk.stamp("2026-11-01")) { tx in
                try tx.setSetting(LoopSettings.holdAgeDaysKey, setting)
                try tx.journal("config.set", subject: "config", details: [LoopSettings.holdAgeDaysKey: setting])
            }
        }
        let hold = try desk.on("2026-11-02").placeHold(on: .invoice("INV-3", amount: nil), reason: "Audit", until: nil)
        let ref = JournalRef.hold(hold.hold.id)
        let quiet = try desk.on(lastQuiet).actionsReport()
        #expect(quiet.holdEscalations.isEmpty)
        #expect(try entries(desk, ref, "hold.escalate").isEmpty)

        let crossed = try desk.on(crossing).actionsReport()
        #expect(crossed.holdEscalations.map(\.hold) == [hold.hold.id])
        #expect(crossed.holdEscalations.first?.crossedOn == Day(iso: crossing)!)
        #expect(try entries(desk, ref, "hold.escalate").isEmpty)
        #expect(try desk.on(crossing).escalate().holds == [hold.hold.id])
        #expect(try desk.on(crossing).escalate().isEmpty)
        _ = try desk.on(crossing).weeklyReport(week: nil)
        let told = try entries(desk, ref, "hold.escalate")
        #expect(told.count == 1)
        #expect(told.first?.details["blocked"] == "9000.00 EUR")
    }

    /// A hold whose invoice was paid since blocks nothing: it is not before management.
    @Test func aHoldOnAPaidInvoiceIsNotEscalated() throws {
        let desk = try Desk()
        let hold = try desk.on("2026-11-02").placeHold(on: .invoice("INV-2", amount: nil), reason: "Audit", until: nil)
        _ = try desk.on("2026-11-10").importPayments(
            file: try desk.folder.write(
                "paid.csv", "received_on,amount,currency,invoice\n2026-11-10,800.00,EUR,INV-2\n"),
            options: CSVOptions(), dryRun: false, deductionDisputes: false)
        #expect(try desk.on("2026-12-05").holdsReport().holds.map(\.hold.id) == [hold.hold.id])
        #expect(try desk.on("2026-12-05").actionsReport().holdEscalations.isEmpty)
        #expect(try desk.on("2026-12-05").escalate().holds.isEmpty)
    }

    @Test func theDailyDunningRunEscalatesToo() throws {
        let desk = try Desk()
        let id = try desk.on("2026-11-02").logDispute(DisputeRequest(invoices: ["INV-2"], category: "wrong-item"))
            .record.dispute.id
        _ = try desk.on("2026-11-17").runDunning(dryRun: true) { _ in }
        #expect(try entries(desk, JournalRef.dispute(id), "dispute.escalate").isEmpty)
        _ = try desk.on("2026-11-17").runDunning(dryRun: false) { _ in }
        _ = try desk.on("2026-11-18").runDunning(dryRun: false) { _ in }
        #expect(try entries(desk, JournalRef.dispute(id), "dispute.escalate").count == 1)
    }

    @Test func aBadHoldAgeSettingIsReported() throws {
        let desk = try Desk()
        try desk.ledger.write(Desk.stamp("2026-11-01")) { tx in
            try tx.setSetting(LoopSettings.holdAgeDaysKey, "a month")
            try tx.journal("config.set", subject: "config")
        }
        #expect {
            try desk.on("2026-11-02").actionsReport()
        } throws: {
            ($0 as? InputError)?.description
                == "setting config.escalation.hold_age_days is \"a month\", not a whole number of days (1 or more)"
        }
    }

    @Test(arguments: [
        ("8", 800), ("7.5", 750), ("7.25", 725), (" 12 % ", 1200), ("0", 0), ("100", 10_000), ("eight", nil),
        ("7.125", nil), ("-1", nil), ("101", nil), ("", nil),
    ])
    func readsTheAnnualRateInPercent(text: String, basisPoints: Int?) {
        #expect(LoopSettings.basisPoints(percent: text) == basisPoints)
    }
}

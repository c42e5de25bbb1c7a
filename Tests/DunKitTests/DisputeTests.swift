import Complaints
import LedgerPort
import Receivables
import Store
import Testing

@testable import DunKit

@Suite struct DisputeTests {
    @Test func logsRoutesAndHoldsInOneTransaction() throws {
        let desk = try Desk()
        let before = try desk.journalCount()
        let detail = try desk.on("2026-11-24").logDispute(
            DisputeRequest(
                invoices: ["INV-1"], category: "damaged-goods/in-transit", amount: "200",
                subjects: [Subject(key: "sku", value: "TRY-060")],
                note: "Trays arrived crushed"))
        let dispute = detail.record.dispute
        #expect(dispute.id.description == "D-1")
        #expect(dispute.owner == "logistics")
        #expect(dispute.subcategory == "in-transit")
        #expect(dispute.amount.description == "200.00 EUR")
        #expect(dispute.watchers.isEmpty)
        #expect(detail.holdsPlaced.map(\.description) == ["H-1"])
        // disputed-amount policy: the hold covers the 200.00 only.
        let hold = try #require(detail.holds.first)
        #expect(hold.hold.target == .invoice("INV-1", amount: Money(minorUnits: 20_000, currency: .EUR)))
        #expect(hold.blocked.description == "200.00 EUR")
        #expect(try desk.journalCount() == before + 2)
        let history = try desk.ledger.read { try $0.history(of: JournalRef.invoice("INV-1"), through: .latest) }.map(
            \.action)
        #expect(history == ["dispute.log", "hold.place"])
    }

    @Test func holdsTheWholeInvoiceWhenThePolicySaysSo() throws {
        let desk = try Desk()
        let detail = try desk.on("2026-11-24").logDispute(
            DisputeRequest(invoices: ["INV-2"], category: "duplicate-billing"))
        #expect(detail.holds.first?.hold.target == .invoice("INV-2", amount: nil))
        #expect(detail.record.dispute.amount.description == "800.00 EUR")
    }

    @Test func placesNoHoldWhenThePolicyIsNone() throws {
        let desk = try Desk()
        let detail = try desk.on("2026-11-24").logDispute(
            DisputeRequest(invoices: ["INV-2"], category: "late-delivery"))
        #expect(detail.holdsPlaced.isEmpty)
        #expect(try desk.activeHolds(on: "2026-11-24").isEmpty)
    }

    @Test func bringsInTheSalesRepAboveTheThreshold() throws {
        let desk = try Desk()
        let big = try desk.on("2026-11-24").logDispute(DisputeRequest(invoices: ["INV-3"], category: "wrong-item"))
        #expect(big.record.dispute.watchers == ["slopez"])
        let small = try desk.on("2026-11-24").logDispute(
            DisputeRequest(invoices: ["INV-3"], category: "wrong-item", amount: "5000.00"))
        #expect(small.record.dispute.watchers.isEmpty)
    }

    @Test func spreadsAnAmountOverSeveralInvoicesInOrder() throws {
        let desk = try Desk()
        let detail = try desk.on("2026-11-24").logDispute(
            DisputeRequest(invoices: ["INV-2", "INV-1"], category: "pricing-error", amount: "1000.00"))
        #expect(detail.record.dispute.invoices.map(\.amount.minorUnits) == [20_000, 80_000])
        #expect(detail.record.dispute.invoices.map(\.number.text) == ["INV-1", "INV-2"])
    }

    @Test(
        arguments: [
            (["INV-404"], "wrong-item", nil, "invoice INV-404 does not exist"),
            (["INV-1"], "cosmic-rays", nil, "category \"cosmic-rays\" does not exist (see `dun taxonomy show`)"),
            (
                ["INV-1"], "wrong-item", "1200.01",
                "disputed amount 1200.01 EUR is above the open balance 1200.00 EUR of INV-1"
            ),
            (["INV-1"], "wrong-item", "0", "amount 0.00 EUR must be more than zero"),
            (
                ["INV-1", "INV-3"], "wrong-item", nil,
                "invoice INV-3 belongs to customer C-2, not C-1; one dispute covers one customer's invoices"
            ),
            (
                ["INV-3", "INV-4"], "wrong-item", nil,
                "invoice INV-4 is in USD, not EUR; one dispute covers invoices of one currency"
            ),
        ] as [([String], String, String?, String)])
    func refusesWithAMessage(invoices: [String], category: String, amount: String?, message: String) throws {
        let desk = try Desk()
        let before = try desk.journalCount()
        do {
            _ = try desk.on("2026-11-24").logDispute(
                DisputeRequest(invoices: invoices.map(InvoiceNumber.init), category: category, amount: amount))
            Issue.record("accepted")
        } catch let error as RuleViolation {
            #expect(error.description == message)
        }
        #expect(try desk.journalCount() == before)
        #expect(try desk.ledger.read { try $0.disputes(DisputeFilter(status: nil), on: .latest).total } == 0)
    }

    @Test func resolvingWithACreditIssuesACreditNoteAndReleasesTheHolds() throws {
        let desk = try Desk()
        let logged = try desk.on("2026-11-24").logDispute(
            DisputeRequest(invoices: ["INV-1"], category: "damaged-goods", amount: "200"))
        let resolved = try desk.on("2026-11-27").resolveDispute(
            logged.record.dispute.id, ResolutionRequest(outcome: .credit, rootCause: "damaged-goods", note: "agreed"))
        #expect(resolved.creditNotes.map(\.note.number.text) == ["CN-D-1"])
        #expect(resolved.holdsReleased == logged.holdsPlaced)
        #expect(try desk.open("INV-1") == 100_000)
        #expect(try desk.activeHolds(on: "2026-11-27").isEmpty)
        guard case .resolved(let resolution) = resolved.record.dispute.state else {
            Issue.record("not resolved")
            return
        }
        #expect(resolution.outcome == .credit)
        #expect(resolution.rootCause == "damaged-goods")
        #expect(resolution.on.iso == "2026-11-27")
        #expect(throws: RuleViolation.alreadyResolved(DisputeID(rawValue: 1), Day(iso: "2026-11-27")!)) {
            try desk.on("2026-11-28").resolveDispute(DisputeID(rawValue: 1), ResolutionRequest(outcome: .credit))
        }
    }

    @Test func aWriteOffSpreadsOverTheDisputesInvoices() throws {
        let desk = try Desk()
        let logged = try desk.on("2026-11-24").logDispute(
            DisputeRequest(invoices: ["INV-1", "INV-2"], category: "pricing-error", amount: "1500.00"))
        _ = try desk.on("2026-11-25").resolveDispute(
            logged.record.dispute.id, ResolutionRequest(outcome: .writeOff, amount: "150.00"))
        // 1200 + 300 disputed: 120.00 and 30.00 written off.
        #expect(try desk.open("INV-1") == 108_000)
        #expect(try desk.open("INV-2") == 77_000)
    }

    @Test func outcomesThatChangeNoAmountRefuseAnAmount() throws {
        let desk = try Desk()
        let logged = try desk.on("2026-11-24").logDispute(DisputeRequest(invoices: ["INV-2"], category: "wrong-item"))
        #expect(throws: RuleViolation.amountNotAllowed(.replacement)) {
            try desk.on("2026-11-25").resolveDispute(
                logged.record.dispute.id, ResolutionRequest(outcome: .replacement, amount: "10"))
        }
        let kept = try desk.on("2026-11-25").resolveDispute(
            logged.record.dispute.id, ResolutionRequest(outcome: .replacement, keepHold: true))
        #expect(kept.holdsReleased.isEmpty)
        #expect(try desk.activeHolds(on: "2026-11-25").count == 1)
        #expect(try desk.open("INV-2") == 80_000)
    }

    @Test func reopeningPlacesTheHoldsAgain() throws {
        let desk = try Desk()
        let id = try desk.on("2026-11-24").logDispute(DisputeRequest(invoices: ["INV-2"], category: "wrong-item"))
            .record.dispute.id
        _ = try desk.on("2026-11-25").resolveDispute(id, ResolutionRequest(outcome: .rejected))
        #expect(try desk.activeHolds(on: "2026-11-25").isEmpty)
        let reopened = try desk.on("2026-11-26").reopenDispute(id, note: "customer sent photos")
        #expect(reopened.record.dispute.state == .open)
        #expect(reopened.holdsPlaced.count == 1)
        #expect(try desk.activeHolds(on: "2026-11-26").count == 1)
        #expect(throws: RuleViolation.notResolved(id)) { try desk.on("2026-11-26").reopenDispute(id, note: nil) }
    }

    @Test func assignsOnlyToKnownOwners() throws {
        let desk = try Desk()
        let id = try desk.on("2026-11-24").logDispute(DisputeRequest(invoices: ["INV-2"], category: "wrong-item"))
            .record.dispute.id
        #expect(try desk.on("2026-11-24").assignDispute(id, to: "quality").record.dispute.owner == "quality")
        #expect(throws: RuleViolation.unknownOwner("nobody")) {
            try desk.on("2026-11-24").assignDispute(id, to: "nobody")
        }
        #expect(throws: RuleViolation.alreadyAssigned(id, "quality")) {
            try desk.on("2026-11-24").assignDispute(id, to: "quality")
        }
    }
}

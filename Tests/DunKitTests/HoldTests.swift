import Complaints
import LedgerPort
import Receivables
import Store
import Testing

@testable import DunKit

@Suite struct HoldReleaseTests {
    @Test func releasesByHoldInvoiceOrDispute() throws {
        let desk = try Desk()
        let manual = try desk.on("2026-11-20").placeHold(
            on: .invoice("INV-1", amount: nil), reason: "customer in talks", until: nil)
        let logged = try desk.on("2026-11-21").logDispute(DisputeRequest(invoices: ["INV-3"], category: "wrong-item"))
        _ = try desk.on("2026-11-21").logDispute(DisputeRequest(invoices: ["INV-2"], category: "duplicate-billing"))
        #expect(try desk.activeHolds(on: "2026-11-21").count == 3)

        let byID = try desk.on("2026-11-22").releaseHolds(.hold(manual.hold.id), note: "agreed")
        #expect(byID.map(\.hold.id) == [manual.hold.id])
        let byDispute = try desk.on("2026-11-23").releaseHolds(.dispute(logged.record.dispute.id), note: nil)
        #expect(byDispute.map(\.hold.id) == logged.holdsPlaced)
        let byInvoice = try desk.on("2026-11-24").releaseHolds(.invoice("INV-2"), note: nil)
        #expect(byInvoice.count == 1)
        #expect(try desk.activeHolds(on: "2026-11-24").isEmpty)
        // History: each release is journaled under the hold and the invoice.
        let actions = try desk.ledger.read { try $0.history(of: JournalRef.hold(manual.hold.id), through: .latest) }
            .map(\.action)
        #expect(actions == ["hold.place", "hold.release"])
    }

    @Test func refusesToReleaseWhatIsNotHeld() throws {
        let desk = try Desk()
        let hold = try desk.on("2026-11-20").placeHold(
            on: .customer("C-2"), reason: "insolvency check", until: Day(iso: "2026-11-30"))
        _ = try desk.on("2026-11-22").releaseHolds(.hold(hold.hold.id), note: nil)
        #expect(throws: RuleViolation.holdAlreadyReleased(hold.hold.id, Day(iso: "2026-11-22")!)) {
            try desk.on("2026-11-23").releaseHolds(.hold(hold.hold.id), note: nil)
        }
        let lapsing = try desk.on("2026-11-20").placeHold(
            on: .invoice("INV-1", amount: nil), reason: "r", until: Day(iso: "2026-11-25"))
        #expect(throws: RuleViolation.holdLapsed(lapsing.hold.id, Day(iso: "2026-11-25")!)) {
            try desk.on("2026-11-25").releaseHolds(.hold(lapsing.hold.id), note: nil)
        }
        #expect(throws: RuleViolation.unknownHold(HoldID(rawValue: 99))) {
            try desk.on("2026-11-25").releaseHolds(.hold(HoldID(rawValue: 99)), note: nil)
        }
        #expect(throws: RuleViolation.noActiveHold("invoice INV-2")) {
            try desk.on("2026-11-25").releaseHolds(.invoice("INV-2"), note: nil)
        }
        #expect(throws: RuleViolation.untilNotAfterToday(Day(iso: "2026-11-25")!)) {
            try desk.on("2026-11-25").placeHold(
                on: .invoice("INV-1", amount: nil), reason: "r", until: Day(iso: "2026-11-25"))
        }
    }

    @Test func filtersFindHoldsOnTheCustomerAndOnItsInvoices() throws {
        let desk = try Desk()
        let wide = try desk.on("2026-11-20").placeHold(on: .customer("C-1"), reason: "bankruptcy filing", until: nil)
        let onTwo = try desk.on("2026-11-20").placeHold(
            on: .invoice("INV-2", amount: nil), reason: "awaiting proof of delivery", until: nil)
        _ = try desk.on("2026-11-20").placeHold(
            on: .invoice("INV-3", amount: nil), reason: "other customer", until: nil)
        let session = desk.on("2026-11-21")
        #expect(try session.holds(HoldFilter(customer: "C-1")).rows.map(\.hold.id) == [wide.hold.id, onTwo.hold.id])
        #expect(
            try session.holds(HoldFilter(customer: "C-1", wholeCustomerOnly: true)).rows.map(\.hold.id) == [
                wide.hold.id
            ])
        #expect(try session.holds(HoldFilter(invoice: "INV-2")).rows.map(\.hold.id) == [onTwo.hold.id])
        // An invoice shows its own holds and the customer's, not those of the customer's other invoices.
        #expect(try session.invoice("INV-1").holds.map(\.hold.id) == [wide.hold.id])
        #expect(try session.invoice("INV-2").holds.map(\.hold.id) == [onTwo.hold.id, wide.hold.id])
    }

    @Test func aCustomerHoldBlocksAllTheirOpenItemsOnce() throws {
        let desk = try Desk()
        _ = try desk.on("2026-11-20").placeHold(on: .customer("C-1"), reason: "bankruptcy filing", until: nil)
        _ = try desk.on("2026-11-20").logDispute(
            DisputeRequest(invoices: ["INV-1"], category: "wrong-item", amount: "100"))
        let totals = try desk.ledger.read { try $0.holdTotals(on: Day(iso: "2026-11-20")!) }
        #expect(totals.active == 2)
        #expect(totals.blocked.description == "2000.00 EUR")
    }
}

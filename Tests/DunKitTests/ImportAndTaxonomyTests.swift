import Complaints
import Foundation
import Interchange
import LedgerPort
import Receivables
import Store
import Testing

@testable import DunKit

@Suite struct ImportTests {
    @Test func reimportingTheSameFilesChangesNothing() throws {
        let desk = try Desk()
        let counts = try desk.ledger.read { try $0.counts() }
        let session = desk.on("2026-11-24")
        let customers = try session.importCustomers(
            file: desk.folder.write("c.csv", Desk.customers), options: CSVOptions(), dryRun: false, update: false)
        let invoices = try session.importInvoices(
            file: desk.folder.write("i.csv", Desk.invoices), options: CSVOptions(), dryRun: false)
        #expect((customers.inserted, customers.skipped) == (0, 2))
        #expect((invoices.inserted, invoices.skipped) == (0, 5))
        var after = try desk.ledger.read { try $0.counts() }
        #expect(after["journal"] == counts["journal"]! + 2)
        after["journal"] = counts["journal"]
        #expect(after == counts)
    }

    @Test func aBadRowLeavesTheLedgerExactlyAsItWas() throws {
        let desk = try Desk()
        let counts = try desk.ledger.read { try $0.counts() }
        let file = try desk.folder.write(
            "bad.csv",
            """
            number,customer,issue_date,due_date,amount,currency
            INV-10,C-1,2026-11-01,2026-12-01,10.00,EUR
            INV-11,C-1,2026-11-01,2026-12-01,11.00,EUR
            INV-12,C-1,2026-11-01,2026-12-01,12.00,XXX

            """)
        do {
            _ = try desk.on("2026-11-24").importInvoices(file: file, options: CSVOptions(), dryRun: false)
            Issue.record("accepted")
        } catch let error as InterchangeError {
            #expect(error.description == "\(file) line 4: currency \"XXX\" is not an ISO 4217 currency code")
        }
        #expect(try desk.ledger.read { try $0.counts() } == counts)
    }

    @Test func refusesAConflictingRowWithItsLine() throws {
        let desk = try Desk()
        let file = try desk.folder.write(
            "conflict.csv",
            """
            number,customer,issue_date,due_date,amount,currency
            INV-20,C-1,2026-11-01,2026-12-01,10.00,EUR
            INV-2,C-1,2026-10-10,2026-11-09,850.00,EUR

            """)
        #expect(
            throws: InterchangeError(
                file: file, line: 3, field: "amount",
                message: "invoice INV-2 already exists with amount 800.00 EUR (file says 850.00 EUR)")
        ) { try desk.on("2026-11-24").importInvoices(file: file, options: CSVOptions(), dryRun: false) }
        #expect(try desk.ledger.read { try $0.invoice("INV-20", on: .latest) } == nil)
    }

    @Test func aDryRunWritesNothing() throws {
        let desk = try Desk()
        let counts = try desk.ledger.read { try $0.counts() }
        let file = try desk.folder.write(
            "new.csv",
            "number,customer,issue_date,due_date,amount,currency\nINV-30,C-2,2026-11-01,2026-12-01,30.00,EUR\n")
        let result = try desk.on("2026-11-24").importInvoices(file: file, options: CSVOptions(), dryRun: true)
        #expect(result.inserted == 1)
        #expect(result.dryRun)
        #expect(try desk.ledger.read { try $0.counts() } == counts)
    }

    @Test func customerUpdatesNeedTheFlag() throws {
        let desk = try Desk()
        let moved = Desk.customers.replacingOccurrences(of: "compta@dupont.example", with: "factures@dupont.example")
        let file = try desk.folder.write("moved.csv", moved)
        #expect(throws: InterchangeError.self) {
            try desk.on("2026-11-24").importCustomers(file: file, options: CSVOptions(), dryRun: false, update: false)
        }
        let result = try desk.on("2026-11-24").importCustomers(
            file: file, options: CSVOptions(), dryRun: false, update: true)
        #expect(result.updated == 1)
        #expect(try desk.ledger.read { try $0.customer("C-1") }?.email == "factures@dupont.example")
    }

    @Test func importedDisputesAreLoggedLikeTypedOnesAndNotTwice() throws {
        let desk = try Desk()
        let file = try desk.folder.write(
            "disputes.csv",
            """
            invoice,category,reported_on,amount,channel,note,subject
            INV-1,damaged-goods,2026-11-20,150.00,email,Chairs broken,sku=CHR-220
            INV-3,wrong-item,2026-11-21,,phone,,

            """)
        let first = try desk.on("2026-11-24").importDisputes(file: file, options: CSVOptions(), dryRun: false)
        #expect(first.inserted == 2)
        #expect(first.disputes.map(\.description) == ["D-1", "D-2"])
        #expect(try desk.activeHolds(on: "2026-11-24").count == 2)
        let again = try desk.on("2026-11-24").importDisputes(file: file, options: CSVOptions(), dryRun: false)
        #expect((again.inserted, again.skipped) == (0, 2))
        let d1 = try desk.on("2026-11-24").dispute(DisputeID(rawValue: 1)).record.dispute
        #expect(d1.reportedOn.iso == "2026-11-20")
        #expect(d1.channel == .email)
        #expect(d1.subjects == [Subject(key: "sku", value: "CHR-220")])
    }
}

@Suite struct TaxonomyReloadTests {
    @Test func aRemovedCategoryIsRetiredAndItsDisputesKeepIt() throws {
        let desk = try Desk()
        let id = try desk.on("2026-11-20").logDispute(DisputeRequest(invoices: ["INV-2"], category: "missing-pod"))
            .record.dispute.id
        // The shipped taxonomy without missing-pod.
        let folder = try TemporaryFolder()
        for file in TaxonomyFiles.shipped {
            var text = file.text
            if file.name == "categories.yaml", let start = text.range(of: "  - code: missing-pod"),
                let end = text.range(of: "  - code: unexplained-deduction")
            {
                text.removeSubrange(start.lowerBound..<end.lowerBound)
            }
            _ = try folder.write(file.name, text)
        }
        let change = try desk.on("2026-11-25").loadTaxonomy(directory: folder.path)
        #expect(change.retired == ["missing-pod"])
        #expect(change.added.isEmpty)
        #expect(try desk.on("2026-11-25").dispute(id).record.dispute.category == "missing-pod")
        #expect(throws: RuleViolation.retiredCategory("missing-pod", Day(iso: "2026-11-25")!)) {
            try desk.on("2026-11-26").logDispute(DisputeRequest(invoices: ["INV-1"], category: "missing-pod"))
        }
        // Loading the full taxonomy again brings it back.
        let shipped = try TemporaryFolder()
        for file in TaxonomyFiles.shipped { _ = try shipped.write(file.name, file.text) }
        #expect(try desk.on("2026-11-27").loadTaxonomy(directory: shipped.path).restored == ["missing-pod"])
    }

    @Test func aBadTaxonomyChangesNothing() throws {
        let desk = try Desk()
        let folder = try TemporaryFolder()
        _ = try folder.write("categories.yaml", "categories:\n  - code: x\n    owner: nobody\n")
        let before = try desk.ledger.read { try $0.taxonomy() }
        #expect(throws: InterchangeError.self) { try desk.on("2026-11-25").loadTaxonomy(directory: folder.path) }
        #expect(try desk.ledger.read { try $0.taxonomy() } == before)
    }
}

@Suite struct JournalTests {
    /// Every use case that changes the ledger leaves at least one journal entry, stamped with
    /// the actor and the business day.
    @Test func everyChangeIsJournaled() throws {
        let desk = try Desk()
        var count = try desk.journalCount()
        func expectNewEntries(_ label: String, _ change: () throws -> Void) throws {
            try change()
            let now = try desk.journalCount()
            #expect(now > count, "\(label) left no journal entry")
            count = now
        }
        let s = desk.on("2026-11-24")
        var id = DisputeID(rawValue: 0)
        try expectNewEntries("log") {
            id = try s.logDispute(DisputeRequest(invoices: ["INV-1"], category: "wrong-item")).record.dispute.id
        }
        try expectNewEntries("assign") { _ = try s.assignDispute(id, to: "quality") }
        try expectNewEntries("note") { _ = try s.noteDispute(id, text: "called back") }
        try expectNewEntries("resolve") {
            _ = try s.resolveDispute(id, ResolutionRequest(outcome: .credit, amount: "10"))
        }
        try expectNewEntries("reopen") { _ = try s.reopenDispute(id, note: nil) }
        try expectNewEntries("release") { _ = try s.releaseHolds(.dispute(id), note: nil) }
        try expectNewEntries("place") { _ = try s.placeHold(on: .customer("C-2"), reason: "r", until: nil) }
        let last = try desk.ledger.read { try $0.recentJournal(limit: 1) }.first
        #expect(last?.actor == "tester")
        #expect(last?.day.iso == "2026-11-24")
        #expect(last?.action == "hold.place")
    }

    @Test func historyFindsThingsByWhatUsersType() throws {
        let desk = try Desk()
        _ = try desk.on("2026-11-24").logDispute(DisputeRequest(invoices: ["INV-1"], category: "wrong-item"))
        #expect(try desk.on("2026-11-24").history(of: "D-1").subject == "dispute:D-1")
        #expect(try desk.on("2026-11-24").history(of: "H-1").entries.map(\.action) == ["hold.place"])
        #expect(try desk.on("2026-11-24").history(of: "INV-1").entries.count == 2)
        #expect(try desk.on("2026-11-24").history(of: "C-1").entries.map(\.action) == ["dispute.log"])
        #expect(throws: InputError.self) { try desk.on("2026-11-24").history(of: "nothing-here") }
    }
}

@Suite struct WeeklyReportOnTheLedgerTests {
    @Test func reportsTheWeekFromTheLedger() throws {
        let desk = try Desk()
        _ = try desk.on("2026-10-05").logDispute(
            DisputeRequest(invoices: ["INV-1"], category: "wrong-item", amount: "10"))
        _ = try desk.on("2026-11-24").logDispute(
            DisputeRequest(invoices: ["INV-1"], category: "wrong-item", amount: "10"))
        _ = try desk.on("2026-11-25").logDispute(DisputeRequest(invoices: ["INV-3"], category: "damaged-goods"))
        let d4 = try desk.on("2026-11-25").logDispute(DisputeRequest(invoices: ["INV-2"], category: "pricing-error"))
        _ = try desk.on("2026-11-27").resolveDispute(d4.record.dispute.id, ResolutionRequest(outcome: .rejected))
        let report = try desk.on("2026-11-29").weeklyReport(week: nil)
        #expect(report.week.description == "2026-W48")
        #expect(report.opened == 3)
        #expect(report.resolved == 1)
        #expect(report.recurring == 1)
        #expect(report.categories.map(\.code) == ["damaged-goods", "pricing-error", "wrong-item"])
        #expect(report.holds.active == 3)
        #expect(report.holds.amounts.description == "9020.00 EUR")
        // The October dispute is past wrong-item's 14-day escalation.
        #expect(report.escalations.map(\.dispute.description) == ["D-1"])
        #expect(report.owners.first { $0.owner == "logistics" }?.pastSla == 1)
    }
}

import Complaints
import Foundation
import Interchange
import LedgerPort
import Receivables
import Store
import Testing

@testable import DunKit

/// A company's history imported at once, in the order files come: each fact counts from the day
/// it happened, not the day it was imported.
@Suite struct HistoryImportTests {
    /// Two customers, four invoices of early 2026, imported on 2026-12-03.
    static let importDay = "2026-12-03"

    func history() throws -> Desk {
        let desk = try Desk()
        _ = try desk.on(HistoryImportTests.importDay).importInvoices(
            file: desk.folder.write(
                "history.csv",
                """
                number,customer,issue_date,due_date,amount,currency
                H-1,C-1,2026-01-05,2026-02-04,1000.00,EUR
                H-2,C-1,2026-01-10,2026-02-09,400.00,EUR
                H-3,C-2,2026-01-15,2026-02-14,600.00,EUR
                H-4,C-2,2026-02-01,2026-03-03,250.00,EUR

                """), options: CSVOptions(), dryRun: false)
        // Credit notes before payments, as README advises: H-2 was credited 150.00, then paid
        // the rest.
        _ = try desk.on(HistoryImportTests.importDay).importCreditNotes(
            file: desk.folder.write(
                "credits.csv",
                "number,customer,issued_on,amount,currency,invoice,reason\nCN-H2,C-1,2026-02-16,150.00,EUR,H-2,damage\n"
            ),
            options: CSVOptions(), dryRun: false)
        _ = try desk.on(HistoryImportTests.importDay).importPayments(
            file: desk.folder.write(
                "paid.csv",
                """
                reference,customer,received_on,amount,currency,invoice
                B-1,C-1,2026-02-03,1000.00,EUR,H-1
                B-2,C-1,2026-03-21,250.00,EUR,H-2
                B-3,C-2,2026-02-13,600.00,EUR,H-3

                """), options: CSVOptions(), dryRun: false, deductionDisputes: false)
        return desk
    }

    @Test func paymentsCountFromTheDayTheBankBookedThem() throws {
        let desk = try history()
        // H-1 paid 29 days after issue, H-3 29 days; H-2 (disputed below) 70 days.
        _ = try desk.on(HistoryImportTests.importDay).importDisputes(
            file: desk.folder.write(
                "complaints.csv",
                "invoice,category,reported_on\nH-2,wrong-item,2026-01-20\n"), options: CSVOptions(), dryRun: false)
        let kpi = try desk.on("2026-03-31").kpiReport(from: Day(iso: "2026-01-01")!)
        let eur = try #require(kpi.currencies.first { $0.currency == .EUR })
        #expect(eur.daysToPay.neverDisputed.invoices == 2)
        #expect(eur.daysToPay.neverDisputed.meanDays == 29)
        #expect(eur.daysToPay.disputed.invoices == 1)
        #expect(eur.daysToPay.disputed.meanDays == 70)
        #expect(eur.daysToPay.differenceDays == 41)
    }

    @Test func aPastAgingReadsThatDaysBalances() throws {
        let desk = try history()
        // On 2026-02-10: H-1 paid (02-03), H-2 due 02-09 and 1 day late, H-3 current, H-4 current.
        let aging = try desk.on("2026-02-10").agingReport()
        let totals = try #require(aging.totals.first)
        #expect(totals.buckets == [85_000, 40_000, 0, 0, 0])
        // Today the history is paid but H-4, 275 days late, beside the desk's October invoices.
        #expect(
            try desk.on(HistoryImportTests.importDay).agingReport().totals.first?.buckets == [
                0, 980_000, 120_000, 0, 25_000,
            ])
    }

    @Test func aComplaintOpensOnTheDayItWasReportedWithItsHoldAndItsWeek() throws {
        let desk = try history()
        let result = try desk.on(HistoryImportTests.importDay).importDisputes(
            file: desk.folder.write(
                "complaints.csv",
                """
                invoice,category,reported_on,amount,resolved_on,outcome,resolved_amount,credit_note
                H-2,damaged-goods,2026-01-20,150.00,2026-02-16,credit,150.00,CN-H2
                H-1,wrong-item,2026-03-02,,,,,

                """), options: CSVOptions(), dryRun: false)
        #expect(result.inserted == 2)
        let (first, second) = (result.disputes[0], result.disputes[1])
        // The first opened on 2026-01-20: its week's report has it, held from that day.
        let week = try desk.on("2026-01-25").weeklyReport(week: nil)
        #expect(week.opened == 1)
        #expect(week.categories.map(\.code) == ["damaged-goods"])
        let held = try desk.on("2026-01-25").holdsReport()
        #expect(held.holds.map(\.hold.dispute) == [first])
        #expect(held.blocked.description == "150.00 EUR")
        // Resolved with a credit on 2026-02-16: the hold released that day, the credit note
        // reduced H-2 that day, the report of that week counts the resolution.
        #expect(try desk.on("2026-02-16").holdsReport().holds.isEmpty)
        #expect(try desk.on("2026-02-18").weeklyReport(week: nil).resolved == 1)
        let h2 = try desk.on("2026-02-16").invoice("H-2")
        #expect(h2.invoice.openAmount.decimalString == "250.00")
        #expect(try desk.on("2026-02-15").invoice("H-2").invoice.openAmount.decimalString == "400.00")
        // The history's own credit note, linked: not issued twice.
        #expect(h2.creditNotes.map(\.note.number.text) == ["CN-H2"])
        #expect(h2.creditNotes.map(\.dispute) == [first])
        // The second came after H-1 was paid: it enters the loop with no hold.
        let late = try desk.on(HistoryImportTests.importDay).dispute(second)
        #expect(late.record.dispute.openedOn.iso == "2026-03-02")
        #expect(late.record.dispute.amount.decimalString == "1000.00")
        #expect(late.holds.isEmpty)
        #expect(try desk.on("2026-03-04").weeklyReport(week: nil).opened == 1)
    }

    @Test func aComplaintAfterPaymentCreditedLeavesTheCustomerACredit() throws {
        let desk = try history()
        let detail = try desk.on("2026-04-01").logDispute(
            DisputeRequest(invoices: ["H-1"], category: "defective-product", amount: "200.00"))
        #expect(detail.holdsPlaced.isEmpty)
        let id = detail.record.dispute.id
        _ = try desk.on("2026-04-10").resolveDispute(id, ResolutionRequest(outcome: .credit))
        let credits = try desk.ledger.read { try $0.openCredits(of: "C-1", on: Day(iso: "2026-04-10")!) }
        #expect(credits.map { ($0.note.amount - $0.applied).decimalString } == ["200.00"])
        // The customer's statement shows it as a deduction.
        let deductions = try desk.on("2026-04-10").read { try desk.on("2026-04-10").deductions(of: "C-1", reader: $0) }
        #expect(deductions.map(\.open.decimalString) == ["200.00"])
        // It settles the customer's next invoice, from the day it is applied.
        let applied = try desk.on("2026-11-01").applyCreditNote(credits[0].note.number, to: "INV-2", amount: nil)
        #expect(applied.applied.decimalString == "200.00")
        #expect(applied.invoice.openAmount.decimalString == "600.00")
        #expect(applied.note.applied == applied.note.note.amount)
        #expect(try desk.on("2026-10-31").invoice("INV-2").invoice.openAmount.decimalString == "800.00")
        #expect(throws: RuleViolation.creditUsedUp(credits[0].note.number)) {
            try desk.on("2026-11-02").applyCreditNote(credits[0].note.number, to: "INV-2", amount: nil)
        }
        // More than the invoice was for is refused, naming what was invoiced.
        #expect {
            try desk.on("2026-04-11").logDispute(
                DisputeRequest(invoices: ["H-1"], category: "defective-product", amount: "1000.01"))
        } throws: {
            ($0 as? RuleViolation)?.description
                == "disputed amount 1000.01 EUR is above the 1000.00 EUR invoiced on H-1"
        }
    }

    @Test func aFactDatedAfterTheAsOfDayIsRefusedWithItsLine() throws {
        let desk = try Desk()
        let before = try desk.journalCount()
        #expect {
            try desk.on("2026-12-03").importPayments(
                file: desk.folder.write(
                    "future.csv",
                    "received_on,amount,currency,invoice\n2026-12-02,10.00,EUR,INV-1\n2026-12-05,20.00,EUR,INV-2\n"),
                options: CSVOptions(), dryRun: false, deductionDisputes: true)
        } throws: {
            ($0 as? InterchangeError)?.message == "received on 2026-12-05, after the as-of day 2026-12-03"
                && ($0 as? InterchangeError)?.line == 3
        }
        #expect {
            try desk.on("2026-10-20").importInvoices(
                file: desk.folder.write(
                    "later.csv",
                    "number,customer,issue_date,due_date,amount,currency\nX-1,C-1,2026-10-21,2026-11-20,5.00,EUR\n"),
                options: CSVOptions(), dryRun: false)
        } throws: {
            ($0 as? InterchangeError)?.description.hasSuffix(
                "line 2: issued on 2026-10-21, after the as-of day 2026-10-20") == true
        }
        #expect {
            try desk.on("2026-11-01").importCreditNotes(
                file: desk.folder.write(
                    "cn.csv", "number,customer,issued_on,amount,currency,invoice\nN-1,C-1,2026-11-02,5.00,EUR,INV-1\n"),
                options: CSVOptions(), dryRun: false)
        } throws: {
            ($0 as? InterchangeError)?.message == "issued on 2026-11-02, after the as-of day 2026-11-01"
        }
        #expect(try desk.journalCount() == before)
    }

    @Test func filesOfOneHistoryImportInAnyOrder() throws {
        // Payments before the invoices they pay: the cash waits, then goes to the invoice it
        // names as soon as the invoice arrives, from the day the bank booked it.
        let desk = try Desk()
        _ = try desk.on("2026-12-03").importPayments(
            file: desk.folder.write(
                "early.csv",
                "reference,customer,received_on,amount,currency,invoice\nE-1,C-1,2026-11-10,300.00,EUR,LATE-1\n"),
            options: CSVOptions(), dryRun: false, deductionDisputes: false)
        #expect(try desk.on("2026-12-03").payments(unappliedOnly: true, customer: nil, limit: nil).total == 1)
        _ = try desk.on("2026-12-03").importInvoices(
            file: desk.folder.write(
                "late.csv",
                "number,customer,issue_date,due_date,amount,currency\nLATE-1,C-1,2026-11-01,2026-12-01,300.00,EUR\n"),
            options: CSVOptions(), dryRun: false)
        #expect(try desk.on("2026-12-03").payments(unappliedOnly: true, customer: nil, limit: nil).total == 0)
        #expect(try desk.on("2026-11-09").invoice("LATE-1").invoice.openAmount.decimalString == "300.00")
        #expect(try desk.on("2026-11-10").invoice("LATE-1").invoice.openAmount.decimalString == "0.00")
    }
}

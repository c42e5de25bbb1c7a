import Foundation
import Testing

/// A ledger's totals per currency have a ceiling (10^16 minor units), so that no sum a report
/// makes can overflow: the amount that would pass it is refused with its line, and nothing of
/// the file is written.
@Suite struct MoneyCeilingTests {
    /// Nine thousand billion euros a row: eleven fit under the ceiling, the twelfth does not.
    static func rows(_ count: Int, _ row: (Int) -> String) -> String { (1...count).map(row).joined(separator: "\n") }

    func ledger(_ engine: Engine) throws -> DunProcess {
        let dun = try DunProcess(engine)
        try dun.run(["init", "--as-of", "2026-11-02"])
        try dun.run(["import", "customers", dun.file("c.csv", StoryTests.customers)])
        return dun
    }

    @Test(arguments: Engine.available) func anInvoiceThatWouldPassTheCeilingIsRefusedWithItsLine(engine: Engine) throws
    {
        let dun = try ledger(engine)
        let file = try dun.file(
            "big.csv",
            "number,customer,issue_date,due_date,amount,currency\n"
                + Self.rows(12) { "INV-\($0),C-0042,2026-10-01,2026-10-31,9000000000000.00,EUR" } + "\n")
        let refused = try dun.run(["import", "invoices", file, "--as-of", "2026-11-02"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "error: \(file) line 13: amount 9000000000000.00 EUR would take the ledger's invoices in EUR "
                + "to more than 100000000000000.00, the most one ledger holds (99000000000000.00 so far)\n")
        let listed = try dun.run(["invoice", "list", "--format", "json", "--as-of", "2026-11-02"]).object()
        #expect(listed["total"] as? Int == 0)

        // Eleven fit, and the reports that add them up answer.
        let fits = try dun.file(
            "fits.csv",
            "number,customer,issue_date,due_date,amount,currency\n"
                + Self.rows(11) { "INV-\($0),C-0042,2026-10-01,2026-10-31,9000000000000.00,EUR" } + "\n")
        #expect(try dun.run(["import", "invoices", fits, "--as-of", "2026-11-02"]).status == 0)
        for report in [["report", "aging"], ["report", "kpi"], ["report", "weekly"], ["worklist"]] {
            let result = try dun.run(report + ["--format", "json", "--as-of", "2026-11-02"])
            #expect(result.status == 0, "\(report): \(result.stderr)")
        }
        let aging = try dun.run(["report", "aging", "--format", "json", "--as-of", "2026-11-02"]).stdout
        #expect(aging.contains("99000000000000.00"))

        // One more invoice, in a file of its own, still passes it.
        let more = try dun.file(
            "more.csv",
            "number,customer,issue_date,due_date,amount,currency\nINV-99,C-0042,2026-10-01,2026-10-31,"
                + "1000000000000.01,EUR\n")
        let again = try dun.run(["import", "invoices", more, "--as-of", "2026-11-02"])
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("error: \(more) line 2: amount 1000000000000.01 EUR would take"))
    }

    @Test(arguments: Engine.available) func aPaymentThatWouldPassTheCeilingIsRefusedWithItsLine(engine: Engine) throws {
        let dun = try ledger(engine)
        let file = try dun.file(
            "bank.csv",
            "reference,customer,received_on,amount,currency\n"
                + Self.rows(12) { "P-\($0),C-0042,2026-10-05,9000000000000.00,EUR" } + "\n")
        let refused = try dun.run(["import", "payments", file, "--as-of", "2026-11-02"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "error: \(file) line 13: amount 9000000000000.00 EUR would take the ledger's payments in EUR "
                + "to more than 100000000000000.00, the most one ledger holds (99000000000000.00 so far)\n")
        let listed = try dun.run(["payment", "list", "--format", "json", "--as-of", "2026-11-02"]).json()
        #expect((listed as? [Any])?.isEmpty == true)
    }
}

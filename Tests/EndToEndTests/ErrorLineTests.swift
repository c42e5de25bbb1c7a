import Foundation
import Testing

/// An `error:` line is one line of plain text, whatever it echoes.
@Suite(.serialized) struct ErrorLineTests {
    @Test(arguments: Engine.available) func controlCharactersInAnEchoedValueAreShownAsEscapes(engine: Engine) throws {
        let dun = try DunProcess(engine)
        try dun.run(["init", "--as-of", "2026-11-02"])
        let result = try dun.run(["invoice", "show", "INV\u{1B}[2J\nx\r\u{7F}\u{85}\t"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: invoice INV\\u{1B}[2J\\nx\\r\\u{7F}\\u{85}\\t does not exist\n")
    }

    @Test(arguments: Engine.available) func aDuplicateTaxonomyKeyIsOneLineWithItsPlace(engine: Engine) throws {
        let dun = try DunProcess(engine)
        try dun.run(["init", "--as-of", "2026-11-02"])
        let folder = (dun.folder as NSString).appendingPathComponent("taxonomy")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = (folder as NSString).appendingPathComponent("owners.yaml")
        try "owners:\n  - key: quality\n    name: Quality\n    key: sales\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let result = try dun.run(["taxonomy", "load", folder])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(file):4:5: duplicate key \"key\" (first on line 2)\n")
    }
}

/// `--format csv` goes through the one CSV writer, which neutralises formulas.
@Suite(.serialized) struct CSVOutputTests {
    @Test(arguments: Engine.available) func aCustomerNamedLikeAFormulaIsWrittenAsText(engine: Engine) throws {
        let dun = try DunProcess(engine)
        try dun.run(["init", "--as-of", "2026-11-02"])
        let customers = try dun.file(
            "c.csv", "code,name\nC-1,\"=HYPERLINK(\"\"http://evil.example\"\")\"\nC-2,-2+3\nC-3,@SUM(A1)\n")
        #expect(try dun.run(["import", "customers", customers]).status == 0)
        let listing = try dun.run(["customer", "list", "--format", "csv", "--as-of", "2026-11-02"])
        #expect(listing.status == 0, "\(listing.stderr)")
        #expect(listing.stdout.contains("C-1,\"'=HYPERLINK(\"\"http://evil.example\"\")\","))
        #expect(listing.stdout.contains("C-2,\"'-2+3\","))
        #expect(listing.stdout.contains("C-3,\"'@SUM(A1)\","))
    }
}

/// Applying cash and signed amounts on the command line.
@Suite(.serialized) struct PaymentApplyTests {
    @Test(arguments: Engine.available) func applyingToAPaidInvoiceAndANegativeAmountSayWhatIsWrong(
        engine: Engine
    ) throws {
        let dun = try DunProcess(engine)
        try dun.run(["init", "--as-of", "2026-11-02"])
        try dun.run(["import", "customers", dun.file("c.csv", "code,name\nC-1,Acme\n")])
        try dun.run([
            "import", "invoices",
            dun.file(
                "i.csv",
                "number,customer,issue_date,due_date,amount\nINV-1,C-1,2026-11-01,2026-12-01,100.00\nINV-2,C-1,2026-11-01,2026-12-01,70.00\n"
            ), "--as-of", "2026-11-02",
        ])
        let payments = try dun.file(
            "p.csv",
            "reference,customer,received_on,amount,invoice\nR1,C-1,2026-11-02,100.00,INV-1\nR2,C-1,2026-11-02,50.00,\n")
        #expect(try dun.run(["import", "payments", payments, "--as-of", "2026-11-02"]).status == 0)

        let paid = try dun.run(["payment", "apply", "PAY-2", "--invoice", "INV-1", "--as-of", "2026-11-02"])
        #expect(paid.status == 1)
        #expect(paid.stderr == "error: invoice INV-1 has no open balance to apply it to\n")

        // `--amount -10.00` is read as the amount, as `--amount=-10.00` always was.
        for arguments in [
            ["payment", "apply", "PAY-2", "--invoice", "INV-2", "--amount", "-10.00"],
            ["payment", "apply", "PAY-2", "--invoice", "INV-2", "--amount=-10.00"],
            ["dispute", "log", "--invoice", "INV-2", "--category", "wrong-item", "--amount", "-10.00"],
            ["promise", "add", "--customer", "C-1", "--amount", "-10.00", "--due", "2026-11-20"],
        ] {
            let negative = try dun.run(arguments + ["--as-of", "2026-11-02"])
            #expect(negative.status == 1, "\(arguments)")
            #expect(negative.stderr == "error: amount -10.00 EUR must be more than zero\n", "\(arguments)")
        }
    }
}

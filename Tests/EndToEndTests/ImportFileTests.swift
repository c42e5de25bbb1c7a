import Foundation
import Testing

/// Files as ERP systems and spreadsheets export them: repeated rows, no currency column, the
/// empty cells around a table; and the files that are refused, with their exact message.
@Suite(.serialized) struct ImportFileTests {
    static let invoiceHeader = "number,customer,issue_date,due_date,amount,currency\n"

    func initialized(_ engine: Engine, currency: String = "EUR") throws -> DunProcess {
        let dun = try DunProcess(engine)
        try dun.run(["init", "--currency", currency, "--as-of", "2026-11-02"])
        return dun
    }

    func withCustomers(_ engine: Engine, currency: String = "EUR") throws -> DunProcess {
        let dun = try initialized(engine, currency: currency)
        let customers = try dun.file("c.csv", "code,name\nC-1,Acme\nC-2,Beta\n")
        let result = try dun.run(["import", "customers", customers, "--as-of", "2026-11-02"])
        #expect(result.status == 0, "\(result.stderr)")
        return dun
    }

    /// The invoices' numbers with their amounts and currencies, as `invoice list` shows them.
    func invoices(_ dun: DunProcess) throws -> [String] {
        let listing = try dun.run(["invoice", "list", "--format", "json", "--as-of", "2026-11-30"]).object()
        let rows = try #require(listing["items"] as? [[String: Any]])
        return rows.map { "\($0["number"] ?? "") \($0["amount"] ?? "") \($0["currency"] ?? "")" }.sorted()
    }

    @Test(arguments: Engine.available) func customersRepeatedOnEveryInvoiceRowAreSkippedAsRepeats(engine: Engine) throws
    {
        let dun = try initialized(engine)
        let export = try dun.file(
            "export.csv",
            """
            customerID,customer_name,invoice,total
            C-1,Acme,INV-1,10.00
            C-1,Acme,INV-2,20.00
            C-2,Beta,INV-3,5.00
            C-1,Acme,INV-4,1.00

            """)
        let arguments = [
            "import", "customers", export, "--map", "code=customerID", "--map", "name=customer_name", "--as-of",
            "2026-11-02",
        ]
        let text = try dun.run(arguments + ["--dry-run"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(
            text.stdout.contains(
                "Would import customers from \(export): 4 rows, 2 new, 0 already present, 2 skipped as repeats of earlier rows."
            ))
        let result = try dun.run(arguments + ["--format", "json"]).object()
        #expect(result["inserted"] as? Int == 2)
        #expect(result["repeats"] as? Int == 2)

        let conflicting = try dun.file(
            "conflicting.csv", "customerID,customer_name\nC-3,Gamma\nC-4,Delta\nC-3,Gamma SA\n")
        let refused = try dun.run([
            "import", "customers", conflicting, "--map", "code=customerID", "--map", "name=customer_name",
        ])
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "error: \(conflicting) line 4: customer C-3 already appears on line 2 with name \"Gamma\" (this line says \"Gamma SA\")\n"
        )
    }

    @Test(arguments: Engine.available) func invoicesRepeatedInTheFileAreSkippedAsRepeats(engine: Engine) throws {
        let dun = try withCustomers(engine)
        let row1 = "INV-1,C-1,2026-11-01,2026-12-01,10.00,EUR\n"
        let row2 = "INV-2,C-2,2026-11-01,2026-12-01,20.00,EUR\n"
        let file = try dun.file("i.csv", Self.invoiceHeader + row1 + row1 + row2 + row1)
        let result = try dun.run(["import", "invoices", file, "--as-of", "2026-11-02", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let counts = try result.object()
        #expect(counts["rows"] as? Int == 4)
        #expect(counts["inserted"] as? Int == 2)
        #expect(counts["repeats"] as? Int == 2)
        #expect(try invoices(dun) == ["INV-1 10.00 EUR", "INV-2 20.00 EUR"])

        let conflicting = try dun.file(
            "conflicting.csv",
            Self.invoiceHeader + "INV-3,C-1,2026-11-01,2026-12-01,10.00,EUR\n" + row2
                + "INV-3,C-1,2026-11-01,2026-12-01,11.00,EUR\n")
        let refused = try dun.run(["import", "invoices", conflicting, "--as-of", "2026-11-02"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "error: \(conflicting) line 4: invoice INV-3 already appears on line 2 with amount 10.00 EUR (this line says 11.00 EUR)\n"
        )
    }

    @Test(arguments: Engine.available) func aFileWithoutCurrencyTakesTheOptionOrTheBaseCurrency(engine: Engine) throws {
        let dun = try withCustomers(engine, currency: "USD")
        let header = "number,customer,issue_date,due_date,amount\n"
        let base = try dun.file("base.csv", header + "INV-1,C-1,2026-11-01,2026-12-01,10.00\n")
        let imported = try dun.run(["import", "invoices", base, "--as-of", "2026-11-02"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let chosen = try dun.file("chosen.csv", header + "INV-2,C-1,2026-11-01,2026-12-01,20.00\n")
        let withOption = try dun.run(["import", "invoices", chosen, "--currency", "GBP", "--as-of", "2026-11-02"])
        #expect(withOption.status == 0, "\(withOption.stderr)")
        #expect(try invoices(dun) == ["INV-1 10.00 USD", "INV-2 20.00 GBP"])

        let payments = try dun.file("p.csv", "received_on,amount,invoice\n2026-11-02,4.00,INV-1\n")
        let paid = try dun.run(["import", "payments", payments, "--as-of", "2026-11-02", "--format", "json"])
        #expect(paid.status == 0, "\(paid.stderr)")
        #expect(try paid.object()["applied"] as? [String: String] == ["USD": "4.00"])

        let bad = try dun.run(["import", "invoices", chosen, "--currency", "XXQ"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--currency \"XXQ\" is not an ISO 4217 code"))
    }

    @Test(arguments: Engine.available) func theEmptyCellsAroundASpreadsheetTableAreIgnored(engine: Engine) throws {
        let dun = try withCustomers(engine)
        let file = try dun.file(
            "excel.csv",
            "number,customer,issue_date,due_date,amount,currency,,\n"
                + "INV-1,C-1,2026-11-01,2026-12-01,10.00,EUR,,\n"
                + ",,,,,,,\n"
                + "INV-2,C-2,2026-11-01,2026-12-01,20.00,EUR,,,\n"
                + ",,,\n")
        let result = try dun.run(["import", "invoices", file, "--as-of", "2026-11-02", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try result.object()["inserted"] as? Int == 2)
        #expect(try invoices(dun) == ["INV-1 10.00 EUR", "INV-2 20.00 EUR"])

        let filled = try dun.file(
            "filled.csv", Self.invoiceHeader + "INV-3,C-1,2026-11-01,2026-12-01,10.00,EUR,note\n")
        let refused = try dun.run(["import", "invoices", filled, "--as-of", "2026-11-02"])
        #expect(refused.stderr == "error: \(filled) line 2: 7 fields, but the header has 6\n")
    }

    @Test(arguments: Engine.available) func aRepeatedHeaderColumnOrANulByteIsRefused(engine: Engine) throws {
        let dun = try withCustomers(engine)
        let twice = try dun.file(
            "twice.csv", "number,customer,issue_date,due_date,amount,Amount,currency\n")
        let refused = try dun.run(["import", "invoices", twice])
        #expect(refused.status == 1)
        #expect(
            refused.stderr == "error: \(twice) line 1: the header names column \"amount\" twice (columns 5 and 6)\n")

        let nul = try dun.file(
            "nul.csv", Self.invoiceHeader + "INV-1,C-1,2026-11-01,2026-12-01,10.00,EUR\nINV-2,C-1,2026-11-01,\0,1,EUR\n"
        )
        let binary = try dun.run(["import", "invoices", nul, "--as-of", "2026-11-02"])
        #expect(binary.status == 1)
        #expect(
            binary.stderr
                == "error: \(nul) line 3: the file has a NUL byte, so it is not UTF-8 text (save it as CSV UTF-8, or convert it with iconv)\n"
        )
    }
}

/// Amounts that a file's other convention reads a thousand times larger or smaller are refused
/// with the line, the field and the way out.
@Suite(.serialized) struct AmountReadingTests {
    @Test(
        arguments: [
            (
                "2.500", false,
                "amount \"2.500\" is ambiguous: its \".\" may separate thousands or decimals (EUR has 2 decimals); if it separates thousands, import the file with --decimal-comma, else write 2 decimals"
            ),
            (
                "1,000", true,
                "amount \"1,000\" is ambiguous: its \",\" may separate thousands or decimals (EUR has 2 decimals); if it separates thousands, import the file without --decimal-comma, else write 2 decimals"
            ),
            (
                "1.0000", false,
                "amount \"1.0000\" has more decimals than EUR allows (2); if the file writes amounts as 1.234,56, import it with --decimal-comma"
            ),
            (
                "20000000000000.00", false,
                "amount \"20000000000000.00\" is too large: dun takes at most 10000000000000 in major units (10^13)"
            ),
        ] as [(String, Bool, String)])
    func refusesAnAmountItCouldMisread(amount: String, decimalComma: Bool, message: String) throws {
        // The amount is refused as the file is read: on one engine.
        let dun = try ImportFileTests().withCustomers(.sqlite)
        let delimiter = decimalComma ? ";" : ","
        let file = try dun.file(
            "i.csv",
            ["number", "customer", "issue_date", "due_date", "amount", "currency"].joined(separator: delimiter) + "\n"
                + ["INV-1", "C-1", "2026-11-01", "2026-12-01", "\"\(amount)\"", "EUR"].joined(separator: delimiter)
                + "\n")
        let result = try dun.run(
            ["import", "invoices", file, "--delimiter", delimiter, "--as-of", "2026-11-02"]
                + (decimalComma ? ["--decimal-comma"] : []))
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(file) line 2: \(message)\n")
    }

    @Test(arguments: Engine.available) func readsGroupedAmountsInEitherConvention(engine: Engine) throws {
        let dun = try ImportFileTests().withCustomers(engine)
        let header = "number;customer;issue_date;due_date;amount;currency\n"
        let european = try dun.file("eu.csv", header + "INV-1;C-1;2026-11-01;2026-12-01;1.234,56;EUR\n")
        let imported = try dun.run([
            "import", "invoices", european, "--delimiter", ";", "--decimal-comma", "--as-of", "2026-11-02",
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        let american = try dun.file(
            "us.csv",
            "number,customer,issue_date,due_date,amount,currency\nINV-2,C-1,2026-11-01,2026-12-01,\"1,234.56\",EUR\n")
        #expect(try dun.run(["import", "invoices", american, "--as-of", "2026-11-02"]).status == 0)
        #expect(try ImportFileTests().invoices(dun) == ["INV-1 1234.56 EUR", "INV-2 1234.56 EUR"])

        let option = try dun.run([
            "dispute", "log", "--invoice", "INV-1", "--category", "wrong-item", "--amount", "20000000000000",
            "--as-of", "2026-11-03",
        ])
        #expect(option.status == 1)
        #expect(
            option.stderr
                == "error: amount \"20000000000000\" is too large: dun takes at most 10000000000000 in major units (10^13)\n"
        )
        let ambiguous = try dun.run([
            "dispute", "log", "--invoice", "INV-1", "--category", "wrong-item", "--amount", "1.000", "--as-of",
            "2026-11-03",
        ])
        #expect(
            ambiguous.stderr
                == "error: amount \"1.000\" is ambiguous: its \".\" may separate thousands or decimals (EUR has 2 decimals); write it with no thousands separator and 2 decimals\n"
        )
    }
}

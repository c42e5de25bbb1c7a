import Foundation
import Testing

/// The story dun exists for, run with the real binary: a customer calls about a damaged
/// delivery → dispute logged → invoice on hold → owner resolves → hold released → dunning can
/// resume; and the weekly report shows it.
@Suite(.serialized) struct StoryTests {
    static let customers = """
        code,name,email,phone,country,language,sales_rep,collector,iban
        C-0042,Brasserie du Port,compta@brasserie-du-port.example,+33 4 91 00 00 00,FR,fr,jmartin,alice,FR76 3000 6000 0112 3456 7890 189
        C-0007,Harbour Kitchen Ltd,ap@harbour.example,+44 20 7946 0000,GB,en,slopez,bob,

        """
    static let invoices = """
        number,customer,issue_date,due_date,amount,currency,sku,description,quantity,line_amount
        INV-2026-0101,C-0042,2026-10-20,2026-11-19,1470.00,EUR,CHR-220,Folding chair Alto,30,1470.00
        INV-2026-0102,C-0042,2026-11-02,2026-12-02,560.00,EUR,GLS-024,Wine glasses,10,560.00
        INV-2026-0103,C-0007,2026-11-03,2026-12-03,2400.00,GBP,,,,

        """

    @Test(arguments: Engine.available) func aDamagedDeliveryFromCallToResumedDunning(engine: Engine) throws {
        let dun = try DunProcess(engine)
        let initialized = try dun.run(["init", "--as-of", "2026-11-02", "--format", "json"])
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(try initialized.object()["categories"] as? Int == 10)
        #expect(
            try dun.run(["import", "customers", dun.file("customers.csv", Self.customers), "--as-of", "2026-11-02"])
                .status == 0)
        let imported = try dun.run([
            "import", "invoices", dun.file("invoices.csv", Self.invoices), "--as-of", "2026-11-03", "--format", "json",
        ])
        #expect(try imported.object()["inserted"] as? Int == 3)

        // The customer calls: 12 of the 30 chairs arrived broken.
        let logged = try dun.run([
            "dispute", "log", "--invoice", "INV-2026-0101", "--category", "damaged-goods", "--amount", "588.00",
            "--subject", "sku=CHR-220", "--note", "12 chairs arrived with bent legs", "--channel", "phone",
            "--as-of", "2026-11-24", "--format", "json",
        ])
        #expect(logged.status == 0, "\(logged.stderr)")
        let dispute = try logged.object()
        #expect(dispute["id"] as? String == "D-1")
        #expect(dispute["status"] as? String == "open")
        #expect(dispute["category"] as? String == "damaged-goods")
        #expect(dispute["owner"] as? String == "logistics")
        #expect(dispute["amount"] as? String == "588.00")
        #expect(dispute["currency"] as? String == "EUR")
        #expect((dispute["invoices"] as? [[String: Any]])?.first?["number"] as? String == "INV-2026-0101")
        #expect(dispute["holds"] as? [String] == ["H-1"])

        // Collectors see the hold.
        let held =
            try dun.run(["hold", "list", "--active", "--as-of", "2026-11-25", "--format", "json"]).json()
            as? [[String: Any]]
        #expect(held?.count == 1)
        #expect(held?.first?["invoice"] as? String == "INV-2026-0101")
        #expect(held?.first?["dispute"] as? String == "D-1")
        #expect(held?.first?["active"] as? Bool == true)
        #expect(held?.first?["releasedOn"] is NSNull)
        let invoice = try dun.run(["invoice", "show", "INV-2026-0101", "--as-of", "2026-11-25", "--format", "json"])
            .object()
        #expect(invoice["activeHolds"] as? [String] == ["H-1"])

        // Logistics resolves it with a credit note; the hold goes, dunning can resume.
        let resolved = try dun.run([
            "dispute", "resolve", "D-1", "--outcome", "credit", "--root-cause", "damaged-goods",
            "--note", "carrier claim filed", "--as-of", "2026-11-27", "--format", "json",
        ]).object()
        #expect(resolved["status"] as? String == "resolved")
        #expect(resolved["holdsReleased"] as? [String] == ["H-1"])
        #expect((resolved["creditNotes"] as? [[String: Any]])?.first?["amount"] as? String == "588.00")
        let after = try dun.run(["invoice", "show", "INV-2026-0101", "--as-of", "2026-11-27", "--format", "json"])
            .object()
        #expect(after["open"] as? String == "882.00")
        #expect(after["activeHolds"] as? [String] == [])
        #expect(
            (after["history"] as? [[String: Any]])?.map { $0["action"] as? String } == [
                "dispute.log", "hold.place", "dispute.resolve", "credit-note.issue", "hold.release",
            ])
        let text = try dun.run(["invoice", "show", "INV-2026-0101", "--as-of", "2026-11-27"]).stdout
        #expect(text.contains("Collection: dunning allowed"))

        // Management's weekly report.
        let report = try dun.run([
            "report", "weekly", "--week", "2026-W48", "--as-of", "2026-11-29", "--format", "json",
        ]).object()
        #expect(report["week"] as? String == "2026-W48")
        #expect(report["from"] as? String == "2026-11-23")
        #expect(report["to"] as? String == "2026-11-29")
        let categories = try #require(report["categories"] as? [[String: Any]])
        #expect(categories.count == 1)
        #expect(categories[0]["code"] as? String == "damaged-goods")
        #expect(categories[0]["opened"] as? Int == 1)
        #expect(categories[0]["resolved"] as? Int == 1)
        #expect(categories[0]["recurring"] as? Int == 0)
        #expect(categories[0]["amounts"] as? [String: String] == ["EUR": "588.00"])
        #expect(categories[0]["share"] as? Double == 1)
        #expect(categories[0]["cumulativeShare"] as? Double == 1)
        let holds = try #require(report["holds"] as? [String: Any])
        #expect(holds["active"] as? Int == 0)
        #expect(holds["amounts"] as? [String: String] == [:])
        let trend = try #require(report["trend"] as? [[String: Any]])
        #expect(trend.count == 12)
        #expect(trend.last?["week"] as? String == "2026-W48")
        #expect(trend.last?["opened"] as? Int == 1)

        // The audit trail names who did it.
        let history = try dun.run(["history", "D-1", "--format", "json"]).object()
        let entries = try #require(history["entries"] as? [[String: Any]])
        #expect(
            entries.map { $0["action"] as? String } == [
                "dispute.log", "hold.place", "dispute.resolve", "credit-note.issue", "hold.release",
            ])
        #expect(entries.allSatisfy { $0["actor"] as? String == "e2e" })
    }

    @Test(arguments: Engine.available) func formatsAreConsistent(engine: Engine) throws {
        let dun = try DunProcess(engine)
        try dun.run(["init", "--as-of", "2026-11-02"])
        try dun.run(["import", "customers", dun.file("c.csv", Self.customers)])
        try dun.run(["import", "invoices", dun.file("i.csv", Self.invoices)])
        let csv = try dun.run(["invoice", "list", "--open", "--as-of", "2026-11-24", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("Invoice,Customer,Issued,Due,Amount,Open,Status\r\n"))
        #expect(csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 4)
        let md = try dun.run(["customer", "list", "--format", "md"])
        #expect(md.stdout.contains("| C-0042 | Brasserie du Port |"))
        let html = try dun.run(["report", "weekly", "--as-of", "2026-11-29", "--format", "html"])
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        let refused = try dun.run(["customer", "list", "--format", "html"])
        #expect(refused.status == 2)
        #expect(refused.stderr == "error: --format html is available for reports only\n")
    }
}

import Foundation
import Testing

/// A collector's day with the real binary: post the bank statement, read the worklist, record a
/// promise, run dunning.
@Suite(.serialized) struct CollectorDayTests {
    static let statement = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("InterchangeTests/Fixtures/camt/camt053-sample.xml").path

    @Test(arguments: Engine.available) func aCollectorsDay(engine: Engine) throws {
        let dun = try DunProcess(engine)
        try dun.run(["init", "--as-of", "2026-10-01"])
        try dun.run([
            "import", "customers",
            dun.file(
                "customers.csv",
                """
                code,name,phone,collector,iban
                C-SGE,Société Générale des Eaux,+33 1 11 11 11 11,alice,FR1420041010050500013M02606
                C-LEF,Boulangerie Lefèvre & Fils,+33 1 22 22 22 22,alice,FR4830004008190001234567801
                C-BER,Éditions Bérénice SARL,+33 1 33 33 33 33,alice,FR5430003012340005012345673
                C-OLD,Vieux Moulin SARL,+33 1 44 44 44 44,bob,

                """),
        ])
        try dun.run([
            "import", "invoices",
            dun.file(
                "invoices.csv",
                """
                number,customer,issue_date,due_date,amount,currency
                INV-2026-0001,C-SGE,2026-10-01,2026-10-31,1250.00,EUR
                INV-2026-0002,C-LEF,2026-10-01,2026-10-31,2000.00,EUR
                INV-2026-0003,C-LEF,2026-10-02,2026-11-01,1600.00,EUR
                INV-2026-0010,C-BER,2026-10-06,2026-11-05,615.20,EUR
                INV-2026-0011,C-BER,2026-09-07,2026-10-07,300.00,EUR
                INV-2026-0020,C-OLD,2026-08-01,2026-08-31,7200.00,EUR
                INV-2026-0021,C-OLD,2026-09-01,2026-09-30,4100.00,EUR

                """),
        ])

        // Morning: the bank statement.
        let posted = try dun.run(["import", "payments", Self.statement, "--as-of", "2026-11-25", "--format", "json"])
            .object()
        #expect(posted["format"] as? String == "camt.053")
        #expect(posted["posted"] as? Int == 6)
        #expect(posted["applied"] as? [String: String] == ["EUR": "5345.70"])
        let unapplied = try dun.run(["payment", "list", "--unapplied", "--as-of", "2026-11-25", "--format", "json"])
            .json()
        #expect((unapplied as? [[String: Any]])?.count == 3)  // the unknown payers and the unnamed batch line
        let again = try dun.run(["import", "payments", Self.statement, "--as-of", "2026-11-25", "--format", "json"])
            .object()
        #expect(again["posted"] as? Int == 0)
        #expect(again["alreadyImported"] as? Int == 6)

        // The worklist: paid invoices are gone; the old debt comes first.
        let worklist = try dun.run(["worklist", "--as-of", "2026-11-25", "--format", "json"]).object()
        let collectors = try #require(worklist["collectors"] as? [[String: Any]])
        let calls = collectors.flatMap { ($0["calls"] as? [[String: Any]]) ?? [] }
        #expect(calls.first?["customer"] as? String == "C-OLD")
        #expect(calls.first?["phone"] as? String == "+33 1 44 44 44 44")
        #expect(!calls.contains { $0["customer"] as? String == "C-SGE" })

        // The call: Vieux Moulin promises to pay the older invoice next week.
        let promise = try dun.run([
            "contact", "log", "--customer", "C-OLD", "--channel", "call", "--outcome", "promise", "--amount", "7200.00",
            "--due", "2026-12-02", "--invoice", "INV-2026-0020", "--note", "will pay after month-end", "--as-of",
            "2026-11-25",
            "--format", "json",
        ])
        #expect(promise.status == 0, "\(promise.stderr)")
        #expect(((try promise.object())["promise"] as? [String: Any])?["status"] as? String == "pending")

        // Dunning: a dry run first, then the run, then nothing twice.
        let dry = try dun.run(["dunning", "run", "--dry-run", "--as-of", "2026-11-25", "--format", "json"]).object()
        let excluded = try #require(dry["excluded"] as? [[String: Any]])
        let reason = Dictionary(
            uniqueKeysWithValues: excluded.map { ($0["invoice"] as! String, $0["reason"] as! String) })
        #expect(reason["INV-2026-0020"] == "promise")
        #expect(reason["INV-2026-0003"] == "hold")  // the short payment's deduction dispute holds the rest
        let steps = try #require(dry["steps"] as? [[String: Any]])
        #expect(steps.contains { ($0["invoices"] as? [String])?.contains("INV-2026-0021") == true })
        #expect(
            steps.allSatisfy {
                ["reminder", "second-notice", "final-notice", "sales-escalation"].contains($0["step"] as! String)
            })
        let run = try dun.run(["dunning", "run", "--as-of", "2026-11-25", "--format", "json"]).object()
        #expect((run["steps"] as? [[String: Any]])?.count == steps.count)
        #expect(
            (run["steps"] as? [[String: Any]])?.allSatisfy { ($0["notice"] as? String)?.hasPrefix("N-") == true }
                == true)
        let twice = try dun.run(["dunning", "run", "--as-of", "2026-11-25", "--format", "json"]).object()
        #expect((twice["steps"] as? [[String: Any]])?.isEmpty == true)

        let aging = try dun.run(["report", "aging", "--as-of", "2026-11-25", "--format", "json"]).object()
        let lines = try #require(aging["customers"] as? [[String: Any]])
        #expect(lines.first?["code"] as? String == "C-OLD")
        #expect(lines.first?["days61to90"] as? String == "7200.00")
        #expect(lines.first?["days31to60"] as? String == "4100.00")
    }
}

import Foundation
import Testing

/// Corrective actions, the actions report and the KPIs, run with the real binary.
@Suite(.serialized) struct ActionEndToEndTests {
    func prepared(_ engine: Engine) throws -> DunProcess {
        let dun = try DunProcess(engine)
        #expect(try dun.run(["init", "--as-of", "2026-10-01"]).status == 0)
        try dun.run(["import", "customers", dun.file("c.csv", StoryTests.customers), "--as-of", "2026-10-01"])
        try dun.run(["import", "invoices", dun.file("i.csv", StoryTests.invoices), "--as-of", "2026-11-03"])
        return dun
    }

    @Test(arguments: Engine.available) func anActionFromAddToVerified(engine: Engine) throws {
        let dun = try prepared(engine)
        let logged = try dun.run([
            "dispute", "log", "--invoice", "INV-2026-0101", "--category", "damaged-goods", "--amount", "98.00",
            "--subject", "sku=CHR-220", "--as-of", "2026-11-04", "--format", "json",
        ])
        #expect(logged.status == 0, "\(logged.stderr)")
        let added = try dun.run([
            "action", "add", "--category", "damaged-goods", "--subject", "sku=CHR-220", "--owner", "logistics",
            "--due", "2026-11-20", "--title", "Double-box the CHR-220 chairs", "--dispute", "D-1", "--as-of",
            "2026-11-05", "--format", "json",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        let action = try added.object()
        #expect(action["id"] as? String == "CA-1")
        #expect(action["status"] as? String == "open")
        #expect(action["category"] as? String == "damaged-goods")
        #expect(action["subject"] as? String == "sku=CHR-220")
        #expect(action["owner"] as? String == "logistics")
        #expect(action["dueOn"] as? String == "2026-11-20")
        #expect(action["disputes"] as? [String] == ["D-1"])
        #expect((action["effectiveness"] as? [String: Any])?["status"] as? String == "not-done")

        let done = try dun.run(["action", "done", "CA-1", "--as-of", "2026-11-10", "--format", "json"]).object()
        #expect(done["status"] as? String == "done")
        #expect(done["doneOn"] as? String == "2026-11-10")
        #expect((done["effectiveness"] as? [String: Any])?["until"] as? String == "2027-01-05")

        let verified = try dun.run(["action", "verify", "CA-1", "--as-of", "2026-11-12", "--format", "json"]).object()
        #expect(verified["status"] as? String == "verified")
        #expect(verified["verifiedOn"] as? String == "2026-11-12")
        #expect(
            (verified["history"] as? [[String: Any]])?.map { $0["action"] as? String } == [
                "action.add", "action.link", "action.done", "action.verify",
            ])

        let list =
            try dun.run(["action", "list", "--as-of", "2026-11-12", "--format", "json"]).json() as? [[String: Any]]
        #expect(list?.map { $0["id"] as? String } == ["CA-1"])
        let text = try dun.run(["action", "list", "--as-of", "2026-11-12"]).stdout
        #expect(text.contains("CA-1    Double-box the CHR-220 chairs"))
        let history = try dun.run(["history", "CA-1", "--format", "json"]).object()
        #expect((history["entries"] as? [[String: Any]])?.count == 4)
    }

    @Test(arguments: Engine.available) func refusalsAreOneLineAndChangeNothing(engine: Engine) throws {
        let dun = try prepared(engine)
        try dun.run([
            "action", "add", "--category", "wrong-item", "--owner", "logistics", "--due", "2026-11-20", "--title",
            "Check the picking", "--as-of", "2026-11-05",
        ])
        let cases: [([String], String)] = [
            (["action", "verify", "CA-1"], "error: CA-1 is not done yet; mark it done first\n"),
            (["action", "done", "CA-7"], "error: corrective action CA-7 does not exist\n"),
            (
                [
                    "action", "add", "--category", "weather", "--owner", "logistics", "--due", "2026-11-20",
                    "--title", "x",
                ],
                "error: category \"weather\" does not exist (see `dun taxonomy show`)\n"
            ),
            (
                [
                    "action", "add", "--category", "wrong-item", "--owner", "nobody", "--due", "2026-11-20", "--title",
                    "x",
                ],
                "error: owner \"nobody\" does not exist (see `dun taxonomy show`)\n"
            ),
            (["action", "link", "CA-1", "D-3"], "error: dispute D-3 does not exist\n"),
        ]
        let before = try dun.run(["history", "CA-1", "--format", "json"]).stdout
        for (arguments, message) in cases {
            let result = try dun.run(arguments + ["--as-of", "2026-11-06"])
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr == message)
        }
        let usage = try dun.run([
            "action", "add", "--category", "wrong-item", "--subject", "CHR-220", "--owner", "logistics", "--due",
            "2026-11-20", "--title", "x",
        ])
        #expect(usage.status == 2)
        #expect(try dun.run(["history", "CA-1", "--format", "json"]).stdout == before)
        #expect((try dun.run(["action", "list", "--format", "json"]).json() as? [Any])?.count == 1)
    }

    @Test(arguments: Engine.available) func theActionsReportEscalatesOnceAndTheKPIsAnswerInJSON(engine: Engine) throws {
        let dun = try prepared(engine)
        try dun.run([
            "action", "add", "--category", "pricing-error", "--owner", "billing", "--due", "2026-11-20", "--title",
            "Load the new price list", "--as-of", "2026-11-05",
        ])
        let late = try dun.run(["report", "actions", "--as-of", "2026-11-21", "--format", "json"]).object()
        let escalated = try #require(late["actionEscalations"] as? [[String: Any]])
        #expect(escalated.map { $0["kind"] as? String } == ["overdue"])
        #expect(escalated.first?["crossedOn"] as? String == "2026-11-21")
        let told = try dun.run(["escalate", "--as-of", "2026-11-21", "--format", "json"]).object()
        #expect(told["actions"] as? [String] == ["CA-1"])
        let again = try dun.run(["escalate", "--as-of", "2026-11-22", "--format", "json"]).object()
        #expect(again["actions"] as? [String] == [])
        #expect(
            (try dun.run(["report", "actions", "--as-of", "2026-11-22", "--format", "json"]).object()[
                "actionEscalations"]
                as? [[String: Any]])?.count == 1)

        let payments = try dun.file(
            "p.csv",
            "reference,customer,received_on,amount,currency,invoice\nR1,C-0042,2026-11-25,560.00,EUR,INV-2026-0102\n")
        #expect(try dun.run(["import", "payments", payments, "--as-of", "2026-11-25"]).status == 0)
        let kpi = try dun.run(["report", "kpi", "--period-days", "30", "--as-of", "2026-11-30", "--format", "json"])
        #expect(kpi.status == 0, "\(kpi.stderr)")
        let report = try kpi.object()
        #expect(report["from"] as? String == "2026-11-01")
        #expect(report["to"] as? String == "2026-11-30")
        #expect(report["days"] as? Int == 30)
        #expect(report["annualRatePercent"] as? Double == 8)
        let currencies = try #require(report["currencies"] as? [[String: Any]])
        #expect(currencies.map { $0["currency"] as? String } == ["EUR", "GBP"])
        let eur = try #require(currencies.first)
        // Issued in November: 0102 (560.00, paid) and 0103 is GBP; 0101 was issued in October.
        #expect(eur["creditSales"] as? String == "560.00")
        #expect(eur["arAtStart"] as? String == "1470.00")
        #expect(eur["arAtEnd"] as? String == "1470.00")
        #expect(eur["currentARAtEnd"] as? String == "0.00")
        // DSO = 1470 ÷ 560 × 30 = 78.75 → 78.8.
        #expect(eur["dso"] as? Double == 78.8)
        #expect(eur["bestPossibleDSO"] as? Double == 0)
        for key in ["cei", "countbackDSO", "add", "weightedAverageDaysLate", "disputeSharePercent"] {
            #expect(eur[key] != nil, "\(key)")
        }
        #expect(
            ((eur["daysToPay"] as? [String: Any])?["neverDisputed"] as? [String: Any])?["meanDays"] as? Double == 23)
        #expect((eur["holds"] as? [String: Any])?["cost"] as? String == "0.00")
        let refused = try dun.run(["report", "kpi", "--period-days", "7", "--from", "2026-11-01"])
        #expect(refused.status == 2)
    }

    @Test(arguments: Engine.available) func theWeeklyHTMLGoesToAFile(engine: Engine) throws {
        let dun = try prepared(engine)
        let output = (dun.folder as NSString).appendingPathComponent("weekly.html")
        let result = try dun.run([
            "report", "weekly", "--as-of", "2026-11-29", "--format", "html", "--output", output,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
    }
}

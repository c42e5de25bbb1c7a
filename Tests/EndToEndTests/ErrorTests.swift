import Foundation
import PostgresStore
import Testing

/// Bad input: one `error:` line naming the thing, the right exit status, and the ledger left
/// exactly as it was.
@Suite(.serialized) struct ErrorTests {
    func prepared(_ engine: Engine) throws -> DunProcess {
        let dun = try DunProcess(engine)
        try dun.run(["init", "--as-of", "2026-11-02"])
        try dun.run(["import", "customers", dun.file("c.csv", StoryTests.customers)])
        try dun.run(["import", "invoices", dun.file("i.csv", StoryTests.invoices)])
        try dun.run([
            "dispute", "log", "--invoice", "INV-2026-0102", "--category", "wrong-item", "--as-of", "2026-11-20",
        ])
        try dun.run(["dispute", "resolve", "D-1", "--outcome", "replacement", "--as-of", "2026-11-21"])
        return dun
    }

    /// The ledger's content as the journal and listings see it.
    func snapshot(_ dun: DunProcess) throws -> String {
        try dun.run(["history", "ledger", "--format", "json"]).stdout
            + dun.run(["dispute", "list", "--status", "all", "--format", "json"]).stdout
            + dun.run(["hold", "list", "--format", "json"]).stdout
            + dun.run(["invoice", "list", "--format", "json", "--as-of", "2026-11-30"]).stdout
            + String(try dun.run(["history", "INV-2026-0101", "--format", "json"]).stdout.count)
    }

    @Test(
        arguments: Engine.available,
        [
            (
                ["dispute", "log", "--invoice", "INV-9", "--category", "wrong-item"],
                "error: invoice INV-9 does not exist\n"
            ),
            (
                ["dispute", "log", "--invoice", "INV-2026-0101", "--category", "moon-dust"],
                "error: category \"moon-dust\" does not exist (see `dun taxonomy show`)\n"
            ),
            (
                ["dispute", "log", "--invoice", "INV-2026-0101", "--category", "wrong-item", "--amount", "1470.01"],
                "error: disputed amount 1470.01 EUR is above the open balance 1470.00 EUR of INV-2026-0101\n"
            ),
            (
                ["dispute", "log", "--invoice", "INV-2026-0101", "--category", "wrong-item", "--amount", "12,5O"],
                "error: amount \"12,5O\" is not a number\n"
            ),
            (
                ["dispute", "assign", "D-1", "--owner", "nobody"],
                "error: owner \"nobody\" does not exist (see `dun taxonomy show`)\n"
            ),
            (
                ["dispute", "resolve", "D-1", "--outcome", "credit"],
                "error: dispute D-1 is already resolved (on 2026-11-21); reopen it first\n"
            ),
            (["dispute", "show", "D-99"], "error: dispute D-99 does not exist\n"),
            (["hold", "release", "H-1"], "error: hold H-1 was already released on 2026-11-21\n"),
            (["hold", "release", "H-7"], "error: hold H-7 does not exist\n"),
            (["hold", "place", "--customer", "C-404", "--reason", "x"], "error: customer C-404 does not exist\n"),
            (["customer", "show", "C-404"], "error: customer C-404 does not exist\n"),
        ] as [([String], String)])
    func refusesWithOneLineAndChangesNothing(engine: Engine, refusal: ([String], String)) throws {
        let (arguments, message) = refusal
        let dun = try prepared(engine)
        let before = try snapshot(dun)
        let result = try dun.run(arguments + ["--as-of", "2026-11-25"])
        #expect(result.status == 1)
        #expect(result.stderr == message)
        #expect(result.stdout.isEmpty)
        #expect(try snapshot(dun) == before)
    }

    @Test(arguments: Engine.available) func aBadImportNamesFileLineAndFieldAndWritesNothing(engine: Engine) throws {
        let dun = try prepared(engine)
        let before = try snapshot(dun)
        let file = try dun.file(
            "bad.csv",
            "number,customer,issue_date,due_date,amount,currency\nINV-9,C-0042,2026-11-01,2026-12-01,10.00,EUR\nINV-10,C-0042,2026-11-31,2026-12-01,10.00,EUR\n"
        )
        let result = try dun.run(["import", "invoices", file])
        #expect(result.status == 1)
        #expect(
            result.stderr == "error: \(file) line 3: issue_date \"2026-11-31\" is not a date in the form yyyy-MM-dd\n")
        #expect(try snapshot(dun) == before)
        let width = try dun.file("w.csv", "number,customer,issue_date,due_date,amount,currency\nINV-9,C-0042\n")
        #expect(
            try dun.run(["import", "invoices", width]).stderr
                == "error: \(width) line 2: 2 fields, but the header has 6\n")
        let unknown = try dun.file(
            "u.csv", "number,customer,issue_date,due_date,amount,currency\nINV-9,C-9,2026-11-01,2026-12-01,1.00,EUR\n")
        #expect(
            try dun.run(["import", "invoices", unknown]).stderr
                == "error: \(unknown) line 2: customer C-9 does not exist\n")
    }

    @Test func storageProblemsExitWithThree() throws {
        let dun = try DunProcess()
        let notSQLite = try dun.file("notes.sqlite", String(repeating: "not a database\n", count: 100))
        let result = try dun.run(["dispute", "list"], database: notSQLite)
        #expect(result.status == 3)
        #expect(result.stderr == "error: \(notSQLite) is not a dun ledger (not an SQLite database)\n")
        #expect(
            try String(contentsOfFile: notSQLite, encoding: .utf8) == String(repeating: "not a database\n", count: 100))
    }

    @Test(arguments: Engine.available) func aMissingLedgerIsNotCreatedByAccident(engine: Engine) throws {
        let dun = try DunProcess(engine)
        let result = try dun.run(["dispute", "list"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: no ledger at \(dun.location); run `dun init` to create one\n")
        if engine == .sqlite { #expect(!FileManager.default.fileExists(atPath: dun.database)) }
        if engine == .postgres { #expect(!dun.location.contains(":\(Engine.password ?? "-")@")) }
    }

    /// An unreachable server, a refused login and a schema from a newer dun are storage problems:
    /// exit 3, one line, and never the password.
    @Test(.enabled(if: Engine.available.contains(.postgres))) func serverProblemsExitWithThree() throws {
        let dun = try DunProcess(.postgres)
        let password = try #require(Engine.password)
        let unreachable = try dun.run(
            ["dispute", "list"], database: "postgresql://dun:\(password)@127.0.0.1:1/postgres")
        #expect(unreachable.status == 3)
        #expect(unreachable.stderr.hasPrefix("error: postgresql://dun:***@127.0.0.1:1/postgres: "))
        #expect(unreachable.stderr.contains("onnection refused"))
        let refused = try dun.run(
            ["dispute", "list"], database: dun.database.replacingOccurrences(of: ":\(password)@", with: ":wrong@"))
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("password authentication failed"))
        for result in [unreachable, refused] {
            #expect(!result.stderr.contains(password) && !result.stderr.contains("wrong"))
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        #expect(try dun.run(["init", "--as-of", "2026-11-02"]).status == 0)
        try PostgresConnection(dun.database).execute("INSERT INTO dun_migration VALUES ('p99-from-the-future')")
        let newer = try dun.run(["dispute", "list"])
        #expect(newer.status == 3)
        #expect(
            newer.stderr
                == "error: \(dun.location) was written by a newer dun (schema p99-from-the-future); upgrade dun to open it\n"
        )
    }

    @Test func usageErrorsExitWithTwo() throws {
        let dun = try prepared(.sqlite)
        let missing = try dun.run(["dispute", "log", "--category", "wrong-item"])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("Error: give at least one --invoice"))
        let badDay = try dun.run(["dispute", "list", "--as-of", "2026-13-01"])
        #expect(badDay.status == 2)
        #expect(try dun.run(["frobnicate"]).status == 2)
        let help = try dun.run(["dispute", "log", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--as-of"))
    }

    /// The parse skips ArgumentParser's completion-script check unless asked for a script (see
    /// `Entry.parse`); help, usage errors and the script itself must not notice.
    @Test func helpUsageAndCompletionScriptsNameTheToolOnce() throws {
        let dun = try prepared(.sqlite)
        let help = try dun.run(["dispute", "log", "--help"])
        #expect(help.stdout.contains("USAGE: dun dispute log "))
        // Enum options list their raw values (CommandLineEnum), with the default, however wrapped.
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("(values: phone, email, letter, visit, deduction, import; default: phone)"))
        let fax = try dun.run([
            "dispute", "log", "--invoice", "INV-2026-0101", "--category", "wrong-item", "--channel", "fax",
        ])
        #expect(fax.status == 2)
        #expect(fax.stderr.contains("Please provide one of the following:\n  - phone\n  - email"))
        let usage = try dun.run(["dispute", "log", "--category", "wrong-item", "--amount"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("Usage: dun dispute log "))
        let subcommands = try dun.run(["dispute", "--help"])
        #expect(subcommands.stdout.contains("See 'dun help dispute <subcommand>' for detailed help."))
        for output in [help.stdout, usage.stderr, subcommands.stdout] { #expect(!output.contains("dun dun")) }
        let script = try dun.run(["--generate-completion-script", "bash"])
        #expect(script.status == 0)
        #expect(script.stdout.hasPrefix("#!/bin/bash"))
        #expect(script.stdout.contains("dispute"))
    }

    @Test(arguments: Engine.available) func theDemoNeverOverwritesARealLedger(engine: Engine) throws {
        let dun = try prepared(engine)
        let result = try dun.run(["demo", "--invoices", "300", "--customers", "60", "--as-of", "2026-11-29"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "error: \(dun.location) is a ledger that dun demo did not make; it is left alone (name another --database)\n"
        )
        #expect(try dun.run(["dispute", "show", "D-1", "--format", "json"]).object()["id"] as? String == "D-1")
    }
}

@Suite(.serialized) struct DemoTests {
    @Test(arguments: Engine.available) func theDemoIsDeterministicAndTellsItsStories(engine: Engine) throws {
        let dun = try DunProcess(engine)
        let args = [
            "demo", "--invoices", "1500", "--customers", "80", "--seed", "7", "--as-of", "2026-11-29", "--format",
            "json",
        ]
        let first = try dun.run(args)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try dun.run(args)
        #expect(second.status == 0)
        #expect(first.stdout == second.stdout)
        let report = try first.object()
        #expect(report["week"] as? String == "2026-W48")
        #expect((report["opened"] as? Int ?? 0) > 5)
        let subjects = try #require(report["subjects"] as? [[String: Any]])
        #expect(subjects.first?["subject"] as? String == "sku=CHR-220")
        // The customer who keeps receiving wrong items has recurring wrong-item disputes.
        let disputes = try dun.run([
            "dispute", "list", "--status", "all", "--customer", "C-0042", "--category", "wrong-item", "--limit", "0",
            "--format", "json",
        ]).object()
        #expect((disputes["total"] as? Int ?? 0) >= 5)
        let text = try dun.run([
            "demo", "--invoices", "1500", "--customers", "80", "--seed", "7", "--as-of", "2026-11-29",
        ]).stdout
        #expect(text.contains("Weekly root-cause report — 2026-W48"))
    }
}

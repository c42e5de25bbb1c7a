import Foundation
import Testing

/// The same ledger on SQLite and on PostgreSQL answers every report and list the same, to the
/// byte: `dun demo` with one seed writes it on each (six months of invoices, payments, disputes,
/// holds, promises, dunning), then the commands below run on both for several days.
@Suite(.serialized, .enabled(if: Engine.available.contains(.postgres))) struct SameOnBothEnginesTests {
    static let days = ["2026-11-29", "2026-10-15", "2026-06-01"]

    static let commands: [[String]] = [
        ["report", "weekly"], ["report", "aging"], ["report", "kpi"], ["report", "holds"], ["report", "actions"],
        ["dunning", "run", "--dry-run"], ["worklist"], ["dispute", "list", "--status", "all", "--limit", "0"],
        ["hold", "list", "--limit", "0"], ["invoice", "list", "--limit", "200"], ["customer", "list", "--limit", "0"],
        ["payment", "list", "--limit", "0"], ["promise", "list", "--limit", "0"], ["credit-note", "list"],
        ["action", "list"], ["task", "list"], ["outbox", "list"], ["customer", "show", "C-0042"],
        ["dispute", "show", "D-3"], ["invoice", "show", "INV-2026-00101"], ["history", "D-3"],
    ]

    @Test func everyReportAndListIsTheSame() throws {
        let sqlite = try DunProcess(.sqlite)
        let postgres = try DunProcess(.postgres)
        let demo = ["demo", "--invoices", "800", "--customers", "60", "--seed", "11", "--as-of", "2026-11-29"]
        for dun in [sqlite, postgres] {
            let made = try dun.run(demo + ["--format", "json"])
            try #require(made.status == 0, "\(dun.engine): \(made.stderr)")
        }
        for day in Self.days {
            for command in Self.commands {
                let arguments = command + ["--as-of", day, "--format", "json"]
                let (a, b) = (try sqlite.run(arguments), try postgres.run(arguments))
                #expect(a.status == b.status, "\(arguments): \(a.stderr) | \(b.stderr)")
                #expect(a.stderr == b.stderr, "\(arguments)")
                #expect(
                    Self.withoutClock(a.stdout) == Self.withoutClock(b.stdout),
                    "\(arguments.joined(separator: " ")) differs")
            }
        }
        #expect(try postgres.run(["check"]).status == 0)
    }

    /// The journal's wall-clock times differ between the two runs; nothing else may.
    static func withoutClock(_ text: String) -> String {
        text.replacingOccurrences(
            of: #""recorded_?[aA]t" *: *"[0-9T:-]+Z""#, with: #""recordedAt":"…""#, options: .regularExpression)
    }
}

import ArgumentParser
import DunKit
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a realistic sample ledger and print its weekly root-cause report.",
        discussion: """
            Writes ./dun-demo.sqlite (or --database), never over a ledger that dun demo did not make. The same \
            --seed and --as-of always give the same ledger.
            """)
    @Option(help: ArgumentHelp("How many invoices.", valueName: "n")) var invoices: Int = 6000
    @Option(help: ArgumentHelp("How many customers.", valueName: "n")) var customers: Int = 300
    @Option(help: ArgumentHelp("The random seed.", valueName: "n")) var seed: UInt64 = 42
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (200...2_000_000).contains(invoices) else { throw ValidationError("--invoices must be 200 to 2000000") }
        guard (50...200_000).contains(customers) else { throw ValidationError("--customers must be 50 to 200000") }
    }

    func run() throws {
        let result = try Demo.run(
            try global.engine(default: "dun-demo.sqlite"), stamp: global.stamp, seed: seed, customers: customers,
            invoices: invoices)
        let intro = """
            Wrote the demo ledger \(result.path): \(result.customers) customers, \(result.invoices) invoices, \
            \(result.disputes) disputes over twelve weeks (\(result.resolved) resolved).
            \(result.stories.map { "  - " + $0 }.joined(separator: "\n"))
            Explore it with: dun report weekly --database \(result.path) --as-of \(global.day) (or any command with --database \(result.path)).

            """
        if global.format == .text { FileHandle.standardOutput.write(Data(intro.utf8)) }
        try global.emit(WeeklyReportViews.report(result.report))
    }
}

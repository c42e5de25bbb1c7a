import ArgumentParser
import Complaints
import DunKit
import Foundation
import Receivables

extension IsoWeek: ExpressibleByArgument {
    public init?(argument: String) { self.init(text: argument) }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports for management and collectors.",
        subcommands: [Weekly.self, Aging.self, Holds.self])

    struct Weekly: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "weekly",
            abstract: "The weekly root-cause report: Pareto of complaints, recurrence, holds, SLA, escalations, trend.")
        @Option(help: ArgumentHelp("The ISO week (default: the as-of day's week).", valueName: "2026-W48")) var week:
            IsoWeek?
        @Option(help: ArgumentHelp("Write the report to this file.", valueName: "file")) var output: String?
        @Flag(help: "Also put the report in the outbox, addressed to the management group.") var mail = false
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let session = try global.session()
            let report = try session.weeklyReport(week: week)
            let presentation = WeeklyReportViews.report(report)
            if mail {
                let item = try session.queueWeeklyReport(
                    report, text: try presentation.rendered(.text) ?? "", html: try presentation.rendered(.html) ?? "")
                FileHandle.standardError.write(
                    Data("queued as O-\(item.id) for \(item.recipients ?? ""); dun outbox send delivers it\n".utf8))
            }
            try global.emit(presentation, to: output)
        }
    }

    struct Holds: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "holds", abstract: "Active holds and the cash they block.")
        @Option(help: ArgumentHelp("Write the report to this file.", valueName: "file")) var output: String?
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let report = try global.session().holdsReport()
            var presentation = HoldViews.report(report)
            presentation.html = presentation.document.html(title: "Collection holds \(report.asOf)")
            try global.emit(presentation, to: output)
        }
    }
}

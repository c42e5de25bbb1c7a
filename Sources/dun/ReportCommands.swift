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
        subcommands: [Weekly.self, Aging.self, Holds.self, Kpi.self, Actions.self])

    struct Weekly: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "weekly",
            abstract:
                "The weekly root-cause report: Pareto, root causes, recurrence, trend, actions, escalations, KPIs.",
            discussion: """
                --format html writes one self-contained page with SVG charts; text, md and csv carry the same \
                content as tables. Every figure is compared with the week before.
                """)
        @Option(help: ArgumentHelp("The ISO week (default: the as-of day's week).", valueName: "2026-W48")) var week:
            IsoWeek?
        @Option(help: ArgumentHelp("Write the report to this file.", valueName: "file")) var output: String?
        @Flag(help: "Also put the report in the outbox, addressed to the management group.") var mail = false
        @OptionGroup var global: GlobalOptions
        func validate() throws { try global.checkOutput(output) }
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

    struct Kpi: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kpi",
            abstract: "Collections KPIs per currency: DSO, CEI, ADD, dispute share and cycle time, holds, promises.",
            discussion: """
                Over the --period-days days ending on the as-of day (default 30), or from --from through it. The \
                formulas are in README.
                """)
        @Option(
            name: .customLong("period-days"),
            help: ArgumentHelp("The period's length in days, ending on the as-of day.", valueName: "n"))
        var periodDays: Int?
        @Option(help: ArgumentHelp("The period's first day (the period ends on the as-of day).", valueName: "day"))
        var from: Day?
        @Option(help: ArgumentHelp("Write the report to this file.", valueName: "file")) var output: String?
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            try global.checkOutput(output)
            if periodDays != nil && from != nil { throw ValidationError("give either --period-days or --from") }
            if let periodDays, periodDays < 1 { throw ValidationError("--period-days must be at least 1") }
        }

        func run() throws {
            let report = try global.session().kpiReport(periodDays: periodDays, from: from)
            try global.emit(KPIViews.report(report), to: output)
        }
    }

    struct Actions: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "actions",
            abstract: "Corrective actions, whether they worked, and what is escalated to management.",
            discussion: """
                Lists what has crossed its line by the as-of day: disputes open past their category's \
                escalate_after_days, actions overdue or not working, holds older than \
                config.escalation.hold_age_days (default 30). Reading it changes nothing; `dun escalate` (and \
                `dun dunning run`) journal each crossing once.
                """)
        @Option(help: ArgumentHelp("Write the report to this file.", valueName: "file")) var output: String?
        @OptionGroup var global: GlobalOptions
        func validate() throws { try global.checkOutput(output) }
        func run() throws {
            let report = try global.session().actionsReport()
            try global.emit(ActionViews.report(report), to: output)
        }
    }

    struct Holds: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "holds", abstract: "Active holds and the cash they block.")
        @Option(help: ArgumentHelp("Write the report to this file.", valueName: "file")) var output: String?
        @OptionGroup var global: GlobalOptions
        func validate() throws { try global.checkOutput(output) }
        func run() throws {
            let report = try global.session().holdsReport()
            try global.emit(HoldViews.report(report), to: output)
        }
    }
}

struct EscalateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalate",
        abstract: "Journal, once each, what has crossed its line to the management group by the as-of day.",
        discussion: """
            Disputes open past their category's escalate_after_days, corrective actions overdue or not working, \
            holds older than config.escalation.hold_age_days (default 30). The reports derive escalations from \
            dates by themselves; this records each crossing in the journal (`dispute.escalate`, \
            `action.escalate`, `hold.escalate`) the first time it is seen. `dun dunning run` does the same.
            """)
    @OptionGroup var global: GlobalOptions
    func run() throws {
        let session = try global.session()
        try global.emit(ActionViews.escalated(try session.escalate(), asOf: session.today))
    }
}

import Complaints
import Interchange
import LedgerPort
import Receivables

/// Views of corrective actions and of what is escalated to management.
public enum ActionViews {
    /// JSON of one action with its history (`action add|show|done|verify|reopen|link`).
    struct DetailJSON: Encodable, Sendable {
        var line: WeeklyReport.ActionLine
        var openedOn: Day
        var ownerName: String
        var history: [JournalEntry]

        func encode(to encoder: any Encoder) throws {
            try line.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(openedOn, forKey: .openedOn)
            try c.encode(ownerName, forKey: .ownerName)
            try c.encode(history, forKey: .history)
        }

        enum CodingKeys: String, CodingKey { case openedOn, ownerName, history }
    }

    static func line(_ item: ActionItem) -> WeeklyReport.ActionLine {
        WeeklyReport.ActionLine(item.standing, disputes: item.record.disputes)
    }

    /// `dun action list`.
    public static func list(_ items: [ActionItem], asOf day: Day) -> Presentation {
        var doc = Document()
        doc.table(table(items.map(line)), primary: true)
        if items.isEmpty { doc.paragraph("No corrective actions.") }
        return Presentation(json: items.map(line), document: doc)
    }

    /// One action, where it stands, its disputes and its history.
    public static func detail(_ detail: ActionDetail, headline: String? = nil) -> Presentation {
        let line = WeeklyReport.ActionLine(detail.standing, disputes: detail.record.disputes)
        var doc = Document()
        if let headline { doc.paragraph(headline) }
        doc.heading("Corrective action \(line.id) — \(line.title)")
        doc.fields([
            ("Targets", target(category: line.category, subject: line.subject)),
            ("Owner", "\(detail.record.ownerName) (\(line.owner))"),
            ("Opened", detail.record.openedOn.iso),
            ("Due", line.dueOn.iso + (line.overdue ? " — overdue" : "")),
            ("Status", status(line)),
            ("Effectiveness", effectiveness(line)),
        ])
        doc.heading("Disputes it addresses")
        if detail.disputes.isEmpty {
            doc.paragraph("No dispute is linked to it (`dun action link \(line.id) D-n`).")
        } else {
            var table = Table(columns: [
                .init("Dispute"), .init("Customer"), .init("Category"), .init("Opened"), .init("Status"),
                .init("Root cause"), .init("Amount", .right),
            ])
            for record in detail.disputes {
                let d = record.dispute
                var rootCause = ""
                if case .resolved(let resolution) = d.state { rootCause = resolution.rootCause ?? "" }
                table.append([
                    d.id.description, "\(record.customerName) (\(d.customer))", d.category, d.openedOn.iso,
                    d.state.status.rawValue, rootCause, Show.money(d.amount),
                ])
            }
            doc.table(table)
        }
        doc.heading("History")
        var history = Table(columns: [.init("Day"), .init("Who"), .init("What"), .init("Details")])
        for entry in detail.history {
            history.append([
                entry.day.iso, entry.actor, entry.action,
                entry.details.keys.sorted().map { "\($0): \(entry.details[$0]!)" }.joined(separator: "; "),
            ])
        }
        doc.table(history)
        let json = DetailJSON(
            line: line, openedOn: detail.record.openedOn, ownerName: detail.record.ownerName, history: detail.history)
        return Presentation(json: json, document: doc)
    }

    struct Told: Encodable, Sendable {
        var asOf: Day
        var disputes: [DisputeID]
        var actions: [ActionID]
        var holds: [HoldID]
    }

    /// `dun escalate`: what was journaled as escalated for the first time.
    public static func escalated(_ told: Escalated, asOf day: Day) -> Presentation {
        var doc = Document()
        doc.heading("Escalated to management — \(day)")
        doc.fields([
            ("Disputes", told.disputes.isEmpty ? "none" : told.disputes.map(\.description).joined(separator: ", ")),
            ("Actions", told.actions.isEmpty ? "none" : told.actions.map(\.action.description).joined(separator: ", ")),
            ("Holds", told.holds.isEmpty ? "none" : told.holds.map(\.description).joined(separator: ", ")),
        ])
        if told.isEmpty { doc.paragraph("Nothing new crossed its line: everything past it was told before.") }
        return Presentation(
            json: Told(asOf: day, disputes: told.disputes, actions: told.actions.map(\.action), holds: told.holds),
            document: doc)
    }

    struct ReportJSON: Encodable, Sendable {
        var asOf: Day
        var holdAgeDays: Int
        var actions: [WeeklyReport.ActionLine]
        var escalations: [WeeklyReport.Escalation]
        var actionEscalations: [WeeklyReport.ActionEscalation]
        var holdEscalations: [WeeklyReport.HoldEscalation]
    }

    /// `dun report actions`.
    public static func report(_ report: ActionsReport) -> Presentation {
        let lines = report.actions.map(line)
        var doc = Document()
        doc.heading("Corrective actions and escalations — as of \(report.asOf)")
        let standings = report.actions.map(\.standing)
        let summary = WeeklyReport.ActionSummary(standings, week: report.asOf.isoWeek)
        doc.fields([
            ("Open actions", "\(summary.open) (\(summary.overdue) overdue)"),
            (
                "Done actions",
                "\(summary.effective) effective, \(summary.ineffective) did not work, \(summary.pending) within their 8 weeks"
            ),
            (
                "Escalated to management",
                "\(report.escalations.count) disputes, \(report.actionEscalations.count) actions, "
                    + "\(report.holdEscalations.count) holds"
            ),
        ])
        doc.heading("Corrective actions")
        doc.table(table(lines), primary: true)
        if lines.isEmpty { doc.paragraph("No corrective actions.") }
        escalationSections(
            &doc, disputes: report.escalations, actions: report.actionEscalations, holds: report.holdEscalations,
            holdAgeDays: report.holdAgeDays)
        let json = ReportJSON(
            asOf: report.asOf, holdAgeDays: report.holdAgeDays, actions: lines, escalations: report.escalations,
            actionEscalations: report.actionEscalations, holdEscalations: report.holdEscalations)
        return Presentation(
            json: json, document: doc,
            html: doc.html(
                title: "Corrective actions \(report.asOf)", cellClass: cellClass, stylesheet: ReportStyle.css))
    }

    /// The actions table shared by the listing, `report actions` and the weekly report.
    static func table(_ lines: [WeeklyReport.ActionLine]) -> Table {
        var table = Table(columns: [
            .init("Action"), .init("Title"), .init("Targets"), .init("Owner"), .init("Due"), .init("Status"),
            .init("Effectiveness"), .init("Disputes", .right),
        ])
        for line in lines {
            table.append([
                line.id.description, line.title, target(category: line.category, subject: line.subject),
                line.owner.text, line.dueOn.iso, status(line), effectiveness(line), String(line.disputes.count),
            ])
        }
        return table
    }

    /// `damaged-goods, sku=CHR-220`.
    static func target(category: String, subject: Subject?) -> String {
        category + (subject.map { ", \($0)" } ?? "")
    }

    static func status(_ line: WeeklyReport.ActionLine) -> String {
        switch line.status {
        case .open:
            let base = line.reopenedOn.map { "reopened \($0)" } ?? "open"
            return line.overdue ? base + ", overdue" : base
        case .done: return "done \(line.doneOn?.iso ?? "")"
        case .verified: return "verified \(line.verifiedOn?.iso ?? "")"
        }
    }

    /// Whether it worked, in a sentence a manager reads at a glance.
    static func effectiveness(_ line: WeeklyReport.ActionLine) -> String {
        switch line.effectiveness {
        case .notDone:
            if let failed = line.failedAttempt {
                let again = failed.recurrences.map(\.description).joined(separator: ", ")
                return again.isEmpty
                    ? "Reopened \(failed.reopenedOn) (done \(failed.doneOn))"
                    : "Did not work: \(again) came back after \(failed.doneOn); reopened"
            }
            return "Not done yet"
        case .pending(let until):
            return "No recurrence so far; judged after \(until)"
        case .effective(let since):
            return "Effective: no recurrence in the 8 weeks to \(since - 1)"
        case .ineffective(let recurrences):
            return "Did not work: \(recurrences.map(\.description).joined(separator: ", ")) came back"
        }
    }

    /// The CSS tone of an effectiveness cell: `good`, `bad` or `pending`.
    static func tone(effectiveness text: String) -> String? {
        if text.hasPrefix("Effective") { return "good" }
        if text.hasPrefix("Did not work") { return "bad" }
        if text.hasPrefix("No recurrence so far") { return "pending" }
        return nil
    }

    /// Colours the effectiveness and status cells of action tables; keeps days on one line.
    static func cellClass(_ table: Table, _ row: Int, _ column: Int) -> String? {
        let title = table.columns[column].title
        let cell = table.rows[row][column]
        if title == "Effectiveness" { return tone(effectiveness: cell) }
        if title == "Status" { return cell.hasSuffix("overdue") ? "bad nowrap" : "nowrap" }
        if ["Due", "Opened", "Placed", "Since", "Day"].contains(title) { return "nowrap" }
        return nil
    }

    /// The three kinds of escalation, each a table with a sentence saying what it lists.
    static func escalationSections(
        _ doc: inout Document, disputes: [WeeklyReport.Escalation], actions: [WeeklyReport.ActionEscalation],
        holds: [WeeklyReport.HoldEscalation], holdAgeDays: Int
    ) {
        doc.heading("Escalated to management")
        doc.paragraph("Disputes open past their category's escalation day: \(disputes.count).")
        if !disputes.isEmpty {
            var table = Table(columns: [
                .init("Dispute"), .init("Customer"), .init("Category"), .init("Owner"), .init("Opened"),
                .init("Days open", .right), .init("Amount", .right),
            ])
            for e in disputes {
                table.append([
                    e.dispute.description, e.customer.text, e.category, e.owner.text, e.openedOn.iso,
                    String(e.daysOpen),
                    (try? Money.parse(e.amount, currency: e.currency)).map(Show.money)
                        ?? "\(e.amount) \(e.currency.code)",
                ])
            }
            doc.table(table)
        }
        doc.paragraph("Corrective actions overdue or not working: \(actions.count).")
        if !actions.isEmpty {
            var table = Table(columns: [
                .init("Action"), .init("Title"), .init("Owner"), .init("Why"), .init("Since"), .init("Days", .right),
            ])
            for e in actions {
                let why =
                    e.kind == "overdue"
                    ? "overdue (due \(e.dueOn?.iso ?? ""))"
                    : "did not work: \(e.recurrences.map(\.description).joined(separator: ", ")) came back"
                table.append([
                    e.action.description, e.title, e.owner.text, why, e.crossedOn.iso, String(e.daysSince),
                ])
            }
            doc.table(table)
        }
        doc.paragraph("Holds older than \(holdAgeDays) days: \(holds.count).")
        if !holds.isEmpty {
            var table = Table(columns: [
                .init("Hold"), .init("Customer"), .init("On"), .init("Dispute"), .init("Placed"),
                .init("Days held", .right), .init("Blocks", .right),
            ])
            for e in holds {
                table.append([
                    e.hold.description, "\(e.customerName) (\(e.customer))", e.invoice?.text ?? "all open items",
                    e.dispute?.description ?? "", e.placedOn.iso, String(e.daysHeld), Show.totals(e.blocked),
                ])
            }
            doc.table(table)
        }
    }
}

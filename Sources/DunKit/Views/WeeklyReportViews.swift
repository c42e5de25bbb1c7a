import Complaints
import Interchange
import Receivables

/// Views of the weekly root-cause report.
public enum WeeklyReportViews {
    public static func report(_ report: WeeklyReport) -> Presentation {
        let doc = document(report)
        return Presentation(
            json: report, document: doc, html: doc.html(title: "Weekly root-cause report \(report.week)"))
    }

    static func document(_ r: WeeklyReport) -> Document {
        var doc = Document()
        doc.heading("Weekly root-cause report — \(r.week) (\(r.from) to \(r.to))")
        doc.fields([
            ("As of", r.asOf.iso),
            ("Disputes opened", "\(r.opened) (\(r.recurring) recurring)"),
            ("Disputes resolved", String(r.resolved)),
            ("Disputed this week", Show.totals(r.amounts)),
            ("Active holds", "\(r.holds.active), blocking \(Show.totals(r.holds.amounts))"),
            ("Escalated to management", String(r.escalations.count)),
        ])

        doc.heading("What customers complained about (Pareto)")
        var pareto = Table(columns: [
            .init("Category"), .init("Owner"), .init("Opened", .right), .init("Recurring", .right),
            .init("Resolved", .right),
            .init("Disputed", .right), .init("Share", .right), .init("Cumulative", .right),
        ])
        for line in r.categories {
            pareto.append([
                line.label, line.owner, String(line.opened), String(line.recurring), String(line.resolved),
                Show.totals(line.amounts),
                Show.percent(line.share), Show.percent(line.cumulativeShare),
            ])
        }
        doc.table(pareto, primary: true)
        if r.categories.isEmpty { doc.paragraph("No disputes were opened or resolved this week.") }

        doc.heading("Recurring problems")
        if r.recurrences.isEmpty {
            doc.paragraph("No customer complained again about a problem of the same category within 90 days.")
        } else {
            var table = Table(columns: [
                .init("Dispute"), .init("Customer"), .init("Category"), .init("Opened"), .init("Repeats"),
                .init("Days since", .right),
            ])
            for item in r.recurrences {
                table.append([
                    item.dispute.description, "\(item.customerName) (\(item.customer))", item.category,
                    item.openedOn.iso,
                    "\(item.previous) of \(item.previousOpenedOn)", String(item.daysSince),
                ])
            }
            doc.table(table)
        }
        if !r.subjects.isEmpty {
            doc.heading("Subjects named again and again (90 days)")
            var table = Table(columns: [
                .init("Subject"), .init("Categories"), .init("Disputes", .right), .init("Customers", .right),
                .init("This week", .right), .init("Recurring this week", .right),
            ])
            for s in r.subjects {
                table.append([
                    s.subject.description, s.categories.joined(separator: ", "), String(s.disputes),
                    String(s.customers),
                    String(s.openedThisWeek), String(s.recurringThisWeek),
                ])
            }
            doc.table(table)
        }

        doc.heading("Cash blocked by holds")
        doc.fields([
            ("Active holds", String(r.holds.active)),
            ("Cash blocked", Show.totals(r.holds.amounts)),
            ("Placed this week", String(r.holds.placedThisWeek)),
            ("Released this week", String(r.holds.releasedThisWeek)),
            ("Oldest hold since", Show.day(r.holds.oldestPlacedOn)),
        ])

        doc.heading("Open disputes per owner")
        var owners = Table(columns: [
            .init("Owner"), .init("Open", .right), .init("Past SLA", .right), .init("Past SLA amount", .right),
            .init("Oldest"),
        ])
        for o in r.owners {
            owners.append([
                "\(o.name) (\(o.owner))", String(o.open), String(o.pastSla), Show.totals(o.pastSlaAmounts),
                Show.day(o.oldestOpenedOn),
            ])
        }
        doc.table(owners)
        if r.owners.isEmpty { doc.paragraph("No open disputes.") }

        doc.heading("Escalated to management")
        if r.escalations.isEmpty {
            doc.paragraph("No dispute is open past its category's escalation day.")
        } else {
            var table = Table(columns: [
                .init("Dispute"), .init("Customer"), .init("Category"), .init("Owner"), .init("Opened"),
                .init("Days open", .right),
                .init("Amount", .right),
            ])
            for e in r.escalations {
                table.append([
                    e.dispute.description, e.customer.text, e.category, e.owner.text, e.openedOn.iso,
                    String(e.daysOpen),
                    "\(e.amount) \(e.currency.code)",
                ])
            }
            doc.table(table)
        }

        doc.heading("Trend (12 weeks)")
        let top = r.categories.prefix(4).map(\.code)
        var trend = Table(
            columns: [.init("Week"), .init("Opened", .right), .init("Recurring", .right)]
                + top.map { .init($0, .right) })
        for point in r.trend {
            trend.append(
                [point.week.description, String(point.opened), String(point.recurring)]
                    + top.map { String(point.categories[$0] ?? 0) })
        }
        doc.table(trend)
        return doc
    }
}

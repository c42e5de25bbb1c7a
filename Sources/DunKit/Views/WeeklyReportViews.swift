import Complaints
import Interchange
import Receivables

/// Views of the weekly root-cause report: the same content as tables in text, Markdown and CSV,
/// and in HTML with figure cards and inline SVG charts (no script, no external asset).
public enum WeeklyReportViews {
    public static func report(_ report: WeeklyReport) -> Presentation {
        Presentation(
            json: report, makeDocument: { document(report) }, makeHTML: { html(report, document: document(report)) })
    }

    // MARK: Headings, shared by the document and the HTML that decorates it

    static func title(_ r: WeeklyReport) -> String { "Weekly root-cause report — \(r.week) (\(r.from) to \(r.to))" }
    static let paretoHeading = "What customers complained about (Pareto)"
    static let causesHeading = "What actually caused it (root causes found at resolution)"
    static let actionsHeading = "Corrective actions and their effectiveness"
    static let changesHeading = "Week over week"
    static let trendHeading = "Trend (12 weeks)"
    static func kpiHeading(_ r: WeeklyReport) -> String {
        guard let first = r.kpis.first else { return "KPIs" }
        return "KPIs (\(first.days) days to \(first.to))"
    }

    static func document(_ r: WeeklyReport) -> Document {
        var doc = Document()
        doc.heading(title(r))
        let lastWeek =
            r.previousWeek.map {
                " (\($0): \(r.changes.first { $0.key == "opened" }.map { Figures.value($0.previous, unit: .count) } ?? "–"))"
            } ?? ""
        doc.fields([
            ("As of", r.asOf.iso),
            ("Disputes opened", "\(r.opened) (\(r.recurring) recurring)" + lastWeek),
            ("Disputes resolved", String(r.resolved)),
            ("Disputed this week", Show.totals(r.amounts)),
            ("Active holds", "\(r.holds.active), blocking \(Show.totals(r.holds.amounts))"),
            (
                "Escalated to management",
                "\(r.escalations.count + r.actionEscalations.count + r.holdEscalations.count) "
                    + "(\(r.escalations.count) disputes, \(r.actionEscalations.count) actions, "
                    + "\(r.holdEscalations.count) holds)"
            ),
            (
                "Corrective actions",
                "\(r.actionSummary.open) open (\(r.actionSummary.overdue) overdue), \(r.actionSummary.effective) "
                    + "effective, \(r.actionSummary.ineffective) not working, \(r.actionSummary.pending) within their 8 weeks"
            ),
        ])

        doc.heading(paretoHeading)
        var pareto = Table(columns: [
            .init("Category"), .init("Owner"), .init("Opened", .right), .init("Last week", .right),
            .init("Recurring", .right), .init("Resolved", .right), .init("Disputed", .right), .init("Share", .right),
            .init("Cumulative", .right),
        ])
        for line in r.categories {
            pareto.append([
                line.label, line.owner, String(line.opened), String(line.openedPreviousWeek), String(line.recurring),
                String(line.resolved), Show.totals(line.amounts), Show.percent(line.share),
                Show.percent(line.cumulativeShare),
            ])
        }
        doc.table(pareto, primary: true)
        if r.categories.isEmpty { doc.paragraph("No disputes were opened or resolved this week.") }

        doc.heading(causesHeading)
        let causes = r.rootCauses
        if causes.resolved == 0 {
            doc.paragraph("No dispute was resolved this week.")
        } else {
            let single =
                causes.stated == 0
                ? "The 1 dispute resolved this week was resolved without a root cause."
                : "The 1 dispute resolved this week has a root cause found by its owner, "
                    + (causes.reclassified == 1
                        ? "in another category than the customer reported." : "in the category the customer reported.")
            let opening =
                causes.resolved == 1
                ? single
                : "Of the \(causes.resolved) disputes resolved this week, \(causes.stated) "
                    + "\(causes.stated == 1 ? "has" : "have") a root cause found by their owner, "
                    + "\(causes.reclassified) of them in another category than the customer reported; "
                    + "\(causes.notStated) resolved without one."
            doc.paragraph(opening)
            var table = Table(columns: [
                .init("Category"), .init("Reported by customers", .right), .init("Found as root cause", .right),
                .init("Customers had reported"),
            ])
            let labels = Dictionary(causes.lines.map { ($0.code, $0.label) }, uniquingKeysWith: { a, _ in a })
            for line in causes.lines {
                table.append([
                    line.label, String(line.reported), String(line.found),
                    line.foundReportedAs.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                        .map { "\(labels[$0.key] ?? $0.key) \($0.value)" }.joined(separator: ", "),
                ])
            }
            doc.table(table)
        }

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
                    item.openedOn.iso, "\(item.previous) of \(item.previousOpenedOn)", String(item.daysSince),
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
                    String(s.customers), String(s.openedThisWeek), String(s.recurringThisWeek),
                ])
            }
            doc.table(table)
        }

        doc.heading(trendHeading)
        let top = r.trendCategories
        var trend = Table(
            columns: [.init("Week"), .init("Opened", .right), .init("Recurring", .right)]
                + top.map { .init($0, .right) })
        for point in r.trend {
            trend.append(
                [point.week.description, String(point.opened), String(point.recurring)]
                    + top.map { String(point.categories[$0] ?? 0) })
        }
        doc.table(trend)
        doc.heading(actionsHeading)
        doc.paragraph(
            "An action is effective when no dispute of its category and subject is opened in the 8 weeks after it "
                + "was done; one that comes back makes it ineffective and puts it before management.")
        doc.table(ActionViews.table(r.actions))
        if r.actions.isEmpty { doc.paragraph("No corrective action is open or was done recently.") }

        ActionViews.escalationSections(
            &doc, disputes: r.escalations, actions: r.actionEscalations, holds: r.holdEscalations,
            holdAgeDays: r.holdAgeDays)

        doc.heading(kpiHeading(r))
        doc.table(kpiTable(r))
        if let first = r.kpis.first {
            doc.paragraph(
                "Each KPI over the \(first.days) days to \(first.to), against the same \(first.days) days a week earlier; "
                    + "blocked cash priced at \(Figures.rate(first.holds.annualRateBasisPoints)) a year. "
                    + "Formulas in README.")
        } else {
            doc.paragraph("No receivables.")
        }

        if r.previousWeek != nil {
            doc.heading(changesHeading)
            var table = Table(columns: [
                .init("Figure"), .init("Currency"), .init("This week", .right), .init("Last week", .right),
                .init("Change", .right),
            ])
            for figure in weekFigures(r) {
                table.append([
                    figure.label, figure.currency?.code ?? "", Figures.value(figure.current, unit: figure.unit),
                    Figures.value(figure.previous, unit: figure.unit), Figures.change(figure.change, unit: figure.unit),
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

        return doc
    }

    /// The figures of the week-over-week table: all but the KPIs, which their own table compares.
    static func weekFigures(_ r: WeeklyReport) -> [WeeklyReport.FigureChange] {
        let kpis = Set(kpiKeys.map(\.key))
        return r.changes.filter { !kpis.contains($0.key) }
    }

    static let kpiKeys: [(key: String, label: String)] = [
        ("dso", "DSO (days)"), ("bestPossibleDSO", "Best possible DSO (days)"), ("add", "Average days delinquent"),
        ("cei", "CEI (%)"), ("disputeShare", "Overdue AR in dispute (%)"),
        ("resolutionDays", "Dispute resolution, mean days"), ("resolutionP90Days", "Dispute resolution, p90 days"),
        ("holdCost", "Cost of cash blocked by holds"), ("promisesKept", "Promises kept (%)"),
        ("complaintDelay", "Days to pay lost to complaints"),
    ]

    /// The KPIs that move week to week, one column per currency with its change since last week.
    static func kpiTable(_ r: WeeklyReport) -> Table {
        var table = Table(
            columns: [.init("KPI")]
                + r.kpis.flatMap { [Table.Column($0.currency.code, .right), Table.Column("vs last week", .right)] })
        for (key, label) in kpiKeys {
            var row = [label]
            for kpi in r.kpis {
                let figure =
                    r.changes.first { $0.key == key && $0.currency == kpi.currency }
                    ?? WeeklyReport.FigureChange.figures(of: r).first { $0.key == key && $0.currency == kpi.currency }
                guard let figure else {
                    row += ["–", "–"]
                    continue
                }
                row.append(Figures.value(figure.current, unit: figure.unit))
                row.append(r.previousWeek == nil ? "–" : Figures.change(figure.change, unit: figure.unit))
            }
            table.append(row)
        }
        let daysToPay =
            ["Days to pay, disputed invoices"]
            + r.kpis.flatMap { kpi in
                [Figures.number(kpi.daysToPay.disputed.meanDays), "\(kpi.daysToPay.disputed.invoices) paid"]
            }
        let clean =
            ["Days to pay, never disputed"]
            + r.kpis.flatMap { kpi in
                [Figures.number(kpi.daysToPay.neverDisputed.meanDays), "\(kpi.daysToPay.neverDisputed.invoices) paid"]
            }
        table.append(daysToPay)
        table.append(clean)
        return table
    }

    // MARK: HTML

    static func html(_ r: WeeklyReport, document doc: Document) -> String {
        var extra: [String: String] = [:]
        extra[paretoHeading] = figure(
            ParetoChart(
                title: "Disputes opened in \(r.week) by category",
                bars: r.categories.filter { $0.opened > 0 }.map { (label: $0.label, value: $0.opened) },
                width: 896, height: 330
            ).svg())
        let found = r.rootCauses.lines.filter { $0.found > 0 }
        extra[causesHeading] = figure(
            ParetoChart(
                title: "Root causes found in disputes resolved in \(r.week)",
                bars: found.map { (label: $0.label, value: $0.found) }, valueName: "Resolved disputes",
                emptyMessage: "No root cause was found this week", width: 896, height: 300
            ).svg())
        let labels = Dictionary(r.categories.map { ($0.code, $0.label) }, uniquingKeysWith: { a, _ in a })
        let weeks = r.trend.map(\.week.description)
        let total = TrendChart(
            title: "Disputes opened per week",
            series: [
                TrendSeries(
                    name: "All disputes", points: r.trend.map { (label: $0.week.description, value: $0.opened) }),
                TrendSeries(
                    name: "Recurring", points: r.trend.map { (label: $0.week.description, value: $0.recurring) },
                    paletteIndex: 3),
            ], width: 896, height: 260
        ).svg()
        let multiples = SmallMultiples(
            title: "12-week trend per top category",
            series: r.trendCategories.enumerated().map { index, code in
                TrendSeries(
                    name: labels[code] ?? code,
                    points: zip(weeks, r.trend).map { (label: $0, value: $1.categories[code] ?? 0) },
                    paletteIndex: index)
            }, columns: 3, width: 896, panelHeight: 92
        ).svg()
        extra[trendHeading] = figure(total) + "\n" + figure(multiples)

        return doc.html(
            title: "Weekly root-cause report \(r.week)", extra: extra, replacing: [title(r): cards(r)],
            cellClass: { table, row, column in cellClass(r, table, row, column) }, stylesheet: ReportStyle.css)
    }

    static func figure(_ svg: String) -> String { "<figure class=\"chart\">\n\(svg)</figure>" }

    /// Tones for the HTML tables: changes good or bad, effectiveness, overdue.
    static func cellClass(_ r: WeeklyReport, _ table: Table, _ row: Int, _ column: Int) -> String? {
        let title = table.columns[column].title
        if table.columns.first?.title == "Figure", title == "Change" {
            let figures = weekFigures(r)
            return figures.indices.contains(row) ? Figures.tone(figures[row]) : nil
        }
        if table.columns.first?.title == "KPI", title == "vs last week" {
            let currency = table.columns[column - 1].title
            let label = table.rows[row][0]
            let figure = r.changes.first { $0.label == label && $0.currency?.code == currency }
            return figure.flatMap(Figures.tone)
        }
        return ActionViews.cellClass(table, row, column)
    }

    /// The figures at the top of the page, with their change since last week.
    static func cards(_ r: WeeklyReport) -> String {
        let base = r.kpis.first { $0.currency == .EUR }?.currency ?? r.kpis.first?.currency
        func change(_ key: String, _ currency: Currency? = nil) -> WeeklyReport.FigureChange? {
            r.changes.first { $0.key == key && $0.currency == currency }
        }
        func card(
            _ label: String, _ value: String, _ figure: WeeklyReport.FigureChange?, alert: Bool = false,
            small: Bool = false, note: String? = nil
        ) -> String {
            var delta = note ?? ""
            if let figure, r.previousWeek != nil {
                let text = Figures.change(figure.change, unit: figure.unit)
                let tone = Figures.tone(figure).map { " \($0)" } ?? ""
                delta =
                    "<span class=\"delta\(tone)\">\(htmlEscape(text)) vs last week</span>"
                    + (note.map { " · " + htmlEscape($0) } ?? "")
            } else if let note {
                delta = htmlEscape(note)
            }
            return """
                <div class="card\(alert ? " alert" : "")"><div class="label">\(htmlEscape(label))</div>\
                <div class="value\(small || value.count > 10 ? " small" : "")">\(htmlEscape(value))</div><div class="delta">\(delta)</div></div>
                """
        }
        let escalated = r.escalations.count + r.actionEscalations.count + r.holdEscalations.count
        let escalatedBefore = ["escalatedDisputes", "escalatedActions", "escalatedHolds"].compactMap { change($0) }
        var escalationChange: WeeklyReport.FigureChange?
        if var first = escalatedBefore.first {
            func sum(_ values: [WeeklyReport.FigureChange.Value]) -> Double {
                values.reduce(0) { if case .number(let v?) = $1 { $0 + v } else { $0 } }
            }
            first.change = .number(sum(escalatedBefore.map(\.current)) - sum(escalatedBefore.map(\.previous)))
            escalationChange = first
        }
        var cards = [
            card("Disputes opened", String(r.opened), change("opened"), note: "\(r.recurring) recurring"),
            card("Recurring disputes", String(r.recurring), change("recurring")),
            card("Disputes resolved", String(r.resolved), change("resolved")),
            card(
                "Escalated to management", String(escalated), escalationChange, alert: escalated > 0,
                note:
                    "\(r.escalations.count) disputes · \(r.actionEscalations.count) actions · \(r.holdEscalations.count) holds"
            ),
            card(
                "Corrective actions not working", String(r.actionSummary.ineffective), change("ineffectiveActions"),
                alert: r.actionSummary.ineffective > 0,
                note:
                    "\(r.actionSummary.effective) effective · \(r.actionSummary.pending) pending · \(r.actionSummary.overdue) overdue"
            ),
        ]
        if let base {
            let blocked = r.holds.amounts[base]
            let kpi = r.kpis.first { $0.currency == base }
            cards += [
                card("Cash blocked by holds (\(base.code))", blocked.groupedString, change("cashBlocked", base)),
                card("DSO (\(base.code), days)", Figures.number(kpi?.dso), change("dso", base)),
                card("CEI (\(base.code), %)", Figures.number(kpi?.cei), change("cei", base)),
                card(
                    "Overdue AR in dispute (\(base.code), %)", Figures.number(kpi?.disputeSharePercent),
                    change("disputeShare", base)),
                card(
                    "Days to pay lost to complaints", Figures.signed(kpi?.daysToPay.differenceDays),
                    change("complaintDelay", base), note: "disputed vs never disputed, \(base.code)"),
            ]
        }
        let lead =
            "Disputes opened Monday \(r.from) to Sunday \(r.to); states as of \(min(r.asOf, r.to))"
            + (r.previousWeek.map { "; changes against \($0)" } ?? "") + "."
        return "<p class=\"lead\">\(htmlEscape(lead))</p>\n<div class=\"cards\">\n" + cards.joined(separator: "\n")
            + "\n</div>"
    }
}

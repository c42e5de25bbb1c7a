import Complaints
import Interchange
import Receivables

/// Views of the collections KPIs (`dun report kpi`, and the KPI section of the weekly report).
public enum KPIViews {
    struct SetJSON: Encodable, Sendable {
        var asOf: Day
        var from: Day
        var to: Day
        var days: Int
        /// The yearly rate pricing the cash holds block, in percent.
        var annualRatePercent: Double
        var currencies: [KPIReport]
    }

    public static func report(_ set: KPISet) -> Presentation {
        var doc = Document()
        let period = set.period
        doc.heading("Collections KPIs — \(period.start) to \(period.end) (\(period.days) days)")
        doc.fields([
            ("As of", set.asOf.iso),
            ("Period", "\(period.start) to \(period.end): \(period.days) days, \(period.months) month(s) for CEI"),
            ("Cost of money", Figures.rate(set.annualRateBasisPoints) + " a year"),
        ])
        doc.table(table(set.currencies), primary: true)
        let cycles = cycleTable(set.currencies)
        if !cycles.rows.isEmpty {
            doc.heading("Dispute resolution days per category")
            doc.table(cycles)
        }
        doc.paragraph(
            "DSO = AR at end ÷ credit sales × days; best possible DSO uses the current (not yet due) AR; "
                + "ADD = DSO − best possible DSO; CEI = (AR at start + sales/months − AR at end) ÷ "
                + "(AR at start + sales/months − current AR at end) × 100. Days to pay: issue to full payment, "
                + "invoices fully paid in the period. See README for every formula.")
        let json = SetJSON(
            asOf: set.asOf, from: period.start, to: period.end, days: period.days,
            annualRatePercent: Double(set.annualRateBasisPoints) / 100, currencies: set.currencies)
        return Presentation(json: json, document: doc, html: doc.html(title: "Collections KPIs \(set.asOf)"))
    }

    /// One KPI per row, one currency per column.
    static func table(_ reports: [KPIReport]) -> Table {
        var table = Table(columns: [.init("KPI")] + reports.map { .init($0.currency.code, .right) })
        let rows = reports.map(rows(of:))
        for (index, label) in (rows.first ?? []).map(\.label).enumerated() {
            table.append([label] + rows.map { $0[index].value })
        }
        return table
    }

    /// A currency's KPIs as label and value, in reading order.
    static func rows(of k: KPIReport) -> [(label: String, value: String)] {
        func amount(_ text: String) -> String {
            guard let money = try? Money.parse(text, currency: k.currency) else { return text }
            return money.groupedString
        }
        let pay = k.daysToPay
        var rows: [(String, String)] = [
            ("Receivables at start", amount(k.arAtStart)),
            ("Credit sales in the period", amount(k.creditSales)),
            ("Receivables at end", amount(k.arAtEnd)),
            ("  of which not yet due", amount(k.currentARAtEnd)),
            ("  of which overdue", amount(k.overdueARAtEnd)),
            ("DSO (days)", Figures.number(k.dso)),
            ("Countback DSO (days)", Figures.number(k.countbackDSO)),
            ("Best possible DSO (days)", Figures.number(k.bestPossibleDSO)),
            ("Average days delinquent", Figures.number(k.add)),
            ("CEI (%)", Figures.number(k.cei)),
            ("Weighted average days late", Figures.number(k.weightedAverageDaysLate)),
            ("Invoices settled in the period", String(k.settledInvoices)),
            ("Open AR in dispute", amount(k.disputedOpenAR)),
            ("Overdue AR in dispute (%)", Figures.number(k.disputeSharePercent)),
        ]
        let overall = k.disputeCycleTime.overall
        rows += [
            ("Disputes resolved", String(overall?.disputes ?? 0)),
            ("Dispute resolution, mean days", Figures.number(overall?.meanDays)),
            ("Dispute resolution, p90 days", overall.map { String($0.p90Days) } ?? "–"),
            ("Cash blocked by holds at end", amount(k.holds.blockedAtEnd)),
            ("Cash blocked on an average day", amount(k.holds.averageBlocked)),
            ("Cost of blocked cash at " + Figures.rate(k.holds.annualRateBasisPoints), amount(k.holds.cost)),
            (
                "Promises kept (%)",
                Figures.number(k.promises.keptPercent)
                    + " (\(k.promises.kept) kept, \(k.promises.partlyKept) partly, \(k.promises.broken) broken)"
            ),
            ("Days to pay, disputed invoices", Figures.number(pay.disputed.meanDays) + " (\(pay.disputed.invoices))"),
            (
                "Days to pay, never disputed",
                Figures.number(pay.neverDisputed.meanDays) + " (\(pay.neverDisputed.invoices))"
            ),
            ("Days to pay lost to complaints", Figures.signed(pay.differenceDays)),
        ]
        return rows.map { (label: $0.0, value: $0.1) }
    }

    /// Cycle times per category and currency.
    static func cycleTable(_ reports: [KPIReport]) -> Table {
        var table = Table(columns: [
            .init("Category"), .init("Currency"), .init("Resolved", .right), .init("Mean days", .right),
            .init("p90 days", .right),
        ])
        for report in reports {
            for line in report.disputeCycleTime.categories {
                table.append([
                    line.category ?? "", report.currency.code, String(line.disputes), Figures.number(line.meanDays),
                    String(line.p90Days),
                ])
            }
        }
        return table
    }
}

/// Number formatting for figures: one decimal, signed changes, rates.
enum Figures {
    /// `52.3`, or `–` when not computable.
    static func number(_ value: Double?) -> String {
        guard let value = KPI.round1(value) else { return "–" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "−" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    /// `+1.2`, `−0.8`, `0.0`, or `–`.
    static func signed(_ value: Double?) -> String {
        guard let value = KPI.round1(value) else { return "–" }
        return (value > 0 ? "+" : "") + number(value)
    }

    /// `+3`, `−2`, `0`.
    static func signed(_ value: Int) -> String {
        value > 0 ? "+\(value)" : value < 0 ? "−\(-value)" : "0"
    }

    /// `8 %`, `7.5 %`.
    static func rate(_ basisPoints: Int) -> String {
        let whole = basisPoints / 100
        let rest = basisPoints % 100
        if rest == 0 { return "\(whole) %" }
        return rest % 10 == 0 ? "\(whole).\(rest / 10) %" : "\(whole).\(rest < 10 ? "0" : "")\(rest) %"
    }

    /// A figure's value as shown: counts whole, days and percentages to one decimal, amounts grouped.
    static func value(_ value: WeeklyReport.FigureChange.Value, unit: WeeklyReport.FigureChange.Unit) -> String {
        switch value {
        case .amount(let money?): money.groupedString
        case .amount(nil), .number(nil): "–"
        case .number(let number?): unit == .count ? String(Int(number.rounded())) : Figures.number(number)
        }
    }

    /// A change as shown: signed, `–` when not computable.
    static func change(_ value: WeeklyReport.FigureChange.Value, unit: WeeklyReport.FigureChange.Unit) -> String {
        switch value {
        case .amount(let money?):
            money.isZero
                ? "0"
                : (money.isPositive ? "+" : "−")
                    + Money(minorUnits: abs(money.minorUnits), currency: money.currency).groupedString
        case .amount(nil), .number(nil): "–"
        case .number(let number?): unit == .count ? signed(Int(number.rounded())) : signed(number)
        }
    }

    /// Whether a change is good or bad news: `good`, `bad`, or `nil` when there is no change.
    static func tone(_ figure: WeeklyReport.FigureChange) -> String? {
        let sign: Int
        switch figure.change {
        case .number(let value?): sign = value > 0 ? 1 : value < 0 ? -1 : 0
        case .amount(let money?): sign = money.isPositive ? 1 : money.isNegative ? -1 : 0
        default: sign = 0
        }
        guard sign != 0 else { return nil }
        return (sign > 0) == figure.higherIsBetter ? "good" : "bad"
    }
}

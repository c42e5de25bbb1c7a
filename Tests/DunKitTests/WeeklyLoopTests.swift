import Complaints
import Foundation
import Interchange
import Receivables
import Store
import Testing

@testable import DunKit

#if canImport(FoundationXML)
import FoundationXML
import LedgerPort
#endif

/// The weekly report of a small desk: week 2026-W48 (11-23 … 11-29) against W47.
///
/// W47: one damaged chair (D-1). W48: three damaged goods (two chairs), two wrong items, one
/// pricing error. CA-1 (double-box the chairs) was done on 11-10, so the chairs of W48 show it
/// did not work.
@Suite struct WeeklyLoopTests {
    let desk: Desk
    let report: WeeklyReport

    init() throws {
        let desk = try Desk()
        let chairs = Subject(key: "sku", value: "CHR-220")
        let action = try desk.on("2026-11-02").addAction(
            ActionRequest(
                category: "damaged-goods", subject: chairs, owner: "logistics", dueOn: Day(iso: "2026-11-12")!,
                title: "Double-box the chairs")
        ).record.action.id
        _ = try desk.on("2026-11-10").markActionDone(action, note: nil)
        func log(_ day: String, _ invoice: String, _ category: String, chair: Bool = false) throws -> DisputeID {
            try desk.on(day).logDispute(
                DisputeRequest(
                    invoices: [InvoiceNumber(invoice)], category: category, amount: "10.00",
                    subjects: chair ? [chairs] : [])
            ).record.dispute.id
        }
        let lastWeek = try log("2026-11-17", "INV-1", "damaged-goods", chair: true)
        _ = try log("2026-11-23", "INV-1", "damaged-goods", chair: true)
        _ = try log("2026-11-24", "INV-1", "damaged-goods", chair: true)
        _ = try log("2026-11-24", "INV-3", "damaged-goods")
        let wrong = try log("2026-11-25", "INV-2", "wrong-item")
        _ = try log("2026-11-25", "INV-3", "wrong-item")
        let price = try log("2026-11-26", "INV-3", "pricing-error")
        _ = try desk.on("2026-11-24").resolveDispute(
            lastWeek, ResolutionRequest(outcome: .credit, rootCause: "late-delivery"))
        _ = try desk.on("2026-11-26").resolveDispute(
            price, ResolutionRequest(outcome: .rejected, rootCause: "pricing-error"))
        _ = try desk.on("2026-11-27").resolveDispute(wrong, ResolutionRequest(outcome: .replacement))
        report = try desk.on("2026-11-29").weeklyReport(week: IsoWeek(text: "2026-W48"))
        self.desk = desk
    }

    @Test func theParetoComparesWithLastWeek() {
        #expect(report.categories.map(\.code) == ["damaged-goods", "wrong-item", "pricing-error"])
        #expect(report.categories.map(\.opened) == [3, 2, 1])
        #expect(report.categories.map(\.openedPreviousWeek) == [1, 0, 0])
        #expect(report.previousWeek == IsoWeek(text: "2026-W47"))
        let opened = report.changes.first { $0.key == "opened" }
        #expect(opened?.current == .number(6))
        #expect(opened?.previous == .number(1))
        #expect(opened?.change == .number(5))
    }

    @Test func whatCustomersReportedBesideWhatCausedIt() {
        let causes = report.rootCauses
        #expect(causes.resolved == 3)
        #expect(causes.stated == 2)
        #expect(causes.notStated == 1)
        #expect(causes.reclassified == 1)
        let lines = Dictionary(uniqueKeysWithValues: causes.lines.map { ($0.code, $0) })
        #expect(lines["damaged-goods"]?.reported == 1)
        #expect(lines["damaged-goods"]?.found == 0)
        #expect(lines["late-delivery"]?.found == 1)
        #expect(lines["late-delivery"]?.foundReportedAs == ["damaged-goods": 1])
        #expect(lines["pricing-error"]?.reported == 1)
        #expect(lines["pricing-error"]?.found == 1)
        #expect(lines["wrong-item"]?.reported == 1)
        #expect(lines["wrong-item"]?.found == 0)
    }

    @Test func theActionThatDidNotWorkIsBeforeManagement() {
        #expect(report.actions.map(\.id.description) == ["CA-1"])
        // D-1 was opened on 11-17, 7 days after the fix: the first recurrence.
        #expect(
            report.actions.first?.effectiveness
                == .ineffective(recurrences: [1, 2, 3].map { DisputeID(rawValue: $0) }))
        #expect(report.actionSummary.ineffective == 1)
        #expect(report.actionEscalations.map(\.kind) == ["ineffective"])
        #expect(report.actionEscalations.first?.crossedOn == Day(iso: "2026-11-17")!)
        #expect(report.holdAgeDays == 30)
        #expect(report.holdEscalations.isEmpty)
    }

    @Test func kpisPerCurrencyOverThe30DaysToTheReportsDay() {
        #expect(report.kpis.map(\.currency) == [.EUR, .USD])
        #expect(report.kpis.first?.to == Day(iso: "2026-11-29")!)
        #expect(report.kpis.first?.days == 30)
        #expect(report.changes.contains { $0.key == "dso" && $0.currency == .EUR })
    }

    @Test func theJSONKeepsItsFieldsAndAddsTheLoop() throws {
        let json = try JSONOutput.text(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        for key in [
            "week", "from", "to", "categories", "holds", "trend", "recurrences", "subjects", "owners", "escalations",
            "rootCauses", "actions", "actionSummary", "actionEscalations", "holdEscalations", "holdAgeDays", "kpis",
            "previousWeek", "changes", "trendCategories",
        ] {
            #expect(object[key] != nil, "\(key)")
        }
        let action = try #require((object["actions"] as? [[String: Any]])?.first)
        #expect(action["id"] as? String == "CA-1")
        #expect(action["subject"] as? String == "sku=CHR-220")
        #expect((action["effectiveness"] as? [String: Any])?["status"] as? String == "ineffective")
        let change = try #require((object["changes"] as? [[String: Any]])?.first { $0["key"] as? String == "disputed" })
        #expect(change["current"] as? String == "60.00")
        #expect(change["previous"] as? String == "10.00")
        #expect(change["change"] as? String == "50.00")
    }

    @Test func textAndMarkdownCarryTheSameContent() {
        let presentation = WeeklyReportViews.report(report)
        let markdown = presentation.document.markdown()
        let text = presentation.document.text()
        for heading in [
            "What customers complained about (Pareto)", "What actually caused it (root causes found at resolution)",
            "Corrective actions and their effectiveness", "Escalated to management", "KPIs (30 days to 2026-11-29)",
            "Week over week", "Trend (12 weeks)",
        ] {
            #expect(markdown.contains("## " + heading))
            #expect(text.contains(heading + "\n"))
        }
        #expect(markdown.contains("| CA-1 | Double-box the chairs |"))
        #expect(text.contains("Did not work: D-1, D-2, D-3 came back"))
    }

    // MARK: HTML and its charts

    @Test func theHTMLIsOneSelfContainedPage() throws {
        let html = try #require(WeeklyReportViews.report(report).html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
        #expect(!html.contains("url("))
        // The only URL is the SVG namespace.
        #expect(
            html.components(separatedBy: "http").count - 1 == html.components(separatedBy: "xmlns=\"http").count - 1)
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        for heading in ["What customers complained about (Pareto)", "Corrective actions and their effectiveness"] {
            #expect(html.contains("<h2>\(htmlEscape(heading))</h2>"))
        }
        #expect(html.contains("<div class=\"cards\">"))
        #expect(html.contains("class=\"bad\">Did not work: D-1, D-2, D-3 came back</td>"))
    }

    /// Bars of 3, 2 and 1 disputes: the second is two thirds of the first, the third one third;
    /// the cumulative line goes 50 %, 83.3 %, 100 % and ends on the 100 % tick.
    @Test func theParetoChartsNumbersAreTheReportsNumbers() throws {
        let html = try #require(WeeklyReportViews.report(report).html)
        let svg = try #require(Self.svgs(in: html).first)
        let root = try Self.parse(svg)
        let bars = root.all("rect", class: "bar")
        #expect(bars.map { $0.attributes["data-value"] } == report.categories.map { String($0.opened) })
        #expect(bars.map { $0.attributes["data-label"] } == report.categories.map(\.label))
        let heights = try bars.map { try #require($0.number("height")) }
        let tallest = try #require(heights.first)
        for (height, line) in zip(heights, report.categories) {
            #expect(abs(height / tallest - Double(line.opened) / 3) < 0.001)
        }
        let points = root.all("circle", class: "cumulative-point").map { $0.attributes["data-cumulative"] }
        #expect(points == ["50", "83.3", "100"])
        #expect(
            zip(points, report.categories).allSatisfy { point, line in
                Double(point ?? "") == (line.cumulativeShare * 1000).rounded() / 10
            })
        let line = try #require(root.all("polyline", class: "cumulative").first)
        let lastY = try #require(line.attributes["points"]?.split(separator: " ").last?.split(separator: ",").last)
        let hundred = try #require(
            root.all("g", class: "percent-tick").first { $0.attributes["data-percent"] == "100" }?.children.first?
                .number("y1"))
        #expect(abs((Double(lastY) ?? 0) - hundred) < 0.01)
    }

    @Test func theRootCauseChartAndTheTrendsToo() throws {
        let html = try #require(WeeklyReportViews.report(report).html)
        let svgs = Self.svgs(in: html)
        let causes = try Self.parse(svgs[1])
        #expect(causes.all("rect", class: "bar").map { $0.attributes["data-value"] } == ["1", "1"])
        let trend = try Self.parse(svgs[2])
        let all = try #require(trend.all("g", class: "series").first { $0.attributes["data-series"] == "All disputes" })
        #expect(all.all("circle", class: "trend-point").map { $0.attributes["data-value"] }.suffix(2) == ["1", "6"])
        let panels = try Self.parse(svgs[3]).all("g", class: "small-multiple")
        #expect(panels.count == report.trendCategories.count)
        #expect(panels.first?.attributes["data-series"] == "Damaged goods")
        #expect(
            panels.first?.all("polyline", class: "sparkline").first?.attributes["data-values"]?.hasSuffix("1 3") == true
        )
    }

    // MARK: Parsing

    static func svgs(in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg"),
            let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex)
        {
            found.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return found
    }

    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }
        var descendants: [Element] { [self] + children.flatMap(\.descendants) }
        func all(_ name: String, class cssClass: String) -> [Element] {
            descendants.filter {
                $0.name == name && ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(cssClass))
            }
        }
        func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
    }

    final class Builder: NSObject, XMLParserDelegate {
        var stack: [Element] = []
        var root: Element?
        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let element = Element(name: elementName, attributes: attributes)
            stack.last?.children.append(element)
            if root == nil { root = element }
            stack.append(element)
        }
        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            stack.removeLast()
        }
    }

    struct NotWellFormed: Error {}

    static func parse(_ svg: String) throws -> Element {
        let parser = XMLParser(data: Data(svg.utf8))
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else { throw NotWellFormed() }
        return root
    }
}

import Foundation
import Testing

@testable import Interchange

#if canImport(FoundationXML)
import FoundationXML
#endif

// The charts are checked by their numbers, not their pixels: every SVG is parsed as XML (which
// also proves it well-formed) and the geometry is read back from the attributes.

/// An element of a parsed SVG.
private final class ParsedElement {
    let name: String
    let attributes: [String: String]
    var children: [ParsedElement] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// This element and all below it, in document order.
    var descendants: [ParsedElement] { [self] + children.flatMap(\.descendants) }

    func all(_ name: String, class cssClass: String? = nil) -> [ParsedElement] {
        descendants.filter { element in
            element.name == name && (cssClass.map { element.classes.contains($0) } ?? true)
        }
    }

    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }

    func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }

    /// A numeric attribute that must be there.
    func value(_ attribute: String) throws -> Double {
        guard let number = number(attribute) else {
            throw NotWellFormed(description: "<\(name)> has no numeric \(attribute): \(attributes)")
        }
        return number
    }

    /// The `<title>` child's text, the tooltip.
    var tooltip: String? { children.first { $0.name == "title" }?.text }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [ParsedElement] = []
    var root: ParsedElement?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let element = ParsedElement(name: elementName, attributes: attributes)
        stack.last?.children.append(element)
        if root == nil { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}

private struct NotWellFormed: Error, CustomStringConvertible {
    var description: String
}

/// Parses `svg` as XML and checks the root is an accessible SVG image.
private func parse(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ParsedElement {
    let parser = XMLParser(data: Data(svg.utf8))
    let builder = TreeBuilder()
    parser.delegate = builder
    guard parser.parse(), let root = builder.root else {
        throw NotWellFormed(description: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")\n\(svg)")
    }
    #expect(root.name == "svg", sourceLocation: sourceLocation)
    #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg", sourceLocation: sourceLocation)
    #expect(root.attributes["role"] == "img", sourceLocation: sourceLocation)
    #expect(root.attributes["viewBox"] != nil, sourceLocation: sourceLocation)
    #expect(root.children.first?.name == "title", sourceLocation: sourceLocation)
    return root
}

/// `"x,y x,y"` as pairs.
private func points(_ element: ParsedElement) -> [(x: Double, y: Double)] {
    (element.attributes["points"] ?? "").split(separator: " ").compactMap { pair in
        let parts = pair.split(separator: ",")
        guard parts.count == 2, let x = Double(parts[0]), let y = Double(parts[1]) else { return nil }
        return (x: x, y: y)
    }
}

/// The y of 0 % and 100 % on the right axis, read from its tick lines.
private func percentScale(_ root: ParsedElement) throws -> (zero: Double, hundred: Double) {
    let ticks = root.all("g", class: "percent-tick")
    let zero = try #require(ticks.first { $0.attributes["data-percent"] == "0" }?.children.first?.number("y1"))
    let hundred = try #require(ticks.first { $0.attributes["data-percent"] == "100" }?.children.first?.number("y1"))
    return (zero, hundred)
}

private func near(_ a: Double, _ b: Double, within tolerance: Double = 0.02) -> Bool { abs(a - b) <= tolerance }

@Suite("Charts", .serialized)
struct ChartTests {
    // MARK: Pareto

    @Test func barHeightsAreProportionalToValues() throws {
        let values = [50, 30, 20, 7, 1, 0]
        let chart = ParetoChart(
            title: "Disputes", bars: values.enumerated().map { (label: "C\($0.offset)", value: $0.element) })
        let root = try parse(chart.svg())
        let bars = root.all("rect", class: "bar")
        #expect(bars.count == values.count)
        let heights = bars.compactMap { $0.number("height") }
        let tallest = try #require(heights.first)
        #expect(tallest > 100)
        for (height, value) in zip(heights, values) {
            #expect(abs(height / tallest - Double(value) / 50) <= 0.01)
        }
        // All bars stand on the 0 % line of the right axis, the bottom of the plot.
        let scale = try percentScale(root)
        for bar in bars {
            let bottom = try bar.value("y") + bar.value("height")
            #expect(near(bottom, scale.zero))
        }
        #expect(near(tallest, scale.zero - scale.hundred))
    }

    @Test func barsKeepTheGivenOrderWithTheirValuesAndTooltips() throws {
        let input = [("Late delivery", 9), ("Price", 4), ("Damaged", 4), ("Quantity", 1)]
        let root = try parse(ParetoChart(title: "W37", bars: input.map { (label: $0.0, value: $0.1) }).svg())
        let bars = root.all("rect", class: "bar")
        #expect(bars.map { $0.attributes["data-label"] } == input.map { $0.0 })
        #expect(bars.map { $0.attributes["data-value"] } == input.map { String($0.1) })
        #expect(bars.map(\.tooltip) == input.map { "\($0.0): \($0.1)" })
        let xs = bars.compactMap { $0.number("x") }
        #expect(xs == xs.sorted() && Set(xs).count == xs.count)
        // The value is printed above each bar.
        let printed = root.all("text", class: "bar-value")
        #expect(printed.map(\.text) == input.map { String($0.1) })
        for (label, bar) in zip(printed, bars) {
            #expect(try label.value("y") < bar.value("y"))
        }
    }

    @Test func cumulativeLineFollowsThePercentageScale() throws {
        let root = try parse(
            ParetoChart(title: "W37", bars: [(label: "A", value: 5), (label: "B", value: 3), (label: "C", value: 2)])
                .svg())
        let markers = root.all("circle", class: "cumulative-point")
        #expect(markers.compactMap { $0.number("data-cumulative") } == [50, 80, 100])
        let line = try #require(root.all("polyline", class: "cumulative").first)
        let linePoints = points(line)
        #expect(linePoints.count == 3)

        let scale = try percentScale(root)
        #expect(scale.hundred < scale.zero)
        let bars = root.all("rect", class: "bar")
        for (index, percent) in [50.0, 80, 100].enumerated() {
            let expectedY = scale.zero + (scale.hundred - scale.zero) * percent / 100
            #expect(near(linePoints[index].y, expectedY))
            #expect(try near(markers[index].value("cy"), expectedY))
            // Over the bar centres.
            let centre = try bars[index].value("x") + bars[index].value("width") / 2
            #expect(near(linePoints[index].x, centre))
            #expect(try near(markers[index].value("cx"), centre))
        }
        let lastPoint = try #require(linePoints.last)
        #expect(near(lastPoint.y, scale.hundred))
    }

    @Test func cumulativeEndsAtExactlyOneHundredPercent() throws {
        let chart = ParetoChart(
            title: "Thirds", bars: [(label: "A", value: 1), (label: "B", value: 1), (label: "C", value: 1)])
        #expect(chart.cumulativePercentages.last == 100)
        let root = try parse(chart.svg())
        let values = root.all("circle", class: "cumulative-point").map { $0.attributes["data-cumulative"] }
        #expect(values == ["33.3", "66.7", "100"])
        let polyline = try #require(root.all("polyline", class: "cumulative").first)
        let last = try #require(points(polyline).last)
        #expect(near(last.y, try percentScale(root).hundred))
    }

    @Test func eightyPercentReferenceLineIsDashedAtTheRightHeight() throws {
        let root = try parse(ParetoChart(title: "W37", bars: [(label: "A", value: 7), (label: "B", value: 2)]).svg())
        let line = try #require(root.all("line", class: "reference-line").first)
        let scale = try percentScale(root)
        let expected = scale.zero + (scale.hundred - scale.zero) * 0.8
        #expect(try near(line.value("y1"), expected))
        #expect(line.number("y1") == line.number("y2"))
        #expect(line.attributes["stroke-dasharray"] != nil)
        #expect(line.attributes["data-percent"] == "80")
    }

    @Test func axesHaveNiceTicks() throws {
        let root = try parse(ParetoChart(title: "W37", bars: [(label: "A", value: 47), (label: "B", value: 12)]).svg())
        let ticks = root.all("g", class: "count-tick")
        #expect(ticks.map { $0.attributes["data-value"] } == ["0", "10", "20", "30", "40"])
        // A tick sits where a bar of that value would end.
        let tallest = try #require(root.all("rect", class: "bar").first)
        let bottom = try tallest.value("y") + tallest.value("height")
        let forty = try #require(ticks.last?.children.first?.number("y1"))
        #expect(try near(bottom - forty, tallest.value("height") * 40 / 47))
        let percents = root.all("g", class: "percent-tick").map { $0.attributes["data-percent"] }
        #expect(percents == ["0", "25", "50", "75", "100"])

        #expect(CountTicks.upTo(1).values == [0, 1])
        #expect(CountTicks.upTo(7).values == [0, 2, 4, 6])
        #expect(CountTicks.upTo(10).values == [0, 2, 4, 6, 8, 10])
        #expect(CountTicks.upTo(1000).step == 200)
        #expect(CountTicks.upTo(Int.max).values.count >= 2)
        #expect(CountTicks.covering(47).values == [0, 20, 40, 60])
        #expect(CountTicks.covering(0).values == [0, 1])
    }

    @Test func userTextIsEscapedAndTheMarkupStaysWellFormed() throws {
        let label = #"Défaut produit & "pièces" <urgent> l'été"#
        let svg = ParetoChart(
            title: #"Root causes & "why" <W37>"#,
            bars: [(label: label, value: 3), (label: "x\u{1}y\u{FFFF}", value: 1)]
        ).svg()
        #expect(!svg.contains("<urgent>"))
        #expect(svg.contains("&amp;") && svg.contains("&quot;") && svg.contains("&lt;") && svg.contains("&#39;"))
        let root = try parse(svg)
        #expect(root.children.first?.text == #"Root causes & "why" <W37>"#)
        let bar = try #require(root.all("rect", class: "bar").first)
        #expect(bar.attributes["data-label"] == label)
        #expect(bar.tooltip == "\(label): 3")
        #expect(root.all("rect", class: "bar").last?.attributes["data-label"] == "x y")

    }

    @Test(arguments: [[], [0, 0, 0], [-3]])
    func emptyParetoSaysSoInsteadOfDividingByZero(values: [Int]) throws {
        let chart = ParetoChart(title: "W37", bars: values.map { (label: "A", value: $0) })
        let root = try parse(chart.svg())
        #expect(root.all("text", class: "empty-message").first?.text == "No disputes this week")
        #expect(root.all("rect", class: "bar").isEmpty)
        #expect(root.all("polyline").isEmpty)
        #expect(chart.cumulativePercentages.isEmpty)
        #expect(!chart.svg().contains("nan") && !chart.svg().contains("inf"))
    }

    @Test func manyBarsGetRotatedTruncatedLabelsWithTheFullTextInTheTooltip() throws {
        let long = "Livraison partielle sans avis préalable au client final"
        let bars = (0..<14).map { (label: $0 == 0 ? long : "Category \($0)", value: 20 - $0) }
        let root = try parse(ParetoChart(title: "W37", bars: bars).svg())
        let labels = try #require(root.all("g", class: "x-labels").first).children
        #expect(labels.count == 14)
        #expect(labels.allSatisfy { ($0.attributes["transform"] ?? "").hasPrefix("rotate(") })
        let first = try #require(labels.first)
        #expect(first.text.hasSuffix("…") && first.text.count < long.count)
        #expect(first.tooltip == long)
        #expect(root.all("rect", class: "bar").first?.attributes["data-label"] == long)
        // Few bars keep horizontal labels.
        let few = try parse(ParetoChart(title: "W37", bars: [(label: "A", value: 2), (label: "B", value: 1)]).svg())
        let fewLabels = try #require(few.all("g", class: "x-labels").first).children
        #expect(fewLabels.allSatisfy { $0.attributes["transform"] == nil })
    }

    @Test func horizontalLabelsWrapOnTwoLinesBeforeBeingCut() throws {
        let wraps = "Défaut produit & pièces"
        let cut = "Défaut produit & pièces détachées manquantes"
        let bars =
            [(label: wraps, value: 6), (label: cut, value: 5), (label: "Price", value: 4)]
            + (0..<3).map { (label: "C\($0)", value: 3 - $0) }
        let root = try parse(ParetoChart(title: "W37", bars: bars).svg())
        let labels = root.all("text", class: "x-label")
        #expect(labels.count == 6)
        #expect(labels.allSatisfy { $0.attributes["transform"] == nil })
        let wrapped = labels[0].all("tspan").map(\.text)
        #expect(wrapped.count == 2 && wrapped.joined(separator: " ") == wraps)
        #expect(labels[0].tooltip == nil)
        let shortened = labels[1].all("tspan").map(\.text)
        #expect(shortened.count == 2 && shortened.last?.hasSuffix("…") == true)
        #expect(labels[1].tooltip == cut)
        #expect(labels[2].text == "Price" && labels[2].all("tspan").isEmpty)
        // Both lines start at the bar centre.
        let bar = try #require(root.all("rect", class: "bar").first)
        let centre = try bar.value("x") + bar.value("width") / 2
        for line in labels[0].all("tspan") { #expect(try near(line.value("x"), centre)) }

        #expect(ChartStyle.wrap("a b c d e f", maxCharacters: 3, maxLines: 2) == ["a b", "c…"])
        #expect(ChartStyle.wrap("Supercalifragilistic", maxCharacters: 8, maxLines: 2) == ["Superca…"])
        #expect(ChartStyle.wrap("   ", maxCharacters: 8, maxLines: 2) == [""])
    }

    @Test func outputIsDeterministic() {
        let chart = ParetoChart(title: "W37", bars: [(label: "A", value: 5), (label: "B", value: 3)])
        #expect(chart.svg() == chart.svg())
        let trend = TrendChart(title: "T", series: [TrendSeries(name: "All", points: [(label: "W1", value: 1)])])
        #expect(trend.svg() == trend.svg())
    }

    // MARK: Trend

    private static func weeks(_ count: Int) -> [String] {
        (0..<count).map { "2026-W\(String(26 + $0))" }
    }

    @Test func trendHasOnePolylinePointPerWeek() throws {
        let weeks = Self.weeks(12)
        let total = weeks.enumerated().map { (label: $0.element, value: 10 + $0.offset % 4) }
        let late = weeks.enumerated().map { (label: $0.element, value: $0.offset % 3) }
        let chart = TrendChart(
            title: "Disputes per week",
            series: [TrendSeries(name: "All disputes", points: total), TrendSeries(name: "Late & lost", points: late)])
        #expect(chart.weeks == weeks)
        let root = try parse(chart.svg())
        let lines = root.all("polyline", class: "trend")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { points($0).count == weeks.count })
        #expect(Set(lines.map { $0.attributes["stroke"] }).count == 2)

        let series = root.all("g", class: "series")
        #expect(series.map { $0.attributes["data-series"] } == ["All disputes", "Late & lost"])
        let markers = series[0].all("circle", class: "trend-point")
        #expect(markers.map { $0.attributes["data-value"] } == total.map { String($0.value) })
        #expect(markers.map { $0.attributes["data-week"] } == weeks)
        // Larger values are drawn higher, and the markers sit on the line.
        let linePoints = points(lines[0])
        for (marker, point) in zip(markers, linePoints) {
            #expect(try near(marker.value("cy"), point.y))
        }
        let ys = linePoints.map(\.y)
        for i in ys.indices.dropFirst() {
            let rising = total[i].value > total[i - 1].value
            #expect(total[i].value == total[i - 1].value ? near(ys[i], ys[i - 1]) : (ys[i] < ys[i - 1]) == rising)
        }
        // The legend names every series; the most recent week is always labelled.
        let legend = try #require(root.all("g", class: "legend").first).all("text").map(\.text)
        #expect(legend == ["All disputes", "Late & lost"])
        #expect(root.all("text", class: "week-label").last?.text == weeks.last)
        // Zero is the baseline: a y tick of 0 at the bottom of the lines.
        let zeroTick = try #require(root.all("g", class: "count-tick").first)
        #expect(zeroTick.attributes["data-value"] == "0")
        let zeroY = try #require(zeroTick.children.first?.number("y1"))
        let lateZero = try #require(points(lines[1]).first)
        #expect(near(lateZero.y, zeroY))
    }

    @Test func trendLabelsOnlyEveryFewWeeksWhenCrowded() throws {
        let weeks = Self.weeks(26)
        let root = try parse(
            TrendChart(
                title: "Half a year",
                series: [TrendSeries(name: "All", points: weeks.map { (label: $0, value: 3) })]
            ).svg())
        let labels = root.all("text", class: "week-label").map(\.text)
        #expect(labels.count < weeks.count && labels.count >= 3)
        #expect(labels.last == weeks.last)
        let line = try #require(root.all("polyline", class: "trend").first)
        #expect(points(line).count == 26)
    }

    @Test func trendMergesWeeksOfSeriesWithGaps() throws {
        let chart = TrendChart(
            title: "Gaps",
            series: [
                TrendSeries(
                    name: "A", points: [(label: "W1", value: 1), (label: "W2", value: 2), (label: "W4", value: 4)]),
                TrendSeries(
                    name: "B", points: [(label: "W2", value: 1), (label: "W3", value: 1), (label: "W3", value: 9)]),
            ])
        #expect(chart.weeks == ["W1", "W2", "W3", "W4"])
        let root = try parse(chart.svg())
        let lines = root.all("polyline", class: "trend")
        #expect(lines.map { points($0).count } == [3, 2])
        // B's points sit on the x of W2 and W3, as A's do on W1, W2 and W4.
        let a = points(lines[0]).map(\.x)
        let b = points(lines[1]).map(\.x)
        #expect(near(a[1], b[0]))
        #expect(b[1] > a[1] && b[1] < a[2])
    }

    @Test func emptyTrendSaysSo() throws {
        for series in [[], [TrendSeries(name: "All", points: [ChartValue]())]] {
            let root = try parse(TrendChart(title: "Nothing", series: series).svg())
            #expect(root.all("text", class: "empty-message").count == 1)
            #expect(root.all("polyline").isEmpty)
        }
        // All zeros is data, not emptiness: a flat line on the baseline.
        let zeros = try parse(
            TrendChart(
                title: "Calm",
                series: [TrendSeries(name: "All", points: [(label: "W1", value: 0), (label: "W2", value: 0)])]
            ).svg())
        #expect(zeros.all("polyline", class: "trend").count == 1)
    }

    // MARK: Small multiples

    @Test func smallMultiplesDrawOnePanelPerCategoryWithTheLastValue() throws {
        let weeks = Self.weeks(12)
        let categories = ["Late delivery", "Price <disputed>", "Damaged & \"broken\"", "Quantity"]
        let series = categories.enumerated().map { index, name in
            TrendSeries(
                name: name,
                points: weeks.enumerated().map { (label: $0.element, value: ($0.offset * (index + 1)) % 7) })
        }
        let multiples = SmallMultiples(title: "12-week trend per top category", series: series)
        let root = try parse(multiples.svg())
        let panels = root.all("g", class: "small-multiple")
        #expect(panels.map { $0.attributes["data-series"] } == categories)
        for (panel, line) in zip(panels, series) {
            let polyline = try #require(panel.all("polyline", class: "sparkline").first)
            #expect(points(polyline).count == weeks.count)
            #expect(polyline.attributes["data-values"] == line.points.map { String($0.value) }.joined(separator: " "))
            let last = String(try #require(line.points.last).value)
            #expect(panel.all("text", class: "last-value").first?.text == last)
            #expect(panel.all("circle", class: "last-point").first?.attributes["data-value"] == last)
            #expect(panel.attributes["transform"]?.hasPrefix("translate(") == true)
        }
        let standalone = multiples.panelSVGs()
        #expect(standalone.count == categories.count)
        for svg in standalone { _ = try parse(svg) }
        _ = try parse(SmallMultiples(title: "None", series: []).svg())
    }

    @Test func aSeriesKeepsItsPaletteColourAcrossCharts() throws {
        let late = TrendSeries(
            name: "Late", points: [(label: "W1", value: 1), (label: "W2", value: 2)], paletteIndex: 3)
        let all = TrendSeries(name: "All", points: [(label: "W1", value: 3), (label: "W2", value: 4)])
        let trend = try parse(TrendChart(title: "T", series: [all, late]).svg())
        let strokes = trend.all("polyline", class: "trend").map { $0.attributes["stroke"] }
        #expect(strokes == [ChartStyle.palette[0], ChartStyle.palette[3]])
        let multiples = try parse(SmallMultiples(title: "M", series: [late]).svg())
        #expect(multiples.all("polyline", class: "sparkline").first?.attributes["stroke"] == ChartStyle.palette[3])
    }

    @Test func sharedScaleMakesPanelsComparable() throws {
        let series = [
            TrendSeries(name: "Big", points: [(label: "W1", value: 10), (label: "W2", value: 20)]),
            TrendSeries(name: "Small", points: [(label: "W1", value: 1), (label: "W2", value: 2)]),
        ]
        func lastY(_ multiples: SmallMultiples) throws -> [Double] {
            try parse(multiples.svg()).all("circle", class: "last-point").map { try #require($0.number("cy")) }
        }
        let own = try lastY(SmallMultiples(title: "Own", series: series))
        #expect(near(own[0], own[1]))
        let shared = try lastY(SmallMultiples(title: "Shared", series: series, sharedScale: true))
        #expect(shared[1] > shared[0])
    }

    // MARK: Numbers

    @Test func numbersUseAPointAndAtMostTheAskedDecimals() {
        #expect(ChartNumber.format(83.3333) == "83.33")
        #expect(ChartNumber.format(83.3333, maxFractionDigits: 1) == "83.3")
        #expect(ChartNumber.format(80) == "80")
        #expect(ChartNumber.format(0.5) == "0.5")
        #expect(ChartNumber.format(0.05) == "0.05")
        #expect(ChartNumber.format(2.999) == "3")
        #expect(ChartNumber.format(-2.5) == "-2.5")
        #expect(ChartNumber.format(-0.001) == "0")
        #expect(ChartNumber.format(1234567.891) == "1234567.89")
        #expect(ChartNumber.format(.nan) == "0")
        #expect(ChartNumber.format(.infinity) == "0")
        #expect(ChartNumber.format(1e20) == "1e+20")
        #expect(ChartStyle.truncate("abcdef", maxCharacters: 4) == "abc…")
        #expect(ChartStyle.truncate("abc", maxCharacters: 4) == "abc")
        #expect(ChartStyle.truncate("ab cd", maxCharacters: 4) == "ab…")
    }

    @Test(arguments: [1, 2, 5, 9, 15, 30])
    func everyParetoSizeIsWellFormed(count: Int) throws {
        let bars = (0..<count).map { (label: "Catégorie n°\($0) & co", value: (count - $0) * 3) }
        let root = try parse(ParetoChart(title: "W37", bars: bars, width: 720, height: 200).svg())
        #expect(root.all("rect", class: "bar").count == count)
        #expect(root.all("circle", class: "cumulative-point").last?.attributes["data-cumulative"] == "100")
        let height = try root.value("height")
        #expect(root.attributes["viewBox"] == "0 0 720 \(ChartNumber.format(height))")
    }
}

/// A Pareto chart as an inline SVG: bars in the given (descending) order, the cumulative
/// percentage as a line on a right-hand axis, and the customary 80 % reference line.
///
/// ```swift
/// let svg = ParetoChart(
///     title: "Disputes by root cause, week 2026-W37",
///     bars: [(label: "Late delivery", value: 5), (label: "Price", value: 3), (label: "Damaged", value: 2)]
/// ).svg()
/// ```
///
/// The output is a self-contained `<svg>` element (no script, no external reference) ready to be
/// pasted into an HTML page. It is deterministic: the same input gives the same bytes.
///
/// Bar heights are exactly proportional to the values: the tallest bar fills the plot and
/// every other bar is `value / maxValue` of it. The cumulative line passes over the bar
/// centres and ends at 100 % on the last bar. Every bar carries `data-value` and
/// `data-label`, every cumulative marker `data-cumulative` (one decimal), so that the numbers
/// can be checked by machine as well as read by eye.
///
/// With no bars, or only zeros, the chart shows ``emptyMessage`` instead of dividing by zero.
public struct ParetoChart: Sendable, Hashable {
    /// Shown above the plot and used as the image's accessible name.
    public var title: String
    /// The categories in Pareto order (largest first). The chart keeps the given order.
    public var bars: [ChartValue]
    /// What the bars count, for the legend: "Disputes".
    public var valueName: String
    /// Shown in place of the chart when there is nothing to draw.
    public var emptyMessage: String
    /// The size of the image in CSS pixels. The plot grows the height if the labels need it.
    public var width: Int
    public var height: Int

    public init(
        title: String, bars: [ChartValue], valueName: String = "Disputes",
        emptyMessage: String = "No disputes this week", width: Int = 720, height: Int = 360
    ) {
        self.title = title
        self.bars = bars
        self.valueName = valueName
        self.emptyMessage = emptyMessage
        self.width = width
        self.height = height
    }

    /// The same chart from `(label, value)` pairs, as the report model produces them.
    public init(
        title: String, bars: [(label: String, value: Int)], valueName: String = "Disputes",
        emptyMessage: String = "No disputes this week", width: Int = 720, height: Int = 360
    ) {
        self.init(
            title: title, bars: bars.map { ChartValue(label: $0.label, value: $0.value) }, valueName: valueName,
            emptyMessage: emptyMessage, width: width, height: height)
    }

    /// The cumulative share of the total after each bar, in percent (0–100); the last is
    /// exactly 100. Empty when there is nothing to draw.
    public var cumulativePercentages: [Double] {
        let values = bars.map { max($0.value, 0) }
        // Doubles, not Ints: a running sum of user counts must not be able to trap on overflow.
        let total = values.reduce(0.0) { $0 + Double($1) }
        guard total > 0 else { return [] }
        var running = 0.0
        return values.enumerated().map { index, value in
            running += Double(value)
            return index == values.count - 1 ? 100 : min(running / total * 100, 100)
        }
    }

    /// The chart as an `<svg>` element.
    public func svg() -> String {
        let layout = ParetoLayout(chart: self)
        guard let layout else {
            return SVG.emptyChart(
                title: title, message: emptyMessage, width: width, height: height, cssClass: "chart pareto-chart")
        }
        return layout.render()
    }
}

/// Where everything of a Pareto chart goes. Built only when there is something to draw, so
/// the scale never divides by zero.
private struct ParetoLayout {
    let chart: ParetoChart
    let values: [Int]
    let maxValue: Int
    let percentages: [Double]
    let width: Double
    let height: Double
    let left: Double
    let right: Double
    let top: Double
    let bottom: Double
    let slot: Double
    /// Each bar's label as drawn: up to two lines when horizontal, one when rotated.
    let labels: [[String]]
    let rotateLabels: Bool

    private static let rightMargin = 48.0
    private static let topMargin = 52.0
    private static let minimumPlotHeight = 80.0
    // Labels are rotated by 40°: these are its cosine and sine, to size the margins.
    private static let labelAngle = -40.0
    private static let labelCos = 0.766
    private static let labelSin = 0.643
    private static let rotatedLabelCharacters = 22
    private static let labelFont = ChartStyle.smallFontSize
    private static let horizontalLabelLines = 2
    private static let labelLineHeight = 13.0

    init?(chart: ParetoChart) {
        let values = chart.bars.map { max($0.value, 0) }
        guard let maxValue = values.max(), maxValue > 0 else { return nil }
        self.chart = chart
        self.values = values
        self.maxValue = maxValue
        self.percentages = chart.cumulativePercentages
        self.width = Double(max(chart.width, 240))

        let maxTick = CountTicks.upTo(maxValue).values.last ?? 0
        let tickLabelWidth = ChartStyle.estimatedWidth(String(maxTick), fontSize: ChartStyle.smallFontSize)
        var left = max(40, tickLabelWidth + 14)
        let count = Double(values.count)
        var slot = (width - left - Self.rightMargin) / count

        // Labels stay horizontal, on up to two lines, while they fit or while slots are wide
        // enough for a useful truncation; with many bars they are rotated, which leaves room
        // for longer text.
        let fullLabels = chart.bars.map(\.label)
        let horizontalCharacters = ChartStyle.characters(fitting: slot - 6, fontSize: Self.labelFont)
        let wrapped = fullLabels.map {
            ChartStyle.wrap($0, maxCharacters: horizontalCharacters, maxLines: Self.horizontalLabelLines)
        }
        let fits = zip(wrapped, fullLabels).allSatisfy { lines, full in
            lines.joined(separator: " ") == full.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        if fits || horizontalCharacters >= 12 {
            rotateLabels = false
            labels = wrapped
            let lines = wrapped.map(\.count).max() ?? 1
            bottom = 34 + Double(lines - 1) * Self.labelLineHeight
        } else {
            rotateLabels = true
            labels = fullLabels.map { [ChartStyle.truncate($0, maxCharacters: Self.rotatedLabelCharacters)] }
            let longest = labels.map { ChartStyle.estimatedWidth($0[0], fontSize: Self.labelFont) }.max() ?? 0
            bottom = 22 + longest * Self.labelSin + 8
            // A rotated first label reaches left of its bar; widen the margin so it is not cut.
            let firstReach =
                ChartStyle.estimatedWidth(labels.first?.first ?? "", fontSize: Self.labelFont) * Self.labelCos
            left = max(left, firstReach - slot / 2 + 8)
            slot = (width - left - Self.rightMargin) / count
        }
        self.left = left
        self.slot = slot
        self.right = width - Self.rightMargin
        self.top = Self.topMargin
        let plotHeight = max(Double(chart.height) - Self.topMargin - bottom, Self.minimumPlotHeight)
        self.height = Self.topMargin + plotHeight + bottom
    }

    var plotHeight: Double { height - top - bottom }
    var plotBottom: Double { height - bottom }

    func barHeight(_ value: Int) -> Double { Double(value) / Double(maxValue) * plotHeight }
    func centre(_ index: Int) -> Double { left + slot * (Double(index) + 0.5) }
    func percentY(_ percent: Double) -> Double { plotBottom - percent / 100 * plotHeight }

    func render() -> String {
        SVG.document(
            width: width, height: height, title: chart.title, cssClass: "chart pareto-chart",
            [
                SVG.chartTitle(chart.title, maxWidth: legendStart - 24),
                legend(),
                countAxis(),
                barsGroup(),
                xLabels(),
                referenceLine(),
                cumulativeLine(),
                percentAxis(),
            ])
    }

    private static let cumulativeName = "Cumulative %"
    private var legendValueName: String { ChartStyle.truncate(chart.valueName, maxCharacters: 24) }
    private var legendLineX: Double {
        width - 8 - ChartStyle.estimatedWidth(Self.cumulativeName, fontSize: ChartStyle.smallFontSize) - 24
    }
    /// The left edge of the legend, which is right-aligned on the title line.
    private var legendStart: Double {
        legendLineX - 16 - ChartStyle.estimatedWidth(legendValueName, fontSize: ChartStyle.smallFontSize) - 14
    }

    private func legend() -> SVGNode {
        let cumulativeName = Self.cumulativeName
        let lineX = legendLineX
        let valueName = legendValueName
        let barX = legendStart
        let y = 18.0
        let c = ChartNumber.coordinate
        return SVG.group(
            "legend",
            [
                SVG.element(
                    "rect", ["x": c(barX), "y": c(y - 5), "width": "10", "height": "10", "fill": ChartStyle.bar]),
                SVG.text(
                    valueName,
                    [
                        "x": c(barX + 14), "y": c(y + 4), "font-size": c(ChartStyle.smallFontSize),
                        "fill": ChartStyle.text,
                    ]),
                SVG.element(
                    "line",
                    [
                        "x1": c(lineX), "y1": c(y), "x2": c(lineX + 18), "y2": c(y), "stroke": ChartStyle.cumulative,
                        "stroke-width": "2",
                    ]),
                SVG.element(
                    "circle", ["cx": c(lineX + 9), "cy": c(y), "r": "3", "fill": ChartStyle.cumulative]),
                SVG.text(
                    cumulativeName,
                    [
                        "x": c(lineX + 24), "y": c(y + 4), "font-size": c(ChartStyle.smallFontSize),
                        "fill": ChartStyle.text,
                    ]),
            ])
    }

    private func countAxis() -> SVGNode {
        let c = ChartNumber.coordinate
        var nodes: [SVGNode] = []
        for tick in CountTicks.upTo(maxValue).values {
            let y = plotBottom - barHeight(tick)
            nodes.append(
                SVG.group(
                    "count-tick",
                    [
                        SVG.element(
                            "line",
                            [
                                "x1": c(left), "y1": c(y), "x2": c(right), "y2": c(y),
                                "stroke": tick == 0 ? ChartStyle.axis : ChartStyle.grid, "stroke-width": "1",
                            ]),
                        SVG.text(
                            String(tick),
                            [
                                "x": c(left - 6), "y": c(y + 4), "text-anchor": "end",
                                "font-size": c(ChartStyle.smallFontSize), "fill": ChartStyle.mutedText,
                            ]),
                    ]
                ).withAttribute("data-value", String(tick)))
        }
        nodes.append(
            SVG.element(
                "line",
                ["x1": c(left), "y1": c(top), "x2": c(left), "y2": c(plotBottom), "stroke": ChartStyle.axis]))
        return SVG.group("count-axis", nodes)
    }

    private func barsGroup() -> SVGNode {
        let c = ChartNumber.coordinate
        let barWidth = min(slot * 0.72, 72)
        var nodes: [SVGNode] = []
        for (index, bar) in chart.bars.enumerated() {
            let value = values[index]
            let h = barHeight(value)
            let x = centre(index) - barWidth / 2
            nodes.append(
                SVG.element(
                    "rect",
                    [
                        "class": "bar", "x": c(x), "y": c(plotBottom - h), "width": c(barWidth), "height": c(h),
                        "fill": ChartStyle.bar, "data-value": String(value), "data-label": bar.label,
                    ],
                    [SVG.title("\(bar.label): \(value)")]))
            nodes.append(
                SVG.text(
                    String(value),
                    [
                        "class": "bar-value", "x": c(centre(index)), "y": c(plotBottom - h - 5),
                        "text-anchor": "middle", "font-size": c(ChartStyle.smallFontSize), "fill": ChartStyle.text,
                    ]))
        }
        return SVG.group("bars", nodes)
    }

    private func xLabels() -> SVGNode {
        let c = ChartNumber.coordinate
        var nodes: [SVGNode] = []
        for (index, lines) in labels.enumerated() {
            let x = centre(index)
            let full = chart.bars[index].label
            var element: SVGElement
            if rotateLabels {
                let y = plotBottom + 14
                element = SVGElement(
                    "text",
                    [
                        "x": c(x), "y": c(y), "text-anchor": "end",
                        "transform": "rotate(\(ChartNumber.format(Self.labelAngle)) \(c(x)) \(c(y)))",
                    ], children: lines.map { .text($0) })
            } else if lines.count == 1 {
                element = SVGElement(
                    "text", ["x": c(x), "y": c(plotBottom + 18), "text-anchor": "middle"], children: [.text(lines[0])])
            } else {
                // SVG text does not wrap by itself: one <tspan> per line, each back at the centre.
                element = SVGElement(
                    "text", ["x": c(x), "y": c(plotBottom + 18), "text-anchor": "middle"],
                    children: lines.enumerated().map { number, line in
                        SVG.element(
                            "tspan", ["x": c(x), "dy": number == 0 ? "0" : c(Self.labelLineHeight)], [.text(line)])
                    })
            }
            element = element.with("class", "x-label").with("font-size", c(Self.labelFont))
                .with("fill", ChartStyle.text)
            // A cut label keeps the whole text as a tooltip.
            let shown = lines.joined(separator: " ")
            if shown != full { element.children.insert(SVG.title(full), at: 0) }
            nodes.append(.element(element))
        }
        return SVG.group("x-labels", nodes)
    }

    private func referenceLine() -> SVGNode {
        let c = ChartNumber.coordinate
        let y = percentY(80)
        return SVG.group(
            "reference",
            [
                SVG.element(
                    "line",
                    [
                        "class": "reference-line", "x1": c(left), "y1": c(y), "x2": c(right), "y2": c(y),
                        "stroke": ChartStyle.reference, "stroke-width": "1", "stroke-dasharray": "5 4",
                        "data-percent": "80",
                    ]),
                SVG.text(
                    "80%",
                    [
                        "x": c(right - 4), "y": c(y - 4), "text-anchor": "end",
                        "font-size": c(ChartStyle.smallFontSize), "fill": ChartStyle.reference,
                    ]),
            ])
    }

    private func cumulativeLine() -> SVGNode {
        let c = ChartNumber.coordinate
        let points = percentages.enumerated().map { index, percent in
            "\(c(centre(index))),\(c(percentY(percent)))"
        }
        var nodes: [SVGNode] = [
            SVG.element(
                "polyline",
                [
                    "class": "cumulative", "points": points.joined(separator: " "), "fill": "none",
                    "stroke": ChartStyle.cumulative, "stroke-width": "2", "stroke-linejoin": "round",
                ])
        ]
        for (index, percent) in percentages.enumerated() {
            let text = ChartNumber.format(percent, maxFractionDigits: 1)
            nodes.append(
                SVG.element(
                    "circle",
                    [
                        "class": "cumulative-point", "cx": c(centre(index)), "cy": c(percentY(percent)), "r": "3.5",
                        "fill": ChartStyle.cumulative, "stroke": "#FFFFFF", "stroke-width": "1",
                        "data-cumulative": text,
                    ],
                    [SVG.title("\(chart.bars[index].label): \(text)% cumulative")]))
        }
        return SVG.group("cumulative-series", nodes)
    }

    private func percentAxis() -> SVGNode {
        let c = ChartNumber.coordinate
        var nodes: [SVGNode] = [
            SVG.element(
                "line", ["x1": c(right), "y1": c(top), "x2": c(right), "y2": c(plotBottom), "stroke": ChartStyle.axis])
        ]
        for percent in [0, 25, 50, 75, 100] {
            let y = percentY(Double(percent))
            nodes.append(
                SVG.group(
                    "percent-tick",
                    [
                        SVG.element(
                            "line",
                            ["x1": c(right), "y1": c(y), "x2": c(right + 4), "y2": c(y), "stroke": ChartStyle.axis]),
                        SVG.text(
                            "\(percent)%",
                            [
                                "x": c(right + 7), "y": c(y + 4), "font-size": c(ChartStyle.smallFontSize),
                                "fill": ChartStyle.mutedText,
                            ]),
                    ]
                ).withAttribute("data-percent", String(percent)))
        }
        return SVG.group("percent-axis", nodes)
    }
}

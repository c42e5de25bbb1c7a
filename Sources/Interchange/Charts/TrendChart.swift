/// A named line of a trend chart: "All disputes", or one category.
public struct TrendSeries: Sendable, Hashable {
    /// Shown in the legend or as the panel's heading.
    public var name: String
    /// The points in time order. A period given twice keeps its first value.
    public var points: [ChartValue]

    /// The palette colour to draw it in; by default the series' position in its chart. Give
    /// the same index in the trend chart and in the small multiples to keep a category's
    /// colour from one chart to the next.
    public var paletteIndex: Int?

    public init(name: String, points: [ChartValue], paletteIndex: Int? = nil) {
        self.name = name
        self.points = points
        self.paletteIndex = paletteIndex
    }

    /// The same series from `(label, value)` pairs.
    public init(name: String, points: [(label: String, value: Int)], paletteIndex: Int? = nil) {
        self.init(
            name: name, points: points.map { ChartValue(label: $0.label, value: $0.value) }, paletteIndex: paletteIndex)
    }

    /// The points to draw: first occurrence of each period, negative counts as 0.
    var drawable: [ChartValue] {
        var seen = Set<String>()
        return points.compactMap { point in
            guard seen.insert(point.label).inserted else { return nil }
            return ChartValue(label: point.label, value: max(point.value, 0))
        }
    }
}

/// A line chart of counts over weeks, one line per series, as an inline SVG.
///
/// ```swift
/// let svg = TrendChart(title: "Disputes per week", series: [
///     TrendSeries(name: "All disputes", points: [(label: "2026-W36", value: 12), (label: "2026-W37", value: 9)]),
///     TrendSeries(name: "Late delivery", points: [(label: "2026-W36", value: 5), (label: "2026-W37", value: 4)]),
/// ]).svg()
/// ```
///
/// The x axis holds every period of every series, in the order the series give them (see
/// ``weeks``); a series missing a period simply has no point there. The y axis starts at 0 and
/// ends on a round number. Series take the palette's colours in order, and a legend names
/// them. Every point marker carries `data-value` and `data-week`.
public struct TrendChart: Sendable, Hashable {
    /// Shown above the plot and used as the image's accessible name.
    public var title: String
    /// The lines, drawn in this order (later ones on top) and coloured by position.
    public var series: [TrendSeries]
    /// Shown in place of the chart when no series has any point.
    public var emptyMessage: String
    /// The size of the image in CSS pixels; the height grows if the legend needs more rows.
    public var width: Int
    public var height: Int

    public init(
        title: String, series: [TrendSeries], emptyMessage: String = "No data for this period", width: Int = 720,
        height: Int = 320
    ) {
        self.title = title
        self.series = series
        self.emptyMessage = emptyMessage
        self.width = width
        self.height = height
    }

    /// The periods of the x axis, merged from all series in a stable order: a period first
    /// seen in a later series is placed right after the period that precedes it there, so
    /// that a series with more weeks than the first one still reads left to right in time.
    public var weeks: [String] {
        var axis: [String] = []
        var index: [String: Int] = [:]
        for line in series {
            var previous = -1
            for point in line.drawable {
                if let position = index[point.label] {
                    previous = position
                    continue
                }
                axis.insert(point.label, at: previous + 1)
                previous += 1
                // Positions after the insertion point moved by one; rebuild the lookup.
                index = Dictionary(uniqueKeysWithValues: axis.enumerated().map { ($0.element, $0.offset) })
            }
        }
        return axis
    }

    /// The chart as an `<svg>` element.
    public func svg() -> String {
        let weeks = self.weeks
        guard !weeks.isEmpty else {
            return SVG.emptyChart(
                title: title, message: emptyMessage, width: width, height: height, cssClass: "chart trend-chart")
        }
        return TrendLayout(chart: self, weeks: weeks).render()
    }
}

/// Where everything of a trend chart goes.
private struct TrendLayout {
    let chart: TrendChart
    let weeks: [String]
    let ticks: CountTicks
    let width: Double
    let height: Double
    let left: Double
    let right: Double
    let top: Double
    let bottom: Double
    let legendRows: [[(name: String, color: String, x: Double)]]

    private static let legendTop = 40.0
    private static let legendRowHeight = 16.0
    private static let bottomMargin = 30.0
    private static let minimumPlotHeight = 80.0
    /// Space between the plot's edge and the first and last week, so end markers are whole.
    private static let inset = 8.0
    private static let weekLabelCharacters = 12

    init(chart: TrendChart, weeks: [String]) {
        self.chart = chart
        self.weeks = weeks
        let maxValue = chart.series.flatMap { $0.drawable.map(\.value) }.max() ?? 0
        ticks = CountTicks.covering(maxValue)
        width = Double(max(chart.width, 240))
        let topTick = ticks.values.last ?? 1
        left = max(36, ChartStyle.estimatedWidth(String(topTick), fontSize: ChartStyle.smallFontSize) + 14)
        // The most recent week is always labelled and centred on its point: leave it room.
        let lastLabel = ChartStyle.truncate(weeks.last ?? "", maxCharacters: Self.weekLabelCharacters)
        let lastLabelWidth = ChartStyle.estimatedWidth(lastLabel, fontSize: ChartStyle.smallFontSize)
        right = width - max(16, lastLabelWidth / 2 - Self.inset + 10)

        // Legend items flow left to right and wrap, so any number of series stays readable.
        var rows: [[(name: String, color: String, x: Double)]] = [[]]
        var x = 8.0
        for (index, line) in chart.series.enumerated() {
            let name = ChartStyle.truncate(line.name, maxCharacters: 32)
            let itemWidth = 22 + ChartStyle.estimatedWidth(name, fontSize: ChartStyle.smallFontSize) + 16
            if x + itemWidth > width - 8, !(rows.last?.isEmpty ?? true) {
                rows.append([])
                x = 8
            }
            rows[rows.count - 1].append((name: name, color: ChartStyle.color(line.paletteIndex ?? index), x: x))
            x += itemWidth
        }
        legendRows = rows
        top = Self.legendTop + Double(rows.count) * Self.legendRowHeight + 8
        bottom = Self.bottomMargin
        let plotHeight = max(Double(chart.height) - top - bottom, Self.minimumPlotHeight)
        height = top + plotHeight + bottom
    }

    var plotHeight: Double { height - top - bottom }
    var plotBottom: Double { height - bottom }
    var scaleTop: Int { max(ticks.values.last ?? 1, 1) }

    func x(_ index: Int) -> Double {
        let span = right - left - 2 * Self.inset
        guard weeks.count > 1 else { return left + (right - left) / 2 }
        return left + Self.inset + span * Double(index) / Double(weeks.count - 1)
    }

    func y(_ value: Int) -> Double { plotBottom - Double(value) / Double(scaleTop) * plotHeight }

    func render() -> String {
        SVG.document(
            width: width, height: height, title: chart.title, cssClass: "chart trend-chart",
            [SVG.chartTitle(chart.title, maxWidth: width - 16), legend(), valueAxis(), weekLabels()]
                + chart.series.enumerated().map { seriesGroup($0.element, index: $0.offset) })
    }

    private func legend() -> SVGNode {
        let c = ChartNumber.coordinate
        var nodes: [SVGNode] = []
        for (row, items) in legendRows.enumerated() {
            let y = Self.legendTop + Double(row) * Self.legendRowHeight
            for item in items {
                nodes.append(
                    SVG.element(
                        "line",
                        [
                            "x1": c(item.x), "y1": c(y - 4), "x2": c(item.x + 16), "y2": c(y - 4), "stroke": item.color,
                            "stroke-width": "2",
                        ]))
                nodes.append(
                    SVG.text(
                        item.name,
                        [
                            "x": c(item.x + 22), "y": c(y), "font-size": c(ChartStyle.smallFontSize),
                            "fill": ChartStyle.text,
                        ]))
            }
        }
        return SVG.group("legend", nodes)
    }

    private func valueAxis() -> SVGNode {
        let c = ChartNumber.coordinate
        var nodes: [SVGNode] = []
        for tick in ticks.values {
            nodes.append(
                SVG.group(
                    "count-tick",
                    [
                        SVG.element(
                            "line",
                            [
                                "x1": c(left), "y1": c(y(tick)), "x2": c(right), "y2": c(y(tick)),
                                "stroke": tick == 0 ? ChartStyle.axis : ChartStyle.grid, "stroke-width": "1",
                            ]),
                        SVG.text(
                            String(tick),
                            [
                                "x": c(left - 6), "y": c(y(tick) + 4), "text-anchor": "end",
                                "font-size": c(ChartStyle.smallFontSize), "fill": ChartStyle.mutedText,
                            ]),
                    ]
                ).withAttribute("data-value", String(tick)))
        }
        return SVG.group("count-axis", nodes)
    }

    /// Every few weeks, counted back from the most recent one, which is always labelled
    /// because it is the week the report is about.
    private func weekLabels() -> SVGNode {
        let c = ChartNumber.coordinate
        let shown = weeks.map { ChartStyle.truncate($0, maxCharacters: Self.weekLabelCharacters) }
        let widest = shown.map { ChartStyle.estimatedWidth($0, fontSize: ChartStyle.smallFontSize) }.max() ?? 0
        let room = max((right - left) / (widest + 12), 1)
        let every = max(Int((Double(weeks.count) / room).rounded(.up)), 1)
        var nodes: [SVGNode] = []
        for (index, label) in shown.enumerated() where (weeks.count - 1 - index) % every == 0 {
            nodes.append(
                SVG.element(
                    "line",
                    [
                        "x1": c(x(index)), "y1": c(plotBottom), "x2": c(x(index)), "y2": c(plotBottom + 4),
                        "stroke": ChartStyle.axis,
                    ]))
            nodes.append(
                SVG.text(
                    label,
                    [
                        "class": "week-label", "x": c(x(index)), "y": c(plotBottom + 17), "text-anchor": "middle",
                        "font-size": c(ChartStyle.smallFontSize), "fill": ChartStyle.text,
                    ]))
        }
        return SVG.group("x-labels", nodes)
    }

    private func seriesGroup(_ line: TrendSeries, index: Int) -> SVGNode {
        let c = ChartNumber.coordinate
        let color = ChartStyle.color(line.paletteIndex ?? index)
        let position = Dictionary(uniqueKeysWithValues: weeks.enumerated().map { ($0.element, $0.offset) })
        let placed = line.drawable.compactMap { point -> (x: Double, point: ChartValue)? in
            guard let at = position[point.label] else { return nil }
            return (x: x(at), point: point)
        }
        var nodes: [SVGNode] = []
        if !placed.isEmpty {
            nodes.append(
                SVG.element(
                    "polyline",
                    [
                        "class": "trend",
                        "points": placed.map { "\(c($0.x)),\(c(y($0.point.value)))" }.joined(separator: " "),
                        "fill": "none", "stroke": color, "stroke-width": "2", "stroke-linejoin": "round",
                    ]))
        }
        for item in placed {
            nodes.append(
                SVG.element(
                    "circle",
                    [
                        "class": "trend-point", "cx": c(item.x), "cy": c(y(item.point.value)), "r": "2.5",
                        "fill": color, "data-week": item.point.label, "data-value": String(item.point.value),
                    ],
                    [SVG.title("\(line.name), \(item.point.label): \(item.point.value)")]))
        }
        return SVG.group("series", nodes).withAttribute("data-series", line.name)
    }
}

/// One compact trend chart per series ("12-week trend per top category"), each with its most
/// recent value written at the end of the line.
///
/// ```swift
/// let multiples = SmallMultiples(title: "12-week trend per top category", series: topCategories)
/// let grid = multiples.svg()            // one image, panels in a grid
/// let panels = multiples.panelSVGs()    // one image per category, for a CSS grid or flexbox
/// ```
///
/// Each panel's y axis runs from 0 to its own maximum, so that the shape of each category's
/// trend shows; set ``sharedScale`` to compare magnitudes across panels instead.
public struct SmallMultiples: Sendable, Hashable {
    /// The heading of the grid; each standalone panel is titled "title: series name".
    public var title: String
    /// One panel per series, in this order.
    public var series: [TrendSeries]
    /// Panels per row in ``svg()``.
    public var columns: Int
    /// Whether all panels use the largest value of all series as their top.
    public var sharedScale: Bool
    /// The width of the whole grid in ``svg()``.
    public var width: Int
    /// The width of one panel, derived from ``width`` and ``columns``.
    public var panelWidth: Int { Int(panelSize.width) }
    /// The height of one panel, name and period labels included.
    public var panelHeight: Int
    /// Shown in place of the panels when there is no series.
    public var emptyMessage: String

    public init(
        title: String, series: [TrendSeries], columns: Int = 3, sharedScale: Bool = false, width: Int = 720,
        panelHeight: Int = 84, emptyMessage: String = "No categories to show"
    ) {
        self.title = title
        self.series = series
        self.emptyMessage = emptyMessage
        self.columns = columns
        self.sharedScale = sharedScale
        self.width = width
        self.panelHeight = panelHeight
    }

    private static let gap = 16.0
    private static let gridTop = 36.0

    private var columnCount: Int { max(1, min(columns, max(series.count, 1))) }

    private var panelSize: (width: Double, height: Double) {
        let total = Double(max(width, 160)) - 16
        let columns = Double(columnCount)
        return (width: max((total - Self.gap * (columns - 1)) / columns, 80), height: Double(max(panelHeight, 48)))
    }

    private func scaleTop(for line: TrendSeries) -> Int {
        let values = sharedScale ? series.flatMap { $0.drawable.map(\.value) } : line.drawable.map(\.value)
        return max(values.max() ?? 0, 1)
    }

    /// All panels in one image, `columns` to a row.
    public func svg() -> String {
        guard !series.isEmpty else {
            return SVG.emptyChart(
                title: title, message: emptyMessage, width: width, height: 96, cssClass: "chart small-multiples")
        }
        let w = Double(max(width, 160))
        let size = panelSize
        let rows = (series.count + columnCount - 1) / columnCount
        let height = Self.gridTop + Double(rows) * (size.height + Self.gap)
        let panels = series.enumerated().map { index, line -> SVGNode in
            let column = Double(index % columnCount)
            let row = Double(index / columnCount)
            let x = 8 + column * (size.width + Self.gap)
            let y = Self.gridTop + row * (size.height + Self.gap)
            let transform = "translate(\(ChartNumber.coordinate(x)) \(ChartNumber.coordinate(y)))"
            return panel(line, index: index, size: size).withAttribute("transform", transform)
        }
        return SVG.document(
            width: w, height: height, title: title, cssClass: "chart small-multiples",
            [SVG.chartTitle(title, maxWidth: w - 16)] + panels)
    }

    /// One standalone image per series, each titled with the series name.
    public func panelSVGs() -> [String] {
        let size = panelSize
        return series.enumerated().map { index, line in
            SVG.document(
                width: size.width, height: size.height, title: "\(title): \(line.name)", cssClass: "chart sparkline",
                [panel(line, index: index, size: size)])
        }
    }

    /// A panel drawn at the origin: name on top, the line, a faint zero line, the first and
    /// last periods underneath and the last value beside the last point.
    private func panel(_ line: TrendSeries, index: Int, size: (width: Double, height: Double)) -> SVGNode {
        let c = ChartNumber.coordinate
        let color = ChartStyle.color(line.paletteIndex ?? index)
        let points = line.drawable
        let lastText = points.last.map { String($0.value) } ?? ""
        let valueRoom = max(ChartStyle.estimatedWidth(lastText, fontSize: ChartStyle.fontSize) + 8, 24)
        let plotLeft = 3.0
        let plotRight = size.width - valueRoom
        let plotTop = 24.0
        let plotBottom = size.height - 16
        let top = Double(scaleTop(for: line))
        func px(_ i: Int) -> Double {
            points.count > 1
                ? plotLeft + (plotRight - plotLeft) * Double(i) / Double(points.count - 1)
                : (plotLeft + plotRight) / 2
        }
        func py(_ value: Int) -> Double { plotBottom - Double(value) / top * (plotBottom - plotTop) }

        let nameCharacters = ChartStyle.characters(fitting: size.width - 4, fontSize: ChartStyle.fontSize)
        var nodes: [SVGNode] = [
            SVG.title(
                "\(line.name): " + points.map { "\($0.label) \($0.value)" }.joined(separator: ", ")),
            SVG.text(
                ChartStyle.truncate(line.name, maxCharacters: nameCharacters),
                ["class": "panel-title", "x": "0", "y": "13", "font-weight": "600", "fill": ChartStyle.text]),
            SVG.element(
                "line",
                [
                    "x1": c(plotLeft), "y1": c(plotBottom), "x2": c(plotRight), "y2": c(plotBottom),
                    "stroke": ChartStyle.grid, "stroke-width": "1",
                ]),
        ]
        guard let last = points.last else {
            return SVG.group("small-multiple", nodes).withAttribute("data-series", line.name)
        }
        nodes.append(
            SVG.element(
                "polyline",
                [
                    "class": "sparkline",
                    "points": points.enumerated().map { "\(c(px($0.offset))),\(c(py($0.element.value)))" }
                        .joined(separator: " "),
                    "fill": "none", "stroke": color, "stroke-width": "1.5", "stroke-linejoin": "round",
                    "data-values": points.map { String($0.value) }.joined(separator: " "),
                ]))
        let lastX = px(points.count - 1)
        let lastY = py(last.value)
        nodes.append(
            SVG.element(
                "circle",
                [
                    "class": "last-point", "cx": c(lastX), "cy": c(lastY), "r": "2.5", "fill": color,
                    "data-week": last.label, "data-value": lastText,
                ]))
        nodes.append(
            SVG.text(
                lastText,
                [
                    "class": "last-value", "x": c(lastX + 5), "y": c(lastY + 4), "font-weight": "600",
                    "fill": color,
                ]))
        let small = c(ChartStyle.smallFontSize - 1)
        if let first = points.first, points.count > 1 {
            nodes.append(
                SVG.text(
                    ChartStyle.truncate(first.label, maxCharacters: 12),
                    ["x": c(plotLeft), "y": c(size.height - 3), "font-size": small, "fill": ChartStyle.mutedText]))
        }
        nodes.append(
            SVG.text(
                ChartStyle.truncate(last.label, maxCharacters: 12),
                [
                    "x": c(plotRight), "y": c(size.height - 3), "text-anchor": "end", "font-size": small,
                    "fill": ChartStyle.mutedText,
                ]))
        return SVG.group("small-multiple", nodes).withAttribute("data-series", line.name)
    }
}

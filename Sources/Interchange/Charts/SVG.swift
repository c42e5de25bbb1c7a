/// A node of an SVG document under construction: an element or a run of text.
///
/// The charts build a tree of these and render it once, so that every piece of user data
/// (category labels, series names, titles) goes through ``htmlEscape(_:)`` and no caller ever
/// concatenates markup by hand.
enum SVGNode: Sendable {
    case element(SVGElement)
    case text(String)
}

/// One SVG element: a name, attributes in the order they were given, and children.
///
/// Attributes are kept as an ordered list rather than a dictionary so that the output is
/// byte-for-byte the same from one run to the next.
struct SVGElement: Sendable {
    var name: String
    var attributes: [(name: String, value: String)]
    var children: [SVGNode]

    init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], children: [SVGNode] = []) {
        self.name = name
        self.attributes = attributes.map { (name: $0.key, value: $0.value) }
        self.children = children
    }

    /// Adds an attribute after the ones given at creation; used for optional attributes.
    func with(_ name: String, _ value: String) -> SVGElement {
        var copy = self
        copy.attributes.append((name: name, value: value))
        return copy
    }
}

extension SVGNode {
    /// The node with one more attribute, when it is an element; text is returned unchanged.
    func withAttribute(_ name: String, _ value: String) -> SVGNode {
        guard case .element(let element) = self else { return self }
        return .element(element.with(name, value))
    }
}

/// Convenience constructors, so chart code reads as a description of the picture.
enum SVG {
    static func element(
        _ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: [SVGNode] = []
    ) -> SVGNode {
        .element(SVGElement(name, attributes, children: children))
    }

    /// A `<g>` group; empty groups are still emitted so that tests and CSS can rely on them.
    static func group(_ cssClass: String, _ children: [SVGNode]) -> SVGNode {
        element("g", ["class": cssClass], children)
    }

    /// A `<title>` child: browsers show it as a tooltip on the parent element.
    static func title(_ text: String) -> SVGNode {
        element("title", [:], [.text(text)])
    }

    /// A `<text>` element holding `content` as escaped character data.
    static func text(_ content: String, _ attributes: KeyValuePairs<String, String>) -> SVGNode {
        .element(SVGElement("text", attributes, children: [.text(content)]))
    }

    /// The visible title line shared by the charts, cut to `maxWidth` pixels so that it never
    /// runs into a legend; the document's `<title>` keeps the whole text.
    static func chartTitle(_ title: String, maxWidth: Double) -> SVGNode {
        let characters = ChartStyle.characters(fitting: maxWidth, fontSize: ChartStyle.titleFontSize)
        return text(
            ChartStyle.truncate(title, maxCharacters: characters),
            [
                "class": "chart-title", "x": "8", "y": "22", "font-size": ChartNumber.format(ChartStyle.titleFontSize),
                "font-weight": "600", "fill": ChartStyle.text,
            ])
    }

    /// A chart with nothing to draw: its title and a sentence saying so, shorter than a chart
    /// because an empty week should not take a screenful of the report.
    static func emptyChart(title: String, message: String, width: Int, height: Int, cssClass: String) -> String {
        let w = Double(max(width, 200))
        let h = Double(min(max(height, 80), 140))
        return document(
            width: w, height: h, title: title, cssClass: cssClass + " empty",
            [
                chartTitle(title, maxWidth: w - 16),
                text(
                    message,
                    [
                        "class": "empty-message", "x": ChartNumber.coordinate(w / 2),
                        "y": ChartNumber.coordinate(h / 2 + 8), "text-anchor": "middle",
                        "font-size": ChartNumber.format(ChartStyle.titleFontSize), "fill": ChartStyle.mutedText,
                    ]),
            ])
    }

    /// Renders a node tree as indented markup. An element that holds text is written on one
    /// line with its children, because indentation inside it would become part of the label.
    static func render(_ node: SVGNode, indent: Int = 0, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        guard case .element(let element) = node else {
            renderInline(node, into: &out)
            out += "\n"
            return
        }
        let holdsText = element.children.contains {
            if case .text = $0 { return true } else { return false }
        }
        out += pad
        if element.children.isEmpty || holdsText {
            renderInline(node, into: &out)
            out += "\n"
            return
        }
        openTag(element, into: &out)
        out += "\n"
        for child in element.children {
            render(child, indent: indent + 1, into: &out)
        }
        out += pad + "</" + element.name + ">\n"
    }

    private static func renderInline(_ node: SVGNode, into out: inout String) {
        switch node {
        case .text(let text):
            out += htmlEscape(text)
        case .element(let element) where element.children.isEmpty:
            openTag(element, into: &out, selfClosing: true)
        case .element(let element):
            openTag(element, into: &out)
            for child in element.children { renderInline(child, into: &out) }
            out += "</" + element.name + ">"
        }
    }

    private static func openTag(_ element: SVGElement, into out: inout String, selfClosing: Bool = false) {
        out += "<" + element.name
        for attribute in element.attributes {
            out += " " + attribute.name + "=\"" + htmlEscape(attribute.value) + "\""
        }
        out += selfClosing ? "/>" : ">"
    }

    /// A complete, standalone `<svg>` document for inline use in an HTML page.
    ///
    /// The `<title>` comes first because assistive technology takes it as the image's name
    /// when `role="img"` is set.
    static func document(
        width: Double, height: Double, title: String, cssClass: String, _ children: [SVGNode]
    )
        -> String
    {
        let w = ChartNumber.format(width)
        let h = ChartNumber.format(height)
        let root = SVGElement(
            "svg",
            [
                "xmlns": "http://www.w3.org/2000/svg",
                "viewBox": "0 0 \(w) \(h)",
                "width": w,
                "height": h,
                "role": "img",
                "class": cssClass,
                "font-family": ChartStyle.fontFamily,
                "font-size": ChartNumber.format(ChartStyle.fontSize),
            ],
            children: [SVG.title(title)] + children)
        var out = ""
        render(.element(root), into: &out)
        return out
    }
}

/// Locale-independent number formatting for coordinates and labels.
///
/// `String(format:)` and `NumberFormatter` depend on the process locale on some platforms
/// (a comma decimal separator would corrupt `points="…"`), so the digits are produced here
/// from integers.
enum ChartNumber {
    /// `value` rounded half away from zero to at most `maxFractionDigits` decimals, trailing
    /// zeros removed: `12.5`, `80`, `83.33`, `-0.5`. Never `-0`; non-finite values give `0`.
    static func format(_ value: Double, maxFractionDigits: Int = 2) -> String {
        let digits = min(max(maxFractionDigits, 0), 6)
        var scale = 1.0
        var divisor: Int64 = 1
        for _ in 0..<digits {
            scale *= 10
            divisor *= 10
        }
        let scaled = (value * scale).rounded(.toNearestOrAwayFromZero)
        // Beyond ±2^53 doubles are whole numbers anyway; chart coordinates never get there,
        // but user values could, so they are printed without a fractional part.
        guard scaled.isFinite, abs(scaled) < 9.0e15 else {
            guard value.isFinite else { return "0" }
            if let whole = Int64(exactly: value.rounded()) { return String(whole) }
            // Past Int64, Swift's own description (`1e+20`) is locale-free and valid in SVG.
            return "\(value.rounded())"
        }
        let units = Int64(scaled)
        if units == 0 { return "0" }
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(divisor)
        var fraction = magnitude % UInt64(divisor)
        var text = (units < 0 ? "-" : "") + String(whole)
        if fraction != 0 {
            var width = digits
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            let fractionText = String(fraction)
            text += "." + String(repeating: "0", count: width - fractionText.count) + fractionText
        }
        return text
    }

    /// Shorthand for coordinates, which are written with at most two decimals.
    static func coordinate(_ value: Double) -> String { format(value, maxFractionDigits: 2) }
}

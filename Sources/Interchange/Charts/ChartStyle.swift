/// A labelled count a chart draws: a bar of a Pareto chart (a category such as `Défaut
/// produit`) or a point of a trend line (a period such as `2026-W37`).
public struct ChartValue: Sendable, Hashable {
    /// The category or period as people read it. Any text is safe: it is escaped.
    public var label: String
    /// The count. Counts cannot be negative; a negative value is drawn as 0.
    public var value: Int

    public init(label: String, value: Int) {
        self.label = label
        self.value = value
    }
}

/// The look shared by every chart of the weekly report: one sober palette, one font stack, one
/// set of sizes tuned for an HTML page about 720 px wide.
enum ChartStyle {
    /// The system font of the reader's machine; no web font, because the report carries no
    /// external assets.
    static let fontFamily = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif"
    static let fontSize = 12.0
    static let smallFontSize = 11.0
    static let titleFontSize = 15.0

    /// Series colours, in the order series are given (the "deep" palette: distinct in hue,
    /// close in lightness, readable when printed in grey).
    static let palette = [
        "#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3",
        "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD",
    ]

    static let bar = "#4C72B0"
    static let cumulative = "#DD8452"
    static let reference = "#8C8C8C"
    static let axis = "#4D4D4D"
    static let grid = "#E6E6E6"
    static let text = "#333333"
    static let mutedText = "#6B6B6B"

    /// The colour of the series at `index`; palettes repeat rather than fail past ten series.
    static func color(_ index: Int) -> String {
        palette[((index % palette.count) + palette.count) % palette.count]
    }

    /// A rough width of `text` in the chart font. Without a font engine the layout can only
    /// estimate; the factor suits proportional sans-serif fonts and errs on the wide side.
    static func estimatedWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * averageCharacterWidth
    }

    /// How many characters fit in `width` pixels, by the same estimate; at least one.
    static func characters(fitting width: Double, fontSize: Double) -> Int {
        let count = width / (fontSize * averageCharacterWidth)
        return count.isFinite ? max(Int(count.rounded(.down)), 1) : 1
    }

    /// The advance of an average character, in ems.
    private static let averageCharacterWidth = 0.6

    /// `text` cut to at most `maxCharacters` characters, the last one an ellipsis when cut.
    /// Counting characters rather than scalars keeps accented letters and emoji whole.
    static func truncate(_ text: String, maxCharacters: Int) -> String {
        let limit = max(maxCharacters, 1)
        guard text.count > limit else { return text }
        var kept = String(text.prefix(limit - 1))
        while let last = kept.last, last.isWhitespace { kept.removeLast() }
        return kept + "…"
    }

    /// `text` broken at spaces into at most `maxLines` lines of at most `maxCharacters`
    /// characters. A word longer than a line, or text left over after the last line, is cut
    /// with an ellipsis, so the result always fits.
    static func wrap(_ text: String, maxCharacters: Int, maxLines: Int) -> [String] {
        let limit = max(maxCharacters, 1)
        var lines: [String] = []
        var current = ""
        for word in text.split(whereSeparator: \.isWhitespace) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= limit {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        let kept = max(maxLines, 1)
        if lines.count > kept {
            // The line after the last kept one is what overflows; joining it makes the cut show.
            lines = Array(lines.prefix(kept - 1)) + [lines[kept - 1] + " " + lines[kept]]
        }
        return lines.map { truncate($0, maxCharacters: limit) }
    }
}

/// The integer ticks of a count axis: 0 and multiples of a "nice" step (1, 2 or 5 times a
/// power of ten).
struct CountTicks: Sendable, Equatable {
    var step: Int
    var values: [Int]

    /// Ticks from 0 up to at most `maximum`, about `intervals` of them.
    static func upTo(_ maximum: Int, intervals: Int = 5) -> CountTicks {
        let step = niceStep(maximum, intervals: intervals)
        var values = [0]
        var current = 0
        while true {
            let (next, overflow) = current.addingReportingOverflow(step)
            if overflow || next > maximum { break }
            values.append(next)
            current = next
        }
        return CountTicks(step: step, values: values)
    }

    /// Ticks from 0 up to the first multiple of the step at or above `maximum`, so that the
    /// top of the axis is a round number; used where the axis need not end at the data.
    static func covering(_ maximum: Int, intervals: Int = 4) -> CountTicks {
        let top = max(maximum, 1)
        let step = niceStep(top, intervals: intervals)
        let (quotient, remainder) = top.quotientAndRemainder(dividingBy: step)
        let (roundedTop, overflow) = (remainder == 0 ? quotient : quotient + 1).multipliedReportingOverflow(by: step)
        return upTo(overflow ? top : roundedTop, intervals: intervals)
    }

    /// The smallest of 1, 2, 5, 10, 20, 50, … that splits `maximum` into at most `intervals`
    /// parts. Integer arithmetic only, so there is no `log10` rounding at powers of ten.
    static func niceStep(_ maximum: Int, intervals: Int) -> Int {
        guard maximum > 0 else { return 1 }
        let parts = max(intervals, 1)
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] {
                let (step, overflow) = factor.multipliedReportingOverflow(by: magnitude)
                if overflow { return maximum }
                let (span, spanOverflow) = step.multipliedReportingOverflow(by: parts)
                if spanOverflow || span >= maximum { return step }
            }
            let (next, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            if overflow { return maximum }
            magnitude = next
        }
    }
}

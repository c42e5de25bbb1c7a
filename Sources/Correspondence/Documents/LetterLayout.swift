import Interchange
import Receivables

/// One piece of a laid-out letter. The renderer builds a letter as a list of these, and
/// ``LetterText`` and ``LetterHTML`` write the same list as fixed-width text and as HTML, so both
/// outputs always say the same thing.
enum LetterBlock: Sendable {
    /// The sender's name and contact lines at the top.
    case letterhead(name: String, lines: [String])
    /// The recipient's name and address.
    case recipient([String])
    /// The date and reference lines.
    case meta([String])
    /// A large title, such as `INTERNAL NOTE` or `COPY`.
    case title(String)
    /// The subject line: its label (`Subject:`) and text.
    case subject(label: String, text: String)
    /// A paragraph of running text, reflowed.
    case paragraph(String)
    /// A list of items.
    case bullets([String])
    /// A section heading.
    case heading(String)
    /// Labelled values, each value on one or more lines.
    case fields([LetterField])
    /// A table with aligned columns.
    case table(LetterTable)
    /// A short remark in smaller type, such as what is under review.
    case note(String)
    /// The signature lines.
    case signature([String])
}

/// A label and its value lines, as in `Claimant: ACME SAS / 12 rue des Lilas`.
struct LetterField: Sendable {
    /// The label with its colon, written the language's way (`Claimant:`, `Demandeur :`).
    var label: String
    var lines: [String]
}

/// A table: columns, rows, and total lines whose value sits under the last column.
struct LetterTable: Sendable {
    struct Column: Sendable {
        var title: String
        /// Right-aligned (amounts, day counts).
        var numeric: Bool
    }

    enum RowStyle: Sendable { case normal, deduction, review }

    struct Row: Sendable {
        var cells: [String]
        var style: RowStyle = .normal
    }

    struct Total: Sendable {
        var label: String
        var value: String
        /// The balance line, printed bold.
        var strong: Bool = false
        /// Starts a new currency group: a rule above it.
        var startsGroup: Bool = false
    }

    var columns: [Column]
    var rows: [Row]
    var totals: [Total] = []
}

/// Writes a letter as plain text: paragraphs wrapped at 72 columns, tables in aligned columns,
/// one blank line between blocks, lines ending in `\n`.
enum LetterText {
    static let width = 72

    static func render(_ blocks: [LetterBlock]) -> String {
        var chunks: [[String]] = []
        for block in blocks {
            let lines = lines(of: block)
            if !lines.isEmpty { chunks.append(lines) }
        }
        return chunks.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
    }

    static func lines(of block: LetterBlock) -> [String] {
        switch block {
        case .letterhead(let name, let lines):
            let all = [name] + lines
            let rule = String(repeating: "=", count: min(width, all.map(\.count).max() ?? 0))
            return all + [rule]
        case .recipient(let lines), .meta(let lines), .signature(let lines):
            return lines
        case .title(let text):
            return [text, String(repeating: "=", count: text.count)]
        case .subject(let label, let text):
            return wrap(label + " " + text, width: width, hanging: String(repeating: " ", count: label.count + 1))
        case .paragraph(let text):
            return wrap(text, width: width)
        case .bullets(let items):
            return items.flatMap { wrap("- " + $0, width: width, hanging: "  ") }
        case .heading(let text):
            return [text, String(repeating: "-", count: text.count)]
        case .note(let text):
            return wrap(text, width: width)
        case .fields(let fields):
            let labelWidth = (fields.map(\.label.count).max() ?? 0) + 1
            var out: [String] = []
            for field in fields {
                let label = pad(field.label, labelWidth)
                let indent = String(repeating: " ", count: labelWidth)
                for (index, line) in (field.lines.isEmpty ? [""] : field.lines).enumerated() {
                    out.append(trimmingTrailing((index == 0 ? label : indent) + line))
                }
            }
            return out
        case .table(let table):
            return tableLines(table)
        }
    }

    static func tableLines(_ table: LetterTable) -> [String] {
        let count = table.columns.count
        guard count > 0 else { return [] }
        var widths = table.columns.map(\.title.count)
        for row in table.rows {
            for (index, cell) in row.cells.prefix(count).enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        let gap = "  "
        // Totals: the label spans every column but the last, the value sits under the last.
        widths[count - 1] = max(widths[count - 1], table.totals.map(\.value.count).max() ?? 0)
        let span = widths.dropLast().reduce(0, +) + gap.count * (count - 1)
        let longestLabel = table.totals.map { $0.label.count + 1 }.max() ?? 0
        if count > 1, longestLabel > span - gap.count { widths[0] += longestLabel - (span - gap.count) }
        let fullSpan = widths.dropLast().reduce(0, +) + gap.count * (count - 1)

        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, column) in table.columns.enumerated() {
                let cell = index < cells.count ? cells[index] : ""
                parts.append(column.numeric ? padLeft(cell, widths[index]) : pad(cell, widths[index]))
            }
            return trimmingTrailing(parts.joined(separator: gap))
        }
        let totalWidth = widths.reduce(0, +) + gap.count * (count - 1)
        var out = [line(table.columns.map(\.title)), String(repeating: "-", count: totalWidth)]
        for row in table.rows { out.append(line(row.cells)) }
        if !table.totals.isEmpty {
            for total in table.totals {
                if total.startsGroup { out.append(String(repeating: "-", count: totalWidth)) }
                let label = count > 1 ? pad(total.label, fullSpan) : total.label + " "
                out.append(label + padLeft(total.value, widths[count - 1]))
            }
        }
        return out
    }

    /// Greedy word wrap. Breaks only at plain spaces, never before a currency code following a
    /// number (`1,234.56 EUR`) nor before French closing punctuation (`:`, `;`, `?`, `!`, `»`)
    /// or after `«`.
    static func wrap(_ text: String, width: Int, hanging: String = "") -> [String] {
        let words = unbreakableWords(text)
        guard !words.isEmpty else { return [] }
        var lines: [String] = []
        var current = ""
        for word in words {
            if current.isEmpty {
                current = (lines.isEmpty ? "" : hanging) + word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = hanging + word
            }
        }
        lines.append(current)
        return lines
    }

    /// The text's words, with the spaces that must not break kept inside them.
    static func unbreakableWords(_ text: String) -> [String] {
        let raw = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        var words: [String] = []
        for word in raw {
            if let previous = words.last, gluesToPrevious(word, previous) {
                words[words.count - 1] = previous + " " + word
            } else {
                words.append(word)
            }
        }
        return words
    }

    private static func gluesToPrevious(_ word: String, _ previous: String) -> Bool {
        if previous.hasSuffix("«") { return true }
        if let first = word.first, ":;?!»".contains(first), word.count <= 2 { return true }
        let isCode = word.count == 3 && word.allSatisfy { $0.isASCII && $0.isUppercase } && Currency(code: word) != nil
        if isCode, let last = previous.last, last.isNumber { return true }
        return false
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    static func trimmingTrailing(_ text: String) -> String {
        var text = text
        while text.last == " " { text.removeLast() }
        return text
    }
}

/// Writes a letter as one self-contained HTML page: a `<style>` element in the head, no
/// scripts, no images, no links to anything outside, sized for A4 paper. Every piece of text is
/// escaped, whatever it holds.
enum LetterHTML {
    static func render(_ blocks: [LetterBlock], title: String, language: Language) -> String {
        var body = ""
        for block in blocks { body += html(of: block) }
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(htmlEscape(title))</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            <main class="letter">
            \(body)</main>
            </body>
            </html>

            """
    }

    static let style = """
        @page { size: A4; margin: 18mm 18mm 20mm 22mm; }
        html { background: #fff; }
        body { margin: 0; color: #111; font: 10.5pt/1.45 Georgia, "Times New Roman", serif; }
        .letter { max-width: 170mm; margin: 0 auto; padding: 8mm 0; }
        .letterhead { border-bottom: 1.5pt solid #222; padding-bottom: 3mm; margin-bottom: 8mm; }
        .letterhead .name { font-size: 15pt; font-weight: bold; letter-spacing: 0.02em; }
        .letterhead div { font-size: 9pt; color: #333; }
        .recipient { font-style: normal; margin: 0 0 8mm 90mm; min-height: 25mm; }
        .meta { margin: 0 0 6mm 0; }
        .meta div:first-child { margin-bottom: 1mm; }
        h1 { font-size: 14pt; letter-spacing: 0.08em; margin: 2mm 0 4mm 0; }
        h2 { font-size: 11pt; margin: 6mm 0 2mm 0; page-break-after: avoid; }
        .subject { font-weight: bold; margin: 0 0 5mm 0; }
        p { margin: 0 0 3.5mm 0; text-align: justify; hyphens: auto; }
        ul { margin: 0 0 3.5mm 0; padding-left: 6mm; }
        table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm 0; font-size: 9pt; page-break-inside: auto; }
        tr { page-break-inside: avoid; }
        th { text-align: left; border-bottom: 1pt solid #222; padding: 1.2mm 1.5mm; font-weight: bold; }
        td { border-bottom: 0.5pt solid #bbb; padding: 1.2mm 1.5mm; vertical-align: top; }
        .num { text-align: right; white-space: nowrap; }
        tr.deduction td { color: #225; }
        tr.review td { color: #555; font-style: italic; }
        tfoot td { border-bottom: none; padding-top: 1mm; }
        tfoot tr.group td { border-top: 1pt solid #222; }
        tfoot tr.strong td { font-weight: bold; }
        .note { font-size: 9pt; color: #333; margin: 0 0 3mm 0; }
        dl.fields { display: grid; grid-template-columns: max-content auto; gap: 1mm 5mm; margin: 0 0 4mm 0; }
        dl.fields dt { font-weight: bold; }
        dl.fields dd { margin: 0; }
        .signature { margin-top: 8mm; page-break-inside: avoid; }
        .signature div:first-child { font-weight: bold; }
        @media screen { body { background: #eee; } .letter { background: #fff; padding: 15mm 18mm; } }
        """

    static func html(of block: LetterBlock) -> String {
        switch block {
        case .letterhead(let name, let lines):
            return "<header class=\"letterhead\"><div class=\"name\">\(htmlEscape(name))</div>"
                + lines.map { "<div>\(htmlEscape($0))</div>" }.joined() + "</header>\n"
        case .recipient(let lines):
            return "<address class=\"recipient\">" + lines.map(htmlEscape).joined(separator: "<br>") + "</address>\n"
        case .meta(let lines):
            return "<div class=\"meta\">" + lines.map { "<div>\(htmlEscape($0))</div>" }.joined() + "</div>\n"
        case .title(let text):
            return "<h1>\(htmlEscape(text))</h1>\n"
        case .subject(let label, let text):
            return "<p class=\"subject\">\(htmlEscape(label)) \(htmlEscape(text))</p>\n"
        case .paragraph(let text):
            return "<p>\(htmlEscape(text))</p>\n"
        case .bullets(let items):
            return "<ul>" + items.map { "<li>\(htmlEscape($0))</li>" }.joined() + "</ul>\n"
        case .heading(let text):
            return "<h2>\(htmlEscape(text))</h2>\n"
        case .note(let text):
            return "<p class=\"note\">\(htmlEscape(text))</p>\n"
        case .fields(let fields):
            return "<dl class=\"fields\">"
                + fields.map {
                    "<dt>\(htmlEscape($0.label))</dt><dd>" + $0.lines.map(htmlEscape).joined(separator: "<br>")
                        + "</dd>"
                }.joined() + "</dl>\n"
        case .signature(let lines):
            return "<div class=\"signature\">" + lines.map { "<div>\(htmlEscape($0))</div>" }.joined() + "</div>\n"
        case .table(let table):
            return tableHTML(table)
        }
    }

    static func tableHTML(_ table: LetterTable) -> String {
        func cellClass(_ column: LetterTable.Column) -> String { column.numeric ? " class=\"num\"" : "" }
        var out = "<table>\n<thead><tr>"
        for column in table.columns { out += "<th\(cellClass(column))>\(htmlEscape(column.title))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            switch row.style {
            case .normal: out += "<tr>"
            case .deduction: out += "<tr class=\"deduction\">"
            case .review: out += "<tr class=\"review\">"
            }
            for (index, column) in table.columns.enumerated() {
                let cell = index < row.cells.count ? row.cells[index] : ""
                out += "<td\(cellClass(column))>\(htmlEscape(cell))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n"
        if !table.totals.isEmpty {
            out += "<tfoot>\n"
            for total in table.totals {
                let classes = [total.startsGroup ? "group" : nil, total.strong ? "strong" : nil].compactMap { $0 }
                out += classes.isEmpty ? "<tr>" : "<tr class=\"\(classes.joined(separator: " "))\">"
                if table.columns.count > 1 {
                    out += "<td colspan=\"\(table.columns.count - 1)\">\(htmlEscape(total.label))</td>"
                }
                out += "<td class=\"num\">\(htmlEscape(total.value))</td></tr>\n"
            }
            out += "</tfoot>\n"
        }
        return out + "</table>\n"
    }
}

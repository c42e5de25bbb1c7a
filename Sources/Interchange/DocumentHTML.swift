/// Escapes text for HTML and XML (the SVG charts) element content and attribute values: the
/// five special characters become references (`&#39;` for the apostrophe, which not every HTML
/// consumer knows as `&apos;`). Text comes from users and imported files, so control
/// characters other than tab, line feed and carriage return — which XML 1.0 forbids or
/// discourages and HTML calls parse errors — become spaces, and the non-characters U+FFFE and
/// U+FFFF are dropped: one stray byte never makes a report or a letter unreadable.
public func htmlEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
        case "\u{FFFE}", "\u{FFFF}": continue
        default:
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += " "
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out
}

extension Document {
    /// A self-contained HTML page (inline styles, no scripts, no external assets), ready to
    /// open, print or mail. `extra` is trusted HTML placed after the heading it follows
    /// (e.g. an SVG chart), keyed by the heading's text; `replacing` is trusted HTML shown instead
    /// of the blocks between its heading and the next one (e.g. figure cards in place of a list).
    /// `cellClass` gives a table cell a CSS class (by table, row and column), and `stylesheet`
    /// adds rules to the house style.
    public func html(
        title: String, extra: [String: String] = [:], replacing: [String: String] = [:],
        cellClass: ((_ table: Table, _ row: Int, _ column: Int) -> String?)? = nil, stylesheet: String = ""
    ) -> String {
        var body = ""
        var first = true
        var skipping = false
        for block in blocks {
            if case .heading = block {
                skipping = false
            } else if skipping {
                continue
            }
            switch block {
            case .heading(let text):
                body += first ? "<h1>\(htmlEscape(text))</h1>\n" : "<h2>\(htmlEscape(text))</h2>\n"
                first = false
                if let html = extra[text] { body += html + "\n" }
                if let html = replacing[text] {
                    body += html + "\n"
                    skipping = true
                }
            case .paragraph(let text):
                body += "<p>\(htmlEscape(text))</p>\n"
            case .preformatted(let text):
                body += "<pre>\(htmlEscape(text))</pre>\n"
            case .fields(let pairs):
                body += "<dl>\n"
                for (key, value) in pairs { body += "<dt>\(htmlEscape(key))</dt><dd>\(htmlEscape(value))</dd>\n" }
                body += "</dl>\n"
            case .table(let table):
                body += "<table>\n<thead><tr>"
                for column in table.columns {
                    body += column.alignment == .right ? "<th class=\"num\">" : "<th>"
                    body += htmlEscape(column.title) + "</th>"
                }
                body += "</tr></thead>\n<tbody>\n"
                for (rowIndex, row) in table.rows.enumerated() {
                    body += "<tr>"
                    for (index, cell) in row.enumerated() {
                        var classes: [String] = []
                        if table.columns[index].alignment == .right { classes.append("num") }
                        if let extra = cellClass?(table, rowIndex, index) { classes.append(htmlEscape(extra)) }
                        body += classes.isEmpty ? "<td>" : "<td class=\"\(classes.joined(separator: " "))\">"
                        body += htmlEscape(cell) + "</td>"
                    }
                    body += "</tr>\n"
                }
                if table.rows.isEmpty {
                    body += "<tr><td colspan=\"\(table.columns.count)\" class=\"empty\">none</td></tr>\n"
                }
                body += "</tbody>\n</table>\n"
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(htmlEscape(title))</title>
            <style>
            \(Document.stylesheet)\(stylesheet.isEmpty ? "" : "\n" + stylesheet)
            </style>
            </head>
            <body>
            <main>
            \(body)</main>
            </body>
            </html>

            """
    }

    /// The house style of dun's HTML: sober, printable, readable at 720 px.
    public static let stylesheet = """
        body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #222; margin: 0; background: #fafafa; }
        main { max-width: 960px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
        h1 { font-size: 24px; margin: 0 0 8px; }
        h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #4C72B0; }
        p { margin: 6px 0; line-height: 1.45; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
        dt { color: #666; }
        dd { margin: 0; font-weight: 600; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
        th, td { padding: 4px 8px; border-bottom: 1px solid #e3e3e3; text-align: left; vertical-align: top; }
        th { background: #f2f4f8; font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.empty { color: #999; font-style: italic; }
        .up { color: #b22222; } .down { color: #2e7d32; }
        .kpis { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
        .kpi { border: 1px solid #e3e3e3; border-radius: 6px; padding: 8px 12px; min-width: 140px; }
        .kpi .value { font-size: 20px; font-weight: 700; }
        .kpi .label { color: #666; font-size: 12px; }
        svg { max-width: 100%; height: auto; }
        @media print { body { background: #fff; } main { padding: 0; } }
        """
}

import Foundation

/// The output formats every listing and report offers.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, csv, md, html
}

/// A table of text cells with named columns.
public struct Table: Sendable, Hashable {
    /// How a column's cells line up in text and Markdown.
    public enum Alignment: Sendable, Hashable { case left, right }

    public struct Column: Sendable, Hashable {
        public var title: String
        public var alignment: Alignment

        public init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public var rows: [[String]]

    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    public mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "a row of \(row.count) cells in a table of \(columns.count) columns")
        rows.append(row)
    }
}

/// What a command prints for people: headings, lines of text, key/value fields and tables,
/// rendered as aligned text, Markdown or CSV (its main table).
public struct Document: Sendable, Hashable {
    public enum Block: Sendable, Hashable {
        case heading(String)
        case paragraph(String)
        case fields([(String, String)])
        case table(Table)
        /// Text kept exactly as it is: a letter, a raw email.
        case preformatted(String)

        public static func == (lhs: Block, rhs: Block) -> Bool {
            switch (lhs, rhs) {
            case (.heading(let a), .heading(let b)), (.paragraph(let a), .paragraph(let b)),
                (.preformatted(let a), .preformatted(let b)):
                a == b
            case (.fields(let a), .fields(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
            case (.table(let a), .table(let b)): a == b
            default: false
            }
        }

        public func hash(into hasher: inout Hasher) {
            switch self {
            case .heading(let text), .paragraph(let text), .preformatted(let text): hasher.combine(text)
            case .fields(let pairs): for (k, v) in pairs { hasher.combine(k); hasher.combine(v) }
            case .table(let table): hasher.combine(table)
            }
        }
    }

    public var blocks: [Block] = []
    /// The table that `--format csv` prints (the first table when not set).
    public var csvTable: Table?

    public init(_ blocks: [Block] = []) { self.blocks = blocks }

    public mutating func heading(_ text: String) { blocks.append(.heading(text)) }
    public mutating func paragraph(_ text: String) { blocks.append(.paragraph(text)) }
    public mutating func fields(_ pairs: [(String, String)]) { blocks.append(.fields(pairs)) }
    public mutating func preformatted(_ text: String) { blocks.append(.preformatted(text)) }
    public mutating func table(_ table: Table, primary: Bool = false) {
        blocks.append(.table(table))
        if primary { csvTable = table }
    }

    /// Aligned plain text for a terminal.
    public func text() -> String {
        var out: [String] = []
        for block in blocks {
            switch block {
            case .heading(let title):
                if !out.isEmpty { out.append("") }
                out.append(title)
                out.append(String(repeating: "─", count: min(Document.width(title), 78)))
            case .paragraph(let text):
                out.append(text)
            case .preformatted(let text):
                if !out.isEmpty { out.append("") }
                out.append(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            case .fields(let pairs):
                let width = pairs.map { Document.width($0.0) }.max() ?? 0
                for (key, value) in pairs {
                    out.append(Document.pad(key + ":", width + 1, .left) + " " + value)
                }
            case .table(let table):
                out.append(contentsOf: Document.textLines(table))
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// GitHub-flavoured Markdown.
    public func markdown() -> String {
        var out: [String] = []
        for block in blocks {
            switch block {
            case .heading(let title):
                out.append((out.isEmpty ? "# " : "## ") + title)
                out.append("")
            case .paragraph(let text):
                out.append(text)
                out.append("")
            case .preformatted(let text):
                let fence = text.contains("```") ? "~~~~" : "```"
                out.append(fence)
                out.append(text.hasSuffix("\n") ? String(text.dropLast()) : text)
                out.append(fence)
                out.append("")
            case .fields(let pairs):
                for (key, value) in pairs {
                    out.append("- **\(Document.escapeMarkdown(key))**: \(Document.escapeMarkdown(value))")
                }
                out.append("")
            case .table(let table):
                out.append(
                    "| " + table.columns.map { Document.escapeMarkdown($0.title) }.joined(separator: " | ") + " |")
                out.append("|" + table.columns.map { $0.alignment == .right ? " ---: |" : " --- |" }.joined())
                for row in table.rows {
                    out.append("| " + row.map(Document.escapeMarkdown).joined(separator: " | ") + " |")
                }
                if table.rows.isEmpty {
                    out.append("| " + table.columns.map { _ in "" }.joined(separator: " | ") + " |")
                }
                out.append("")
            }
        }
        return out.joined(separator: "\n")
    }

    /// RFC 4180 CSV of the main table.
    public func csv() -> String {
        let table =
            csvTable
            ?? blocks.lazy.compactMap { block -> Table? in
                if case .table(let table) = block { return table }
                return nil
            }.first
        guard let table else { return "" }
        return CSVWriter.text(header: table.columns.map(\.title), rows: table.rows)
    }

    static func textLines(_ table: Table) -> [String] {
        var widths = table.columns.map { width($0.title) }
        for row in table.rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], width(cell)) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let last = index == cells.count - 1
                let alignment = table.columns[index].alignment
                parts.append(last && alignment == .left ? cell : pad(cell, widths[index], alignment))
            }
            return parts.joined(separator: "  ")
        }
        var lines = [line(table.columns.map(\.title))]
        lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        lines.append(contentsOf: table.rows.map(line))
        return lines
    }

    /// Display width: one column per character (grapheme cluster).
    static func width(_ text: String) -> Int { text.count }

    static func pad(_ text: String, _ width: Int, _ alignment: Table.Alignment) -> String {
        let fill = String(repeating: " ", count: max(0, width - self.width(text)))
        return alignment == .left ? text + fill : fill + text
    }

    static func escapeMarkdown(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

/// Writes RFC 4180 CSV, the one writer of every CSV dun produces (`--format csv`, the statement
/// attached to emails, the demo's bank file).
///
/// A field with the delimiter, a quote, a line break or blanks at its edges (which a reader that
/// trims unquoted fields would lose) is quoted, its quotes doubled. A field a spreadsheet would
/// run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return: a customer
/// name or a remittance text from a file can be anything) gets a leading `'` and is quoted, as
/// OWASP advises against CSV injection; plain numbers such as `-10.00` are left as they are.
public enum CSVWriter {
    public static func text(header: [String], rows: [[String]], delimiter: Character = ",") -> String {
        var out = line(header, delimiter)
        for row in rows { out += line(row, delimiter) }
        return out
    }

    public static func line(_ cells: [String], _ delimiter: Character = ",") -> String {
        cells.map { field($0, delimiter) }.joined(separator: String(delimiter)) + "\r\n"
    }

    /// One field, neutralised and quoted as needed.
    public static func field(_ cell: String, _ delimiter: Character = ",") -> String {
        if startsFormula(cell) { return "\"'" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let needsQuotes =
            cell.contains { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || cell.first == " " || cell.last == " " || cell.last == "\t"
        guard needsQuotes else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether a spreadsheet would read the cell as a formula: it starts with `=`, `+`, `-`, `@`,
    /// a tab or a carriage return, and is not a plain number (`-?[0-9]+(\.[0-9]+)?`).
    static func startsFormula(_ cell: String) -> Bool {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return false }
        return !isPlainNumber(cell)
    }

    static func isPlainNumber(_ cell: String) -> Bool {
        var bytes = Substring(cell).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let whole = bytes.prefix(while: isDigit)
        guard !whole.isEmpty else { return false }
        let rest = bytes.dropFirst(whole.count)
        if rest.isEmpty { return true }
        guard rest.first == UInt8(ascii: ".") else { return false }
        let fraction = rest.dropFirst()
        return !fraction.isEmpty && fraction.allSatisfy(isDigit)
    }
}

/// The JSON that scripts read: camelCase keys, sorted, days as `YYYY-MM-DD`, amounts as strings.
public enum JSONOutput {
    public static func text(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

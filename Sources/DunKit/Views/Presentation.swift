import Foundation
import Interchange
import Receivables

/// What a command prints: JSON for scripts, a document for people (text, Markdown, CSV), and for
/// reports an HTML page.
///
/// A large report's document and page can be made only when asked for: a script reading its
/// JSON does not wait for its tables and charts.
public struct Presentation: Sendable {
    public var json: any Encodable & Sendable
    private let makeDocument: @Sendable () -> Document
    private let makeHTML: @Sendable () -> String?

    public init(json: any Encodable & Sendable, document: Document, html: String? = nil) {
        self.json = json
        makeDocument = { document }
        makeHTML = { html }
    }

    /// A presentation whose document and page are made only if asked for.
    public init(
        json: any Encodable & Sendable, makeDocument: @escaping @Sendable () -> Document,
        makeHTML: @escaping @Sendable () -> String?
    ) {
        self.json = json
        self.makeDocument = makeDocument
        self.makeHTML = makeHTML
    }

    public var document: Document { makeDocument() }
    public var html: String? { makeHTML() }

    /// The output in `format`; `nil` when the format does not apply (HTML of a listing).
    public func rendered(_ format: OutputFormat) throws -> String? {
        switch format {
        case .text: document.text()
        case .md: document.markdown()
        case .csv: document.csv()
        case .json: try JSONOutput.text(json)
        case .html: html
        }
    }
}

/// A list that may have been cut at `--limit`: says how many there are in all.
struct Listing<Item: Encodable & Sendable>: Encodable, Sendable {
    var total: Int
    var items: [Item]
}

/// Formatting shared by the views.
enum Show {
    static func money(_ amount: Money) -> String { "\(amount.groupedString) \(amount.currency.code)" }
    static func money(_ amount: Money?) -> String { amount.map(money) ?? "" }
    static func totals(_ totals: CurrencyTotals) -> String { totals.isEmpty ? "0" : totals.groupedDescription }
    static func day(_ day: Day?) -> String { day?.iso ?? "" }
    static func percent(_ fraction: Double) -> String {
        let tenths = Int((fraction * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10) %"
    }
    /// Identifiers in a sentence: all of a few, the first and last of many (an import can log
    /// thousands; the JSON output lists every one).
    static func ids(_ ids: [some CustomStringConvertible], upTo limit: Int = 10) -> String {
        guard ids.count > limit, let last = ids.last else { return ids.map(\.description).joined(separator: ", ") }
        return ids.prefix(limit - 1).map(\.description).joined(separator: ", ")
            + " … \(last) (\(ids.count) in all)"
    }
    static func more(shown: Int, total: Int) -> String? {
        total > shown ? "… \(total - shown) more (use --limit 0 to list all \(total))" : nil
    }
}

/// An amount in JSON: decimal string plus currency.
struct AmountJSON: Encodable, Sendable, Hashable {
    var amount: String
    var currency: String
    init(_ money: Money) {
        amount = money.decimalString
        currency = money.currency.code
    }
}

/// An optional written as JSON `null` when absent, for fields scripts rely on being present.
struct OrNull<Wrapped: Encodable & Sendable>: Encodable, Sendable {
    var value: Wrapped?

    init(_ value: Wrapped?) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}

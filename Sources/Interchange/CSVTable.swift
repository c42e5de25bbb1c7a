import Receivables

/// How a CSV file is laid out: what the user told us on the command line.
public struct CSVOptions: Sendable, Hashable {
    public var delimiter: UInt8
    /// `1 234,56` rather than `1,234.56`.
    public var decimalComma: Bool
    public var dateFormat: DayFormat
    /// Our field name → the user's column header (`--map due_date=Échéance`).
    public var headerMap: [String: String]
    /// The currency of a file with no currency column (`--currency`); else the ledger's base
    /// currency.
    public var currency: Currency?

    public init(
        delimiter: UInt8 = UInt8(ascii: ","), decimalComma: Bool = false, dateFormat: DayFormat = .iso,
        headerMap: [String: String] = [:], currency: Currency? = nil
    ) {
        self.delimiter = delimiter
        self.decimalComma = decimalComma
        self.dateFormat = dateFormat
        self.headerMap = headerMap
        self.currency = currency
    }
}

/// A CSV file read against a list of known fields: finds each field's column from the header
/// (or the user's `--map`), checks every row's width, and reads typed values with errors that
/// name the file, the line and the field.
public final class CSVTable {
    public let reader: CSVReader
    public let options: CSVOptions
    private let columns: [String: Int]
    private let width: Int
    private var lastCurrency: (code: [UInt8], currency: Currency)?
    /// What ``currency(_:)`` reads in a file that has no column for it: `--currency`, else the
    /// ledger's base currency (set by the importer, which knows the ledger).
    public var defaultCurrency: Currency?

    /// Reads the header. `required` fields must have a column; `optional` ones may.
    public init(reader: CSVReader, options: CSVOptions, required: [String], optional: [String]) throws(InterchangeError)
    {
        self.reader = reader
        self.options = options
        guard var header = try reader.next() else {
            throw InterchangeError(file: reader.file, line: 0, message: "the file is empty (a header row is expected)")
        }
        // Spreadsheets save the empty cells right of the table as trailing delimiters.
        while let last = header.last, CSVTable.normalize(last).isEmpty { header.removeLast() }
        width = header.count
        // Two columns of one name: which one a field reads would be a guess.
        var seen: [String: Int] = [:]
        for (column, name) in header.enumerated() {
            let key = CSVTable.normalize(name)
            guard !key.isEmpty else { continue }
            if let first = seen.updateValue(column, forKey: key) {
                throw InterchangeError(
                    file: reader.file, line: reader.line,
                    message:
                        "the header names column \"\(header[first])\" twice (columns \(first + 1) and \(column + 1))")
            }
        }
        let known = Set(required + optional)
        for field in options.headerMap.keys where !known.contains(field) {
            throw InterchangeError(
                file: reader.file, line: 0,
                message:
                    "--map names unknown field \"\(field)\" (known: \((required + optional).joined(separator: ", ")))")
        }
        var index: [String: Int] = [:]
        let normalized = header.map { CSVTable.normalize($0) }
        for field in required + optional {
            let wanted = CSVTable.normalize(options.headerMap[field] ?? field)
            if let column = normalized.firstIndex(of: wanted) {
                index[field] = column
            } else if let mapped = options.headerMap[field] {
                throw InterchangeError(
                    file: reader.file, line: reader.line, field: field,
                    message:
                        "no column \"\(mapped)\" for field \(field) (the header has: \(header.joined(separator: ", ")))"
                )
            } else if required.contains(field) {
                throw InterchangeError(
                    file: reader.file, line: reader.line, field: field,
                    message:
                        "no column for field \(field) (the header has: \(header.joined(separator: ", ")); map one with --map \(field)=HEADER)"
                )
            }
        }
        columns = index
    }

    static func normalize(_ header: String) -> String {
        header.trimmingCharacters(in: " \t").lowercased()
    }

    public var file: String { reader.file }
    /// The line of the current row.
    public var line: Int { reader.line }

    /// A field resolved to its column once, for reading millions of rows without looking the
    /// name up each time.
    public struct Field: Sendable, Hashable {
        public let name: String
        let column: Int?
    }

    /// The handle of a field (which may have no column in this file).
    public func field(_ name: String) -> Field { Field(name: name, column: columns[name]) }

    /// Whether the file has a column for `field`.
    public func has(_ field: String) -> Bool { columns[field] != nil }

    /// Advances to the next row; `false` at the end of the file.
    /// Rows made only of delimiters (`,,,,`) are passed over, and so are empty cells right of
    /// the header's last column: what spreadsheets write for the cells around a table.
    public func next() throws(InterchangeError) -> Bool {
        while try reader.nextRecord() {
            let count = reader.fieldCount
            if count == width && (width == 0 || !reader.isEmpty(0)) { return true }
            if (0..<count).allSatisfy(reader.isEmpty) { continue }
            if count >= width && (width..<count).allSatisfy(reader.isEmpty) { return true }
            throw InterchangeError(file: file, line: line, message: "\(count) fields, but the header has \(width)")
        }
        return false
    }

    /// The field's text, trimmed; `nil` when the file has no such column or the cell is empty.
    public func text(_ field: String) throws(InterchangeError) -> String? { try text(self.field(field)) }

    /// The field's text, trimmed; `nil` when the file has no such column or the cell is empty.
    public func text(_ field: Field) throws(InterchangeError) -> String? {
        guard let column = field.column else { return nil }
        var value = try reader.string(column)
        // The reader trims unquoted fields; a quoted one may still carry blanks.
        let padded = value.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            return first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
        }
        if padded { value = value.trimmingCharacters(in: " \t") }
        return value.isEmpty ? nil : value
    }

    /// The field's bytes for parsing in place; `nil` when there is no such column or it is empty.
    func withBytes<Result>(_ field: Field, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard let column = field.column else { return nil }
        return reader.withBytes(column) { bytes in bytes.isEmpty ? nil : body(bytes) }
    }

    /// The field's bytes as text for a message, whatever their encoding.
    func shown(_ field: Field) -> String {
        withBytes(field) { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    public func error(_ field: String?, _ message: String) -> InterchangeError {
        InterchangeError(file: file, line: line, field: field, message: message)
    }

    public func required(_ field: String) throws(InterchangeError) -> String { try required(self.field(field)) }

    public func required(_ field: Field) throws(InterchangeError) -> String {
        guard let value = try text(field) else { throw error(field.name, "\(field.name) is empty") }
        return value
    }

    public func day(_ field: String) throws(InterchangeError) -> Day { try day(self.field(field)) }

    public func day(_ field: Field) throws(InterchangeError) -> Day {
        guard let day = try optionalDay(field) else { throw error(field.name, "\(field.name) is empty") }
        return day
    }

    public func optionalDay(_ field: String) throws(InterchangeError) -> Day? { try optionalDay(self.field(field)) }

    public func optionalDay(_ field: Field) throws(InterchangeError) -> Day? {
        let format = options.dateFormat
        guard let parsed = withBytes(field, { format.day(utf8: $0) }) else { return nil }
        guard let day = parsed else {
            throw error(field.name, "\(field.name) \"\(shown(field))\" is not a date in the form \(format)")
        }
        return day
    }

    public func currency(_ field: String) throws(InterchangeError) -> Currency { try currency(self.field(field)) }

    /// The field's currency; in a file without that column, ``defaultCurrency``.
    public func currency(_ field: Field) throws(InterchangeError) -> Currency {
        if field.column == nil, let defaultCurrency { return defaultCurrency }
        if let last = lastCurrency, withBytes(field, { $0.elementsEqual(last.code) }) == true { return last.currency }
        let value = try required(field)
        guard let currency = Currency(code: value) else {
            throw error(field.name, "currency \"\(value)\" is not an ISO 4217 currency code")
        }
        lastCurrency = (Array(value.utf8), currency)
        return currency
    }

    public func money(_ field: String, currency: Currency) throws(InterchangeError) -> Money {
        try money(self.field(field), currency: currency)
    }

    public func money(_ field: Field, currency: Currency) throws(InterchangeError) -> Money {
        guard let amount = try optionalMoney(field, currency: currency) else {
            throw error(field.name, "\(field.name) is empty")
        }
        return amount
    }

    public func optionalMoney(_ field: String, currency: Currency) throws(InterchangeError) -> Money? {
        try optionalMoney(self.field(field), currency: currency)
    }

    public func optionalMoney(_ field: Field, currency: Currency) throws(InterchangeError) -> Money? {
        let decimalComma = options.decimalComma
        guard let parsed = withBytes(field, { Money.parse(utf8: $0, currency: currency, decimalComma: decimalComma) })
        else { return nil }
        switch parsed {
        case .success(let amount): return amount
        case .failure(let failure):
            let name = field.name
            let value = shown(field)
            // The other convention for the file's separators, which a misread amount usually needs.
            let other = decimalComma ? "without --decimal-comma" : "with --decimal-comma"
            let hint = "if the file writes amounts as \(decimalComma ? "1,234.56" : "1.234,56"), import it \(other)"
            let message: String =
                switch failure {
                case .notANumber: "\(name) \"\(value)\" is not a number"
                case .tooManyDecimals:
                    "\(name) \"\(value)\" has more decimals than \(currency.code) allows (\(currency.minorDigits)); \(hint)"
                case .ambiguous:
                    "\(name) \"\(value)\" is \(MoneyError.ambiguity(value, currency)); if it separates thousands, import the file \(other), else write \(currency.minorDigits) decimals"
                case .outOfRange:
                    "\(name) \"\(value)\" is too large: dun takes at most \(Money.largestMajorUnits) in major units (10^13)"
                default: "\(name) \"\(value)\": \(failure.description)"
                }
            throw error(name, message)
        }
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let drop = Set(set)
        return String(self.drop(while: { drop.contains($0) }).reversed().drop(while: { drop.contains($0) }).reversed())
    }
}

/// An exact amount of one currency, held as integer minor units (cents for EUR).
///
/// Amounts of different currencies never meet: `+` and `-` on two currencies is a
/// programming error that traps, and ``adding(_:)`` is the throwing form for
/// amounts whose currencies come from input.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    public var isZero: Bool { minorUnits == 0 }
    public var isNegative: Bool { minorUnits < 0 }
    public var isPositive: Bool { minorUnits > 0 }

    /// The amount in major units as exact decimal text: `1234.56`, `-0.05`, `1200` for JPY.
    public var decimalString: String { Money.decimalText(minorUnits, digits: currency.minorDigits) }

    /// `1234.56 EUR`.
    public var description: String { "\(decimalString) \(currency.code)" }

    /// The amount with thousands grouped for people to read: `1,234,567.89`.
    public var groupedString: String {
        Money.decimalText(minorUnits, digits: currency.minorDigits, grouping: ",")
    }

    public static func + (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "cannot add \(lhs.currency) to \(rhs.currency)")
        return Money(minorUnits: lhs.minorUnits + rhs.minorUnits, currency: lhs.currency)
    }

    public static func - (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "cannot subtract \(rhs.currency) from \(lhs.currency)")
        return Money(minorUnits: lhs.minorUnits - rhs.minorUnits, currency: lhs.currency)
    }

    public static prefix func - (amount: Money) -> Money {
        Money(minorUnits: -amount.minorUnits, currency: amount.currency)
    }

    /// The sum, or ``MoneyError/currencyMismatch(_:_:)`` when the currencies differ.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
        return self + other
    }

    /// Compares two amounts of the same currency; `nil` when the currencies differ.
    public func compare(_ other: Money) -> ComparisonResult? {
        guard currency == other.currency else { return nil }
        if minorUnits < other.minorUnits { return .smaller }
        if minorUnits > other.minorUnits { return .larger }
        return .same
    }

    /// The result of comparing two amounts of one currency.
    public enum ComparisonResult: Sendable { case smaller, same, larger }

    /// This amount times `numerator / denominator`, rounded half away from zero to the minor unit
    /// (commercial rounding: 0.005 → 0.01, -0.005 → -0.01).
    public func scaled(by numerator: Int64, over denominator: Int64) -> Money {
        precondition(denominator != 0, "scaling by a zero denominator")
        let product = Int128(minorUnits) * Int128(numerator)
        let d = Int128(denominator)
        var quotient = product / d
        let remainder = product % d
        // Round half away from zero: compare twice the remainder with the divisor.
        if (remainder * 2).magnitude >= d.magnitude {
            quotient += (product < 0) != (d < 0) ? -1 : 1
        }
        return Money(minorUnits: Int64(quotient), currency: currency)
    }

    static func decimalText(_ units: Int64, digits: Int, grouping: Character? = nil) -> String {
        let negative = units < 0
        let magnitude = units.magnitude
        var factor: UInt64 = 1
        for _ in 0..<digits { factor *= 10 }
        var whole = String(magnitude / factor)
        if let grouping, whole.count > 3 {
            var grouped = ""
            for (index, character) in whole.enumerated() {
                if index > 0 && (whole.count - index) % 3 == 0 { grouped.append(grouping) }
                grouped.append(character)
            }
            whole = grouped
        }
        var text = negative ? "-" + whole : whole
        if digits > 0 {
            let fraction = String(magnitude % factor)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }
}

/// Why an amount could not be made or combined.
public enum MoneyError: Error, Equatable, Sendable, CustomStringConvertible {
    case notANumber(String)
    case tooManyDecimals(String, Currency)
    /// A lone decimal mark followed by exactly three digits, in a currency with fewer decimals:
    /// `2.500` is 2.50 to one system and 2500 to another that groups thousands with `.`.
    case ambiguous(String, Currency)
    /// Above ``Money/largestMajorUnits`` (or beyond what 64 bits hold).
    case outOfRange(String)
    case currencyMismatch(Currency, Currency)

    public var description: String {
        switch self {
        case .notANumber(let text): "amount \"\(text)\" is not a number"
        case .tooManyDecimals(let text, let currency):
            "amount \"\(text)\" has more decimals than \(currency.code) allows (\(currency.minorDigits))"
        case .ambiguous(let text, let currency):
            "amount \"\(text)\" is \(MoneyError.ambiguity(text, currency)); write it with no thousands separator and \(currency.minorDigits) decimals"
        case .outOfRange(let text):
            "amount \"\(text)\" is too large: dun takes at most \(Money.largestMajorUnits) in major units (10^13)"
        case .currencyMismatch(let a, let b): "cannot combine \(a.code) and \(b.code) amounts"
        }
    }

    /// Why an ambiguous amount is refused: `ambiguous: its "." may separate thousands …`.
    public static func ambiguity(_ text: String, _ currency: Currency) -> String {
        let separator = text.first { $0 == "." || $0 == "," } ?? "."
        return
            "ambiguous: its \"\(separator)\" may separate thousands or decimals (\(currency.code) has \(currency.minorDigits) decimals)"
    }
}

extension Money {
    /// The largest amount, in major units, that dun takes from input: 10^13, far above any
    /// invoice, and far enough below `Int64.max` minor units for sums of millions of amounts.
    public static let largestMajorUnits: Int64 = 10_000_000_000_000

    /// Parses a decimal amount in major units, exactly.
    ///
    /// Accepts a sign (`-12.50`, `+3`, and the trailing minus of SAP exports `12.50-`), thousands
    /// separators (`1,234.56`; `1 234,56` and `1.234,56` with `decimalComma`; spaces, no-break
    /// spaces and `'`). Refuses more decimals than the currency has (`1.0000` for EUR), and, as
    /// ambiguous, a lone decimal mark followed by exactly three digits when the currency has
    /// fewer decimals (`2.500`; `1,000` with `decimalComma`): it is a thousands separator to the
    /// other convention, and read the wrong way the amount is a thousand times off. Refuses
    /// amounts above ``largestMajorUnits``.
    public static func parse(
        _ text: String, currency: Currency, decimalComma: Bool = false
    ) throws(MoneyError) -> Money {
        var string = text
        // Imports parse millions of amounts: read the UTF-8 in place.
        let result = string.withUTF8 { parse(utf8: $0, currency: currency, decimalComma: decimalComma) }
        switch result {
        case .success(let amount): return amount
        case .failure(let error): throw error
        }
    }

    /// Parses an amount from UTF-8 bytes in place (see ``parse(_:currency:decimalComma:)``).
    public static func parse(
        utf8 all: UnsafeBufferPointer<UInt8>, currency: Currency, decimalComma: Bool
    ) -> Result<Money, MoneyError> {
        func original() -> String { String(decoding: all, as: UTF8.self) }
        var start = 0
        var end = all.count
        // Trim ASCII spaces and tabs.
        while start < end, all[start] == 0x20 || all[start] == 0x09 { start += 1 }
        while end > start, all[end - 1] == 0x20 || all[end - 1] == 0x09 { end -= 1 }
        guard start < end else { return .failure(.notANumber(original())) }

        var negative = false
        if all[start] == UInt8(ascii: "-") || all[start] == UInt8(ascii: "+") {
            negative = all[start] == UInt8(ascii: "-")
            start += 1
        } else if all[end - 1] == UInt8(ascii: "-") {
            negative = true
            end -= 1
        }
        let decimalMark = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        let groupMark = decimalComma ? UInt8(ascii: ".") : UInt8(ascii: ",")
        let digits = currency.minorDigits

        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionCount = 0
        // Every decimal digit written, including those beyond the currency's.
        var writtenDecimals = 0
        // Separators of any kind: the decimal mark and thousands separators.
        var separators = 0
        var seenDecimal = false
        var seenDigit = false
        // Digits since the last thousands separator; nil before the first one. A separator must
        // be followed by exactly three digits, so "12,3" is refused rather than read as 123.
        var groupDigits: Int?
        var index = start
        while index < end {
            let byte = all[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                seenDigit = true
                let digit = Int64(byte - UInt8(ascii: "0"))
                if seenDecimal {
                    writtenDecimals += 1
                    if fractionCount < digits {
                        fraction = fraction * 10 + digit
                        fractionCount += 1
                    }
                } else {
                    if let count = groupDigits { groupDigits = count + 1 }
                    let (times, overflow1) = whole.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times.addingReportingOverflow(digit)
                    guard !overflow1, !overflow2 else { return .failure(.outOfRange(original())) }
                    whole = sum
                }
            case decimalMark:
                guard !seenDecimal, groupDigits == nil || groupDigits == 3 else {
                    return .failure(.notANumber(original()))
                }
                seenDecimal = true
                separators += 1
            default:
                // Thousands separators: the group mark, spaces, apostrophes, U+00A0 and U+202F.
                var width = 0
                if byte == groupMark || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "'") {
                    width = 1
                } else if byte == 0xC2, index + 1 < end, all[index + 1] == 0xA0 {
                    width = 2
                } else if byte == 0xE2, index + 2 < end, all[index + 1] == 0x80, all[index + 2] == 0xAF {
                    width = 3
                }
                guard width > 0, !seenDecimal, seenDigit, groupDigits == nil || groupDigits == 3 else {
                    return .failure(.notANumber(original()))
                }
                groupDigits = 0
                separators += 1
                index += width - 1
            }
            index += 1
        }
        guard seenDigit, groupDigits == nil || groupDigits == 3 || seenDecimal else {
            return .failure(.notANumber(original()))
        }
        if separators == 1 && seenDecimal && writtenDecimals == 3 && digits < 3 {
            return .failure(.ambiguous(original(), currency))
        }
        if writtenDecimals > digits { return .failure(.tooManyDecimals(original(), currency)) }
        if whole > largestMajorUnits || (whole == largestMajorUnits && fraction > 0) {
            return .failure(.outOfRange(original()))
        }
        var minor = whole
        for _ in 0..<digits {
            let (times, overflow) = minor.multipliedReportingOverflow(by: 10)
            guard !overflow else { return .failure(.outOfRange(original())) }
            minor = times
        }
        var scale: Int64 = 1
        for _ in fractionCount..<digits { scale *= 10 }
        let (sum, overflow) = minor.addingReportingOverflow(fraction * scale)
        guard !overflow else { return .failure(.outOfRange(original())) }
        return .success(Money(minorUnits: negative ? -sum : sum, currency: currency))
    }
}

/// Amounts kept apart per currency: what a report shows where several currencies meet.
///
/// Encodes as an object keyed by currency code with decimal strings: `{"EUR": "1200.00"}`.
public struct CurrencyTotals: Hashable, Sendable, Codable, CustomStringConvertible {
    public private(set) var units: [Currency: Int64] = [:]

    public init() {}

    public init(_ amounts: some Sequence<Money>) {
        for amount in amounts { add(amount) }
    }

    public mutating func add(_ amount: Money) {
        units[amount.currency, default: 0] += amount.minorUnits
    }

    public mutating func add(_ other: CurrencyTotals) {
        for (currency, value) in other.units { units[currency, default: 0] += value }
    }

    /// The amounts, one per currency, in currency-code order.
    public var amounts: [Money] {
        units.keys.sorted().map { Money(minorUnits: units[$0]!, currency: $0) }
    }

    public subscript(currency: Currency) -> Money {
        Money(minorUnits: units[currency] ?? 0, currency: currency)
    }

    public var isEmpty: Bool { units.values.allSatisfy { $0 == 0 } }

    /// `1200.00 EUR + 80.00 USD`, or `0` when empty.
    public var description: String {
        let parts = amounts.filter { !$0.isZero }.map(\.description)
        return parts.isEmpty ? "0" : parts.joined(separator: " + ")
    }

    /// Like ``description`` with thousands grouped.
    public var groupedDescription: String {
        let parts = amounts.filter { !$0.isZero }.map { "\($0.groupedString) \($0.currency.code)" }
        return parts.isEmpty ? "0" : parts.joined(separator: " + ")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CurrencyKey.self)
        for amount in amounts {
            try container.encode(amount.decimalString, forKey: CurrencyKey(stringValue: amount.currency.code))
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CurrencyKey.self)
        for key in container.allKeys {
            guard let currency = Currency(code: key.stringValue) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "unknown currency")
            }
            let text = try container.decode(String.self, forKey: key)
            do {
                add(try Money.parse(text, currency: currency))
            } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: error.description)
            }
        }
    }

    struct CurrencyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

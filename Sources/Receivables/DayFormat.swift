/// A date layout for reading days from files exported by other systems, such as `dd/MM/yyyy`.
///
/// Tokens: `yyyy` (four-digit year), `yy` (two-digit year, 2000–2099), `MM`/`M` (month),
/// `dd`/`d` (day). Any other character must appear literally. `M` and `d` accept one or two
/// digits.
public struct DayFormat: Sendable, Hashable, CustomStringConvertible {
    enum Token: Hashable, Sendable {
        case year4, year2, month(flexible: Bool), day(flexible: Bool), literal(UInt8)
    }

    let tokens: [Token]
    public let pattern: String
    /// `yyyy-MM-dd`, read by the fast path of ``Day/init(iso:)``.
    let isISO: Bool

    public static let iso = DayFormat(validPattern: "yyyy-MM-dd")

    /// The format for a pattern, or `nil` when the pattern lacks a year, month or day.
    public init?(_ pattern: String) {
        var tokens: [Token] = []
        var bytes = Array(pattern.utf8)[...]
        func take(_ prefix: String) -> Bool {
            let p = Array(prefix.utf8)
            guard bytes.starts(with: p) else { return false }
            bytes.removeFirst(p.count)
            return true
        }
        while !bytes.isEmpty {
            if take("yyyy") {
                tokens.append(.year4)
            } else if take("yy") {
                tokens.append(.year2)
            } else if take("MM") {
                tokens.append(.month(flexible: false))
            } else if take("M") {
                tokens.append(.month(flexible: true))
            } else if take("dd") {
                tokens.append(.day(flexible: false))
            } else if take("d") {
                tokens.append(.day(flexible: true))
            } else {
                tokens.append(.literal(bytes.removeFirst()))
            }
        }
        let hasYear = tokens.contains(.year4) || tokens.contains(.year2)
        let hasMonth = tokens.contains { if case .month = $0 { true } else { false } }
        let hasDay = tokens.contains { if case .day = $0 { true } else { false } }
        guard hasYear, hasMonth, hasDay else { return nil }
        self.tokens = tokens
        self.pattern = pattern
        isISO = pattern == "yyyy-MM-dd"
    }

    private init(validPattern: String) { self = DayFormat(validPattern)! }

    public var description: String { pattern }

    /// Reads a day laid out in this format, or `nil` when the text does not match or names no real day.
    public func day(from text: String) -> Day? {
        var text = text
        return text.withUTF8 { day(utf8: $0) }
    }

    /// Reads a day from UTF-8 bytes in place.
    public func day(utf8 all: UnsafeBufferPointer<UInt8>) -> Day? {
        if isISO { return Day.parseISO(all) }
        var bytes = all[...]
        var year = 0, month = 0, day = 0
        func digits(_ minimum: Int, _ maximum: Int) -> Int? {
            var value = 0, count = 0
            while count < maximum, let b = bytes.first, b >= 48, b <= 57 {
                value = value * 10 + Int(b - 48)
                bytes.removeFirst()
                count += 1
            }
            return count >= minimum ? value : nil
        }
        for token in tokens {
            switch token {
            case .year4: guard let v = digits(4, 4) else { return nil }; year = v
            case .year2: guard let v = digits(2, 2) else { return nil }; year = 2000 + v
            case .month(let flexible): guard let v = digits(flexible ? 1 : 2, 2) else { return nil }; month = v
            case .day(let flexible): guard let v = digits(flexible ? 1 : 2, 2) else { return nil }; day = v
            case .literal(let b): guard bytes.first == b else { return nil }; bytes.removeFirst()
            }
        }
        guard bytes.isEmpty else { return nil }
        return Day(year: year, month: month, day: day)
    }
}

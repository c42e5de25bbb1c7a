/// A civil date with no time of day and no time zone: the business day a fact belongs to.
///
/// Held as the number of days since 1970-01-01 so that arithmetic and comparison are
/// integer operations; written and read as ISO 8601 `YYYY-MM-DD`.
public struct Day: Hashable, Sendable, Comparable, Strideable, CustomStringConvertible, Codable {
    /// Days since 1970-01-01 (negative before).
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// The last day the calendar holds: a ledger read on it shows every fact it has.
    public static let latest = Day(year: 9999, month: 12, day: 31)!

    /// The day of a proleptic Gregorian calendar date, or `nil` when the date does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        ordinal = Day.ordinalFrom(year: year, month: month, day: day)
    }

    /// Parses strict ISO `YYYY-MM-DD`.
    public init?(iso text: String) {
        // Imports read millions of days: parse the UTF-8 in place, without an array.
        var string = text
        guard let day = string.withUTF8({ Day.parseISO($0) }) else { return nil }
        self = day
    }

    public init?(iso text: Substring) { self.init(iso: String(text)) }

    /// Parses `YYYY-MM-DD` from UTF-8 bytes.
    public static func parseISO(_ bytes: UnsafeBufferPointer<UInt8>) -> Day? {
        // Scans read a million of these: the digits are read in place, unrolled.
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        var invalid = false
        func digit(_ index: Int) -> Int {
            let value = Int(bytes[index]) &- 48
            invalid = invalid || value < 0 || value > 9
            return value
        }
        let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        let month = digit(5) * 10 + digit(6)
        let day = digit(8) * 10 + digit(9)
        return invalid ? nil : Day(year: year, month: month, day: day)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var dayOfMonth: Int { components.day }

    /// Year, month and day of this date.
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        let w = (ordinal + 3) % 7
        return (w < 0 ? w + 7 : w) + 1
    }

    /// The ISO 8601 week this day belongs to (which may be in the neighbouring year).
    public var isoWeek: IsoWeek {
        let thursday = self + (4 - isoWeekday)
        let weekYear = thursday.year
        let firstOfYear = Day(year: weekYear, month: 1, day: 1)!
        let week = (thursday.ordinal - firstOfYear.ordinal) / 7 + 1
        return IsoWeek(year: weekYear, week: week)!
    }

    public var iso: String {
        let (y, m, d) = components
        guard (0...9999).contains(y) else { return Day.pad(y, 4) + "-" + Day.pad(m, 2) + "-" + Day.pad(d, 2) }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            Day.writeISO(y, m, d, to: buffer.baseAddress!)
            return 10
        }
    }

    /// Writes the ten bytes of ``iso`` to `bytes`, for years 0 to 9999; `false` (nothing
    /// written) for a year outside them. Bulk loads bind days straight from bytes.
    public func writeISO(to bytes: UnsafeMutablePointer<UInt8>) -> Bool {
        let (y, m, d) = components
        guard (0...9999).contains(y) else { return false }
        Day.writeISO(y, m, d, to: bytes)
        return true
    }

    /// Written byte by byte: imports and exports format millions of days.
    private static func writeISO(_ y: Int, _ m: Int, _ d: Int, to buffer: UnsafeMutablePointer<UInt8>) {
        buffer[0] = UInt8(48 + y / 1000)
        buffer[1] = UInt8(48 + y / 100 % 10)
        buffer[2] = UInt8(48 + y / 10 % 10)
        buffer[3] = UInt8(48 + y % 10)
        buffer[4] = UInt8(ascii: "-")
        buffer[5] = UInt8(48 + m / 10)
        buffer[6] = UInt8(48 + m % 10)
        buffer[7] = UInt8(ascii: "-")
        buffer[8] = UInt8(48 + d / 10)
        buffer[9] = UInt8(48 + d % 10)
    }

    public var description: String { iso }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }
    public func distance(to other: Day) -> Int { other.ordinal - ordinal }
    public func advanced(by n: Int) -> Day { Day(ordinal: ordinal + n) }
    public static func + (day: Day, n: Int) -> Day { day.advanced(by: n) }
    public static func - (day: Day, n: Int) -> Day { day.advanced(by: -n) }
    /// Whole days from `rhs` to `lhs`.
    public static func - (lhs: Day, rhs: Day) -> Int { lhs.ordinal - rhs.ordinal }

    /// The same day of the month `months` later, clamped to the month's last day (Jan 31 + 1 → Feb 28).
    public func addingMonths(_ months: Int) -> Day {
        let (y, m, d) = components
        let total = y * 12 + (m - 1) + months
        let year = total / 12
        let month = total % 12 + 1
        return Day(year: year, month: month, day: min(d, Day.daysIn(month: month, year: year)))!
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a YYYY-MM-DD day"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func ordinalFrom(year: Int, month: Int, day: Int) -> Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

/// An ISO 8601 week, `2026-W48`: Monday to Sunday, week 1 holding the year's first Thursday.
public struct IsoWeek: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let year: Int
    public let week: Int

    /// The week, or `nil` when the year has no such week (W53 exists only in some years).
    public init?(year: Int, week: Int) {
        guard (1...IsoWeek.weeksIn(year: year)).contains(week) else { return nil }
        self.year = year
        self.week = week
    }

    /// Parses `2026-W48` (also `2026W48`).
    public init?(text: some StringProtocol) {
        let parts = text.uppercased().split(separator: "W", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let yearText = parts[0].hasSuffix("-") ? parts[0].dropLast() : parts[0]
        guard yearText.count == 4, (1...2).contains(parts[1].count),
            let year = Int(yearText), let week = Int(parts[1])
        else { return nil }
        self.init(year: year, week: week)
    }

    /// 52, or 53 in years whose 1 January is a Thursday, or a Wednesday in a leap year.
    public static func weeksIn(year: Int) -> Int {
        guard let jan1 = Day(year: year, month: 1, day: 1) else { return 52 }
        let weekday = jan1.isoWeekday
        return weekday == 4 || (weekday == 3 && Day.isLeap(year)) ? 53 : 52
    }

    public var monday: Day {
        let jan4 = Day(year: year, month: 1, day: 4)!
        let week1Monday = jan4 - (jan4.isoWeekday - 1)
        return week1Monday + (week - 1) * 7
    }

    public var sunday: Day { monday + 6 }

    public func contains(_ day: Day) -> Bool { day >= monday && day <= sunday }

    public func advanced(by weeks: Int) -> IsoWeek { (monday + weeks * 7).isoWeek }

    public var description: String { "\(year)-W" + (week < 10 ? "0\(week)" : "\(week)") }

    public static func < (lhs: IsoWeek, rhs: IsoWeek) -> Bool {
        (lhs.year, lhs.week) < (rhs.year, rhs.week)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let week = IsoWeek(text: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not an ISO week"))
        }
        self = week
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

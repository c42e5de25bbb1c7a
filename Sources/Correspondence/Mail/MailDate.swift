import Receivables

/// The moment a message is dated, with the sender's offset from UTC: written in the `Date:`
/// header as `Tue, 24 Nov 2026 09:30:00 +0100`.
///
/// The correspondence code never reads the clock: the command line takes the time and passes it
/// in, so that rendering the same message twice gives the same bytes.
public struct MailDate: Sendable, Hashable, CustomStringConvertible {
    /// Seconds since 1970-01-01 00:00:00 UTC, leap seconds not counted.
    public let secondsSince1970: Int64
    /// The local time's offset from UTC in minutes: `60` for `+0100`, `-300` for `-0500`.
    public let utcOffsetMinutes: Int

    /// The instant `secondsSince1970`, shown in the zone `utcOffsetMinutes` east of UTC.
    ///
    /// - Throws: ``MailError/invalidDate(_:)`` when the offset is beyond ±23:59 or the local date
    ///   falls outside the years 1900–9999 that RFC 5322 dates can express.
    public init(secondsSince1970: Int64, utcOffsetMinutes: Int = 0) throws(MailError) {
        guard (-1439...1439).contains(utcOffsetMinutes) else {
            throw .invalidDate("UTC offset \(utcOffsetMinutes) minutes is beyond ±23:59")
        }
        // 1900-01-01 and 10000-01-01 at 00:00 UTC, widened by a day for the offset.
        guard (-2_209_075_200...253_402_387_200).contains(secondsSince1970) else {
            throw .invalidDate("\(secondsSince1970) seconds since 1970 is outside the years 1900–9999")
        }
        self.secondsSince1970 = secondsSince1970
        self.utcOffsetMinutes = utcOffsetMinutes
        let year = localDay.year
        guard (1900...9999).contains(year) else {
            throw .invalidDate("year \(year) is outside the years 1900–9999")
        }
    }

    /// The local wall-clock time `hour:minute:second` on `day` in the zone `utcOffsetMinutes`
    /// east of UTC.
    ///
    /// - Throws: ``MailError/invalidDate(_:)`` for a time of day that does not exist (hour 0–23,
    ///   minute and second 0–59), or for the cases of ``init(secondsSince1970:utcOffsetMinutes:)``.
    public init(day: Day, hour: Int, minute: Int, second: Int = 0, utcOffsetMinutes: Int = 0) throws(MailError) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else {
            throw .invalidDate("\(hour):\(minute):\(second) is not a time of day")
        }
        let local = Int64(day.ordinal) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        try self.init(secondsSince1970: local - Int64(utcOffsetMinutes) * 60, utcOffsetMinutes: utcOffsetMinutes)
    }

    /// Seconds since 1970 on the local clock.
    private var localSeconds: Int64 { secondsSince1970 + Int64(utcOffsetMinutes) * 60 }

    /// The local calendar day.
    public var localDay: Day {
        let (quotient, remainder) = localSeconds.quotientAndRemainder(dividingBy: 86_400)
        return Day(ordinal: Int(remainder < 0 ? quotient - 1 : quotient))
    }

    /// The RFC 5322 `date-time`: `Tue, 24 Nov 2026 09:30:00 +0100`.
    public var rfc5322: String {
        let day = localDay
        let (y, m, d) = day.components
        var secondOfDay = Int(localSeconds - Int64(day.ordinal) * 86_400)
        let hour = secondOfDay / 3600
        secondOfDay %= 3600
        let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day.isoWeekday - 1]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1]
        let offset = abs(utcOffsetMinutes)
        let zone = (utcOffsetMinutes < 0 ? "-" : "+") + MailDate.pad(offset / 60) + MailDate.pad(offset % 60)
        return
            "\(weekday), \(MailDate.pad(d)) \(month) \(y) \(MailDate.pad(hour)):\(MailDate.pad(secondOfDay / 60)):\(MailDate.pad(secondOfDay % 60)) \(zone)"
    }

    public var description: String { rfc5322 }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

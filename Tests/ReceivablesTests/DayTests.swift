import Foundation
import Testing

@testable import Receivables

/// A JSON encoder with sorted keys, for exact comparisons.
enum JSONEncoderForTests {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }
}

@Suite struct DayTests {
    @Test func readsAndWritesISO() {
        #expect(Day(iso: "2026-11-29")?.iso == "2026-11-29")
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2026-02-29") == nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "2026-1-01") == nil)
        #expect(Day(iso: "26-11-29") == nil)
        #expect(Day(iso: "2026-11-29T00:00") == nil)
        // Every position must be a digit (bytes just below '0' and above '9' included).
        for bad in [
            "/026-11-29", "2:26-11-29", "20/6-11-29", "202:-11-29", "2026-/1-29", "2026-1:-29", "2026-11-/9",
            "2026-11-2:", "2026 11 29", "+026-11-29", "2026-11--9",
        ] {
            #expect(Day(iso: bad) == nil, "\(bad)")
        }
        #expect(Day(iso: "0000-01-01") == nil)
        #expect(Day(iso: "9999-12-31")?.iso == "9999-12-31")
        #expect(Day(iso: "1970-01-01")?.ordinal == 0)
        #expect(Day(iso: "1969-12-31")?.ordinal == -1)
    }

    /// The bytes a bulk load binds are the ISO text; a year outside 0…9999 writes nothing.
    @Test func writesISOBytes() {
        var bytes = [UInt8](repeating: 0x2A, count: 12)
        let written = bytes.withUnsafeMutableBufferPointer { Day(iso: "0987-03-04")!.writeISO(to: $0.baseAddress!) }
        #expect(written)
        #expect(String(decoding: bytes, as: UTF8.self) == "0987-03-04**")
        var untouched = [UInt8](repeating: 0x2A, count: 10)
        let far = Day(year: 9999, month: 12, day: 31)! + 1
        #expect(!untouched.withUnsafeMutableBufferPointer { far.writeISO(to: $0.baseAddress!) })
        #expect(untouched == [UInt8](repeating: 0x2A, count: 10))
        #expect(far.iso == "10000-01-01")
    }

    @Test func roundTripsEveryDayOfFourCenturies() {
        let start = Day(year: 1900, month: 1, day: 1)!
        let end = Day(year: 2300, month: 12, day: 31)!
        for ordinal in start.ordinal...end.ordinal {
            let day = Day(ordinal: ordinal)
            let (y, m, d) = day.components
            #expect(Day(year: y, month: m, day: d) == day)
        }
    }

    @Test func knowsWeekdays() {
        #expect(Day(iso: "2026-11-29")!.isoWeekday == 7)
        #expect(Day(iso: "2026-11-23")!.isoWeekday == 1)
        #expect(Day(iso: "1970-01-01")!.isoWeekday == 4)
    }

    @Test(arguments: [
        ("2026-11-29", "2026-W48"),
        ("2026-11-23", "2026-W48"),
        ("2020-12-31", "2020-W53"),
        ("2021-01-03", "2020-W53"),
        ("2021-01-04", "2021-W01"),
        ("2024-12-30", "2025-W01"),
        ("2026-12-31", "2026-W53"),
        ("2027-01-03", "2026-W53"),
        ("2027-01-04", "2027-W01"),
        ("2008-12-29", "2009-W01"),
    ])
    func findsTheISOWeek(day: String, week: String) {
        #expect(Day(iso: day)!.isoWeek.description == week)
    }

    @Test func week53ExistsOnlyInLongYears() {
        #expect(IsoWeek.weeksIn(year: 2020) == 53)
        #expect(IsoWeek.weeksIn(year: 2026) == 53)
        #expect(IsoWeek.weeksIn(year: 2015) == 53)
        #expect(IsoWeek.weeksIn(year: 2025) == 52)
        #expect(IsoWeek.weeksIn(year: 2027) == 52)
        #expect(IsoWeek(year: 2027, week: 53) == nil)
        #expect(IsoWeek(text: "2026-W53")?.monday.iso == "2026-12-28")
        #expect(IsoWeek(text: "2026-W53")?.sunday.iso == "2027-01-03")
    }

    @Test func weeksStepAcrossYearBoundaries() {
        let w53 = IsoWeek(text: "2020-W53")!
        #expect(w53.advanced(by: 1).description == "2021-W01")
        #expect(IsoWeek(text: "2021-W01")!.advanced(by: -1) == w53)
        #expect(IsoWeek(text: "2026-W48")!.advanced(by: -11).description == "2026-W37")
        #expect(IsoWeek(text: "2026-W02")!.advanced(by: -3).description == "2025-W51")
        #expect(IsoWeek(text: "2026W05")?.description == "2026-W05")
        #expect(IsoWeek(text: "2026-W00") == nil)
        #expect(IsoWeek(text: "W48") == nil)
    }

    @Test func addsMonthsClampingToTheMonthsEnd() {
        #expect(Day(iso: "2026-01-31")!.addingMonths(1).iso == "2026-02-28")
        #expect(Day(iso: "2024-01-31")!.addingMonths(1).iso == "2024-02-29")
        #expect(Day(iso: "2026-11-15")!.addingMonths(3).iso == "2027-02-15")
        #expect(Day(iso: "2026-03-31")!.addingMonths(-1).iso == "2026-02-28")
    }

    @Test func readsOtherDateLayouts() {
        #expect(DayFormat("dd/MM/yyyy")!.day(from: "24/11/2026")?.iso == "2026-11-24")
        #expect(DayFormat("MM/dd/yyyy")!.day(from: "11/24/2026")?.iso == "2026-11-24")
        #expect(DayFormat("d.M.yyyy")!.day(from: "4.1.2026")?.iso == "2026-01-04")
        #expect(DayFormat("yyyyMMdd")!.day(from: "20261124")?.iso == "2026-11-24")
        #expect(DayFormat("dd/MM/yy")!.day(from: "24/11/26")?.iso == "2026-11-24")
        #expect(DayFormat("dd/MM/yyyy")!.day(from: "31/02/2026") == nil)
        #expect(DayFormat("dd/MM/yyyy")!.day(from: "2026-11-24") == nil)
        #expect(DayFormat("MM/yyyy") == nil)
    }
}

@Suite struct IBANTests {
    @Test func validatesCheckDigits() {
        #expect(IBAN("FR76 3000 6000 0112 3456 7890 189")?.text == "FR7630006000011234567890189")
        #expect(IBAN("DE89370400440532013000") != nil)
        #expect(IBAN("GB29 NWBK 6016 1331 9268 19") != nil)
        #expect(IBAN("FR77 3000 6000 0112 3456 7890 189") == nil)
        #expect(IBAN("FR76") == nil)
    }

    @Test func splitsSpaceSeparatedLists() {
        let list = IBAN.list("FR76 3000 6000 0112 3456 7890 189 DE89 3704 0044 0532 0130 00 GB29NWBK60161331926819")
        #expect(
            list.ibans.map(\.text) == [
                "FR7630006000011234567890189", "DE89370400440532013000", "GB29NWBK60161331926819",
            ])
        #expect(list.invalid.isEmpty)
        #expect(IBAN.list("FR00 1234").invalid == ["FR001234"])
    }
}

@Suite struct HoldTests {
    let placed = Day(iso: "2026-11-10")!

    @Test func isActiveFromItsDayUntilReleased() {
        let hold = Hold(id: HoldID(rawValue: 1), target: .customer("C-1"), reason: "r", placedOn: placed)
        #expect(!hold.isActive(on: placed - 1))
        #expect(hold.isActive(on: placed))
        var released = hold
        released.state = .released(on: placed + 5, note: nil)
        #expect(released.isActive(on: placed + 4))
        #expect(!released.isActive(on: placed + 5))
        #expect(released.endedOn(asOf: placed + 9) == placed + 5)
    }

    @Test func lapsesOnItsUntilDay() {
        let hold = Hold(
            id: HoldID(rawValue: 1), target: .customer("C-1"), reason: "r", placedOn: placed, until: placed + 7)
        #expect(hold.isActive(on: placed + 6))
        #expect(!hold.isActive(on: placed + 7))
        #expect(hold.endedOn(asOf: placed + 6) == nil)
        #expect(hold.endedOn(asOf: placed + 8) == placed + 7)
    }

    @Test func prefixedNumbersReadBack() {
        #expect(DisputeID(text: "D-12")?.rawValue == 12)
        #expect(DisputeID(text: "d-12")?.rawValue == 12)
        #expect(DisputeID(text: "12")?.rawValue == 12)
        #expect(DisputeID(text: "D-0") == nil)
        #expect(DisputeID(text: "H-3") == nil)
        #expect(PaymentID(rawValue: 4).description == "PAY-4")
        #expect(ActionID(text: "CA-7")?.description == "CA-7")
    }
}

import Testing

@testable import Receivables

@Suite struct MoneyTests {
    @Test(
        arguments: [
            ("1234.56", false, 123_456),
            ("0.05", false, 5),
            ("-0.05", false, -5),
            ("12.50-", false, -1250),
            ("+3", false, 300),
            ("1,234.56", false, 123_456),
            ("1,234,567.89", false, 123_456_789),
            ("1 234,56", true, 123_456),
            ("1.234,56", true, 123_456),
            ("1\u{00A0}234,56", true, 123_456),
            ("1\u{202F}234,56", true, 123_456),
            ("1'234.56", false, 123_456),
            ("1,000", false, 100_000),
            ("1.000", true, 100_000),
            ("1.000.000,00", true, 100_000_000),
            ("1,234,567", false, 123_456_700),
            ("2.5", false, 250),
            ("10000000000000", false, 1_000_000_000_000_000),
            ("-10000000000000.00", false, -1_000_000_000_000_000),
            ("  7.1 ", false, 710),
            ("0", false, 0),
        ] as [(String, Bool, Int64)])
    func parsesExactly(text: String, decimalComma: Bool, minor: Int64) throws {
        let amount = try Money.parse(text, currency: .EUR, decimalComma: decimalComma)
        #expect(amount.minorUnits == minor)
        #expect(amount.currency == .EUR)
    }

    @Test(arguments: ["", "abc", "12,5O", "12,3", "1,23.00", "1.2.3", "--1", ",5", "1 2", "12.5,0", "1,234.5.6"])
    func refusesWhatIsNotANumber(text: String) {
        #expect(throws: MoneyError.notANumber(text)) { try Money.parse(text, currency: .EUR) }
    }

    @Test func refusesDecimalsTheCurrencyDoesNotHave() {
        #expect(throws: MoneyError.tooManyDecimals("12.3456", .EUR)) { try Money.parse("12.3456", currency: .EUR) }
        // Even zeros: `1.0000` is likelier a misread `1.000.0` than ten-thousandths.
        #expect(throws: MoneyError.tooManyDecimals("1.0000", .EUR)) { try Money.parse("1.0000", currency: .EUR) }
        #expect(throws: MoneyError.tooManyDecimals("1,234.567", .EUR)) {
            try Money.parse("1,234.567", currency: .EUR)
        }
        #expect(throws: MoneyError.tooManyDecimals("1200.5", .JPY)) { try Money.parse("1200.5", currency: .JPY) }
        #expect((try? Money.parse("1.234", currency: Currency(code: "KWD")!))?.minorUnits == 1234)
        #expect((try? Money.parse("1200", currency: .JPY))?.minorUnits == 1200)
    }

    /// A lone decimal mark with three digits after it is a thousands separator to the other
    /// convention: read the wrong way, the amount is a thousand times off.
    @Test(
        arguments: [
            ("1.000", false, Currency.EUR), ("2.500", false, .EUR), ("-2.500", false, .EUR), ("1,000", true, .EUR),
            ("1.000", false, .JPY),
        ] as [(String, Bool, Currency)])
    func refusesALoneDecimalMarkBeforeThreeDigits(text: String, decimalComma: Bool, currency: Currency) {
        #expect(throws: MoneyError.ambiguous(text, currency)) {
            try Money.parse(text, currency: currency, decimalComma: decimalComma)
        }
        #expect(
            MoneyError.ambiguous("2.500", .EUR).description
                == "amount \"2.500\" is ambiguous: its \".\" may separate thousands or decimals (EUR has 2 decimals); write it with no thousands separator and 2 decimals"
        )
    }

    @Test(arguments: ["99999999999999999999", "10000000000000.01", "10000000000001", "-20000000000000"])
    func refusesAmountsAboveTenToTheThirteen(text: String) {
        #expect(throws: MoneyError.outOfRange(text)) { try Money.parse(text, currency: .EUR) }
        #expect(
            MoneyError.outOfRange(text).description
                == "amount \"\(text)\" is too large: dun takes at most 10000000000000 in major units (10^13)")
    }

    @Test func printsExactDecimals() {
        #expect(Money(minorUnits: -5, currency: .EUR).decimalString == "-0.05")
        #expect(Money(minorUnits: 123_456_789, currency: .EUR).groupedString == "1,234,567.89")
        #expect(Money(minorUnits: -100_000, currency: .EUR).groupedString == "-1,000.00")
        #expect(Money(minorUnits: 1200, currency: .JPY).description == "1200 JPY")
        #expect(Money(minorUnits: 1234, currency: Currency(code: "kwd")!).description == "1.234 KWD")
    }

    @Test func roundsHalfAwayFromZero() {
        let five = Money(minorUnits: 5, currency: .EUR)
        #expect(five.scaled(by: 1, over: 2).minorUnits == 3)
        #expect((-five).scaled(by: 1, over: 2).minorUnits == -3)
        #expect(Money(minorUnits: 4, currency: .EUR).scaled(by: 1, over: 3).minorUnits == 1)
        #expect(Money(minorUnits: 10_000, currency: .EUR).scaled(by: 1, over: 3).minorUnits == 3333)
        #expect(Money(minorUnits: 20_000, currency: .EUR).scaled(by: 1, over: 3).minorUnits == 6667)
        // Large values do not overflow in the intermediate product.
        let big = Money(minorUnits: Int64.max / 2, currency: .EUR)
        #expect(big.scaled(by: 2, over: 2) == big)
    }

    @Test func refusesToMixCurrencies() {
        let euros = Money(minorUnits: 100, currency: .EUR)
        let dollars = Money(minorUnits: 100, currency: .USD)
        #expect(throws: MoneyError.currencyMismatch(.EUR, .USD)) { try euros.adding(dollars) }
        #expect(euros.compare(dollars) == nil)
        #expect(euros.compare(Money(minorUnits: 200, currency: .EUR)) == .smaller)
    }

    @Test func unknownCurrenciesDoNotExist() {
        #expect(Currency(code: "XYZ") == nil)
        #expect(Currency(code: "eur") == .EUR)
    }

    @Test func totalsKeepCurrenciesApart() throws {
        var totals = CurrencyTotals()
        totals.add(Money(minorUnits: 120_000, currency: .EUR))
        totals.add(Money(minorUnits: 8000, currency: .USD))
        totals.add(Money(minorUnits: -20_000, currency: .EUR))
        #expect(totals[.EUR].minorUnits == 100_000)
        #expect(totals.description == "1000.00 EUR + 80.00 USD")
        let json = String(decoding: try JSONEncoderForTests.encode(totals), as: UTF8.self)
        #expect(json == #"{"EUR":"1000.00","USD":"80.00"}"#)
    }
}

@Suite struct CurrencyLayoutTests {
    @Test func currenciesCompareAndSortByCodeAndMoneyStaysSmall() {
        #expect(Currency(code: "eur") == .EUR)
        #expect(Currency(code: "USD") != .EUR)
        #expect([Currency.USD, .CHF, .EUR, .GBP, .JPY].sorted() == [.CHF, .EUR, .GBP, .JPY, .USD])
        #expect(Set([Currency.EUR, Currency(code: "EUR")!]).count == 1)
        #expect(Currency(code: "KWD")?.minorDigits == 3 && Currency.JPY.minorDigits == 0)
        #expect(MemoryLayout<Money>.stride == 32)
    }
}

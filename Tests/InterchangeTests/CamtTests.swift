import Foundation
import Interchange
import Receivables
import Testing

/// Reads the camt fixtures under `Fixtures/camt/`.
private func fixture(_ name: String) throws -> Data {
    let directory = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return try Data(contentsOf: directory.appendingPathComponent("camt").appendingPathComponent(name))
}

private func read(_ name: String) throws -> BankStatement {
    try CamtReader.read(data: fixture(name), file: name)
}

private func eur(_ text: String) throws -> Money {
    try Money.parse(text, currency: .EUR)
}

private func day(_ text: String) throws -> Day {
    try #require(Day(iso: text))
}

/// The error `read` throws for these bytes.
private func readError(_ data: Data, file: String) throws -> CamtError {
    do {
        _ = try CamtReader.read(data: data, file: file)
    } catch {
        return error
    }
    Issue.record("expected a CamtError for \(file)")
    throw CancellationError()
}

@Suite("camt.053 / camt.054 reader")
struct CamtTests {
    // MARK: camt.053.001.02

    @Test func statementHeader() throws {
        let statement = try read("camt053-sample.xml")
        #expect(statement.kind == .statement)
        #expect(statement.kind.rawValue == "camt.053")
        #expect(statement.messageVersion == "camt.053.001.02")
        #expect(statement.messageId == "CAGRIFRPP20261124053001")
        #expect(statement.account == "FR7630006000011234567890189")
    }

    @Test func statementCreditsInOrder() throws {
        let statement = try read("camt053-sample.xml")
        // Four single credits and a batch of two; the debit, reversal and pending entry are skipped.
        #expect(statement.credits.count == 6)
        #expect(
            try statement.credits.map(\.amount) == [
                eur("1250.00"), eur("3480.50"), eur("980.00"), eur("615.20"), eur("1200.00"), eur("1500.00"),
            ])
        #expect(statement.credits.allSatisfy { $0.amount.currency == .EUR })
        #expect(statement.credits.map(\.line) == [84, 175, 223, 297, 364, 387])
        #expect(statement.credits.allSatisfy { $0.account == "FR7630006000011234567890189" })
        // Booked credits total the statement's TtlCdtNtries/Sum.
        let total = statement.credits.reduce(Money.zero(.EUR)) { $0 + $1.amount }
        #expect(total == (try eur("9025.70")))
    }

    @Test func singleCreditWithOneInvoice() throws {
        let credit = try #require(try read("camt053-sample.xml").credits.first)
        #expect(credit.amount == (try eur("1250.00")))
        #expect(credit.bookingDate == (try day("2026-11-24")))
        #expect(credit.valueDate == (try day("2026-11-24")))
        #expect(credit.entryReference == "0001")
        #expect(credit.accountServicerReference == "2026112400A81F3C")
        #expect(credit.endToEndId == "SGE-PAY-88412")
        #expect(credit.debtorName == "Société Générale des Eaux")
        #expect(credit.debtorIBAN == "FR1420041010050500013M02606")
        #expect(credit.unstructuredRemittance == ["Payment INV-2026-0001"])
        #expect(credit.structuredReferences == [])
        #expect(credit.additionalInfo == "VIR SEPA RECU /DE SOCIETE GENERALE DES EAUX /MOTIF Payment INV-2026-0001")
        #expect(credit.uniqueKey == "FR7630006000011234567890189|svcr:2026112400A81F3C|1")
    }

    @Test func creditNamingTwoInvoicesWithoutEndToEndId() throws {
        let credit = try read("camt053-sample.xml").credits[1]
        #expect(credit.amount == (try eur("3480.50")))
        #expect(credit.bookingDate == (try day("2026-11-24")))
        #expect(credit.valueDate == (try day("2026-11-25")))
        #expect(credit.debtorName == "Boulangerie Lefèvre & Fils")
        #expect(credit.debtorIBAN == "FR4830004008190001234567801")
        #expect(credit.unstructuredRemittance == ["INV-2026-0002 INV-2026-0003"])
        // The literal NOTPROVIDED is a placeholder, not a reference.
        #expect(credit.endToEndId == nil)
    }

    @Test func structuredRemittanceAndDateTimeBooking() throws {
        let credit = try read("camt053-sample.xml").credits[2]
        #expect(credit.amount == (try eur("980.00")))
        // <BookgDt><DtTm>2026-11-24T10:15:00+01:00</DtTm></BookgDt>: the date part.
        #expect(credit.bookingDate == (try day("2026-11-24")))
        #expect(credit.structuredReferences == ["INV-2026-0004", "RF18539007547034"])
        #expect(credit.unstructuredRemittance == [])
        #expect(credit.endToEndId == "CD-INV-2026-0004")
        // Dbtr, not UltmtDbtr.
        #expect(credit.debtorName == "Crèmerie Dupré SAS")
        #expect(credit.debtorIBAN == "FR1810278060410002050780136")
        #expect(credit.remittanceTexts == ["INV-2026-0004", "RF18539007547034", "CD-INV-2026-0004"])
    }

    @Test func creditWithoutAnyInvoiceReference() throws {
        let credit = try read("camt053-sample.xml").credits[3]
        #expect(credit.amount == (try eur("615.20")))
        #expect(credit.debtorName == "Éditions Bérénice SARL")
        #expect(credit.debtorIBAN == "FR5430003012340005012345673")
        #expect(credit.unstructuredRemittance.isEmpty)
        #expect(credit.structuredReferences.isEmpty)
        #expect(credit.endToEndId == nil)
        #expect(credit.accountServicerReference == "2026112400A81F6D")
    }

    @Test func batchEntrySplitsIntoOneCreditPerTransaction() throws {
        let credits = Array(try read("camt053-sample.xml").credits[4...5])
        #expect(credits.map(\.amount) == [try eur("1200.00"), try eur("1500.00")])
        #expect(credits.map(\.debtorName) == ["Transports Müller-Gaudin", "Pâtisserie Ève"])
        #expect(credits.map(\.debtorIBAN) == ["FR7914508000504123456789012", "FR9017515900000800000000000"])
        #expect(credits.map(\.endToEndId) == ["TMG-20261122-17", "PEVE-1124"])
        #expect(credits[0].unstructuredRemittance == ["Facture INV-2026-0005"])
        #expect(credits[1].unstructuredRemittance == ["Règlement facture", "INV-2026-0006"])
        // Both share the entry's references and dates; each points at its own <TxDtls>.
        #expect(credits.allSatisfy { $0.entryReference == "0005" })
        #expect(credits.allSatisfy { $0.accountServicerReference == "2026112400B00712" })
        #expect(credits.allSatisfy { $0.bookingDate == Day(iso: "2026-11-24") })
        #expect(credits.map(\.line) == [364, 387])
        #expect(
            credits.map(\.uniqueKey) == [
                "FR7630006000011234567890189|svcr:2026112400B00712|1",
                "FR7630006000011234567890189|svcr:2026112400B00712|2",
            ])
    }

    @Test func debitsReversalsAndPendingEntriesAreSkipped() throws {
        let skipped = try read("camt053-sample.xml").skipped
        #expect(skipped.count == 3)
        #expect(skipped.map(\.kind) == [.debit, .reversal, .notBooked])
        #expect(skipped.map(\.reason) == ["debit", "reversal", "pending (status PDNG)"])
        #expect(skipped.map(\.line) == [414, 438, 485])
        #expect(skipped.map(\.amount) == [try eur("12.50"), try eur("450.00"), try eur("300.00")])
        #expect(skipped.map(\.reference) == ["0006", "0007", "0008"])
    }

    @Test func uniqueKeysAreStableAcrossReadsAndDistinct() throws {
        let first = try read("camt053-sample.xml").credits.map(\.uniqueKey)
        let second = try read("camt053-sample.xml").credits.map(\.uniqueKey)
        #expect(first == second)
        #expect(Set(first).count == first.count)
        #expect(first.allSatisfy { $0.hasPrefix("FR7630006000011234567890189|") })
    }

    // MARK: camt.053.001.08

    @Test func version08() throws {
        let statement = try read("camt053-v08.xml")
        #expect(statement.kind == .statement)
        #expect(statement.messageVersion == "camt.053.001.08")
        #expect(statement.messageId == "BNPAFRPP-STMT-20261125-0001")
        #expect(statement.account == "FR7630006000011234567890189")
        #expect(statement.credits.count == 3)

        let single = statement.credits[0]
        #expect(single.amount == (try eur("2200.00")))
        #expect(single.bookingDate == (try day("2026-11-25")))
        // Dbtr/Pty/Nm in version 08.
        #expect(single.debtorName == "Coopérative Agricole de l'Yonne")
        #expect(single.debtorIBAN == "FR6218206000123456789012345")
        #expect(single.endToEndId == "CAY-2026-11-0457")
        // The transaction's own AcctSvcrRef wins over the entry's.
        #expect(single.accountServicerReference == "2026112500D11A07-1")
        #expect(single.unstructuredRemittance == ["Facture INV-2026-0007 du 02/11/2026"])
        #expect(single.structuredReferences == ["INV-2026-0007"])
        #expect(single.line == 64)

        // A batch whose transactions carry TxDtls/Amt directly (version 04 on).
        let batch = Array(statement.credits[1...2])
        #expect(batch.map(\.amount) == [try eur("400.00"), try eur("350.75")])
        #expect(batch.map(\.debtorName) == ["Cabinet Dr Hélène Faure", "Garage Côte d'Émeraude"])
        #expect(batch.map(\.debtorIBAN) == ["FR3330002005500000157841Z25", nil])
        #expect(batch.map(\.endToEndId) == [nil, "GAR-PMT-5512"])
        #expect(batch[0].structuredReferences == ["RF712026INV0008"])
        #expect(batch[1].unstructuredRemittance == ["INV-2026-0009"])
        #expect(batch.map(\.line) == [169, 201])

        // <Sts><Cd>PDNG</Cd></Sts> and a booked direct debit.
        #expect(statement.skipped.map(\.kind) == [.debit, .notBooked])
        #expect(statement.skipped.map(\.reason) == ["debit", "pending (status PDNG)"])
        #expect(statement.skipped.map(\.line) == [220, 261])
        #expect(statement.skipped.map(\.amount) == [try eur("153.80"), try eur("95.00")])
    }

    // MARK: camt.054

    @Test func notification() throws {
        let notification = try read("camt054-sample.xml")
        #expect(notification.kind == .notification)
        #expect(notification.kind.rawValue == "camt.054")
        #expect(notification.messageVersion == "camt.054.001.02")
        #expect(notification.messageId == "AGRIFRPP-NTF-20261126-000184")
        #expect(notification.account == "FR7630006000011234567890189")
        #expect(notification.skipped.isEmpty)
        #expect(notification.credits.count == 2)

        let first = notification.credits[0]
        #expect(first.amount == (try eur("5040.00")))
        #expect(first.bookingDate == (try day("2026-11-26")))
        #expect(first.debtorName == "Maison Héritier & Associés")
        #expect(first.debtorIBAN == "FR1420041010050500013M02606")
        #expect(first.endToEndId == "MAR-VIR-20261126-01")
        #expect(first.unstructuredRemittance == ["INV-2026-0011"])
        #expect(first.entryReference == nil)
        #expect(first.line == 20)

        // No transaction amount: the lone transaction takes the entry amount.
        let second = notification.credits[1]
        #expect(second.amount == (try eur("129.99")))
        #expect(second.debtorName == "Jérôme Lemaître")
        #expect(second.debtorIBAN == "DE89370400440532013000")
        #expect(second.structuredReferences == ["INV-2026-0012"])
        #expect(second.endToEndId == nil)
        #expect(second.uniqueKey == "FR7630006000011234567890189|svcr:2026112600F2C412|1")
        #expect(second.line == 66)
    }

    // MARK: Errors

    @Test func malformedAmountNamesFileAndLine() throws {
        let error = try readError(try fixture("camt053-bad-amount.xml"), file: "camt053-bad-amount.xml")
        #expect(error.file == "camt053-bad-amount.xml")
        #expect(error.line == 50)
        #expect(error.message == "entry amount \"12,3\" is not a number")
        #expect(error.description == "camt053-bad-amount.xml line 50: entry amount \"12,3\" is not a number")
    }

    @Test func malformedXMLNamesTheParserLine() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
              <BkToCstmrStmt>
                <GrpHdr>
                  <MsgId>BROKEN-1</MsgID>
                </GrpHdr>
              </BkToCstmrStmt>
            </Document>
            """
        let error = try readError(Data(xml.utf8), file: "broken.xml")
        #expect(error.file == "broken.xml")
        #expect(error.line == 5)
        #expect(error.message == "malformed XML: a closing tag does not match its opening tag")
        #expect(error.description.hasPrefix("broken.xml line 5: malformed XML"))
    }

    @Test func unescapedAmpersandNamesItsLine() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
              <BkToCstmrDbtCdtNtfctn>
                <GrpHdr><MsgId>N-1</MsgId></GrpHdr>
                <Ntfctn><Ntry><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Lefèvre & Fils</Nm></Dbtr>
                </RltdPties></TxDtls></NtryDtls></Ntry></Ntfctn>
              </BkToCstmrDbtCdtNtfctn>
            </Document>
            """
        let error = try readError(Data(xml.utf8), file: "ampersand.xml")
        #expect(error.line == 5)
        #expect(error.message == "malformed XML: a name is missing after & or < (write a literal & as &amp;)")
    }

    @Test func truncatedFileIsMalformed() throws {
        let whole = String(decoding: try fixture("camt054-sample.xml"), as: UTF8.self)
        let truncated = whole.components(separatedBy: "\n").prefix(30).joined(separator: "\n")
        let error = try readError(Data(truncated.utf8), file: "truncated.xml")
        #expect(error.line == 30)
        #expect(
            error.message
                == "malformed XML: the document ends before its elements are closed, or goes on after its root element")
    }

    @Test func unknownCurrencyIsAnError() throws {
        let text = String(decoding: try fixture("camt053-sample.xml"), as: UTF8.self)
            .replacingOccurrences(
                of: "<Amt Ccy=\"EUR\">3480.50</Amt>\n        <CdtDbtInd>",
                with: "<Amt Ccy=\"EUX\">3480.50</Amt>\n        <CdtDbtInd>")
        let error = try readError(Data(text.utf8), file: "statement.xml")
        #expect(error.line == 177)
        #expect(error.message == "entry amount currency \"EUX\" is not a known ISO 4217 currency")
    }

    @Test func batchWithoutTransactionAmountsIsAnError() throws {
        let text = String(decoding: try fixture("camt053-sample.xml"), as: UTF8.self)
            .replacingOccurrences(of: "<Amt Ccy=\"EUR\">1200.00</Amt>", with: "")
            .replacingOccurrences(of: "<Amt Ccy=\"EUR\">1500.00</Amt>", with: "")
        let error = try readError(Data(text.utf8), file: "statement.xml")
        #expect(error.line == 364)
        #expect(error.message.hasPrefix("transaction 1 of the batch entry at line 337 has no amount"))
    }

    @Test func emptyFile() throws {
        let error = try readError(Data("\n  \n".utf8), file: "empty.xml")
        #expect(error.line == nil)
        #expect(error.description == "empty.xml: the file is empty")
    }

    @Test func notACamtMessage() throws {
        let xml = """
            <?xml version="1.0"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>
            """
        let error = try readError(Data(xml.utf8), file: "pain.xml")
        #expect(error.line == 2)
        #expect(error.message.contains("pain.001.001.03"))
    }

    // MARK: Sniffing

    @Test func sniffsCamtFiles() throws {
        #expect(CamtReader.looksLikeCamt(try fixture("camt053-sample.xml")))
        #expect(CamtReader.looksLikeCamt(try fixture("camt053-v08.xml")))
        #expect(CamtReader.looksLikeCamt(try fixture("camt054-sample.xml")))
        // A byte order mark and leading blank lines are fine.
        let withBOM = [0xEF, 0xBB, 0xBF, 0x0A] + Array(try fixture("camt054-sample.xml"))
        #expect(CamtReader.looksLikeCamt(withBOM))
    }

    @Test func doesNotSniffOtherFiles() {
        let csv = "invoice,customer,amount\nINV-2026-0001,Société Générale des Eaux,1250.00\n"
        #expect(!CamtReader.looksLikeCamt(Array(csv.utf8)))
        // A CSV whose text mentions the namespace is still not XML.
        let sneaky = "note\nurn:iso:std:iso:20022:tech:xsd:camt.053.001.02\n"
        #expect(!CamtReader.looksLikeCamt(Array(sneaky.utf8)))
        let pain = "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"/>"
        #expect(!CamtReader.looksLikeCamt(Array(pain.utf8)))
        #expect(!CamtReader.looksLikeCamt([UInt8]()))
    }

    // MARK: what FoundationXML must not be given

    /// The sample statement with `bytes` put in after its XML declaration (line 2 on).
    static func sample(inserting bytes: [UInt8]) throws -> Data {
        let sample = Array(try fixture("camt053-sample.xml"))
        let declarationEnd = try #require(sample.firstIndex(of: 0x0A)) + 1
        return Data(sample[..<declarationEnd] + bytes + sample[declarationEnd...])
    }

    @Test(
        arguments: [
            Array("<!-- caf".utf8) + [0xE9] + Array(" -->\n".utf8),
            Array("<!-- ".utf8) + [0xC3, 0x28] + Array(" -->\n".utf8),
            Array("<Note".utf8) + [0xFF, 0xFE] + Array("/>\n".utf8),
        ])
    func refusesTextThatIsNotUTF8BeforeParsing(inserted: [UInt8]) throws {
        let error = try readError(try Self.sample(inserting: inserted), file: "latin1.xml")
        #expect(
            error
                == CamtError(file: "latin1.xml", line: 2, message: "the file is not UTF-8 text (camt files are UTF-8)"))
    }

    @Test func refusesElementsNestedTooDeepWithoutBuildingTheTree() throws {
        let depth = 40_000
        let xml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n"
            + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "\n</Document>\n"
        let error = try readError(Data(xml.utf8), file: "deep.xml")
        #expect(error == CamtError(file: "deep.xml", line: 3, message: "the elements are nested more than 256 deep"))
        // 250 levels (self-closing and closed elements do not add up) is still a document.
        let shallow =
            "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">"
            + String(repeating: "<a x=\"1 > 0\"><b/>", count: 250) + String(repeating: "</a>", count: 250)
            + "</Document>"
        let shallowError = try readError(Data(shallow.utf8), file: "shallow.xml")
        #expect(!shallowError.message.contains("nested"))
    }

    @Test func refusesAnEntityItCannotResolve() throws {
        var text = String(decoding: try fixture("camt053-sample.xml"), as: UTF8.self)
        text = text.replacingOccurrences(
            of: "<MsgId>CAGRIFRPP20261124053001</MsgId>", with: "<MsgId>CAGRI&amp;FRPP&foo;2026</MsgId>")
        let error = try readError(Data(text.utf8), file: "entity.xml")
        #expect(
            error
                == CamtError(
                    file: "entity.xml", line: 5,
                    message:
                        "the entity &foo; is not resolved (only &amp; &lt; &gt; &quot; &apos; and character references are)"
                ))
        // Character references and the five are fine, and so is an & in a comment or CDATA.
        text = String(decoding: try fixture("camt053-sample.xml"), as: UTF8.self).replacingOccurrences(
            of: "<MsgId>CAGRIFRPP20261124053001</MsgId>",
            with: "<!-- &nbsp; --><MsgId>CAGRI&#x46;RPP<![CDATA[&x;]]>&lt;</MsgId>")
        #expect(try CamtReader.read(data: Data(text.utf8), file: "fine.xml").credits.count > 0)
    }
}

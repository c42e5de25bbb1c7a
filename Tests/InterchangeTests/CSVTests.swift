import Foundation
import Receivables
import Testing

@testable import Interchange

@Suite struct CSVReaderTests {
    func records(_ text: String, delimiter: Character = ",") throws -> [[String]] {
        let reader = CSVReader(bytes: Array(text.utf8), name: "t.csv", delimiter: delimiter.asciiValue!)
        var all: [[String]] = []
        while let record = try reader.next() { all.append(record) }
        return all
    }

    @Test func readsQuotedFieldsWithDelimitersQuotesAndLineBreaks() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nplain,,last\n"
        #expect(try records(text) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["plain", "", "last"]])
    }

    @Test func skipsTheByteOrderMarkAndBlankLines() throws {
        #expect(try records("\u{FEFF}code,name\n\nC-1,Dupont\n\n") == [["code", "name"], ["C-1", "Dupont"]])
    }

    @Test func readsSemicolonExports() throws {
        #expect(try records("a;b\n1 234,56;x\n", delimiter: ";") == [["a", "b"], ["1 234,56", "x"]])
    }

    @Test func keepsAnEmptyLastField() throws {
        #expect(try records("a,b\n1,") == [["a", "b"], ["1", ""]])
    }

    @Test func countsLinesAcrossQuotedLineBreaks() throws {
        let reader = CSVReader(bytes: Array("h\n\"a\nb\"\nc\n".utf8), name: "t.csv")
        _ = try reader.next()
        #expect(reader.line == 1)
        _ = try reader.next()
        #expect(reader.line == 2)
        _ = try reader.next()
        #expect(reader.line == 4)
    }

    @Test func refusesAnUnclosedQuoteWithItsLine() {
        #expect(throws: InterchangeError(file: "t.csv", line: 2, message: "a quoted field is never closed")) {
            try records("a\n\"never closed\n")
        }
    }

    @Test func refusesTextThatIsNotUTF8() {
        // "Société" in Windows-1252.
        let bytes: [UInt8] = Array("name\n".utf8) + [0x53, 0x6F, 0x63, 0x69, 0xE9, 0x74, 0xE9, 0x0A]
        let reader = CSVReader(bytes: bytes, name: "latin1.csv")
        #expect(throws: InterchangeError.self) {
            while try reader.next() != nil {}
        }
        do {
            while try reader.next() != nil {}
        } catch {
            #expect(error.description.hasPrefix("latin1.csv line 2: the text is not UTF-8"))
        }
    }

    @Test func readsAFileLargerThanItsBufferIdentically() throws {
        // Records straddle the 1 MiB chunk boundary, some with quoted line breaks.
        var text = "number,note\n"
        var expected: [[String]] = [["number", "note"]]
        for index in 0..<40_000 {
            let note = index % 7 == 0 ? "multi\nline \"\(index)\"" : "note \(index), ok"
            text += "INV-\(index),\"\(note.replacingOccurrences(of: "\"", with: "\"\""))\"\r\n"
            expected.append(["INV-\(index)", note])
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID()).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(text.utf8.count > 1 << 20)
        let reader = try CSVReader(path: path)
        var all: [[String]] = []
        while let record = try reader.next() { all.append(record) }
        #expect(all == expected)
    }

    @Test func namesAMissingFile() {
        #expect(throws: InterchangeError(file: "/nowhere.csv", line: 0, message: "no such file")) {
            try CSVReader(path: "/nowhere.csv")
        }
    }
}

@Suite struct CSVTableTests {
    func table(_ text: String, options: CSVOptions = CSVOptions()) throws -> CSVTable {
        try CSVTable(
            reader: CSVReader(bytes: Array(text.utf8), name: "invoices.csv", delimiter: options.delimiter),
            options: options,
            required: ["number", "amount", "due_date"], optional: ["po"])
    }

    @Test func findsColumnsByHeaderInAnyOrderAndCase() throws {
        let t = try table("Due_Date,AMOUNT,number\n2026-12-01,12.50,INV-1\n")
        #expect(try t.next())
        #expect(try t.text("number") == "INV-1")
        #expect(try t.money("amount", currency: .EUR).minorUnits == 1250)
        #expect(try t.day("due_date").iso == "2026-12-01")
        #expect(try t.text("po") == nil)
        #expect(!t.has("po"))
    }

    @Test func mapsTheUsersOwnHeaders() throws {
        let options = CSVOptions(
            delimiter: UInt8(ascii: ";"), decimalComma: true, dateFormat: DayFormat("dd/MM/yyyy")!,
            headerMap: ["number": "N° facture", "amount": "Montant", "due_date": "Échéance"])
        let t = try table("N° facture;Montant;Échéance\nF-1;1 234,56;31/12/2026\n", options: options)
        #expect(try t.next())
        #expect(try t.text("number") == "F-1")
        #expect(try t.money("amount", currency: .EUR).minorUnits == 123_456)
        #expect(try t.day("due_date").iso == "2026-12-31")
    }

    @Test func namesTheMissingColumn() {
        #expect(
            throws: InterchangeError(
                file: "invoices.csv", line: 1, field: "due_date",
                message:
                    "no column for field due_date (the header has: number, amount; map one with --map due_date=HEADER)")
        ) { try table("number,amount\n") }
    }

    @Test func namesTheBadLineAndField() throws {
        let t = try table("number,amount,due_date\nINV-1,10.00,2026-12-01\nINV-2,\"12,5O\",2026-12-01\nINV-3,1\n")
        #expect(try t.next())
        #expect(try t.next())
        #expect(
            throws: InterchangeError(
                file: "invoices.csv", line: 3, field: "amount", message: "amount \"12,5O\" is not a number")
        ) { try t.money("amount", currency: .EUR) }
        #expect(throws: InterchangeError(file: "invoices.csv", line: 4, message: "2 fields, but the header has 3")) {
            try t.next()
        }
    }

    @Test func namesABadDate() throws {
        let t = try table("number,amount,due_date\nINV-1,10.00,2026-02-30\n")
        #expect(try t.next())
        #expect(
            throws: InterchangeError(
                file: "invoices.csv", line: 2, field: "due_date",
                message: "due_date \"2026-02-30\" is not a date in the form yyyy-MM-dd")
        ) { try t.day("due_date") }
    }

    @Test func refusesAMapOfAnUnknownField() {
        #expect(throws: InterchangeError.self) {
            try table("number,amount,due_date\n", options: CSVOptions(headerMap: ["amout": "Amount"]))
        }
    }
}

@Suite struct DocumentTests {
    @Test func alignsTextTables() {
        var doc = Document()
        doc.table(
            Table(
                columns: [.init("Code"), .init("Amount", .right)],
                rows: [["C-1", "1,200.00 EUR"], ["C-22", "5.00 EUR"]]))
        #expect(
            doc.text() == """
                Code        Amount
                ────  ────────────
                C-1   1,200.00 EUR
                C-22      5.00 EUR

                """)
    }

    @Test func quotesCSVAndEscapesMarkdown() {
        var doc = Document()
        doc.table(Table(columns: [.init("Name"), .init("Note")], rows: [["Dupont, Jean", "a|b \"quoted\""]]))
        #expect(doc.csv() == "Name,Note\r\n\"Dupont, Jean\",\"a|b \"\"quoted\"\"\"\r\n")
        #expect(doc.markdown().contains("| Dupont, Jean | a\\|b \"quoted\" |"))
    }

    @Test func escapesHTML() {
        var doc = Document()
        doc.heading("Report <1>")
        doc.paragraph("Défaut & \"pièces\"")
        let html = doc.html(title: "t")
        #expect(html.contains("<h1>Report &lt;1&gt;</h1>"))
        #expect(html.contains("<p>Défaut &amp; &quot;pièces&quot;</p>"))
        #expect(!html.contains("<script"))
    }

    /// One escaper for the HTML reports, the SVG charts and the letters: the five special
    /// characters, and control characters that would make the markup invalid.
    @Test func escapesMarkupAndControlCharacters() {
        #expect(htmlEscape(#"a&b<c>d"e'f"#) == "a&amp;b&lt;c&gt;d&quot;e&#39;f")
        #expect(htmlEscape("tab\tline\ncr\r") == "tab\tline\ncr\r")
        #expect(htmlEscape("nul\0esc\u{1B}del\u{7F}c1\u{85}end") == "nul esc del c1 end")
        #expect(htmlEscape("x\u{FFFE}y\u{FFFF}z") == "xyz")
        #expect(htmlEscape("Société Générale — 東京 e\u{301}") == "Société Générale — 東京 e\u{301}")
        var doc = Document()
        doc.paragraph("bell\u{7}here")
        #expect(doc.html(title: "t").contains("<p>bell here</p>"))
    }
}

/// Every CSV dun writes goes through CSVWriter, which neutralises what a spreadsheet would run.
@Suite struct CSVWriterTests {
    @Test(
        arguments: [
            ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
            ("+33 1 11", "\"'+33 1 11\""),
            ("-cmd|' /C calc'!A0", "\"'-cmd|' /C calc'!A0\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\t=1", "\"'\t=1\""),
            ("\r=1", "\"'\r=1\""),
            ("-", "\"'-\""),
            ("-10.", "\"'-10.\""),
            ("--10", "\"'--10\""),
            // Plain numbers, negative amounts among them, stay numbers.
            ("-10.00", "-10.00"),
            ("-7", "-7"),
            ("12.50", "12.50"),
            ("a=b", "a=b"),
            ("Dupont, fils", "\"Dupont, fils\""),
            (" padded", "\" padded\""),
        ])
    func neutralisesFormulasAndQuotes(cell: String, written: String) {
        #expect(CSVWriter.field(cell) == written)
    }

    @Test func aNeutralisedCellReadsBackWithItsQuote() throws {
        let text = CSVWriter.text(header: ["name", "amount"], rows: [["=1+1", "-10.00"], ["@x", "3"]])
        #expect(text == "name,amount\r\n\"'=1+1\",-10.00\r\n\"'@x\",3\r\n")
        let reader = CSVReader(bytes: Array(text.utf8), name: "out.csv")
        var rows: [[String]] = []
        while let row = try reader.next() { rows.append(row) }
        #expect(rows == [["name", "amount"], ["'=1+1", "-10.00"], ["'@x", "3"]])
    }
}

import Foundation
import Receivables
import Testing

@testable import Interchange

/// Damages valid files the way disks, editors and exporters do: flipped bits, cut ends,
/// stray bytes (the ones the formats care about most), repeated chunks.
struct Mutator {
    var random: SeededGenerator

    /// Bytes with a meaning in CSV, XML or YAML, and some that are not text at all.
    static let interesting: [UInt8] = Array(",;\"\r\n\t <>/&;=!?-[]{}:#'|*&%@\\".utf8) + [0x00, 0x7F, 0x80, 0xC3, 0xFF]

    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            case 1:
                bytes.removeSubrange(at...)
            case 2:
                let count = Int.random(in: 1...8, using: &random)
                let inserted = (0..<count).map { _ in
                    Bool.random(using: &random)
                        ? Mutator.interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
                }
                bytes.insert(contentsOf: inserted, at: at)
            default:
                let length = Int.random(in: 1...min(512, bytes.count - at), using: &random)
                let chunk = bytes[at..<(at + length)]
                let to = Int.random(in: 0...bytes.count, using: &random)
                bytes.insert(contentsOf: chunk, at: to)
            }
        }
        return bytes
    }
}

/// A few hundred damaged copies of valid files for each reader: none may crash or hang, and each
/// refusal is a thrown error with a message. The seed is fixed; a failure names the case.
@Suite(.timeLimit(.minutes(1))) struct FuzzTests {
    static let seed: UInt64 = 0x00D0_0D1E_2026_1204
    static let casesPerReader = 300

    static let invoices = Array(
        [
            "number,customer,issue_date,due_date,amount,currency,sku,description,quantity,line_amount",
            #"INV-1,C-1,2026-10-01,2026-10-31,"1,200.00",EUR,CHR-220,"Folding chair, ""Alto""",20,980.00"#,
            "INV-1,C-1,2026-10-01,2026-10-31,\"1,200.00\",EUR,TRY-060,Baking tray,9,220.00",
            "INV-2,C-1,2026-10-10,2026-11-09,800.00,EUR,,,,",
            "INV-3,C-2,2026-10-15,2026-11-14,9000,JPY,,,,",
            ",,,,,,,,,", "",
        ].joined(separator: "\r\n").utf8)

    /// Reads a whole invoice file as the importer does, every field typed.
    static func readInvoices(_ bytes: [UInt8]) throws(InterchangeError) -> Int {
        let table = try CSVTable(
            reader: CSVReader(bytes: bytes, name: "fuzz.csv"), options: CSVOptions(currency: .EUR),
            required: ["number", "customer", "issue_date", "due_date", "amount"],
            optional: ["currency", "sku", "description", "quantity", "line_amount"])
        table.defaultCurrency = .EUR
        var rows = 0
        while try table.next() {
            let currency = try table.currency("currency")
            _ = try table.required("number")
            _ = try table.text("customer")
            _ = try table.day("issue_date")
            _ = try table.optionalDay("due_date")
            _ = try table.money("amount", currency: currency)
            _ = try table.optionalMoney("line_amount", currency: currency)
            _ = try table.text("description")
            rows += 1
        }
        return rows
    }

    @Test func theCSVReaderRefusesDamagedFilesWithAnError() throws {
        #expect(try Self.readInvoices(Self.invoices) == 4)
        var mutator = Mutator(random: SeededGenerator(seed: Self.seed))
        for index in 0..<Self.casesPerReader {
            let input = mutator.mutate(Self.invoices)
            do {
                _ = try Self.readInvoices(input)
            } catch {
                #expect(!error.message.isEmpty && error.line >= 0, "case \(index)")
            }
        }
    }

    @Test func theCamtReaderRefusesDamagedFilesWithAnError() throws {
        let directory = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let fixtures = try ["camt053-sample.xml", "camt053-v08.xml", "camt054-sample.xml"].map {
            Array(try Data(contentsOf: directory.appendingPathComponent("camt").appendingPathComponent($0)))
        }
        var mutator = Mutator(random: SeededGenerator(seed: Self.seed ^ 0xCA47))
        for index in 0..<Self.casesPerReader {
            let input = mutator.mutate(fixtures[index % fixtures.count])
            do {
                _ = try CamtReader.read(data: Data(input), file: "fuzz.xml")
            } catch {
                #expect(!error.message.isEmpty && (error.line ?? 1) >= 1, "case \(index)")
            }
        }
    }

    @Test func theTaxonomyReaderRefusesDamagedFilesWithAnError() throws {
        let shipped = TaxonomyFiles.shipped
        var mutator = Mutator(random: SeededGenerator(seed: Self.seed ^ 0x7A40))
        for index in 0..<Self.casesPerReader {
            var files = shipped
            let damaged = index % files.count
            files[damaged].text = String(decoding: mutator.mutate(Array(files[damaged].text.utf8)), as: UTF8.self)
            do {
                _ = try TaxonomyFiles.load(files: files)
            } catch {
                #expect(!error.message.isEmpty && error.line >= 0, "case \(index)")
            }
        }
    }
}

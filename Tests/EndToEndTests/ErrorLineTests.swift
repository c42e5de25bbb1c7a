import Foundation
import Testing

/// An `error:` line is one line of plain text, whatever it echoes.
@Suite(.serialized) struct ErrorLineTests {
    @Test func controlCharactersInAnEchoedValueAreShownAsEscapes() throws {
        let dun = try DunProcess()
        try dun.run(["init", "--as-of", "2026-11-02"])
        let result = try dun.run(["invoice", "show", "INV\u{1B}[2J\nx\r\u{7F}\u{85}\t"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: invoice INV\\u{1B}[2J\\nx\\r\\u{7F}\\u{85}\\t does not exist\n")
    }

    @Test func aDuplicateTaxonomyKeyIsOneLineWithItsPlace() throws {
        let dun = try DunProcess()
        try dun.run(["init", "--as-of", "2026-11-02"])
        let folder = (dun.folder as NSString).appendingPathComponent("taxonomy")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = (folder as NSString).appendingPathComponent("owners.yaml")
        try "owners:\n  - key: quality\n    name: Quality\n    key: sales\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let result = try dun.run(["taxonomy", "load", folder])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(file):4:5: duplicate key \"key\" (first on line 2)\n")
    }
}

/// `--format csv` goes through the one CSV writer, which neutralises formulas.
@Suite(.serialized) struct CSVOutputTests {
    @Test func aCustomerNamedLikeAFormulaIsWrittenAsText() throws {
        let dun = try DunProcess()
        try dun.run(["init", "--as-of", "2026-11-02"])
        let customers = try dun.file(
            "c.csv", "code,name\nC-1,\"=HYPERLINK(\"\"http://evil.example\"\")\"\nC-2,-2+3\nC-3,@SUM(A1)\n")
        #expect(try dun.run(["import", "customers", customers]).status == 0)
        let listing = try dun.run(["customer", "list", "--format", "csv", "--as-of", "2026-11-02"])
        #expect(listing.status == 0, "\(listing.stderr)")
        #expect(listing.stdout.contains("C-1,\"'=HYPERLINK(\"\"http://evil.example\"\")\","))
        #expect(listing.stdout.contains("C-2,\"'-2+3\","))
        #expect(listing.stdout.contains("C-3,\"'@SUM(A1)\","))
    }
}

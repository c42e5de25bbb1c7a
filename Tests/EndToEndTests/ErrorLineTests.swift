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

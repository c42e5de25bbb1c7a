import Foundation
import Testing

/// Bank statements that used to crash the parser, or to be taken for CSV.
@Suite(.serialized) struct CamtFileTests {
    static let statement = CollectorDayTests.statement

    /// The sample statement with `bytes` put in after line `afterLine`.
    func statement(inserting bytes: [UInt8], afterLine: Int = 1, in dun: DunProcess, name: String) throws -> String {
        let sample = Array(try Data(contentsOf: URL(fileURLWithPath: Self.statement)))
        let breaks = sample.indices.filter { sample[$0] == 0x0A }
        let declarationEnd = breaks[afterLine - 1] + 1
        let path = (dun.folder as NSString).appendingPathComponent(name)
        try Data(sample[..<declarationEnd] + bytes + sample[declarationEnd...]).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aStatementWhoseNamespaceComesAfterFourKilobytesIsStillRead() throws {
        let dun = try DunProcess()
        try dun.run(["init", "--as-of", "2026-10-01"])
        let comment = Array(("<!-- " + String(repeating: "exported by the bank's portal ", count: 300) + "-->\n").utf8)
        let file = try statement(inserting: comment, in: dun, name: "long-header.xml")
        let result = try dun.run(["import", "payments", file, "--as-of", "2026-11-25", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try result.object()["format"] as? String == "camt.053")
    }

    /// What each case puts into the sample statement, and after which of its lines.
    static func insertion(_ name: String) -> (bytes: [UInt8], afterLine: Int) {
        switch name {
        case "latin1.xml": (Array("<!-- caf".utf8) + [0xE9] + Array(" -->\n".utf8), 1)
        case "tag.xml": (Array("<Note".utf8) + [0xC3, 0x28] + Array("/>\n".utf8), 1)
        // Inside the document, so that it is still recognised as a statement.
        case "deep.xml":
            (Array((String(repeating: "<a>", count: 40_000) + String(repeating: "</a>", count: 40_000) + "\n").utf8), 2)
        default: (Array("<!-- x --><Note>&foo;</Note>\n".utf8), 2)
        }
    }

    @Test(
        arguments: [
            ("latin1.xml", "line 2: the file is not UTF-8 text (camt files are UTF-8)"),
            ("tag.xml", "line 2: the file is not UTF-8 text (camt files are UTF-8)"),
            ("deep.xml", "line 3: the elements are nested more than 256 deep"),
            ("entity.xml", "line 3: an undeclared entity &foo; (XML knows only &amp; &lt; &gt; &quot; &apos;)"),
        ])
    func aFileTheParserCannotTakeIsOneErrorLine(name: String, message: String) throws {
        let dun = try DunProcess()
        try dun.run(["init", "--as-of", "2026-10-01"])
        let (bytes, afterLine) = Self.insertion(name)
        let file = try statement(inserting: bytes, afterLine: afterLine, in: dun, name: name)
        let result = try dun.run(["import", "payments", file, "--as-of", "2026-11-25"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(file) \(message)\n")
    }
}

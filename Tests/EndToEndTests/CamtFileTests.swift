import Foundation
import Testing

/// Bank statements that used to crash the parser, or to be taken for CSV.
@Suite(.serialized) struct CamtFileTests {
    static let statement = CollectorDayTests.statement

    /// The sample statement with each of `insertions` put in after its line of the sample.
    func statement(
        inserting insertions: [(bytes: [UInt8], afterLine: Int)], in dun: DunProcess, name: String
    ) throws -> String {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.statement)))
        let breaks = bytes.indices.filter { bytes[$0] == 0x0A }
        for insertion in insertions.sorted(by: { $0.afterLine > $1.afterLine }) {
            bytes.insert(contentsOf: insertion.bytes, at: breaks[insertion.afterLine - 1] + 1)
        }
        let path = (dun.folder as NSString).appendingPathComponent(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func statement(inserting bytes: [UInt8], afterLine: Int = 1, in dun: DunProcess, name: String) throws -> String {
        try statement(inserting: [(bytes, afterLine)], in: dun, name: name)
    }

    @Test(arguments: Engine.available) func aStatementWhoseNamespaceComesAfterFourKilobytesIsStillRead(
        engine: Engine
    ) throws {
        let dun = try DunProcess(engine)
        try dun.run(["init", "--as-of", "2026-10-01"])
        let comment = Array(("<!-- " + String(repeating: "exported by the bank's portal ", count: 300) + "-->\n").utf8)
        let file = try statement(inserting: comment, in: dun, name: "long-header.xml")
        let result = try dun.run(["import", "payments", file, "--as-of", "2026-11-25", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try result.object()["format"] as? String == "camt.053")
    }

    /// What each case puts into the sample statement, and after which of its lines.
    static func insertions(_ name: String) -> [(bytes: [UInt8], afterLine: Int)] {
        switch name {
        case "latin1.xml": [(Array("<!-- caf".utf8) + [0xE9] + Array(" -->\n".utf8), 1)]
        case "tag.xml": [(Array("<Note".utf8) + [0xC3, 0x28] + Array("/>\n".utf8), 1)]
        // Inside the document, so that it is still recognised as a statement.
        case "deep.xml":
            [
                (
                    Array(
                        (String(repeating: "<a>", count: 40_000) + String(repeating: "</a>", count: 40_000) + "\n").utf8
                    ), 2
                )
            ]
        // An external entity, which the parser does not load: the reference used to vanish.
        default:
            [
                (Array("<!DOCTYPE Document [ <!ENTITY foo SYSTEM \"remittance.txt\"> ]>\n".utf8), 1),
                (Array("<!-- x --><Note>&foo;</Note>\n".utf8), 2),
            ]
        }
    }

    @Test(
        arguments: [
            ("latin1.xml", "line 2: the file is not UTF-8 text (camt files are UTF-8)"),
            ("tag.xml", "line 2: the file is not UTF-8 text (camt files are UTF-8)"),
            ("deep.xml", "line 3: the elements are nested more than 256 deep"),
            (
                "entity.xml",
                "line 4: the entity &foo; is not resolved (only &amp; &lt; &gt; &quot; &apos; and character references are)"
            ),
        ])
    func aFileTheParserCannotTakeIsOneErrorLine(name: String, message: String) throws {
        // The file is refused before the ledger is read: on one engine.
        let dun = try DunProcess()
        try dun.run(["init", "--as-of", "2026-10-01"])
        let file = try statement(inserting: Self.insertions(name), in: dun, name: name)
        let result = try dun.run(["import", "payments", file, "--as-of", "2026-11-25"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(file) \(message)\n")
    }
}

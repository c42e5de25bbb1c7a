import Foundation
import Testing

/// What dun must never do to the ledger or to other files, whatever the user types.
@Suite(.serialized) struct SafetyTests {
    /// The bytes of a file, or nil.
    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func anOutputNamingTheLedgerIsRefusedAndTheLedgerStays() throws {
        let dun = try ErrorTests().prepared()
        let folder = dun.folder
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.html", withDestinationPath: dun.database)
        try FileManager.default.linkItem(atPath: dun.database, toPath: folder + "/hard.html")
        let names = [
            dun.database, "ledger.sqlite", "sub/../ledger.sqlite", "./ledger.sqlite-wal", "ledger.sqlite-shm",
            "link.html", "hard.html",
        ]
        for name in names {
            let before = SafetyTests.bytes(dun.database)
            let result = try dun.run([
                "report", "weekly", "--format", "html", "--output", name, "--as-of", "2026-11-25",
            ])
            #expect(result.status == 2, "\(name): \(result.stderr)")
            #expect(result.stderr.contains("--output \(name) is the ledger"), "\(name): \(result.stderr)")
            #expect(SafetyTests.bytes(dun.database) == before, "\(name)")
        }
        let aging = try dun.run(["report", "aging", "--output", "ledger.sqlite", "--as-of", "2026-11-25"])
        #expect(aging.status == 2)
        #expect(try dun.run(["dispute", "show", "D-1", "--format", "json"]).object()["id"] as? String == "D-1")
    }

    @Test func anOutputIsWrittenWholeThroughATemporaryFile() throws {
        let dun = try ErrorTests().prepared()
        let target = (dun.folder as NSString).appendingPathComponent("weekly.html")
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        let result = try dun.run([
            "report", "weekly", "--format", "html", "--output", "weekly.html", "--as-of", "2026-11-25",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        let left = try FileManager.default.contentsOfDirectory(atPath: dun.folder).filter { $0.contains(".dun-") }
        #expect(left.isEmpty)
    }
}

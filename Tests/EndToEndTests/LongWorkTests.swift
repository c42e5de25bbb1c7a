import Foundation
import Testing

/// Long work: what it shows while it runs, and what a kill in the middle of it leaves.
@Suite(.serialized) struct LongWorkTests {
    /// A ledger with 1,000 customers, and an invoices file of `rows` rows for them.
    static func prepared(rows: Int) throws -> (DunProcess, String) {
        let dun = try DunProcess()
        #expect(try dun.run(["init", "--as-of", "2026-10-01"]).status == 0)
        var customers = "code,name\n"
        for index in 1...1000 { customers += "C-\(index),Customer \(index)\n" }
        #expect(
            try dun.run(["import", "customers", dun.file("c.csv", customers), "--as-of", "2026-10-01"]).status == 0)
        var invoices = "number,customer,issue_date,due_date,amount,currency\n"
        invoices.reserveCapacity(rows * 56)
        for index in 1...rows {
            invoices += "INV-\(index),C-\(index % 1000 + 1),2026-10-01,2026-10-31,\(100 + index % 900).50,EUR\n"
        }
        return (dun, try dun.file("i.csv", invoices))
    }

    @Test(.timeLimit(.minutes(2))) func progressGoesToATerminalOnly() throws {
        let (dun, file) = try LongWorkTests.prepared(rows: 200_000)
        let quiet = try dun.run(["import", "invoices", file, "--as-of", "2026-11-01"])
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
        #expect(quiet.stdout == "Imported invoices from \(file): 200000 rows, 200000 new, 0 already present.\n")
        let run = try dun.run(["dunning", "run", "--dry-run", "--as-of", "2026-11-29"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty, "\(run.stderr)")

        // On a terminal (script(1) gives it one) the same work draws a line, redrawn in place.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let command = [
            DunProcess.executable.path, "dunning", "run", "--dry-run", "--as-of", "2026-11-29", "--database",
            dun.database,
        ]
        .map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command + " > /dev/null", "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // Slow machines and fast ones: at least one line if the scan took over a second.
        if said.contains("open invoices:") {
            #expect(said.contains("\r\u{1B}[K"))
            #expect(said.contains(" rows, "))
            #expect(said.contains("/s"))
        }
    }
}

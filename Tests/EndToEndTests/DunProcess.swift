import Foundation
import PostgresStore
import Testing

/// The engines the end-to-end tests run on: SQLite always; PostgreSQL beside a test server
/// (`$DUN_TEST_POSTGRES_URL`, which `scripts/with-postgres` sets), and always in CI, where a
/// missing server fails the tests rather than skipping them.
enum Engine: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    static let serverURL = ProcessInfo.processInfo.environment["DUN_TEST_POSTGRES_URL"]

    /// The engines to run on here; outside CI without a server, PostgreSQL's runs are left out
    /// (the first test to ask says so once).
    static let available: [Engine] = {
        if serverURL != nil || ProcessInfo.processInfo.environment["CI"] != nil { return [.sqlite, .postgres] }
        FileHandle.standardError.write(
            Data(
                "note: no PostgreSQL server, end-to-end tests run on SQLite only (scripts/with-postgres swift test)\n"
                    .utf8))
        return [.sqlite]
    }()

    var testDescription: String { rawValue }

    /// The test server's password, which no output may show.
    static var password: String? {
        guard let url = serverURL, let at = url.firstIndex(of: "@"),
            let colon = url[..<at].lastIndex(of: ":"), url[..<colon].hasSuffix("//") == false
        else { return nil }
        return String(url[url.index(after: colon)..<at])
    }
}

/// Runs the built `dun` executable as a user would, in a temporary folder with its own ledger.
final class DunProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// The standard output parsed as JSON.
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
        func object() throws -> [String: Any] { try #require(try json() as? [String: Any]) }
    }

    let folder: String
    /// What `--database` says: the ledger file, or a connection string to a schema of its own.
    let database: String
    let engine: Engine
    /// The PostgreSQL schema this test's ledger lives in, dropped at the end.
    private let schema: String?

    init(_ engine: Engine = .sqlite) throws {
        self.engine = engine
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dun-e2e-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        switch engine {
        case .sqlite:
            database = (folder as NSString).appendingPathComponent("ledger.sqlite")
            schema = nil
        case .postgres:
            let url = try #require(
                Engine.serverURL, "CI runs these tests beside a server: $DUN_TEST_POSTGRES_URL is unset")
            let name = "e2e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try PostgresConnection(url).execute("CREATE SCHEMA \(name)")
            schema = name
            database = url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(name)"
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
        if let schema, let url = Engine.serverURL {
            _ = try? PostgresConnection(url).execute("DROP SCHEMA \(schema) CASCADE")
        }
    }

    /// The ledger as dun names it in messages: the path, or the connection string without its
    /// password.
    var location: String { engine == .sqlite ? database : PostgresConnectionString.redacted(database) }

    /// The `dun` binary built beside this test bundle.
    static let executable: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("dun")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("dun")
    }()

    func file(_ name: String, _ text: String) throws -> String {
        let path = (folder as NSString).appendingPathComponent(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs `dun ARGS` with a terminal for standard error (and for standard output unless
    /// `discardingOutput`), as script(1) gives one; returns its status and what the terminal
    /// showed, or `nil` on a machine without script(1).
    static func onTerminal(
        _ arguments: [String], discardingOutput: Bool = false
    ) throws -> (status: Int32, said: String)? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return nil }
        let command = ([executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command + (discardingOutput ? " > /dev/null" : ""), "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, said)
    }

    /// Runs `dun ARGS --database LEDGER` in the folder and waits for it.
    @discardableResult
    func run(_ arguments: [String], database: String? = nil, environment: [String: String] = [:]) throws -> Result {
        try DunProcess.run(arguments, database: database ?? self.database, folder: folder, environment: environment)
    }

    /// Runs `dun ARGS --database DATABASE` in `folder` (the database's own by default) and waits
    /// for it; from any thread.
    static func run(
        _ arguments: [String], database: String, folder: String? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = DunProcess.executable
        process.arguments = arguments + ["--database", database]
        process.currentDirectoryURL = URL(
            fileURLWithPath: folder ?? (database as NSString).deletingLastPathComponent)
        var env = ProcessInfo.processInfo.environment
        env["DUN_ACTOR"] = "e2e"
        env.removeValue(forKey: "DUN_DATABASE")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

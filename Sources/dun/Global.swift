import ArgumentParser
import DunKit
import Foundation
import Interchange
import LedgerPort
import PostgresStore
import Receivables
import Store

/// The options every command accepts after its words.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The ledger: an SQLite file, or a PostgreSQL connection string (else $DUN_DATABASE, else ./dun.sqlite).",
            valueName: "path"))
    var database: String?

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("The business day the command acts on (default: today).", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Who is acting, for the journal (else $DUN_ACTOR, else your user name).", valueName: "name"))
    var actor: String?

    @Option(name: .long, help: "Output: text, json, csv, md (reports also html).")
    var format: OutputFormat = .text

    @Option(
        name: .customLong("lock-wait"),
        help: ArgumentHelp(
            "How long to wait for another dun process's write lock (else $DUN_LOCK_WAIT, else 60).",
            valueName: "seconds"))
    var lockWaitSeconds: Double?

    func validate() throws {
        if let lockWaitSeconds, !(lockWaitSeconds >= 0) {
            throw ValidationError("--lock-wait must be a number of seconds, 0 or more")
        }
        if let asOf, Day(iso: asOf) == nil {
            throw ValidationError("--as-of \"\(asOf)\" is not a day in the form YYYY-MM-DD")
        }
    }

    /// Refuses an `--output` that would write over the ledger, before anything runs.
    func checkOutput(_ path: String?) throws {
        guard let path else { return }
        do {
            let engine = try engine()
            try OutputFile.refuseLedger(path, ledger: engine.location, files: engine.files)
        } catch let error as OutputFile.LedgerTarget {
            throw ValidationError("--output \(error.description)")
        }
    }

    var databasePath: String {
        database ?? ProcessInfo.processInfo.environment["DUN_DATABASE"] ?? "dun.sqlite"
    }

    /// The business day: `--as-of`, else today in local time.
    var day: Day {
        if let asOf, let day = Day(iso: asOf) { return day }
        // The C library rather than Foundation's Calendar, which loads ICU: start-up time counts.
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
    }

    var stamp: Stamp {
        let environment = ProcessInfo.processInfo.environment
        let who = actor ?? environment["DUN_ACTOR"] ?? environment["USER"] ?? ProcessInfo.processInfo.userName
        return Stamp(actor: who.isEmpty ? "unknown" : who, day: day, recordedAt: GlobalOptions.utcNow())
    }

    /// The wall-clock time, UTC, as ISO 8601 (`2026-11-24T09:30:00Z`).
    static func utcNow() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        let day = Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(day.iso)T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// A PostgreSQL connection string (a `postgres://` or `postgresql://` URI, or psql's
    /// `key=value` form) rather than a file path.
    static func isPostgres(_ text: String) -> Bool {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") { return true }
        // psql's other form starts with a keyword and `=` (`host=db1 dbname=ar`); a path never does
        // here unless its first name is such a word, which `./` in front of it avoids.
        let keyword = text.prefix { $0.isLetter || $0 == "_" }
        return !keyword.isEmpty && text.dropFirst(keyword.count).drop { $0 == " " }.first == "="
    }

    /// The engine `--database` names (else `$DUN_DATABASE`, else `fallback`): the one place that
    /// knows both.
    func engine(default fallback: String? = nil) throws -> any LedgerEngine {
        let path = database ?? fallback ?? databasePath
        if Self.isPostgres(path) { return PostgresEngine(connectionString: path) }
        return SQLiteEngine(path: path)
    }

    /// Opens the existing ledger; never creates one.
    func session() throws -> Session {
        var session = Session(ledger: try engine().open(lockWait: lockWait), stamp: stamp)
        session.progress = ProgressLine.sink()
        return session
    }

    /// How long to wait for another process's write lock: `--lock-wait`, else
    /// `$DUN_LOCK_WAIT`, else 60 s; on a terminal, a line says so after a second of waiting.
    var lockWait: LockWait {
        let fromEnvironment = ProcessInfo.processInfo.environment["DUN_LOCK_WAIT"].flatMap(Double.init)
        let seconds = lockWaitSeconds ?? fromEnvironment.flatMap { $0 >= 0 ? $0 : nil } ?? LockWait.defaultSeconds
        guard isatty(STDERR_FILENO) == 1 else { return LockWait(seconds: seconds) }
        return LockWait(seconds: seconds) {
            FileHandle.standardError.write(Data("waiting for another dun process…\n".utf8))
        }
    }

    /// Prints a presentation in the chosen format, to standard output or to `file`.
    func emit(_ presentation: Presentation, to file: String? = nil) throws {
        guard let text = try presentation.rendered(format) else {
            throw ValidationError("--format html is available for reports only")
        }
        if let file {
            let engine = try engine()
            try OutputFile.save(Array(text.utf8), to: file, ledger: (engine.location, engine.files))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

/// An enum named on the command line by its raw value. ArgumentParser's own lists of an enum's
/// values go through generic code that looks up protocol conformances at run time, on every
/// command that has such an option (all have `--format`); these lists are plain.
protocol CommandLineEnum: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension CommandLineEnum {
    // Public: they stand for ExpressibleByArgument's requirements on public types.
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public static var allValueDescriptions: [String: String] { [:] }
    public var defaultValueDescription: String { rawValue }
}

extension OutputFormat: CommandLineEnum {}

/// CSV layout options shared by the import commands.
struct CSVFlags: ParsableArguments {
    @Option(
        name: .customLong("map"),
        help: ArgumentHelp("Read a field from a column of another name (repeatable).", valueName: "field=Header"))
    var maps: [String] = []

    @Option(help: ArgumentHelp("The field separator, e.g. ';' for European exports.", valueName: "char"))
    var delimiter: String = ","

    @Flag(name: .customLong("decimal-comma"), help: "Amounts are written 1 234,56.")
    var decimalComma = false

    @Option(
        name: .customLong("date-format"),
        help: ArgumentHelp("How days are written, e.g. dd/MM/yyyy.", valueName: "pattern"))
    var dateFormat: String = "yyyy-MM-dd"

    @Flag(name: .customLong("dry-run"), help: "Check the file and report what would change; write nothing.")
    var dryRun = false

    func validate() throws {
        guard delimiter == "\\t" || (delimiter.utf8.count == 1 && delimiter != "\"" && delimiter != "\n") else {
            throw ValidationError("--delimiter must be one character (or \\t)")
        }
        guard DayFormat(dateFormat) != nil else {
            throw ValidationError("--date-format \"\(dateFormat)\" needs a year (yyyy), a month (MM) and a day (dd)")
        }
        for map in maps where !map.contains("=") {
            throw ValidationError("--map \"\(map)\" must be field=Header")
        }
    }

    var options: CSVOptions {
        var headerMap: [String: String] = [:]
        for map in maps {
            let parts = map.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { headerMap[parts[0]] = parts[1] }
        }
        return CSVOptions(
            delimiter: delimiter == "\\t" ? 9 : delimiter.utf8.first!, decimalComma: decimalComma,
            dateFormat: DayFormat(dateFormat)!, headerMap: headerMap)
    }
}

/// `--currency` for the imports of files whose amounts may come without a currency column.
struct CurrencyFlag: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The currency of a file with no currency column (default: the ledger's base currency).",
            valueName: "code"))
    var currency: String?

    func validate() throws {
        if let currency, Currency(code: currency) == nil {
            throw ValidationError("--currency \"\(currency)\" is not an ISO 4217 code")
        }
    }

    /// The CSV options with this currency.
    func applied(to options: CSVOptions) -> CSVOptions {
        var options = options
        options.currency = currency.flatMap(Currency.init(code:))
        return options
    }
}

/// `D-12` as an argument.
extension DisputeID: ExpressibleByArgument {
    public init?(argument: String) { self.init(text: argument) }
}

/// `H-3` as an argument.
extension HoldID: ExpressibleByArgument {
    public init?(argument: String) { self.init(text: argument) }
}

extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
}

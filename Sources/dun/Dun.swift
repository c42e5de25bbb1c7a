import ArgumentParser
import DunKit
import Foundation
import Interchange
import LedgerCopy
import LedgerPort
import PostgresStore

/// The root command.
struct Dun: ParsableCommand {
    /// Whether the parse in progress may skip ArgumentParser's check for a completion-script
    /// request; see `Entry.parse`.
    nonisolated(unsafe) static var skipsCompletionCheck = false

    static var configuration: CommandConfiguration {
        var configuration = CommandConfiguration(
            commandName: "dun",
            abstract: "Accounts-receivable collections around a customer-complaint feedback loop.",
            discussion: """
                Log each complaint as a dispute against its invoices, hold collection while it is open, route it to \
                the team that must fix the cause, and read the weekly root-cause report.

                Every command accepts --database, --as-of, --actor and --format after its words.
                Start with `dun demo` to see a sample ledger, or `dun init` to create your own.
                """,
            version: "0.1.0",
            subcommands: [
                InitCommand.self, DemoCommand.self, TaxonomyCommand.self, ImportCommand.self, CustomerCommand.self,
                InvoiceCommand.self, DisputeCommand.self, HoldCommand.self, PaymentCommand.self, CreditNoteCommand.self,
                PromiseCommand.self,
                ContactCommand.self, DunningCommand.self, WorklistCommand.self, CollectorCommand.self, TaskCommand.self,
                HistoryCommand.self, ReportCommand.self, EscalateCommand.self, ActionCommand.self, OutboxCommand.self,
                ConfigCommand.self, CheckCommand.self, BackupCommand.self, LedgerCommand.self,
            ])
        // ArgumentParser skips that check for a plugin's pseudo-command, one whose configuration
        // names a super command; the name is only read when help or an error is printed, which
        // happens after `skipsCompletionCheck` is false again.
        if skipsCompletionCheck { configuration._superCommandName = "dun" }
        return configuration
    }
}

@main
enum Entry {
    static func main() {
        var command: any ParsableCommand
        do {
            command = try parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            // Help and --version print themselves and exit 0.
            if Dun.exitCode(for: error) == .success { Dun.exit(withError: error) }
            FileHandle.standardError.write(
                Data((visible(Dun.fullMessage(for: error), keepingLineBreaks: true) + "\n").utf8))
            exit(2)
        }
        do {
            try command.run()
        } catch {
            exit(report(error))
        }
    }

    /// Parses the command line. ArgumentParser first tries every command line as a request for a
    /// shell completion script, against two pseudo-commands of its own: on a `dun --version`
    /// that was more than half of all the instructions the process ran (type metadata and
    /// protocol conformance lookups by reflection). Unless the words name that flag, the check
    /// is skipped; help, usage and error messages are rendered after the parse, as before.
    static func parse(_ arguments: [String]) throws -> any ParsableCommand {
        Dun.skipsCompletionCheck = !arguments.contains { $0.hasPrefix("--generate-completion-script") }
        defer { Dun.skipsCompletionCheck = false }
        return try Dun.parseAsRoot(arguments)
    }

    /// Prints one `error:` line and returns the exit status: 1 for a refused request or bad
    /// input, 2 for a usage error, 3 for a storage problem.
    static func report(_ error: any Error) -> Int32 {
        let status: Int32
        let message: String
        switch error {
        case let error as StoreError:
            status = error.isStorageProblem ? 3 : 1
            message = error.description
        case let error as RuleViolation:
            (status, message) = (1, error.description)
        case let error as InputError:
            (status, message) = (1, error.description)
        case let error as InterchangeError:
            (status, message) = (1, error.description)
        case let error as LoadRefusal:
            (status, message) = (1, error.description)
        case let error as MoneyCeilingExceeded:
            (status, message) = (1, error.description)
        case let error as LedgerCopy.Refusal:
            (status, message) = (1, error.description)
        case let error as PostgresError:
            (status, message) = (3, error.description)
        case let error as OutputFile.LedgerTarget:
            (status, message) = (2, error.description)
        case let error as ValidationError:
            (status, message) = (2, error.message)
        case let error as ExitCode:
            return error.rawValue
        default:
            let code = Dun.exitCode(for: error)
            // `dun help …` arrives here as an error that prints the help.
            if code == .success { Dun.exit(withError: error) }
            if code == .validationFailure {
                FileHandle.standardError.write(
                    Data((visible(Dun.fullMessage(for: error), keepingLineBreaks: true) + "\n").utf8))
                return 2
            }
            (status, message) = (3, "\(error)")
        }
        FileHandle.standardError.write(Data("error: \(visible(message))\n".utf8))
        return status
    }

    /// The text with its control characters (C0, DEL, C1) written as visible escapes: `\n`,
    /// `\r`, `\t`, `\u{1B}`. An error line echoes what the user or a file gave (an invoice
    /// number, a cell); raw, an escape sequence in it could clear or rewrite the terminal, and a
    /// line break could forge a second line. Usage messages keep their own line breaks.
    static func visible(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var shown = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where keepingLineBreaks: shown.unicodeScalars.append(scalar)
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case "\t": shown += "\\t"
            case _ where isControl(scalar): shown += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}

import ArgumentParser
import DunKit
import Foundation
import LedgerPort
import Receivables

extension OutboxID: ExpressibleByArgument {
    public init?(argument: String) { self.init(text: argument) }
}

extension OutboxItem.Status: CommandLineEnum {}

struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Letters and emails waiting to go out; send, print or cancel them.",
        subcommands: [List.self, Show.self, Send.self, Cancel.self])

    /// The mail command and timeout for this run: `--via`/`--timeout`, the environment, the
    /// user's own configuration file; never the ledger.
    static func mailSettings(via: String?, timeout: Double?) throws -> MailSettings {
        try MailSettings.resolve(via: via, timeout: timeout, environment: ProcessInfo.processInfo.environment)
    }

    /// A mail command an older dun stored in the ledger is not run: says so on standard error.
    static func warnIgnored(_ report: OutboxSendReport) {
        guard let ignored = report.ignoredLedgerCommand else { return }
        FileHandle.standardError.write(
            Data(
                ("warning: the ledger's mail.command setting (\(ignored)) is ignored; used \(report.command). "
                    + "Set your mail command in ~/.config/dun/config, $DUN_MAIL_COMMAND or --via; "
                    + "`dun config unset mail.command` removes the old setting\n").utf8))
    }

    /// Exit 1 with one `error:` line when something failed; what failed stays in the outbox.
    static func failIfAny(_ report: OutboxSendReport) throws {
        guard let first = report.failed.first else { return }
        let count = report.failed.count
        throw InputError(
            message: "\(count) item\(count == 1 ? "" : "s") could not be sent and stay\(count == 1 ? "s" : "") in the "
                + "outbox to be tried again; O-\(first.id): \(first.lastError ?? "")")
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The outbox, newest first.")
        @Option(help: "Only items with this status: queued, sent, failed, printed, cancelled.")
        var status: OutboxItem.Status?
        @Option(help: ArgumentHelp("Only emails or only letters.", valueName: "email|letter")) var channel: String?
        @OptionGroup var limit: LimitOption
        @OptionGroup var global: GlobalOptions
        func validate() throws {
            if let channel, channel != "email", channel != "letter" {
                throw ValidationError("--channel must be email or letter")
            }
        }
        func run() throws {
            try global.emit(
                OutboxViews.list(try global.session().outbox(status: status, channel: channel, limit: limit.value)))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "One item: the letter as text (--format html: as printed).")
        @Argument(help: ArgumentHelp("The item.", valueName: "O-n")) var id: OutboxID
        @Flag(help: "Print the email exactly as it is handed to sendmail.") var raw = false
        @OptionGroup var global: GlobalOptions
        func run() throws {
            try global.emit(OutboxViews.item(try global.session().outboxItem(id), raw: raw))
        }
    }

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send", abstract: "Send the queued emails; write the letters to a folder for printing.",
            discussion: """
                Each email is piped to a sendmail-compatible command run by /bin/sh (msmtp, Postfix and Exim all \
                provide one): --via, else $DUN_MAIL_COMMAND, else a line `mail.command = …` in your own \
                ~/.config/dun/config ($XDG_CONFIG_HOME/dun/config), else 'sendmail -t -i' — never a command kept in \
                the ledger. The command's exit status decides: 0 marks the email sent, anything else keeps it as \
                failed with the command's message, to be tried again next time; so does a command still running after \
                --timeout seconds ($DUN_MAIL_TIMEOUT, mail.timeout in the same file; default 60), which is stopped. An email marked sent is never sent again. Letters are written as text and HTML \
                to --output and marked printed.
                """)
        @Option(help: ArgumentHelp("The sendmail-compatible command.", valueName: "command")) var via: String?
        @Option(help: ArgumentHelp("Write letters to this folder and mark them printed.", valueName: "folder"))
        var output: String?
        @OptionGroup var timeout: MailTimeoutOption
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let mail = try OutboxCommand.mailSettings(via: via, timeout: timeout.seconds)
            let session = try global.session()
            let report = try session.sendOutbox(via: mail.command, output: output, timeout: mail.timeout)
            OutboxCommand.warnIgnored(report)
            try global.emit(OutboxViews.send(report))
            try OutboxCommand.failIfAny(report)
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel", abstract: "Withdraw an item that has not gone out yet.")
        @Argument(help: ArgumentHelp("The item.", valueName: "O-n")) var id: OutboxID
        @Option(help: ArgumentHelp("Why.", valueName: "text")) var note: String?
        @OptionGroup var global: GlobalOptions
        func run() throws {
            try global.emit(OutboxViews.item(try global.session().cancelOutbox(id, note: note), raw: false))
        }
    }
}

/// `--timeout` for the commands that deliver email.
struct MailTimeoutOption: ParsableArguments {
    @Option(
        name: .customLong("timeout"),
        help: ArgumentHelp(
            "Stop a delivery that takes longer than this (else $DUN_MAIL_TIMEOUT, else 60).", valueName: "seconds"))
    var seconds: Double?

    func validate() throws {
        if let seconds, !(seconds > 0) { throw ValidationError("--timeout must be a number of seconds above 0") }
    }
}

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Who letters come from, the law firm, templates, how mail is sent.",
        subcommands: [Show.self, Set.self, Unset.self], defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Every setting and its value.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            try global.emit(OutboxViews.configuration(try global.session().configuration()))
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Change a setting (checked, journaled).")
        @Argument(help: ArgumentHelp("The setting, e.g. company.name.", valueName: "key")) var key: String
        @Argument(help: ArgumentHelp("Its value; address lines separated by '|'.", valueName: "value")) var value:
            String
        @OptionGroup var global: GlobalOptions
        func run() throws {
            try global.emit(OutboxViews.configuration([try global.session().setConfiguration(key, value)]))
        }
    }

    struct Unset: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unset", abstract: "Clear a setting so its default applies.")
        @Argument(help: ArgumentHelp("The setting.", valueName: "key")) var key: String
        @OptionGroup var global: GlobalOptions
        func run() throws {
            try global.emit(OutboxViews.configuration([try global.session().setConfiguration(key, nil)]))
        }
    }
}

import Foundation

/// How emails leave this machine, chosen by the person who sends them — never by the ledger.
///
/// The command is run by `/bin/sh` for whoever runs `dun outbox send`: kept in a shared ledger,
/// anyone who can write the ledger could make everyone else run a command of their choosing.
/// It comes from `--via`, else `$DUN_MAIL_COMMAND`, else the user's own configuration file
/// (`$XDG_CONFIG_HOME/dun/config`, else `~/.config/dun/config`, a line `mail.command = …`),
/// else `sendmail -t -i`. The time one delivery may take comes from `--timeout`, else
/// `$DUN_MAIL_TIMEOUT`, else `mail.timeout = …` in the same file, else 60 s.
public struct MailSettings: Sendable, Equatable {
    public static let defaultCommand = "sendmail -t -i"
    public static let defaultTimeout: TimeInterval = 60

    public var command: String
    /// Where the command came from, for messages: `--via`, `$DUN_MAIL_COMMAND`, the file's
    /// path, or `default`.
    public var source: String
    /// How long one delivery may take before the command is stopped and the email kept as failed.
    public var timeout: TimeInterval

    public init(command: String, source: String, timeout: TimeInterval = MailSettings.defaultTimeout) {
        self.command = command
        self.source = source
        self.timeout = timeout
    }

    /// The user's configuration file.
    public static func userFile(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/dun/config" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/dun/config"
    }

    /// The settings for this run.
    public static func resolve(
        via: String?, timeout: TimeInterval?, environment: [String: String]
    ) throws -> MailSettings {
        let file = userFile(environment: environment)
        // Read only when --via or the environment leave something to it: a broken file of the
        // user's does not stand in the way of a command line that says it all.
        let fromCommand = via != nil || !(environment["DUN_MAIL_COMMAND"] ?? "").isEmpty
        let fromTimeout = timeout != nil || !(environment["DUN_MAIL_TIMEOUT"] ?? "").isEmpty
        let values = fromCommand && fromTimeout ? [:] : try file.map(readUserFile) ?? [:]
        var settings: MailSettings
        if let via {
            settings = MailSettings(command: via, source: "--via")
        } else if let command = environment["DUN_MAIL_COMMAND"], !command.isEmpty {
            settings = MailSettings(command: command, source: "$DUN_MAIL_COMMAND")
        } else if let command = values["mail.command"], let file {
            settings = MailSettings(command: command, source: file)
        } else {
            settings = MailSettings(command: defaultCommand, source: "default")
        }
        if let timeout {
            settings.timeout = timeout
        } else if let text = environment["DUN_MAIL_TIMEOUT"], !text.isEmpty {
            guard let seconds = Double(text), seconds > 0 else {
                throw InputError(message: "$DUN_MAIL_TIMEOUT \"\(text)\" is not a number of seconds")
            }
            settings.timeout = seconds
        } else if let text = values["mail.timeout"], let file {
            guard let seconds = Double(text), seconds > 0 else {
                throw InputError(message: "\(file): mail.timeout \"\(text)\" is not a number of seconds")
            }
            settings.timeout = seconds
        }
        return settings
    }

    /// `key = value` lines; blank lines and lines starting with `#` are skipped. A missing file
    /// is an empty one.
    static func readUserFile(_ path: String) throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(message: "cannot read \(path)")
        }
        var values: [String: String] = [:]
        for (index, line) in String(decoding: data, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        ).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            guard let equals = text.firstIndex(of: "=") else {
                throw InputError(message: "\(path) line \(index + 1): expected key = value")
            }
            let key = text[..<equals].trimmingCharacters(in: .whitespaces)
            let value = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            values[key] = value
        }
        return values
    }
}

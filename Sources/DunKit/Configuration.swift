import Correspondence
import Foundation
import LedgerPort
import Receivables

/// A setting a user can change with `dun config set KEY VALUE`: who the letters come from, the
/// law firm, the court, the template folder, how mail leaves the machine.
public struct ConfigKey: Sendable {
    public var key: String
    public var help: String
    /// What applies while the key is not set; `nil` when nothing does.
    public var defaultValue: String?
    /// Why a value is refused, or `nil` when it is fine.
    var problem: @Sendable (String) -> String?

    init(
        _ key: String, _ help: String, default defaultValue: String? = nil,
        check problem: @escaping @Sendable (String) -> String? = { _ in nil }
    ) {
        self.key = key
        self.help = help
        self.defaultValue = defaultValue
        self.problem = problem
    }
}

/// One configured value as `dun config show` lists it.
public struct ConfigValue: Sendable {
    public var key: String
    public var value: String?
    public var isDefault: Bool
    public var help: String
}

/// The settings `dun` knows. They are stored in the ledger (table `setting`, keys prefixed
/// `config.`), so everyone working on one ledger writes the same letters. How mail leaves the
/// machine is not among them: see ``MailSettings``.
public enum Configuration {
    static let prefix = "config."

    /// Why `mail.command` is not a ledger setting, and where it is set instead.
    public static let mailCommandRefusal =
        "mail.command is not kept in the ledger: a command stored there would run for everyone who sends "
        + "mail from it. Set it for yourself instead: a line `mail.command = msmtp -t -i` in ~/.config/dun/config "
        + "(or $XDG_CONFIG_HOME/dun/config), $DUN_MAIL_COMMAND, or --via on each send"

    public static let keys: [ConfigKey] = [
        ConfigKey("company.name", "The creditor's name, on every letter and as the sender's name."),
        ConfigKey("company.address", "The creditor's postal address; lines separated by '|'."),
        ConfigKey("company.email", "The address emails are sent from (From:).", check: emailProblem),
        ConfigKey("company.phone", "The creditor's telephone number, printed on letters."),
        ConfigKey(
            "company.reply_to", "Where customers' replies go (Reply-To:), if not company.email.", check: emailProblem),
        ConfigKey("law_firm.name", "The law firm whose letterhead the lawyer letter is written on."),
        ConfigKey("law_firm.address", "The law firm's postal address; lines separated by '|'."),
        ConfigKey("law_firm.email", "The law firm's email address.", check: emailProblem),
        ConfigKey("law_firm.phone", "The law firm's telephone number."),
        ConfigKey("law_firm.reference", "The law firm's file reference for our claims, quoted on its letters."),
        ConfigKey("claims.court", "The court small claims are filed with, named on the filing packet."),
        ConfigKey(
            "templates.folder", "A folder of letter templates replacing the shipped ones of the same name.",
            check: folderProblem),
        ConfigKey(
            "payment.days", "Days the customer is given to pay, counted from the letter's date.", default: "8",
            check: { dayCountProblem($0, maximum: 90) }),
        ConfigKey(
            "escalation.hold_age_days", "Holds older than this many days go to the management group.",
            default: "30", check: { dayCountProblem($0, maximum: 3650) }),
        ConfigKey(
            "kpi.annual_rate_percent", "The yearly cost of money, for the cost of cash blocked by holds.",
            default: "8", check: percentProblem),
    ]

    static func key(_ name: String) -> ConfigKey? { keys.first { $0.key == name } }

    static func emailProblem(_ value: String) -> String? {
        do {
            _ = try MailAddress(parsing: value)
            return nil
        } catch {
            return "\"\(value)\" is not an email address (\(error))"
        }
    }

    static func folderProblem(_ value: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory), isDirectory.boolValue else {
            return "\"\(value)\" is not a folder"
        }
        do {
            _ = try TemplateSet(overridesIn: value)
            return nil
        } catch {
            return error.description
        }
    }

    static func dayCountProblem(_ value: String, maximum: Int) -> String? {
        guard let days = Int(value), days >= 0, days <= maximum else {
            return "\"\(value)\" is not a number of days from 0 to \(maximum)"
        }
        return nil
    }

    static func percentProblem(_ value: String) -> String? {
        guard let rate = Double(value), rate >= 0, rate <= 100 else {
            return "\"\(value)\" is not a percentage from 0 to 100"
        }
        return nil
    }
}

/// What letters and emails are written with, read from the configuration once per command.
struct Letterhead {
    var company: Correspondent
    var from: MailAddress?
    var replyTo: MailAddress?
    var lawFirm: LawFirm?
    var court: String?
    var paymentDays: Int
    var templates: TemplateSet
    /// Why letters cannot be written at all (no company name), else `nil`.
    var missing: String?
    /// Colleagues who sign letters or receive internal notes: collectors, then dispute owners.
    var people: [PersonKey: Correspondent] = [:]

    init(_ values: [String: String]) throws {
        func value(_ key: String) -> String? {
            values[key].flatMap { $0.isEmpty ? nil : $0 } ?? Configuration.key(key)?.defaultValue
        }
        func lines(_ key: String) -> [String] { value(key).map(Customer.addressLines) ?? [] }
        let name = value("company.name")
        company = Correspondent(
            name: name ?? "", addressLines: lines("company.address"), email: value("company.email"),
            phone: value("company.phone"))
        missing = name == nil ? "company.name is not set (dun config set company.name \"Your Company Ltd\")" : nil
        from = try value("company.email").map { try MailAddress(name: name, address: $0) }
        replyTo = try value("company.reply_to").map { try MailAddress(parsing: $0) }
        lawFirm = value("law_firm.name").map {
            LawFirm(
                name: $0, addressLines: lines("law_firm.address"), email: value("law_firm.email"),
                phone: value("law_firm.phone"), reference: value("law_firm.reference") ?? "")
        }
        court = value("claims.court")
        paymentDays = Int(value("payment.days") ?? "8") ?? 8
        do {
            templates = try value("templates.folder").map { try TemplateSet(overridesIn: $0) } ?? TemplateSet()
        } catch {
            throw InputError(message: "\(error)")
        }
    }
}

extension Session {
    /// Every known setting with its value (or default).
    public func configuration() throws -> [ConfigValue] {
        let stored = try read { try $0.settings(prefix: Configuration.prefix) }
        return Configuration.keys.map { key in
            let value = stored[Configuration.prefix + key.key]
            return ConfigValue(key: key.key, value: value ?? key.defaultValue, isDefault: value == nil, help: key.help)
        }
    }

    /// Sets (or with `nil` clears) one setting, checked first and journaled.
    public func setConfiguration(_ name: String, _ value: String?) throws -> ConfigValue {
        if name == "mail.command" {
            guard value == nil else { throw InputError(message: Configuration.mailCommandRefusal) }
            // An older dun kept it in the ledger; unsetting it removes what no dun runs any more.
            return try write { tx in
                try tx.removeSetting(Configuration.prefix + name)
                try tx.journal("config.unset", subject: "config:\(name)", details: [:])
                return ConfigValue(
                    key: name, value: nil, isDefault: true, help: "Removed: set it in ~/.config/dun/config instead.")
            }
        }
        guard let key = Configuration.key(name) else {
            throw InputError(
                message: "unknown setting \"\(name)\" (known: \(Configuration.keys.map(\.key).joined(separator: ", ")))"
            )
        }
        let value = value?.trimmingCharacters(in: .whitespaces)
        if let value, value.contains(where: { $0 == "\n" || $0 == "\r" }) {
            throw InputError(message: "\(name) must be one line (separate address lines with '|')")
        }
        if let value, let problem = value.isEmpty ? "an empty value; use dun config unset \(name)" : key.problem(value)
        {
            throw InputError(message: "\(name): \(problem)")
        }
        return try write { tx in
            if let value {
                try tx.setSetting(Configuration.prefix + name, value)
            } else {
                try tx.removeSetting(Configuration.prefix + name)
            }
            try tx.journal(
                value == nil ? "config.unset" : "config.set", subject: "config:\(name)",
                details: ["value": value ?? ""])
            return ConfigValue(
                key: name, value: value ?? key.defaultValue, isDefault: value == nil, help: key.help)
        }
    }

    func letterhead(_ reader: any LedgerReading) throws -> Letterhead {
        var values: [String: String] = [:]
        for (key, value) in try reader.settings(prefix: Configuration.prefix) {
            values[String(key.dropFirst(Configuration.prefix.count))] = value
        }
        var letterhead = try Letterhead(values)
        for owner in try reader.taxonomy().owners {
            letterhead.people[owner.key] = Correspondent(name: owner.name, email: owner.email)
        }
        for collector in try reader.collectors() {
            letterhead.people[collector.key] = Correspondent(
                name: collector.name, email: collector.email, phone: collector.phone)
        }
        return letterhead
    }
}

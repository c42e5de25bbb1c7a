import Foundation
import LedgerPort
import Testing

@testable import DunKit

/// Where the mail command comes from: the sender's command line, environment or own file.
@Suite struct MailSettingsTests {
    func folder(config: String?) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dun-mail-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder + "/dun", withIntermediateDirectories: true)
        if let config { try config.write(toFile: folder + "/dun/config", atomically: true, encoding: .utf8) }
        return folder
    }

    @Test func viaThenEnvironmentThenTheUsersFileThenSendmail() throws {
        let xdg = try folder(config: "# mine\n\nmail.command = msmtp -t -i\nmail.timeout = 15\n")
        defer { try? FileManager.default.removeItem(atPath: xdg) }
        let file = MailSettings(command: "msmtp -t -i", source: xdg + "/dun/config", timeout: 15)
        #expect(try MailSettings.resolve(via: nil, timeout: nil, environment: ["XDG_CONFIG_HOME": xdg]) == file)
        #expect(
            try MailSettings.resolve(
                via: nil, timeout: nil, environment: ["XDG_CONFIG_HOME": xdg, "DUN_MAIL_COMMAND": "x"])
                == MailSettings(command: "x", source: "$DUN_MAIL_COMMAND", timeout: 15))
        #expect(
            try MailSettings.resolve(
                via: "y", timeout: 2, environment: ["XDG_CONFIG_HOME": xdg, "DUN_MAIL_COMMAND": "x"])
                == MailSettings(command: "y", source: "--via", timeout: 2))
        let home = try folder(config: nil)
        defer { try? FileManager.default.removeItem(atPath: home) }
        #expect(
            try MailSettings.resolve(via: nil, timeout: nil, environment: ["HOME": home])
                == MailSettings(command: "sendmail -t -i", source: "default", timeout: 60))
    }

    @Test func aBrokenFileOrTimeoutIsNamed() throws {
        let xdg = try folder(config: "mail.command msmtp\n")
        defer { try? FileManager.default.removeItem(atPath: xdg) }
        #expect(throws: InputError(message: "\(xdg)/dun/config line 1: expected key = value")) {
            _ = try MailSettings.resolve(via: nil, timeout: nil, environment: ["XDG_CONFIG_HOME": xdg])
        }
        // A command line that says it all does not read the file.
        #expect(throws: Never.self) {
            _ = try MailSettings.resolve(via: "cat", timeout: 5, environment: ["XDG_CONFIG_HOME": xdg])
        }
        #expect(throws: InputError(message: "$DUN_MAIL_TIMEOUT \"soon\" is not a number of seconds")) {
            _ = try MailSettings.resolve(via: "cat", timeout: nil, environment: ["DUN_MAIL_TIMEOUT": "soon"])
        }
    }
}

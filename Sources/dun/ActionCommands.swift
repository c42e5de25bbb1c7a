import ArgumentParser
import Complaints
import DunKit
import LedgerPort
import Receivables

/// `CA-3` as an argument.
extension ActionID: ExpressibleByArgument {
    public init?(argument: String) { self.init(text: argument) }
}

extension ActionStatus: CommandLineEnum {}

struct ActionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "action", abstract: "Corrective actions: what an owner does so a problem stops recurring.",
        discussion: """
            An action targets a category and optionally one subject (sku=…, carrier=…, site=…, customer=…). It \
            moves open → done → verified, or back to open when it is reopened. It is effective when no dispute of \
            its category and subject is opened in the 8 weeks after it was done.
            """,
        subcommands: [Add.self, List.self, Show.self, Done.self, Verify.self, Reopen.self, Link.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Open a corrective action on a category (and a subject).")
        @Option(help: ArgumentHelp("The problem category it should stop.", valueName: "code")) var category: String
        @Option(help: ArgumentHelp("What exactly it fixes, e.g. sku=CHR-220.", valueName: "key=value")) var subject:
            String?
        @Option(help: ArgumentHelp("The team that does it (see `dun taxonomy show`).", valueName: "key")) var owner:
            String
        @Option(help: ArgumentHelp("The day it must be done by.", valueName: "day")) var due: Day
        @Option(help: ArgumentHelp("What is to be done.", valueName: "text")) var title: String
        @Option(
            name: .customLong("dispute"),
            help: ArgumentHelp("A dispute it addresses (repeatable).", valueName: "D-n"))
        var disputes: [DisputeID] = []
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if let subject, Subject(text: subject) == nil {
                throw ValidationError("--subject \"\(subject)\" must be key=value, e.g. sku=ABC-1")
            }
        }

        func run() throws {
            let detail = try global.session().addAction(
                ActionRequest(
                    category: category, subject: subject.flatMap { Subject(text: $0) }, owner: PersonKey(owner),
                    dueOn: due, title: title, disputes: disputes))
            let id = detail.record.action.id
            try global.emit(
                ActionViews.detail(detail, headline: "Opened corrective action \(id), due \(due), owned by \(owner)."))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Corrective actions and whether they worked.")
        @Option(help: "open, done, verified or all.") var status: String = "all"
        @Option(help: ArgumentHelp("Only this owner's.", valueName: "key")) var owner: String?
        @Option(help: ArgumentHelp("Only this category.", valueName: "code")) var category: String?
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard status == "all" || ActionStatus(rawValue: status) != nil else {
                throw ValidationError("--status must be open, done, verified or all")
            }
        }

        func run() throws {
            let session = try global.session()
            let items = try session.actions(
                ActionFilter(
                    status: ActionStatus(rawValue: status), owner: owner.map(PersonKey.init), category: category))
            try global.emit(ActionViews.list(items, asOf: session.today))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "An action, whether it worked, its disputes and its history.")
        @Argument(help: ArgumentHelp("The action.", valueName: "CA-n")) var id: ActionID
        @OptionGroup var global: GlobalOptions
        func run() throws {
            try global.emit(ActionViews.detail(try global.session().action(id)))
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done", abstract: "Mark an action done: its 8 weeks of proof start.")
        @Argument(help: ArgumentHelp("The action.", valueName: "CA-n")) var id: ActionID
        @Option(help: ArgumentHelp("What was done.", valueName: "text")) var note: String?
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let session = try global.session()
            let detail = try session.markActionDone(id, note: note)
            try global.emit(
                ActionViews.detail(
                    detail,
                    headline:
                        "Marked \(id) done; it is effective if no dispute of its kind is opened by \(session.today + CorrectiveAction.effectivenessWindowDays)."
                ))
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Verify a done action and close it.")
        @Argument(help: ArgumentHelp("The action.", valueName: "CA-n")) var id: ActionID
        @Option(help: ArgumentHelp("How it was checked.", valueName: "text")) var note: String?
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let detail = try global.session().verifyAction(id, note: note)
            try global.emit(ActionViews.detail(detail, headline: "Verified \(id)."))
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen", abstract: "Reopen a done action that did not work or was not finished.")
        @Argument(help: ArgumentHelp("The action.", valueName: "CA-n")) var id: ActionID
        @Option(help: ArgumentHelp("A new due day.", valueName: "day")) var due: Day?
        @Option(help: ArgumentHelp("Why it is reopened.", valueName: "text")) var note: String?
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let detail = try global.session().reopenAction(id, dueOn: due, note: note)
            try global.emit(ActionViews.detail(detail, headline: "Reopened \(id)."))
        }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "link", abstract: "Link disputes to the action that addresses them.")
        @Argument(help: ArgumentHelp("The action.", valueName: "CA-n")) var id: ActionID
        @Argument(help: ArgumentHelp("The disputes.", valueName: "D-n")) var disputes: [DisputeID]
        @OptionGroup var global: GlobalOptions
        func validate() throws {
            guard !disputes.isEmpty else { throw ValidationError("name at least one dispute (D-n)") }
        }
        func run() throws {
            let detail = try global.session().linkDisputes(disputes, to: id)
            try global.emit(
                ActionViews.detail(
                    detail, headline: "Linked \(disputes.map(\.description).joined(separator: ", ")) to \(id)."))
        }
    }
}

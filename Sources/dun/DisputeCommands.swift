import ArgumentParser
import Complaints
import DunKit
import LedgerPort
import Receivables

extension Channel: CommandLineEnum {}
extension Outcome: CommandLineEnum {}
extension DisputeStatus: CommandLineEnum {}

struct DisputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispute", abstract: "Log, route, follow and resolve customer complaints.",
        subcommands: [Log.self, List.self, Show.self, Assign.self, Note.self, Resolve.self, Reopen.self])

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log", abstract: "Log a complaint against one or more invoices.",
            discussion: """
                Routes it to the category's owner (and the customer's sales rep above the routing threshold) and \
                places a collection hold as the category's policy says, in one transaction.
                """)
        @Option(
            name: .customLong("invoice"),
            help: ArgumentHelp("An invoice it is about (repeatable).", valueName: "number"))
        var invoices: [String] = []
        @Option(help: ArgumentHelp("The problem category, category/subcategory, or a subcategory.", valueName: "code"))
        var category: String
        @Option(
            parsing: .unconditional,
            help: ArgumentHelp("The disputed amount (default: the invoices' open balance).", valueName: "amount"))
        var amount: String?
        @Option(
            name: .customLong("subject"),
            help: ArgumentHelp("What it is about, e.g. sku=ABC-1 (repeatable).", valueName: "key=value"))
        var subjects: [String] = []
        @Option(help: ArgumentHelp("What the customer said.", valueName: "text")) var note: String?
        @Option(
            name: .customLong("reported-on"),
            help: ArgumentHelp("When the customer told us (default: the as-of day).", valueName: "day"))
        var reportedOn: Day?
        @Option(help: "How: phone, email, letter or visit.") var channel: Channel = .phone
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard !invoices.isEmpty else { throw ValidationError("give at least one --invoice") }
            for subject in subjects where Subject(text: subject) == nil {
                throw ValidationError("--subject \"\(subject)\" must be key=value, e.g. sku=ABC-1")
            }
        }

        func run() throws {
            let session = try global.session()
            let detail = try session.logDispute(
                DisputeRequest(
                    invoices: invoices.map(InvoiceNumber.init), category: category, amount: amount,
                    subjects: subjects.compactMap { Subject(text: $0) }, note: note, reportedOn: reportedOn,
                    channel: channel))
            let d = detail.record.dispute
            var headline = "Logged dispute \(d.id) for \(d.amount), routed to \(d.owner)"
            if !d.watchers.isEmpty {
                headline += " (sales rep \(d.watchers.map(\.text).joined(separator: ", ")) notified)"
            }
            headline +=
                detail.holdsPlaced.isEmpty
                ? "; no hold (category policy)."
                : "; placed hold \(detail.holdsPlaced.map(\.description).joined(separator: ", "))."
            try global.emit(DisputeViews.detail(detail, asOf: session.today, headline: headline))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Disputes, newest first.")
        @Option(help: "open, resolved or all.") var status: String = "open"
        @Option(help: ArgumentHelp("Only this owner's.", valueName: "key")) var owner: String?
        @Option(help: ArgumentHelp("Only this category.", valueName: "code")) var category: String?
        @Option(help: ArgumentHelp("Only this customer's.", valueName: "code")) var customer: String?
        @OptionGroup var limit: LimitOption
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard status == "all" || DisputeStatus(rawValue: status) != nil else {
                throw ValidationError("--status must be open, resolved or all")
            }
        }

        func run() throws {
            let session = try global.session()
            let (rows, total) = try session.disputes(
                DisputeFilter(
                    status: DisputeStatus(rawValue: status), owner: owner.map(PersonKey.init), category: category,
                    customer: customer.map(CustomerCode.init), limit: limit.value))
            try global.emit(DisputeViews.list(rows, total: total, asOf: session.today))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "A dispute with its holds, notes and adjustments.")
        @Argument(help: ArgumentHelp("The dispute.", valueName: "D-n")) var id: DisputeID
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let session = try global.session()
            try global.emit(DisputeViews.detail(try session.dispute(id), asOf: session.today))
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign", abstract: "Route a dispute to another owner.")
        @Argument(help: ArgumentHelp("The dispute.", valueName: "D-n")) var id: DisputeID
        @Option(help: ArgumentHelp("The owner's key (see `dun taxonomy show`).", valueName: "key")) var owner: String
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let session = try global.session()
            let detail = try session.assignDispute(id, to: PersonKey(owner))
            try global.emit(DisputeViews.detail(detail, asOf: session.today, headline: "Assigned \(id) to \(owner)."))
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "note", abstract: "Add a note to a dispute's file.")
        @Argument(help: ArgumentHelp("The dispute.", valueName: "D-n")) var id: DisputeID
        @Argument(help: ArgumentHelp("The note.", valueName: "text")) var text: String
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let session = try global.session()
            let detail = try session.noteDispute(id, text: text)
            try global.emit(DisputeViews.detail(detail, asOf: session.today, headline: "Noted on \(id)."))
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve", abstract: "Resolve a dispute; releases its holds so dunning resumes.",
            discussion: """
                credit and return issue a credit note (the disputed amount, or --amount); write-off writes it off; \
                replacement and rejected change no amount. --keep-hold leaves the holds in place.
                """)
        @Argument(help: ArgumentHelp("The dispute.", valueName: "D-n")) var id: DisputeID
        @Option(help: "credit, replacement, return, rejected or write-off.") var outcome: Outcome
        @Option(parsing: .unconditional, help: ArgumentHelp("The amount credited or written off.", valueName: "amount"))
        var amount: String?
        @Option(
            name: .customLong("root-cause"),
            help: ArgumentHelp("What actually caused it (a category code).", valueName: "code"))
        var rootCause: String?
        @Flag(name: .customLong("keep-hold"), help: "Leave the dispute's holds in place.") var keepHold = false
        @Option(help: ArgumentHelp("A note on the resolution.", valueName: "text")) var note: String?
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let session = try global.session()
            let detail = try session.resolveDispute(
                id,
                ResolutionRequest(
                    outcome: outcome, amount: amount, rootCause: rootCause, keepHold: keepHold, note: note))
            var headline = "Resolved \(id) (\(outcome.rawValue))"
            headline +=
                detail.holdsReleased.isEmpty
                ? (keepHold ? "; holds kept." : ".")
                : "; released \(detail.holdsReleased.map(\.description).joined(separator: ", ")) — dunning can resume."
            try global.emit(DisputeViews.detail(detail, asOf: session.today, headline: headline))
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen", abstract: "Reopen a resolved dispute; its holds are placed again.")
        @Argument(help: ArgumentHelp("The dispute.", valueName: "D-n")) var id: DisputeID
        @Option(help: ArgumentHelp("Why it is reopened.", valueName: "text")) var note: String?
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let session = try global.session()
            let detail = try session.reopenDispute(id, note: note)
            try global.emit(DisputeViews.detail(detail, asOf: session.today, headline: "Reopened \(id)."))
        }
    }
}

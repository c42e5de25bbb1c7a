import ArgumentParser
import DunKit
import LedgerPort
import Receivables

struct HoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold", abstract: "List, place and release collection holds.",
        subcommands: [List.self, Place.self, Release.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Holds, oldest first.")
        @Flag(help: "Only holds active on the as-of day.") var active = false
        @OptionGroup var limit: LimitOption
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let session = try global.session()
            let (rows, total) = try session.holds(
                HoldFilter(activeOn: active ? session.today : nil, limit: limit.value))
            try global.emit(HoldViews.list(rows, total: total, asOf: session.today))
        }
    }

    struct Place: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "place", abstract: "Hold an invoice, or everything a customer owes.")
        @Option(help: ArgumentHelp("The invoice to hold.", valueName: "number")) var invoice: String?
        @Option(help: ArgumentHelp("The customer whose open items to hold.", valueName: "code")) var customer: String?
        @Option(help: ArgumentHelp("Why.", valueName: "text")) var reason: String
        @Option(help: ArgumentHelp("The day the hold lapses by itself.", valueName: "day")) var until: Day?
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (invoice == nil) != (customer == nil) else {
                throw ValidationError("give either --invoice or --customer")
            }
        }

        func run() throws {
            let session = try global.session()
            let target: Hold.Target =
                if let invoice { .invoice(InvoiceNumber(invoice), amount: nil) } else {
                    .customer(CustomerCode(customer!))
                }
            let record = try session.placeHold(on: target, reason: reason, until: until)
            try global.emit(HoldViews.changed([record], asOf: session.today, verb: "Placed"))
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Release holds so dunning resumes: one hold, an invoice's, or a dispute's.")
        @Argument(help: ArgumentHelp("The hold.", valueName: "H-n")) var id: HoldID?
        @Option(help: ArgumentHelp("Release the invoice's active holds.", valueName: "number")) var invoice: String?
        @Option(help: ArgumentHelp("Release the dispute's active holds.", valueName: "D-n")) var dispute: DisputeID?
        @Option(help: ArgumentHelp("Why.", valueName: "text")) var note: String?
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard [id != nil, invoice != nil, dispute != nil].filter({ $0 }).count == 1 else {
                throw ValidationError("give one of H-n, --invoice or --dispute")
            }
        }

        func run() throws {
            let session = try global.session()
            let selector: HoldSelector =
                if let id { .hold(id) } else if let invoice { .invoice(InvoiceNumber(invoice)) } else {
                    .dispute(dispute!)
                }
            let records = try session.releaseHolds(selector, note: note)
            try global.emit(HoldViews.changed(records, asOf: session.today, verb: "Released"))
        }
    }
}

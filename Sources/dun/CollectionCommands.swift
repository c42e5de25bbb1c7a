import ArgumentParser
import Complaints
import DunKit
import Foundation
import Interchange
import LedgerPort
import Receivables

extension ImportCommand {
    struct Payments: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "payments",
            abstract: "Post payments from a bank statement (ISO 20022 camt.053/camt.054) or CSV, applied at once.",
            discussion: """
                CSV: reference,customer,received_on,amount,currency,invoice,remittance (only received_on, amount and \
                currency are required; payer and iban are read too). A payment goes to the invoice named in the invoice \
                column or its remittance text; else, for a customer recognised by code, IBAN or exact name, to the one open \
                invoice with exactly that amount; else it stays unapplied (see dun payment list --unapplied). A payment \
                naming an invoice and paying less opens an unexplained-deduction dispute for the rest. Re-importing a \
                statement posts nothing twice.
                """)
        @Argument(help: ArgumentHelp("The statement or CSV file.", valueName: "file")) var file: String
        @Flag(name: .customLong("no-deduction-disputes"), help: "Do not open disputes for short payments.")
        var noDeductionDisputes = false
        @OptionGroup var csv: CSVFlags
        @OptionGroup var currency: CurrencyFlag
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let result = try global.session().importPayments(
                file: file, options: currency.applied(to: csv.options), dryRun: csv.dryRun,
                deductionDisputes: !noDeductionDisputes)
            try global.emit(CollectionViews.paymentImport(result))
        }
    }

    struct CreditNotes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "credit-notes",
            abstract: "Import credit notes: number,customer,issued_on,amount,currency,invoice,reason.")
        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file")) var file: String
        @OptionGroup var csv: CSVFlags
        @OptionGroup var currency: CurrencyFlag
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let result = try global.session().importCreditNotes(
                file: file, options: currency.applied(to: csv.options), dryRun: csv.dryRun)
            try global.emit(LedgerViews.imported(result))
        }
    }
}

extension PaymentID: ExpressibleByArgument {
    public init?(argument: String) { self.init(text: argument) }
}

extension PromiseID: ExpressibleByArgument {
    public init?(argument: String) { self.init(text: argument) }
}

struct PaymentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payment", abstract: "List payments; apply unapplied cash by hand.",
        subcommands: [List.self, Apply.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Payments, newest first.")
        @Flag(help: "Only payments with unapplied cash.") var unapplied = false
        @Option(help: ArgumentHelp("Only this customer's.", valueName: "code")) var customer: String?
        @OptionGroup var limit: LimitOption
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let (rows, total) = try global.session().payments(
                unappliedOnly: unapplied, customer: customer.map(CustomerCode.init), limit: limit.value)
            try global.emit(CollectionViews.payments(rows, total: total))
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply", abstract: "Apply a payment's unapplied cash to an invoice.")
        @Argument(help: ArgumentHelp("The payment.", valueName: "PAY-n")) var id: PaymentID
        @Option(help: ArgumentHelp("The invoice it pays.", valueName: "number")) var invoice: String
        @Option(
            parsing: .unconditional,
            help: ArgumentHelp("How much (default: as much as both allow).", valueName: "amount")) var amount: String?
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let record = try global.session().applyPayment(id, to: InvoiceNumber(invoice), amount: amount)
            try global.emit(CollectionViews.payment(record, headline: "Applied \(id) to \(invoice)."))
        }
    }
}

struct CreditNoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit-note", abstract: "Open credit notes; apply one to another invoice.",
        subcommands: [List.self, Apply.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "A customer's credit notes still open on the as-of day.")
        @Option(help: ArgumentHelp("The customer.", valueName: "code")) var customer: String
        @OptionGroup var global: GlobalOptions
        func run() throws {
            try global.emit(CollectionViews.credits(try global.session().openCredits(of: CustomerCode(customer))))
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply",
            abstract: "Put what is left of a credit note against another open invoice of the customer.",
            discussion: """
                A credit a complaint left on an invoice already paid stays open for the customer: it shows on their \
                statements and letters, and settles another of their invoices from the as-of day.
                """)
        @Argument(help: ArgumentHelp("The credit note.", valueName: "number")) var number: String
        @Option(help: ArgumentHelp("The invoice it settles.", valueName: "number")) var invoice: String
        @Option(
            parsing: .unconditional,
            help: ArgumentHelp("How much (default: as much as both allow).", valueName: "amount")) var amount: String?
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let result = try global.session().applyCreditNote(
                CreditNoteNumber(number), to: InvoiceNumber(invoice), amount: amount)
            try global.emit(
                CollectionViews.creditApplied(result.note, applied: result.applied, invoice: result.invoice))
        }
    }
}

struct PromiseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promise", abstract: "Record and follow promises to pay.", subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a promise; dunning of what it covers pauses until the day plus grace.")
        @Option(help: ArgumentHelp("The customer.", valueName: "code")) var customer: String
        @Option(parsing: .unconditional, help: ArgumentHelp("The amount promised.", valueName: "amount")) var amount:
            String
        @Option(help: ArgumentHelp("The day promised.", valueName: "day")) var due: Day
        @Option(
            name: .customLong("invoice"),
            help: ArgumentHelp("An invoice it covers (repeatable; default: all overdue).", valueName: "number"))
        var invoices: [String] = []
        @Option(help: ArgumentHelp("A note.", valueName: "text")) var note: String?
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let promise = try global.session().addPromise(
                PromiseRequest(
                    customer: CustomerCode(customer), amount: amount, dueOn: due,
                    invoices: invoices.map(InvoiceNumber.init),
                    note: note))
            try global.emit(CollectionViews.promise(promise))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Promises; those whose day has passed turn kept, partly kept or broken.")
        @Option(help: "pending, kept, partly-kept or broken.") var status: String?
        @Option(help: ArgumentHelp("Only this customer's.", valueName: "code")) var customer: String?
        @OptionGroup var limit: LimitOption
        @OptionGroup var global: GlobalOptions
        func validate() throws {
            if let status, !["pending", "kept", "partly-kept", "broken"].contains(status) {
                throw ValidationError("--status must be pending, kept, partly-kept or broken")
            }
        }
        func run() throws {
            let (rows, total) = try global.session().promises(
                status: status, customer: customer.map(CustomerCode.init), limit: limit.value)
            try global.emit(CollectionViews.promises(rows, total: total))
        }
    }
}

struct ContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact", abstract: "Log calls, emails, letters and visits.", subcommands: [Log.self, List.self])

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "Record a contact and its outcome.",
            discussion: """
                --outcome promise records a promise (--amount, --due, --invoice…); --outcome dispute logs a dispute \
                (--invoice…, --category, --dispute-amount, --subject) exactly as dun dispute log would.
                """)
        @Option(help: ArgumentHelp("The customer.", valueName: "code")) var customer: String
        @Option(help: "call, email, letter or visit.") var channel: String
        @Option(help: "reached, no-answer, promise, dispute or wrong-contact.") var outcome: String
        @Option(help: ArgumentHelp("What was said.", valueName: "text")) var note: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("Promise: the amount.", valueName: "amount")) var amount:
            String?
        @Option(help: ArgumentHelp("Promise: the day.", valueName: "day")) var due: Day?
        @Option(
            name: .customLong("invoice"),
            help: ArgumentHelp("Promise or dispute: an invoice (repeatable).", valueName: "number"))
        var invoices: [String] = []
        @Option(help: ArgumentHelp("Dispute: the category.", valueName: "code")) var category: String?
        @Option(
            name: .customLong("dispute-amount"), parsing: .unconditional,
            help: ArgumentHelp("Dispute: the amount.", valueName: "amount"))
        var disputeAmount: String?
        @Option(
            name: .customLong("subject"), help: ArgumentHelp("Dispute: a subject key=value.", valueName: "key=value"))
        var subjects: [String] = []
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard ContactRequest.channels.contains(channel) else {
                throw ValidationError("--channel must be call, email, letter or visit")
            }
            guard ContactRequest.outcomes.contains(outcome) else {
                throw ValidationError("--outcome must be reached, no-answer, promise, dispute or wrong-contact")
            }
            if outcome == "promise" && (amount == nil || due == nil) {
                throw ValidationError("--outcome promise needs --amount and --due")
            }
            if outcome == "dispute" && (category == nil || invoices.isEmpty) {
                throw ValidationError("--outcome dispute needs --invoice and --category")
            }
        }

        func run() throws {
            let session = try global.session()
            let code = CustomerCode(customer)
            let numbers = invoices.map(InvoiceNumber.init)
            let request = ContactRequest(
                customer: code, channel: channel, outcome: outcome, note: note,
                promise: outcome == "promise"
                    ? PromiseRequest(customer: code, amount: amount!, dueOn: due!, invoices: numbers, note: note) : nil,
                dispute: outcome == "dispute"
                    ? DisputeRequest(
                        invoices: numbers, category: category!, amount: disputeAmount,
                        subjects: subjects.compactMap { Subject(text: $0) }, note: note,
                        channel: channel == "call" ? .phone : Channel(rawValue: channel) ?? .phone) : nil)
            try global.emit(CollectionViews.contact(try session.logContact(request), asOf: session.today))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Contacts, newest first.")
        @Option(help: ArgumentHelp("Only this customer's.", valueName: "code")) var customer: String?
        @OptionGroup var limit: LimitOption
        @OptionGroup var global: GlobalOptions
        func run() throws {
            try global.emit(
                CollectionViews.contacts(
                    try global.session().contacts(of: customer.map(CustomerCode.init), limit: limit.value)))
        }
    }
}

struct DunningCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dunning", abstract: "The dunning ladder and the daily run.", subcommands: [Policy.self, Run.self])

    struct Policy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy", abstract: "Show the dunning ladder, or replace it from a YAML file.")
        @Option(help: ArgumentHelp("A YAML policy to load (validated, journaled).", valueName: "file")) var load:
            String?
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let session = try global.session()
            let policy = try load.map { try session.loadDunningPolicy(file: $0) } ?? session.dunningPolicy()
            try global.emit(CollectionViews.policy(policy))
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Plan and record the day's notices: one per customer and step.",
            discussion: """
                Invoices under a hold or a pending promise, covered by unapplied cash, below the minimum, not yet due \
                for their next step or too soon after the last one are left out, each with its reason. Running it twice \
                on a day sends nothing twice. --dry-run shows what would happen and records nothing.
                """)
        @Flag(name: .customLong("dry-run"), help: "Show what would be sent; record nothing.") var dryRun = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let session = try global.session()
            switch global.format {
            case .json:
                // Streamed: a run over a million invoices lists hundreds of thousands of exclusions.
                let out = JSONStream.standardOutput()
                out.raw("{\"asOf\":")
                out.string(session.today.iso)
                out.raw(dryRun ? ",\"dryRun\":true,\"excluded\":[" : ",\"dryRun\":false,\"excluded\":[")
                var first = true
                let summary = try session.runDunning(dryRun: dryRun) { item in
                    out.raw(first ? "\n" : ",\n")
                    CollectionViews.writeExcluded(item, to: out)
                    first = false
                }
                out.raw("\n],\"steps\":[")
                for (index, notice) in summary.notices.enumerated() {
                    out.raw(index == 0 ? "\n" : ",\n")
                    CollectionViews.writeStep(notice, id: summary.recorded[index], to: out)
                }
                let counts = summary.excludedCounts.sorted { $0.key.rawValue < $1.key.rawValue }
                    .map { "\"\($0.key.rawValue)\":\($0.value)" }.joined(separator: ",")
                out.json(
                    "\n],\"excludedCounts\":{\(counts)},\"outbox\":\(OutboxViews.documentsJSON(summary.documents)),"
                        + "\"tasks\":\(summary.tasks.map { "\"T-\($0.id)\"" })}\n")
                out.flush()
            default:
                var sample: [Exclusion: [ExcludedInvoice]] = [:]
                let summary = try session.runDunning(dryRun: dryRun) { item in
                    if (sample[item.reason]?.count ?? 0) < 5 { sample[item.reason, default: []].append(item) }
                }
                var document = CollectionViews.dunningRun(summary, sample: sample)
                OutboxViews.documents(summary.documents, into: &document)
                try global.emit(Presentation(json: [String](), document: document))
            }
        }
    }
}

/// Buffered standard output for streamed listings.
struct WorklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worklist",
        abstract: "The day's calls per collector, by priority, within each one's daily capacity.",
        discussion: """
            Priority: 10 × log10(1 + overdue) for the amount, the oldest item's days past due / 4 (at most 30), 15 per \
            promise broken in 90 days (at most 45), 20 for an A customer and 10 for a B, minus 25 when the customer was \
            reached in the last 3 days. Never lists paid, held or promised invoices; C customers get automated \
            reminders only.
            """)
    @Option(help: ArgumentHelp("Only this collector's list.", valueName: "key")) var collector: String?
    @Option(help: ArgumentHelp("At most this many calls per collector.", valueName: "n")) var limit: Int?
    @OptionGroup var global: GlobalOptions
    func run() throws {
        try global.emit(
            CollectionViews.worklist(
                try global.session().worklist(collector: collector.map(PersonKey.init), limit: limit)))
    }
}

struct CollectorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collector", abstract: "Collectors and their daily call capacity.",
        subcommands: [List.self, Set.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Configured collectors.")
        @OptionGroup var global: GlobalOptions
        func run() throws { try global.emit(CollectionViews.collectors(try global.session().collectors())) }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Add or change a collector.")
        @Argument(help: ArgumentHelp("The collector's key (as in the customers file).", valueName: "key")) var key:
            String
        @Option(help: ArgumentHelp("Name.", valueName: "text")) var name: String
        @Option(help: ArgumentHelp("Calls a day.", valueName: "n")) var capacity: Int = Collector.defaultCapacity
        @Option(help: ArgumentHelp("Email.", valueName: "address")) var email: String?
        @Option(help: ArgumentHelp("Phone.", valueName: "number")) var phone: String?
        @OptionGroup var global: GlobalOptions
        func validate() throws {
            guard capacity > 0 else { throw ValidationError("--capacity must be more than zero") }
        }
        func run() throws {
            let saved = try global.session().saveCollector(
                Collector(key: PersonKey(key), name: name, email: email, phone: phone, dailyCapacity: capacity))
            try global.emit(CollectionViews.collectors([saved]))
        }
    }
}

struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task", abstract: "Tasks created by dunning: calls, escalations, legal actions.",
        subcommands: [List.self, Done.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Open tasks.")
        @Option(help: ArgumentHelp("Only this person's.", valueName: "key")) var assignee: String?
        @OptionGroup var global: GlobalOptions
        func run() throws { try global.emit(CollectionViews.tasks(try global.session().tasks(assignee: assignee))) }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "done", abstract: "Mark a task done.")
        @Argument(help: ArgumentHelp("The task.", valueName: "T-n")) var id: String
        @OptionGroup var global: GlobalOptions
        func run() throws {
            guard let number = Int64(id.uppercased().replacingOccurrences(of: "T-", with: "")) else {
                throw ValidationError("\"\(id)\" is not a task id such as T-3")
            }
            try global.emit(CollectionViews.tasks([try global.session().completeTask(number)]))
        }
    }
}

extension ReportCommand {
    struct Aging: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "aging",
            abstract: "Open items per customer in aging buckets (current, 1–30, 31–60, 61–90, 91+), disputed apart.")
        @Option(help: ArgumentHelp("Show at most this many customers (0: all).", valueName: "n")) var limit: Int = 50
        @Option(help: ArgumentHelp("Write the report to this file.", valueName: "file")) var output: String?
        @OptionGroup var global: GlobalOptions
        func validate() throws { try global.checkOutput(output) }
        func run() throws {
            let report = try global.session().agingReport(limit: limit > 0 ? limit : nil)
            try global.emit(CollectionViews.aging(report), to: output)
        }
    }
}

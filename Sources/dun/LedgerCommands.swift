import ArgumentParser
import DunKit
import Foundation
import Interchange
import LedgerCopy
import LedgerPort
import PostgresStore
import Receivables

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a new ledger with the problem taxonomy.",
        discussion: "Uses the taxonomy built into dun unless --taxonomy names a folder of YAML files.")

    @Option(help: ArgumentHelp("A taxonomy folder to load instead of the built-in one.", valueName: "dir"))
    var taxonomy: String?

    @Option(help: ArgumentHelp("The ledger's base currency (ISO 4217).", valueName: "code"))
    var currency: String = "EUR"

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard Currency(code: currency) != nil else {
            throw ValidationError("--currency \"\(currency)\" is not an ISO 4217 code")
        }
    }

    func run() throws {
        let (_, result) = try Setup.initLedger(
            try global.engine(), taxonomyDirectory: taxonomy, currency: Currency(code: currency)!,
            stamp: global.stamp, lockWait: global.lockWait)
        try global.emit(LedgerViews.initialized(result))
    }
}

struct TaxonomyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taxonomy", abstract: "Show or reload the problem taxonomy.",
        subcommands: [Show.self, Load.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show categories, owners and the management group.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let (taxonomy, retired) = try global.session().taxonomy()
            try global.emit(LedgerViews.taxonomy(taxonomy, retired: retired))
        }
    }

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "load", abstract: "Replace the taxonomy with the YAML files of a folder.",
            discussion: "Categories no longer listed are retired, never deleted: their disputes keep them.")
        @Argument(help: ArgumentHelp("The taxonomy folder.", valueName: "dir")) var directory: String
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let change = try global.session().loadTaxonomy(directory: directory)
            try global.emit(LedgerViews.taxonomyChange(change, source: directory))
        }
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import customers, invoices or disputes from CSV, all or nothing.",
        discussion: """
            Re-importing a file is harmless: rows already in the ledger with the same content are skipped; rows that \
            conflict are refused with their line number, and nothing is written.
            """,
        subcommands: [Customers.self, Invoices.self, Payments.self, CreditNotes.self, Disputes.self])

    struct Customers: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "customers",
            abstract: "Import customers: code,name,email,phone,country,language,sales_rep,collector,iban.")
        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file")) var file: String
        @Flag(help: "Change customers whose details differ instead of refusing the file.") var update = false
        @OptionGroup var csv: CSVFlags
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let result = try global.session().importCustomers(
                file: file, options: csv.options, dryRun: csv.dryRun, update: update)
            try global.emit(LedgerViews.imported(result))
        }
    }

    struct Invoices: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "invoices",
            abstract:
                "Import invoices: number,customer,issue_date,due_date,amount,currency (+ po, sku, description, quantity, line_amount)."
        )
        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file")) var file: String
        @OptionGroup var csv: CSVFlags
        @OptionGroup var currency: CurrencyFlag
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let result = try global.session().importInvoices(
                file: file, options: currency.applied(to: csv.options), dryRun: csv.dryRun)
            try global.emit(LedgerViews.imported(result))
        }
    }

    struct Disputes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disputes",
            abstract:
                "Import disputes: invoice,category,reported_on,amount,channel,note,subject — each logged like `dun dispute log`."
        )
        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file")) var file: String
        @OptionGroup var csv: CSVFlags
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let result = try global.session().importDisputes(file: file, options: csv.options, dryRun: csv.dryRun)
            try global.emit(LedgerViews.imported(result))
        }
    }
}

/// `--limit` for listings.
struct LimitOption: ParsableArguments {
    @Option(help: ArgumentHelp("Show at most this many (0: all).", valueName: "n")) var limit: Int = 100
    var value: Int? { limit <= 0 ? nil : limit }
}

struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer", abstract: "List customers or show one.",
        subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Customers with their balances.")
        @OptionGroup var limit: LimitOption
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let session = try global.session()
            let (rows, total) = try session.customers(limit: limit.value)
            try global.emit(LedgerViews.customers(rows, total: total))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "A customer, their open invoices, disputes and holds.")
        @Argument(help: ArgumentHelp("The customer code.", valueName: "code")) var code: String
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let session = try global.session()
            try global.emit(LedgerViews.customer(try session.customer(CustomerCode(code)), asOf: session.today))
        }
    }
}

struct InvoiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoice", abstract: "List invoices, show one with its history, email a copy.",
        subcommands: [List.self, Show.self, Send.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Invoices, all or open ones, of all customers or one.")
        @Flag(help: "Only invoices with an open balance.") var open = false
        @Option(help: ArgumentHelp("Only this customer's invoices.", valueName: "code")) var customer: String?
        @OptionGroup var limit: LimitOption
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let session = try global.session()
            let (rows, total) = try session.invoices(
                InvoiceFilter(openOnly: open, customer: customer.map(CustomerCode.init), limit: limit.value))
            try global.emit(LedgerViews.invoices(rows, total: total, asOf: session.today))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "An invoice with its lines, disputes, holds and history.")
        @Argument(help: ArgumentHelp("The invoice number.", valueName: "number")) var number: String
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let session = try global.session()
            try global.emit(LedgerViews.invoice(try session.invoice(InvoiceNumber(number)), asOf: session.today))
        }
    }

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Email a copy of an invoice to the customer, with the statement attached.",
            discussion: "The copy goes through the outbox and is delivered at once unless --queue is given.")
        @Argument(help: ArgumentHelp("The invoice number.", valueName: "number")) var number: String
        @Option(help: ArgumentHelp("Send to this address instead of the customer's.", valueName: "email")) var to:
            String?
        @Option(
            help: ArgumentHelp(
                "The sendmail-compatible command (else $DUN_MAIL_COMMAND, else ~/.config/dun/config).",
                valueName: "command"))
        var via: String?
        @Flag(help: "Only put it in the outbox; dun outbox send delivers it later.") var queue = false
        @OptionGroup var timeout: MailTimeoutOption
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let mail = try OutboxCommand.mailSettings(via: via, timeout: timeout.seconds)
            let session = try global.session()
            let item = try session.queueInvoiceCopy(InvoiceNumber(number), to: to)
            guard !queue else { return try global.emit(OutboxViews.item(item, raw: false)) }
            let report = try session.sendOutbox(via: mail.command, output: nil, only: [item.id], timeout: mail.timeout)
            OutboxCommand.warnIgnored(report)
            try global.emit(OutboxViews.send(report))
            try OutboxCommand.failIfAny(report)
        }
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The audit trail of a dispute (D-n), hold (H-n), invoice or customer.")
    @Argument(help: ArgumentHelp("D-n, H-n, an invoice number or a customer code.", valueName: "thing")) var thing:
        String
    @OptionGroup var global: GlobalOptions
    func run() throws {
        let (subject, entries) = try global.session().history(of: thing)
        try global.emit(LedgerViews.history(subject: subject, entries: entries))
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check the ledger: the engine's integrity and the ledger's own invariants.",
        discussion: """
            On SQLite, runs its integrity and foreign-key checks (PostgreSQL enforces references as rows go in), \
            then checks that each invoice's open balance is its \
            amount less its payment applications, credit applications and write-offs; that payments and credit \
            notes are applied no more than they are worth, as recorded; and that every dispute, hold, payment, \
            credit note, promise, contact, corrective action, task and dunning notice has its journal entry. Prints `ok` with the counts and exits 0, or lists the first problems \
            of each kind and exits 1. It only reads.
            """)
    @Option(help: ArgumentHelp("List at most this many problems of each kind.", valueName: "n")) var examples: Int = 10
    @OptionGroup var global: GlobalOptions
    func validate() throws {
        guard examples >= 1 else { throw ValidationError("--examples must be at least 1") }
    }
    func run() throws {
        let check = try global.session().check(examples: examples)
        try global.emit(CheckViews.check(check))
        guard check.isOK else {
            let count = check.problems.reduce(0) { $0 + $1.count }
            throw InputError(
                message: "the ledger has \(count) problem\(count == 1 ? "" : "s"): "
                    + check.problems.map { "\($0.count) \($0.kind)" }.joined(separator: ", "))
        }
    }
}

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Write a consistent copy of the ledger while others work.",
        discussion: """
            Uses SQLite's online backup: other dun commands go on reading and writing meanwhile, and the copy \
            holds the ledger as it was when the backup began. The copy is written beside FILE and renamed over it \
            once complete; it is never the ledger itself, and an existing FILE is replaced only with --force. The \
            copy is a ledger: open it with --database FILE. A ledger on PostgreSQL is backed up with the server's \
            own tools (pg_dump), or copied into a new SQLite file with `dun ledger copy --to FILE`.
            """)
    @Argument(help: ArgumentHelp("The copy to write.", valueName: "file")) var file: String
    @Flag(help: "Replace FILE if it exists.") var force = false
    @OptionGroup var global: GlobalOptions
    func validate() throws {
        do {
            let engine = try global.engine()
            try OutputFile.refuseLedger(file, ledger: engine.location, files: engine.files)
        } catch let error as OutputFile.LedgerTarget {
            throw ValidationError(error.description)
        }
    }
    func run() throws {
        if try global.engine() is PostgresEngine {
            throw InputError(
                message: "dun backup copies SQLite ledgers; back a PostgreSQL ledger up with pg_dump, or copy it "
                    + "into a new file with `dun ledger copy --to \(file)`")
        }
        try global.emit(BackupViews.backup(try global.session().backup(to: file, force: force)))
    }
}

struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Move a ledger between engines.", subcommands: [Copy.self])

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy", abstract: "Copy a ledger, journal included, from SQLite to PostgreSQL or back.",
            discussion: """
                One side is a SQLite file, the other a PostgreSQL connection string as psql takes it \
                (postgres://user@host/db, postgresql://…, key=value, PG* variables, ~/.pgpass). Into PostgreSQL: \
                the schema is created if missing and the database must hold no ledger rows. Into SQLite: the file \
                must not exist. Every table is copied in one transaction at the target, then read back: each \
                table's row count and a checksum of its rows must equal the source's, or nothing is kept. Then \
                point --database (or $DUN_DATABASE) at the copy.
                """)
        @Option(
            help: ArgumentHelp(
                "The ledger to copy: a SQLite file (default: --database) or a PostgreSQL URL.", valueName: "from"))
        var from: String?
        @Option(help: ArgumentHelp("Where to copy it: a PostgreSQL URL, or a new SQLite file.", valueName: "to"))
        var to: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let source = from ?? global.databasePath
            let report: LedgerCopy.Report
            switch (GlobalOptions.isPostgres(source), GlobalOptions.isPostgres(to)) {
            case (false, true): report = try LedgerCopy.sqliteToPostgres(from: source, to: to)
            case (true, false): report = try LedgerCopy.postgresToSQLite(from: source, to: to)
            default:
                throw ValidationError("one of --from and --to is a SQLite file and the other a PostgreSQL URL")
            }
            print(
                "Copied \(PostgresConnectionString.redacted(source)) to \(PostgresConnectionString.redacted(to)): "
                    + "\(report.tables.count) tables, \(report.rows) rows; row counts and checksums match.")
        }
    }
}

import Complaints
import Foundation
import Interchange
import LedgerPort
import Receivables

/// What an import did, or would do with `--dry-run`.
public struct ImportResult: Sendable, Encodable {
    public var kind: String
    public var file: String
    public var dryRun: Bool
    public var rows: Int
    public var inserted: Int
    public var skipped: Int
    /// Rows identical to an earlier row of the same file, skipped.
    public var repeats: Int
    public var updated: Int
    public var lines: Int
    /// Disputes logged by a disputes import.
    public var disputes: [DisputeID]
}

/// The fields each kind of CSV file has (SPEC §2); `--map` renames the file's headers onto them.
public enum ImportFields {
    public static let customers = (
        required: ["code", "name"],
        optional: ["email", "phone", "country", "language", "sales_rep", "collector", "iban", "address"]
    )
    public static let invoices = (
        required: ["number", "customer", "issue_date", "due_date", "amount"],
        optional: ["currency", "po", "sku", "description", "quantity", "line_amount"]
    )
    public static let disputes = (
        required: ["invoice", "category"],
        optional: [
            "reported_on", "amount", "channel", "note", "subject",
            // A complaint of a history that was resolved since.
            "resolved_on", "outcome", "root_cause", "resolved_amount", "resolution_note", "credit_note",
        ]
    )
}

extension Session {
    /// Imports customers from CSV, all or nothing. Identical rows are skipped; a row that differs
    /// from the ledger is refused unless `update` is on.
    public func importCustomers(file: String, options: CSVOptions, dryRun: Bool, update: Bool) throws -> ImportResult {
        return try ledger.bulkWrite(stamp, loading: .customers) { tx in
            // Opened inside the transaction: an engine may run it again after a conflict.
            let table = try CSVTable(
                reader: CSVReader(path: file, delimiter: options.delimiter), options: options,
                required: ImportFields.customers.required, optional: ImportFields.customers.optional)
            let loader = try tx.customerLoader(update: update)
            defer { progress?.finish() }
            while try table.next() {
                progress?.row("customers", of: table)
                let languageText = try table.text("language")?.lowercased()
                let language: Language
                if let languageText {
                    guard let known = Language(rawValue: languageText) else {
                        throw table.error("language", "language \"\(languageText)\" must be en or fr")
                    }
                    language = known
                } else {
                    language = .en
                }
                var ibans: [IBAN] = []
                if let text = try table.text("iban") {
                    let list = IBAN.list(text)
                    if let bad = list.invalid.first { throw table.error("iban", "iban \"\(bad)\" is not a valid IBAN") }
                    ibans = list.ibans
                }
                let email = try table.text("email")
                if let email, !email.contains("@") || email.contains(where: { $0 == " " || $0 == "\r" || $0 == "\n" }) {
                    throw table.error("email", "email \"\(email)\" is not an email address")
                }
                let customer = Customer(
                    code: CustomerCode(try table.required("code")), name: try table.required("name"), email: email,
                    phone: try table.text("phone"), country: try table.text("country")?.uppercased(),
                    language: language,
                    salesRep: try table.text("sales_rep").map(PersonKey.init),
                    collector: try table.text("collector").map(PersonKey.init),
                    ibans: ibans, addressLines: try table.text("address").map(Customer.addressLines) ?? [])
                do {
                    try loader.add(customer, line: table.line)
                } catch let refusal as LoadRefusal {
                    throw InterchangeError(
                        file: table.file, line: refusal.line, field: refusal.field, message: refusal.message)
                }
            }
            return try finishImport("customers", file: file, counts: loader.counts, dryRun: dryRun, tx: tx)
        }
    }

    /// Imports invoices from CSV, all or nothing; one row per invoice, or one per line with the
    /// header fields repeated.
    public func importInvoices(file: String, options: CSVOptions, dryRun: Bool) throws -> ImportResult {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        // Every customer reference is resolved against the customer table as the row is read
        // (with its line number when it fails), so no foreign-key pass is needed after the load.
        return try ledger.bulkWrite(stamp, loading: .invoices) { tx in
            // Opened inside the transaction: an engine may run it again after a conflict.
            let table = try CSVTable(
                reader: CSVReader(path: file, delimiter: options.delimiter), options: options,
                required: ImportFields.invoices.required, optional: ImportFields.invoices.optional)
            table.defaultCurrency = try options.currency ?? tx.reader.baseCurrency()
            // About 55 bytes a row in a typical ERP export: enough to decide how to load.
            let loader = try tx.invoiceLoader(expectedRows: size / 55)
            let hasLines = ["sku", "description", "quantity", "line_amount"].contains { table.has($0) }
            let (number, customer, issueDate, dueDate, amount, currency, po) = (
                table.field("number"), table.field("customer"), table.field("issue_date"), table.field("due_date"),
                table.field("amount"), table.field("currency"), table.field("po")
            )
            let (sku, description, quantity, lineAmount) = (
                table.field("sku"), table.field("description"), table.field("quantity"), table.field("line_amount")
            )
            let counts: LoadCounts
            do {
                defer { progress?.finish() }
                while try table.next() {
                    progress?.row("invoices", of: table)
                    let money = try table.currency(currency)
                    let issue = try table.day(issueDate)
                    if issue > today {
                        throw table.error("issue_date", "issued on \(issue), after the as-of day \(today)")
                    }
                    let due = try table.day(dueDate)
                    if due < issue {
                        throw table.error("due_date", "due_date \(due) is before issue_date \(issue)")
                    }
                    var line: InvoiceLine?
                    if hasLines {
                        let candidate = InvoiceLine(
                            sku: try table.text(sku), description: try table.text(description),
                            quantity: try table.text(quantity),
                            amount: try table.optionalMoney(lineAmount, currency: money))
                        if candidate != InvoiceLine() { line = candidate }
                    }
                    let row = InvoiceRow(
                        number: InvoiceNumber(try table.required(number)),
                        customer: CustomerCode(try table.required(customer)),
                        issueDate: issue, dueDate: due, amount: try table.money(amount, currency: money),
                        purchaseOrder: try table.text(po), line: line)
                    try loader.add(row, line: table.line)
                }
                counts = try loader.finish()
                _ = try applyWaitingCash(toInvoicesFrom: loader.firstNewKey, in: tx)
            } catch let refusal as LoadRefusal {
                throw InterchangeError(
                    file: table.file, line: refusal.line, field: refusal.field, message: refusal.message)
            }
            return try finishImport("invoices", file: file, counts: counts, dryRun: dryRun, tx: tx)
        }
    }

    /// Imports disputes from a helpdesk or spreadsheet export: each row is logged exactly as
    /// `dun dispute log` would log it (routing, holds, journal), all in one transaction. A row
    /// with `resolved_on` and `outcome` (a complaint of a company's history) is then resolved on
    /// that day as `dun dispute resolve` would; `credit_note` names the credit note that settled
    /// it when it is already in the ledger, so that it is not issued twice.
    public func importDisputes(file: String, options: CSVOptions, dryRun: Bool) throws -> ImportResult {
        return try write { tx in
            // Opened inside the transaction: an engine may run it again after a conflict.
            let table = try CSVTable(
                reader: CSVReader(path: file, delimiter: options.delimiter), options: options,
                required: ImportFields.disputes.required, optional: ImportFields.disputes.optional)
            try tx.expectScatteredUpdates()
            var counts = LoadCounts()
            var logged: [DisputeID] = []
            // Read once for the file: routing looks at it for every row.
            let taxonomy = try tx.reader.taxonomy()
            defer { progress?.finish() }
            while try table.next() {
                progress?.row("disputes", of: table)
                counts.rows += 1
                var channel = Channel.import
                if let text = try table.text("channel") {
                    guard let known = Channel(rawValue: text.lowercased()) else {
                        throw table.error("channel", "channel \"\(text)\" must be phone, email, letter or visit")
                    }
                    channel = known
                }
                var subjects: [Subject] = []
                if let text = try table.text("subject") {
                    for part in text.split(separator: ";") {
                        guard let subject = Subject(text: part) else {
                            throw table.error("subject", "subject \"\(part)\" must be key=value, e.g. sku=ABC-1")
                        }
                        subjects.append(subject)
                    }
                }
                let invoices = try table.required("invoice").split(separator: " ").map { InvoiceNumber(String($0)) }
                let request = DisputeRequest(
                    invoices: invoices, category: try table.required("category"), amount: try table.text("amount"),
                    subjects: subjects, note: try table.text("note"), reportedOn: try table.optionalDay("reported_on"),
                    channel: channel)
                let resolution = try resolutionRow(table)
                if try existingDispute(request, taxonomy: taxonomy, in: tx) != nil {
                    counts.skipped += 1
                    continue
                }
                do {
                    let id = try recordDispute(request, taxonomy: taxonomy, in: tx).0
                    if let (day, resolve, creditNote) = resolution {
                        _ = try self.resolve(id, resolve, on: day, creditNote: creditNote, in: tx)
                    }
                    logged.append(id)
                    counts.inserted += 1
                } catch let error as RuleViolation {
                    throw table.error(nil, error.description)
                } catch let error as InputError {
                    throw table.error(resolution == nil ? "amount" : nil, error.message)
                }
            }
            var result = try finishImport("disputes", file: file, counts: counts, dryRun: dryRun, tx: tx)
            result.disputes = logged
            return result
        }
    }

    /// The resolution a disputes row carries, if it has a `resolved_on`: its day, what to resolve
    /// with, and the credit note that settled it.
    func resolutionRow(
        _ table: CSVTable
    ) throws -> (day: Day, request: ResolutionRequest, creditNote: CreditNoteNumber?)? {
        let outcomeText = try table.text("outcome")
        guard let day = try table.optionalDay("resolved_on") else {
            if outcomeText != nil { throw table.error("resolved_on", "an outcome needs the day it was resolved") }
            return nil
        }
        guard day <= today else {
            throw table.error("resolved_on", "resolved on \(day), after the as-of day \(today)")
        }
        guard let outcomeText else { throw table.error("outcome", "a resolved dispute needs its outcome") }
        guard let outcome = Outcome(rawValue: outcomeText.lowercased()) else {
            throw table.error(
                "outcome",
                "outcome \"\(outcomeText)\" must be \(Outcome.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let creditNote = try table.text("credit_note").map(CreditNoteNumber.init)
        if creditNote != nil, outcome != .credit, outcome != .return {
            throw table.error(
                "credit_note", "a credit note settles a credit or return outcome, not \(outcome.rawValue)")
        }
        return (
            day,
            ResolutionRequest(
                outcome: outcome, amount: try table.text("resolved_amount"), rootCause: try table.text("root_cause"),
                note: try table.text("resolution_note")),
            creditNote
        )
    }

    /// A dispute already in the ledger for the same invoices, category, channel and reported
    /// day (and amount, when the row gives one): the row of a file imported before.
    func existingDispute(
        _ request: DisputeRequest, taxonomy: Taxonomy, in tx: any LedgerWriting
    ) throws -> DisputeID? {
        guard let first = request.invoices.first else { return nil }
        let (category, subcategory) = try resolveCategory(request.category, taxonomy: taxonomy, reader: tx.reader)
        return try tx.reader.disputes(DisputeFilter(status: nil, invoice: first), on: .latest).rows.first { record in
            let dispute = record.dispute
            let sameAmount =
                try request.amount.map { try parseAmount($0, currency: dispute.amount.currency) == dispute.amount }
                ?? true
            return Set(dispute.invoices.map(\.number)) == Set(request.invoices) && dispute.category == category.code
                && dispute.subcategory == subcategory?.code && dispute.reportedOn == (request.reportedOn ?? today)
                && dispute.channel == request.channel && sameAmount
        }?.dispute.id
    }

    func finishImport(
        _ kind: String, file: String, counts: LoadCounts, dryRun: Bool, tx: any LedgerWriting
    ) throws -> ImportResult {
        if dryRun { tx.rollBackAtEnd() }
        try tx.journal(
            "import.\(kind)", subject: "import:\(kind)",
            details: [
                "file": (file as NSString).lastPathComponent, "rows": String(counts.rows),
                "inserted": String(counts.inserted), "skipped": String(counts.skipped),
                "repeats": String(counts.repeats),
                "updated": String(counts.updated), "lines": String(counts.lines),
            ])
        return ImportResult(
            kind: kind, file: file, dryRun: dryRun, rows: counts.rows, inserted: counts.inserted,
            skipped: counts.skipped, repeats: counts.repeats,
            updated: counts.updated, lines: counts.lines, disputes: [])
    }
}

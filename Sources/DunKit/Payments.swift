import Complaints
import Foundation
import Interchange
import LedgerPort
import Receivables

/// A payment read from a file, before cash application.
struct IncomingPayment {
    var sourceKey: String
    var line: Int
    var customer: CustomerCode?
    var receivedOn: Day
    var amount: Money
    var invoiceColumn: [String]
    var remittance: [String]
    var reference: String?
    var endToEndId: String?
    var payerName: String?
    var payerIBAN: String?
}

/// What `dun import payments` did, or would do with `--dry-run`.
public struct PaymentImportResult: Sendable, Encodable {
    public struct SkippedEntry: Sendable, Encodable {
        public var line: Int
        public var reason: String
        public var amount: String?
    }

    public var file: String
    public var format: String
    public var dryRun: Bool
    /// Credits read from the file.
    public var entries: Int
    public var posted: Int
    /// Already imported before (same bank reference): posted nothing twice.
    public var alreadyImported: Int
    public var applied: CurrencyTotals
    public var unapplied: CurrencyTotals
    /// How many payments each rule placed.
    public var rules: [String: Int]
    public var payments: [PaymentID]
    public var deductionDisputes: [DisputeID]
    public var promisesSettled: [PromiseID]
    /// Debits, reversals and entries not booked, from a bank statement.
    public var skipped: [SkippedEntry]
}

extension Session {
    /// Posts the payments of a CSV file or an ISO 20022 camt.053/camt.054 statement (detected
    /// from the file), applying each by the matching rules, all in one transaction.
    ///
    /// A payment that names an invoice and pays less opens an unexplained-deduction dispute for
    /// the rest (held like any dispute) unless `deductionDisputes` is off or a pending promise
    /// covers the invoice (an agreed instalment).
    public func importPayments(
        file: String, options: CSVOptions, dryRun: Bool, deductionDisputes: Bool
    ) throws -> PaymentImportResult {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw InterchangeError(file: file, line: 0, message: "no such file")
        }
        var statement: BankStatement?
        if CamtReader.looksLikeCamt(data.prefix(65_536)) {
            do {
                statement = try CamtReader.read(data: data, file: file)
            } catch {
                throw InterchangeError(file: file, line: error.line ?? 0, message: error.message)
            }
        }
        let source = (file as NSString).lastPathComponent
        return try write { tx in
            try tx.expectScatteredUpdates()
            var result = PaymentImportResult(
                file: file, format: statement?.kind.rawValue ?? "csv", dryRun: dryRun, entries: 0, posted: 0,
                alreadyImported: 0, applied: CurrencyTotals(), unapplied: CurrencyTotals(), rules: [:], payments: [],
                deductionDisputes: [], promisesSettled: [],
                skipped: statement?.skipped.map {
                    .init(line: $0.line, reason: $0.reason, amount: $0.amount?.description)
                }
                    ?? [])
            var customers = Set<CustomerCode>()
            let posting = Posting(deductionDisputes: deductionDisputes)
            // Entries are posted as they are read: a file of a million payments is never held whole.
            func handle(_ payment: IncomingPayment) throws {
                result.entries += 1
                if payment.receivedOn > today {
                    throw InterchangeError(
                        file: file, line: payment.line, field: statement == nil ? "received_on" : "BookgDt",
                        message: "received on \(payment.receivedOn), after the as-of day \(today)")
                }
                if try tx.reader.paymentExists(sourceKey: payment.sourceKey) {
                    result.alreadyImported += 1
                    return
                }
                let posted: (id: PaymentID, decision: CashDecision, disputes: [DisputeID])
                do {
                    posted = try post(payment, source: source, posting: posting, in: tx)
                } catch let refusal as MoneyCeilingExceeded {
                    throw InterchangeError(
                        file: file, line: payment.line, field: statement == nil ? "amount" : "Amt",
                        message: refusal.description)
                }
                result.posted += 1
                result.payments.append(posted.id)
                for application in posted.decision.applications {
                    result.applied.add(application.amount)
                    result.rules[application.rule.rawValue, default: 0] += 1
                }
                if posted.decision.unapplied.isPositive { result.unapplied.add(posted.decision.unapplied) }
                result.deductionDisputes += posted.disputes
                if let customer = posted.decision.customer { customers.insert(customer) }
            }
            if let statement {
                defer { progress?.finish() }
                for (index, credit) in statement.credits.enumerated() {
                    progress?.row("payments", fraction: Double(index + 1) / Double(statement.credits.count))
                    try handle(
                        IncomingPayment(
                            sourceKey: "camt:" + credit.uniqueKey, line: credit.line, customer: nil,
                            receivedOn: credit.bookingDate, amount: credit.amount, invoiceColumn: [],
                            remittance: credit.remittanceTexts,
                            reference: credit.accountServicerReference ?? credit.entryReference,
                            endToEndId: credit.endToEndId, payerName: credit.debtorName, payerIBAN: credit.debtorIBAN))
                }
            } else {
                var options = options
                if options.currency == nil { options.currency = try tx.reader.baseCurrency() }
                try readPaymentsCSV(file: file, options: options, each: handle)
            }
            result.promisesSettled = try settlePromises(of: customers.sorted(), in: tx)
            if dryRun { tx.rollBackAtEnd() }
            try tx.journal(
                "import.payments", subject: "import:payments",
                details: [
                    "file": source, "format": result.format, "entries": String(result.entries),
                    "posted": String(result.posted), "alreadyImported": String(result.alreadyImported),
                    "applied": result.applied.description, "unapplied": result.unapplied.description,
                ])
            return result
        }
    }

    /// What stays the same for every payment of an import, read once when first needed.
    final class Posting {
        let deductionDisputes: Bool
        var taxonomy: Taxonomy?
        /// What promises paused on the days payments were received (a file spans many days).
        var promised: [Day: PromisedSet] = [:]

        init(deductionDisputes: Bool) { self.deductionDisputes = deductionDisputes }
    }

    /// Reads `reference,customer,received_on,amount,currency,invoice,remittance` (and `payer`,
    /// `iban`), calling `each` for every row.
    func readPaymentsCSV(file: String, options: CSVOptions, each: (IncomingPayment) throws -> Void) throws {
        let table = try CSVTable(
            reader: CSVReader(path: file, delimiter: options.delimiter), options: options,
            required: ["received_on", "amount"],
            optional: ["currency", "reference", "customer", "invoice", "remittance", "payer", "iban"])
        table.defaultCurrency = options.currency
        var occurrences: [String: Int] = [:]
        defer { progress?.finish() }
        while try table.next() {
            progress?.row("payments", of: table)
            let currency = try table.currency("currency")
            let amount = try table.money("amount", currency: currency)
            guard amount.isPositive else {
                throw table.error("amount", "amount \(amount.decimalString) must be positive")
            }
            let day = try table.day("received_on")
            let reference = try table.text("reference")
            let invoices =
                try table.text("invoice").map {
                    $0.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "," }).map(String.init)
                } ?? []
            let remittance = try table.text("remittance")
            let customer = try table.text("customer")
            // Without a reference, the row's content identifies it; identical rows are numbered.
            var key =
                "csv:"
                + (reference
                    ?? [
                        day.iso, amount.description, customer ?? "", invoices.joined(separator: " "), remittance ?? "",
                    ].joined(separator: "|"))
            if reference == nil {
                let count = occurrences[key, default: 0] + 1
                occurrences[key] = count
                if count > 1 { key += "#\(count)" }
            }
            try each(
                IncomingPayment(
                    sourceKey: key, line: table.line, customer: customer.map(CustomerCode.init), receivedOn: day,
                    amount: amount, invoiceColumn: invoices, remittance: remittance.map { [$0] } ?? [],
                    reference: reference, endToEndId: nil, payerName: try table.text("payer"),
                    payerIBAN: try table.text("iban")))
        }
    }

    /// Records one payment and applies it.
    func post(
        _ payment: IncomingPayment, source: String?, posting: Posting, in tx: any LedgerWriting
    ) throws -> (id: PaymentID, decision: CashDecision, disputes: [DisputeID]) {
        let reader = tx.reader
        var customer: CustomerRef?
        if let code = payment.customer, let id = try reader.customerID(code) {
            customer = CustomerRef(id: id, code: code)
        }
        if customer == nil, let iban = payment.payerIBAN.flatMap({ IBAN($0) }) {
            customer = try reader.customer(iban: iban)
        }
        if customer == nil, let name = payment.payerName { customer = try reader.customer(exactName: name) }

        // The open invoices named, in the order named, each once (a payment names a few).
        var named: [(row: PostingItem, rule: MatchRule)] = []
        func name(_ text: String, _ rule: MatchRule) throws {
            let number = InvoiceNumber(text)
            if !named.contains(where: { $0.row.item.number == number }), let row = try reader.openItem(number) {
                named.append((row, rule))
            }
        }
        for text in payment.invoiceColumn { try name(text, .invoiceColumn) }
        for text in payment.remittance {
            for candidate in CashApplication.candidateNumbers(in: text) { try name(candidate, .remittance) }
        }
        named.removeAll { $0.row.item.open.currency != payment.amount.currency }
        // Two invoices with exactly the amount are enough to know the rule does not apply.
        let exact =
            if named.isEmpty, let customer {
                try reader.openItems(
                    ofCustomer: customer.id, exactly: payment.amount, issuedBy: payment.receivedOn, limit: 2)
            } else { [PostingItem]() }
        let decision = CashApplication.decide(
            amount: payment.amount, named: named.map { ($0.row.item, $0.rule) }, customer: customer?.code,
            customerOpenItems: exact.map(\.item))
        // Rows are looked up again by number only among the few just read.
        let rows = named.map(\.row) + exact
        func row(_ invoice: InvoiceNumber) -> PostingItem { rows.first { $0.item.number == invoice }! }

        let id = try tx.insertPayment(
            NewPayment(
                sourceKey: payment.sourceKey, customerID: customer?.id ?? named.first?.row.customerID,
                receivedOn: payment.receivedOn, amount: payment.amount,
                reference: payment.reference, endToEndId: payment.endToEndId, payerName: payment.payerName,
                payerIBAN: payment.payerIBAN, remittance: payment.remittance.joined(separator: " / "), source: source,
                invoiceRefs: payment.invoiceColumn.isEmpty ? nil : payment.invoiceColumn.joined(separator: " ")),
            unapplied: decision.unapplied)
        // Each part takes effect the day the bank booked the payment (or the day the invoice was
        // issued, for a payment that came before it).
        try tx.post(
            id,
            to: decision.applications.map {
                let item = row($0.invoice)
                return (
                    item.invoiceID, $0.amount, $0.rule,
                    Invoice.effectiveDay(of: payment.receivedOn, issuedOn: item.issuedOn)
                )
            })
        var details = ["amount": payment.amount.description, "receivedOn": payment.receivedOn.iso]
        if !decision.applications.isEmpty {
            details["applied"] = decision.applications.map {
                "\($0.invoice) \($0.amount.decimalString) (\($0.rule.rawValue))"
            }
            .joined(separator: ", ")
        }
        if decision.unapplied.isPositive { details["unapplied"] = decision.unapplied.description }
        if let reference = payment.reference { details["reference"] = reference }
        try tx.journal(
            "payment.post", subject: "payment:\(id)",
            refs: decision.applications.map { JournalRef.invoice($0.invoice) }
                + (decision.customer.map { [JournalRef.customer($0)] } ?? []),
            details: details)

        var disputes: [DisputeID] = []
        if posting.deductionDisputes && !decision.shortPaid.isEmpty {
            let promised = try posting.promised[payment.receivedOn] ?? reader.promisedSet(on: payment.receivedOn)
            posting.promised[payment.receivedOn] = promised
            let taxonomy = try posting.taxonomy ?? reader.taxonomy()
            posting.taxonomy = taxonomy
            for (invoice, residual) in decision.shortPaid {
                let shortPaid = row(invoice)
                if promised.pausedUntil(invoice: shortPaid.invoiceID, customer: shortPaid.customerID) != nil {
                    continue
                }
                let paid = decision.applications.first { $0.invoice == invoice }?.amount ?? .zero(residual.currency)
                let (dispute, _) = try recordDispute(
                    DisputeRequest(
                        invoices: [invoice], category: "unexplained-deduction/short-payment",
                        amount: residual.decimalString,
                        note: "short payment \(id): \(paid) paid, \(residual) deducted without explanation",
                        reportedOn: payment.receivedOn, channel: .deduction),
                    taxonomy: taxonomy, in: tx)
                disputes.append(dispute)
            }
        }
        return (id, decision, disputes)
    }

    /// Puts cash that came before its invoice on the invoices just imported that its file named
    /// (in the invoice column or the remittance), each from the day the bank booked it or the
    /// invoice was issued, in the order named: a history's payments file may come before its
    /// invoices. Returns how many payments found their invoices.
    func applyWaitingCash(toInvoicesFrom firstNewID: Int64, in tx: any LedgerWriting) throws -> Int {
        let reader = tx.reader
        var found = 0
        for waiting in try reader.waitingCash() {
            var rest = waiting.unapplied
            var parts: [(item: PostingItem, rule: MatchRule)] = []
            let named =
                waiting.named.map { ($0, MatchRule.invoiceColumn) }
                + (waiting.remittance.map { CashApplication.candidateNumbers(in: $0) } ?? []).map { ($0, .remittance) }
            for (number, rule) in named where !parts.contains(where: { $0.item.item.number.text == number }) {
                guard let item = try reader.openItem(InvoiceNumber(number)), item.invoiceID >= firstNewID,
                    item.item.open.currency == rest.currency, waiting.customerID.map({ $0 == item.customerID }) ?? true
                else { continue }
                parts.append((item, rule))
            }
            guard !parts.isEmpty else { continue }
            var applied: [String] = []
            for (item, rule) in parts where rest.isPositive {
                let amount = Money(minorUnits: min(rest.minorUnits, item.item.open.minorUnits), currency: rest.currency)
                try tx.apply(
                    waiting.id, to: item.item.number, amount: amount, rule: rule,
                    on: Invoice.effectiveDay(of: waiting.receivedOn, issuedOn: item.issuedOn))
                try tx.setPaymentCustomer(waiting.id, item.item.customer)
                rest = rest - amount
                applied.append("\(item.item.number) \(amount.decimalString) (\(rule.rawValue))")
                try tx.journal(
                    "payment.apply", subject: "payment:\(waiting.id)",
                    refs: [JournalRef.invoice(item.item.number), JournalRef.customer(item.item.customer)],
                    details: [
                        "invoice": item.item.number.text, "amount": amount.description, "rule": rule.rawValue,
                        "receivedOn": waiting.receivedOn.iso,
                    ])
            }
            found += 1
        }
        return found
    }

    /// Puts unapplied cash of a payment against an invoice by hand.
    public func applyPayment(_ id: PaymentID, to invoice: InvoiceNumber, amount text: String?) throws -> PaymentRecord {
        try write { tx in
            guard let record = try tx.reader.payment(id) else { throw RuleViolation.unknownPayment(id) }
            guard record.payment.receivedOn <= today else {
                throw RuleViolation.receivedAfterToday(id, record.payment.receivedOn)
            }
            guard let item = try tx.reader.invoice(invoice, on: today) else {
                throw RuleViolation.unknownInvoice(invoice)
            }
            guard item.amount.currency == record.payment.amount.currency else {
                throw RuleViolation.severalCurrencies(invoice, record.payment.amount.currency, item.amount.currency)
            }
            guard item.openAmount.isPositive else { throw RuleViolation.nothingToApplyTo(invoice) }
            let unapplied = record.payment.unapplied
            guard unapplied.isPositive else { throw RuleViolation.nothingUnapplied(id) }
            let amount =
                try text.map { try parseAmount($0, currency: unapplied.currency) }
                ?? Money(
                    minorUnits: min(unapplied.minorUnits, item.openAmount.minorUnits), currency: unapplied.currency)
            guard amount.minorUnits <= unapplied.minorUnits else {
                throw RuleViolation.amountAboveUnapplied(amount, unapplied: unapplied)
            }
            guard amount.minorUnits <= item.openAmount.minorUnits else {
                throw RuleViolation.appliedAboveOpenBalance(amount, open: item.openAmount, invoice: invoice)
            }
            try tx.apply(id, to: invoice, amount: amount, rule: .manual)
            try tx.setPaymentCustomer(id, item.customer)
            try tx.journal(
                "payment.apply", subject: "payment:\(id)",
                refs: [JournalRef.invoice(invoice), JournalRef.customer(item.customer)],
                details: ["invoice": invoice.text, "amount": amount.description])
            _ = try settlePromises(of: [item.customer], in: tx)
            return try tx.reader.payment(id)!
        }
    }

    /// Puts what is still open of a credit note against another open invoice of its customer,
    /// from the as-of day: the credit a complaint on a paid invoice left settles the next one.
    public func applyCreditNote(
        _ number: CreditNoteNumber, to invoice: InvoiceNumber, amount text: String?
    ) throws -> (note: CreditNoteRecord, applied: Money, invoice: Invoice) {
        try write { tx in
            let reader = tx.reader
            guard let note = try reader.creditNotes(ofCustomerWith: number, on: today) else {
                throw RuleViolation.noSuchCreditNote(number)
            }
            let left = note.note.amount - note.applied
            guard left.isPositive else { throw RuleViolation.creditUsedUp(number) }
            guard let item = try reader.invoice(invoice, on: today) else { throw RuleViolation.unknownInvoice(invoice) }
            guard item.customer == note.note.customer else {
                throw RuleViolation.severalCustomers(invoice, note.note.customer, item.customer)
            }
            guard item.amount.currency == left.currency else {
                throw RuleViolation.severalCurrencies(invoice, left.currency, item.amount.currency)
            }
            guard item.openAmount.isPositive else { throw RuleViolation.nothingToApplyTo(invoice) }
            let amount =
                try text.map { try parseAmount($0, currency: left.currency) }
                ?? Money(minorUnits: min(left.minorUnits, item.openAmount.minorUnits), currency: left.currency)
            guard amount.minorUnits <= left.minorUnits else {
                throw RuleViolation.amountAboveCredit(amount, left: left)
            }
            guard amount.minorUnits <= item.openAmount.minorUnits else {
                throw RuleViolation.appliedAboveOpenBalance(amount, open: item.openAmount, invoice: invoice)
            }
            try tx.applyCredit(number, to: invoice, cents: amount.minorUnits)
            try tx.journal(
                "credit-note.apply", subject: "credit-note:\(number)",
                refs: [JournalRef.invoice(invoice), JournalRef.customer(item.customer)],
                details: ["invoice": invoice.text, "amount": amount.description])
            return (
                try reader.creditNotes(ofCustomerWith: number, on: today)!, amount,
                try reader.invoice(invoice, on: today)!
            )
        }
    }

    /// A customer's credit notes still open on the as-of day.
    public func openCredits(of customer: CustomerCode) throws -> [CreditNoteRecord] {
        try read { reader in
            guard try reader.customerID(customer) != nil else { throw RuleViolation.unknownCustomer(customer) }
            return try reader.openCredits(of: customer, on: today)
        }
    }

    /// Payments, newest first.
    public func payments(
        unappliedOnly: Bool, customer: CustomerCode?, limit: Int?
    ) throws -> (rows: [PaymentRecord], total: Int) {
        try read { try $0.payments(unappliedOnly: unappliedOnly, customer: customer, limit: limit, on: today) }
    }

    /// Imports credit notes: `number,customer,issued_on,amount,currency,invoice,reason`, all or
    /// nothing; a note naming an invoice reduces what is open on it, the rest stays as credit.
    public func importCreditNotes(file: String, options: CSVOptions, dryRun: Bool) throws -> ImportResult {
        return try write { tx in
            // Opened inside the transaction: an engine may run it again after a conflict.
            let table = try CSVTable(
                reader: CSVReader(path: file, delimiter: options.delimiter), options: options,
                required: ["number", "customer", "issued_on", "amount"], optional: ["currency", "invoice", "reason"])
            table.defaultCurrency = try options.currency ?? tx.reader.baseCurrency()
            var counts = LoadCounts()
            defer { progress?.finish() }
            while try table.next() {
                progress?.row("credit notes", of: table)
                counts.rows += 1
                let currency = try table.currency("currency")
                let note = CreditNote(
                    number: CreditNoteNumber(try table.required("number")),
                    customer: CustomerCode(try table.required("customer")),
                    issuedOn: try table.day("issued_on"), amount: try table.money("amount", currency: currency),
                    invoice: try table.text("invoice").map(InvoiceNumber.init), reason: try table.text("reason"))
                guard note.amount.isPositive else {
                    throw table.error("amount", "amount \(note.amount.decimalString) must be positive")
                }
                guard note.issuedOn <= today else {
                    throw table.error("issued_on", "issued on \(note.issuedOn), after the as-of day \(today)")
                }
                guard try tx.reader.customerID(note.customer) != nil else {
                    throw table.error("customer", "customer \(note.customer) does not exist")
                }
                if let invoice = note.invoice {
                    guard let found = try tx.reader.invoice(invoice, on: .latest) else {
                        throw table.error("invoice", "invoice \(invoice) does not exist")
                    }
                    guard found.customer == note.customer else {
                        throw table.error(
                            "invoice", "invoice \(invoice) belongs to customer \(found.customer), not \(note.customer)")
                    }
                    guard found.amount.currency == currency else {
                        throw table.error(
                            "currency", "invoice \(invoice) is in \(found.amount.currency), not \(currency)")
                    }
                }
                if let existing = try tx.reader.creditNote(note.number) {
                    guard existing.note == note else {
                        throw table.error("number", "credit note \(note.number) already exists with other content")
                    }
                    counts.skipped += 1
                    continue
                }
                let applied: Money
                do {
                    applied = try tx.issueCreditNote(note, dispute: nil)
                } catch let refusal as MoneyCeilingExceeded {
                    throw table.error("amount", refusal.description)
                }
                try tx.journal(
                    "credit-note.issue", subject: "credit-note:\(note.number)",
                    refs: (note.invoice.map { [JournalRef.invoice($0)] } ?? []) + [JournalRef.customer(note.customer)],
                    details: [
                        "amount": note.amount.description, "applied": applied.description, "reason": note.reason ?? "",
                    ])
                counts.inserted += 1
            }
            return try finishImport("credit-notes", file: file, counts: counts, dryRun: dryRun, tx: tx)
        }
    }
}

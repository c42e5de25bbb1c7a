import Complaints
import Foundation
import Interchange
import LedgerPort
import Receivables

/// Views of payments, promises, contacts, aging, dunning, the worklist and tasks.
public enum CollectionViews {
    // MARK: Payments

    struct PaymentJSON: Encodable, Sendable {
        struct Applied: Encodable, Sendable {
            var invoice: String
            var amount: String
            var rule: String
            var on: Day
        }
        var id: PaymentID
        var amount: String
        var currency: String
        var receivedOn: Day
        var customer: OrNull<String>
        var payer: OrNull<String>
        var reference: OrNull<String>
        var remittance: OrNull<String>
        var applied: [Applied]
        var unapplied: String
    }

    static func json(_ record: PaymentRecord) -> PaymentJSON {
        let p = record.payment
        return PaymentJSON(
            id: p.id, amount: p.amount.decimalString, currency: p.amount.currency.code, receivedOn: p.receivedOn,
            customer: OrNull(p.customer?.text), payer: OrNull(p.payerName), reference: OrNull(p.reference),
            remittance: OrNull(p.remittance),
            applied: record.applications.map {
                .init(invoice: $0.invoice.text, amount: $0.amount.decimalString, rule: $0.rule.rawValue, on: $0.on)
            },
            unapplied: p.unapplied.decimalString)
    }

    static func paymentTable(_ records: [PaymentRecord]) -> Table {
        var table = Table(columns: [
            .init("Payment"), .init("Received"), .init("Customer"), .init("Amount", .right), .init("Applied to"),
            .init("Unapplied", .right), .init("Payer / remittance"),
        ])
        for r in records {
            let p = r.payment
            table.append([
                p.id.description, p.receivedOn.iso, p.customer?.text ?? "?", Show.money(p.amount),
                r.applications.map { "\($0.invoice) \($0.amount.groupedString) (\($0.rule.rawValue))" }.joined(
                    separator: ", "),
                p.unapplied.isZero ? "" : Show.money(p.unapplied),
                [p.payerName, p.remittance].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " — "),
            ])
        }
        return table
    }

    // MARK: Credit notes

    struct CreditJSON: Encodable, Sendable {
        var number: String
        var customer: String
        var issuedOn: Day
        var amount: String
        var currency: String
        var invoice: OrNull<String>
        var dispute: OrNull<String>
        var open: String
        var reason: OrNull<String>
    }

    static func json(_ record: CreditNoteRecord) -> CreditJSON {
        let n = record.note
        return CreditJSON(
            number: n.number.text, customer: n.customer.text, issuedOn: n.issuedOn, amount: n.amount.decimalString,
            currency: n.amount.currency.code, invoice: OrNull(n.invoice?.text),
            dispute: OrNull(record.dispute?.description),
            open: (n.amount - record.applied).decimalString, reason: OrNull(n.reason))
    }

    /// `dun credit-note list`: a customer's credit notes still open.
    public static func credits(_ records: [CreditNoteRecord]) -> Presentation {
        var doc = Document()
        var table = Table(columns: [
            .init("Credit note"), .init("Issued"), .init("Against"), .init("Dispute"), .init("Amount", .right),
            .init("Open", .right), .init("Reason"),
        ])
        for r in records {
            table.append([
                r.note.number.text, r.note.issuedOn.iso, r.note.invoice?.text ?? "", r.dispute?.description ?? "",
                Show.money(r.note.amount), Show.money(r.note.amount - r.applied), r.note.reason ?? "",
            ])
        }
        doc.table(table, primary: true)
        if records.isEmpty { doc.paragraph("No open credit notes.") }
        return Presentation(json: records.map(json), document: doc)
    }

    /// `dun credit-note apply`.
    public static func creditApplied(_ record: CreditNoteRecord, applied: Money, invoice: Invoice) -> Presentation {
        var doc = Document()
        doc.paragraph(
            "Applied \(Show.money(applied)) of \(record.note.number) to \(invoice.number); "
                + "\(Show.money(record.note.amount - record.applied)) of it left, \(Show.money(invoice.openAmount)) "
                + "open on \(invoice.number).")
        struct Applied: Encodable, Sendable {
            var creditNote: CreditJSON
            var invoice: String
            var applied: String
            var invoiceOpen: String
        }
        return Presentation(
            json: Applied(
                creditNote: json(record), invoice: invoice.number.text, applied: applied.decimalString,
                invoiceOpen: invoice.openAmount.decimalString), document: doc)
    }

    public static func payments(_ records: [PaymentRecord], total: Int) -> Presentation {
        var doc = Document()
        doc.table(paymentTable(records), primary: true)
        if let more = Show.more(shown: records.count, total: total) { doc.paragraph(more) }
        if records.isEmpty { doc.paragraph("No payments.") }
        return Presentation(json: records.map(json), document: doc)
    }

    public static func payment(_ record: PaymentRecord, headline: String) -> Presentation {
        var doc = Document()
        doc.paragraph(headline)
        doc.table(paymentTable([record]), primary: true)
        return Presentation(json: json(record), document: doc)
    }

    public static func paymentImport(_ result: PaymentImportResult) -> Presentation {
        var doc = Document()
        let verb = result.dryRun ? "Would post" : "Posted"
        doc.paragraph(
            "\(verb) \(result.posted) of \(result.entries) payments from \(result.file) (\(result.format)); \(result.alreadyImported) already imported."
        )
        var fields: [(String, String)] = [
            ("Applied", Show.totals(result.applied)), ("Unapplied", Show.totals(result.unapplied)),
            (
                "Matched by",
                result.rules.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            ),
        ]
        if !result.deductionDisputes.isEmpty {
            fields.append(
                (
                    "Short payments",
                    "\(result.deductionDisputes.count) unexplained-deduction dispute"
                        + "\(result.deductionDisputes.count == 1 ? "" : "s"), held (\(Show.ids(result.deductionDisputes)))"
                ))
        }
        if !result.promisesSettled.isEmpty {
            fields.append(("Promises settled", Show.ids(result.promisesSettled)))
        }
        doc.fields(fields)
        if !result.skipped.isEmpty {
            var table = Table(columns: [.init("Line", .right), .init("Skipped"), .init("Amount", .right)])
            for s in result.skipped { table.append([String(s.line), s.reason, s.amount ?? ""]) }
            doc.table(table)
        }
        if result.dryRun { doc.paragraph("Nothing was written (--dry-run).") }
        return Presentation(json: result, document: doc)
    }

    // MARK: Promises and contacts

    struct PromiseJSON: Encodable, Sendable {
        var id: PromiseID
        var customer: String
        var amount: String
        var currency: String
        var madeOn: Day
        var dueOn: Day
        var pausesUntil: Day
        var invoices: [String]
        var status: String
        var settledOn: OrNull<Day>
        var paid: OrNull<String>
    }

    static func json(_ p: PromiseToPay) -> PromiseJSON {
        var settled: Day?
        var paid: String?
        switch p.state {
        case .pending: break
        case .kept(let on): settled = on
        case .partlyKept(let amount, let on):
            settled = on
            paid = amount.decimalString
        case .broken(let on): settled = on
        }
        return PromiseJSON(
            id: p.id, customer: p.customer.text, amount: p.amount.decimalString, currency: p.amount.currency.code,
            madeOn: p.madeOn,
            dueOn: p.dueOn, pausesUntil: p.pausesUntil, invoices: p.invoices.map(\.text), status: p.state.status,
            settledOn: OrNull(settled), paid: OrNull(paid))
    }

    static func promiseTable(_ promises: [PromiseToPay]) -> Table {
        var table = Table(columns: [
            .init("Promise"), .init("Customer"), .init("Amount", .right), .init("Made"), .init("Due"), .init("Status"),
            .init("Invoices"),
        ])
        for p in promises {
            table.append([
                p.id.description, p.customer.text, Show.money(p.amount), p.madeOn.iso, p.dueOn.iso, p.state.status,
                p.invoices.isEmpty ? "overdue items" : p.invoices.map(\.text).joined(separator: " "),
            ])
        }
        return table
    }

    public static func promises(_ promises: [PromiseToPay], total: Int) -> Presentation {
        var doc = Document()
        doc.table(promiseTable(promises), primary: true)
        if let more = Show.more(shown: promises.count, total: total) { doc.paragraph(more) }
        if promises.isEmpty { doc.paragraph("No promises.") }
        return Presentation(json: Listing(total: total, items: promises.map(json)), document: doc)
    }

    public static func promise(_ promise: PromiseToPay) -> Presentation {
        var doc = Document()
        doc.paragraph(
            "Recorded promise \(promise.id): \(promise.customer) pays \(Show.money(promise.amount)) by \(promise.dueOn); dunning of what it covers pauses until \(promise.pausesUntil)."
        )
        doc.table(promiseTable([promise]), primary: true)
        return Presentation(json: json(promise), document: doc)
    }

    struct ContactJSON: Encodable, Sendable {
        var contact: ContactRecord
        var promise: OrNull<PromiseJSON>
        var dispute: OrNull<DisputeID>
    }

    public static func contact(_ result: ContactResult, asOf day: Day) -> Presentation {
        var doc = Document()
        let c = result.contact
        doc.paragraph("Logged a \(c.channel) with \(c.customer): \(c.outcome)\(c.note.map { " — " + $0 } ?? "").")
        if let promise = result.promise {
            doc.paragraph("Promise \(promise.id): \(Show.money(promise.amount)) by \(promise.dueOn).")
        }
        if let dispute = result.dispute {
            for block in dispute.document(asOf: day).blocks { doc.blocks.append(block) }
        }
        return Presentation(
            json: ContactJSON(
                contact: c, promise: OrNull(result.promise.map(json)),
                dispute: OrNull(result.dispute?.record.dispute.id)),
            document: doc)
    }

    public static func contacts(_ contacts: [ContactRecord]) -> Presentation {
        var table = Table(columns: [
            .init("Day"), .init("Customer"), .init("By"), .init("Channel"), .init("Outcome"), .init("Note"),
        ])
        for c in contacts { table.append([c.day.iso, c.customer.text, c.actor, c.channel, c.outcome, c.note ?? ""]) }
        var doc = Document()
        doc.table(table, primary: true)
        return Presentation(json: contacts, document: doc)
    }

    // MARK: Aging

    struct AgingJSON: Encodable, Sendable {
        struct Line: Encodable, Sendable {
            var code: String
            var name: String?
            var segment: String?
            var currency: String
            var current: String
            var days1to30: String
            var days31to60: String
            var days61to90: String
            var days91plus: String
            var disputed: String
            var overdue: String
            var total: String
        }
        var asOf: Day
        var customers: [Line]
        var totals: [Line]
    }

    static func agingJSONLine(_ line: AgingLine, code: String, name: String?, segment: Segment?) -> AgingJSON.Line {
        AgingJSON.Line(
            code: code, name: name, segment: segment?.rawValue, currency: line.currency.code,
            current: line[.current].decimalString, days1to30: line[.days1to30].decimalString,
            days31to60: line[.days31to60].decimalString, days61to90: line[.days61to90].decimalString,
            days91plus: line[.days91plus].decimalString,
            disputed: Money(minorUnits: line.disputed, currency: line.currency).decimalString,
            overdue: line.overdue.decimalString, total: line.total.decimalString)
    }

    public static func aging(_ report: AgingReport) -> Presentation {
        var doc = Document()
        doc.heading("Aging as of \(report.asOf)")
        func row(_ line: AgingLine, _ first: [String]) -> [String] {
            first + [line.currency.code]
                + AgingBucket.allCases.map { line[$0].groupedString }
                + [Money(minorUnits: line.disputed, currency: line.currency).groupedString, line.total.groupedString]
        }
        let columns: [Table.Column] =
            [.init("Customer"), .init("Name"), .init("Seg"), .init("Cur")]
            + AgingBucket.allCases.map { .init($0.title, .right) } + [
                .init("Disputed", .right), .init("Total", .right),
            ]
        var table = Table(columns: columns)
        let shown = report.lines
        for line in shown { table.append(row(line.aging, [line.customer.text, line.name, line.segment.rawValue])) }
        doc.table(table, primary: true)
        if let more = Show.more(shown: shown.count, total: report.lineCount) { doc.paragraph(more) }
        doc.heading("Totals")
        var totals = Table(columns: [.init("")] + Array(columns.dropFirst(3)))
        for total in report.totals { totals.append(row(total, ["all customers"])) }
        doc.table(totals)
        return Presentation(
            json: AgingJSON(
                asOf: report.asOf,
                customers: shown.map {
                    agingJSONLine($0.aging, code: $0.customer.text, name: $0.name, segment: $0.segment)
                },
                totals: report.totals.map { agingJSONLine($0, code: "TOTAL", name: nil, segment: nil) }),
            document: doc, html: doc.html(title: "Aging \(report.asOf)"))
    }

    // MARK: Dunning

    public static func policy(_ policy: DunningPolicy) -> Presentation {
        var doc = Document()
        doc.heading("Dunning ladder")
        var table = Table(columns: [
            .init("#", .right), .init("Step"), .init("Channel"), .init("Days past due", .right),
            .init("Min gap", .right),
            .init("Segments"), .init("Conditions"),
        ])
        if let courtesy = policy.courtesyDaysBeforeDue {
            table.append([
                "0", DunningPolicy.courtesyCode, policy.courtesyChannel.rawValue, "-\(courtesy)", "", "A/B/C",
                "before the due day",
            ])
        }
        for (index, step) in policy.steps.enumerated() {
            var conditions: [String] = []
            if !step.minBalance.isEmpty { conditions.append("balance ≥ \(CurrencyTotals(step.minBalance.values))") }
            if let earlier = step.earlierAbove {
                conditions.append(
                    "from \(earlier.daysPastDue) days when balance ≥ \(CurrencyTotals(earlier.balance.values))")
            }
            if let otherwise = step.otherwise {
                conditions.append("within the country's claim limit, else \(otherwise)")
            }
            table.append([
                String(index + 1), step.code, step.channel.rawValue, String(step.daysPastDue), "\(step.minGapDays) d",
                step.segments.sorted().map(\.rawValue).joined(separator: "/"), conditions.joined(separator: "; "),
            ])
        }
        doc.table(table, primary: true)
        doc.fields([
            (
                "Minimum notice",
                policy.minimumAmount.isEmpty ? "none" : CurrencyTotals(policy.minimumAmount.values).description
            ),
            ("Promise grace", "\(policy.promiseGraceDays) days"),
            ("Courtesy reminder", policy.courtesyDaysBeforeDue.map { "\($0) days before due" } ?? "off"),
            (
                "Claim limits",
                policy.claimLimits.keys.sorted().map { "\($0) \(CurrencyTotals(policy.claimLimits[$0]!.values))" }
                    .joined(separator: ", ")
            ),
        ])
        doc.paragraph("Replace it with: dun dunning policy --load FILE (the YAML below is the file format).")
        doc.paragraph(DunningPolicyFile.write(policy))
        return Presentation(
            json: PolicyJSON(yaml: DunningPolicyFile.write(policy), steps: policy.steps.map(\.code)), document: doc)
    }

    struct PolicyJSON: Encodable, Sendable {
        var yaml: String
        var steps: [String]
    }

    /// The summary of a run for people; exclusions shown are the first few of each reason.
    public static func dunningRun(_ summary: DunningRunSummary, sample: [Exclusion: [ExcludedInvoice]]) -> Document {
        var doc = Document()
        let verb = summary.dryRun ? "Would send" : "Recorded"
        let recorded = summary.dryRun ? summary.notices.count : summary.recorded.compactMap { $0 }.count
        doc.heading("Dunning run \(summary.asOf)\(summary.dryRun ? " (dry run: nothing recorded)" : "")")
        doc.paragraph("\(verb) \(recorded) notice\(recorded == 1 ? "" : "s").")
        var table = Table(columns: [
            .init("Customer"), .init("Step"), .init("Channel"), .init("Invoices", .right), .init("Amount", .right),
            .init("Oldest", .right), .init("Items"),
        ])
        for (index, notice) in summary.notices.enumerated() where summary.dryRun || summary.recorded[index] != nil {
            table.append([
                notice.customer.text, notice.step, notice.channel.rawValue, String(notice.items.count),
                Show.totals(notice.totals), "\(notice.items.map(\.daysPastDue).max() ?? 0) d",
                notice.items.prefix(4).map(\.invoice.text).joined(separator: " ")
                    + (notice.items.count > 4 ? " …" : ""),
            ])
        }
        doc.table(table, primary: true)
        doc.heading("Left out")
        var reasons = Table(columns: [.init("Reason"), .init("Invoices", .right), .init("For example")])
        for reason in Exclusion.allCases {
            guard let count = summary.excludedCounts[reason], count > 0 else { continue }
            let example = sample[reason]?.first.map { "\($0.invoice) (\($0.customer)): \($0.detail)" } ?? ""
            reasons.append([reason.rawValue, String(count), example])
        }
        doc.table(reasons)
        if !summary.tasks.isEmpty {
            doc.heading("Tasks created")
            doc.table(taskTable(summary.tasks))
        }
        if !summary.promisesSettled.isEmpty {
            doc.paragraph("Promises settled: \(Show.ids(summary.promisesSettled)).")
        }
        return doc
    }

    /// Writes the JSON of one notice in `steps[]`. Written by hand: a run streams a hundred
    /// thousand of them.
    public static func writeStep(_ notice: PlannedNotice, id: Int64?, to out: JSONStream) {
        out.raw("{\"amounts\":{")
        for (index, amount) in notice.totals.amounts.enumerated() {
            if index > 0 { out.raw(",") }
            out.string(amount.currency.code)
            out.raw(":")
            out.string(amount.decimalString)
        }
        out.member("},\"channel\":", notice.channel.rawValue)
        out.member(",\"customer\":", notice.customer.text)
        out.raw(",\"invoices\":[")
        for (index, item) in notice.items.enumerated() {
            if index > 0 { out.raw(",") }
            out.string(item.invoice.text)
        }
        out.raw("],\"notice\":")
        if let id {
            out.raw("\"N-")
            out.number(id)
            out.raw("\"")
        } else {
            out.raw("null")
        }
        out.member(",\"step\":", notice.step)
        out.raw("}")
    }

    /// Writes the JSON of one excluded invoice in `excluded[]`.
    public static func writeExcluded(_ item: ExcludedInvoice, to out: JSONStream) {
        out.member("{\"customer\":", item.customer.text)
        out.member(",\"detail\":", item.detail)
        out.member(",\"invoice\":", item.invoice.text)
        out.member(",\"reason\":", item.reason.rawValue)
        out.raw("}")
    }

    /// JSON of any value, keys sorted, as one line.
    static func compactJSON(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    // MARK: Worklist and tasks

    struct WorklistJSON: Encodable, Sendable {
        struct Entry: Encodable, Sendable {
            var rank: Int
            var score: Double
            var customer: String
            var name: String
            var phone: OrNull<String>
            var segment: String
            var overdue: String
            var currency: String
            var overdueInvoices: Int
            var oldestDaysPastDue: Int
            var brokenPromises: Int
            var openPromises: Int
            var lastContact: OrNull<Day>
            var lastOutcome: OrNull<String>
        }
        struct CollectorList: Encodable, Sendable {
            var collector: String
            var capacity: Int
            var calls: [Entry]
        }
        var asOf: Day
        var collectors: [CollectorList]
    }

    public static func worklist(_ report: WorklistReport) -> Presentation {
        var doc = Document()
        doc.heading("Worklist \(report.asOf)")
        var lists: [WorklistJSON.CollectorList] = []
        var all = Table(columns: [
            .init("Collector"), .init("#", .right), .init("Score", .right), .init("Customer"), .init("Phone"),
            .init("Seg"),
            .init("Overdue", .right), .init("Oldest", .right), .init("Broken", .right), .init("Last contact"),
        ])
        for list in report.collectors {
            var calls: [WorklistJSON.Entry] = []
            for entry in list.entries {
                let c = entry.candidate
                calls.append(
                    .init(
                        rank: entry.rank, score: entry.score, customer: c.customer.text, name: c.name,
                        phone: OrNull(c.phone),
                        segment: c.segment.rawValue, overdue: c.overdue.decimalString,
                        currency: c.overdue.currency.code,
                        overdueInvoices: c.overdueInvoices, oldestDaysPastDue: c.oldestDaysPastDue,
                        brokenPromises: c.brokenPromises,
                        openPromises: c.openPromises, lastContact: OrNull(c.lastContact?.day),
                        lastOutcome: OrNull(c.lastContact?.outcome)))
                all.append([
                    list.collector.text, String(entry.rank), String(format: "%.1f", entry.score),
                    "\(c.name) (\(c.customer))",
                    c.phone ?? "", c.segment.rawValue, Show.money(c.overdue), "\(c.oldestDaysPastDue) d",
                    String(c.brokenPromises),
                    c.lastContact.map { "\($0.day) \($0.outcome)" } ?? "",
                ])
            }
            lists.append(.init(collector: list.collector.text, capacity: list.capacity, calls: calls))
        }
        doc.table(all, primary: true)
        if report.collectors.isEmpty {
            doc.paragraph("Nobody to call: no overdue, unheld, unpromised items of A or B customers.")
        }
        return Presentation(json: WorklistJSON(asOf: report.asOf, collectors: lists), document: doc)
    }

    static func taskTable(_ tasks: [TaskRecord]) -> Table {
        var table = Table(columns: [
            .init("Task"), .init("Kind"), .init("For"), .init("Customer"), .init("Due"), .init("Title"),
        ])
        for t in tasks { table.append(["T-\(t.id)", t.kind, t.assignee, t.customer.text, t.dueOn.iso, t.title]) }
        return table
    }

    public static func tasks(_ tasks: [TaskRecord]) -> Presentation {
        var doc = Document()
        doc.table(taskTable(tasks), primary: true)
        if tasks.isEmpty { doc.paragraph("No open tasks.") }
        return Presentation(json: tasks, document: doc)
    }

    public static func collectors(_ collectors: [Collector]) -> Presentation {
        var table = Table(columns: [
            .init("Key"), .init("Name"), .init("Email"), .init("Phone"), .init("Calls a day", .right),
        ])
        for c in collectors {
            table.append([c.key.text, c.name, c.email ?? "", c.phone ?? "", String(c.dailyCapacity)])
        }
        var doc = Document()
        doc.table(table, primary: true)
        doc.paragraph("Collectors not listed get \(Collector.defaultCapacity) calls a day.")
        return Presentation(json: collectors, document: doc)
    }
}

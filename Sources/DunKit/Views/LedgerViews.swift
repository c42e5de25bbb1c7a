import Complaints
import Interchange
import LedgerPort
import Receivables

/// Views of customers, invoices, the journal, the taxonomy and imports.
public enum LedgerViews {
    struct CustomerRow: Encodable, Sendable {
        var code: String
        var name: String
        var email: String?
        var phone: String?
        var country: String?
        var language: String
        var salesRep: String?
        var collector: String?
        var ibans: [String]
        var address: [String]
        var openInvoices: Int
        var balance: CurrencyTotals
        var overdue: CurrencyTotals
        var openDisputes: Int
        var activeHolds: Int
    }

    static func row(_ s: CustomerSummary) -> CustomerRow {
        let c = s.customer
        return CustomerRow(
            code: c.code.text, name: c.name, email: c.email, phone: c.phone, country: c.country,
            language: c.language.rawValue,
            salesRep: c.salesRep?.text, collector: c.collector?.text, ibans: c.ibans.map(\.text),
            address: c.addressLines, openInvoices: s.openInvoices,
            balance: s.balance, overdue: s.overdue, openDisputes: s.openDisputes, activeHolds: s.activeHolds)
    }

    public static func customers(_ rows: [CustomerSummary], total: Int) -> Presentation {
        var table = Table(columns: [
            .init("Code"), .init("Name"), .init("Country"), .init("Open", .right), .init("Balance", .right),
            .init("Overdue", .right), .init("Disputes", .right), .init("Holds", .right),
        ])
        for s in rows {
            table.append([
                s.customer.code.text, s.customer.name, s.customer.country ?? "", String(s.openInvoices),
                Show.totals(s.balance),
                Show.totals(s.overdue), String(s.openDisputes), String(s.activeHolds),
            ])
        }
        var doc = Document()
        doc.table(table, primary: true)
        if let more = Show.more(shown: rows.count, total: total) { doc.paragraph(more) }
        return Presentation(json: Listing(total: total, items: rows.map(row)), document: doc)
    }

    struct CustomerDetailJSON: Encodable, Sendable {
        var customer: CustomerRow
        var openInvoices: [InvoiceRow]
        var disputes: [DisputeID]
        var holds: [HoldID]
    }

    public static func customer(_ detail: CustomerDetail, asOf day: Day) -> Presentation {
        let c = detail.summary.customer
        var doc = Document()
        doc.heading("\(c.name) (\(c.code))")
        var fields: [(String, String)] = [
            ("Balance", Show.totals(detail.summary.balance)), ("Overdue", Show.totals(detail.summary.overdue)),
            ("Language", c.language.rawValue),
        ]
        for (key, value) in [
            ("Email", c.email), ("Phone", c.phone), ("Country", c.country), ("Sales rep", c.salesRep?.text),
            ("Collector", c.collector?.text),
        ] {
            if let value { fields.append((key, value)) }
        }
        if !c.ibans.isEmpty { fields.append(("IBAN", c.ibans.map(\.text).joined(separator: " "))) }
        if !c.addressLines.isEmpty { fields.append(("Address", c.addressLines.joined(separator: ", "))) }
        doc.fields(fields)
        doc.heading("Open invoices")
        doc.table(invoiceTable(detail.openInvoices, asOf: day), primary: true)
        if !detail.disputes.isEmpty {
            doc.heading("Disputes")
            for block in DisputeViews.list(detail.disputes, total: detail.disputes.count, asOf: day).document.blocks {
                doc.blocks.append(block)
            }
        }
        if !detail.holds.isEmpty {
            doc.heading("Active holds")
            doc.table(HoldViews.table(detail.holds, asOf: day))
        }
        return Presentation(
            json: CustomerDetailJSON(
                customer: row(detail.summary), openInvoices: detail.openInvoices.map { invoiceRow($0, asOf: day) },
                disputes: detail.disputes.map(\.dispute.id), holds: detail.holds.map(\.hold.id)),
            document: doc)
    }

    struct InvoiceRow: Encodable, Sendable {
        var number: String
        var customer: String
        var customerName: String
        var issueDate: Day
        var dueDate: Day
        var amount: String
        var open: String
        var currency: String
        var daysPastDue: Int
        var status: String
        var openDisputes: Int
        var held: Bool
    }

    static func status(_ s: InvoiceSummary, asOf day: Day) -> String {
        if s.invoice.isSettled { return "paid" }
        var parts: [String] = []
        if s.activeHolds > 0 { parts.append("on hold") }
        if s.openDisputes > 0 { parts.append("disputed") }
        let late = s.invoice.daysPastDue(on: day)
        parts.append(late > 0 ? "\(late) days overdue" : "not due")
        return parts.joined(separator: ", ")
    }

    static func invoiceRow(_ s: InvoiceSummary, asOf day: Day) -> InvoiceRow {
        let i = s.invoice
        return InvoiceRow(
            number: i.number.text, customer: i.customer.text, customerName: s.customerName, issueDate: i.issueDate,
            dueDate: i.dueDate, amount: i.amount.decimalString, open: i.openAmount.decimalString,
            currency: i.amount.currency.code,
            daysPastDue: max(0, i.daysPastDue(on: day)), status: i.isSettled ? "paid" : "open",
            openDisputes: s.openDisputes,
            held: s.activeHolds > 0)
    }

    static func invoiceTable(_ rows: [InvoiceSummary], asOf day: Day) -> Table {
        var table = Table(columns: [
            .init("Invoice"), .init("Customer"), .init("Issued"), .init("Due"), .init("Amount", .right),
            .init("Open", .right),
            .init("Status"),
        ])
        for s in rows {
            table.append([
                s.invoice.number.text, s.invoice.customer.text, s.invoice.issueDate.iso, s.invoice.dueDate.iso,
                Show.money(s.invoice.amount), Show.money(s.invoice.openAmount), status(s, asOf: day),
            ])
        }
        return table
    }

    public static func invoices(_ rows: [InvoiceSummary], total: Int, asOf day: Day) -> Presentation {
        var doc = Document()
        doc.table(invoiceTable(rows, asOf: day), primary: true)
        if let more = Show.more(shown: rows.count, total: total) { doc.paragraph(more) }
        return Presentation(json: Listing(total: total, items: rows.map { invoiceRow($0, asOf: day) }), document: doc)
    }

    struct InvoiceDetailJSON: Encodable, Sendable {
        struct Line: Encodable, Sendable {
            var sku: String?
            var description: String?
            var quantity: String?
            var amount: String?
        }
        var number: String
        var customer: String
        var customerName: String
        var issueDate: Day
        var dueDate: Day
        var amount: String
        var open: String
        var currency: String
        var purchaseOrder: String?
        var lines: [Line]
        var disputes: [DisputeID]
        var holds: [HoldID]
        var activeHolds: [HoldID]
        var creditNotes: [String]
        var history: [JournalEntry]
    }

    public static func invoice(_ detail: InvoiceDetail, asOf day: Day) -> Presentation {
        let i = detail.invoice
        var doc = Document()
        doc.heading("Invoice \(i.number) — \(detail.customerName) (\(i.customer))")
        let active = detail.holds.filter { $0.hold.isActive(on: day) }
        var fields: [(String, String)] = [
            ("Issued", i.issueDate.iso), ("Due", i.dueDate.iso), ("Amount", Show.money(i.amount)),
            ("Open", Show.money(i.openAmount)),
            (
                "Status",
                i.isSettled
                    ? "paid" : (i.daysPastDue(on: day) > 0 ? "\(i.daysPastDue(on: day)) days overdue" : "not due")
            ),
            (
                "Collection",
                active.isEmpty
                    ? "dunning allowed" : "on hold (\(active.map(\.hold.id.description).joined(separator: ", ")))"
            ),
        ]
        if let po = i.purchaseOrder { fields.append(("PO", po)) }
        doc.fields(fields)
        if !i.lines.isEmpty {
            doc.heading("Lines")
            var table = Table(columns: [
                .init("SKU"), .init("Description"), .init("Qty", .right), .init("Amount", .right),
            ])
            for line in i.lines {
                table.append([line.sku ?? "", line.description ?? "", line.quantity ?? "", Show.money(line.amount)])
            }
            doc.table(table)
        }
        if !detail.disputes.isEmpty {
            doc.heading("Disputes")
            doc.table(DisputeViews.list(detail.disputes, total: detail.disputes.count, asOf: day).document.csvTable!)
        }
        if !detail.holds.isEmpty {
            doc.heading("Holds")
            doc.table(HoldViews.table(detail.holds, asOf: day))
        }
        if !detail.creditNotes.isEmpty || !detail.writeOffs.isEmpty {
            doc.heading("Adjustments")
            var table = Table(columns: [.init("Document"), .init("Day"), .init("Amount", .right), .init("Reason")])
            for c in detail.creditNotes {
                table.append([
                    "credit note \(c.note.number)", c.note.issuedOn.iso, Show.money(c.note.amount), c.note.reason ?? "",
                ])
            }
            for w in detail.writeOffs {
                table.append(["write-off", w.writtenOn.iso, Show.money(w.amount), w.reason ?? ""])
            }
            doc.table(table)
        }
        doc.heading("History")
        doc.table(journalTable(detail.history), primary: false)
        return Presentation(
            json: InvoiceDetailJSON(
                number: i.number.text, customer: i.customer.text, customerName: detail.customerName,
                issueDate: i.issueDate,
                dueDate: i.dueDate, amount: i.amount.decimalString, open: i.openAmount.decimalString,
                currency: i.amount.currency.code, purchaseOrder: i.purchaseOrder,
                lines: i.lines.map {
                    .init(
                        sku: $0.sku, description: $0.description, quantity: $0.quantity,
                        amount: $0.amount?.decimalString)
                },
                disputes: detail.disputes.map(\.dispute.id), holds: detail.holds.map(\.hold.id),
                activeHolds: active.map(\.hold.id),
                creditNotes: detail.creditNotes.map(\.note.number.text), history: detail.history),
            document: doc)
    }

    static func journalTable(_ entries: [JournalEntry]) -> Table {
        var table = Table(columns: [
            .init("Day"), .init("Recorded"), .init("By"), .init("Action"), .init("Subject"), .init("Details"),
        ])
        for e in entries {
            table.append([
                e.day.iso, e.recordedAt, e.actor, e.action, e.subject,
                e.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
            ])
        }
        return table
    }

    struct HistoryJSON: Encodable, Sendable {
        var subject: String
        var entries: [JournalEntry]
    }

    public static func history(subject: String, entries: [JournalEntry]) -> Presentation {
        var doc = Document()
        doc.heading("History of \(subject)")
        doc.table(journalTable(entries), primary: true)
        if entries.isEmpty { doc.paragraph("Nothing recorded yet.") }
        return Presentation(json: HistoryJSON(subject: subject, entries: entries), document: doc)
    }

    struct TaxonomyJSON: Encodable, Sendable {
        var categories: [Category]
        var owners: [Owner]
        var management: [Manager]
        var salesRepAbove: CurrencyTotals
        var retired: [RetiredCategory]
    }

    public static func taxonomy(_ taxonomy: Taxonomy, retired: [RetiredCategory]) -> Presentation {
        var doc = Document()
        doc.heading("Problem categories")
        var table = Table(columns: [
            .init("Code"), .init("Label (en)"), .init("Label (fr)"), .init("Owner"), .init("Hold"),
            .init("SLA", .right),
            .init("Escalate", .right), .init("Subcategories"),
        ])
        for c in taxonomy.categories {
            table.append([
                c.code, c.labels.en, c.labels.fr, c.owner.text, c.hold.rawValue, "\(c.slaDays) d",
                "\(c.escalateAfterDays) d",
                c.subcategories.map(\.code).joined(separator: ", "),
            ])
        }
        doc.table(table, primary: true)
        doc.heading("Owners")
        var owners = Table(columns: [.init("Key"), .init("Name"), .init("Email")])
        for o in taxonomy.owners { owners.append([o.key.text, o.name, o.email]) }
        doc.table(owners)
        doc.heading("Management group")
        var managers = Table(columns: [.init("Name"), .init("Role"), .init("Email")])
        for m in taxonomy.management { managers.append([m.name, m.role ?? "", m.email]) }
        doc.table(managers)
        let thresholds = CurrencyTotals(taxonomy.routing.salesRepAbove.values)
        if !thresholds.isEmpty { doc.paragraph("Sales rep also notified above: \(Show.totals(thresholds)).") }
        if !retired.isEmpty {
            doc.heading("Retired categories")
            var table = Table(columns: [.init("Code"), .init("Label"), .init("Retired on")])
            for r in retired { table.append([r.code, r.label, r.retiredOn.iso]) }
            doc.table(table)
        }
        return Presentation(
            json: TaxonomyJSON(
                categories: taxonomy.categories, owners: taxonomy.owners, management: taxonomy.management,
                salesRepAbove: thresholds, retired: retired), document: doc)
    }

    public static func taxonomyChange(_ change: TaxonomyChange, source: String) -> Presentation {
        var doc = Document()
        doc.paragraph("Loaded the taxonomy from \(source).")
        doc.fields([
            ("Added", change.added.isEmpty ? "none" : change.added.joined(separator: ", ")),
            ("Updated", change.updated.isEmpty ? "none" : change.updated.joined(separator: ", ")),
            ("Retired", change.retired.isEmpty ? "none" : change.retired.joined(separator: ", ")),
            ("Restored", change.restored.isEmpty ? "none" : change.restored.joined(separator: ", ")),
            ("Unchanged", String(change.unchanged)),
        ])
        return Presentation(json: change, document: doc)
    }

    public static func imported(_ result: ImportResult) -> Presentation {
        var doc = Document()
        let verb = result.dryRun ? "Would import" : "Imported"
        var line = "\(verb) \(result.kind) from \(result.file): \(result.rows) rows, \(result.inserted) new"
        if result.lines > 0 { line += " (\(result.lines) invoice lines)" }
        line += ", \(result.skipped) already present"
        if result.repeats > 0 { line += ", \(result.repeats) skipped as repeats of earlier rows" }
        if result.updated > 0 { line += ", \(result.updated) updated" }
        line += result.dryRun ? ". Nothing was written (--dry-run)." : "."
        doc.paragraph(line)
        if !result.disputes.isEmpty {
            doc.paragraph("Disputes logged: \(Show.ids(result.disputes)).")
        }
        return Presentation(json: result, document: doc)
    }

    struct InitJSON: Encodable, Sendable {
        var database: String
        var currency: String
        var taxonomy: String
        var categories: Int
        var owners: Int
    }

    public static func initialized(_ result: InitResult) -> Presentation {
        var doc = Document()
        doc.paragraph(
            "Created ledger \(result.path) (base currency \(result.currency.code)) with \(result.categories) problem categories and \(result.owners) owners from the \(result.taxonomySource) taxonomy."
        )
        doc.paragraph("Next: dun import customers FILE, dun import invoices FILE, then dun dispute log …")
        return Presentation(
            json: InitJSON(
                database: result.path, currency: result.currency.code, taxonomy: result.taxonomySource,
                categories: result.categories, owners: result.owners), document: doc)
    }
}

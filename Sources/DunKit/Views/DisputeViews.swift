import Complaints
import Interchange
import LedgerPort
import Receivables

/// JSON of one dispute (`dispute log|show|assign|note|resolve|reopen`).
struct DisputeJSON: Encodable, Sendable {
    struct InvoiceJSON: Encodable, Sendable {
        var number: String
        var amount: String
    }
    struct ResolutionJSON: Encodable, Sendable {
        var outcome: String
        var on: Day
        var amount: String?
        var rootCause: String?
        var note: String?
    }
    struct HoldJSON: Encodable, Sendable {
        var id: HoldID
        var invoice: String?
        var amount: String?
        var active: Bool
        var placedOn: Day
        var releasedOn: Day?
    }
    struct CreditJSON: Encodable, Sendable {
        var number: String
        var invoice: String?
        var amount: String
        var applied: String
        var issuedOn: Day
    }

    var id: DisputeID
    var status: String
    var category: String
    var subcategory: String?
    var owner: String
    var notified: [String]
    var customer: String
    var customerName: String
    var invoices: [InvoiceJSON]
    var amount: String
    var currency: String
    var subjects: [String]
    var channel: String
    var reportedOn: Day
    var openedOn: Day
    var slaDue: Day
    var pastSla: Bool
    var escalationDay: Day
    var note: String?
    var holds: [HoldID]
    var holdDetails: [HoldJSON]
    var holdsReleased: [HoldID]
    var resolution: OrNull<ResolutionJSON>
    var notes: [DisputeNote]
    var creditNotes: [CreditJSON]
    var writeOffs: [AmountJSON]
}

extension DisputeDetail {
    func json(asOf day: Day) -> DisputeJSON {
        let d = record.dispute
        var resolution: DisputeJSON.ResolutionJSON?
        if case .resolved(let r) = d.state {
            resolution = .init(
                outcome: r.outcome.rawValue, on: r.on, amount: r.amount?.decimalString, rootCause: r.rootCause,
                note: r.note)
        }
        let holdIDs = holdsPlaced.isEmpty ? holds.map(\.hold.id) : holdsPlaced
        return DisputeJSON(
            id: d.id, status: d.state.status.rawValue, category: d.category, subcategory: d.subcategory,
            owner: d.owner.text,
            notified: d.watchers.map(\.text), customer: d.customer.text, customerName: record.customerName,
            invoices: d.invoices.map { .init(number: $0.number.text, amount: $0.amount.decimalString) },
            amount: d.amount.decimalString, currency: d.amount.currency.code, subjects: d.subjects.map(\.description),
            channel: d.channel.rawValue, reportedOn: d.reportedOn, openedOn: d.openedOn,
            slaDue: d.slaDue(slaDays: record.slaDays),
            pastSla: d.isPastSLA(on: day, slaDays: record.slaDays),
            escalationDay: d.escalationDay(escalateAfterDays: record.escalateAfterDays),
            note: d.note, holds: holdIDs,
            holdDetails: holds.map { h in
                var invoice: String?
                var amount: String?
                if case .invoice(let number, let held) = h.hold.target {
                    invoice = number.text
                    amount = held?.decimalString
                }
                var released: Day?
                if case .released(let on, _) = h.hold.state { released = on }
                return .init(
                    id: h.hold.id, invoice: invoice, amount: amount, active: h.hold.isActive(on: day),
                    placedOn: h.hold.placedOn, releasedOn: released)
            },
            holdsReleased: holdsReleased, resolution: OrNull(resolution), notes: notes,
            creditNotes: creditNotes.map {
                .init(
                    number: $0.note.number.text, invoice: $0.note.invoice?.text, amount: $0.note.amount.decimalString,
                    applied: $0.applied.decimalString, issuedOn: $0.note.issuedOn)
            },
            writeOffs: writeOffs.map { AmountJSON($0.amount) })
    }

    func document(asOf day: Day, headline: String? = nil) -> Document {
        let d = record.dispute
        var doc = Document()
        if let headline { doc.paragraph(headline) }
        doc.heading("Dispute \(d.id) — \(record.customerName) (\(d.customer))")
        var fields: [(String, String)] = [
            ("Status", statusText(asOf: day)),
            ("Category", d.category + (d.subcategory.map { "/" + $0 } ?? "")),
            (
                "Owner",
                d.owner.text
                    + (d.watchers.isEmpty
                        ? "" : " (sales rep notified: \(d.watchers.map(\.text).joined(separator: ", ")))")
            ),
            ("Amount", Show.money(d.amount)),
            ("Invoices", d.invoices.map { "\($0.number) (\(Show.money($0.amount)))" }.joined(separator: ", ")),
            ("Reported", "\(d.reportedOn) by \(d.channel.rawValue)"),
            ("Opened", d.openedOn.iso),
            ("SLA due", d.slaDue(slaDays: record.slaDays).iso),
        ]
        if !d.subjects.isEmpty { fields.append(("Subjects", d.subjects.map(\.description).joined(separator: ", "))) }
        if let note = d.note { fields.append(("Complaint", note)) }
        if case .resolved(let r) = d.state {
            fields.append(("Outcome", r.outcome.rawValue + (r.amount.map { " " + Show.money($0) } ?? "")))
            if let cause = r.rootCause { fields.append(("Root cause", cause)) }
            if let note = r.note { fields.append(("Resolution note", note)) }
        }
        doc.fields(fields)
        if !holds.isEmpty {
            doc.heading("Holds")
            doc.table(HoldViews.table(holds, asOf: day))
        }
        if !creditNotes.isEmpty || !writeOffs.isEmpty {
            doc.heading("Adjustments")
            var table = Table(columns: [.init("Document"), .init("Invoice"), .init("Day"), .init("Amount", .right)])
            for c in creditNotes {
                table.append([
                    "credit note \(c.note.number)", c.note.invoice?.text ?? "", c.note.issuedOn.iso,
                    Show.money(c.note.amount),
                ])
            }
            for w in writeOffs { table.append(["write-off", w.invoice.text, w.writtenOn.iso, Show.money(w.amount)]) }
            doc.table(table)
        }
        if !notes.isEmpty {
            doc.heading("Notes")
            var table = Table(columns: [.init("Day"), .init("By"), .init("Note")])
            for n in notes { table.append([n.writtenOn.iso, n.actor, n.text]) }
            doc.table(table)
        }
        return doc
    }

    func statusText(asOf day: Day) -> String {
        let d = record.dispute
        switch d.state {
        case .open:
            let age = day - d.openedOn
            var text = "open, \(age) day\(age == 1 ? "" : "s")"
            if d.isPastSLA(on: day, slaDays: record.slaDays) { text += ", past its \(record.slaDays)-day SLA" }
            if day > d.escalationDay(escalateAfterDays: record.escalateAfterDays) {
                text += ", escalated to management"
            }
            return text
        case .resolved(let r):
            return "resolved on \(r.on) (\(r.outcome.rawValue))"
        }
    }
}

/// Views of disputes.
public enum DisputeViews {
    public static func detail(_ detail: DisputeDetail, asOf day: Day, headline: String? = nil) -> Presentation {
        Presentation(json: detail.json(asOf: day), document: detail.document(asOf: day, headline: headline))
    }

    struct Row: Encodable, Sendable {
        var id: DisputeID
        var status: String
        var category: String
        var subcategory: String?
        var owner: String
        var customer: String
        var customerName: String
        var invoices: [String]
        var amount: String
        var currency: String
        var openedOn: Day
        var slaDue: Day
        var pastSla: Bool
        var outcome: String?
        var resolvedOn: Day?
    }

    public static func list(_ records: [DisputeRecord], total: Int, asOf day: Day) -> Presentation {
        var table = Table(columns: [
            .init("Dispute"), .init("Status"), .init("Opened"), .init("Customer"), .init("Category"), .init("Owner"),
            .init("Amount", .right), .init("Invoices"),
        ])
        var rows: [Row] = []
        for r in records {
            let d = r.dispute
            var outcome: String?
            var resolvedOn: Day?
            var status = d.state.status.rawValue
            if case .resolved(let res) = d.state {
                outcome = res.outcome.rawValue
                resolvedOn = res.on
                status = "resolved (\(res.outcome.rawValue))"
            } else if d.isPastSLA(on: day, slaDays: r.slaDays) {
                status = "open, past SLA"
            }
            table.append([
                d.id.description, status, d.openedOn.iso, d.customer.text, d.category, d.owner.text,
                Show.money(d.amount),
                d.invoices.map(\.number.text).joined(separator: " "),
            ])
            rows.append(
                Row(
                    id: d.id, status: d.state.status.rawValue, category: d.category, subcategory: d.subcategory,
                    owner: d.owner.text,
                    customer: d.customer.text, customerName: r.customerName, invoices: d.invoices.map(\.number.text),
                    amount: d.amount.decimalString, currency: d.amount.currency.code, openedOn: d.openedOn,
                    slaDue: d.slaDue(slaDays: r.slaDays), pastSla: d.isPastSLA(on: day, slaDays: r.slaDays),
                    outcome: outcome,
                    resolvedOn: resolvedOn))
        }
        var doc = Document()
        doc.table(table, primary: true)
        if let more = Show.more(shown: records.count, total: total) { doc.paragraph(more) }
        if records.isEmpty { doc.paragraph("No disputes.") }
        return Presentation(json: Listing(total: total, items: rows), document: doc)
    }
}

import Complaints
import Interchange
import LedgerPort
import Receivables

/// Views of holds.
public enum HoldViews {
    struct Row: Encodable, Sendable {
        var id: HoldID
        var invoice: OrNull<String>
        var customer: String
        var customerName: String
        var dispute: OrNull<DisputeID>
        var reason: String
        var amount: OrNull<String>
        var placedOn: Day
        var until: OrNull<Day>
        var releasedOn: OrNull<Day>
        var releaseNote: OrNull<String>
        var active: Bool
        var blocked: CurrencyTotals
        var daysHeld: Int
    }

    static func row(_ record: HoldRecord, asOf day: Day) -> Row {
        let hold = record.hold
        var invoice: String?
        var amount: String?
        if case .invoice(let number, let held) = hold.target {
            invoice = number.text
            amount = held?.decimalString
        }
        var released: Day?
        var note: String?
        if case .released(let on, let n) = hold.state {
            released = on
            note = n
        }
        let end = hold.endedOn(asOf: day) ?? day
        return Row(
            id: hold.id, invoice: OrNull(invoice), customer: record.customer.text, customerName: record.customerName,
            dispute: OrNull(hold.dispute), reason: hold.reason, amount: OrNull(amount), placedOn: hold.placedOn,
            until: OrNull(hold.until), releasedOn: OrNull(released), releaseNote: OrNull(note),
            active: hold.isActive(on: day), blocked: record.blocked,
            daysHeld: max(0, end - hold.placedOn))
    }

    static func status(_ hold: Hold, asOf day: Day) -> String {
        if hold.isActive(on: day) { return hold.until.map { "active until \($0)" } ?? "active" }
        if case .released(let on, _) = hold.state, on <= day { return "released \(on)" }
        if let until = hold.until, until <= day { return "lapsed \(until)" }
        return "placed \(hold.placedOn)"
    }

    static func table(_ records: [HoldRecord], asOf day: Day) -> Table {
        var table = Table(columns: [
            .init("Hold"), .init("On"), .init("Customer"), .init("Dispute"), .init("Placed"), .init("Days", .right),
            .init("Status"), .init("Blocks", .right), .init("Reason"),
        ])
        for record in records {
            let row = row(record, asOf: day)
            let on: String =
                switch record.hold.target {
                case .invoice(let number, let amount): number.text + (amount.map { " (\(Show.money($0)))" } ?? "")
                case .customer: "all open items"
                }
            table.append([
                row.id.description, on, row.customer, record.hold.dispute?.description ?? "", row.placedOn.iso,
                String(row.daysHeld), status(record.hold, asOf: day), Show.totals(record.blocked), row.reason,
            ])
        }
        return table
    }

    public static func list(_ records: [HoldRecord], total: Int, asOf day: Day) -> Presentation {
        var doc = Document()
        doc.table(table(records, asOf: day), primary: true)
        if let more = Show.more(shown: records.count, total: total) { doc.paragraph(more) }
        if records.isEmpty { doc.paragraph("No holds.") }
        return Presentation(json: records.map { row($0, asOf: day) }, document: doc)
    }

    public static func changed(_ records: [HoldRecord], asOf day: Day, verb: String) -> Presentation {
        var doc = Document()
        for record in records {
            let target: String =
                switch record.hold.target {
                case .invoice(let number, _): "invoice \(number)"
                case .customer(let code): "customer \(code)"
                }
            doc.paragraph(
                "\(verb) hold \(record.hold.id) on \(target)"
                    + (verb == "Released" ? "; dunning can resume from \(day)." : "."))
        }
        doc.table(table(records, asOf: day), primary: true)
        return Presentation(json: records.map { row($0, asOf: day) }, document: doc)
    }

    struct ReportJSON: Encodable, Sendable {
        var asOf: Day
        var active: Int
        var amounts: CurrencyTotals
        var oldestPlacedOn: Day?
        var holds: [Row]
    }

    public static func report(_ report: HoldsReport) -> Presentation {
        var doc = Document()
        doc.heading("Collection holds as of \(report.asOf)")
        doc.fields([
            ("Active holds", String(report.holds.count)),
            ("Cash blocked", Show.totals(report.blocked)),
            ("Oldest since", Show.day(report.oldest)),
        ])
        doc.table(table(report.holds, asOf: report.asOf), primary: true)
        return Presentation(
            json: ReportJSON(
                asOf: report.asOf, active: report.holds.count, amounts: report.blocked, oldestPlacedOn: report.oldest,
                holds: report.holds.map { row($0, asOf: report.asOf) }), makeDocument: { [doc] in doc },
            makeHTML: { [doc] in doc.html(title: "Collection holds \(report.asOf)") })
    }
}

import Complaints
import Foundation
import LedgerPort
import Receivables

/// `dun report holds`: every active hold, what it blocks and for how long.
public struct HoldsReport: Sendable {
    public var asOf: Day
    public var holds: [HoldRecord]
    public var blocked: CurrencyTotals
    public var oldest: Day?
}

extension Session {
    /// The weekly root-cause report for `week` (the as-of day's week when not given), from the
    /// facts dated up to the as-of day. Figures that are a state rather than a count (holds, SLA,
    /// escalations, actions, KPIs) are taken on the week's Sunday, or on the as-of day for the
    /// week in progress; each is compared with the same figure a week earlier. Reading it changes
    /// nothing: escalations are derived from dates (`dun escalate` journals them).
    public func weeklyReport(week: IsoWeek?) throws -> WeeklyReport {
        let week = week ?? today.isoWeek
        return try read { reader in
            let lastWeek = week.advanced(by: -1)
            // Both weeks' KPIs count the cash held day by day over overlapping periods: read once.
            var spanBlocked: [Currency: [Day: Int64]]?
            if let first = kpiPeriod(of: lastWeek), let last = kpiPeriod(of: week) {
                spanBlocked = try reader.blockedByHolds(from: first.start, through: last.end)
            }
            // The two weeks are read side by side.
            let session = self
            let blocked = spanBlocked
            var (inputs, previous) = try reader.inParallel(
                { try weeklyInputs(week: week, reader: reader, blocked: blocked) },
                { WeeklyReport(try session.weeklyInputs(week: lastWeek, reader: $0, blocked: blocked)) })
            inputs.previous = previous
            return WeeklyReport(inputs)
        }
    }

    /// Active holds on the as-of day, oldest first, with the cash they block.
    public func holdsReport() throws -> HoldsReport {
        try read { reader in
            let holds = try reader.holds(HoldFilter(activeOn: today), on: today).rows
            let totals = try reader.holdTotals(on: today)
            return HoldsReport(asOf: today, holds: holds, blocked: totals.blocked, oldest: totals.oldest)
        }
    }

    /// Customers with their balances on the as-of day.
    public func customers(limit: Int?) throws -> (rows: [CustomerSummary], total: Int) {
        try read { try $0.customers(on: today, limit: limit) }
    }

    /// One customer, their open invoices, disputes and holds.
    public func customer(_ code: CustomerCode) throws -> CustomerDetail {
        try read { reader in
            guard let summary = try reader.customerSummary(code, on: today) else {
                throw RuleViolation.unknownCustomer(code)
            }
            return CustomerDetail(
                summary: summary,
                openInvoices: try reader.invoices(InvoiceFilter(openOnly: true, customer: code, limit: 200), on: today)
                    .rows,
                disputes: try reader.disputes(DisputeFilter(status: nil, customer: code, limit: 50), on: today).rows,
                holds: try reader.holds(HoldFilter(activeOn: today, customer: code), on: today).rows)
        }
    }

    /// Invoices matching the filter.
    public func invoices(_ filter: InvoiceFilter) throws -> (rows: [InvoiceSummary], total: Int) {
        try read { try $0.invoices(filter, on: today) }
    }

    /// One invoice with its lines, disputes, holds, credit notes, write-offs and history.
    public func invoice(_ number: InvoiceNumber) throws -> InvoiceDetail {
        try read { reader in
            guard let invoice = try reader.invoice(number, on: today) else {
                throw RuleViolation.unknownInvoice(number)
            }
            guard invoice.issueDate <= today else { throw RuleViolation.issuedAfterToday(number, invoice.issueDate) }
            return InvoiceDetail(
                invoice: invoice, customerName: try reader.customer(invoice.customer)?.name ?? "",
                disputes: try reader.disputes(DisputeFilter(status: nil, invoice: number), on: today).rows,
                holds: try reader.holds(HoldFilter(invoice: number), on: today).rows
                    + reader.holds(
                        HoldFilter(activeOn: today, customer: invoice.customer, wholeCustomerOnly: true), on: today
                    ).rows,
                creditNotes: try reader.creditNotes(of: number, on: today),
                writeOffs: try reader.writeOffs(invoice: number, on: today),
                history: try reader.history(of: JournalRef.invoice(number), through: today))
        }
    }
}

/// `dun customer show`.
public struct CustomerDetail: Sendable {
    public var summary: CustomerSummary
    public var openInvoices: [InvoiceSummary]
    public var disputes: [DisputeRecord]
    public var holds: [HoldRecord]
}

/// `dun invoice show`.
public struct InvoiceDetail: Sendable {
    public var invoice: Invoice
    public var customerName: String
    public var disputes: [DisputeRecord]
    public var holds: [HoldRecord]
    public var creditNotes: [CreditNoteRecord]
    public var writeOffs: [WriteOffRecord]
    public var history: [JournalEntry]
}

import Complaints
import Foundation
import Receivables

/// What was open at the close of a day, in one currency.
public struct OpenReceivables: Sendable, Hashable {
    /// All open AR.
    public var total: Int64
    /// The part not yet due that day (due that day or later): current AR.
    public var current: Int64

    public init(total: Int64, current: Int64) {
        self.total = total
        self.current = current
    }
}

/// The aggregates behind the KPIs and the weekly root-cause report, as of a day.
public protocol ReportReading {
    /// Receivables open at the close of `day`, per currency: what was issued by then less what
    /// was reduced by then, from the receivables' movements.
    func openReceivables(on day: Day) throws -> [Currency: OpenReceivables]
    /// The part of the AR open at the close of `day` that disputes open that day are about: per
    /// invoice, the amounts those disputes name, capped at what was still open of it.
    func disputedReceivables(on day: Day) throws -> [Currency: Int64]
    /// Invoices issued between two days (inclusive), per currency: credit sales.
    func creditSales(from: Day, to: Day) throws -> [Currency: Int64]
    /// Credit sales per calendar month (`YYYY-MM`) and currency, of invoices issued up to `day`.
    func monthlySales(through day: Day) throws -> [Currency: [String: Int64]]
    /// Invoices whose open amount reached zero between two days (inclusive) and that received at
    /// least one payment — those closed only by credit notes or write-offs were never paid — with
    /// whether a dispute opened by `to` named them.
    func settledInvoices(from: Day, to: Day) throws -> [SettledInvoice]
    /// Disputes resolved between two days (inclusive), per currency of the disputed amount.
    func disputeResolutions(from: Day, to: Day) throws -> [Currency: [DisputeResolution]]
    /// The cash holds blocked on each day from `from` through `to`, per currency, by the rules of
    /// ``holdTotals(on:)`` (each invoice once, a partial hold up to its amount, a customer hold
    /// all the customer's open invoices) applied to the open amounts of that day.
    ///
    /// Worked out in Swift from three reads: the holds active at some point of the span, the
    /// invoices they cover, and the reductions of those invoices; each day's balances come from
    /// the domain's rule.
    func blockedByHolds(from: Day, through to: Day) throws -> [Currency: [Day: Int64]]
    /// Promises whose last day (promised day plus grace) falls between two days (inclusive),
    /// per currency, judged on `to`: one whose grace ends on `to` itself and is not yet paid is
    /// still pending and not counted.
    func promiseTallies(from: Day, to: Day) throws -> [Currency: PromiseTally]
    /// Everything the KPIs of `period` are computed from, one set per currency that had
    /// receivables or sales in it (the base currency always, so that an empty ledger still
    /// answers), in currency-code order.
    ///
    /// `blocked`, when given, holds ``blockedByHolds(from:through:)`` of a span covering the
    /// period (read once for reports that take the KPIs of overlapping periods).
    func kpiInputs(
        period: KPIPeriod, annualRateBasisPoints: Int, baseCurrency: Currency,
        blocked spanBlocked: [Currency: [Day: Int64]]?
    ) throws -> [KPIInputs]
    /// Disputes opened between two days (inclusive), with their subjects, for recurrence and trends.
    func disputeFacts(from: Day, to: Day) throws -> [DisputeFact]
    /// Disputes resolved between two days (a dispute resolved twice counted once), per category.
    func resolvedByCategory(from: Day, to: Day) throws -> [String: Int]
    /// Per owner: disputes open on `day`, how many are past their category's SLA, and their amounts.
    func ownerWorkload(on day: Day) throws -> [WeeklyReport.OwnerLine]
    /// Disputes open on `day` and past their category's escalation day, oldest first, each with
    /// the day it crossed the line.
    func escalations(on day: Day) throws -> [WeeklyReport.Escalation]
}

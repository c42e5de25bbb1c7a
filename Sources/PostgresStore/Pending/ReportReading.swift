// Not yet on PostgreSQL: each of these says so. Replaced by Report.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresReader: ReportReading {
    public func openReceivables(on day: Day) throws -> [Currency: OpenReceivables] {
        throw PostgresPending.notYet("openReceivables")
    }

    public func disputedReceivables(on day: Day) throws -> [Currency: Int64] {
        throw PostgresPending.notYet("disputedReceivables")
    }

    public func creditSales(from: Day, to: Day) throws -> [Currency: Int64] {
        throw PostgresPending.notYet("creditSales")
    }

    public func monthlySales(through day: Day) throws -> [Currency: [String: Int64]] {
        throw PostgresPending.notYet("monthlySales")
    }

    public func settledInvoices(from: Day, to: Day) throws -> [SettledInvoice] {
        throw PostgresPending.notYet("settledInvoices")
    }

    public func disputeResolutions(from: Day, to: Day) throws -> [Currency: [DisputeResolution]] {
        throw PostgresPending.notYet("disputeResolutions")
    }

    public func blockedByHolds(from: Day, through to: Day) throws -> [Currency: [Day: Int64]] {
        throw PostgresPending.notYet("blockedByHolds")
    }

    public func promiseTallies(from: Day, to: Day) throws -> [Currency: PromiseTally] {
        throw PostgresPending.notYet("promiseTallies")
    }

    public func kpiInputs(
        period: KPIPeriod, annualRateBasisPoints: Int, baseCurrency: Currency,
        blocked spanBlocked: [Currency: [Day: Int64]]?
    ) throws -> [KPIInputs] {
        throw PostgresPending.notYet("kpiInputs")
    }

    public func disputeFacts(from: Day, to: Day) throws -> [DisputeFact] {
        throw PostgresPending.notYet("disputeFacts")
    }

    public func resolvedByCategory(from: Day, to: Day) throws -> [String: Int] {
        throw PostgresPending.notYet("resolvedByCategory")
    }

    public func ownerWorkload(on day: Day) throws -> [WeeklyReport.OwnerLine] {
        throw PostgresPending.notYet("ownerWorkload")
    }

    public func escalations(on day: Day) throws -> [WeeklyReport.Escalation] {
        throw PostgresPending.notYet("escalations")
    }
}

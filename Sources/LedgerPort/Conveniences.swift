import Complaints
import Foundation
import Receivables

// The short forms of the port's calls: a protocol requirement cannot have default arguments.

extension JournalWriting {
    /// Appends an entry filed under `subject` alone, with no details.
    public func journal(_ action: String, subject: String) throws {
        try journal(action, subject: subject, refs: [], details: [:])
    }

    /// Appends an entry filed under `subject` and `refs`, with no details.
    public func journal(_ action: String, subject: String, refs: [String]) throws {
        try journal(action, subject: subject, refs: refs, details: [:])
    }

    /// Appends an entry filed under `subject` alone.
    public func journal(_ action: String, subject: String, details: [String: String]) throws {
        try journal(action, subject: subject, refs: [], details: details)
    }
}

extension HoldWriting {
    /// Places a hold from the transaction's day.
    public func placeHold(on target: Hold.Target, dispute: DisputeID?, reason: String, until: Day?) throws -> HoldID {
        try placeHold(on: target, dispute: dispute, reason: reason, from: nil, until: until)
    }

    /// Releases a hold on the transaction's day.
    public func releaseHold(_ id: HoldID, note: String?) throws {
        try releaseHold(id, note: note, on: nil)
    }
}

extension ReceivablesReading {
    /// The write-offs of one invoice, as of `day`.
    public func writeOffs(invoice: InvoiceNumber, on day: Day) throws -> [WriteOffRecord] {
        try writeOffs(invoice: invoice, dispute: nil, on: day)
    }

    /// The write-offs a dispute's resolution made, as of `day`.
    public func writeOffs(dispute: DisputeID, on day: Day) throws -> [WriteOffRecord] {
        try writeOffs(invoice: nil, dispute: dispute, on: day)
    }
}

extension ReceivablesWriting {
    /// Writes off on the transaction's day.
    public func writeOff(_ number: InvoiceNumber, amount: Money, dispute: DisputeID?, reason: String?) throws -> Money {
        try writeOff(number, amount: amount, dispute: dispute, reason: reason, on: nil)
    }
}

extension ActionReading {
    /// Every corrective action as of `day`.
    public func actions(on day: Day) throws -> [ActionRecord] { try actions(ActionFilter(), on: day) }
}

extension CollectionReading {
    /// Every pending promise.
    public func pendingPromises() throws -> [PromiseToPay] { try pendingPromises(customer: nil) }
}

extension OutboxWriting {
    /// Records a delivery attempt's result.
    public func markOutbox(_ id: Int64, status: OutboxItem.Status, error: String?) throws {
        try markOutbox(id, status: status, error: error, attempted: true)
    }
}

extension PaymentWriting {
    /// Applies cash on the transaction's day.
    public func apply(_ payment: PaymentID, to invoice: InvoiceNumber, amount: Money, rule: MatchRule) throws {
        try apply(payment, to: invoice, amount: amount, rule: rule, on: nil)
    }
}

extension ReportReading {
    /// The KPI inputs, with the held cash read for the period itself.
    public func kpiInputs(period: KPIPeriod, annualRateBasisPoints: Int, baseCurrency: Currency) throws -> [KPIInputs] {
        try kpiInputs(
            period: period, annualRateBasisPoints: annualRateBasisPoints, baseCurrency: baseCurrency, blocked: nil)
    }
}

extension CollectionScanReading {
    /// The open invoices of `day` in `parts` parts, with the engine's own threshold for
    /// splitting the scan.
    public func scanOpenInvoices<Part: Sendable>(
        on day: Day, parts wanted: Int, make: @Sendable () -> Part, add: @Sendable (inout Part, OpenRow) -> Void
    ) throws -> [Part] {
        try scanOpenInvoices(on: day, parts: wanted, minimumInvoices: nil, make: make, add: add)
    }
}

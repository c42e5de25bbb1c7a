import Complaints
import Foundation
import Receivables

/// A dispute to record, already validated and routed.
public struct NewDispute: Sendable {
    public var customer: CustomerCode
    public var invoices: [DisputedInvoice]
    public var category: String
    public var subcategory: String?
    public var subjects: [Subject]
    public var routing: RoutingDecision
    public var channel: Channel
    public var reportedOn: Day
    public var note: String?

    public init(
        customer: CustomerCode, invoices: [DisputedInvoice], category: String, subcategory: String?,
        subjects: [Subject], routing: RoutingDecision, channel: Channel, reportedOn: Day, note: String?
    ) {
        self.customer = customer
        self.invoices = invoices
        self.category = category
        self.subcategory = subcategory
        self.subjects = subjects
        self.routing = routing
        self.channel = channel
        self.reportedOn = reportedOn
        self.note = note
    }
}

/// A note written on a dispute.
public struct DisputeNote: Sendable, Hashable, Encodable {
    public var writtenOn: Day
    public var actor: String
    public var text: String

    public init(writtenOn: Day, actor: String, text: String) {
        self.writtenOn = writtenOn
        self.actor = actor
        self.text = text
    }
}

/// A dispute with everything a listing or `dispute show` prints beside it.
public struct DisputeRecord: Sendable, Hashable {
    public var dispute: Dispute
    public var customerName: String
    public var escalatedOn: Day?
    public var slaDays: Int
    public var escalateAfterDays: Int

    public init(dispute: Dispute, customerName: String, escalatedOn: Day? = nil, slaDays: Int, escalateAfterDays: Int) {
        self.dispute = dispute
        self.customerName = customerName
        self.escalatedOn = escalatedOn
        self.slaDays = slaDays
        self.escalateAfterDays = escalateAfterDays
    }
}

/// Which disputes a listing shows.
public struct DisputeFilter: Sendable, Hashable {
    public var status: DisputeStatus?
    public var owner: PersonKey?
    public var category: String?
    public var customer: CustomerCode?
    public var invoice: InvoiceNumber?
    public var limit: Int?

    public init(
        status: DisputeStatus? = .open, owner: PersonKey? = nil, category: String? = nil, customer: CustomerCode? = nil,
        invoice: InvoiceNumber? = nil, limit: Int? = nil
    ) {
        self.status = status
        self.owner = owner
        self.category = category
        self.customer = customer
        self.invoice = invoice
        self.limit = limit
    }
}

/// Logging, routing, resolving and reopening disputes.
public protocol DisputeWriting {
    /// Records a new dispute with its invoices, subjects and watchers; returns its id.
    func insertDispute(_ new: NewDispute) throws -> DisputeID
    /// Routes the dispute to another owner from the transaction's day.
    func assignDispute(_ id: DisputeID, from previous: PersonKey, to owner: PersonKey) throws
    /// Adds a note to the dispute's file.
    func addNote(_ id: DisputeID, text: String) throws
    /// Marks the dispute resolved, and keeps the resolution among those it had.
    func resolveDispute(_ id: DisputeID, _ resolution: Resolution) throws
    /// Records that an existing credit note settled the dispute.
    func linkCreditNote(_ number: CreditNoteNumber, to id: DisputeID) throws
    /// Opens a resolved dispute again on the transaction's day; its resolutions keep the one it
    /// had, with the day it was reopened.
    func reopenDispute(_ id: DisputeID) throws
    /// Marks the dispute as escalated to the management group on the transaction's day.
    func markEscalated(_ id: DisputeID) throws
}

/// Reading disputes as of a day.
public protocol DisputeReading {
    /// The dispute with this id, as it stood at the close of `day` (`nil` when it was not opened
    /// by then).
    func dispute(_ id: DisputeID, on day: Day) throws -> DisputeRecord?
    /// Disputes opened by `day` and matching `filter`, newest first, as they stood that day.
    func disputes(_ filter: DisputeFilter, on day: Day) throws -> (rows: [DisputeRecord], total: Int)
    /// The notes written on a dispute by `day`, oldest first.
    func notes(of id: DisputeID, on day: Day) throws -> [DisputeNote]
    /// Disputes open on `day` and past their escalation day that were not yet journaled as
    /// escalated: what `dun escalate` tells the management group.
    func disputesToEscalate(on day: Day) throws -> [DisputeID]
}

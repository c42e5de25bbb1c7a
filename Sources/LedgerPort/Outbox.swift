import Complaints
import Foundation
import Receivables

/// A letter or an email in the outbox.
public struct OutboxItem: Sendable, Hashable {
    /// Where it stands: queued, sent (emails), printed (letters), failed (and tried again), or
    /// cancelled (by hand, or because what it asked for was paid or held before it left).
    public enum Status: String, Sendable, Codable, CaseIterable {
        case queued, sent, failed, printed, cancelled
    }

    public var id: Int64
    public var notice: Int64?
    public var customer: CustomerCode?
    public var kind: String
    public var channel: String
    public var language: String
    public var recipients: String?
    public var subject: String
    public var text: String
    public var html: String
    public var message: [UInt8]?
    public var messageID: String?
    public var status: Status
    public var attempts: Int
    public var lastError: String?
    public var createdOn: Day
    public var doneAt: String?

    public init(
        id: Int64 = 0, notice: Int64?, customer: CustomerCode?, kind: String, channel: String, language: String,
        recipients: String?, subject: String, text: String, html: String, message: [UInt8]?, messageID: String?,
        status: Status = .queued, attempts: Int = 0, lastError: String? = nil, createdOn: Day, doneAt: String? = nil
    ) {
        self.id = id
        self.notice = notice
        self.customer = customer
        self.kind = kind
        self.channel = channel
        self.language = language
        self.recipients = recipients
        self.subject = subject
        self.text = text
        self.html = html
        self.message = message
        self.messageID = messageID
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
        self.createdOn = createdOn
        self.doneAt = doneAt
    }
}

/// An open invoice as a statement shows it, with the part active holds keep under review.
public struct StatementInvoice: Sendable, Hashable {
    public var number: InvoiceNumber
    public var issueDate: Day
    public var dueDate: Day
    public var amount: Money
    public var open: Money
    /// The part of `open` under an active hold on the day (all of it for a customer-wide hold).
    public var held: Money

    public init(number: InvoiceNumber, issueDate: Day, dueDate: Day, amount: Money, open: Money, held: Money) {
        self.number = number
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.amount = amount
        self.open = open
        self.held = held
    }
}

/// Queueing documents and recording their delivery.
public protocol OutboxWriting {
    /// Puts a letter or an email in the outbox; returns its id.
    func enqueue(_ item: OutboxItem) throws -> Int64
    /// Records the outcome of one attempt to send or print.
    func markOutbox(_ id: Int64, status: OutboxItem.Status, error: String?, attempted: Bool) throws
    /// The id the next outbox item will get. The write transaction holds the database's write
    /// lock, so the id is known before the message that quotes it is built.
    func nextOutboxID() throws -> Int64
    /// Writes a (re-)rendered document into an item that is not yet sent or printed.
    func updateOutboxDocument(_ item: OutboxItem) throws
}

/// Reading the outbox and the settings delivery needs.
public protocol OutboxReading {
    /// Items in the outbox, newest first, of one status or channel when asked.
    func outbox(status: OutboxItem.Status?, channel: String?, limit: Int?) throws -> [OutboxItem]
    /// What waits to be sent (emails queued or failed before) or printed (letters queued), oldest first.
    func pendingOutbox(channel: String) throws -> [OutboxItem]
    /// One item of the outbox.
    func outboxItem(_ id: Int64) throws -> OutboxItem?
    /// Settings whose key starts with `prefix`.
    func settings(prefix: String) throws -> [String: String]
    /// A customer's open invoices, oldest due first, with what active holds keep under review on
    /// `day`. A hold on a disputed amount holds that amount; a hold without one, or a hold on
    /// the whole customer, holds the whole open balance.
    func statementInvoices(of customer: CustomerCode, on day: Day) throws -> [StatementInvoice]
}

import Complaints
import Foundation
import LedgerPort
import Receivables

/// What `dun contact log` records.
public struct ContactRequest: Sendable {
    public var customer: CustomerCode
    public var channel: String
    public var outcome: String
    public var note: String?
    /// With outcome `promise`: the promise made.
    public var promise: PromiseRequest?
    /// With outcome `dispute`: the complaint, logged as `dun dispute log` would.
    public var dispute: DisputeRequest?

    public init(
        customer: CustomerCode, channel: String, outcome: String, note: String? = nil, promise: PromiseRequest? = nil,
        dispute: DisputeRequest? = nil
    ) {
        self.customer = customer
        self.channel = channel
        self.outcome = outcome
        self.note = note
        self.promise = promise
        self.dispute = dispute
    }

    public static let channels = ["call", "email", "letter", "visit"]
    public static let outcomes = ["reached", "no-answer", "promise", "dispute", "wrong-contact"]
}

/// What a contact recorded.
public struct ContactResult: Sendable {
    public var contact: ContactRecord
    public var promise: PromiseToPay?
    public var dispute: DisputeDetail?
}

extension Session {
    /// Records a call, email, letter or visit and its outcome; a `promise` outcome records the
    /// promise and a `dispute` outcome logs the dispute, in the same transaction.
    public func logContact(_ request: ContactRequest) throws -> ContactResult {
        try write { tx in
            guard try tx.reader.customer(request.customer) != nil else {
                throw RuleViolation.unknownCustomer(request.customer)
            }
            var promise: PromiseToPay?
            var dispute: DisputeDetail?
            switch request.outcome {
            case "promise":
                guard let promised = request.promise else {
                    throw RuleViolation.outcomeNeedsDetails("a promise outcome needs --amount and --due")
                }
                promise = try addPromise(promised, contact: nil, in: tx)
            case "dispute":
                guard let complaint = request.dispute else {
                    throw RuleViolation.outcomeNeedsDetails("a dispute outcome needs --invoice and --category")
                }
                let detail = try logDispute(complaint, in: tx)
                guard detail.record.dispute.customer == request.customer else {
                    throw RuleViolation.severalCustomers(
                        detail.record.dispute.invoices[0].number, request.customer, detail.record.dispute.customer)
                }
                dispute = detail
            default:
                break
            }
            let id = try tx.insertContact(
                customer: request.customer, channel: request.channel, outcome: request.outcome, note: request.note,
                promise: promise?.id, dispute: dispute?.record.dispute.id)
            var details = ["channel": request.channel, "outcome": request.outcome]
            if let note = request.note { details["note"] = note }
            if let promise { details["promise"] = promise.id.description }
            if let dispute { details["dispute"] = dispute.record.dispute.id.description }
            try tx.journal(
                "contact.log", subject: "contact:\(id)", refs: [JournalRef.customer(request.customer)], details: details
            )
            let contact = try tx.reader.contacts(of: request.customer, limit: 1, on: today).first!
            return ContactResult(contact: contact, promise: promise, dispute: dispute)
        }
    }

    /// Contacts with a customer (or everyone) up to the as-of day, newest first.
    public func contacts(of customer: CustomerCode?, limit: Int?) throws -> [ContactRecord] {
        try read { try $0.contacts(of: customer, limit: limit, on: today) }
    }
}

import Complaints
import Foundation
import Receivables

/// A contact with a customer: a call, an email, a letter or a visit, and how it went.
public struct ContactRecord: Sendable, Hashable, Encodable {
    public var id: Int64
    public var customer: CustomerCode
    public var day: Day
    public var actor: String
    public var channel: String
    public var outcome: String
    public var note: String?
    public var promise: PromiseID?
    public var dispute: DisputeID?

    public init(
        id: Int64, customer: CustomerCode, day: Day, actor: String, channel: String, outcome: String,
        note: String? = nil, promise: PromiseID? = nil, dispute: DisputeID? = nil
    ) {
        self.id = id
        self.customer = customer
        self.day = day
        self.actor = actor
        self.channel = channel
        self.outcome = outcome
        self.note = note
        self.promise = promise
        self.dispute = dispute
    }
}

/// A collector: who calls, and how many calls a day they can make.
public struct Collector: Sendable, Hashable, Encodable {
    public var key: PersonKey
    public var name: String
    public var email: String?
    public var phone: String?
    public var dailyCapacity: Int

    public init(key: PersonKey, name: String, email: String?, phone: String?, dailyCapacity: Int) {
        self.key = key
        self.name = name
        self.email = email
        self.phone = phone
        self.dailyCapacity = dailyCapacity
    }

    /// Calls a day for a collector nobody has configured.
    public static let defaultCapacity = 25
}

/// A task a dunning step created: a call for the collector, an escalation for the sales rep, a
/// legal action for the credit team.
public struct TaskRecord: Sendable, Hashable, Encodable {
    public var id: Int64
    public var kind: String
    public var assignee: String
    public var customer: CustomerCode
    public var notice: Int64?
    public var dueOn: Day
    public var status: String
    public var title: String

    public init(
        id: Int64, kind: String, assignee: String, customer: CustomerCode, notice: Int64?, dueOn: Day, status: String,
        title: String
    ) {
        self.id = id
        self.kind = kind
        self.assignee = assignee
        self.customer = customer
        self.notice = notice
        self.dueOn = dueOn
        self.status = status
        self.title = title
    }
}

/// A notice a dunning run recorded.
public struct NoticeRecord: Sendable, Hashable {
    public var id: Int64
    public var customer: CustomerCode
    public var step: String
    public var position: Int
    public var channel: DunningChannel
    public var day: Day
    public var items: [(invoice: InvoiceNumber, amount: Money, daysPastDue: Int)]

    public static func == (lhs: NoticeRecord, rhs: NoticeRecord) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    public init(
        id: Int64, customer: CustomerCode, step: String, position: Int, channel: DunningChannel, day: Day,
        items: [(invoice: InvoiceNumber, amount: Money, daysPastDue: Int)]
    ) {
        self.id = id
        self.customer = customer
        self.step = step
        self.position = position
        self.channel = channel
        self.day = day
        self.items = items
    }
}

/// Recording promises, contacts, collectors, notices and tasks.
public protocol CollectionWriting {
    /// Records a promise to pay; returns its id.
    func insertPromise(_ promise: PromiseToPay, note: String?) throws -> PromiseID
    /// Records that a promise was kept, partly kept or broken.
    func settlePromise(_ id: PromiseID, _ state: PromiseState, paid: Money) throws
    /// Records a contact; returns its id.
    func insertContact(
        customer: CustomerCode, channel: String, outcome: String, note: String?, promise: PromiseID?,
        dispute: DisputeID?
    ) throws -> Int64
    /// Adds or changes a collector.
    func saveCollector(_ collector: Collector) throws
    /// Records a notice, its items and each invoice's new last step; returns the notice id, or
    /// `nil` when the same notice was already recorded that day.
    func recordNotice(_ notice: PlannedNotice) throws -> Int64?
    /// Creates a task; returns its id.
    func insertTask(
        kind: String, assignee: String, customer: CustomerCode, notice: Int64?, dueOn: Day, title: String
    ) throws -> Int64
    /// Marks a task done.
    func completeTask(_ id: Int64) throws
}

/// Reading promises to pay, contacts, collectors, tasks and dunning notices.
public protocol CollectionReading {
    /// A promise with the invoices it covers.
    func promise(_ id: PromiseID) throws -> PromiseToPay?
    /// Promises made by `day`, newest first, each as it stood at the close of that day; of one
    /// status when asked.
    func promises(
        status: String?, customer: CustomerCode?, limit: Int?, on day: Day
    ) throws -> (rows: [PromiseToPay], total: Int)
    /// Pending promises (all customers, or one).
    func pendingPromises(customer: CustomerCode?) throws -> [PromiseToPay]
    /// Where a promise stood at the close of `day`, by the domain's evaluation of the payments
    /// that count towards it up to then.
    func promiseState(_ promise: PromiseToPay, on day: Day) throws -> PromiseState
    /// Payments that count towards a promise: applied to its invoices by `asOf`, or (a promise
    /// naming no invoice) all the customer's payments, received from the day it was made up to
    /// `asOf`.
    func promisePayments(_ promise: PromiseToPay, asOf: Day) throws -> [(day: Day, amount: Money)]
    /// Contacts with a customer up to `day`, newest first.
    func contacts(of customer: CustomerCode?, limit: Int?, on day: Day) throws -> [ContactRecord]
    /// Configured collectors.
    func collectors() throws -> [Collector]
    /// Tasks open at the close of `day` (created by then and not done by then), or those of one
    /// assignee.
    func openTasks(assignee: String?, on day: Day) throws -> [TaskRecord]
    /// Notices recorded on a day (or all up to `through`), newest first.
    func notices(on day: Day?, customer: CustomerCode?, limit: Int?, through: Day) throws -> [NoticeRecord]
    /// One notice with its items.
    func notice(_ id: Int64) throws -> NoticeRecord?
    /// The dunning policy stored in the ledger, as JSON, if one was loaded.
    func dunningPolicyJSON() throws -> String?
}

import Complaints
import Foundation
import Receivables

/// A hold with what a listing prints beside it.
public struct HoldRecord: Sendable, Hashable {
    public var hold: Hold
    /// The customer whose invoice or account is held.
    public var customer: CustomerCode
    public var customerName: String
    /// The cash it keeps from being chased on the day asked for (the held invoice's open amount,
    /// capped at the hold's amount; the whole open balance for a customer hold).
    public var blocked: CurrencyTotals
    public var owner: PersonKey?
    public var category: String?

    public init(
        hold: Hold, customer: CustomerCode, customerName: String, blocked: CurrencyTotals, owner: PersonKey? = nil,
        category: String? = nil
    ) {
        self.hold = hold
        self.customer = customer
        self.customerName = customerName
        self.blocked = blocked
        self.owner = owner
        self.category = category
    }
}

/// Which holds a listing shows.
public struct HoldFilter: Sendable, Hashable {
    public var activeOn: Day?
    public var invoice: InvoiceNumber?
    public var customer: CustomerCode?
    public var dispute: DisputeID?
    /// With `customer`: only holds on the whole customer, not on its invoices.
    public var wholeCustomerOnly: Bool
    public var limit: Int?

    public init(
        activeOn: Day? = nil, invoice: InvoiceNumber? = nil, customer: CustomerCode? = nil, dispute: DisputeID? = nil,
        wholeCustomerOnly: Bool = false, limit: Int? = nil
    ) {
        self.activeOn = activeOn
        self.invoice = invoice
        self.customer = customer
        self.dispute = dispute
        self.wholeCustomerOnly = wholeCustomerOnly
        self.limit = limit
    }
}

/// Placing and releasing collection holds.
public protocol HoldWriting {
    /// Places a hold from `day` (the transaction's day unless given); returns its id.
    func placeHold(
        on target: Hold.Target, dispute: DisputeID?, reason: String, from day: Day?, until: Day?
    ) throws -> HoldID
    /// Releases a hold on the transaction's day (or `day`, a resolution's).
    func releaseHold(_ id: HoldID, note: String?, on day: Day?) throws
}

/// Reading collection holds as of a day.
public protocol HoldReading {
    /// The hold with this id, with what it blocks on `day`.
    func hold(_ id: HoldID, on day: Day) throws -> HoldRecord?
    /// Holds placed by `day` and matching `filter`, oldest first, as they stood that day.
    func holds(_ filter: HoldFilter, on day: Day) throws -> (rows: [HoldRecord], total: Int)
    /// Active holds on `day` and the cash they block, each invoice counted once (a customer
    /// hold blocks all its open invoices; several holds on one invoice block it once).
    func holdTotals(on day: Day) throws -> (active: Int, blocked: CurrencyTotals, oldest: Day?)
    /// Holds placed and released within a span of days.
    func holdMovements(from: Day, to: Day) throws -> (placed: Int, released: Int)
}

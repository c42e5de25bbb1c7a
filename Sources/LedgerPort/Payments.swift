import Complaints
import Foundation
import Receivables

/// A payment to record, before cash application.
public struct NewPayment: Sendable {
    /// What makes a re-import harmless: the bank's unique key for the entry, or the file's
    /// reference.
    public var sourceKey: String
    /// The paying customer's key, when recognised.
    public var customerID: Int64?
    public var receivedOn: Day
    public var amount: Money
    public var reference: String?
    public var endToEndId: String?
    public var payerName: String?
    public var payerIBAN: String?
    public var remittance: String?
    public var source: String?
    /// The invoice numbers the file's invoice column named, space-separated.
    public var invoiceRefs: String?

    public init(
        sourceKey: String, customerID: Int64?, receivedOn: Day, amount: Money, reference: String? = nil,
        endToEndId: String? = nil, payerName: String? = nil, payerIBAN: String? = nil, remittance: String? = nil,
        source: String? = nil, invoiceRefs: String? = nil
    ) {
        self.invoiceRefs = invoiceRefs
        self.sourceKey = sourceKey
        self.customerID = customerID
        self.receivedOn = receivedOn
        self.amount = amount
        self.reference = reference
        self.endToEndId = endToEndId
        self.payerName = payerName
        self.payerIBAN = payerIBAN
        self.remittance = remittance
        self.source = source
    }
}

/// A payment as stored, with where it went.
public struct PaymentRecord: Sendable, Hashable {
    public var payment: Payment
    public var applications: [(invoice: InvoiceNumber, amount: Money, rule: MatchRule, on: Day)]

    public static func == (lhs: PaymentRecord, rhs: PaymentRecord) -> Bool { lhs.payment == rhs.payment }
    public func hash(into hasher: inout Hasher) { hasher.combine(payment) }

    public init(payment: Payment, applications: [(invoice: InvoiceNumber, amount: Money, rule: MatchRule, on: Day)]) {
        self.payment = payment
        self.applications = applications
    }
}

/// A customer as a payment recognises it: by key and code.
public struct CustomerRef: Sendable, Hashable {
    public var id: Int64
    public var code: CustomerCode

    public init(id: Int64, code: CustomerCode) {
        self.id = id
        self.code = code
    }
}

/// An open invoice found for a payment, with the keys posting it needs.
public struct PostingItem: Sendable {
    public var invoiceID: Int64
    public var customerID: Int64
    public var issuedOn: Day
    public var item: OpenItem

    public init(invoiceID: Int64, customerID: Int64, issuedOn: Day, item: OpenItem) {
        self.invoiceID = invoiceID
        self.customerID = customerID
        self.issuedOn = issuedOn
        self.item = item
    }
}

/// Reading payments, and finding the customers and open items cash is posted to.
public protocol PaymentReading {
    /// The customer with this code, by key.
    func customerID(_ code: CustomerCode) throws -> Int64?
    /// The customer who pays from this IBAN.
    func customer(iban: IBAN) throws -> CustomerRef?
    /// The one customer with exactly this name (ignoring case), if exactly one has it.
    func customer(exactName name: String) throws -> CustomerRef?
    /// The invoice with this number, when it still has something open. Asked for every
    /// invoice number a remittance names: read on the C API.
    func openItem(_ number: InvoiceNumber) throws -> PostingItem?
    /// Up to `limit` of a customer's open invoices issued by `day` on which exactly `amount` is
    /// open, oldest first: all the exact-balance rule needs to know (one, or more than one). An
    /// invoice issued after the payment was received is not what it paid.
    func openItems(
        ofCustomer customerID: Int64, exactly amount: Money, issuedBy day: Day, limit: Int
    ) throws -> [PostingItem]
    /// Whether a payment with this source key was already recorded.
    func paymentExists(sourceKey: String) throws -> Bool
    /// One payment with its applications.
    func payment(_ id: PaymentID) throws -> PaymentRecord?
    /// Payments received by `day`, newest first, with what was applied of them by then; only
    /// those with cash still unapplied that day when asked.
    func payments(
        unappliedOnly: Bool, customer: CustomerCode?, limit: Int?, on day: Day
    ) throws -> (rows: [PaymentRecord], total: Int)
    /// A customer's cash received by `day` and not applied by then, per currency.
    func unappliedCash(of customer: CustomerCode, on day: Day) throws -> CurrencyTotals
    /// Payments with cash unapplied now, with what their file named: where cash that came before
    /// its invoice is looked for when invoices arrive.
    func waitingCash() throws -> [(
        id: PaymentID, customerID: Int64?, receivedOn: Day, unapplied: Money, named: [String], remittance: String?
    )]
    /// Payments of a customer received in a span, with the invoices they were applied to.
    func paymentsReceived(by customer: CustomerCode, from: Day, to: Day) throws -> [PaymentRecord]
}

/// Recording payments and applying cash to invoices.
public protocol PaymentWriting {
    /// Records a payment with `unapplied` of it not yet applied (what cash application is about
    /// to leave over; see ``post(_:to:)``); returns its id.
    func insertPayment(_ new: NewPayment, unapplied: Money) throws -> PaymentID
    /// Puts parts of a payment just inserted by ``insertPayment(_:unapplied:)`` against open
    /// invoices, each from the day it took effect: each invoice's open amount goes down; the
    /// payment's unapplied cash already left these parts out.
    func post(_ payment: PaymentID, to parts: [(invoiceID: Int64, amount: Money, rule: MatchRule, day: Day)]) throws
    /// Sets the customer a payment came from (recognised later, or applied by hand).
    func setPaymentCustomer(_ id: PaymentID, _ customer: CustomerCode) throws
    /// Puts part of a payment against an invoice: the invoice's open amount and the payment's
    /// unapplied cash go down by the same amount, in this transaction.
    /// The application takes effect on `day` (the transaction's day unless given), or on the
    /// invoice's issue day if that is later.
    func apply(_ payment: PaymentID, to invoice: InvoiceNumber, amount: Money, rule: MatchRule, on day: Day?) throws
}

import Complaints
import Foundation
import Receivables

/// A customer with what they currently owe, for listings.
public struct CustomerSummary: Sendable, Hashable {
    public var customer: Customer
    public var openInvoices: Int
    public var balance: CurrencyTotals
    public var overdue: CurrencyTotals
    public var openDisputes: Int
    public var activeHolds: Int

    public init(
        customer: Customer, openInvoices: Int, balance: CurrencyTotals, overdue: CurrencyTotals, openDisputes: Int,
        activeHolds: Int
    ) {
        self.customer = customer
        self.openInvoices = openInvoices
        self.balance = balance
        self.overdue = overdue
        self.openDisputes = openDisputes
        self.activeHolds = activeHolds
    }
}

/// An invoice and its status on a day, for listings.
public struct InvoiceSummary: Sendable, Hashable {
    public var invoice: Invoice
    public var customerName: String
    /// Disputes still open against it.
    public var openDisputes: Int
    /// Holds active on it (its own or its customer's).
    public var activeHolds: Int

    public init(invoice: Invoice, customerName: String, openDisputes: Int, activeHolds: Int) {
        self.invoice = invoice
        self.customerName = customerName
        self.openDisputes = openDisputes
        self.activeHolds = activeHolds
    }
}

/// A credit note as stored, with the dispute it settled if any.
public struct CreditNoteRecord: Sendable, Hashable {
    public var note: CreditNote
    public var dispute: DisputeID?
    public var applied: Money

    public init(note: CreditNote, dispute: DisputeID? = nil, applied: Money) {
        self.note = note
        self.dispute = dispute
        self.applied = applied
    }
}

/// A write-off as stored.
public struct WriteOffRecord: Sendable, Hashable {
    public var invoice: InvoiceNumber
    public var dispute: DisputeID?
    public var writtenOn: Day
    public var amount: Money
    public var reason: String?

    public init(invoice: InvoiceNumber, dispute: DisputeID? = nil, writtenOn: Day, amount: Money, reason: String? = nil)
    {
        self.invoice = invoice
        self.dispute = dispute
        self.writtenOn = writtenOn
        self.amount = amount
        self.reason = reason
    }
}

/// Which invoices a listing shows.
public struct InvoiceFilter: Sendable, Hashable {
    public var openOnly: Bool
    public var customer: CustomerCode?
    public var limit: Int?

    public init(openOnly: Bool = false, customer: CustomerCode? = nil, limit: Int? = nil) {
        self.openOnly = openOnly
        self.customer = customer
        self.limit = limit
    }
}

/// Reading customers, invoices, credit notes and write-offs as of a day.
public protocol ReceivablesReading {
    /// The customer with this code and its key.
    func customer(_ code: CustomerCode) throws -> Customer?
    /// Customers in code order with their balances on `day`.
    func customers(on day: Day, limit: Int?) throws -> (rows: [CustomerSummary], total: Int)
    /// One customer's summary on `day`.
    func customerSummary(_ code: CustomerCode, on day: Day) throws -> CustomerSummary?
    /// The invoice with this number, with its lines and what was open of it at the close of
    /// `day` (nothing before it was issued).
    func invoice(_ number: InvoiceNumber, on day: Day) throws -> Invoice?
    /// Invoices issued by `day` in number order, with how they stood at its close.
    func invoices(_ filter: InvoiceFilter, on day: Day) throws -> (rows: [InvoiceSummary], total: Int)
    /// Credit notes issued against an invoice by `day`.
    func creditNotes(of number: InvoiceNumber, on day: Day) throws -> [CreditNoteRecord]
    /// Credit notes issued by `day` to settle a dispute.
    func creditNotes(of dispute: DisputeID, on day: Day) throws -> [CreditNoteRecord]
    /// The credit note with this number as it stood at the close of `day`: issued by then, with
    /// what was applied of it by then.
    func creditNotes(ofCustomerWith number: CreditNoteNumber, on day: Day) throws -> CreditNoteRecord?
    /// The credit note with this number, with all that was applied of it.
    func creditNote(_ number: CreditNoteNumber) throws -> CreditNoteRecord?
    /// A customer's credit notes still open at the close of `day`: what they can still deduct.
    func openCredits(of customer: CustomerCode, on day: Day) throws -> [CreditNoteRecord]
    /// An invoice's key, its customer's key and the cents still open on it: what placing
    /// a hold needs, without reading the invoice whole (a disputes import places thousands).
    func invoiceKeys(_ number: InvoiceNumber) throws -> (id: Int64, customerID: Int64, openCents: Int64)?
    /// Write-offs of an invoice, or of a dispute's invoices, written by `day`.
    func writeOffs(invoice: InvoiceNumber?, dispute: DisputeID?, on day: Day) throws -> [WriteOffRecord]
    /// Counts for a quick look at the ledger.
    func counts() throws -> [String: Int]
}

/// Adding customers, credit notes, credit applications and write-offs.
public protocol ReceivablesWriting {
    /// Adds one customer (`dun demo`, tests); imports use ``LedgerWriting/customerLoader(update:)``.
    func addCustomer(_ customer: Customer) throws
    /// Issues a credit note against an invoice, reducing its open amount by up to the note's
    /// amount; any rest stays open on the account as credit.
    func issueCreditNote(_ note: CreditNote, dispute: DisputeID?) throws -> Money
    /// Puts what is left of an issued credit note against another invoice, from the transaction's
    /// day (or the invoice's issue day, if later).
    func applyCredit(_ number: CreditNoteNumber, to invoice: InvoiceNumber, cents: Int64) throws
    /// Writes off up to `amount` of an invoice's open amount; returns what was written off.
    func writeOff(
        _ number: InvoiceNumber, amount: Money, dispute: DisputeID?, reason: String?, on writtenOn: Day?
    ) throws -> Money
    /// The next free credit note number with this prefix: `CN-D12`, then `CN-D12-2`, …
    func freeCreditNoteNumber(_ base: String) throws -> CreditNoteNumber
}

import Complaints
import Foundation
import Receivables

/// A row of an import that cannot go in, and why; the importer adds the file name.
public struct LoadRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var field: String?
    public var message: String

    public init(line: Int, field: String? = nil, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// What an import did.
public struct LoadCounts: Sendable, Hashable, Encodable {
    /// Rows read from the file (not counting the header).
    public var rows = 0
    /// New records written.
    public var inserted = 0
    /// Rows already in the ledger with the same content.
    public var skipped = 0
    /// Rows identical to an earlier row of the same file (ERP exports repeat a customer on each
    /// of its invoices), skipped.
    public var repeats = 0
    /// Records changed (customers with `--update`).
    public var updated = 0
    /// Invoice lines written.
    public var lines = 0

    public init() {}
}

/// An invoice row of an import: the invoice's header fields and, optionally, one of its lines.
public struct InvoiceRow: Sendable {
    public var number: InvoiceNumber
    public var customer: CustomerCode
    public var issueDate: Day
    public var dueDate: Day
    public var amount: Money
    public var purchaseOrder: String?
    public var line: InvoiceLine?

    public init(
        number: InvoiceNumber, customer: CustomerCode, issueDate: Day, dueDate: Day, amount: Money,
        purchaseOrder: String? = nil, line: InvoiceLine? = nil
    ) {
        self.number = number
        self.customer = customer
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.amount = amount
        self.purchaseOrder = purchaseOrder
        self.line = line
    }
}

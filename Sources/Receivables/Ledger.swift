/// The language a customer reads: their letters and emails are written in it.
public enum Language: String, Sendable, Codable, CaseIterable {
    case en, fr
}

/// Someone who owes money.
public struct Customer: Hashable, Sendable {
    public var code: CustomerCode
    public var name: String
    public var email: String?
    public var phone: String?
    /// ISO 3166 alpha-2 country code, e.g. `FR`.
    public var country: String?
    public var language: Language
    public var salesRep: PersonKey?
    public var collector: PersonKey?
    /// Account numbers the customer pays from; they recognise the payer on bank statements.
    public var ibans: [IBAN]
    /// The postal address letters go to, one line per printed line (street, town, country).
    public var addressLines: [String]

    public init(
        code: CustomerCode, name: String, email: String? = nil, phone: String? = nil,
        country: String? = nil, language: Language = .en, salesRep: PersonKey? = nil,
        collector: PersonKey? = nil, ibans: [IBAN] = [], addressLines: [String] = []
    ) {
        self.code = code
        self.name = name
        self.email = email
        self.phone = phone
        self.country = country
        self.language = language
        self.salesRep = salesRep
        self.collector = collector
        self.ibans = ibans
        self.addressLines = addressLines
    }

    /// Address lines from one field as ERPs export it: lines separated by line breaks or `|`.
    public static func addressLines(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "|" || $0 == "\r\n" })
            .map { line in
                String(line.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
            }
            .filter { !$0.isEmpty }
    }
}

/// One line of an invoice: what was sold.
public struct InvoiceLine: Hashable, Sendable {
    public var sku: String?
    public var description: String?
    /// Quantity as decimal text, kept exactly as the ERP wrote it (`2`, `1.5`).
    public var quantity: String?
    public var amount: Money?

    public init(sku: String? = nil, description: String? = nil, quantity: String? = nil, amount: Money? = nil) {
        self.sku = sku
        self.description = description
        self.quantity = quantity
        self.amount = amount
    }
}

/// A bill sent to a customer. Its amount never changes; what is still owed is ``openAmount``,
/// derived from payments, credit notes and write-offs.
public struct Invoice: Hashable, Sendable {
    public var number: InvoiceNumber
    public var customer: CustomerCode
    public var issueDate: Day
    public var dueDate: Day
    public var amount: Money
    public var openAmount: Money
    public var purchaseOrder: String?
    public var lines: [InvoiceLine]

    public init(
        number: InvoiceNumber, customer: CustomerCode, issueDate: Day, dueDate: Day, amount: Money,
        openAmount: Money? = nil, purchaseOrder: String? = nil, lines: [InvoiceLine] = []
    ) {
        self.number = number
        self.customer = customer
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.amount = amount
        self.openAmount = openAmount ?? amount
        self.purchaseOrder = purchaseOrder
        self.lines = lines
    }

    public var isSettled: Bool { openAmount.minorUnits <= 0 }

    /// Days past the due day on `day`; zero or negative while not yet due.
    public func daysPastDue(on day: Day) -> Int { day - dueDate }
}

/// A reduction of what a customer owes, issued against an invoice or left open on the account.
public struct CreditNote: Hashable, Sendable {
    public var number: CreditNoteNumber
    public var customer: CustomerCode
    public var issuedOn: Day
    public var amount: Money
    public var invoice: InvoiceNumber?
    public var reason: String?

    public init(
        number: CreditNoteNumber, customer: CustomerCode, issuedOn: Day, amount: Money,
        invoice: InvoiceNumber? = nil, reason: String? = nil
    ) {
        self.number = number
        self.customer = customer
        self.issuedOn = issuedOn
        self.amount = amount
        self.invoice = invoice
        self.reason = reason
    }
}

/// A collection hold: while active, nobody chases what it covers.
public struct Hold: Hashable, Sendable {
    /// What the hold stops collectors from chasing.
    public enum Target: Hashable, Sendable {
        /// One invoice; with an amount, only that part of it (the disputed amount).
        case invoice(InvoiceNumber, amount: Money?)
        /// Everything the customer owes.
        case customer(CustomerCode)
    }

    /// Whether the hold still stands.
    public enum State: Hashable, Sendable {
        case placed
        case released(on: Day, note: String?)
    }

    public var id: HoldID
    public var target: Target
    public var dispute: DisputeID?
    public var reason: String
    public var placedOn: Day
    /// The day the hold lapses by itself, if it was placed with one.
    public var until: Day?
    public var state: State

    public init(
        id: HoldID, target: Target, dispute: DisputeID? = nil, reason: String, placedOn: Day,
        until: Day? = nil, state: State = .placed
    ) {
        self.id = id
        self.target = target
        self.dispute = dispute
        self.reason = reason
        self.placedOn = placedOn
        self.until = until
        self.state = state
    }

    /// Active on `day`: placed on or before it, not released, and not lapsed (`until` is the
    /// first day it no longer holds).
    public func isActive(on day: Day) -> Bool {
        guard placedOn <= day else { return false }
        if case .released(let releasedOn, _) = state, releasedOn <= day { return false }
        if let until, day >= until { return false }
        return true
    }

    /// The day the hold stopped (released or lapsed), if it has by `day`.
    public func endedOn(asOf day: Day) -> Day? {
        var ends: [Day] = []
        if case .released(let releasedOn, _) = state, releasedOn <= day { ends.append(releasedOn) }
        if let until, until <= day { ends.append(until) }
        return ends.min()
    }
}

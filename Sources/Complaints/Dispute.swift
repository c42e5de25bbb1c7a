import Receivables

/// How the customer told us.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case phone, email, letter, visit
    /// Not told at all: the customer paid less than the invoice (a short payment).
    case deduction
    /// Brought in from a helpdesk or spreadsheet file.
    case `import`
}

/// How a dispute ended.
public enum Outcome: String, Sendable, Codable, CaseIterable {
    /// A credit note for the disputed amount (or `--amount`).
    case credit
    /// The goods are replaced; the invoice stands.
    case replacement
    /// The goods come back; a credit note is issued.
    case `return`
    /// The complaint is not upheld; the invoice stands.
    case rejected
    /// The amount is written off.
    case writeOff = "write-off"

    /// Whether this outcome reduces what the customer owes.
    public var adjustsLedger: Bool {
        switch self {
        case .credit, .return, .writeOff: true
        case .replacement, .rejected: false
        }
    }
}

/// What the complaint is about beyond its category: a SKU, a carrier, a site, a service team.
///
/// Written `key=value` (`sku=ABC-1`, `carrier=DHL`); recurrence is also counted per subject.
public struct Subject: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Reads `key=value`; the key is lower-cased, the value kept as typed (trimmed).
    public init?(text: some StringProtocol) {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let key = text[..<eq].trimmingSpaces.lowercased()
        let value = text[text.index(after: eq)...].trimmingSpaces
        guard !key.isEmpty, !value.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else { return nil }
        self.init(key: key, value: value)
    }

    public var description: String { "\(key)=\(value)" }

    public static func < (lhs: Subject, rhs: Subject) -> Bool { (lhs.key, lhs.value) < (rhs.key, rhs.value) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let subject = Subject(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not key=value"))
        }
        self = subject
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}

/// How a resolved dispute was settled.
public struct Resolution: Hashable, Sendable {
    public var outcome: Outcome
    public var on: Day
    /// The amount credited or written off, when the outcome adjusts the ledger.
    public var amount: Money?
    /// What actually caused the problem, as found by the owner (a category code).
    public var rootCause: String?
    public var note: String?

    public init(outcome: Outcome, on: Day, amount: Money? = nil, rootCause: String? = nil, note: String? = nil) {
        self.outcome = outcome
        self.on = on
        self.amount = amount
        self.rootCause = rootCause
        self.note = note
    }
}

/// Where a dispute stands. Reopening a resolved dispute makes it open again; the journal keeps
/// the earlier resolution.
public enum DisputeState: Hashable, Sendable {
    case open
    case resolved(Resolution)

    public var status: DisputeStatus {
        switch self {
        case .open: .open
        case .resolved: .resolved
        }
    }
}

/// The stored status of a dispute.
public enum DisputeStatus: String, Sendable, Codable, CaseIterable {
    case open, resolved
}

/// An invoice a dispute is about, and how much of it is disputed.
public struct DisputedInvoice: Hashable, Sendable {
    public var number: InvoiceNumber
    public var amount: Money

    public init(number: InvoiceNumber, amount: Money) {
        self.number = number
        self.amount = amount
    }
}

/// A customer's complaint about one or more invoices, classified, routed and tracked to resolution.
public struct Dispute: Hashable, Sendable {
    public var id: DisputeID
    public var customer: CustomerCode
    public var invoices: [DisputedInvoice]
    public var category: String
    public var subcategory: String?
    public var subjects: [Subject]
    public var owner: PersonKey
    /// Others brought in by routing rules (the customer's sales rep above the threshold).
    public var watchers: [PersonKey]
    public var channel: Channel
    public var reportedOn: Day
    public var openedOn: Day
    public var note: String?
    public var state: DisputeState

    public init(
        id: DisputeID, customer: CustomerCode, invoices: [DisputedInvoice], category: String,
        subcategory: String? = nil, subjects: [Subject] = [], owner: PersonKey, watchers: [PersonKey] = [],
        channel: Channel, reportedOn: Day, openedOn: Day, note: String? = nil, state: DisputeState = .open
    ) {
        self.id = id
        self.customer = customer
        self.invoices = invoices
        self.category = category
        self.subcategory = subcategory
        self.subjects = subjects
        self.owner = owner
        self.watchers = watchers
        self.channel = channel
        self.reportedOn = reportedOn
        self.openedOn = openedOn
        self.note = note
        self.state = state
    }

    /// The total disputed amount (all invoices of a dispute share one currency).
    public var amount: Money {
        invoices.dropFirst().reduce(invoices[0].amount) { $0 + $1.amount }
    }

    /// The last day the owner may take under the category's SLA.
    public func slaDue(slaDays: Int) -> Day { openedOn + slaDays }

    /// Open and past its SLA on `day`.
    public func isPastSLA(on day: Day, slaDays: Int) -> Bool {
        state == .open && day > slaDue(slaDays: slaDays)
    }

    /// The last day before an unresolved dispute goes to the management group: it is escalated
    /// from the day after.
    public func escalationDay(escalateAfterDays: Int) -> Day { openedOn + escalateAfterDays }

    /// Escalated to the management group on `day`: open and past its escalation day (the
    /// dispute's ``state`` being the one it had on `day`).
    public func isEscalated(on day: Day, escalateAfterDays: Int) -> Bool {
        state == .open && day > escalationDay(escalateAfterDays: escalateAfterDays)
    }

    /// Where a dispute opened on `openedOn` stood at the close of `day`, given every
    /// resolution it had: `nil` before it was opened; resolved by a resolution made on or
    /// before `day` that was not reopened by then; else open.
    public static func state(on day: Day, openedOn: Day, resolutions: [ResolutionSpan]) -> DisputeState? {
        guard openedOn <= day else { return nil }
        for span in resolutions where span.resolution.on <= day && (span.reopenedOn.map { $0 > day } ?? true) {
            return .resolved(span.resolution)
        }
        return .open
    }
}

/// One resolution of a dispute, and the day it was reopened after it, if it was.
public struct ResolutionSpan: Hashable, Sendable {
    public var resolution: Resolution
    public var reopenedOn: Day?

    public init(resolution: Resolution, reopenedOn: Day? = nil) {
        self.resolution = resolution
        self.reopenedOn = reopenedOn
    }
}

/// Who a new dispute goes to.
public struct RoutingDecision: Hashable, Sendable {
    public var owner: PersonKey
    public var watchers: [PersonKey]

    public init(owner: PersonKey, watchers: [PersonKey]) {
        self.owner = owner
        self.watchers = watchers
    }
}

/// Routes disputes: to the category's owner, plus the customer's sales rep when the disputed
/// amount is above the routing threshold for its currency.
public enum Routing {
    public static func route(
        category: Category, salesRep: PersonKey?, amount: Money, rules: RoutingRules
    ) -> RoutingDecision {
        var watchers: [PersonKey] = []
        if let salesRep, salesRep != category.owner, let threshold = rules.salesRepAbove[amount.currency],
            amount.minorUnits > threshold.minorUnits
        {
            watchers.append(salesRep)
        }
        return RoutingDecision(owner: category.owner, watchers: watchers)
    }
}

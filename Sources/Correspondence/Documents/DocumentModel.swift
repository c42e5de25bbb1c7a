import Receivables

/// A party named on a letter: the creditor, the collector who signs, the customer, the sales rep.
///
/// Letters need only what is printed on them, so this is plain text and not the ledger's
/// `Customer`: the caller decides which name and which address lines appear, and the same type
/// serves the sender, the recipient and the signatory.
public struct Correspondent: Sendable, Hashable {
    /// The name as printed: `Brasserie du Port`, `Claire Martin`.
    public var name: String
    /// The postal address, one printed line each, in order (street, town, country).
    public var addressLines: [String]
    /// An email address shown on the letter, or `nil`.
    public var email: String?
    /// A telephone number shown on the letter, or `nil`.
    public var phone: String?

    public init(name: String, addressLines: [String] = [], email: String? = nil, phone: String? = nil) {
        self.name = name
        self.addressLines = addressLines
        self.email = email
        self.phone = phone
    }
}

/// What a line of the statement is. Invoices are asked for; credit notes and unapplied cash are
/// deducted from them, so the customer sees the balance they actually owe.
public enum StatementItemKind: String, Sendable, Hashable, CaseIterable {
    case invoice
    case creditNote = "credit-note"
    case unappliedCash = "unapplied-cash"
}

/// One line of the statement printed in a notice and attached to its email.
///
/// Amounts are positive whatever the kind: the kind says whether the line is asked for
/// (an invoice) or deducted (a credit note, unapplied cash), so a caller never has to get a sign
/// right.
public struct StatementItem: Sendable, Hashable {
    /// Whether the line is asked for or deducted.
    public var kind: StatementItemKind
    /// The invoice number, the credit note number or the payment id.
    public var reference: String
    /// The day the document was issued (for cash: the day it was received), if known.
    public var issuedOn: Day?
    /// The due day of an invoice; `nil` for credits and cash.
    public var dueOn: Day?
    /// The original amount, positive.
    public var amount: Money
    /// What is still open, positive; for credits and cash what the customer can still deduct.
    public var open: Money
    /// Days past due on the letter's day; zero or negative when not yet due, `nil` when unknown.
    public var daysPastDue: Int?
    /// The invoice is under an active collection hold (a dispute): it is listed as "under review",
    /// never with an amount asked for, and left out of the totals due. Ignored for credits and
    /// cash, which are always deducted.
    public var underReview: Bool

    public init(
        kind: StatementItemKind = .invoice, reference: String, issuedOn: Day? = nil, dueOn: Day? = nil,
        amount: Money, open: Money, daysPastDue: Int? = nil, underReview: Bool = false
    ) {
        self.kind = kind
        self.reference = reference
        self.issuedOn = issuedOn
        self.dueOn = dueOn
        self.amount = amount
        self.open = open
        self.daysPastDue = daysPastDue
        self.underReview = underReview
    }

    /// Whether the line is asked for: an invoice not under review.
    var isRequested: Bool { kind == .invoice && !underReview }
    /// Whether the line is deducted from what is asked for.
    var isDeduction: Bool { kind != .invoice }
    /// Whether the line is an invoice under review, listed but not asked for.
    var isUnderReview: Bool { kind == .invoice && underReview }
}

/// One past contact with the customer: the lawyer letter and the small-claims packet show that
/// the customer was reminded, when and how.
public struct ContactEntry: Sendable, Hashable {
    /// The day of the contact.
    public var day: Day
    /// How: `email`, `letter`, `phone`, `visit` (translated when known), or any text.
    public var channel: String
    /// What came of it, as recorded: `reminder sent`, `promised to pay on 2026-12-01`.
    public var outcome: String
    /// A free note, or `nil`.
    public var note: String?

    public init(day: Day, channel: String, outcome: String, note: String? = nil) {
        self.day = day
        self.channel = channel
        self.outcome = outcome
        self.note = note
    }
}

/// One dispute the customer raised: a court must see that the claim is not contested, or which
/// disputes are still open.
public struct DisputeEntry: Sendable, Hashable {
    /// The dispute number, `D-12`.
    public var id: String
    /// The problem category, `damaged-goods`.
    public var category: String
    /// The day it was opened.
    public var openedOn: Day
    /// The day it was resolved; `nil` while it is open.
    public var resolvedOn: Day?
    /// How it was resolved (`credit`, `rejected`…), or `nil`.
    public var outcome: String?

    public init(id: String, category: String, openedOn: Day, resolvedOn: Day? = nil, outcome: String? = nil) {
        self.id = id
        self.category = category
        self.openedOn = openedOn
        self.resolvedOn = resolvedOn
        self.outcome = outcome
    }

    /// Whether the dispute is still open.
    public var isOpen: Bool { resolvedOn == nil }
}

/// The law firm a lawyer letter is written by: the letter goes out on its letterhead, quoting its
/// file reference, which is what makes it weigh more than the creditor's own notices.
public struct LawFirm: Sendable, Hashable {
    /// The firm's name as printed on its letterhead.
    public var name: String
    /// The firm's postal address, one printed line each.
    public var addressLines: [String]
    /// The firm's email address, or `nil`.
    public var email: String?
    /// The firm's telephone number, or `nil`.
    public var phone: String?
    /// The firm's file reference for this debtor, quoted on the letter.
    public var reference: String

    public init(
        name: String, addressLines: [String] = [], email: String? = nil, phone: String? = nil, reference: String
    ) {
        self.name = name
        self.addressLines = addressLines
        self.email = email
        self.phone = phone
        self.reference = reference
    }
}

/// The kinds of document `dun` writes, one per step of the dunning ladder plus the copy of an
/// invoice. `DocumentContext.kind` holds the raw value, so a ladder edited by the user can name
/// its steps as text; this enum lists what the renderer knows.
public enum DocumentKind: String, Sendable, Hashable, CaseIterable {
    /// Before the due day: a friendly note so the customer can plan the payment.
    case courtesyReminder = "courtesy-reminder"
    /// Just overdue: friendly, the invoice may have been overlooked.
    case reminder
    /// Firmer: pay within a few days or call us.
    case secondNotice = "second-notice"
    /// Final: further steps follow if nothing is paid.
    case finalNotice = "final-notice"
    /// An internal note asking the customer's sales rep to speak with the customer.
    case salesEscalation = "sales-escalation"
    /// An offer to take the goods back against a credit note when the customer cannot pay.
    case takeBackOffer = "take-back-offer"
    /// A formal demand on the law firm's letterhead.
    case lawyerLetter = "lawyer-letter"
    /// The small-claims filing packet.
    case smallClaims = "small-claims"
    /// Notice that the debt is handed to a collection agency.
    case agencyReferral = "agency-referral"
    /// A copy of one invoice, on request.
    case invoiceCopy = "invoice-copy"
}

/// Everything a notice says, gathered by the caller: the renderer reads no ledger and no clock,
/// so the same context always gives the same letter.
public struct DocumentContext: Sendable {
    /// The kind of document: a ``DocumentKind`` raw value such as `final-notice`.
    public var kind: String
    /// The language the customer reads.
    public var language: Language
    /// The letter's date.
    public var day: Day
    /// The notice's own reference, e.g. `N-1042`.
    public var reference: String
    /// The creditor, who sends the letter.
    public var company: Correspondent
    /// The collector signing, or `nil` to sign with the company's name alone.
    public var signatory: Correspondent?
    /// The customer the letter is about (and, except for the sales escalation, written to).
    public var customer: Correspondent
    /// The customer's account code, printed on the letter and in the attachment's name.
    public var customerCode: String
    /// The statement: invoices, credit notes, unapplied cash.
    public var items: [StatementItem]
    /// The day by which payment is asked for, or `nil`.
    public var paymentDeadline: Day?
    /// The contact history, for the lawyer letter and the small-claims packet.
    public var contacts: [ContactEntry]
    /// The dispute history; the small-claims packet states whether any is still open.
    public var disputes: [DisputeEntry]
    /// The law firm; required for `lawyer-letter`.
    public var lawFirm: LawFirm?
    /// The court for `small-claims` (required there).
    public var court: String?
    /// The court's limit for small claims, shown on the packet when given.
    public var claimLimit: Money?
    /// The customer's sales rep; required for `sales-escalation`, the internal note written to them.
    public var salesRep: Correspondent?

    public init(
        kind: String, language: Language, day: Day, reference: String, company: Correspondent,
        signatory: Correspondent? = nil, customer: Correspondent, customerCode: String, items: [StatementItem],
        paymentDeadline: Day? = nil, contacts: [ContactEntry] = [], disputes: [DisputeEntry] = [],
        lawFirm: LawFirm? = nil, court: String? = nil, claimLimit: Money? = nil, salesRep: Correspondent? = nil
    ) {
        self.kind = kind
        self.language = language
        self.day = day
        self.reference = reference
        self.company = company
        self.signatory = signatory
        self.customer = customer
        self.customerCode = customerCode
        self.items = items
        self.paymentDeadline = paymentDeadline
        self.contacts = contacts
        self.disputes = disputes
        self.lawFirm = lawFirm
        self.court = court
        self.claimLimit = claimLimit
        self.salesRep = salesRep
    }
}

/// A notice ready to print or send: the subject, the letter as fixed-width text and as one
/// self-contained printable HTML page.
public struct RenderedDocument: Sendable, Hashable {
    /// The kind it was rendered as.
    public var kind: String
    /// The language it is written in.
    public var language: Language
    /// The subject line, also the email's subject.
    public var subject: String
    /// The whole letter as plain text with aligned columns, lines ending in `\n`.
    public var text: String
    /// The whole letter as one HTML page: inline CSS, no scripts, no external resources, A4.
    public var html: String

    public init(kind: String, language: Language, subject: String, text: String, html: String) {
        self.kind = kind
        self.language = language
        self.subject = subject
        self.text = text
        self.html = html
    }
}

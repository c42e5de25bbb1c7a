import Complaints
import Foundation
import Interchange
import LedgerPort
import Receivables

/// One command's context, built once from the global options: the ledger, the business day,
/// who acts and the wall-clock time for the journal. Nothing below `dun` reads the clock.
public struct Session: Sendable {
    public let ledger: any LedgerStore
    public let stamp: Stamp
    /// Told how far long work is (imports, dunning runs); `nil`: nobody is watching.
    public var progress: ProgressSink?

    public init(ledger: any LedgerStore, stamp: Stamp) {
        self.ledger = ledger
        self.stamp = stamp
    }

    /// The business day the command acts on (`--as-of`).
    public var today: Day { stamp.day }

    /// Runs a change as one transaction.
    func write<T>(_ body: (any LedgerWriting) throws -> T) throws -> T {
        try ledger.write(stamp, body)
    }

    func read<T>(_ body: (any LedgerReading) throws -> T) throws -> T {
        try ledger.read(body)
    }
}

/// A request refused by a business rule or because it names something that does not exist.
/// Each case has one message, tested word for word.
public enum RuleViolation: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownInvoice(InvoiceNumber)
    case unknownCustomer(CustomerCode)
    case unknownCategory(String)
    case retiredCategory(String, Day)
    case unknownOwner(PersonKey)
    case retiredOwner(PersonKey)
    case unknownDispute(DisputeID)
    case unknownHold(HoldID)
    case unknownAction(ActionID)
    case actionOnSubcategory(String, category: String)
    case actionTransition(ActionTransitionError)
    case actionDidNotWork(ActionID, doneOn: Day, recurrences: [DisputeID])
    case disputeAlreadyLinked(DisputeID, ActionID)
    case disputeNotAddressed(DisputeID, category: String, ActionID, actionCategory: String)
    case noInvoices
    case severalCustomers(InvoiceNumber, CustomerCode, CustomerCode)
    case severalCurrencies(InvoiceNumber, Currency, Currency)
    case nothingOpen(InvoiceNumber)
    case reportedBeforeIssue(InvoiceNumber, issuedOn: Day, reportedOn: Day)
    case issuedAfterToday(InvoiceNumber, Day)
    case openedAfterToday(DisputeID, Day)
    case resolvedAfterToday(DisputeID, Day)
    case resolvedBeforeOpened(DisputeID, Day)
    case unknownCreditNote(CreditNoteNumber, CustomerCode)
    case noSuchCreditNote(CreditNoteNumber)
    case creditUsedUp(CreditNoteNumber)
    case nothingToApplyTo(InvoiceNumber)
    case nothingToPromise(InvoiceNumber)
    case amountAboveCredit(Money, left: Money)
    case amountAboveOpenBalance(Money, open: Money, invoices: [InvoiceNumber])
    case appliedAboveOpenBalance(Money, open: Money, invoice: InvoiceNumber)
    case amountAboveInvoiced(Money, invoiced: Money, invoices: [InvoiceNumber])
    case amountNotPositive(Money)
    case amountAboveDisputed(Money, disputed: Money)
    case amountNotAllowed(Outcome)
    case wrongCurrency(Money, expected: Currency)
    case alreadyResolved(DisputeID, Day)
    case notResolved(DisputeID)
    case alreadyAssigned(DisputeID, PersonKey)
    case holdAlreadyReleased(HoldID, Day)
    case holdLapsed(HoldID, Day)
    case holdNotYetPlaced(HoldID, Day)
    case noActiveHold(String)
    case untilNotAfterToday(Day)
    case reportedAfterToday(Day)
    case emptyText(String)
    case notADemoLedger(String)
    case unknownPayment(PaymentID)
    case nothingUnapplied(PaymentID)
    case receivedAfterToday(PaymentID, Day)
    case amountAboveUnapplied(Money, unapplied: Money)
    case unknownPromise(PromiseID)
    case unknownTask(Int64)
    case promiseDueBeforeToday(Day)
    case noOverdueToPromise(CustomerCode)
    case outcomeNeedsDetails(String)

    public var description: String {
        switch self {
        case .unknownInvoice(let number): "invoice \(number) does not exist"
        case .unknownCustomer(let code): "customer \(code) does not exist"
        case .unknownCategory(let code): "category \"\(code)\" does not exist (see `dun taxonomy show`)"
        case .retiredCategory(let code, let day): "category \"\(code)\" was retired on \(day); choose a current one"
        case .unknownOwner(let key): "owner \"\(key)\" does not exist (see `dun taxonomy show`)"
        case .retiredOwner(let key): "owner \"\(key)\" is retired"
        case .unknownDispute(let id): "dispute \(id) does not exist"
        case .unknownHold(let id): "hold \(id) does not exist"
        case .unknownAction(let id): "corrective action \(id) does not exist"
        case .actionOnSubcategory(let text, let category):
            "a corrective action targets a whole category: use --category \(category), not \(text)"
        case .actionTransition(let error): error.description
        case .actionDidNotWork(let id, let doneOn, let recurrences):
            "\(id) did not work: \(recurrences.map(\.description).joined(separator: ", ")) came back after it was done on \(doneOn); reopen it instead"
        case .disputeAlreadyLinked(let dispute, let action): "dispute \(dispute) is already linked to \(action)"
        case .disputeNotAddressed(let dispute, let category, let action, let actionCategory):
            "dispute \(dispute) is about \(category), not \(actionCategory), which \(action) addresses"
        case .noInvoices: "a dispute needs at least one --invoice"
        case .severalCustomers(let number, let a, let b):
            "invoice \(number) belongs to customer \(b), not \(a); one dispute covers one customer's invoices"
        case .severalCurrencies(let number, let a, let b):
            "invoice \(number) is in \(b), not \(a); one dispute covers invoices of one currency"
        case .nothingOpen(let number): "invoice \(number) has no open balance to dispute"
        case .reportedBeforeIssue(let number, let issuedOn, let reportedOn):
            "invoice \(number) was issued on \(issuedOn), after the complaint was reported (\(reportedOn))"
        case .issuedAfterToday(let number, let day): "invoice \(number) was issued on \(day), after the as-of day"
        case .openedAfterToday(let id, let day): "dispute \(id) was opened on \(day), after the as-of day"
        case .resolvedAfterToday(let id, let day): "dispute \(id) was resolved on \(day), after the as-of day"
        case .resolvedBeforeOpened(let id, let day): "dispute \(id) was only opened on \(day)"
        case .noSuchCreditNote(let number): "credit note \(number) does not exist"
        case .creditUsedUp(let number): "credit note \(number) has nothing left to apply"
        case .nothingToApplyTo(let number): "invoice \(number) has no open balance to apply it to"
        case .nothingToPromise(let number): "invoice \(number) has no open balance to promise"
        case .amountAboveCredit(let amount, let left): "amount \(amount) is above the \(left) left of the credit note"
        case .unknownCreditNote(let number, let customer):
            "credit note \(number) of customer \(customer) does not exist (import the credit notes first)"
        case .amountAboveInvoiced(let amount, let invoiced, let invoices):
            "disputed amount \(amount) is above the \(invoiced) invoiced on \(invoices.map(\.text).joined(separator: ", "))"
        case .appliedAboveOpenBalance(let amount, let open, let invoice):
            "amount \(amount) is above the open balance \(open) of \(invoice)"
        case .amountAboveOpenBalance(let amount, let open, let invoices):
            "disputed amount \(amount) is above the open balance \(open) of \(invoices.map(\.text).joined(separator: ", "))"
        case .amountNotPositive(let amount): "amount \(amount) must be more than zero"
        case .amountAboveDisputed(let amount, let disputed): "amount \(amount) is above the disputed \(disputed)"
        case .amountNotAllowed(let outcome):
            "--amount does not apply to outcome \(outcome.rawValue), which changes no amount"
        case .wrongCurrency(let amount, let expected): "amount \(amount) is not in \(expected.code)"
        case .alreadyResolved(let id, let day): "dispute \(id) is already resolved (on \(day)); reopen it first"
        case .notResolved(let id): "dispute \(id) is open; only a resolved dispute can be reopened"
        case .alreadyAssigned(let id, let key): "dispute \(id) is already assigned to \(key)"
        case .holdAlreadyReleased(let id, let day): "hold \(id) was already released on \(day)"
        case .holdLapsed(let id, let day): "hold \(id) lapsed on \(day)"
        case .holdNotYetPlaced(let id, let day): "hold \(id) is only placed on \(day)"
        case .noActiveHold(let what): "\(what) has no active hold"
        case .untilNotAfterToday(let day): "--until \(day) must be after the as-of day"
        case .reportedAfterToday(let day): "--reported-on \(day) is after the as-of day"
        case .emptyText(let what): "\(what) is empty"
        case .notADemoLedger(let path):
            "\(path) is a ledger that dun demo did not make; it is left alone (name another --database)"
        case .unknownPayment(let id): "payment \(id) does not exist"
        case .nothingUnapplied(let id): "payment \(id) has no unapplied cash left"
        case .receivedAfterToday(let id, let day): "payment \(id) was received on \(day), after the as-of day"
        case .amountAboveUnapplied(let amount, let unapplied): "amount \(amount) is above the unapplied \(unapplied)"
        case .unknownPromise(let id): "promise \(id) does not exist"
        case .unknownTask(let id): "task T-\(id) does not exist or is done"
        case .promiseDueBeforeToday(let day): "--due \(day) is before the as-of day"
        case .noOverdueToPromise(let code):
            "customer \(code) has no open invoice a promise could cover; name them with --invoice"
        case .outcomeNeedsDetails(let message): message
        }
    }
}

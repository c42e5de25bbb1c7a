import Complaints
import Foundation
import LedgerPort
import Receivables

/// What the user asks for with `dun dispute resolve`.
public struct ResolutionRequest: Sendable {
    public var outcome: Outcome
    /// The amount to credit or write off; the disputed amount when not given.
    public var amount: String?
    /// What actually caused the problem, as a category code.
    public var rootCause: String?
    /// Leave the holds in place (e.g. while the replacement is on its way).
    public var keepHold: Bool
    public var note: String?

    public init(
        outcome: Outcome, amount: String? = nil, rootCause: String? = nil, keepHold: Bool = false, note: String? = nil
    ) {
        self.outcome = outcome
        self.amount = amount
        self.rootCause = rootCause
        self.keepHold = keepHold
        self.note = note
    }
}

extension Session {
    /// Resolves a dispute: records the outcome, issues credit notes or write-offs for outcomes
    /// that adjust the ledger, and releases the dispute's holds unless asked to keep them.
    public func resolveDispute(_ id: DisputeID, _ request: ResolutionRequest) throws -> DisputeDetail {
        try write { tx in
            let released = try resolve(id, request, on: today, in: tx)
            var detail = try disputeDetail(id, reader: tx.reader)
            detail.holdsReleased = released
            return detail
        }
    }

    /// Resolves a dispute on `day` (the as-of day, or the day an imported history says): the
    /// resolution, its credit notes or write-offs and the release of its holds all date from it.
    /// Returns the holds released.
    func resolve(
        _ id: DisputeID, _ request: ResolutionRequest, on day: Day, creditNote existing: CreditNoteNumber? = nil,
        in tx: any LedgerWriting
    ) throws -> [HoldID] {
        let reader = tx.reader
        let dispute = try disputeRecord(id, reader: reader).dispute
        if case .resolved(let resolution) = dispute.state {
            throw RuleViolation.alreadyResolved(id, resolution.on)
        }
        guard day >= dispute.openedOn else { throw RuleViolation.resolvedBeforeOpened(id, dispute.openedOn) }
        if let cause = request.rootCause, try reader.categoryLabel(cause) == nil {
            throw RuleViolation.unknownCategory(cause)
        }
        let disputedTotal = dispute.amount
        var amount: Money?
        if request.outcome.adjustsLedger {
            amount = try request.amount.map { try parseAmount($0, currency: disputedTotal.currency) } ?? disputedTotal
            if let amount, amount.minorUnits > disputedTotal.minorUnits {
                throw RuleViolation.amountAboveDisputed(amount, disputed: disputedTotal)
            }
        } else if request.amount != nil {
            throw RuleViolation.amountNotAllowed(request.outcome)
        }

        let resolution = Resolution(
            outcome: request.outcome, on: day, amount: amount, rootCause: request.rootCause, note: request.note)
        try tx.resolveDispute(id, resolution)
        var details = ["outcome": request.outcome.rawValue]
        if let amount { details["amount"] = amount.description }
        if let cause = request.rootCause { details["rootCause"] = cause }
        if let note = request.note { details["note"] = note }
        if day != today { details["resolvedOn"] = day.iso }
        if let existing { details["creditNote"] = existing.text }
        try tx.journal(
            "dispute.resolve", subject: JournalRef.dispute(id),
            refs: dispute.invoices.map { JournalRef.invoice($0.number) } + [JournalRef.customer(dispute.customer)],
            details: details)

        if let existing {
            // The credit note that settled it is already in the ledger (a history's credit notes
            // file): it is linked, not issued again.
            guard let note = try reader.creditNote(existing), note.note.customer == dispute.customer else {
                throw RuleViolation.unknownCreditNote(existing, dispute.customer)
            }
            try tx.linkCreditNote(existing, to: id)
        } else if let amount {
            try settle(dispute, amount: amount, outcome: request.outcome, on: day, in: tx)
        }
        var released: [HoldID] = []
        if !request.keepHold {
            for hold in try reader.holds(HoldFilter(activeOn: day, dispute: id), on: day).rows {
                try release(hold.hold, note: "dispute \(id) resolved (\(request.outcome.rawValue))", on: day, in: tx)
                released.append(hold.hold.id)
            }
        }
        return released
    }

    /// Issues the credit notes or write-offs of a resolution, spread over the dispute's invoices
    /// in proportion to what was disputed on each (the last one takes the rounding rest).
    func settle(_ dispute: Dispute, amount: Money, outcome: Outcome, on day: Day, in tx: any LedgerWriting) throws {
        let total = dispute.amount.minorUnits
        var rest = amount
        for (index, item) in dispute.invoices.enumerated() {
            let share =
                index == dispute.invoices.count - 1
                ? rest : amount.scaled(by: item.amount.minorUnits, over: total)
            rest = rest - share
            guard share.isPositive else { continue }
            switch outcome {
            case .credit, .return:
                let number = try tx.freeCreditNoteNumber("CN-\(dispute.id.description)")
                let reason =
                    outcome == .return ? "goods returned (dispute \(dispute.id))" : "dispute \(dispute.id) credited"
                let applied = try tx.issueCreditNote(
                    CreditNote(
                        number: number, customer: dispute.customer, issuedOn: day, amount: share,
                        invoice: item.number,
                        reason: reason), dispute: dispute.id)
                try tx.journal(
                    "credit-note.issue", subject: "credit-note:\(number)",
                    refs: [
                        JournalRef.invoice(item.number), JournalRef.dispute(dispute.id),
                        JournalRef.customer(dispute.customer),
                    ],
                    details: ["amount": share.description, "applied": applied.description, "reason": reason])
            case .writeOff:
                let written = try tx.writeOff(
                    item.number, amount: share, dispute: dispute.id, reason: "dispute \(dispute.id)", on: day)
                try tx.journal(
                    "invoice.write-off", subject: JournalRef.invoice(item.number),
                    refs: [JournalRef.dispute(dispute.id), JournalRef.customer(dispute.customer)],
                    details: ["amount": written.description])
            case .replacement, .rejected:
                break
            }
        }
    }

    /// Opens a resolved dispute again and places its holds anew per its category's policy.
    public func reopenDispute(_ id: DisputeID, note: String?) throws -> DisputeDetail {
        try write { tx in
            let record = try disputeRecord(id, reader: tx.reader)
            guard case .resolved(let previous) = record.dispute.state else { throw RuleViolation.notResolved(id) }
            guard previous.on <= today else { throw RuleViolation.resolvedAfterToday(id, previous.on) }
            try tx.reopenDispute(id)
            var details = ["previousOutcome": previous.outcome.rawValue, "previousResolvedOn": previous.on.iso]
            if let note { details["note"] = note }
            try tx.journal(
                "dispute.reopen", subject: JournalRef.dispute(id),
                refs: record.dispute.invoices.map { JournalRef.invoice($0.number) }, details: details)
            var placed: [HoldID] = []
            if let category = try tx.reader.taxonomy().category(record.dispute.category) {
                placed = try placeHolds(
                    for: id, category: category, disputed: record.dispute.invoices, on: today, in: tx)
            }
            var detail = try disputeDetail(id, reader: tx.reader)
            detail.holdsPlaced = placed
            return detail
        }
    }
}

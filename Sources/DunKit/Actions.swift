import Complaints
import Foundation
import LedgerPort
import Receivables

/// What the user asks for with `dun action add`.
public struct ActionRequest: Sendable {
    /// A top-level category code.
    public var category: String
    /// What exactly the action fixes (`sku=CHR-220`, `carrier=Geodis`, `customer=C-0042`).
    public var subject: Subject?
    public var owner: PersonKey
    public var dueOn: Day
    public var title: String
    /// Disputes the action addresses, linked to it in the same transaction.
    public var disputes: [DisputeID]

    public init(
        category: String, subject: Subject? = nil, owner: PersonKey, dueOn: Day, title: String,
        disputes: [DisputeID] = []
    ) {
        self.category = category
        self.subject = subject
        self.owner = owner
        self.dueOn = dueOn
        self.title = title
        self.disputes = disputes
    }
}

/// A corrective action with what `dun action show` prints beside it.
public struct ActionDetail: Sendable {
    public var record: ActionRecord
    /// Where it stands on the as-of day.
    public var standing: ActionStanding
    /// The disputes linked to it.
    public var disputes: [DisputeRecord]
    public var history: [JournalEntry]
}

/// A corrective action and where it stands on the as-of day, for listings.
public struct ActionItem: Sendable {
    public var record: ActionRecord
    public var standing: ActionStanding
}

extension Session {
    /// Opens a corrective action on a category (and optionally one subject), owned by a team,
    /// due on a day; links the disputes it addresses. One transaction, journaled.
    public func addAction(_ request: ActionRequest) throws -> ActionDetail {
        try write { tx in
            let reader = tx.reader
            let taxonomy = try reader.taxonomy()
            let (category, subcategory) = try resolveCategory(request.category, taxonomy: taxonomy, reader: reader)
            if subcategory != nil { throw RuleViolation.actionOnSubcategory(request.category, category: category.code) }
            let owner = try reader.ownerState(request.owner)
            guard owner.exists else { throw RuleViolation.unknownOwner(request.owner) }
            guard !owner.retired else { throw RuleViolation.retiredOwner(request.owner) }
            guard request.dueOn >= today else { throw RuleViolation.promiseDueBeforeToday(request.dueOn) }
            let title = request.title.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !title.isEmpty else { throw RuleViolation.emptyText("the title") }

            let id = try tx.insertAction(
                NewAction(
                    category: category.code, subject: request.subject, owner: request.owner, dueOn: request.dueOn,
                    title: title))
            var details = [
                "category": category.code, "owner": request.owner.text, "due": request.dueOn.iso, "title": title,
            ]
            if let subject = request.subject { details["subject"] = subject.description }
            try tx.journal("action.add", subject: JournalRef.action(id), details: details)
            try link(request.disputes, to: id, category: category.code, in: tx)
            return try actionDetail(id, reader: tx.reader)
        }
    }

    /// Links disputes to the action that addresses them: disputes of its category, or whose
    /// root cause was found to be its category.
    public func linkDisputes(_ disputes: [DisputeID], to id: ActionID) throws -> ActionDetail {
        try write { tx in
            guard let record = try tx.reader.action(id, on: .latest) else { throw RuleViolation.unknownAction(id) }
            for dispute in disputes where record.disputes.contains(dispute) {
                throw RuleViolation.disputeAlreadyLinked(dispute, id)
            }
            try link(disputes, to: id, category: record.action.category, in: tx)
            return try actionDetail(id, reader: tx.reader)
        }
    }

    func link(_ disputes: [DisputeID], to id: ActionID, category: String, in tx: any LedgerWriting) throws {
        for dispute in disputes {
            let record = try disputeRecord(dispute, reader: tx.reader)
            var rootCause: String?
            if case .resolved(let resolution) = record.dispute.state { rootCause = resolution.rootCause }
            guard record.dispute.category == category || rootCause == category else {
                throw RuleViolation.disputeNotAddressed(
                    dispute, category: record.dispute.category, id, actionCategory: category)
            }
            guard try tx.linkDispute(dispute, to: id) else { continue }
            try tx.journal(
                "action.link", subject: JournalRef.action(id), refs: [JournalRef.dispute(dispute)],
                details: ["dispute": dispute.description])
        }
    }

    /// Marks an action done on the as-of day: the 8 weeks that tell whether it worked start.
    public func markActionDone(_ id: ActionID, note: String?) throws -> ActionDetail {
        try transition(id, .markDone(on: today), journal: "action.done", note: note)
    }

    /// Verifies a done action: closed for good. Refused when a dispute it should have prevented
    /// has already come back — such an action is reopened, not verified.
    public func verifyAction(_ id: ActionID, note: String?) throws -> ActionDetail {
        try transition(id, .verify(on: today), journal: "action.verify", note: note) { standing in
            if case .ineffective(let recurrences) = standing.effectiveness, let doneOn = standing.action.state.doneOn {
                throw RuleViolation.actionDidNotWork(id, doneOn: doneOn, recurrences: recurrences)
            }
        }
    }

    /// Reopens a done action (it did not work, or was not finished), optionally with a new due day.
    public func reopenAction(_ id: ActionID, dueOn: Day?, note: String?) throws -> ActionDetail {
        if let dueOn, dueOn < today { throw RuleViolation.promiseDueBeforeToday(dueOn) }
        return try transition(id, .reopen(on: today), journal: "action.reopen", note: note, newDue: dueOn)
    }

    private func transition(
        _ id: ActionID, _ move: ActionTransition, journal action: String, note: String?, newDue: Day? = nil,
        check: (ActionStanding) throws -> Void = { _ in }
    ) throws -> ActionDetail {
        try write { tx in
            guard let record = try tx.reader.action(id, on: .latest) else { throw RuleViolation.unknownAction(id) }
            let standing = try standings(of: [record], on: today, reader: tx.reader)[0]
            var next: CorrectiveAction
            do throws(ActionTransitionError) {
                next = try record.action.applying(move)
            } catch {
                throw RuleViolation.actionTransition(error)
            }
            try check(standing)
            if let newDue { next.dueOn = newDue }
            try tx.updateAction(next)
            var details: [String: String] = [:]
            if let note { details["note"] = note }
            if let newDue { details["due"] = newDue.iso }
            if case .reopen = move, let doneOn = record.action.state.doneOn {
                details["doneOn"] = doneOn.iso
                if case .ineffective(let recurrences) = standing.effectiveness {
                    details["recurrences"] = recurrences.map(\.description).joined(separator: " ")
                }
            }
            try tx.journal(action, subject: JournalRef.action(id), details: details)
            return try actionDetail(id, reader: tx.reader)
        }
    }

    /// One corrective action, where it stands, its disputes and its history.
    public func action(_ id: ActionID) throws -> ActionDetail {
        try read { try actionDetail(id, reader: $0) }
    }

    /// Corrective actions matching the filter, each judged on the as-of day.
    public func actions(_ filter: ActionFilter) throws -> [ActionItem] {
        try read { reader in
            let records = try reader.actions(filter, on: today)
            return zip(records, try standings(of: records, on: today, reader: reader)).map {
                ActionItem(record: $0, standing: $1)
            }
        }
    }

    func actionDetail(_ id: ActionID, reader: any LedgerReading) throws -> ActionDetail {
        guard let record = try reader.action(id, on: today) else { throw RuleViolation.unknownAction(id) }
        return ActionDetail(
            record: record, standing: try standings(of: [record], on: today, reader: reader)[0],
            disputes: try record.disputes.compactMap { try reader.dispute($0, on: today) },
            history: try reader.history(of: JournalRef.action(id), through: today))
    }

    /// Each action judged on `day` from the disputes of its category opened in the 8 weeks after
    /// its last done day.
    func standings(of records: [ActionRecord], on day: Day, reader: any LedgerReading) throws -> [ActionStanding] {
        try records.map { record in
            var disputes: [DisputeOccurrence] = []
            if let last = record.lastDoneOn, last < day {
                disputes = try reader.disputeOccurrences(
                    category: record.action.category, after: last,
                    through: min(day, last + CorrectiveAction.effectivenessWindowDays))
            }
            return ActionStanding(action: record.action, lastDoneOn: record.lastDoneOn, disputes: disputes, asOf: day)
        }
    }
}

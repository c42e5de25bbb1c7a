import Complaints
import Foundation
import Receivables

/// A corrective action to record, already validated.
public struct NewAction: Sendable {
    public var category: String
    public var subject: Subject?
    public var owner: PersonKey
    public var dueOn: Day
    public var title: String

    public init(category: String, subject: Subject?, owner: PersonKey, dueOn: Day, title: String) {
        self.category = category
        self.subject = subject
        self.owner = owner
        self.dueOn = dueOn
        self.title = title
    }
}

/// A corrective action as stored, with what listings print beside it.
public struct ActionRecord: Sendable, Hashable {
    public var action: CorrectiveAction
    public var openedOn: Day
    /// The day it was last done, kept when it is reopened: the attempt that did not work.
    public var lastDoneOn: Day?
    /// The disputes linked to it, in id order.
    public var disputes: [DisputeID]
    public var ownerName: String
    public var categoryLabel: String

    public init(
        action: CorrectiveAction, openedOn: Day, lastDoneOn: Day? = nil, disputes: [DisputeID], ownerName: String,
        categoryLabel: String
    ) {
        self.action = action
        self.openedOn = openedOn
        self.lastDoneOn = lastDoneOn
        self.disputes = disputes
        self.ownerName = ownerName
        self.categoryLabel = categoryLabel
    }
}

/// Which corrective actions a listing shows.
public struct ActionFilter: Sendable, Hashable {
    public var status: ActionStatus?
    public var owner: PersonKey?
    public var category: String?

    public init(status: ActionStatus? = nil, owner: PersonKey? = nil, category: String? = nil) {
        self.status = status
        self.owner = owner
        self.category = category
    }
}

/// An active hold older than the escalation age, with what it blocks.
public struct AgedHold: Sendable, Hashable {
    public var record: HoldRecord
    /// The first day the hold was older than the age: placed on + age + 1.
    public var crossedOn: Day
    /// The day management was told, once it was.
    public var escalatedOn: Day?

    public init(record: HoldRecord, crossedOn: Day, escalatedOn: Day? = nil) {
        self.record = record
        self.crossedOn = crossedOn
        self.escalatedOn = escalatedOn
    }
}

/// Recording corrective actions and their escalations.
public protocol ActionWriting {
    /// Records a new open corrective action; returns its id.
    func insertAction(_ new: NewAction) throws -> ActionID
    /// Stores an action's new state (and due day, which reopening may move). A reopened action
    /// keeps its last done day.
    func updateAction(_ action: CorrectiveAction) throws
    /// Links a dispute to the action that addresses it; `false` when it already was.
    func linkDispute(_ dispute: DisputeID, to action: ActionID) throws -> Bool
    /// Records that management was told of an action's crossing on the transaction's day;
    /// `false` when that crossing was already told.
    func recordActionEscalation(_ alert: ActionAlert) throws -> Bool
    /// Marks the hold as escalated to the management group on the transaction's day.
    func markHoldEscalated(_ id: HoldID) throws
}

/// Reading corrective actions and what they address.
public protocol ActionReading {
    /// The corrective action with this id, as it stood at the close of `day` (`nil` before it
    /// was opened).
    func action(_ id: ActionID, on day: Day) throws -> ActionRecord?
    /// Corrective actions opened by `day` and matching `filter`, in id order, as they stood at its
    /// close.
    func actions(_ filter: ActionFilter, on day: Day) throws -> [ActionRecord]
    /// The corrective actions a dispute is linked to, in id order.
    func actions(addressing dispute: DisputeID) throws -> [ActionID]
    /// Disputes of `category` opened after `after` and up to `through` (both days as given:
    /// `after` excluded, `through` included), with their subjects: what tells whether an action
    /// on that category worked.
    func disputeOccurrences(category: String, after: Day, through: Day) throws -> [DisputeOccurrence]
    /// The crossings of actions management was already told of: action, kind, crossing day.
    func actionEscalations() throws -> [(action: ActionID, kind: String, crossedOn: Day, escalatedOn: Day)]
    /// Holds active on `day` that were placed more than `ageDays` days before it and still block
    /// something that day (a hold on an invoice paid since keeps nobody from cash), oldest first.
    func agedHolds(on day: Day, ageDays: Int) throws -> [AgedHold]
    /// Resolutions made between two days (inclusive): the category the customer reported and
    /// the root cause the owner found (`nil` when none was given).
    func resolvedCauses(from: Day, to: Day) throws -> [(category: String, rootCause: String?)]
}

extension ActionAlert {
    /// The stored word for the alert's kind: `overdue` or `ineffective`.
    public var kindCode: String {
        switch kind {
        case .overdue: "overdue"
        case .ineffective: "ineffective"
        }
    }
}

extension JournalRef {
    public static func action(_ id: ActionID) -> String { "action:\(id)" }
}

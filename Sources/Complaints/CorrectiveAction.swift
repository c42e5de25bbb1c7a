import Receivables

/// Something an owner does to stop a kind of complaint from coming back — fix a SKU's packaging,
/// change carrier, retrain a site — tracked until the complaints stop (SPEC §4, weekly report).
///
/// It targets a top-level category and, optionally, one subject; only disputes of that category
/// (and naming that subject, when there is one) tell whether it worked.
public struct CorrectiveAction: Hashable, Sendable {
    /// Where the action stands. The only way back is reopening a done action; a verified action is
    /// closed for good (a problem that returns after verification gets a new action).
    public enum State: Hashable, Sendable {
        /// Not done yet.
        case open
        /// Done on that day; the effectiveness window runs from it.
        case done(on: Day)
        /// Done, then checked by someone: closed.
        case verified(doneOn: Day, verifiedOn: Day)
        /// Done once, then reopened on that day: open again in every respect. The reopening day is
        /// kept because an action reopened after its due day becomes overdue on that day.
        case reopened(on: Day)

        /// The stored status: a reopened action is open.
        public var status: ActionStatus {
            switch self {
            case .open, .reopened: .open
            case .done: .done
            case .verified: .verified
            }
        }

        /// The day the action was (last) done, while it counts as done.
        public var doneOn: Day? {
            switch self {
            case .open, .reopened: nil
            case .done(let day), .verified(let day, _): day
            }
        }
    }

    public var id: ActionID
    /// The top-level category code whose disputes the action should stop.
    public var category: String
    /// What exactly the action fixes (`sku=CHR-220`, `carrier=Geodis`); `nil` for the whole category.
    public var subject: Subject?
    public var owner: PersonKey
    /// The last day the owner has to get it done.
    public var dueOn: Day
    public var title: String
    public var state: State

    public init(
        id: ActionID, category: String, subject: Subject? = nil, owner: PersonKey, dueOn: Day, title: String,
        state: State = .open
    ) {
        self.id = id
        self.category = category
        self.subject = subject
        self.owner = owner
        self.dueOn = dueOn
        self.title = title
        self.state = state
    }

    /// How long after the done day a dispute of the action's category and subject shows that the
    /// action did not work: 8 weeks.
    public static let effectivenessWindowDays = 56

    /// Whether a dispute is of the kind this action targets: same category and, when the action
    /// names a subject, naming that subject (any subject counts for an action without one).
    ///
    /// A `customer=CODE` subject also matches every dispute of that customer: a dispute names its
    /// customer without a subject, and "this customer keeps receiving wrong items" is a problem
    /// an action can target like a SKU or a carrier.
    public func targets(_ dispute: DisputeOccurrence) -> Bool {
        guard dispute.category == category else { return false }
        guard let subject else { return true }
        if subject.key == CorrectiveAction.customerSubjectKey && subject.value == dispute.customer.text { return true }
        return dispute.subjects.contains(subject)
    }

    /// The subject key that names a customer: `customer=C-0042`.
    public static let customerSubjectKey = "customer"

    /// Open and past its due day on `day`.
    public func isOverdue(on day: Day) -> Bool {
        state.status == .open && day > dueOn
    }
}

/// The stored status of a corrective action.
public enum ActionStatus: String, Sendable, Codable, CaseIterable {
    case open, done, verified
}

// MARK: - Lifecycle

/// A move a user asks for: `dun action done CA-n`, `dun action verify CA-n`, or reopening.
public enum ActionTransition: Hashable, Sendable {
    case markDone(on: Day)
    case verify(on: Day)
    case reopen(on: Day)
}

/// A move refused: the action and why, with a message that says what to do instead.
public struct ActionTransitionError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// Verifying or reopening an action that is not done.
        case notDone
        /// Marking done an action already done.
        case alreadyDone(on: Day)
        /// Any move on a verified action (the only one left would be reopening, which is refused).
        case alreadyVerified(on: Day)
        /// Verifying or reopening on a day before the action was done.
        case beforeDoneDay(doneOn: Day, requested: Day)
    }

    public var action: ActionID
    public var transition: ActionTransition
    public var reason: Reason

    public init(action: ActionID, transition: ActionTransition, reason: Reason) {
        self.action = action
        self.transition = transition
        self.reason = reason
    }

    public var description: String {
        switch (reason, transition) {
        case (.notDone, .verify):
            "\(action) is not done yet; mark it done first"
        case (.notDone, _):
            "\(action) is open, not done; only a done action can be reopened"
        case (.alreadyDone(let day), _):
            "\(action) is already done (on \(day)); reopen it first to do it again"
        case (.alreadyVerified(let day), .reopen):
            "\(action) was verified on \(day) and is closed; open a new corrective action if the problem is back"
        case (.alreadyVerified(let day), _):
            "\(action) is already verified (on \(day)); nothing left to do"
        case (.beforeDoneDay(let doneOn, let requested), .verify):
            "\(action) was done on \(doneOn); it cannot be verified on \(requested), an earlier day"
        case (.beforeDoneDay(let doneOn, let requested), _):
            "\(action) was done on \(doneOn); it cannot be reopened on \(requested), an earlier day"
        }
    }
}

extension CorrectiveAction {
    /// The action after `transition`, or the reason it is refused. Allowed: open (or reopened) →
    /// done; done → verified; done → reopened. Verifying or reopening cannot predate the done day.
    public func applying(_ transition: ActionTransition) throws(ActionTransitionError) -> CorrectiveAction {
        func refuse(_ reason: ActionTransitionError.Reason) -> ActionTransitionError {
            ActionTransitionError(action: id, transition: transition, reason: reason)
        }
        var next = self
        switch (state, transition) {
        case (.open, .markDone(let day)), (.reopened, .markDone(let day)):
            next.state = .done(on: day)
        case (.done(let doneOn), .verify(let day)):
            guard day >= doneOn else { throw refuse(.beforeDoneDay(doneOn: doneOn, requested: day)) }
            next.state = .verified(doneOn: doneOn, verifiedOn: day)
        case (.done(let doneOn), .reopen(let day)):
            guard day >= doneOn else { throw refuse(.beforeDoneDay(doneOn: doneOn, requested: day)) }
            next.state = .reopened(on: day)
        case (.done(let doneOn), .markDone):
            throw refuse(.alreadyDone(on: doneOn))
        case (.verified(_, let verifiedOn), _):
            throw refuse(.alreadyVerified(on: verifiedOn))
        case (.open, .verify), (.open, .reopen), (.reopened, .verify), (.reopened, .reopen):
            throw refuse(.notDone)
        }
        return next
    }
}

// MARK: - Effectiveness

/// Whether a corrective action worked, as of a day.
public enum Effectiveness: Hashable, Sendable, Encodable {
    /// Not done (open or reopened) on the as-of day: nothing to judge yet.
    case notDone
    /// Done, no recurrence so far, and the window is still running through `until` (its last day).
    case pending(until: Day)
    /// No recurrence in the whole window; `since` is the first day after it.
    case effective(since: Day)
    /// Disputes of the targeted kind opened in the window (up to the as-of day), oldest first.
    /// Declared as soon as there is one, even before the window ends.
    case ineffective(recurrences: [DisputeID])

    /// Encodes as `{"status": "pending", "until": "2026-07-01"}`, `{"status": "effective", "since": …}`,
    /// `{"status": "ineffective", "recurrences": ["D-4"]}` or `{"status": "not-done"}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .notDone:
            try c.encode("not-done", forKey: .status)
        case .pending(let until):
            try c.encode("pending", forKey: .status)
            try c.encode(until, forKey: .until)
        case .effective(let since):
            try c.encode("effective", forKey: .status)
            try c.encode(since, forKey: .since)
        case .ineffective(let recurrences):
            try c.encode("ineffective", forKey: .status)
            try c.encode(recurrences, forKey: .recurrences)
        }
    }

    enum CodingKeys: String, CodingKey { case status, until, since, recurrences }
}

extension CorrectiveAction {
    /// The disputes that show the action did not work: of its category (and subject, if any),
    /// opened 1 to 56 days after the done day — day 56 counts, day 57 does not, and the done day
    /// itself does not (those predate the fix) — and no later than `asOf`. Oldest first.
    public func recurrences(in disputes: [DisputeOccurrence], doneOn: Day, asOf: Day) -> [DisputeOccurrence] {
        let last = min(asOf, doneOn + CorrectiveAction.effectivenessWindowDays)
        return disputes.filter { $0.openedOn > doneOn && $0.openedOn <= last && targets($0) }
            .sorted { ($0.openedOn, $0.id) < ($1.openedOn, $1.id) }
    }
}

/// Effectiveness of a corrective action on `asOf`, judged only from what was known that day
/// (disputes opened after it are ignored; an action done after it is not done yet).
///
/// The window is the 56 days after the done day. It is over once its last day has passed: on
/// done + 56 the action is still pending (a dispute may yet arrive that day), on done + 57 it is
/// effective. Verified actions are judged like done ones.
public func effectiveness(of action: CorrectiveAction, disputes: [DisputeOccurrence], asOf: Day) -> Effectiveness {
    guard let doneOn = action.state.doneOn, doneOn <= asOf else { return .notDone }
    let found = action.recurrences(in: disputes, doneOn: doneOn, asOf: asOf)
    if !found.isEmpty { return .ineffective(recurrences: found.map(\.id)) }
    let lastDay = doneOn + CorrectiveAction.effectivenessWindowDays
    return asOf > lastDay ? .effective(since: lastDay + 1) : .pending(until: lastDay)
}

// MARK: - Escalation

/// A corrective action past a line management must hear about, and the day it crossed it.
///
/// The crossing day is a fact of the ledger, not of the run: a caller journals each
/// (action, overdue or ineffective, crossedOn) once — not the whole ``Kind``, whose recurrence list
/// grows as disputes come in — and a daily run that was skipped catches up without escalating twice.
public struct ActionAlert: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Still open after its due day.
        case overdue(dueOn: Day)
        /// A dispute it should have prevented came back within the window.
        case ineffective(recurrences: [DisputeID])
    }

    public var action: ActionID
    public var owner: PersonKey
    public var kind: Kind
    /// The first day the action was past the line: the day after the due day (or the reopening
    /// day, for an action reopened later than that), or the day the first recurrence was opened.
    public var crossedOn: Day

    public init(action: ActionID, owner: PersonKey, kind: Kind, crossedOn: Day) {
        self.action = action
        self.owner = owner
        self.kind = kind
        self.crossedOn = crossedOn
    }
}

/// The actions that are overdue or ineffective on `day`, each with the day it crossed the line,
/// in crossing-day then id order. Judged as of `day`: an action done after `day` was still open
/// then, and disputes opened after `day` are ignored. Keep those with `crossedOn == day` for what crossed that very
/// day, or compare with the journal to escalate each crossing exactly once.
public func actionAlerts(for actions: [CorrectiveAction], disputes: [DisputeOccurrence], on day: Day) -> [ActionAlert] {
    var alerts: [ActionAlert] = []
    for action in actions {
        if let doneOn = action.state.doneOn, doneOn <= day {
            let found = action.recurrences(in: disputes, doneOn: doneOn, asOf: day)
            guard let first = found.first else { continue }
            alerts.append(
                ActionAlert(
                    action: action.id, owner: action.owner, kind: .ineffective(recurrences: found.map(\.id)),
                    crossedOn: first.openedOn))
        } else if day > action.dueOn {
            // Open on `day` (an action done after `day` was still open then).
            var crossed = action.dueOn + 1
            if case .reopened(let reopenedOn) = action.state, reopenedOn > crossed { crossed = reopenedOn }
            // Reopened after `day`: it was done on `day`, not open.
            guard crossed <= day else { continue }
            alerts.append(
                ActionAlert(
                    action: action.id, owner: action.owner, kind: .overdue(dueOn: action.dueOn), crossedOn: crossed))
        }
    }
    return alerts.sorted { ($0.crossedOn, $0.action) < ($1.crossedOn, $1.action) }
}

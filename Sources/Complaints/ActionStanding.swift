import Receivables

/// How a corrective action stood on a day, judged only from what was known that day: its state
/// then, whether it was overdue, whether it worked, and — for an action reopened by then — which
/// disputes showed that its last attempt did not.
///
/// The ledger keeps an action's current state and its last done day, so a state reached after the
/// day is rolled back: an action done after the day was still open then, one verified after it was
/// only done, one reopened after it was still done on its last done day.
public struct ActionStanding: Hashable, Sendable {
    /// The action as it stood on ``asOf``.
    public var action: CorrectiveAction
    public var asOf: Day
    public var effectiveness: Effectiveness
    /// Open and past its due day on ``asOf``.
    public var overdue: Bool
    /// For an action reopened by ``asOf``: the day of the attempt it was reopened from, and the
    /// disputes of its kind opened between that day and the reopening (what made it fail).
    public var failedAttempt: FailedAttempt?
    /// The line the action had crossed on ``asOf`` — overdue, or ineffective — and since when;
    /// `nil` when it is on track.
    public var alert: ActionAlert?

    /// A done attempt that was reopened.
    public struct FailedAttempt: Hashable, Sendable {
        public var doneOn: Day
        public var reopenedOn: Day
        public var recurrences: [DisputeID]
    }

    /// Judges `action` (as stored today, last done on `lastDoneOn`) on `asOf`. `disputes` must hold
    /// the disputes of its category opened after its last done day, at least up to `asOf`.
    public init(action: CorrectiveAction, lastDoneOn: Day?, disputes: [DisputeOccurrence], asOf: Day) {
        let then = ActionStanding.state(of: action, lastDoneOn: lastDoneOn, on: asOf)
        self.action = then
        self.asOf = asOf
        self.effectiveness = Complaints.effectiveness(of: then, disputes: disputes, asOf: asOf)
        self.overdue = then.isOverdue(on: asOf)
        if case .reopened(let reopenedOn) = then.state, let lastDoneOn {
            failedAttempt = FailedAttempt(
                doneOn: lastDoneOn, reopenedOn: reopenedOn,
                recurrences: then.recurrences(in: disputes, doneOn: lastDoneOn, asOf: reopenedOn).map(\.id))
        } else {
            failedAttempt = nil
        }
        alert = actionAlerts(for: [then], disputes: disputes, on: asOf).first
    }

    /// The action with the state it had on `day`.
    static func state(of action: CorrectiveAction, lastDoneOn: Day?, on day: Day) -> CorrectiveAction {
        var then = action
        switch action.state {
        case .open:
            break
        case .done(let doneOn):
            if doneOn > day { then.state = .open }
        case .verified(let doneOn, let verifiedOn):
            if verifiedOn <= day {
                break
            } else if doneOn <= day {
                then.state = .done(on: doneOn)
            } else {
                then.state = .open
            }
        case .reopened(let reopenedOn):
            if reopenedOn <= day { break }
            if let lastDoneOn, lastDoneOn <= day { then.state = .done(on: lastDoneOn) } else { then.state = .open }
        }
        return then
    }
}

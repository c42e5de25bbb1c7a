// Not yet on PostgreSQL: each of these says so. Replaced by Action.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresTransaction: ActionWriting {
    public func insertAction(_ new: NewAction) throws -> ActionID {
        throw PostgresPending.notYet("insertAction")
    }

    public func updateAction(_ action: CorrectiveAction) throws {
        throw PostgresPending.notYet("updateAction")
    }

    public func linkDispute(_ dispute: DisputeID, to action: ActionID) throws -> Bool {
        throw PostgresPending.notYet("linkDispute")
    }

    public func recordActionEscalation(_ alert: ActionAlert) throws -> Bool {
        throw PostgresPending.notYet("recordActionEscalation")
    }

    public func markHoldEscalated(_ id: HoldID) throws {
        throw PostgresPending.notYet("markHoldEscalated")
    }
}

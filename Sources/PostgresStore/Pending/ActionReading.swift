// Not yet on PostgreSQL: each of these says so. Replaced by Action.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresReader: ActionReading {
    public func action(_ id: ActionID, on day: Day) throws -> ActionRecord? {
        throw PostgresPending.notYet("action")
    }

    public func actions(_ filter: ActionFilter, on day: Day) throws -> [ActionRecord] {
        throw PostgresPending.notYet("actions")
    }

    public func actions(addressing dispute: DisputeID) throws -> [ActionID] {
        throw PostgresPending.notYet("actions")
    }

    public func disputeOccurrences(category: String, after: Day, through: Day) throws -> [DisputeOccurrence] {
        throw PostgresPending.notYet("disputeOccurrences")
    }

    public func actionEscalations() throws -> [(action: ActionID, kind: String, crossedOn: Day, escalatedOn: Day)] {
        throw PostgresPending.notYet("actionEscalations")
    }

    public func agedHolds(on day: Day, ageDays: Int) throws -> [AgedHold] {
        throw PostgresPending.notYet("agedHolds")
    }

    public func resolvedCauses(from: Day, to: Day) throws -> [(category: String, rootCause: String?)] {
        throw PostgresPending.notYet("resolvedCauses")
    }
}

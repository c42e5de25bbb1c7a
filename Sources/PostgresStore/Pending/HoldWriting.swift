// Not yet on PostgreSQL: each of these says so. Replaced by Hold.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresTransaction: HoldWriting {
    public func placeHold(
        on target: Hold.Target, dispute: DisputeID?, reason: String, from day: Day?, until: Day?
    ) throws -> HoldID {
        throw PostgresPending.notYet("placeHold")
    }

    public func releaseHold(_ id: HoldID, note: String?, on day: Day?) throws {
        throw PostgresPending.notYet("releaseHold")
    }
}

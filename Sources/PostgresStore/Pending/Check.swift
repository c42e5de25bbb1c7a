// Not yet on PostgreSQL: says so. Replaced by Check.swift when written.

import Foundation
import LedgerPort

extension PostgresLedger {
    public func check(examples: Int) throws -> LedgerCheck {
        throw PostgresPending.notYet("dun check")
    }
}

// Not yet on PostgreSQL: each of these says so. Replaced by Hold.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresReader: HoldReading {
    public func hold(_ id: HoldID, on day: Day) throws -> HoldRecord? {
        throw PostgresPending.notYet("hold")
    }

    public func holds(_ filter: HoldFilter, on day: Day) throws -> (rows: [HoldRecord], total: Int) {
        throw PostgresPending.notYet("holds")
    }

    public func holdTotals(on day: Day) throws -> (active: Int, blocked: CurrencyTotals, oldest: Day?) {
        throw PostgresPending.notYet("holdTotals")
    }

    public func holdMovements(from: Day, to: Day) throws -> (placed: Int, released: Int) {
        throw PostgresPending.notYet("holdMovements")
    }
}

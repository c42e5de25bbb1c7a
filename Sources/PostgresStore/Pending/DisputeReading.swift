// Not yet on PostgreSQL: each of these says so. Replaced by Dispute.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresReader: DisputeReading {
    public func dispute(_ id: DisputeID, on day: Day) throws -> DisputeRecord? {
        throw PostgresPending.notYet("dispute")
    }

    public func disputes(_ filter: DisputeFilter, on day: Day) throws -> (rows: [DisputeRecord], total: Int) {
        throw PostgresPending.notYet("disputes")
    }

    public func notes(of id: DisputeID, on day: Day) throws -> [DisputeNote] {
        throw PostgresPending.notYet("notes")
    }

    public func disputesToEscalate(on day: Day) throws -> [DisputeID] {
        throw PostgresPending.notYet("disputesToEscalate")
    }
}

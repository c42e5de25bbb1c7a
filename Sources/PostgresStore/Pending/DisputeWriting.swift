// Not yet on PostgreSQL: each of these says so. Replaced by Dispute.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresTransaction: DisputeWriting {
    public func insertDispute(_ new: NewDispute) throws -> DisputeID {
        throw PostgresPending.notYet("insertDispute")
    }

    public func assignDispute(_ id: DisputeID, from previous: PersonKey, to owner: PersonKey) throws {
        throw PostgresPending.notYet("assignDispute")
    }

    public func addNote(_ id: DisputeID, text: String) throws {
        throw PostgresPending.notYet("addNote")
    }

    public func resolveDispute(_ id: DisputeID, _ resolution: Resolution) throws {
        throw PostgresPending.notYet("resolveDispute")
    }

    public func linkCreditNote(_ number: CreditNoteNumber, to id: DisputeID) throws {
        throw PostgresPending.notYet("linkCreditNote")
    }

    public func reopenDispute(_ id: DisputeID) throws {
        throw PostgresPending.notYet("reopenDispute")
    }

    public func markEscalated(_ id: DisputeID) throws {
        throw PostgresPending.notYet("markEscalated")
    }
}

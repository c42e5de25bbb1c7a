// Not yet on PostgreSQL: each of these says so. Replaced by Outbox.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresTransaction: OutboxWriting {
    public func enqueue(_ item: OutboxItem) throws -> Int64 {
        throw PostgresPending.notYet("enqueue")
    }

    public func markOutbox(_ id: Int64, status: OutboxItem.Status, error: String?, attempted: Bool) throws {
        throw PostgresPending.notYet("markOutbox")
    }

    public func nextOutboxID() throws -> Int64 {
        throw PostgresPending.notYet("nextOutboxID")
    }

    public func updateOutboxDocument(_ item: OutboxItem) throws {
        throw PostgresPending.notYet("updateOutboxDocument")
    }
}

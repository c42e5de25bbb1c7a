// Not yet on PostgreSQL: each of these says so. Replaced by Outbox.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresReader: OutboxReading {
    public func outbox(status: OutboxItem.Status?, channel: String?, limit: Int?) throws -> [OutboxItem] {
        throw PostgresPending.notYet("outbox")
    }

    public func pendingOutbox(channel: String) throws -> [OutboxItem] {
        throw PostgresPending.notYet("pendingOutbox")
    }

    public func outboxItem(_ id: Int64) throws -> OutboxItem? {
        throw PostgresPending.notYet("outboxItem")
    }

    public func settings(prefix: String) throws -> [String: String] {
        throw PostgresPending.notYet("settings")
    }

    public func statementInvoices(of customer: CustomerCode, on day: Day) throws -> [StatementInvoice] {
        throw PostgresPending.notYet("statementInvoices")
    }
}

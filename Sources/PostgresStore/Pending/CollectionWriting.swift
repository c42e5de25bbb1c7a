// Not yet on PostgreSQL: each of these says so. Replaced by Collection.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresTransaction: CollectionWriting {
    public func insertPromise(_ promise: PromiseToPay, note: String?) throws -> PromiseID {
        throw PostgresPending.notYet("insertPromise")
    }

    public func settlePromise(_ id: PromiseID, _ state: PromiseState, paid: Money) throws {
        throw PostgresPending.notYet("settlePromise")
    }

    public func insertContact(
        customer: CustomerCode, channel: String, outcome: String, note: String?, promise: PromiseID?,
        dispute: DisputeID?
    ) throws -> Int64 {
        throw PostgresPending.notYet("insertContact")
    }

    public func saveCollector(_ collector: Collector) throws {
        throw PostgresPending.notYet("saveCollector")
    }

    public func recordNotice(_ notice: PlannedNotice) throws -> Int64? {
        throw PostgresPending.notYet("recordNotice")
    }

    public func insertTask(
        kind: String, assignee: String, customer: CustomerCode, notice: Int64?, dueOn: Day, title: String
    ) throws -> Int64 {
        throw PostgresPending.notYet("insertTask")
    }

    public func completeTask(_ id: Int64) throws {
        throw PostgresPending.notYet("completeTask")
    }
}

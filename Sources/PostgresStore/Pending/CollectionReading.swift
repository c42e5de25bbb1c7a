// Not yet on PostgreSQL: each of these says so. Replaced by Collection.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresReader: CollectionReading {
    public func promise(_ id: PromiseID) throws -> PromiseToPay? {
        throw PostgresPending.notYet("promise")
    }

    public func promises(
        status: String?, customer: CustomerCode?, limit: Int?, on day: Day
    ) throws -> (rows: [PromiseToPay], total: Int) {
        throw PostgresPending.notYet("promises")
    }

    public func pendingPromises(customer: CustomerCode?) throws -> [PromiseToPay] {
        throw PostgresPending.notYet("pendingPromises")
    }

    public func promiseState(_ promise: PromiseToPay, on day: Day) throws -> PromiseState {
        throw PostgresPending.notYet("promiseState")
    }

    public func promisePayments(_ promise: PromiseToPay, asOf: Day) throws -> [(day: Day, amount: Money)] {
        throw PostgresPending.notYet("promisePayments")
    }

    public func contacts(of customer: CustomerCode?, limit: Int?, on day: Day) throws -> [ContactRecord] {
        throw PostgresPending.notYet("contacts")
    }

    public func collectors() throws -> [Collector] {
        throw PostgresPending.notYet("collectors")
    }

    public func openTasks(assignee: String?, on day: Day) throws -> [TaskRecord] {
        throw PostgresPending.notYet("openTasks")
    }

    public func notices(on day: Day?, customer: CustomerCode?, limit: Int?, through: Day) throws -> [NoticeRecord] {
        throw PostgresPending.notYet("notices")
    }

    public func notice(_ id: Int64) throws -> NoticeRecord? {
        throw PostgresPending.notYet("notice")
    }

    public func dunningPolicyJSON() throws -> String? {
        throw PostgresPending.notYet("dunningPolicyJSON")
    }
}

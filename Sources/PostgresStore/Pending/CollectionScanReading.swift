// Not yet on PostgreSQL: each of these says so. Replaced by CollectionScan.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresReader: CollectionScanReading {
    public func scanOpenInvoices(on day: Day, _ body: (OpenRow) -> Void) throws {
        throw PostgresPending.notYet("scanOpenInvoices")
    }

    public func customerKeys() throws -> [Int64: CustomerKeys] {
        throw PostgresPending.notYet("customerKeys")
    }

    public func customerBriefs(_ ids: some Collection<CustomerKey>) throws -> [Int64: CustomerBrief] {
        throw PostgresPending.notYet("customerBriefs")
    }

    public func customerBriefs(codes: some Collection<CustomerCode>) throws -> [CustomerCode: CustomerBrief] {
        throw PostgresPending.notYet("customerBriefs")
    }

    public func customerCodes(_ ids: some Collection<CustomerKey>) throws -> [Int64: CustomerCode] {
        throw PostgresPending.notYet("customerCodes")
    }

    public func customerNames(_ ids: some Collection<CustomerKey>) throws -> [Int64: String] {
        throw PostgresPending.notYet("customerNames")
    }

    public func heldSet(on day: Day) throws -> HeldSet {
        throw PostgresPending.notYet("heldSet")
    }

    public func promisedSet(on day: Day) throws -> PromisedSet {
        throw PostgresPending.notYet("promisedSet")
    }

    public func unappliedByCustomer(on day: Day) throws -> [Int64: [Currency: Money]] {
        throw PostgresPending.notYet("unappliedByCustomer")
    }

    public func lastSteps(on day: Day) throws -> RowIDMap<StepRecord> {
        throw PostgresPending.notYet("lastSteps")
    }

    public func holdEnds(on day: Day) throws -> (invoices: RowIDMap<Day>, customers: RowIDMap<Day>) {
        throw PostgresPending.notYet("holdEnds")
    }

    public func invoiceNumbers(_ ids: [Int64]) throws -> [Int64: InvoiceNumber] {
        throw PostgresPending.notYet("invoiceNumbers")
    }

    public func recentlySettledDunned(
        since: Day, on day: Day
    ) throws -> [(invoice: InvoiceNumber, customer: CustomerCode, settledOn: Day)] {
        throw PostgresPending.notYet("recentlySettledDunned")
    }

    public func brokenPromiseCounts(from: Day, to: Day) throws -> [Int64: Int] {
        throw PostgresPending.notYet("brokenPromiseCounts")
    }

    public func openPromiseCounts(on day: Day) throws -> [Int64: Int] {
        throw PostgresPending.notYet("openPromiseCounts")
    }

    public func lastContacts(on day: Day) throws -> [Int64: (day: Day, outcome: String)] {
        throw PostgresPending.notYet("lastContacts")
    }

    public func scanOpenInvoiceNumbers(on day: Day, _ body: (OpenRow, InvoiceNumber) -> Void) throws {
        throw PostgresPending.notYet("scanOpenInvoiceNumbers")
    }

    public func scanOpenInvoices<Part: Sendable>(
        on day: Day, parts wanted: Int, minimumInvoices: InvoiceKey?, make: @Sendable () -> Part,
        add: @Sendable (inout Part, OpenRow) -> Void
    ) throws -> [Part] {
        throw PostgresPending.notYet("scanOpenInvoices")
    }

    public func openInvoiceCount() throws -> Int {
        throw PostgresPending.notYet("openInvoiceCount")
    }

    public func reductionsAfter(_ day: Day) throws -> RowIDMap<Int64> {
        throw PostgresPending.notYet("reductionsAfter")
    }
}

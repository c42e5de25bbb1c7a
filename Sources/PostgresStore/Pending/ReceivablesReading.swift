// Not yet on PostgreSQL: each of these says so. Replaced by Receivables.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresReader: ReceivablesReading {
    public func customer(_ code: CustomerCode) throws -> Customer? {
        throw PostgresPending.notYet("customer")
    }

    public func customers(on day: Day, limit: Int?) throws -> (rows: [CustomerSummary], total: Int) {
        throw PostgresPending.notYet("customers")
    }

    public func customerSummary(_ code: CustomerCode, on day: Day) throws -> CustomerSummary? {
        throw PostgresPending.notYet("customerSummary")
    }

    public func invoice(_ number: InvoiceNumber, on day: Day) throws -> Invoice? {
        throw PostgresPending.notYet("invoice")
    }

    public func invoices(_ filter: InvoiceFilter, on day: Day) throws -> (rows: [InvoiceSummary], total: Int) {
        throw PostgresPending.notYet("invoices")
    }

    public func creditNotes(of number: InvoiceNumber, on day: Day) throws -> [CreditNoteRecord] {
        throw PostgresPending.notYet("creditNotes")
    }

    public func creditNotes(of dispute: DisputeID, on day: Day) throws -> [CreditNoteRecord] {
        throw PostgresPending.notYet("creditNotes")
    }

    public func creditNotes(ofCustomerWith number: CreditNoteNumber, on day: Day) throws -> CreditNoteRecord? {
        throw PostgresPending.notYet("creditNotes")
    }

    public func creditNote(_ number: CreditNoteNumber) throws -> CreditNoteRecord? {
        throw PostgresPending.notYet("creditNote")
    }

    public func openCredits(of customer: CustomerCode, on day: Day) throws -> [CreditNoteRecord] {
        throw PostgresPending.notYet("openCredits")
    }

    public func invoiceKeys(_ number: InvoiceNumber) throws -> (id: Int64, customerID: Int64, openCents: Int64)? {
        throw PostgresPending.notYet("invoiceKeys")
    }

    public func writeOffs(invoice: InvoiceNumber?, dispute: DisputeID?, on day: Day) throws -> [WriteOffRecord] {
        throw PostgresPending.notYet("writeOffs")
    }

    public func counts() throws -> [String: Int] {
        throw PostgresPending.notYet("counts")
    }
}

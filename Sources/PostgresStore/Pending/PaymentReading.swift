// Not yet on PostgreSQL: each of these says so. Replaced by Payment.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresReader: PaymentReading {
    public func customerID(_ code: CustomerCode) throws -> Int64? {
        throw PostgresPending.notYet("customerID")
    }

    public func customer(iban: IBAN) throws -> CustomerRef? {
        throw PostgresPending.notYet("customer")
    }

    public func customer(exactName name: String) throws -> CustomerRef? {
        throw PostgresPending.notYet("customer")
    }

    public func openItem(_ number: InvoiceNumber) throws -> PostingItem? {
        throw PostgresPending.notYet("openItem")
    }

    public func openItems(
        ofCustomer customerID: Int64, exactly amount: Money, issuedBy day: Day, limit: Int
    ) throws -> [PostingItem] {
        throw PostgresPending.notYet("openItems")
    }

    public func paymentExists(sourceKey: String) throws -> Bool {
        throw PostgresPending.notYet("paymentExists")
    }

    public func payment(_ id: PaymentID) throws -> PaymentRecord? {
        throw PostgresPending.notYet("payment")
    }

    public func payments(
        unappliedOnly: Bool, customer: CustomerCode?, limit: Int?, on day: Day
    ) throws -> (rows: [PaymentRecord], total: Int) {
        throw PostgresPending.notYet("payments")
    }

    public func unappliedCash(of customer: CustomerCode, on day: Day) throws -> CurrencyTotals {
        throw PostgresPending.notYet("unappliedCash")
    }

    public func waitingCash() throws -> [(
        id: PaymentID, customerID: Int64?, receivedOn: Day, unapplied: Money, named: [String], remittance: String?
    )] {
        throw PostgresPending.notYet("waitingCash")
    }

    public func paymentsReceived(by customer: CustomerCode, from: Day, to: Day) throws -> [PaymentRecord] {
        throw PostgresPending.notYet("paymentsReceived")
    }
}

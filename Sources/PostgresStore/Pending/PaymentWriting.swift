// Not yet on PostgreSQL: each of these says so. Replaced by Payment.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresTransaction: PaymentWriting {
    public func insertPayment(_ new: NewPayment, unapplied: Money) throws -> PaymentID {
        throw PostgresPending.notYet("insertPayment")
    }

    public func post(
        _ payment: PaymentID, to parts: [(invoiceID: Int64, amount: Money, rule: MatchRule, day: Day)]
    ) throws {
        throw PostgresPending.notYet("post")
    }

    public func setPaymentCustomer(_ id: PaymentID, _ customer: CustomerCode) throws {
        throw PostgresPending.notYet("setPaymentCustomer")
    }

    public func apply(
        _ payment: PaymentID, to invoice: InvoiceNumber, amount: Money, rule: MatchRule, on day: Day?
    ) throws {
        throw PostgresPending.notYet("apply")
    }
}

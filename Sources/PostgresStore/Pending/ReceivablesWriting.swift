// Not yet on PostgreSQL: each of these says so. Replaced by Receivables.swift when written.

import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresTransaction: ReceivablesWriting {
    public func addCustomer(_ customer: Customer) throws {
        throw PostgresPending.notYet("addCustomer")
    }

    public func issueCreditNote(_ note: CreditNote, dispute: DisputeID?) throws -> Money {
        throw PostgresPending.notYet("issueCreditNote")
    }

    public func applyCredit(_ number: CreditNoteNumber, to invoice: InvoiceNumber, cents: Int64) throws {
        throw PostgresPending.notYet("applyCredit")
    }

    public func writeOff(
        _ number: InvoiceNumber, amount: Money, dispute: DisputeID?, reason: String?, on writtenOn: Day?
    ) throws -> Money {
        throw PostgresPending.notYet("writeOff")
    }

    public func freeCreditNoteNumber(_ base: String) throws -> CreditNoteNumber {
        throw PostgresPending.notYet("freeCreditNoteNumber")
    }
}

// Not yet on PostgreSQL: each of these says so. Replaced by Loaders.swift when written.

import Foundation
import LedgerPort

extension PostgresTransaction {
    public func customerLoader(update: Bool) throws -> any CustomerLoading {
        throw PostgresPending.notYet("importing customers")
    }

    public func invoiceLoader(expectedRows: Int) throws -> any InvoiceLoading {
        throw PostgresPending.notYet("importing invoices")
    }
}

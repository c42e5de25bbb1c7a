import Foundation
import GRDB
import LedgerPort
import Receivables
import Synchronization
import Testing

@testable import Store

/// Which files are ledgers, how long a writer waits for the lock, what `check` finds.
@Suite struct StoreSafetyTests {
    @Test func recognisesLedgersAndNothingElse() throws {
        let folder = try TemporaryFolder()
        let empty = folder.file("empty")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(try Ledger.recognise(empty) == .emptyFile)
        let text = folder.file("text")
        #expect(FileManager.default.createFile(atPath: text, contents: Data(repeating: 65, count: 200)))
        #expect(try Ledger.recognise(text) == .other("not an SQLite database"))
        let other = folder.file("other.db")
        try DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        #expect(try Ledger.recognise(other) == .other("it holds other tables"))
        let blank = folder.file("blank.db")
        try DatabaseQueue(path: blank).write { try $0.execute(sql: "PRAGMA user_version = 1") }
        #expect(try Ledger.recognise(blank) == .emptyDatabase)

        let path = folder.file("ledger.sqlite")
        _ = try Ledger.create(path: path)
        #expect(try Ledger.recognise(path) == .ledger)
        // Before the mark: dun's migration table and its journal.
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "PRAGMA application_id = 0")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v9-application-id'")
        }
        #expect(try Ledger.recognise(path) == .ledger)
        let reopened = try Ledger.open(path: path)
        #expect(
            try reopened.queue.read { try Int32.fetchOne($0, sql: "PRAGMA application_id") } == Ledger.applicationID)
    }

    @Test func aWriterWaitsThenGivesUpNamingTheWait() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("ledger.sqlite")
        _ = try Ledger.create(path: path)
        let announced = Mutex(0)
        let ledger = try Ledger.open(
            path: path, lockWait: LockWait(seconds: 1.3) { announced.withLock { $0 += 1 } })
        let holder = try DatabaseQueue(path: path)
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            let start = Date()
            #expect(throws: StoreError.busy(path: path, waited: 1.3)) {
                try ledger.write(stamp) { tx in try tx.journal("test", subject: "test") }
            }
            #expect(Date().timeIntervalSince(start) >= 1.2)
            try db.execute(sql: "ROLLBACK")
        }
        #expect(announced.withLock { $0 } == 1)
        try ledger.write(stamp) { tx in try tx.journal("test", subject: "test") }
    }

    @Test func checkFindsBrokenBalancesAndApplications() throws {
        let ledger = try Ledger.inMemory()
        #expect(try ledger.check().isOK)
        try ledger.queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO customer (id, code, name) VALUES (1, 'C-1', 'One');
                    INSERT INTO invoice (id, number, customer_id, issue_date, due_date, currency, amount_cents, open_cents)
                        VALUES (1, 'INV-1', 1, '2026-10-01', '2026-10-31', 'EUR', 10000, 10000);
                    INSERT INTO payment (id, received_on, currency, amount_cents, unapplied_cents)
                        VALUES (1, '2026-10-05', 'EUR', 3000, 0);
                    INSERT INTO payment_application (payment_id, invoice_id, amount_cents, applied_on, rule)
                        VALUES (1, 1, 4000, '2026-10-05', 'manual');
                    """)
        }
        let check = try ledger.check()
        // Rows written around dun also leave the movements and the money totals behind.
        #expect(
            check.problems.map(\.kind) == [
                "invoice-balance", "payment-applications", "movements", "money-totals", "unjournaled",
            ])
        #expect(
            check.problems.first { $0.kind == "movements" }?.examples == [
                "receivables' movements in EUR differ from the invoices by 100.00 EUR issued and 40.00 EUR reduced"
            ])
        #expect(
            check.problems.first { $0.kind == "money-totals" }?.examples == [
                "the ledger's total invoiced in EUR differs from its rows by 100.00 EUR",
                "the ledger's total received in EUR differs from its rows by 30.00 EUR",
            ])
        #expect(
            check.problems.first?.examples == [
                "invoice INV-1: open 100.00 EUR, but its amount 100.00 EUR less its payments, credits and write-offs "
                    + "40.00 EUR is 60.00 EUR"
            ])
        #expect(
            check.problems.dropFirst().first?.examples == [
                "payment PAY-1: applications 40.00 EUR add up to more than the payment 30.00 EUR"
            ])
        #expect(check.counts.first { $0.name == "invoices" }?.count == 1)
    }
}

import Foundation
import GRDB
import LedgerPort
import Receivables
import Testing

@testable import Store

/// A temporary folder removed when the test ends.
final class TemporaryFolder {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("dun-store-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
}

let stamp = Stamp(actor: "test", day: Day(iso: "2026-11-24")!, recordedAt: "2026-11-24T09:00:00Z")

@Suite struct LedgerTests {
    @Test func migratesAnEmptyFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let ledger = try Ledger.create(path: path)
        let tables = try ledger.queue.read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        for table in ["customer", "invoice", "dispute", "hold", "journal", "category"] {
            #expect(tables.contains(table))
        }
        let mode = try ledger.queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let synchronous = try ledger.queue.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
        #expect(synchronous == 1)  // NORMAL
        #expect(try Ledger.open(path: path).path == path)
    }

    /// A million-invoice ledger is scanned for aging, segments, the worklist and the dunning
    /// run: each scan must read the partial covering index alone, never the table.
    @Test func collectionScansReadOnlyTheCoveringIndex() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger.create(path: folder.file("plan.sqlite"))
        let arguments: StatementArguments = ["2026-11-30", Int64.min, Int64.max]
        for (sql, index) in [
            (LedgerReader.openInvoicesSQL, "invoice_open"), (LedgerReader.settledAfterSQL, "invoice_settled"),
        ] {
            let plan = try ledger.queue.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map {
                    $0["detail"] as String
                }
            }
            #expect(
                plan == ["SEARCH invoice USING COVERING INDEX \(index) (customer_id>? AND customer_id<?)"], "\(sql)")
        }
    }

    /// v6 rebuilds the two tables whose enumerated CHECK was an `IN` list: the rows, ids and
    /// the row-id sequence survive, the check still refuses an unknown value, and inserting no
    /// longer builds an ephemeral table each time.
    @Test func checkChainsMigrationKeepsRowsAndRefusesUnknownValues() throws {
        let folder = try TemporaryFolder()
        let queue = try DatabaseQueue(path: folder.file("v5.sqlite"))
        try Schema.migrator.migrate(queue, upTo: "v5-open-numbers")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO customer (id, code, name) VALUES (7, 'C-7', 'Dupont');
                    INSERT INTO invoice (id, number, customer_id, issue_date, due_date, currency, amount_cents, open_cents)
                        VALUES (3, 'INV-3', 7, '2026-10-01', '2026-10-31', 'EUR', 10000, 4000);
                    INSERT INTO payment (id, source_key, customer_id, received_on, currency, amount_cents, unapplied_cents)
                        VALUES (5, 'csv:B-1', 7, '2026-11-02', 'EUR', 6000, 0);
                    INSERT INTO payment_application (id, payment_id, invoice_id, amount_cents, applied_on, rule)
                        VALUES (11, 5, 3, 6000, '2026-11-02', 'remittance');
                    INSERT INTO dunning_notice (id, customer_id, step, position, channel, day)
                        VALUES (40, 7, 'reminder', 1, 'email', '2026-11-10');
                    INSERT INTO dunning_item (notice_id, invoice_id, currency, amount_cents, days_past_due)
                        VALUES (40, 3, 'EUR', 4000, 10);
                    UPDATE sqlite_sequence SET seq = 90 WHERE name = 'dunning_notice';
                    """)
        }
        // What the migration is for: before it, each insert built an ephemeral table.
        try queue.read { db in
            for sql in LedgerTests.enumeratedInserts {
                let program = try LedgerTests.program(db, sql)
                #expect(program.contains("OpenEphemeral"), "\(sql)")
            }
        }
        try Schema.migrator.migrate(queue)
        try queue.write { db in
            #expect(try String.fetchOne(db, sql: "SELECT rule FROM payment_application WHERE id = 11") == "remittance")
            #expect(try String.fetchOne(db, sql: "SELECT step FROM dunning_notice WHERE id = 40") == "reminder")
            #expect(
                try Int.fetchOne(db, sql: "SELECT count(*) FROM dunning_item JOIN dunning_notice ON id = notice_id")
                    == 1)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            let indexes = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE tbl_name IN ('payment_application', 'dunning_notice')
                    AND type IN ('index', 'trigger') ORDER BY name
                    """)
            #expect(
                indexes == [
                    "dunning_notice_by_day", "payment_application_by_day", "payment_application_by_invoice",
                    "payment_application_by_payment", "payment_application_never_deleted",
                    "sqlite_autoindex_dunning_notice_1",
                ])
            #expect(throws: DatabaseError.self) {
                try db.execute(
                    sql: """
                        INSERT INTO payment_application (payment_id, invoice_id, amount_cents, applied_on, rule)
                        VALUES (5, 3, 100, '2026-11-03', 'guess')
                        """)
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(
                    sql: """
                        INSERT INTO dunning_notice (customer_id, step, position, channel, day)
                        VALUES (7, 'second-notice', 2, 'fax', '2026-11-20')
                        """)
            }
            try db.execute(
                sql: """
                    INSERT INTO dunning_notice (customer_id, step, position, channel, day)
                    VALUES (7, 'second-notice', 2, 'letter', '2026-11-20')
                    """)
            #expect(db.lastInsertedRowID == 91)
            for sql in LedgerTests.enumeratedInserts {
                let program = try LedgerTests.program(db, sql)
                #expect(program.contains("Insert") && !program.contains("OpenEphemeral"), "\(sql)")
            }
        }
    }

    /// v7 gives every hold the customer it holds: backfilled from the invoice of an invoice
    /// hold and from the hold itself for a whole-customer hold; holds placed after it set it.
    @Test func heldCustomerMigrationBackfillsEveryHold() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("v6.sqlite")
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v6-check-chains")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO customer (id, code, name) VALUES (7, 'C-7', 'Dupont'), (8, 'C-8', 'Acme');
                    INSERT INTO invoice (id, number, customer_id, issue_date, due_date, currency, amount_cents, open_cents)
                        VALUES (3, 'INV-3', 7, '2026-10-01', '2026-10-31', 'EUR', 10000, 4000);
                    INSERT INTO hold (id, invoice_id, reason, placed_on) VALUES (1, 3, 'dispute', '2026-11-01');
                    INSERT INTO hold (id, customer_id, reason, placed_on) VALUES (2, 8, 'litigation', '2026-11-02');
                    """)
        }
        try queue.close()
        let ledger = try Ledger.open(path: path)
        let held = try ledger.queue.read {
            try Row.fetchAll($0, sql: "SELECT id, held_customer_id FROM hold ORDER BY id").map {
                [$0["id"] as Int64, $0["held_customer_id"] as Int64]
            }
        }
        #expect(held == [[1, 7], [2, 8]])
        try ledger.write(stamp) { tx in
            let id = try tx.placeHold(on: .invoice("INV-3", amount: nil), dispute: nil, reason: "call", until: nil)
            try tx.journal("hold.place", subject: "hold:\(id)")
        }
        let summary = try #require(try ledger.read { try $0.customerSummary("C-7", on: stamp.day) })
        #expect(summary.activeHolds == 2)
        let listed = try ledger.read { try $0.holds(HoldFilter(customer: "C-7"), on: stamp.day) }
        #expect(listed.total == 2)
        #expect(listed.rows.map(\.customer) == ["C-7", "C-7"])
        let whole = try ledger.read { try $0.holds(HoldFilter(customer: "C-8"), on: stamp.day) }
        #expect(whole.rows.map(\.hold.id.rawValue) == [2])
    }

    static let enumeratedInserts = [
        "INSERT INTO payment_application (payment_id, invoice_id, amount_cents, applied_on, rule) VALUES (?, ?, ?, ?, ?)",
        "INSERT INTO dunning_notice (customer_id, step, position, channel, day) VALUES (?, ?, ?, ?, ?)",
    ]

    /// The opcodes SQLite compiles a statement to.
    static func program(_ db: Database, _ sql: String) throws -> [String] {
        try Row.fetchAll(db, sql: "EXPLAIN " + sql, arguments: [5, 3, 100, "2026-11-03", "manual"]).map {
            $0["opcode"] as String
        }
    }

    @Test func refusesToInitializeTwice() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("ledger.sqlite")
        _ = try Ledger.create(path: path)
        #expect(throws: StoreError.alreadyInitialized(path: path)) { try Ledger.create(path: path) }
    }

    @Test func saysWhenThereIsNoLedger() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("missing.sqlite")
        #expect(throws: StoreError.noLedger(path: path)) { try Ledger.open(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func refusesAFileThatIsNotSQLite() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("notes.txt")
        try "these are not the tables you are looking for\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.notALedger(path: path, reason: "not an SQLite database")) {
            try Ledger.open(path: path)
        }
        #expect(StoreError.notALedger(path: path, reason: "").isStorageProblem)
    }

    @Test func refusesAnotherApplicationsDatabase() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("other.sqlite")
        try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE notes (text TEXT)") }
        #expect(throws: StoreError.notALedger(path: path, reason: "it holds other tables")) {
            try Ledger.open(path: path)
        }
    }

    @Test func refusesALedgerFromANewerDun() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("newer.sqlite")
        _ = try Ledger.create(path: path)
        try DatabaseQueue(path: path).write {
            try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        #expect(throws: StoreError.newerSchema(path: path, unknown: ["v99-from-the-future"])) {
            try Ledger.open(path: path)
        }
    }

    /// The details are written as JSON by hand: whatever they hold comes back the same, keys
    /// in order, and an entry is filed once under each distinct ref.
    @Test func journalDetailsAndRefsComeBackAsWritten() throws {
        let ledger = try Ledger.inMemory()
        let details = [
            "reference": "BNK \"7\" \\ x", "note": "line\nnext\ttab\r\u{01}\u{1F}", "payer": "Société Générale — 東京",
            "empty": "",
        ]
        #expect(
            JournalEntry.json(["b": "x\"y", "a": "line\nnext\u{01}é"])
                == #"{"a":"line\nnext\u0001é","b":"x\"y"}"#)
        let refs = (1...11).map { "invoice:INV-\($0 % 6)" } + ["customer:C-1", "thing", "customer:C-1"]
        try ledger.write(stamp) { tx in
            try tx.journal("test.entry", subject: "thing", refs: refs, details: details)
            try tx.journal("test.other", subject: "other", refs: ["customer:C-1", "other", "customer:C-1"])
        }
        let entries = try ledger.read { try $0.history(of: "thing", through: .latest) }
        #expect(entries.map(\.details) == [details])
        for ref in Set(refs) {
            #expect(
                try ledger.read { try $0.history(of: ref, through: .latest) }.map(\.action).first == "test.entry",
                "\(ref)")
        }
        #expect(
            try ledger.read { try $0.history(of: "customer:C-1", through: .latest) }.map(\.action) == [
                "test.entry", "test.other",
            ])
        let filed = try ledger.queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM journal_ref") }
        #expect(filed == (1 + 6 + 1) + (1 + 1))
    }

    @Test func theJournalIsAppendOnly() throws {
        let ledger = try Ledger.inMemory()
        try ledger.write(stamp) { try $0.journal("test.entry", subject: "thing") }
        #expect(throws: DatabaseError.self) {
            try ledger.queue.write { try $0.execute(sql: "UPDATE journal SET actor = 'x'") }
        }
        #expect(throws: DatabaseError.self) { try ledger.queue.write { try $0.execute(sql: "DELETE FROM journal") } }
        #expect(try ledger.read { try $0.journalCount() } == 1)
    }

    @Test func aChangeWithoutAJournalEntryIsRolledBack() throws {
        let ledger = try Ledger.inMemory()
        #expect(throws: StoreError.storage(path: ":memory:", message: "a change was not journaled")) {
            try ledger.write(stamp) { tx in
                try tx.addCustomer(Customer(code: "C-1", name: "Dupont"))
            }
        }
        #expect(try ledger.read { try $0.customer("C-1") } == nil)
    }

    @Test func invoiceAmountsAreNeverEdited() throws {
        let ledger = try seeded()
        #expect(throws: DatabaseError.self) {
            try ledger.queue.write { try $0.execute(sql: "UPDATE invoice SET amount_cents = 1 WHERE number = 'INV-1'") }
        }
        #expect(throws: DatabaseError.self) {
            try ledger.queue.write { try $0.execute(sql: "DELETE FROM invoice WHERE number = 'INV-1'") }
        }
    }
}

/// A ledger with one customer and one invoice of 1200.00 EUR.
func seeded() throws -> Ledger {
    let ledger = try Ledger.inMemory()
    try ledger.sqliteWrite(stamp) { tx in
        try tx.addCustomer(Customer(code: "C-1", name: "Dupont"))
        let loader = try InvoiceLoader(tx, expectedRows: 1)
        try loader.add(
            InvoiceRow(
                number: "INV-1", customer: "C-1", issueDate: Day(iso: "2026-10-01")!, dueDate: Day(iso: "2026-10-31")!,
                amount: Money(minorUnits: 120_000, currency: .EUR)), line: 2)
        _ = try loader.finish()
        try tx.journal("test.seed", subject: "seed")
    }
    return ledger
}

@Suite struct LoaderTests {
    func row(_ number: String, _ cents: Int64, customer: String = "C-1", sku: String? = nil) -> InvoiceRow {
        InvoiceRow(
            number: InvoiceNumber(number), customer: CustomerCode(customer), issueDate: Day(iso: "2026-10-01")!,
            dueDate: Day(iso: "2026-10-31")!, amount: Money(minorUnits: cents, currency: .EUR),
            line: sku.map { InvoiceLine(sku: $0) })
    }

    @Test func skipsIdenticalRowsAndRefusesConflictingOnes() throws {
        let ledger = try seeded()
        let counts = try ledger.sqliteWrite(stamp) { tx in
            let loader = try InvoiceLoader(tx, expectedRows: 2)
            try loader.add(row("INV-1", 120_000), line: 2)
            try loader.add(row("INV-2", 5_000), line: 3)
            try tx.journal("test", subject: "t")
            return try loader.finish()
        }
        #expect(counts.inserted == 1)
        #expect(counts.skipped == 1)
        #expect(
            throws: LoadRefusal(
                line: 7, field: "amount",
                message: "invoice INV-1 already exists with amount 1200.00 EUR (file says 1300.00 EUR)")
        ) {
            try ledger.sqliteWrite(stamp) { tx in
                let loader = try InvoiceLoader(tx, expectedRows: 1)
                try loader.add(row("INV-1", 130_000), line: 7)
                _ = try loader.finish()
            }
        }
    }

    @Test func readsSeveralRowsOfOneInvoiceAsItsLines() throws {
        let ledger = try seeded()
        try ledger.sqliteWrite(stamp) { tx in
            let loader = try InvoiceLoader(tx, expectedRows: 3)
            try loader.add(row("INV-9", 3_000, sku: "A"), line: 2)
            try loader.add(row("INV-9", 3_000, sku: "B"), line: 3)
            try loader.add(row("INV-10", 1_000), line: 4)
            _ = try loader.finish()
            try tx.journal("test", subject: "t")
        }
        #expect(try ledger.read { try $0.invoice("INV-9", on: .latest) }?.lines.map(\.sku) == ["A", "B"])
        #expect(
            throws: LoadRefusal(
                line: 5, field: "number",
                message:
                    "invoice INV-40 appears again after other invoices (first on line 2); the rows of one invoice must follow each other"
            )
        ) {
            try ledger.sqliteWrite(stamp) { tx in
                let loader = try InvoiceLoader(tx, expectedRows: 3)
                try loader.add(row("INV-40", 3_000, sku: "A"), line: 2)
                try loader.add(row("INV-41", 1_000), line: 4)
                try loader.add(row("INV-40", 3_000, sku: "C"), line: 5)
                _ = try loader.finish()
            }
        }
    }

    /// Batches of new invoices go in with one statement; a batch that meets a number already
    /// in the ledger is taken row by row, and the right line is named.
    @Test func findsTheConflictingRowInsideABatch() throws {
        let ledger = try seeded()
        let rows = (0..<(InvoiceLoader.batchSize * 3)).map { row("B-\($0)", 100) }
        let counts = try ledger.sqliteWrite(stamp) { tx in
            let loader = try InvoiceLoader(tx, expectedRows: rows.count)
            for (index, row) in rows.enumerated() { try loader.add(row, line: index + 2) }
            try tx.journal("test", subject: "t")
            return try loader.finish()
        }
        #expect(counts.inserted == rows.count)
        #expect(try ledger.read { try $0.counts()["invoice"] } == rows.count + 1)
        // Again, with one row changed in the middle of the second batch.
        var changed = rows
        changed[InvoiceLoader.batchSize + 10] = row("B-\(InvoiceLoader.batchSize + 10)", 999)
        #expect(
            throws: LoadRefusal(
                line: InvoiceLoader.batchSize + 12, field: "amount",
                message:
                    "invoice B-\(InvoiceLoader.batchSize + 10) already exists with amount 1.00 EUR (file says 9.99 EUR)"
            )
        ) {
            try ledger.sqliteWrite(stamp) { tx in
                let loader = try InvoiceLoader(tx, expectedRows: rows.count)
                for (index, row) in changed.enumerated() { try loader.add(row, line: index + 2) }
                _ = try loader.finish()
            }
        }
        let again = try ledger.sqliteWrite(stamp) { tx in
            let loader = try InvoiceLoader(tx, expectedRows: rows.count)
            for (index, row) in rows.enumerated() { try loader.add(row, line: index + 2) }
            try tx.journal("test", subject: "t")
            return try loader.finish()
        }
        #expect((again.inserted, again.skipped) == (0, rows.count))
    }

    @Test func refusesAnUnknownCustomer() throws {
        let ledger = try seeded()
        #expect(throws: LoadRefusal(line: 4, field: "customer", message: "customer C-404 does not exist")) {
            try ledger.sqliteWrite(stamp) { tx in
                try InvoiceLoader(tx, expectedRows: 1).add(row("INV-5", 100, customer: "C-404"), line: 4)
            }
        }
    }

    @Test func rebuildsTheIndexesItDropsForALargeLoad() throws {
        let ledger = try seeded()
        let before = try ledger.queue.read {
            try String.fetchAll(
                $0, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'invoice' ORDER BY name")
        }
        try ledger.sqliteBulkWrite(stamp, checking: ["invoice"]) { tx in
            let loader = try InvoiceLoader(tx, expectedRows: 60_000)
            #expect(!loader.droppedIndexes.isEmpty)
            for index in 0..<1000 { try loader.add(row("BULK-\(index)", 100), line: index + 2) }
            _ = try loader.finish()
            try tx.journal("test", subject: "t")
        }
        let after = try ledger.queue.read {
            try String.fetchAll(
                $0, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'invoice' ORDER BY name")
        }
        #expect(after == before)
    }
}

@Suite struct HeldSetTests {
    @Test func partsAddUpAWholeHoldWinsAndACustomerHoldCoversEverything() {
        var held = HeldSet()
        held.hold(invoice: 7, amount: 300)
        held.hold(invoice: 7, amount: 200)
        held.hold(invoice: 64, amount: nil)
        held.hold(invoice: 64, amount: 100)
        held.hold(invoice: 1_000_003, amount: 50)
        held.hold(customer: 9)
        #expect(held.held(invoice: 7, customer: 1, open: 1_000) == 500)
        #expect(held.held(invoice: 7, customer: 1, open: 400) == 400)  // never more than is open
        #expect(held.held(invoice: 64, customer: 1, open: 900) == 900)
        #expect(held.held(invoice: 1_000_003, customer: 1, open: 80) == 50)
        for free in [0, 6, 8, 63, 65, 1_000_002, 5_000_000] as [Int64] {
            #expect(held.held(invoice: free, customer: 1, open: 100) == 0)
        }
        #expect(held.held(invoice: 6, customer: 9, open: 100) == 100)
    }
}

@Suite struct PromisedSetTests {
    @Test func theLaterOfAnInvoiceAndACustomerPromiseWinsAndOthersAreFree() {
        let day = Day(iso: "2026-11-20")!
        var promised = PromisedSet()
        promised.promise(invoice: 5, until: day)
        promised.promise(invoice: 5, until: day - 3)  // an earlier promise does not shorten the pause
        promised.promise(invoice: 130, until: day + 10)
        promised.promise(customer: 2, until: day + 4)
        #expect(promised.pausedUntil(invoice: 5, customer: 1) == day)
        #expect(promised.pausedUntil(invoice: 130, customer: 2) == day + 10)
        #expect(promised.pausedUntil(invoice: 5, customer: 2) == day + 4)
        #expect(promised.pausedUntil(invoice: 77, customer: 2) == day + 4)
        for free in [0, 4, 6, 64, 129, 131, 9_999] as [Int64] {
            #expect(promised.pausedUntil(invoice: free, customer: 1) == nil)
        }
        #expect(promised.pausedUntil(invoice: 5, customer: 3) == day)
    }
}

@Suite struct ParallelScanTests {
    /// A ledger file with 40 customers of 30 invoices each, some settled, some in USD.
    func ledger(in folder: TemporaryFolder) throws -> Ledger {
        let ledger = try Ledger.create(path: folder.file("scan.sqlite"))
        try ledger.queue.write { db in
            for customer in 1...40 {
                try db.execute(
                    sql: "INSERT INTO customer (code, name) VALUES (?, ?)",
                    arguments: ["C-\(customer)", "Customer \(customer)"])
                for invoice in 1...30 {
                    let amount = Int64(customer * 1_000 + invoice)
                    try db.execute(
                        sql: """
                            INSERT INTO invoice (number, customer_id, issue_date, due_date, currency, amount_cents, open_cents)
                            VALUES (?, ?, '2026-09-01', ?, ?, ?, ?)
                            """,
                        arguments: [
                            "INV-\(customer)-\(invoice)", customer, "2026-10-\(10 + invoice % 20)",
                            invoice % 7 == 0 ? "USD" : "EUR", amount, invoice % 5 == 0 ? 0 : amount,
                        ])
                }
            }
        }
        return ledger
    }

    func rows(_ rows: [OpenRow]) -> [String] {
        rows.map { "\($0.invoiceID) \($0.customerID) \($0.dueDate.iso) \($0.open)" }
    }

    @Test func partsReadTheSameRowsInTheSameOrderAsOneScan() throws {
        let folder = try TemporaryFolder()
        let ledger = try ledger(in: folder)
        let (serial, parts) = try ledger.read { reader in
            var serial: [OpenRow] = []
            try reader.scanOpenInvoices(on: .latest) { serial.append($0) }
            let parts = try reader.scanOpenInvoices(on: .latest, parts: 3, minimumInvoices: 0, make: { [OpenRow]() }) {
                $0.append($1)
            }
            return (serial, parts)
        }
        #expect(serial.count == 40 * 24)
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { !$0.isEmpty })
        #expect(rows(parts.flatMap { $0 }) == rows(serial))
        // Below the minimum number of invoices, one part.
        let small = try ledger.read { reader in
            try reader.scanOpenInvoices(on: .latest, parts: 3, make: { 0 }) { count, _ in count += 1 }
        }
        #expect(small == [40 * 24])
    }

    /// When another process commits between this read's snapshot and the other connections',
    /// they would see a different ledger: the scan runs on this connection alone.
    @Test func aCommitInBetweenMakesItScanAlone() throws {
        let folder = try TemporaryFolder()
        let ledger = try ledger(in: folder)
        let other = try DatabaseQueue(path: folder.file("scan.sqlite"))
        let parts = try ledger.read { reader in
            // Pins this read's snapshot, then another connection settles an invoice and journals it.
            #expect(try reader.journalCount() >= 0)
            try other.write { db in
                try db.execute(sql: "UPDATE invoice SET open_cents = 0 WHERE number = 'INV-1-1'")
                try db.execute(
                    sql: """
                        INSERT INTO journal (recorded_at, business_day, actor, action, subject)
                        VALUES ('2026-11-29T10:00:00Z', '2026-11-29', 'other', 'payment.post', 'payment:P-1')
                        """)
            }
            return try reader.scanOpenInvoices(on: .latest, parts: 3, minimumInvoices: 0, make: { [OpenRow]() }) {
                $0.append($1)
            }
        }
        #expect(parts.count == 1)
        // What this read saw: the invoice still open.
        #expect(parts[0].count == 40 * 24)
    }
}

@Suite struct MoneyTotalsMigrationTests {
    /// v9 fills the money totals from what an older ledger holds; later facts add to them.
    @Test func totalsStartFromWhatTheLedgerHolds() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("v8.sqlite")
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v8-dated-facts")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO customer (id, code, name) VALUES (7, 'C-7', 'Dupont');
                    INSERT INTO invoice (id, number, customer_id, issue_date, due_date, currency, amount_cents, open_cents)
                        VALUES (3, 'INV-3', 7, '2026-10-01', '2026-10-31', 'EUR', 10000, 10000),
                               (4, 'INV-4', 7, '2026-10-02', '2026-11-01', 'EUR', 2500, 2500),
                               (5, 'INV-5', 7, '2026-10-02', '2026-11-01', 'GBP', 700, 700);
                    INSERT INTO payment (source_key, customer_id, received_on, currency, amount_cents, unapplied_cents)
                        VALUES ('k1', 7, '2026-10-20', 'EUR', 1200, 1200);
                    """)
        }
        try queue.close()
        let ledger = try Ledger.open(path: path)
        let totals = try ledger.queue.read {
            try Row.fetchAll($0, sql: "SELECT kind, currency, cents FROM money_total ORDER BY kind, currency").map {
                "\($0["kind"] as String) \($0["currency"] as String) \($0["cents"] as Int64)"
            }
        }
        #expect(totals == ["invoiced EUR 12500", "invoiced GBP 700", "received EUR 1200"])
        let ceiling = Money(minorUnits: MoneyTotals.ceiling - 12500 + 1, currency: .EUR)
        #expect(throws: MoneyCeilingExceeded.self) {
            try ledger.sqliteWrite(stamp) { tx in
                try tx.count(ceiling, into: .invoiced)
                try tx.journal("test.count", subject: "invoice:INV-6")
            }
        }
        try ledger.sqliteWrite(stamp) { tx in
            try tx.count(Money(minorUnits: 300, currency: .EUR), into: .received)
            try tx.journal("test.count", subject: "payment:PAY-2")
        }
        let received = try ledger.queue.read {
            try Int64.fetchOne($0, sql: "SELECT cents FROM money_total WHERE kind = 'received' AND currency = 'EUR'")
        }
        #expect(received == 1500)
    }
}

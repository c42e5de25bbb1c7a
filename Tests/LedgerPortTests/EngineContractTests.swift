import Complaints
import Foundation
import LedgerPort
import Receivables
import Testing

/// What every engine must do the same way, run on each: the journal, whole-or-nothing
/// transactions, identifiers, loads and their refusals.
@Suite(.serialized) struct EngineContractTests {
    /// The built-in categories' owners and one category, enough to log disputes.
    static let taxonomy = Taxonomy(
        categories: [
            Category(
                code: "wrong-item", labels: Labels(en: "Wrong item", fr: "Mauvais article"), description: "x",
                owner: "logistics", hold: .invoice, slaDays: 10, escalateAfterDays: 20, subcategories: [])
        ],
        owners: [Owner(key: "logistics", name: "Logistics", email: "logistics@example.com")], management: [],
        routing: RoutingRules(salesRepAbove: [:]))

    /// Two customers, two invoices (1200.00 and 300.00 EUR), the taxonomy.
    static func seeded(_ engine: TestEngine) throws -> TestLedger {
        let test = try TestLedger(engine)
        try test.ledger.write(stamp("2026-11-01")) { tx in
            _ = try tx.storeTaxonomy(taxonomy)
            try tx.setSetting("base_currency", "EUR")
            try tx.addCustomer(Customer(code: "C-1", name: "Dupont"))
            try tx.addCustomer(Customer(code: "C-2", name: "Harbour"))
            let loader = try tx.invoiceLoader(expectedRows: 2)
            for (line, (number, customer, cents)) in [("INV-1", "C-1", 120_000), ("INV-2", "C-2", 30_000)].enumerated()
            {
                try loader.add(invoice(number, customer, Int64(cents)), line: line + 2)
            }
            _ = try loader.finish()
            try tx.journal("test.seed", subject: "ledger")
        }
        return test
    }

    static func invoice(_ number: String, _ customer: String, _ cents: Int64) -> InvoiceRow {
        InvoiceRow(
            number: InvoiceNumber(number), customer: CustomerCode(customer), issueDate: Day(iso: "2026-10-01")!,
            dueDate: Day(iso: "2026-10-31")!, amount: Money(minorUnits: cents, currency: .EUR))
    }

    static func dispute(_ invoice: String, _ customer: String, cents: Int64) -> NewDispute {
        NewDispute(
            customer: CustomerCode(customer),
            invoices: [
                DisputedInvoice(number: InvoiceNumber(invoice), amount: Money(minorUnits: cents, currency: .EUR))
            ],
            category: "wrong-item", subcategory: nil, subjects: [],
            routing: RoutingDecision(owner: "logistics", watchers: []), channel: .phone,
            reportedOn: Day(iso: "2026-11-20")!, note: nil)
    }

    @Test(arguments: TestEngine.available) func journalDetailsAndRefsComeBackAsWritten(engine: TestEngine) throws {
        let test = try TestLedger(engine)
        let details = [
            "reference": "BNK \"7\" \\ x", "note": "line\nnext\ttab\r\u{01}\u{1F}", "payer": "Société Générale — 東京",
            "empty": "",
        ]
        let refs = (1...11).map { "invoice:INV-\($0 % 6)" } + ["customer:C-1", "thing", "customer:C-1"]
        try test.ledger.write(stamp) { tx in
            try tx.journal("test.entry", subject: "thing", refs: refs, details: details)
            try tx.journal("test.other", subject: "other", refs: ["customer:C-1", "other", "customer:C-1"])
        }
        let entries = try test.ledger.read { try $0.history(of: "thing", through: .latest) }
        #expect(entries.map(\.details) == [details])
        #expect(entries.map(\.actor) == ["test"])
        #expect(entries.map(\.recordedAt) == ["2026-11-24T09:00:00Z"])
        for ref in Set(refs) {
            #expect(
                try test.ledger.read { try $0.history(of: ref, through: .latest) }.map(\.action).first == "test.entry",
                "\(ref)")
        }
        #expect(
            try test.ledger.read { try $0.history(of: "customer:C-1", through: .latest) }.map(\.action) == [
                "test.entry", "test.other",
            ])
        #expect(try test.ledger.read { try $0.history(of: "thing", through: Day(iso: "2026-11-23")!) }.isEmpty)
        #expect(try test.ledger.read { try $0.journalCount() } == 2)
    }

    @Test(arguments: TestEngine.available) func aChangeWithoutAJournalEntryIsRolledBack(engine: TestEngine) throws {
        let test = try TestLedger(engine)
        #expect(throws: StoreError.storage(path: test.ledger.location, message: "a change was not journaled")) {
            try test.ledger.write(stamp) { tx in try tx.addCustomer(Customer(code: "C-1", name: "Dupont")) }
        }
        #expect(try test.ledger.read { try $0.customer("C-1") } == nil)
    }

    @Test(arguments: TestEngine.available) func aDryRunLeavesNothingBehind(engine: TestEngine) throws {
        let test = try TestLedger(engine)
        let said = try test.ledger.write(stamp) { tx -> String? in
            try tx.addCustomer(Customer(code: "C-1", name: "Dupont"))
            try tx.journal("customer.add", subject: "customer:C-1")
            tx.rollBackAtEnd()
            return try tx.reader.customer("C-1")?.name
        }
        #expect(said == "Dupont")
        #expect(try test.ledger.read { try $0.customer("C-1") } == nil)
        #expect(try test.ledger.read { try $0.journalCount() } == 0)
    }

    /// A command that fails after taking an identifier gives it back: the next one takes it.
    @Test(arguments: TestEngine.available) func aRolledBackCommandSkipsNoIdentifier(engine: TestEngine) throws {
        struct Refused: Error {}
        let test = try Self.seeded(engine)
        #expect(throws: Refused.self) {
            try test.ledger.write(stamp) { tx in
                let id = try tx.insertDispute(Self.dispute("INV-1", "C-1", cents: 10_000))
                #expect(id.description == "D-1")
                try tx.journal("dispute.log", subject: JournalRef.dispute(id))
                throw Refused()
            }
        }
        let ids = try (1...3).map { _ in
            try test.ledger.write(stamp) { tx in
                let id = try tx.insertDispute(Self.dispute("INV-1", "C-1", cents: 10_000))
                try tx.journal("dispute.log", subject: JournalRef.dispute(id))
                return id.description
            }
        }
        #expect(ids == ["D-1", "D-2", "D-3"])
        let holds = try (1...2).map { _ in
            try test.ledger.write(stamp) { tx in
                let id = try tx.placeHold(on: .invoice("INV-2", amount: nil), dispute: nil, reason: "test", until: nil)
                try tx.journal("hold.place", subject: JournalRef.hold(id))
                return id.description
            }
        }
        #expect(holds == ["H-1", "H-2"])
    }

    @Test(arguments: TestEngine.available) func loadsSkipIdenticalRowsAndRefuseConflictingOnes(
        engine: TestEngine
    ) throws {
        let test = try Self.seeded(engine)
        let counts = try test.ledger.bulkWrite(stamp, loading: .invoices) { tx in
            let loader = try tx.invoiceLoader(expectedRows: 2)
            try loader.add(Self.invoice("INV-1", "C-1", 120_000), line: 2)
            try loader.add(Self.invoice("INV-3", "C-2", 5_000), line: 3)
            let counts = try loader.finish()
            try tx.journal("test", subject: "t")
            return counts
        }
        #expect(counts.inserted == 1)
        #expect(counts.skipped == 1)
        #expect(
            throws: LoadRefusal(
                line: 7, field: "amount",
                message: "invoice INV-1 already exists with amount 1200.00 EUR (file says 1300.00 EUR)")
        ) {
            try test.ledger.bulkWrite(stamp, loading: .invoices) { tx in
                let loader = try tx.invoiceLoader(expectedRows: 1)
                try loader.add(Self.invoice("INV-1", "C-1", 130_000), line: 7)
                _ = try loader.finish()
            }
        }
        #expect(
            throws: LoadRefusal(line: 4, field: "customer", message: "customer C-9 does not exist")
        ) {
            try test.ledger.bulkWrite(stamp, loading: .invoices) { tx in
                let loader = try tx.invoiceLoader(expectedRows: 1)
                try loader.add(Self.invoice("INV-4", "C-9", 100), line: 4)
                _ = try loader.finish()
            }
        }
        let customers = try test.ledger.bulkWrite(stamp, loading: .customers) { tx in
            let loader = try tx.customerLoader(update: false)
            try loader.add(Customer(code: "C-1", name: "Dupont"), line: 2)
            try loader.add(Customer(code: "C-3", name: "Gamma"), line: 3)
            try tx.journal("test", subject: "t")
            return loader.counts
        }
        #expect(customers.inserted == 1 && customers.skipped == 1)
        #expect(try test.ledger.read { try $0.invoices(InvoiceFilter(), on: .latest).total } == 3)
    }

    /// Cash applied, credited and written off reduces what is open from its day on; the days
    /// before still show it open.
    @Test(arguments: TestEngine.available) func reductionsCountFromTheirDay(engine: TestEngine) throws {
        let test = try Self.seeded(engine)
        try test.ledger.write(stamp("2026-11-10")) { tx in
            let payment = try tx.insertPayment(
                NewPayment(
                    sourceKey: "test-1", customerID: try tx.reader.customerID("C-1"),
                    receivedOn: Day(iso: "2026-11-10")!,
                    amount: Money(minorUnits: 50_000, currency: .EUR), reference: "INV-1"),
                unapplied: Money(minorUnits: 50_000, currency: .EUR))
            try tx.apply(payment, to: "INV-1", amount: Money(minorUnits: 50_000, currency: .EUR), rule: .manual)
            _ = try tx.writeOff("INV-2", amount: Money(minorUnits: 30_000, currency: .EUR), dispute: nil, reason: "x")
            try tx.journal("test.cash", subject: "payment:\(payment)")
        }
        func open(_ number: InvoiceNumber, _ day: String) throws -> Int64? {
            try test.ledger.read { try $0.invoice(number, on: Day(iso: day)!) }?.openAmount.minorUnits
        }
        #expect(try open("INV-1", "2026-11-09") == 120_000)
        #expect(try open("INV-1", "2026-11-10") == 70_000)
        #expect(try open("INV-2", "2026-11-09") == 30_000)
        #expect(try open("INV-2", "2026-11-30") == 0)
        let receivables = try test.ledger.read { try $0.openReceivables(on: Day(iso: "2026-11-30")!) }
        #expect(receivables[.EUR]?.total == 70_000)
    }
}

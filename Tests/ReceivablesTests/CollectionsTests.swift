import Testing

@testable import Receivables

let asOf = Day(iso: "2026-11-29")!

func eur(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: .EUR) }

@Suite struct CashApplicationTests {
    func item(_ number: String, _ cents: Int64, customer: String = "C-1") -> OpenItem {
        OpenItem(number: InvoiceNumber(number), customer: CustomerCode(customer), open: eur(cents), dueDate: asOf - 10)
    }

    @Test func findsInvoiceNumbersAnywhereInARemittance() {
        #expect(CashApplication.candidateNumbers(in: "Payment INV-2026-0001") == ["INV-2026-0001"])
        #expect(
            CashApplication.candidateNumbers(in: "Factures inv-2026-0002, INV-2026-0003.")
                == ["inv-2026-0002", "INV-2026-0002", "INV-2026-0003"])
        #expect(CashApplication.candidateNumbers(in: "F2026/118 ok").contains("F2026/118"))
        #expect(CashApplication.candidateNumbers(in: "VIR SEPA Boulangerie").isEmpty)
        #expect(CashApplication.candidateNumbers(in: "Réf. «INV-7»–2026, n°F/118/") == ["INV-7", "2026", "F/118"])
        #expect(CashApplication.candidateNumbers(in: "fact inv-12 INV-12 ..--") == ["inv-12", "INV-12"])
    }

    @Test func paysNamedInvoicesInTheOrderNamed() {
        let decision = CashApplication.decide(
            amount: eur(150_000), named: [(item("A", 100_000), .remittance), (item("B", 80_000), .remittance)],
            customer: nil, customerOpenItems: [])
        #expect(decision.applications.map(\.amount.minorUnits) == [100_000, 50_000])
        #expect(decision.shortPaid.map(\.invoice) == ["B"])
        #expect(decision.shortPaid.map(\.residual.minorUnits) == [30_000])
        #expect(decision.unapplied.isZero)
        #expect(decision.customer == "C-1")
    }

    @Test func leavesAnOverpaymentUnapplied() {
        let decision = CashApplication.decide(
            amount: eur(120_000), named: [(item("A", 100_000), .invoiceColumn)], customer: "C-1", customerOpenItems: [])
        #expect(decision.applications.map(\.rule) == [.invoiceColumn])
        #expect(decision.unapplied.minorUnits == 20_000)
        #expect(decision.shortPaid.isEmpty)
    }

    @Test func matchesTheSingleInvoiceWithExactlyThatBalance() {
        let items = [item("A", 61_520), item("B", 30_000)]
        let decision = CashApplication.decide(amount: eur(61_520), named: [], customer: "C-1", customerOpenItems: items)
        #expect(decision.applications == [Application(invoice: "A", amount: eur(61_520), rule: .exactBalance)])
        // Two invoices with that balance: nobody can tell which; it stays unapplied.
        let twice = CashApplication.decide(
            amount: eur(30_000), named: [], customer: "C-1", customerOpenItems: [item("A", 30_000), item("B", 30_000)])
        #expect(twice.applications.isEmpty)
        #expect(twice.unapplied == eur(30_000))
        // An unknown payer: unapplied.
        let unknown = CashApplication.decide(amount: eur(61_520), named: [], customer: nil, customerOpenItems: items)
        #expect(unknown.applications.isEmpty)
        #expect(unknown.customer == nil)
    }
}

@Suite struct AgingTests {
    @Test(arguments: [
        (0, AgingBucket.current), (-5, .current), (1, .days1to30), (30, .days1to30), (31, .days31to60),
        (60, .days31to60), (61, .days61to90), (90, .days61to90), (91, .days91plus), (400, .days91plus),
    ])
    func bucketsByDaysPastDue(days: Int, bucket: AgingBucket) {
        #expect(AgingBucket(daysPastDue: days) == bucket)
    }

    @Test func overdueLeavesOutCurrentAndDisputed() {
        var line = AgingLine(customer: "C-1", currency: .EUR)
        line.add(1_000, to: .current)
        line.add(200, to: .days1to30)
        line.add(300, to: .days91plus)
        line.disputed = 50
        #expect(line.overdue.minorUnits == 500)
        #expect(line.total.minorUnits == 1_550)
    }
}

@Suite struct SegmentTests {
    @Test func aHoldsTheTopEightyPercentBTheNextFifteen() {
        // Total 1000: A until 80 % before the customer, B until 95 %.
        let overdue: [(customer: CustomerCode, amount: Int64)] = [
            ("C-1", 500), ("C-2", 299), ("C-3", 100), ("C-4", 51), ("C-5", 50), ("C-6", 0),
        ]
        let segments = Segment.assign(overdue)
        #expect(segments["C-1"] == .A)  // 0 % before
        #expect(segments["C-2"] == .A)  // 50 % before
        #expect(segments["C-3"] == .A)  // 79.9 % before: still below 80 %
        #expect(segments["C-4"] == .B)  // 89.9 % before
        #expect(segments["C-5"] == .C)  // 95 % before
        #expect(segments["C-6"] == .C)  // nothing overdue
    }

    @Test func theBoundariesAreExact() {
        let overdue: [(customer: CustomerCode, amount: Int64)] = [("A1", 80), ("B1", 15), ("C1", 5)]
        let segments = Segment.assign(overdue)
        // A1 starts at 0 % → A; B1 starts at exactly 80 % → B; C1 starts at exactly 95 % → C.
        #expect(segments == ["A1": .A, "B1": .B, "C1": .C])
        let pair: [(customer: CustomerCode, amount: Int64)] = [("X", 50), ("Y", 50)]
        let tie = Segment.assign(pair)
        #expect(tie == ["X": .A, "Y": .A])
    }
}

@Suite struct PromiseTests {
    let promise = PromiseToPay(
        id: PromiseID(rawValue: 1), customer: "C-1", amount: eur(100_000), madeOn: asOf, dueOn: asOf + 7, graceDays: 3,
        invoices: ["INV-1"])

    @Test func isKeptWhenPaidInFullByTheDayPlusGrace() {
        let state = promise.evaluate(payments: [(asOf + 5, eur(60_000)), (asOf + 10, eur(40_000))], asOf: asOf + 12)
        #expect(state == .kept(on: asOf + 10))
    }

    @Test func isPartlyKeptOrBrokenWhenTheGraceRunsOut() {
        #expect(promise.evaluate(payments: [(asOf + 5, eur(60_000))], asOf: asOf + 10) == .pending)
        #expect(
            promise.evaluate(payments: [(asOf + 5, eur(60_000))], asOf: asOf + 11)
                == .partlyKept(paid: eur(60_000), on: asOf + 11))
        #expect(promise.evaluate(payments: [], asOf: asOf + 11) == .broken(on: asOf + 11))
        // Paid after the grace days: too late, the promise was broken.
        #expect(promise.evaluate(payments: [(asOf + 12, eur(100_000))], asOf: asOf + 12) == .broken(on: asOf + 11))
        // Payments before the promise was made do not count.
        #expect(promise.evaluate(payments: [(asOf - 1, eur(100_000))], asOf: asOf + 11) == .broken(on: asOf + 11))
    }
}

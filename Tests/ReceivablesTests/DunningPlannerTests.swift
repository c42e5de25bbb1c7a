import Testing

@testable import Receivables

@Suite struct DunningPlannerTests {
    let policy = DunningPolicy.standard

    func candidate(
        _ number: String, pastDue: Int, cents: Int64 = 100_000, held: Int64 = 0, promisedUntil: Day? = nil,
        last: (Int, String, Int)? = nil, holdEnded: Int? = nil
    ) -> DunningCandidate {
        DunningCandidate(
            number: InvoiceNumber(number), dueDate: asOf - pastDue, open: eur(cents), held: eur(held),
            promisedUntil: promisedUntil,
            lastStep: last.map { StepRecord(position: $0.0, code: $0.1, day: asOf - $0.2) },
            holdEndedOn: holdEnded.map { asOf - $0 })
    }

    func plan(
        _ invoices: [DunningCandidate], segment: Segment = .A, country: String = "FR", unapplied: Int64 = 0
    )
        -> CustomerPlan
    {
        DunningPlanner.plan(
            CustomerDunningInput(
                customer: "C-1", country: country, segment: segment,
                unapplied: unapplied > 0 ? [.EUR: eur(unapplied)] : [:], invoices: invoices),
            policy: policy, on: asOf)
    }

    func reasons(_ plan: CustomerPlan) -> [String: Exclusion] {
        Dictionary(uniqueKeysWithValues: plan.excluded.map { ($0.invoice.text, $0.reason) })
    }

    @Test func oneNoticePerStepListsAllItsItems() {
        let result = plan([
            candidate("A", pastDue: 8), candidate("B", pastDue: 12),
            candidate("C", pastDue: 22, last: (0, "reminder", 14)),
        ])
        #expect(result.notices.map(\.step) == ["reminder", "second-notice"])
        #expect(Set(result.notices[0].items.map(\.invoice)) == ["A", "B"])
        #expect(result.notices[0].totals.description == "2000.00 EUR")
        #expect(result.notices[1].items.map(\.invoice) == ["C"])
    }

    @Test func givesEveryReasonForWhatItLeavesOut() {
        let result = plan(
            [
                candidate("HELD", pastDue: 40, held: 100_000),
                candidate("PROMISED", pastDue: 40, promisedUntil: asOf + 2),
                candidate("COVERED", pastDue: 50, cents: 30_000),
                candidate("SMALL", pastDue: 3),
                candidate("NOTDUE", pastDue: -5),
                candidate("WAIT", pastDue: 25, last: (0, "reminder", 3)),
            ], unapplied: 30_000)
        #expect(
            reasons(result) == [
                "HELD": .hold, "PROMISED": .promise, "COVERED": .unappliedCash, "SMALL": .notDue, "NOTDUE": .notDue,
                "WAIT": .wait,
            ])
        #expect(result.notices.isEmpty)
        // A notice for less than the minimum (25.00) is not sent.
        let tiny = plan([candidate("TINY", pastDue: 10, cents: 1_500)])
        #expect(reasons(tiny) == ["TINY": .belowMinimum])
        // A partial hold leaves the rest dunnable.
        let partial = plan([candidate("PART", pastDue: 10, held: 40_000)])
        #expect(partial.notices.first?.totals.description == "600.00 EUR")
    }

    @Test func segmentCGetsAutomatedRemindersOnly() {
        let result = plan([candidate("A", pastDue: 50, last: (2, "final-notice", 12))], segment: .C)
        #expect(reasons(result) == ["A": .belowMinimum])
        let b = plan([candidate("A", pastDue: 50, last: (2, "final-notice", 12))], segment: .B)
        #expect(b.notices.map(\.step) == ["sales-escalation"])
        #expect(b.notices.first?.channel == .task)
    }

    @Test func largeBalancesReachTheSalesRepEarlier() {
        let big = plan([candidate("A", pastDue: 30, cents: 1_200_000, last: (2, "final-notice", 10))])
        #expect(big.notices.map(\.step) == ["sales-escalation"])
        let small = plan([candidate("A", pastDue: 30, cents: 100_000, last: (2, "final-notice", 10))])
        #expect(reasons(small) == ["A": .notDue])
    }

    @Test func smallClaimsWithinTheLimitElseAnAgency() {
        let within = plan([candidate("A", pastDue: 95, cents: 400_000, last: (5, "lawyer-letter", 20))])
        #expect(within.notices.map(\.step) == ["small-claims"])
        let above = plan([candidate("A", pastDue: 95, cents: 900_000, last: (5, "lawyer-letter", 20))])
        #expect(above.notices.map(\.step) == ["agency-referral"])
        let unknownCountry = plan(
            [candidate("A", pastDue: 95, cents: 400_000, last: (5, "lawyer-letter", 20))], country: "ZZ")
        #expect(unknownCountry.notices.map(\.step) == ["agency-referral"])
        let done = plan([candidate("A", pastDue: 120, cents: 400_000, last: (6, "small-claims", 20))])
        #expect(reasons(done) == ["A": .wait])
    }

    /// An invoice held from step 1 for 90 days gets step 2 after release — not step 6 — and
    /// only once the step's gap has passed since the release.
    @Test func resumesOneStepAfterAHold() {
        let lastStepDay = 97  // reminder sent 97 days ago, at 7 days past due
        let justReleased = plan([candidate("A", pastDue: 104, last: (0, "reminder", lastStepDay), holdEnded: 3)])
        #expect(reasons(justReleased) == ["A": .wait])
        #expect(justReleased.excluded.first?.detail == "second-notice from \(asOf + 7)")
        let later = plan([candidate("A", pastDue: 104, last: (0, "reminder", lastStepDay), holdEnded: 10)])
        #expect(later.notices.map(\.step) == ["second-notice"])
        #expect(later.notices.first?.position == 1)
    }

    @Test func aCourtesyReminderIsOffUnlessAsked() {
        #expect(reasons(plan([candidate("A", pastDue: -2)])) == ["A": .notDue])
        var courteous = policy
        courteous.courtesyDaysBeforeDue = 3
        let result = DunningPlanner.plan(
            CustomerDunningInput(customer: "C-1", country: "FR", segment: .A, invoices: [candidate("A", pastDue: -2)]),
            policy: courteous, on: asOf)
        #expect(result.notices.map(\.step) == [DunningPolicy.courtesyCode])
    }

    @Test func thePolicyIsValidated() {
        var broken = policy
        broken.steps[1].daysPastDue = 3
        broken.steps[2].minGapDays = 0
        #expect(
            broken.problems() == [
                "step \"second-notice\" comes at 3 days, before \"reminder\" at 7",
                "step \"final-notice\": min_gap_days must be at least 1",
            ])
        #expect(policy.problems().isEmpty)
        #expect(policy.position(of: "agency-referral") == 6)
    }
}

@Suite struct WorklistTests {
    func candidate(
        _ code: String, collector: String = "alice", cents: Int64, days: Int, broken: Int = 0, segment: Segment = .A
    )
        -> CallCandidate
    {
        CallCandidate(
            customer: CustomerCode(code), name: code, phone: nil, collector: PersonKey(collector), segment: segment,
            overdue: eur(cents), overdueInvoices: 1, oldestDaysPastDue: days, brokenPromises: broken, openPromises: 0,
            lastContact: nil)
    }

    @Test func scoresAsDocumented() {
        // 10 × log10(1 + 1000) + 60/4 + 0 + 20 = 30.0 + 15 + 20 = 65.0
        #expect(Worklist.score(candidate("X", cents: 100_000, days: 60), on: asOf) == 65.0)
        // Broken promises weigh 15 each, at most 3; age counts up to 120 days.
        // 30.0 + 30 (age capped at 120 days) + 45 (three broken promises at most) + 10 (B)
        let capped = Worklist.score(candidate("X", cents: 100_000, days: 500, broken: 5, segment: .B), on: asOf)
        #expect(capped == 115.0)
    }

    @Test func ordersByScoreAndKeepsEachCollectorsCapacity() {
        let lists = Worklist.build(
            [
                candidate("SMALL", cents: 10_000, days: 10), candidate("BIG", cents: 5_000_000, days: 10),
                candidate("OLD", cents: 10_000, days: 120), candidate("BROKEN", cents: 10_000, days: 10, broken: 2),
                candidate("CSEG", cents: 9_000_000, days: 100, segment: .C),
                candidate("BOB", collector: "bob", cents: 1, days: 1),
            ], on: asOf
        ) { $0 == "alice" ? 3 : 10 }
        // BROKEN 20.0 + 2.5 + 30 + 20 = 72.5; OLD 20.0 + 30 + 20 = 70.0; BIG 47.0 + 2.5 + 20 = 69.5;
        // SMALL 42.5 is past alice's capacity of 3.
        #expect(lists["alice"]?.map(\.candidate.customer.text) == ["BROKEN", "OLD", "BIG"])
        #expect(lists["alice"]?.map(\.score) == [72.5, 70.0, 69.5])
        #expect(lists["bob"]?.count == 1)
        #expect(lists.values.flatMap { $0 }.allSatisfy { $0.candidate.segment != .C })
    }

    /// The short ranked lists must give exactly what sorting everyone and cutting would give,
    /// ties (same score, ordered by customer code) included.
    @Test func keepingTheBestIsTheSameAsSortingEveryone() {
        let collectors = ["alice", "bob", "carol", "dave"]
        var candidates: [CallCandidate] = []
        var seed: UInt64 = 42
        for index in 0..<2_000 {
            let number = String((index * 7_919) % 10_007)
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Few distinct amounts and ages: many equal scores.
            candidates.append(
                candidate(
                    "C-" + String(repeating: "0", count: 5 - number.count) + number,
                    collector: collectors[Int(seed >> 62)],
                    cents: Int64((seed >> 20) % 5 + 1) * 100_000, days: Int((seed >> 40) % 4) * 30,
                    segment: (seed >> 10) % 3 == 0 ? .B : .A))
        }
        let capacities = ["alice": 7, "bob": 0, "carol": 1, "dave": 10_000]
        let lists = Worklist.build(candidates, on: asOf) { capacities[$0.text]! }
        for collector in collectors {
            let expected = candidates.filter { $0.collector.text == collector }
                .map { (code: $0.customer, score: Worklist.score($0, on: asOf)) }
                .sorted { $0.score != $1.score ? $0.score > $1.score : $0.code < $1.code }
                .prefix(capacities[collector]!)
            #expect(lists[PersonKey(collector)]?.map(\.candidate.customer) == expected.map(\.code), "\(collector)")
            #expect(lists[PersonKey(collector)]?.map(\.score) == expected.map(\.score), "\(collector)")
        }
        #expect(lists[PersonKey("dave")]!.count > 100)
    }
}

import Receivables
import Testing

@testable import Complaints

@Suite struct RecurrenceTests {
    let day0 = Day(iso: "2026-08-01")!

    func occurrence(
        _ id: Int64, _ customer: String, _ category: String, _ offset: Int, subjects: [String] = []
    )
        -> DisputeOccurrence
    {
        DisputeOccurrence(
            id: DisputeID(rawValue: id), customer: CustomerCode(customer), category: category,
            subjects: subjects.compactMap { Subject(text: $0) }, openedOn: day0 + offset)
    }

    @Test func day90CountsAndDay91DoesNot() {
        let links = Recurrence.byCustomer([
            occurrence(1, "C-1", "damaged-goods", 0), occurrence(2, "C-1", "damaged-goods", 90),
            occurrence(3, "C-2", "damaged-goods", 0), occurrence(4, "C-2", "damaged-goods", 91),
        ])
        #expect(links[DisputeID(rawValue: 2)]?.previous == DisputeID(rawValue: 1))
        #expect(links[DisputeID(rawValue: 2)]?.daysSince == 90)
        #expect(links[DisputeID(rawValue: 4)] == nil)
        #expect(links.count == 1)
        #expect(Recurrence.isWithinWindow(earlier: day0, later: day0 + 90))
        #expect(!Recurrence.isWithinWindow(earlier: day0, later: day0 + 91))
    }

    @Test func anotherCategoryOrCustomerDoesNotCount() {
        let links = Recurrence.byCustomer([
            occurrence(1, "C-1", "damaged-goods", 0), occurrence(2, "C-1", "wrong-item", 5),
            occurrence(3, "C-2", "damaged-goods", 6),
        ])
        #expect(links.isEmpty)
    }

    @Test func linksToTheMostRecentEarlierDispute() {
        let links = Recurrence.byCustomer([
            occurrence(5, "C-1", "wrong-item", 30), occurrence(1, "C-1", "wrong-item", 0),
            occurrence(9, "C-1", "wrong-item", 30),
        ])
        #expect(links[DisputeID(rawValue: 5)]?.previous == DisputeID(rawValue: 1))
        // Same day: the later id repeats the earlier one.
        #expect(links[DisputeID(rawValue: 9)]?.previous == DisputeID(rawValue: 5))
        #expect(links[DisputeID(rawValue: 9)]?.daysSince == 0)
        #expect(links[DisputeID(rawValue: 1)] == nil)
    }

    @Test func subjectsRecurAcrossCustomers() {
        let repeats = Recurrence.bySubject([
            occurrence(1, "C-1", "damaged-goods", 0, subjects: ["sku=CHR-220"]),
            occurrence(2, "C-2", "damaged-goods", 40, subjects: ["sku=CHR-220", "carrier=Geodis"]),
            occurrence(3, "C-3", "defective-product", 200, subjects: ["sku=CHR-220"]),
            occurrence(4, "C-4", "late-delivery", 41, subjects: ["carrier=Geodis"]),
        ])
        #expect(repeats[DisputeID(rawValue: 2)] == [Subject(key: "sku", value: "CHR-220")])
        #expect(repeats[DisputeID(rawValue: 3)] == nil)
        #expect(repeats[DisputeID(rawValue: 4)] == [Subject(key: "carrier", value: "Geodis")])
    }

    @Test func subjectsReadKeyValue() {
        #expect(Subject(text: "SKU = ABC-1")?.description == "sku=ABC-1")
        #expect(Subject(text: "carrier=DB Schenker")?.value == "DB Schenker")
        #expect(Subject(text: "ABC-1") == nil)
        #expect(Subject(text: "=x") == nil)
        #expect(Subject(text: "sku=") == nil)
    }
}

@Suite struct RoutingTests {
    let category = Category(
        code: "wrong-item", labels: Labels(en: "Wrong item", fr: "Mauvais article"), description: "",
        owner: "logistics", hold: .disputedAmount, slaDays: 7, escalateAfterDays: 14)
    let rules = RoutingRules(salesRepAbove: [.EUR: Money(minorUnits: 500_000, currency: .EUR)])

    @Test func goesToTheCategoryOwner() {
        let decision = Routing.route(
            category: category, salesRep: "jmartin", amount: Money(minorUnits: 10_000, currency: .EUR), rules: rules)
        #expect(decision.owner == "logistics")
        #expect(decision.watchers.isEmpty)
    }

    @Test func bringsInTheSalesRepAboveTheThreshold() {
        let at = Routing.route(
            category: category, salesRep: "jmartin", amount: Money(minorUnits: 500_000, currency: .EUR), rules: rules)
        #expect(at.watchers.isEmpty)
        let above = Routing.route(
            category: category, salesRep: "jmartin", amount: Money(minorUnits: 500_001, currency: .EUR), rules: rules)
        #expect(above.watchers == ["jmartin"])
        let noRep = Routing.route(
            category: category, salesRep: nil, amount: Money(minorUnits: 900_000, currency: .EUR), rules: rules)
        #expect(noRep.watchers.isEmpty)
        let otherCurrency = Routing.route(
            category: category, salesRep: "jmartin", amount: Money(minorUnits: 900_000, currency: .USD), rules: rules)
        #expect(otherCurrency.watchers.isEmpty)
    }
}

@Suite struct TaxonomyTests {
    func taxonomy(_ categories: [Category]) -> Taxonomy {
        Taxonomy(
            categories: categories, owners: [Owner(key: "quality", name: "Quality", email: "q@example.com")],
            management: [Manager(name: "Claire", email: "claire@example.com")])
    }

    func category(
        _ code: String, owner: PersonKey = "quality", sla: Int = 10, escalate: Int = 20, subs: [String] = ["a", "b"]
    ) -> Category {
        Category(
            code: code, labels: Labels(en: "L", fr: "L"), description: "d", owner: owner, hold: .invoice, slaDays: sla,
            escalateAfterDays: escalate,
            subcategories: subs.map { Subcategory(code: $0, labels: Labels(en: $0, fr: $0)) })
    }

    @Test func aSoundTaxonomyHasNoProblems() {
        #expect(taxonomy([category("defective-product")]).problems().isEmpty)
    }

    @Test func findsEachKindOfProblem() {
        let messages = taxonomy([
            category("defective-product"), category("defective-product"), category("Bad_Code"),
            category("late", owner: "nobody"), category("slow", sla: 0), category("early", sla: 20, escalate: 10),
            category("dups", subs: ["x", "x"]),
        ]).problems().map(\.message)
        #expect(
            messages == [
                "category \"defective-product\" is defined twice",
                "category code \"Bad_Code\" must be kebab-case (lower-case letters, digits, dashes)",
                "category \"late\" names unknown owner \"nobody\"",
                "category \"slow\" sla_days 0 is outside 1–365",
                "category \"early\" escalates after 10 days, before its SLA of 20 days ends",
                "subcategory \"dups/x\" is defined twice",
            ])
    }

    @Test func resolvesWhatUsersType() throws {
        let t = taxonomy([
            category("damaged-goods", subs: ["in-transit", "poor-packaging"]), category("late", subs: ["in-transit"]),
        ])
        #expect(t.resolve("damaged-goods")?.category.code == "damaged-goods")
        #expect(t.resolve("damaged-goods/poor-packaging")?.subcategory?.code == "poor-packaging")
        #expect(t.resolve("poor-packaging")?.category.code == "damaged-goods")
        // Ambiguous subcategory codes must be qualified.
        #expect(t.resolve("in-transit") == nil)
        #expect(t.resolve("late/in-transit")?.category.code == "late")
        #expect(t.resolve("damaged-goods/nope") == nil)
    }
}

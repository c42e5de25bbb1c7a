import Complaints
import Foundation
import Interchange
import LedgerPort
import Receivables

/// What `dun demo` built.
public struct DemoResult: Sendable {
    public var path: String
    public var customers: Int
    public var invoices: Int
    public var disputes: Int
    public var resolved: Int
    public var week: IsoWeek
    public var report: WeeklyReport
    /// The recurring stories told by the data, for the README and the reader.
    public var stories: [String]
}

/// Writes a realistic sample ledger: customers in several countries and languages, months of
/// invoices with lines, and twelve weeks of complaints in which some problems recur — one SKU
/// keeps arriving damaged, one customer keeps receiving wrong items — most resolved, some late.
public enum Demo {
    /// The setting that marks a ledger as made by `dun demo` (and so safe to replace).
    static let marker = "demo_seed"

    /// The SKU that keeps arriving damaged.
    public static let damagedSKU = "CHR-220"
    /// The customer who keeps receiving wrong items.
    public static let wrongItemsCustomer = CustomerCode("C-0042")
    /// The carrier that delivered late until logistics moved its routes away.
    public static let lateCarrier = "Geodis"

    public static func run(
        _ engine: any LedgerEngine, stamp: Stamp, seed: UInt64, customers customerCount: Int, invoices invoiceCount: Int
    ) throws -> DemoResult {
        try prepare(engine)
        let today = stamp.day
        let start = today - 180
        var random = SeededGenerator(seed: seed)
        let (session, _) = try Setup.initLedger(
            engine, taxonomyDirectory: nil, currency: .EUR,
            stamp: Stamp(actor: "demo", day: start, recordedAt: stamp.recordedAt))
        try session.write { tx in
            try tx.setSetting(marker, String(seed))
            for (key, value) in letterhead { try tx.setSetting(Configuration.prefix + key, value) }
            try tx.journal("demo.create", subject: "ledger", details: ["seed": String(seed)])
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dun-demo-\(seed)-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        // Customers, and how each pays.
        let customers = makeCustomers(count: max(customerCount, 50), random: &random)
        var habits: [CustomerCode: Habit] = [:]
        for (index, customer) in customers.enumerated() {
            habits[customer.code] =
                index == 41 ? .slow : random.weighted([(.prompt, 62), (.slow, 22), (.bad, 10), (.deducter, 6)])
        }
        try session.write { tx in
            for customer in customers { try tx.addCustomer(customer) }
            for collector in collectors {
                try tx.saveCollector(
                    Collector(
                        key: PersonKey(collector), name: collector.capitalized, email: "\(collector)@example.com",
                        phone: nil, dailyCapacity: 12))
            }
            try tx.journal(
                "import.customers", subject: "import:customers",
                details: ["rows": String(customers.count), "source": "demo"])
        }

        // Invoices over the six months before the as-of day, one to three lines each.
        var invoicesByCustomer: [CustomerCode: [InvoiceRow]] = [:]
        var skuInvoices: [String: [InvoiceRow]] = [:]
        var payDays: [Day: [InvoiceRow]] = [:]
        try session.ledger.bulkWrite(
            Stamp(actor: "demo", day: start, recordedAt: stamp.recordedAt), loading: .invoices
        ) { tx in
            let loader = try tx.invoiceLoader(expectedRows: invoiceCount)
            var line = 1
            for index in 1...max(invoiceCount, 200) {
                // Big customers buy more: the first tenth gets about half the invoices.
                let customer =
                    random.chance(0.5) ? customers[random.int(0..<(customers.count / 10))] : random.pick(customers)
                let currency = customer.country == "GB" ? Currency.GBP : customer.country == "US" ? .USD : .EUR
                let issue = start + random.int(0...176)
                let terms = random.pick([30, 30, 30, 45, 60])
                let skus = (0..<random.int(1...3)).map { _ in random.weighted(catalog.map { ($0, $0.weight) }) }
                var total: Int64 = 0
                var lines: [InvoiceLine] = []
                for sku in skus {
                    let quantity = random.int(1...sku.maxQuantity)
                    let cents = Int64(quantity) * sku.unitCents
                    total += cents
                    lines.append(
                        InvoiceLine(
                            sku: sku.code, description: sku.name, quantity: String(quantity),
                            amount: Money(minorUnits: cents, currency: currency)))
                }
                let number = InvoiceNumber("INV-\(today.year)-" + String(format: "%05d", index))
                let purchaseOrder = "PO-\(random.int(10000...99999))"
                for invoiceLine in lines {
                    let row = InvoiceRow(
                        number: number, customer: customer.code, issueDate: issue, dueDate: issue + terms,
                        amount: Money(minorUnits: total, currency: currency), purchaseOrder: purchaseOrder,
                        line: invoiceLine)
                    try loader.add(row, line: line)
                    line += 1
                    if let sku = invoiceLine.sku { skuInvoices[sku, default: []].append(row) }
                }
                let row = InvoiceRow(
                    number: number, customer: customer.code, issueDate: issue, dueDate: issue + terms,
                    amount: Money(minorUnits: total, currency: currency))
                invoicesByCustomer[customer.code, default: []].append(row)
                if let pays = habits[customer.code]!.payDay(due: row.dueDate, random: &random) {
                    payDays[pays, default: []].append(row)
                }
            }
            let counts = try loader.finish()
            try tx.journal(
                "import.invoices", subject: "import:invoices",
                details: ["rows": String(counts.rows), "inserted": String(counts.inserted), "source": "demo"])
        }

        // Then the days go by: the bank statement every weekday, dunning every Monday, calls and
        // promises, and for the last twelve weeks the complaints.
        let firstDay = today.isoWeek.advanced(by: -11).monday
        var logged: [(id: DisputeID, day: Day, category: String)] = []
        let categoryWeights: [(String, Int)] = [
            ("damaged-goods", 22), ("wrong-item", 18), ("pricing-error", 16), ("defective-product", 12),
            ("quantity-shortage", 9), ("late-delivery", 8), ("inadequate-service", 6), ("duplicate-billing", 4),
            ("missing-pod", 3), ("unexplained-deduction", 2),
        ]
        var story = DemoStory(firstDay: firstDay)
        var day = start
        while day <= today {
            let session = Session(
                ledger: session.ledger,
                stamp: Stamp(actor: random.pick(collectors), day: day, recordedAt: stamp.recordedAt))
            let weekday = day.isoWeekday
            if weekday <= 5 {
                // Transfers made over the weekend are booked on the next business day.
                var due: [InvoiceRow] = []
                for key in payDays.keys.filter({ $0 <= day }).sorted() { due += payDays.removeValue(forKey: key) ?? [] }
                let deductions = try postStatement(
                    due, on: day, session: session, habits: habits, folder: folder, payDays: &payDays, random: &random)
                logged += deductions.map { ($0, day, "unexplained-deduction") }
            }
            if weekday == 1 && day >= start + 40 {
                _ = try session.runDunning(dryRun: false) { _ in }
                try callCustomers(session: session, payDays: &payDays, random: &random)
            }
            var planned: [(category: String, customer: CustomerCode?, sku: String?, carrier: String?)] = []
            if weekday <= 5 && day >= firstDay {
                for _ in 0..<random.int(1...5) {
                    var category = random.weighted(categoryWeights)
                    // Once the ERP refuses a second invoice for a delivery note, nobody is billed twice.
                    if category == "duplicate-billing" && story.duplicatesBlocked(on: day) {
                        category = "pricing-error"
                    }
                    planned.append((category, nil, nil, nil))
                }
                // The chair that keeps arriving damaged: most weekdays, from various customers.
                if random.chance(0.6) { planned.append(("damaged-goods/poor-packaging", nil, damagedSKU, nil)) }
                // The customer who keeps receiving wrong items: about every week.
                if random.chance(0.16) { planned.append(("wrong-item", wrongItemsCustomer, nil, nil)) }
                // The carrier that keeps delivering late, until its routes are moved.
                if !story.carrierMoved(on: day) && random.chance(0.5) {
                    planned.append(("late-delivery/carrier-delay", nil, nil, lateCarrier))
                }
            }
            for plan in planned {
                let candidates: [InvoiceRow]
                if let sku = plan.sku {
                    candidates = (skuInvoices[sku] ?? []).filter { $0.issueDate <= day && $0.issueDate >= day - 40 }
                } else if let customer = plan.customer {
                    candidates = (invoicesByCustomer[customer] ?? []).filter {
                        $0.issueDate <= day && $0.issueDate >= day - 60
                    }
                } else {
                    candidates = []
                }
                let invoice: InvoiceRow? =
                    candidates.isEmpty
                    ? recentInvoice(invoicesByCustomer, customers: customers, before: day, random: &random)
                    : random.pick(candidates)
                guard let invoice else { continue }
                let category = plan.category
                var subjects: [Subject] = []
                let productProblem = ["damaged-goods", "defective-product", "wrong-item"].contains(category)
                let sku = plan.sku ?? (productProblem && random.chance(0.5) ? random.pick(catalog).code : nil)
                if let sku { subjects.append(Subject(key: "sku", value: sku)) }
                if let carrier = plan.carrier {
                    subjects.append(Subject(key: "carrier", value: carrier))
                } else if category.hasPrefix("damaged-goods") || category == "late-delivery", random.chance(0.4) {
                    var carrier = random.weighted([
                        (lateCarrier, 3), ("DB Schenker", 2), ("Kuehne+Nagel", 2), ("La Poste Colissimo", 1),
                    ])
                    // Its late-delivery routes went to DB Schenker.
                    if category == "late-delivery" && carrier == lateCarrier && story.carrierMoved(on: day) {
                        carrier = "DB Schenker"
                    }
                    subjects.append(Subject(key: "carrier", value: carrier))
                }
                // Most complaints are about part of the invoice: a few items, a line, a price.
                guard
                    let open = try session.ledger.read({ try $0.invoice(invoice.number, on: session.today) })?
                        .openAmount,
                    open.isPositive
                else { continue }
                let amount = random.chance(0.6) ? open.scaled(by: Int64(random.int(10...60)), over: 100) : nil
                let detail = try session.logDispute(
                    DisputeRequest(
                        invoices: [invoice.number], category: category, amount: amount?.decimalString,
                        subjects: subjects,
                        note: complaintNote(category, random: &random), reportedOn: day,
                        channel: random.weighted([(.phone, 5), (.email, 4), (.letter, 1)])))
                logged.append((detail.record.dispute.id, day, detail.record.dispute.category))
                if plan.sku == damagedSKU { story.chairDisputes.append(detail.record.dispute.id) }
                if plan.customer == wrongItemsCustomer { story.wrongItemDisputes.append(detail.record.dispute.id) }
            }
            // Owners resolve what is old enough; some stay open past their SLA.
            for (index, item) in logged.enumerated().reversed() where day - item.day >= 3 {
                let age = day - item.day
                let slow = item.category == "inadequate-service" || item.category == "defective-product"
                // A few disputes drag on (an expert's report, a customer who does not answer): they reach
                // management.
                let stubborn = item.id.rawValue % 17 == 0
                guard
                    stubborn
                        ? age > 48 && random.chance(0.3)
                        : random.chance(slow ? 0.07 : 0.16) || age > 40 && random.chance(0.3)
                else { continue }
                let outcome: Outcome =
                    item.category == "unexplained-deduction"
                    ? random.weighted([(.writeOff, 3), (.credit, 2), (.rejected, 2)])
                    : random.weighted([(.credit, 5), (.replacement, 3), (.rejected, 2), (.return, 1), (.writeOff, 1)])
                let rootCause = Demo.rootCause(reported: item.category, random: &random)
                _ = try Session(
                    ledger: session.ledger, stamp: Stamp(actor: "owner", day: day, recordedAt: stamp.recordedAt)
                )
                .resolveDispute(
                    item.id, ResolutionRequest(outcome: outcome, rootCause: rootCause, note: resolutionNote(outcome)))
                logged.remove(at: index)
            }
            try story.act(on: day, ledger: session.ledger, recordedAt: stamp.recordedAt)
            day = day + 1
        }

        let reportWeek = today.isoWeekday == 7 ? today.isoWeek : today.isoWeek.advanced(by: -1)
        let final = Session(ledger: session.ledger, stamp: stamp)
        let report = try final.weeklyReport(week: reportWeek)
        let counts = try session.ledger.read { try $0.counts() }
        let actionStories = report.actions.map { line in
            "\(line.id) \(line.title) (\(ActionViews.target(category: line.category, subject: line.subject))): "
                + ActionViews.status(line) + " — " + ActionViews.effectiveness(line) + "."
        }
        return DemoResult(
            path: engine.location, customers: counts["customer"] ?? 0, invoices: counts["invoice"] ?? 0,
            disputes: counts["dispute"] ?? 0,
            resolved: (counts["dispute"] ?? 0) - logged.count, week: reportWeek, report: report,
            stories: [
                "SKU \(damagedSKU) (\(catalog.first { $0.code == damagedSKU }!.name)) keeps arriving damaged, whoever the customer.",
                "Customer \(wrongItemsCustomer) (\(customers.first { $0.code == wrongItemsCustomer }!.name)) keeps receiving wrong items.",
                "Carrier \(lateCarrier) delivered late again and again until logistics moved its routes.",
            ] + actionStories)
    }

    /// The root cause an owner finds when resolving a dispute the customer reported under
    /// `reported`: often the same, sometimes not — customers deduct what they were overcharged,
    /// "missing" goods were only late — and for some categories owners do not say.
    static func rootCause(reported: String, random: inout SeededGenerator) -> String? {
        switch reported {
        case "damaged-goods": random.weighted([("damaged-goods", 5), ("late-delivery", 1)])
        case "unexplained-deduction":
            random.weighted([("pricing-error", 3), ("damaged-goods", 1), ("unexplained-deduction", 1)])
        case "quantity-shortage": random.weighted([("quantity-shortage", 3), ("wrong-item", 2)])
        case "missing-pod": random.weighted([("late-delivery", 2), ("missing-pod", 1)])
        case "inadequate-service": random.weighted([("inadequate-service", 2), ("defective-product", 2)])
        case "defective-product": random.weighted([("defective-product", 4), ("damaged-goods", 1)])
        case "wrong-item", "pricing-error": reported
        default: nil
        }
    }

    /// How a customer pays.
    enum Habit {
        case prompt, slow, bad, deducter

        /// The day an invoice due on `due` gets paid, or `nil` when it does not.
        func payDay(due: Day, random: inout SeededGenerator) -> Day? {
            switch self {
            case .prompt, .deducter: due + random.int(-6...6)
            case .slow: due + random.int(12...50)
            case .bad: random.chance(0.5) ? due + random.int(55...110) : nil
            }
        }
    }

    /// Writes the day's bank lockbox file for the invoices paid that day and posts it through
    /// `dun import payments`: some remittances name the invoice, some name several, some name
    /// nothing (the IBAN and the exact amount find the invoice), some pay less without saying why.
    static func postStatement(
        _ paid: [InvoiceRow], on day: Day, session: Session, habits: [CustomerCode: Habit], folder: String,
        payDays: inout [Day: [InvoiceRow]], random: inout SeededGenerator
    ) throws -> [DisputeID] {
        var rows: [[String]] = []
        var byCustomer: [CustomerCode: [(InvoiceRow, Money)]] = [:]
        for invoice in paid {
            let (open, held) = try session.ledger.read { reader -> (Money?, Bool) in
                let found = try reader.invoice(invoice.number, on: day)
                let holds = try reader.holds(HoldFilter(activeOn: day, invoice: invoice.number), on: day).total
                return (found?.openAmount, holds > 0)
            }
            guard let open, open.isPositive else { continue }
            if held {
                // Nobody pays what they dispute; they pay once it is settled.
                payDays[day + 14, default: []].append(invoice)
                continue
            }
            byCustomer[invoice.customer, default: []].append((invoice, open))
        }
        for (customer, items) in byCustomer.sorted(by: { $0.key < $1.key }) {
            let habit = habits[customer]!
            let style = random.weighted([("named", 55), ("silent", 25), ("column", 10), ("grouped", 10)])
            if style == "grouped" && items.count > 1 {
                let total = items.dropFirst().reduce(items[0].1) { $0 + $1.1 }
                rows.append([
                    "", customer.text, day.iso, total.decimalString, total.currency.code, "",
                    "Paiement factures " + items.map(\.0.number.text).joined(separator: " "), "",
                ])
                continue
            }
            for (invoice, open) in items {
                var amount = open
                if habit == .deducter && style != "silent" && random.chance(0.4) {
                    amount = open - open.scaled(by: Int64(random.int(2...5)), over: 100)
                }
                switch style {
                case "silent":
                    // Only the payer's account says who paid: the exact amount finds the invoice.
                    rows.append([
                        "", "", day.iso, amount.decimalString, amount.currency.code, "", "VIR SEPA", customer.text,
                        "iban",
                    ])
                case "column":
                    rows.append([
                        "", customer.text, day.iso, amount.decimalString, amount.currency.code, invoice.number.text, "",
                        "",
                    ])
                default:
                    rows.append([
                        "", "", day.iso, amount.decimalString, amount.currency.code, "",
                        random.pick(["Facture", "Payment", "Règlement", "Inv."]) + " " + invoice.number.text,
                        customer.text,
                    ])
                }
            }
        }
        guard !rows.isEmpty else { return [] }
        // The bank's reference makes each line unique, as in a real export.
        var text = "reference,customer,received_on,amount,currency,invoice,remittance,payer,iban\n"
        for (index, row) in rows.enumerated() {
            var cells = row + Array(repeating: "", count: 9 - row.count)
            cells[0] = "BNK-\(day.iso.replacingOccurrences(of: "-", with: ""))-\(index + 1)"
            if !cells[7].isEmpty, let payer = try session.ledger.read({ try $0.customer(CustomerCode(cells[7])) }) {
                cells[8] = cells[8].isEmpty ? "" : payer.ibans.first?.text ?? ""
                cells[7] = payer.name
            }
            text += CSVWriter.line(cells).replacingOccurrences(of: "\r\n", with: "\n")
        }
        let file = (folder as NSString).appendingPathComponent("bank-\(day.iso).csv")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return try session.importPayments(file: file, options: CSVOptions(), dryRun: false, deductionDisputes: true)
            .deductionDisputes
    }

    /// Monday calls: each collector rings the top of their worklist; some promise to pay (most
    /// keep it), some do not answer.
    static func callCustomers(
        session: Session, payDays: inout [Day: [InvoiceRow]], random: inout SeededGenerator
    ) throws {
        let worklist = try session.worklist(collector: nil, limit: 3)
        for list in worklist.collectors {
            for entry in list.entries {
                let customer = entry.candidate.customer
                let outcome = random.weighted([("promise", 5), ("reached", 2), ("no-answer", 3)])
                guard outcome == "promise" else {
                    _ = try Session(ledger: session.ledger, stamp: session.stamp.with(actor: list.collector.text))
                        .logContact(
                            ContactRequest(
                                customer: customer, channel: "call", outcome: outcome,
                                note: outcome == "reached" ? "Will check with accounting" : nil))
                    continue
                }
                let oldest = try session.ledger.read { reader in
                    try reader.invoices(InvoiceFilter(openOnly: true, customer: customer), on: session.today).rows
                        .filter { $0.activeHolds == 0 && $0.invoice.dueDate < session.today }
                        .sorted { $0.invoice.dueDate < $1.invoice.dueDate }.prefix(2).map(\.invoice)
                }
                guard !oldest.isEmpty, oldest.allSatisfy({ $0.amount.currency == oldest[0].amount.currency }) else {
                    continue
                }
                let amount = oldest.dropFirst().reduce(oldest[0].openAmount) { $0 + $1.openAmount }
                let due = session.today + 7
                _ = try Session(ledger: session.ledger, stamp: session.stamp.with(actor: list.collector.text))
                    .logContact(
                        ContactRequest(
                            customer: customer, channel: "call", outcome: "promise",
                            note: "Promised to pay the oldest items",
                            promise: PromiseRequest(
                                customer: customer, amount: amount.decimalString, dueOn: due,
                                invoices: oldest.map(\.number))))
                // Most keep their word; the others' invoices stay unpaid for now.
                let keeps = random.chance(0.7)
                for invoice in oldest {
                    for (key, list) in payDays { payDays[key] = list.filter { $0.number != invoice.number } }
                    if keeps {
                        payDays[due - random.int(0...2), default: []].append(
                            InvoiceRow(
                                number: invoice.number, customer: invoice.customer, issueDate: invoice.issueDate,
                                dueDate: invoice.dueDate, amount: invoice.amount))
                    }
                }
            }
        }
    }

    /// Refuses to touch anything but a previous demo ledger; removes that one.
    static func prepare(_ engine: any LedgerEngine) throws {
        guard try engine.exists() else { return }
        let isDemo: Bool
        do {
            let ledger = try engine.open(lockWait: LockWait())
            isDemo = try ledger.read { try $0.setting(marker) } != nil
        } catch {
            throw RuleViolation.notADemoLedger(engine.location)
        }
        guard isDemo else { throw RuleViolation.notADemoLedger(engine.location) }
        try engine.remove()
    }

    static func recentInvoice(
        _ byCustomer: [CustomerCode: [InvoiceRow]], customers: [Customer], before day: Day,
        random: inout SeededGenerator
    ) -> InvoiceRow? {
        for _ in 0..<20 {
            let customer =
                random.chance(0.5) ? customers[random.int(0..<(customers.count / 10))] : random.pick(customers)
            let recent = (byCustomer[customer.code] ?? []).filter { $0.issueDate <= day && $0.issueDate >= day - 75 }
            if !recent.isEmpty { return random.pick(recent) }
        }
        return nil
    }

    struct Product {
        var code: String
        var name: String
        var unitCents: Int64
        var maxQuantity: Int
        var weight: Int
    }

    static let catalog: [Product] = [
        Product(code: "CHR-220", name: "Folding chair Alto", unitCents: 4_900, maxQuantity: 40, weight: 8),
        Product(code: "TBL-140", name: "Bistro table 140 cm", unitCents: 18_900, maxQuantity: 10, weight: 5),
        Product(code: "OVN-900", name: "Convection oven 900", unitCents: 249_000, maxQuantity: 1, weight: 2),
        Product(code: "FRG-450", name: "Display fridge 450 L", unitCents: 189_000, maxQuantity: 1, weight: 2),
        Product(code: "TRY-060", name: "Baking tray 60x40", unitCents: 2_450, maxQuantity: 30, weight: 6),
        Product(code: "KNF-012", name: "Chef knife set", unitCents: 12_900, maxQuantity: 5, weight: 4),
        Product(code: "GLS-024", name: "Wine glasses, box of 24", unitCents: 5_600, maxQuantity: 20, weight: 6),
        Product(code: "PLT-036", name: "Porcelain plates, box of 36", unitCents: 8_900, maxQuantity: 12, weight: 5),
        Product(code: "COF-200", name: "Espresso machine 2 groups", unitCents: 389_000, maxQuantity: 1, weight: 1),
        Product(code: "DSH-600", name: "Dishwasher 600", unitCents: 329_000, maxQuantity: 1, weight: 1),
        Product(code: "NAP-500", name: "Paper napkins, 500", unitCents: 1_290, maxQuantity: 50, weight: 7),
        Product(code: "CLN-005", name: "Cleaning kit 5 L", unitCents: 3_990, maxQuantity: 20, weight: 5),
        Product(code: "UNF-100", name: "Kitchen uniform", unitCents: 4_490, maxQuantity: 15, weight: 3),
        Product(code: "SRV-MNT", name: "Maintenance visit", unitCents: 29_000, maxQuantity: 2, weight: 3),
    ]

    static let collectors = ["alice", "bruno", "chloe", "david"]
    static let salesReps = ["jmartin", "slopez", "kweber", "apetit", "rnguyen"]

    static func makeCustomers(count: Int, random: inout SeededGenerator) -> [Customer] {
        let kinds = [
            "Boulangerie", "Brasserie", "Hôtel", "Restaurant", "Café", "Traiteur", "Pâtisserie", "Auberge", "Bistrot",
            "Cantine", "Épicerie fine", "Crêperie",
        ]
        let names = [
            "Dupont", "Martin", "Lefèvre", "Moreau", "Garnier", "Rousseau", "Fontaine", "Chevalier", "Lambert",
            "Girard",
            "Bonnet", "Mercier", "Blanc", "Guérin", "Faure", "du Port", "des Alpes", "du Marché", "de la Gare",
            "Saint-Michel",
        ]
        let english = ["Harbour Kitchen", "Red Lion", "Crown & Anchor", "Green Fork", "Baker Street Deli", "Old Mill"]
        let german = ["Gasthaus Adler", "Hotel Krone", "Bäckerei Schmidt", "Café Central", "Zum Hirschen"]
        var customers: [Customer] = []
        for index in 1...count {
            let code = CustomerCode("C-" + String(format: "%04d", index))
            let country = random.weighted([("FR", 60), ("BE", 10), ("CH", 6), ("DE", 10), ("GB", 10), ("US", 4)])
            let name: String
            switch country {
            case "GB", "US": name = "\(random.pick(english)) \(random.pick(["Ltd", "LLP", "Group", "Co."]))"
            case "DE": name = "\(random.pick(german)) GmbH"
            default: name = "\(random.pick(kinds)) \(random.pick(names))"
            }
            let language: Language = ["FR", "BE", "CH"].contains(country) ? .fr : .en
            let slug = name.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(16)
            customers.append(
                Customer(
                    code: code, name: index == 42 ? "Brasserie du Port" : name,
                    email: "compta@\(index == 42 ? "brasseriduport" : String(slug))\(index).example",
                    phone: phone(country, random: &random),
                    country: index == 42 ? "FR" : country, language: index == 42 ? .fr : language,
                    salesRep: PersonKey(random.pick(salesReps)), collector: PersonKey(random.pick(collectors)),
                    ibans: [demoIBAN(index)], addressLines: address(index, country: index == 42 ? "FR" : country)))
        }
        return customers
    }

    /// Who the demo's letters come from: the creditor, its law firm and court.
    static let letterhead = [
        ("company.name", "Atelier Lumière SAS"), ("company.address", "12 rue des Tanneurs|69002 Lyon|France"),
        ("company.email", "credit@atelier-lumiere.example"), ("company.phone", "+33 4 72 00 12 12"),
        ("law_firm.name", "Cabinet Durand & Associés"), ("law_firm.address", "8 place Bellecour|69002 Lyon|France"),
        ("law_firm.email", "recouvrement@cabinet-durand.example"), ("law_firm.phone", "+33 4 78 00 40 40"),
        ("law_firm.reference", "DUR-2026-118"), ("claims.court", "Tribunal judiciaire de Lyon"),
    ]

    /// A postal address for demo customer `index`, from its own generator so that adding it left
    /// the rest of the demo unchanged.
    static func address(_ index: Int, country: String) -> [String] {
        var random = SeededGenerator(seed: UInt64(index) &* 7919)
        let street =
            "\(random.int(1...180)) " + random.pick(["rue", "avenue", "boulevard", "quai", "place"]) + " "
            + random.pick(["de la République", "Victor Hugo", "du Commerce", "des Lilas", "Pasteur", "Gambetta"])
        let town: String
        switch country {
        case "BE": town = random.pick(["1000 Bruxelles", "4000 Liège", "5000 Namur"])
        case "CH": town = random.pick(["1201 Genève", "1003 Lausanne"])
        case "DE":
            return [
                "\(random.pick(["Hauptstraße", "Bahnhofstraße", "Marktplatz"])) \(random.int(1...90))",
                random.pick(["10115 Berlin", "80331 München", "50667 Köln"]), "Germany",
            ]
        case "GB":
            return [
                "\(random.int(1...120)) \(random.pick(["High Street", "Station Road", "Church Lane"]))",
                random.pick(["London EC1A 1BB", "Bristol BS1 4DJ", "York YO1 7HH"]), "United Kingdom",
            ]
        case "US":
            return [
                "\(random.int(100...999)) \(random.pick(["Main Street", "Broadway", "Oak Avenue"]))",
                random.pick(["New York, NY 10013", "Boston, MA 02108"]), "United States",
            ]
        default: town = random.pick(["69002 Lyon", "75011 Paris", "13001 Marseille", "33000 Bordeaux", "44000 Nantes"])
        }
        let countryName = ["BE": "Belgique", "CH": "Suisse"][country] ?? "France"
        return [street, town, countryName]
    }

    static func phone(_ country: String, random: inout SeededGenerator) -> String {
        let digits = (0..<4).map { _ in String(random.int(10...99)) }.joined(separator: " ")
        switch country {
        case "FR": return "+33 1 \(digits)"
        case "BE": return "+32 2 \(digits)"
        case "CH": return "+41 22 \(digits)"
        case "DE": return "+49 30 \(digits)"
        case "GB": return "+44 20 \(digits)"
        default: return "+1 212 \(digits)"
        }
    }

    /// A valid French IBAN for demo customer `index` (check digits by ISO 13616 mod 97).
    static func demoIBAN(_ index: Int) -> IBAN {
        let bban = "3000400012" + String(format: "%011d", 10_000_000 + index) + "00"
        // Check digits: BBAN + "FR00" with letters as numbers (F=15, R=27), mod 97.
        var remainder = 0
        for character in bban + "152700" {
            remainder = (remainder * 10 + Int(String(character))!) % 97
        }
        return IBAN("FR" + String(format: "%02d", 98 - remainder) + bban)!
    }

    static func complaintNote(_ category: String, random: inout SeededGenerator) -> String {
        let notes: [String: [String]] = [
            "damaged-goods": [
                "Boxes crushed on arrival", "Two chairs with bent legs", "Pallet wrapped badly, items broken",
            ],
            "wrong-item": [
                "Received 60x40 trays instead of 40x30", "Wrong colour delivered", "Parcel for another restaurant",
            ],
            "pricing-error": [
                "Price differs from the quote", "Annual discount not applied", "VAT rate wrong on line 2",
            ],
            "defective-product": [
                "Oven does not heat evenly", "Fridge compressor noisy after a week", "Knife handles cracked",
            ],
            "quantity-shortage": ["Invoiced 40, received 36", "One box missing from the pallet"],
            "late-delivery": ["Delivered three days after the opening", "Missed the agreed morning slot"],
            "inadequate-service": ["Technician never came", "Installation left unfinished"],
            "duplicate-billing": ["Same delivery invoiced twice"],
            "missing-pod": ["Says the goods never arrived"],
            "unexplained-deduction": ["Paid less without explanation"],
        ]
        return random.pick(notes[category] ?? ["Customer complaint"])
    }

    static func resolutionNote(_ outcome: Outcome) -> String {
        switch outcome {
        case .credit: "Credit agreed with the customer"
        case .replacement: "Replacement shipped"
        case .return: "Goods collected and credited"
        case .rejected: "Claim not upheld: signed delivery note without reservation"
        case .writeOff: "Small amount, written off"
        }
    }
}

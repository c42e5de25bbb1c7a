import Complaints
import Foundation
import Interchange
import LedgerPort
import Receivables

/// `dun report aging`: open items per customer and currency in the aging buckets, disputed
/// amounts apart, largest overdue first.
public struct AgingReport: Sendable {
    public struct Line: Sendable {
        public var customer: CustomerCode
        public var name: String
        public var segment: Segment
        public var aging: AgingLine
    }

    public var asOf: Day
    /// The lines asked for, first to last.
    public var lines: [Line]
    /// How many lines there are in all (customers × currencies with something open).
    public var lineCount: Int
    public var totals: [AgingLine]
}

/// The aging scan: one line per customer and currency, added up as the open invoices go by in
/// customer order, in plain integers (the report's `AgingLine`s, with their bucket arrays and
/// customer codes, are made for the lines shown only).
struct AgingScan {
    struct Line {
        var customer: Int64
        var currency: Currency
        var current: Int64 = 0
        var days1to30: Int64 = 0
        var days31to60: Int64 = 0
        var days61to90: Int64 = 0
        var days91plus: Int64 = 0
        var disputed: Int64 = 0

        var overdue: Int64 { days1to30 + days31to60 + days61to90 + days91plus }

        mutating func add(_ other: Line) {
            current += other.current
            days1to30 += other.days1to30
            days31to60 += other.days31to60
            days61to90 += other.days61to90
            days91plus += other.days91plus
            disputed += other.disputed
        }

        func agingLine(_ code: CustomerCode) -> AgingLine {
            AgingLine(
                customer: code, currency: currency,
                buckets: [current, days1to30, days31to60, days61to90, days91plus], disputed: disputed)
        }
    }

    let day: Day
    let held: HeldSet
    private var lines: [Line] = []
    /// Where the current customer's lines start in `lines`.
    private var first = 0

    init(day: Day, held: HeldSet) {
        self.day = day
        self.held = held
    }

    mutating func add(_ row: OpenRow) {
        let currency = row.open.currency
        // Usually one currency per customer: the customer's last line is nearly always it.
        var index = lines.count - 1
        if index < first || lines[index].customer != row.customerID {
            first = lines.count
            index = -1
        }
        while index >= first && lines[index].currency != currency { index -= 1 }
        if index < first {
            lines.append(Line(customer: row.customerID, currency: currency))
            index = lines.count - 1
        }
        let disputed = held.held(invoice: row.invoiceID, customer: row.customerID, open: row.open.minorUnits)
        let units = row.open.minorUnits - disputed
        lines[index].disputed += disputed
        switch AgingBucket(daysPastDue: day - row.dueDate) {
        case .current: lines[index].current += units
        case .days1to30: lines[index].days1to30 += units
        case .days31to60: lines[index].days31to60 += units
        case .days61to90: lines[index].days61to90 += units
        case .days91plus: lines[index].days91plus += units
        }
    }

    func finish() -> [Line] { lines }
}

/// The worklist's scan: per customer on the lists asked for, what can be chased (overdue, not
/// held, not promised) and the oldest due day; for every customer, the overdue amount the
/// segments rank on.
struct WorklistScan {
    struct Tally {
        // Usually one currency per customer: a short list beats a dictionary.
        var overdue: [(currency: Currency, cents: Int64, count: Int)] = []
        var oldest: Day?
    }

    let day: Day
    let collector: PersonKey?
    let keys: [Int64: CustomerKeys]
    let held: HeldSet
    let promised: PromisedSet
    private(set) var segmentTally = SegmentTally()
    // Rows come in customer order: one tally at a time.
    private var tallies: [(id: Int64, tally: Tally)] = []
    private var current: Int64 = -1
    private var tally = Tally()
    // Whether the current customer belongs on the lists asked for.
    private var listed = false

    init(day: Day, collector: PersonKey?, keys: [Int64: CustomerKeys], held: HeldSet, promised: PromisedSet) {
        self.day = day
        self.collector = collector
        self.keys = keys
        self.held = held
        self.promised = promised
    }

    mutating func add(_ row: OpenRow) {
        if row.customerID != current {
            if !tally.overdue.isEmpty { tallies.append((current, tally)) }
            tally = Tally()
            current = row.customerID
            let owner = keys[current]?.collector
            listed = owner != nil && (collector == nil || owner == collector)
        }
        guard row.dueDate < day else { return }
        let heldCents = held.held(invoice: row.invoiceID, customer: row.customerID, open: row.open.minorUnits)
        // Segments rank every customer, whoever collects from them: one scan for both.
        segmentTally.add(customer: row.customerID, currency: row.open.currency, amount: row.open.minorUnits - heldCents)
        guard listed, heldCents < row.open.minorUnits,
            promised.pausedUntil(invoice: row.invoiceID, customer: row.customerID) == nil
        else { return }
        let cents = row.open.minorUnits - heldCents
        if let index = tally.overdue.firstIndex(where: { $0.currency == row.open.currency }) {
            tally.overdue[index].cents += cents
            tally.overdue[index].count += 1
        } else {
            tally.overdue.append((row.open.currency, cents, 1))
        }
        tally.oldest = min(tally.oldest ?? row.dueDate, row.dueDate)
    }

    /// The tallies of the customers with something to chase, in customer order.
    mutating func finish() -> [(id: Int64, tally: Tally)] {
        if !tally.overdue.isEmpty { tallies.append((current, tally)) }
        tally = Tally()
        return tallies
    }
}

/// Each customer's overdue amount not held, per currency, added up as a scan in customer order
/// goes by: what the A/B/C segments are ranked on. Keeps one entry per customer, no dictionary.
struct SegmentTally {
    private var overdue: [Currency: [(customer: Int64, amount: Int64)]] = [:]
    private var current: Int64 = -1
    private var buffer: [(currency: Currency, amount: Int64)] = []

    /// Adds an overdue amount; customers must come one after the other.
    mutating func add(customer: Int64, currency: Currency, amount: Int64) {
        guard amount > 0 else { return }
        if customer != current {
            flush()
            current = customer
        }
        if let index = buffer.firstIndex(where: { $0.currency == currency }) {
            buffer[index].amount += amount
        } else {
            buffer.append((currency, amount))
        }
    }

    private mutating func flush() {
        for entry in buffer { overdue[entry.currency, default: []].append((current, entry.amount)) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Adds another tally's customers, all after this one's.
    mutating func merge(_ other: SegmentTally) {
        var other = other
        flush()
        other.flush()
        for (currency, entries) in other.overdue { overdue[currency, default: []] += entries }
        current = -1
    }

    /// The segments of the customers added (the others are C).
    mutating func segments() -> [Int64: Segment] {
        flush()
        return Session.segments(overdue)
    }
}

/// What a dunning run did (or would do with `--dry-run`).
public struct DunningRunSummary: Sendable {
    public var asOf: Day
    public var dryRun: Bool
    public var notices: [PlannedNotice]
    /// Ids of the notices recorded (a real run), in the order of `notices`.
    public var recorded: [Int64?]
    public var excludedCounts: [Exclusion: Int]
    public var tasks: [TaskRecord]
    public var promisesSettled: [PromiseID]
    /// The letters and emails the run put in the outbox (a real run only).
    public var documents: [OutboxItem] = []
}

/// `dun worklist`: the day's calls per collector.
public struct WorklistReport: Sendable {
    public struct Entry: Sendable {
        public var rank: Int
        public var score: Double
        public var candidate: CallCandidate
    }

    public var asOf: Day
    public var collectors: [(collector: PersonKey, capacity: Int, entries: [Entry])]
}

extension Session {
    /// The policy stored in the ledger, else the standard ladder.
    func dunningPolicy(reader: any LedgerReading) throws -> DunningPolicy {
        guard let text = try reader.dunningPolicyJSON() else { return .standard }
        return try DunningPolicyFile.read(text: text, file: "stored dunning policy")
    }

    /// The dunning policy in force.
    public func dunningPolicy() throws -> DunningPolicy {
        try read { try dunningPolicy(reader: $0) }
    }

    /// Replaces the dunning policy with the one in a YAML file (validated first).
    public func loadDunningPolicy(file: String) throws -> DunningPolicy {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
        else {
            throw InterchangeError(file: file, line: 0, message: "cannot be read as UTF-8 text")
        }
        let policy = try DunningPolicyFile.read(text: text, file: file)
        return try write { tx in
            try tx.setSetting("dunning_policy", text)
            try tx.journal(
                "dunning.policy", subject: "dunning-policy",
                details: [
                    "file": (file as NSString).lastPathComponent,
                    "steps": policy.steps.map(\.code).joined(separator: " "),
                ])
            return policy
        }
    }

    /// Segments of every customer with something overdue, from what is open and not held.
    func segments(reader: any LedgerReading, held: HeldSet) throws -> [Int64: Segment] {
        let day = today
        var tally = SegmentTally()
        for part in try reader.scanOpenInvoices(
            on: day, parts: Session.scanParts, make: { SegmentTally() },
            add: { tally, row in
                guard row.dueDate < day else { return }
                tally.add(
                    customer: row.customerID, currency: row.open.currency,
                    amount: row.open.minorUnits
                        - held.held(invoice: row.invoiceID, customer: row.customerID, open: row.open.minorUnits))
            })
        {
            tally.merge(part)
        }
        return tally.segments()
    }

    /// How many connections the big scans read on at once: one per core, up to four.
    static let scanParts = min(4, ProcessInfo.processInfo.activeProcessorCount)

    /// A customer's segment is its best one over the currencies it owes in.
    static func segments(_ overdue: [Currency: [(customer: Int64, amount: Int64)]]) -> [Int64: Segment] {
        // Most ledgers owe in one currency: nothing to merge.
        if overdue.count == 1, let only = overdue.values.first { return Segment.assign(ids: only) }
        var segments: [Int64: Segment] = [:]
        for (_, perCustomer) in overdue {
            for (id, segment) in Segment.assign(ids: perCustomer) {
                segments[id] = min(segments[id] ?? .C, segment)
            }
        }
        return segments
    }

    /// The aging report on the as-of day: every customer's lines are added up and ranked, and
    /// the first `limit` of them (all without one) come back with their names.
    public func agingReport(limit: Int? = nil) throws -> AgingReport {
        try read { reader in
            let (day, held) = (today, try reader.heldSet(on: today))
            let lines = try reader.scanOpenInvoices(
                on: day, parts: Session.scanParts, make: { AgingScan(day: day, held: held) }
            ) {
                $0.add($1)
            }
            .flatMap { $0.finish() }

            var overdue: [Currency: [(customer: Int64, amount: Int64)]] = [:]
            var totals: [Currency: AgingScan.Line] = [:]
            for line in lines {
                overdue[line.currency, default: []].append((line.customer, line.overdue))
                totals[line.currency, default: AgingScan.Line(customer: 0, currency: line.currency)].add(line)
            }
            let segments = Session.segments(overdue)
            // Largest overdue first, then largest disputed, then by customer code. Only the lines
            // shown need their order settled: the first `limit` by amounts, and every line tied
            // with the last of them, are ranked by code, with codes read for them alone.
            var ranked = Array(lines.indices)
            if let limit, limit > 0, limit < lines.count {
                // The amounts of the `limit`-th line, from a short list of the best kept as the
                // lines go by; then every line that reaches them.
                var best: [(overdue: Int64, disputed: Int64)] = []
                for line in lines {
                    best.insertRanked((line.overdue, line.disputed), keepingFirst: limit) { $0 > $1 }
                }
                let threshold = best[limit - 1]
                ranked = lines.indices.filter { (lines[$0].overdue, lines[$0].disputed) >= threshold }
            }
            let codes = try reader.customerCodes(ranked.map { lines[$0].customer })
            var order = ranked.map { index in
                let line = lines[index]
                return (
                    overdue: line.overdue, disputed: line.disputed, code: codes[line.customer] ?? CustomerCode("?"),
                    currency: line.currency, index: index
                )
            }
            order.sort {
                if $0.overdue != $1.overdue { return $0.overdue > $1.overdue }
                if $0.disputed != $1.disputed { return $0.disputed > $1.disputed }
                return ($0.code, $0.currency) < ($1.code, $1.currency)
            }
            let shown = limit.map { order.prefix($0) } ?? order[...]
            let names = try reader.customerNames(shown.map { lines[$0.index].customer })
            let out = shown.map { key in
                let line = lines[key.index]
                return AgingReport.Line(
                    customer: key.code, name: names[line.customer] ?? "", segment: segments[line.customer] ?? .C,
                    aging: line.agingLine(key.code))
            }
            return AgingReport(
                asOf: today, lines: out, lineCount: lines.count,
                totals: totals.keys.sorted().map { totals[$0]!.agingLine(CustomerCode("TOTAL")) })
        }
    }

    /// Plans (and unless `dryRun`, records) the day's dunning: one notice per customer and step.
    /// Each excluded invoice goes to `excluded` as it is decided, so a run over a million
    /// invoices never holds them all. Running it twice on a day sends nothing twice.
    public func runDunning(dryRun: Bool, excluded: (ExcludedInvoice) -> Void) throws -> DunningRunSummary {
        // A dry run only reads: it says what a run would do, from the facts of the day.
        if dryRun { return try read { try planDunning(reader: $0, tx: nil, settled: [], excluded: excluded) } }
        return try write { tx in
            let settled = try settlePromises(of: nil, in: tx)
            try escalate(in: tx)
            return try planDunning(reader: tx.reader, tx: tx, settled: settled, excluded: excluded)
        }
    }

    /// Plans the day's dunning and, in a transaction (a real run), records it.
    func planDunning(
        reader: any LedgerReading, tx: (any LedgerWriting)?, settled: [PromiseID], excluded: (ExcludedInvoice) -> Void
    ) throws -> DunningRunSummary {
        let dryRun = tx == nil
        let policy = try dunningPolicy(reader: reader)
        let keys = try reader.customerKeys()
        let held = try reader.heldSet(on: today)
        let promised = try reader.promisedSet(on: today)
        let unapplied = try reader.unappliedByCustomer(on: today)
        let steps = try reader.lastSteps(on: today)
        let ends = try reader.holdEnds(on: today)
        let segments = try segments(reader: reader, held: held)

        var counts: [Exclusion: Int] = [:]
        var notices: [PlannedNotice] = []
        // Customers with a notice, for the tasks of a real run.
        var noticed: [Int64] = []
        func flush(_ customerID: Int64, _ invoices: [DunningCandidate]) {
            guard let key = keys[customerID], !invoices.isEmpty else { return }
            let plan = DunningPlanner.plan(
                CustomerDunningInput(
                    customer: key.code, country: key.country, segment: segments[customerID] ?? .C,
                    unapplied: unapplied[customerID] ?? [:], invoices: invoices),
                policy: policy, on: today)
            if !plan.notices.isEmpty { noticed.append(customerID) }
            notices += plan.notices
            for item in plan.excluded {
                counts[item.reason, default: 0] += 1
                excluded(item)
            }
        }
        var current: Int64 = -1
        var batch: [DunningCandidate] = []
        // Counted only for someone watching: the share of open invoices read.
        let open = progress == nil ? 0 : try reader.openInvoiceCount()
        var scanned = 0
        defer { progress?.finish() }
        try reader.scanOpenInvoiceNumbers(on: today) { row, number in
            scanned += 1
            progress?.row("open invoices", fraction: open > 0 ? Double(scanned) / Double(open) : nil)
            if row.customerID != current {
                flush(current, batch)
                batch.removeAll(keepingCapacity: true)
                current = row.customerID
            }
            let last = steps[row.invoiceID]
            var ended = ends.invoices[row.invoiceID]
            if let customerEnded = ends.customers[row.customerID] {
                ended = max(ended ?? customerEnded, customerEnded)
            }
            if let endedOn = ended, let last, endedOn <= last.day { ended = nil }
            let heldCents = held.held(invoice: row.invoiceID, customer: row.customerID, open: row.open.minorUnits)
            batch.append(
                DunningCandidate(
                    number: number, dueDate: row.dueDate, open: row.open,
                    held: Money(minorUnits: heldCents, currency: row.open.currency),
                    promisedUntil: promised.pausedUntil(invoice: row.invoiceID, customer: row.customerID),
                    lastStep: last,
                    holdEndedOn: ended))
        }
        flush(current, batch)
        for paid in try reader.recentlySettledDunned(since: today - 30, on: today) {
            counts[.paid, default: 0] += 1
            excluded(
                ExcludedInvoice(
                    invoice: paid.invoice, customer: paid.customer, reason: .paid,
                    detail: "settled \(paid.settledOn)"))
        }
        notices.sort { ($0.position, $0.customer) < ($1.position, $1.customer) }

        // A dry run records nothing: it only says what would be sent.
        var recorded: [Int64?] = Array(repeating: nil, count: notices.count)
        var tasks: [TaskRecord] = []
        var documents: [OutboxItem] = []
        if let tx {
            let letterhead = try letterhead(reader)
            var byCode: [CustomerCode: CustomerBrief] = [:]
            for brief in try reader.customerBriefs(noticed).values { byCode[brief.code] = brief }
            progress?.finish()
            for (index, notice) in notices.enumerated() {
                progress?.row("notices", fraction: Double(index + 1) / Double(notices.count))
                guard let id = try tx.recordNotice(notice) else { continue }
                recorded[index] = id
                try tx.journal(
                    "dunning.\(notice.step)", subject: "notice:N-\(id)",
                    refs: notice.items.map { JournalRef.invoice($0.invoice) } + [
                        JournalRef.customer(notice.customer)
                    ],
                    details: [
                        "channel": notice.channel.rawValue, "total": notice.totals.description,
                        "invoices": notice.items.map(\.invoice.text).joined(separator: " "),
                    ])
                if let task = try taskFor(notice, id: id, brief: byCode[notice.customer], in: tx) {
                    tasks.append(task)
                }
                if let document = try enqueueDocument(notice: id, in: tx, letterhead: letterhead, policy: policy) {
                    documents.append(document)
                }
            }
        }
        if let tx, !notices.isEmpty || !settled.isEmpty {
            try tx.journal(
                "dunning.run", subject: "dunning-run",
                details: ["notices": String(recorded.compactMap { $0 }.count), "dryRun": String(dryRun)])
        }
        return DunningRunSummary(
            asOf: today, dryRun: dryRun, notices: notices, recorded: recorded, excludedCounts: counts, tasks: tasks,
            promisesSettled: settled, documents: documents)
    }

    /// The task a notice creates: a call for the collector, an escalation for the sales rep, a
    /// legal action for the credit team.
    func taskFor(
        _ notice: PlannedNotice, id: Int64, brief: CustomerBrief?, in tx: any LedgerWriting
    ) throws -> TaskRecord? {
        let name = brief?.name ?? notice.customer.text
        let count = notice.items.count
        let what = "\(count) overdue invoice\(count == 1 ? "" : "s") (\(notice.totals))"
        let (kind, assignee, title): (String, String, String)
        switch (notice.channel, notice.step) {
        case (.call, _):
            (kind, assignee, title) = ("call", brief?.collector?.text ?? "unassigned", "Call \(name) about \(what)")
        case (.task, "sales-escalation"):
            (kind, assignee, title) = (
                "sales-escalation", brief?.salesRep?.text ?? brief?.collector?.text ?? "unassigned",
                "Speak with \(name) about \(what)"
            )
        case (.task, let step):
            (kind, assignee, title) = (
                step, "credit",
                "\(step == "small-claims" ? "File a small claim against" : "Refer to the collection agency:") \(name), \(what)"
            )
        default:
            return nil
        }
        let taskID = try tx.insertTask(
            kind: kind, assignee: assignee, customer: notice.customer, notice: id, dueOn: today, title: title)
        try tx.journal(
            "task.create", subject: "task:T-\(taskID)", refs: [JournalRef.customer(notice.customer)],
            details: ["kind": kind, "assignee": assignee, "title": title])
        return TaskRecord(
            id: taskID, kind: kind, assignee: assignee, customer: notice.customer, notice: id, dueOn: today,
            status: "open",
            title: title)
    }

    /// The day's call list per collector, best first, within each one's daily capacity. Reading
    /// it changes nothing: promises are kept or broken by the facts of the day.
    public func worklist(collector: PersonKey?, limit: Int?) throws -> WorklistReport {
        try read { reader in
            let keys = try reader.customerKeys()
            let held = try reader.heldSet(on: today)
            let promised = try reader.promisedSet(on: today)
            let broken = try reader.brokenPromiseCounts(from: today - 90, to: today)
            let open = try reader.openPromiseCounts(on: today)
            let contacts = try reader.lastContacts(on: today)
            var capacities: [PersonKey: Int] = [:]
            for c in try reader.collectors() { capacities[c.key] = c.dailyCapacity }

            let day = today
            let parts = try reader.scanOpenInvoices(on: day, parts: Session.scanParts) {
                WorklistScan(day: day, collector: collector, keys: keys, held: held, promised: promised)
            } add: {
                $0.add($1)
            }
            var tallies: [(id: Int64, tally: WorklistScan.Tally)] = []
            var segmentTally = SegmentTally()
            for var part in parts {
                tallies += part.finish()
                segmentTally.merge(part.segmentTally)
            }
            let segments = segmentTally.segments()
            var candidates: [CallCandidate] = []
            for (id, tally) in tallies {
                // C customers get automated reminders only: they never make the list.
                guard let segment = segments[id], segment != .C, let key = keys[id], let owner = key.collector,
                    let largest = tally.overdue.max(by: { $0.cents < $1.cents })
                else { continue }
                // Names and phones are read below for the customers that make a list.
                candidates.append(
                    CallCandidate(
                        customer: key.code, name: "", phone: nil, collector: owner,
                        segment: segment, overdue: Money(minorUnits: largest.cents, currency: largest.currency),
                        overdueInvoices: tally.overdue.reduce(0) { $0 + $1.count },
                        oldestDaysPastDue: tally.oldest.map { today - $0 } ?? 0, brokenPromises: broken[id] ?? 0,
                        openPromises: open[id] ?? 0, lastContact: contacts[id]))
            }
            let lists = Worklist.build(candidates, on: today) { key in
                min(limit ?? Int.max, capacities[key] ?? Collector.defaultCapacity)
            }
            let briefs = try reader.customerBriefs(codes: lists.values.flatMap { $0.map(\.candidate.customer) })
            let collectors = lists.keys.sorted().map { key in
                (
                    collector: key, capacity: capacities[key] ?? Collector.defaultCapacity,
                    entries: lists[key]!.enumerated().map {
                        var candidate = $0.element.candidate
                        if let brief = briefs[candidate.customer] {
                            candidate.name = brief.name
                            candidate.phone = brief.phone
                        }
                        return WorklistReport.Entry(rank: $0.offset + 1, score: $0.element.score, candidate: candidate)
                    }
                )
            }
            return WorklistReport(asOf: today, collectors: collectors)
        }
    }

    /// Adds or changes a collector and their daily capacity.
    public func saveCollector(_ collector: Collector) throws -> Collector {
        try write { tx in
            try tx.saveCollector(collector)
            try tx.journal(
                "collector.save", subject: "collector:\(collector.key)",
                details: ["name": collector.name, "capacity": String(collector.dailyCapacity)])
            return collector
        }
    }

    public func collectors() throws -> [Collector] { try read { try $0.collectors() } }

    /// Tasks open on the as-of day (all, or one person's).
    public func tasks(assignee: String?) throws -> [TaskRecord] {
        try read { try $0.openTasks(assignee: assignee, on: today) }
    }

    /// Marks a task done.
    public func completeTask(_ id: Int64) throws -> TaskRecord {
        try write { tx in
            guard let task = try tx.reader.openTasks(assignee: nil, on: today).first(where: { $0.id == id }) else {
                throw RuleViolation.unknownTask(id)
            }
            try tx.completeTask(id)
            try tx.journal(
                "task.done", subject: "task:T-\(id)", refs: [JournalRef.customer(task.customer)],
                details: ["title": task.title])
            var done = task
            done.status = "done"
            return done
        }
    }
}

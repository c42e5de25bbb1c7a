import Complaints
import Foundation
import Receivables

/// An open invoice as the collection scans read it.
public struct OpenRow: Sendable {
    public var invoiceID: Int64
    public var customerID: Int64
    public var dueDate: Day
    public var open: Money

    public init(invoiceID: Int64, customerID: Int64, dueDate: Day, open: Money) {
        self.invoiceID = invoiceID
        self.customerID = customerID
        self.dueDate = dueDate
        self.open = open
    }
}

/// The short texts the collection scans need of every customer.
public struct CustomerKeys: Sendable, Hashable {
    public var code: CustomerCode
    public var country: String?
    public var collector: PersonKey?

    public init(code: CustomerCode, country: String? = nil, collector: PersonKey? = nil) {
        self.code = code
        self.country = country
        self.collector = collector
    }
}

/// Who a customer is, for reports over many of them.
public struct CustomerBrief: Sendable, Hashable {
    public var code: CustomerCode
    public var name: String
    public var country: String?
    public var phone: String?
    public var collector: PersonKey?
    public var salesRep: PersonKey?
    public var language: Language

    public init(
        code: CustomerCode, name: String, country: String? = nil, phone: String? = nil, collector: PersonKey? = nil,
        salesRep: PersonKey? = nil, language: Language
    ) {
        self.code = code
        self.name = name
        self.country = country
        self.phone = phone
        self.collector = collector
        self.salesRep = salesRep
        self.language = language
    }
}

/// A set of keys as one bit each: the scans ask about every open invoice, and nearly all of
/// them are in none of these sets — a bit test answers those without hashing.
public struct RowIDBits: Sendable {
    private var words: [UInt64] = []

    public init() {}

    public mutating func insert(_ id: Int64) {
        guard id >= 0 else { return }
        let word = Int(id >> 6)
        if word >= words.count { words += Array(repeating: 0, count: word - words.count + 1) }
        words[word] |= 1 << UInt64(id & 63)
    }

    public func contains(_ id: Int64) -> Bool {
        let word = Int(id >> 6)
        return id >= 0 && word < words.count && words[word] & (1 << UInt64(id & 63)) != 0
    }
}

/// Values by key that answer "none" from a bit when the id has none: for lookups made for
/// every open invoice, where nearly every answer is "none".
public struct RowIDMap<Value: Sendable>: Sendable {
    private var values: [Int64: Value] = [:]
    private var present = RowIDBits()

    public init() {}

    /// Whether no id has a value.
    public var isEmpty: Bool { values.isEmpty }

    public subscript(id: Int64) -> Value? {
        get { present.contains(id) ? values[id] : nil }
        set {
            values[id] = newValue
            if newValue != nil { present.insert(id) }
        }
    }
}

/// What is held on the day: whole invoices, parts of invoices, whole customers.
public struct HeldSet: Sendable {
    /// Invoice id → held minor units (`Int64.max` for the whole invoice).
    private var invoices: [Int64: Int64] = [:]
    private var heldInvoices = RowIDBits()
    private var heldCustomers = RowIDBits()

    public init() {}

    /// Adds a hold on part (`amount`) or all (`nil`) of an invoice.
    public mutating func hold(invoice: Int64, amount: Int64?) {
        let current = invoices[invoice] ?? 0
        if current != Int64.max { invoices[invoice] = amount.map { current + $0 } ?? Int64.max }
        heldInvoices.insert(invoice)
    }

    /// Adds a hold on a whole customer.
    public mutating func hold(customer: Int64) { heldCustomers.insert(customer) }

    /// The part of an open amount that is held, by the domain's rule.
    public func held(invoice: Int64, customer: Int64, open: Int64) -> Int64 {
        if heldCustomers.contains(customer) { return Hold.held(open: open, whole: true, parts: 0) }
        guard heldInvoices.contains(invoice), let parts = invoices[invoice] else { return 0 }
        return Hold.held(open: open, whole: parts == Int64.max, parts: parts)
    }
}

/// Pending promises on the day: which invoices (or whole customers) they pause, until when.
public struct PromisedSet: Sendable {
    private var invoices: [Int64: Day] = [:]
    private var customers: [Int64: Day] = [:]
    private var promisedInvoices = RowIDBits()
    private var promisedCustomers = RowIDBits()

    public init() {}

    /// Adds a promise on one invoice, or on all of a customer's, kept waiting for until `until`.
    public mutating func promise(invoice: Int64, until: Day) {
        invoices[invoice] = max(invoices[invoice] ?? until, until)
        promisedInvoices.insert(invoice)
    }

    public mutating func promise(customer: Int64, until: Day) {
        customers[customer] = max(customers[customer] ?? until, until)
        promisedCustomers.insert(customer)
    }

    public func pausedUntil(invoice: Int64, customer: Int64) -> Day? {
        // Called for every open invoice: no array, and no hashing for what nothing promised.
        let byInvoice = promisedInvoices.contains(invoice) ? invoices[invoice] : nil
        let byCustomer = promisedCustomers.contains(customer) ? customers[customer] : nil
        guard let byInvoice else { return byCustomer }
        guard let byCustomer else { return byInvoice }
        return max(byInvoice, byCustomer)
    }
}

/// The collection scans: every open invoice of a day, and what the planner needs beside it, keyed by
/// the engine's dense customer and invoice keys.
public protocol CollectionScanReading {
    /// Every invoice open at the close of `day`, in customer order (a customer's invoices one
    /// after the other), read through the partial covering indexes without touching the table.
    /// Calls `body` for each.
    func scanOpenInvoices(on day: Day, _ body: (OpenRow) -> Void) throws
    /// What the collection scans need of every customer, by key. These texts are short
    /// enough to live inside their `String`s, so a hundred thousand customers cost no
    /// allocation each; names and phones are read for the customers shown only.
    func customerKeys() throws -> [Int64: CustomerKeys]
    /// Who some customers are, by key.
    func customerBriefs(_ ids: some Collection<CustomerKey>) throws -> [Int64: CustomerBrief]
    /// Who some customers are, by code, read one by one through the code's unique index.
    func customerBriefs(codes: some Collection<CustomerCode>) throws -> [CustomerCode: CustomerBrief]
    /// The codes of some customers, by key.
    func customerCodes(_ ids: some Collection<CustomerKey>) throws -> [Int64: CustomerCode]
    /// The names of some customers, by key.
    func customerNames(_ ids: some Collection<CustomerKey>) throws -> [Int64: String]
    /// What active holds cover on `day`.
    func heldSet(on day: Day) throws -> HeldSet
    /// What the promises pending at the close of `day` pause.
    func promisedSet(on day: Day) throws -> PromisedSet
    /// Cash received by `day` and not applied by then, per customer id and currency.
    func unappliedByCustomer(on day: Day) throws -> [Int64: [Currency: Money]]
    /// The last step each invoice was dunned with by the close of `day`: for a day on or after
    /// the last run, what `invoice_dunning` keeps for the invoices open now; for an earlier day,
    /// read back from the notices of that day and before.
    func lastSteps(on day: Day) throws -> RowIDMap<StepRecord>
    /// For invoices (and customers) whose holds ended by `day`, the latest day one ended.
    func holdEnds(on day: Day) throws -> (invoices: RowIDMap<Day>, customers: RowIDMap<Day>)
    /// Invoice numbers by id, for the invoices a run names.
    func invoiceNumbers(_ ids: [Int64]) throws -> [Int64: InvoiceNumber]
    /// Invoices dunned by `day` and settled from `since` through it: a run lists them as paid.
    func recentlySettledDunned(
        since: Day, on day: Day
    ) throws -> [(invoice: InvoiceNumber, customer: CustomerCode, settledOn: Day)]
    /// Promises broken (or partly kept) from `from` through `to`, as they stood at the close of
    /// `to`, per customer id.
    func brokenPromiseCounts(from: Day, to: Day) throws -> [Int64: Int]
    /// Promises pending at the close of `day`, per customer id.
    func openPromiseCounts(on day: Day) throws -> [Int64: Int]
    /// Each customer's last contact on or before `day`.
    func lastContacts(on day: Day) throws -> [Int64: (day: Day, outcome: String)]
    /// Like ``scanOpenInvoices(on:_:)``, with each invoice's number (in the indexes too).
    func scanOpenInvoiceNumbers(on day: Day, _ body: (OpenRow, InvoiceNumber) -> Void) throws
    /// Every open invoice, in customer order, read on `parts` connections at once when the ledger
    /// is big enough (one per core: the scans of the collection reports are CPU-bound), each over
    /// its own range of customer ids. `add` gets each row of a part, in customer order, with
    /// that part's value from `make`; the parts come back in customer order.
    ///
    /// The other connections see the committed ledger. In a write transaction that is what this
    /// one sees too, as long as it has not changed invoices yet (no other process can commit
    /// while it holds the write lock). In a read, every connection checks that the journal ends
    /// where this one's does (every commit appends to it); if another process committed in
    /// between, the scan runs here alone.
    func scanOpenInvoices<Part: Sendable>(
        on day: Day, parts wanted: Int, minimumInvoices: InvoiceKey?, make: @Sendable () -> Part,
        add: @Sendable (inout Part, OpenRow) -> Void
    ) throws -> [Part]
    /// How many invoices are open now, through the partial index of open invoices: the size of
    /// a dunning run's scan, for its progress line.
    func openInvoiceCount() throws -> Int
    /// Every reduction dated after `day`, added up per invoice: what turns the balances of now
    /// into those of that day. Read from the three tables' day indexes alone; empty (and
    /// answered from three index lookups) for a day on or after the last fact.
    func reductionsAfter(_ day: Day) throws -> RowIDMap<Int64>
}

/// A payment received: from a bank statement, a lockbox file or a manual entry.
public struct Payment: Hashable, Sendable {
    public var id: PaymentID
    public var customer: CustomerCode?
    public var receivedOn: Day
    public var amount: Money
    public var unapplied: Money
    /// The bank's or the file's reference (what makes a re-import harmless).
    public var reference: String?
    public var payerName: String?
    public var payerIBAN: String?
    public var remittance: String?

    public init(
        id: PaymentID, customer: CustomerCode?, receivedOn: Day, amount: Money, unapplied: Money,
        reference: String? = nil, payerName: String? = nil, payerIBAN: String? = nil, remittance: String? = nil
    ) {
        self.id = id
        self.customer = customer
        self.receivedOn = receivedOn
        self.amount = amount
        self.unapplied = unapplied
        self.reference = reference
        self.payerName = payerName
        self.payerIBAN = payerIBAN
        self.remittance = remittance
    }
}

/// How a payment found its invoice: the rule that applied, in the order they are tried.
public enum MatchRule: String, Sendable, Codable, CaseIterable {
    /// The payment file's `invoice` column named it.
    case invoiceColumn = "invoice-column"
    /// The remittance text (structured or unstructured) named it.
    case remittance
    /// The customer, recognised by code, IBAN or exact name, had exactly one open invoice with
    /// exactly the payment's amount.
    case exactBalance = "exact-balance"
    /// Applied by hand with `dun payment apply`.
    case manual
}

/// An open invoice as cash application sees it.
public struct OpenItem: Hashable, Sendable {
    public var number: InvoiceNumber
    public var customer: CustomerCode
    public var open: Money
    public var dueDate: Day

    public init(number: InvoiceNumber, customer: CustomerCode, open: Money, dueDate: Day) {
        self.number = number
        self.customer = customer
        self.open = open
        self.dueDate = dueDate
    }
}

/// One part of a payment put against one invoice.
public struct Application: Hashable, Sendable {
    public var invoice: InvoiceNumber
    public var amount: Money
    public var rule: MatchRule

    public init(invoice: InvoiceNumber, amount: Money, rule: MatchRule) {
        self.invoice = invoice
        self.amount = amount
        self.rule = rule
    }
}

/// What cash application decided for one payment.
public struct CashDecision: Hashable, Sendable {
    public var customer: CustomerCode?
    public var applications: [Application]
    /// What is left over: an overpayment, or cash no rule could place.
    public var unapplied: Money
    /// Invoices the payment named but did not pay in full: the customer deducted the rest.
    public var shortPaid: [(invoice: InvoiceNumber, residual: Money)]

    public static func == (lhs: CashDecision, rhs: CashDecision) -> Bool {
        lhs.customer == rhs.customer && lhs.applications == rhs.applications && lhs.unapplied == rhs.unapplied
            && lhs.shortPaid.map(\.invoice) == rhs.shortPaid.map(\.invoice)
            && lhs.shortPaid.map(\.residual) == rhs.shortPaid.map(\.residual)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(customer)
        hasher.combine(applications)
        hasher.combine(unapplied)
    }
}

/// Cash application: puts a payment against the invoices it pays, by the rules of the product
/// contract, in order — the invoice named in the `invoice` column or anywhere in the remittance
/// text (several may be named); else, for a recognised customer, the single open invoice with
/// exactly the payment's amount; else the cash stays unapplied for a person to place.
public enum CashApplication {
    /// Candidate invoice numbers in a remittance text: runs of letters, digits and `-`, `/`,
    /// `_`, `.` that contain a digit (`INV-2026-0001`, `F2026/118`), as typed, plus their
    /// upper-case form. The ledger decides which are invoices.
    public static func candidateNumbers(in text: String) -> [String] {
        // Over the UTF-8 bytes (anything not ASCII separates words): every remittance of an
        // import goes through here, and walking `Character`s cost as much as the payment's inserts.
        // `-`, `/`, `_`, `.`
        func isMark(_ byte: UInt8) -> Bool { byte == 0x2D || byte == 0x2F || byte == 0x5F || byte == 0x2E }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isWordByte(_ byte: UInt8) -> Bool {
            let lower = byte | 0x20
            return isDigit(byte) || (lower >= 0x61 && lower <= 0x7A) || isMark(byte)
        }
        var tokens: [String] = []
        var seen = Set<String>()
        func add(_ token: String) { if seen.insert(token).inserted { tokens.append(token) } }
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            guard isWordByte(bytes[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count && isWordByte(bytes[end]) { end += 1 }
            var low = index
            var high = end
            while high > low && isMark(bytes[high - 1]) { high -= 1 }
            while low < high && isMark(bytes[low]) { low += 1 }
            if high - low >= 3, bytes[low..<high].contains(where: isDigit) {
                let token = String(decoding: bytes[low..<high], as: UTF8.self)
                add(token)
                add(token.uppercased())
            }
            index = end
        }
        return tokens
    }

    /// Decides how to apply `amount`.
    ///
    /// - Parameters:
    ///   - named: the open invoices the `invoice` column named (first) and the remittance named,
    ///     in the order named, each with the rule that found it; invoices of another currency are
    ///     left out by the caller.
    ///   - customer: the customer recognised by code, IBAN or exact name, if any.
    ///   - customerOpenItems: that customer's open invoices in the payment's currency, or only
    ///     those on which exactly the payment's amount is open — two of them are enough (only
    ///     needed when nothing was named).
    public static func decide(
        amount: Money, named: [(item: OpenItem, rule: MatchRule)], customer: CustomerCode?,
        customerOpenItems: [OpenItem]
    ) -> CashDecision {
        var rest = amount
        var applications: [Application] = []
        var shortPaid: [(InvoiceNumber, Money)] = []
        if !named.isEmpty {
            // Pay the named invoices in the order named, each up to what is open on it.
            for (item, rule) in named where item.open.currency == amount.currency {
                let part = min(rest.minorUnits, item.open.minorUnits)
                if part > 0 {
                    applications.append(
                        Application(
                            invoice: item.number, amount: Money(minorUnits: part, currency: amount.currency), rule: rule
                        ))
                    rest = rest - Money(minorUnits: part, currency: amount.currency)
                }
                if part < item.open.minorUnits {
                    shortPaid.append(
                        (item.number, Money(minorUnits: item.open.minorUnits - part, currency: amount.currency)))
                }
            }
            let owner = customer ?? named.first?.item.customer
            return CashDecision(customer: owner, applications: applications, unapplied: rest, shortPaid: shortPaid)
        }
        if customer != nil {
            let exact = customerOpenItems.filter { $0.open == amount }
            if exact.count == 1 {
                return CashDecision(
                    customer: customer,
                    applications: [Application(invoice: exact[0].number, amount: amount, rule: .exactBalance)],
                    unapplied: .zero(amount.currency), shortPaid: [])
            }
        }
        return CashDecision(customer: customer, applications: [], unapplied: amount, shortPaid: [])
    }
}

import Foundation

/// The cash collection holds blocked on each day of a span, by the domain's hold rule: what an
/// engine reads (the holds active in the span and the invoices they cover) goes in, the totals
/// per currency and day come out.
public enum HeldCash {
    /// A hold, by the keys of what it covers, and whether it was active on each day of the span.
    public struct Span: Sendable {
        public var invoice: Int64?
        public var customer: Int64?
        public var amount: Int64?
        public var active: [Bool]

        /// `hold`'s activity on each of the `days` days from `from`.
        public init(invoice: Int64?, customer: Int64?, amount: Int64?, hold: Hold, from: Day, days: Int) {
            self.invoice = invoice
            self.customer = customer
            self.amount = amount
            active = (0..<days).map { hold.isActive(on: from + $0) }
        }
    }

    /// An invoice a hold may cover.
    public struct Balance: Sendable {
        public var currency: Currency
        public var issuedOn: Day
        /// What was open at the close of the day before the span (or its amount, issued later)...
        public var opening: Int64
        public var customer: Int64
        public var lastReducedOn: Day?
        /// ... and the reductions dated in the span or after it.
        public var reductions: [Reduction] = []

        public init(currency: Currency, issuedOn: Day, opening: Int64, customer: Int64, lastReducedOn: Day?) {
            self.currency = currency
            self.issuedOn = issuedOn
            self.opening = opening
            self.customer = customer
            self.lastReducedOn = lastReducedOn
        }
    }

    /// Each day's held total per currency (days with none left out), each invoice counted once
    /// a day: a customer's hold blocks all its open invoices, several holds on one invoice block
    /// it once, parts add up to at most its open amount.
    public static func daily(
        holds: [Span], balances: [Int64: Balance], from: Day, days span: Int
    ) -> [Currency: [Day: Int64]] {
        var byInvoice: [Int64: [Int]] = [:]
        var byCustomer: [Int64: [Int]] = [:]
        for (index, held) in holds.enumerated() {
            if let invoice = held.invoice { byInvoice[invoice, default: []].append(index) }
            if let customer = held.customer { byCustomer[customer, default: []].append(index) }
        }
        // Each day's total per currency, by the day's offset in the span.
        var perDay: [Currency: [Int64]] = [:]
        for (id, balance) in balances {
            let customerHolds = byCustomer[balance.customer] ?? []
            let own = byInvoice[id] ?? []
            var totals = perDay[balance.currency] ?? Array(repeating: 0, count: span)
            let first = max(0, balance.issuedOn.ordinal - from.ordinal)
            guard first < span else { continue }
            for offset in first..<span {
                var whole = customerHolds.contains { holds[$0].active[offset] }
                var parts: Int64 = 0
                var any = whole
                for index in own where holds[index].active[offset] {
                    any = true
                    if let amount = holds[index].amount { parts += amount } else { whole = true }
                }
                guard any else { continue }
                let open = Invoice.open(
                    amount: balance.opening, issuedOn: balance.issuedOn, reductions: balance.reductions,
                    on: from + offset)
                guard open > 0 else { continue }
                totals[offset] += Hold.held(open: open, whole: whole, parts: parts)
            }
            perDay[balance.currency] = totals
        }
        return perDay.mapValues { totals in
            Dictionary(uniqueKeysWithValues: totals.enumerated().compactMap { $1 == 0 ? nil : (from + $0, $1) })
        }
    }
}

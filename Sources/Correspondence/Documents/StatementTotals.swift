import Receivables

/// The totals under a statement, one group per currency: what is asked for, what is deducted,
/// the balance, and what is left aside because it is under review.
///
/// Currencies are never added together: a customer billed in euros and dollars sees two
/// balances. Invoices under review are counted apart and never enter the amount due, because a
/// disputed invoice must not be asked for while the dispute is open.
public struct StatementTotals: Sendable, Hashable {
    /// The totals of one currency.
    public struct PerCurrency: Sendable, Hashable {
        /// The currency of every amount here.
        public var currency: Currency
        /// The open amounts of the invoices asked for (not under review).
        public var due: Money
        /// The open amounts of the credit notes, positive: deducted from ``due``.
        public var credits: Money
        /// The unapplied cash, positive: deducted from ``due``.
        public var unappliedCash: Money
        /// How many invoices are under review, listed but not asked for.
        public var underReviewCount: Int
        /// The open amount of the invoices under review, not asked for.
        public var underReview: Money

        /// `due − credits − unapplied cash`: what the customer is asked to pay; negative when the
        /// customer has more to deduct than is due.
        public var balance: Money { due - credits - unappliedCash }

        /// Credits and unapplied cash together, positive.
        public var deductions: Money { credits + unappliedCash }

        init(currency: Currency) {
            self.currency = currency
            due = .zero(currency)
            credits = .zero(currency)
            unappliedCash = .zero(currency)
            underReviewCount = 0
            underReview = .zero(currency)
        }
    }

    /// One group per currency that appears among the items, in currency-code order.
    public var currencies: [PerCurrency]

    /// Totals the items' open amounts per currency.
    ///
    /// - Throws: ``DocumentError/invalidItem(reference:reason:)`` when an item's amount or open
    ///   amount is negative or the two are in different currencies.
    public init(items: [StatementItem]) throws(DocumentError) {
        var groups: [Currency: PerCurrency] = [:]
        for item in items {
            try StatementTotals.check(item)
            let currency = item.open.currency
            var group = groups[currency] ?? PerCurrency(currency: currency)
            switch item.kind {
            case .invoice where item.underReview:
                group.underReviewCount += 1
                group.underReview = try StatementTotals.sum(group.underReview, item)
            case .invoice:
                group.due = try StatementTotals.sum(group.due, item)
            case .creditNote:
                group.credits = try StatementTotals.sum(group.credits, item)
            case .unappliedCash:
                group.unappliedCash = try StatementTotals.sum(group.unappliedCash, item)
            }
            groups[currency] = group
        }
        currencies = groups.keys.sorted().compactMap { groups[$0] }
    }

    /// The balance of each currency, kept apart.
    public var balance: CurrencyTotals { CurrencyTotals(currencies.map(\.balance)) }

    /// The open amounts asked for, per currency, before deductions.
    public var due: CurrencyTotals { CurrencyTotals(currencies.map(\.due)) }

    /// How many invoices are under review, all currencies.
    public var underReviewCount: Int { currencies.reduce(0) { $0 + $1.underReviewCount } }

    /// The totals of one currency, or `nil` when no item is in it.
    public subscript(currency: Currency) -> PerCurrency? { currencies.first { $0.currency == currency } }

    /// `total` plus the item's open amount, refused rather than trapping when it overflows. Totals
    /// stay below a quarter of `Int64`'s range, so the balance (due − credits − cash) cannot
    /// overflow either.
    private static func sum(_ total: Money, _ item: StatementItem) throws(DocumentError) -> Money {
        let (units, overflow) = total.minorUnits.addingReportingOverflow(item.open.minorUnits)
        guard !overflow, units < Int64.max / 4 else {
            throw .invalidItem(
                reference: item.reference, reason: "the total of \(total.currency.code) amounts is too large")
        }
        return Money(minorUnits: units, currency: total.currency)
    }

    static func check(_ item: StatementItem) throws(DocumentError) {
        guard item.amount.currency == item.open.currency else {
            throw .invalidItem(
                reference: item.reference,
                reason:
                    "its amount is in \(item.amount.currency.code) but its open amount in \(item.open.currency.code)")
        }
        guard !item.amount.isNegative, !item.open.isNegative else {
            throw .invalidItem(
                reference: item.reference,
                reason:
                    "amounts are given positive (the kind says what is deducted), found \(item.amount) and \(item.open)"
            )
        }
    }
}

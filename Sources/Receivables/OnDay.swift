// The rules that make every figure a function of (ledger, day): what was open on a day, what a
// hold kept from being chased that day. Store computes the same in SQL where it must for speed;
// its tests check that both agree on generated cases.

/// A reduction of an invoice's balance — a payment applied, a credit note applied, a
/// write-off — on the day it took effect.
public struct Reduction: Hashable, Sendable {
    public var day: Day
    public var cents: Int64

    public init(day: Day, cents: Int64) {
        self.day = day
        self.cents = cents
    }
}

extension Invoice {
    /// The day a reduction dated `day` takes effect on an invoice issued on `issuedOn`: its own
    /// day, or the issue day for one dated before it (a payment received before the invoice
    /// was issued pays it from the day it exists).
    public static func effectiveDay(of day: Day, issuedOn: Day) -> Day { max(day, issuedOn) }

    /// What was open of an invoice at the close of `day`: nothing before it was issued, else its
    /// amount less every reduction that took effect on or before `day`.
    public static func open(
        amount: Int64, issuedOn: Day, reductions: some Sequence<Reduction>, on day: Day
    ) -> Int64 {
        guard issuedOn <= day else { return 0 }
        var open = amount
        for reduction in reductions where reduction.day <= day { open -= reduction.cents }
        return open
    }
}

extension Hold {
    /// The part of an invoice's open amount that the holds active on a day keep from being
    /// chased: all of it under a hold of the whole invoice or of its customer, else the amounts
    /// the partial holds name, added up, at most what is open.
    public static func held(open: Int64, whole: Bool, parts: Int64) -> Int64 {
        whole ? open : min(open, parts)
    }
}

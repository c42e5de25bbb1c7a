import Complaints
import Foundation
import Receivables

// A ledger's money has a ceiling, so that no sum can leave 64 bits.
//
// Every amount a report or a rule adds up is a part of what was invoiced, received or credited
// in one currency (an open balance, a payment's unapplied cash, a disputed or held amount), or a
// difference of such parts. `money_total` keeps the three totals per currency, and an invoice,
// payment or credit note that would take one past ``MoneyTotals/ceiling`` is refused where it
// enters, naming its line. Under the ceiling no sum of amounts overflows: Int64 holds 922 times
// it. Products of amounts and days (held amount-days, interest) are computed checked.

/// The running totals of what a ledger invoiced, received and credited, per currency.
public enum MoneyTotals {
    /// The most a ledger holds per currency of each total, in minor units: 10^16, one hundred
    /// trillion in a currency of two decimals.
    public static let ceiling: Int64 = 10_000_000_000_000_000

    /// What is added up.
    public enum Kind: String, Sendable {
        case invoiced, received, credited

        var noun: String {
            switch self {
            case .invoiced: "invoices"
            case .received: "payments"
            case .credited: "credit notes"
            }
        }
    }

    /// The refusal of an amount that would take a total past the ceiling.
    public static func refusal(_ kind: Kind, _ amount: Money, total: Int64) -> String {
        let ceiling = Money(minorUnits: ceiling, currency: amount.currency)
        return
            "amount \(amount.decimalString) \(amount.currency.code) would take the ledger's \(kind.noun) in "
            + "\(amount.currency.code) to more than \(ceiling.decimalString), the most one ledger holds "
            + "(\(Money(minorUnits: total, currency: amount.currency).decimalString) so far)"
    }
}

/// An amount refused because it would take one of the ledger's totals past the ceiling.
public struct MoneyCeilingExceeded: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

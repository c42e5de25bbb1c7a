import GRDB
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

    /// Creates `money_total` and fills it from what the ledger holds.
    static func v10MoneyTotals(_ db: Database) throws {
        // total() adds up in floating point, so that a ledger already past the ceiling (from
        // before it existed) migrates; it is then capped below Int64's end and refuses more.
        try db.execute(
            sql: """
                CREATE TABLE money_total (
                    kind TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    cents INTEGER NOT NULL,
                    PRIMARY KEY (kind, currency)
                ) WITHOUT ROWID;
                INSERT INTO money_total (kind, currency, cents)
                    SELECT 'invoiced', currency, CAST(min(total(amount_cents), 9.0e18) AS INTEGER) FROM invoice
                    GROUP BY currency;
                INSERT INTO money_total (kind, currency, cents)
                    SELECT 'received', currency, CAST(min(total(amount_cents), 9.0e18) AS INTEGER) FROM payment
                    GROUP BY currency;
                INSERT INTO money_total (kind, currency, cents)
                    SELECT 'credited', currency, CAST(min(total(amount_cents), 9.0e18) AS INTEGER) FROM credit_note
                    GROUP BY currency;
                """)
    }
}

/// An amount refused because it would take one of the ledger's totals past the ceiling.
public struct MoneyCeilingExceeded: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// The money totals a transaction has counted into, written back once before it commits (a
/// payments import counts 300,000 payments into them). Only ``LedgerTransaction/count(_:into:)``
/// adds a total here, so every one of them changed.
final class MoneyTally: @unchecked Sendable {
    struct Key: Hashable {
        var kind: MoneyTotals.Kind
        var currency: Currency
    }
    var totals: [Key: Int64] = [:]
}

extension LedgerTransaction {
    /// Adds `amount` to the ledger's total of `kind`, or refuses it when the total would pass
    /// the ceiling. The new total is written by ``writeMoneyTotals()`` before the commit.
    func count(_ amount: Money, into kind: MoneyTotals.Kind) throws {
        let key = MoneyTally.Key(kind: kind, currency: amount.currency)
        let total =
            try tally.totals[key]
            ?? Int64.fetchOne(
                db.cachedStatement(sql: "SELECT cents FROM money_total WHERE kind = ? AND currency = ?"),
                arguments: [kind.rawValue, amount.currency.code]) ?? 0
        let (sum, overflow) = total.addingReportingOverflow(amount.minorUnits)
        guard !overflow, sum <= MoneyTotals.ceiling else {
            throw MoneyCeilingExceeded(description: MoneyTotals.refusal(kind, amount, total: total))
        }
        tally.totals[key] = sum
    }

    /// Writes the totals ``count(_:into:)`` changed.
    func writeMoneyTotals() throws {
        for (key, cents) in tally.totals {
            try db.cachedStatement(
                sql: """
                    INSERT INTO money_total (kind, currency, cents) VALUES (?, ?, ?)
                    ON CONFLICT (kind, currency) DO UPDATE SET cents = excluded.cents
                    """
            ).execute(arguments: [key.kind.rawValue, key.currency.code, cents])
        }
    }
}

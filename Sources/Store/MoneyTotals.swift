import GRDB
import LedgerPort
import Receivables

extension MoneyTotals {
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

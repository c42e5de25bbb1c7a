import Foundation
import LedgerPort

/// A part of the ledger port this engine does not do yet: a clear refusal (exit 3), never a
/// wrong answer.
enum PostgresPending {
    static func notYet(_ what: String) -> StoreError {
        .storage(
            path: "PostgreSQL", message: "\(what) is not available on PostgreSQL in this dun yet; use an SQLite ledger")
    }
}

extension PostgresReader: LedgerReading {
    /// One connection per command: `there` runs after `here`, on this same snapshot.
    public func inParallel<Here, There: Sendable>(
        _ here: () throws -> Here, _ there: @escaping @Sendable (any LedgerReading) throws -> There
    ) throws -> (Here, There) {
        (try here(), try there(self))
    }
}

extension PostgresTransaction: LedgerWriting {}

import Foundation
import LedgerPort

extension PostgresReader: LedgerReading {
    /// One connection per command: `there` runs after `here`, on this same snapshot.
    public func inParallel<Here, There: Sendable>(
        _ here: () throws -> Here, _ there: @escaping @Sendable (any LedgerReading) throws -> There
    ) throws -> (Here, There) {
        (try here(), try there(self))
    }
}

extension PostgresTransaction: LedgerWriting {}

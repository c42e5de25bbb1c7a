import Dispatch
import GRDB
import LedgerPort
import Synchronization

extension LedgerReader {
    /// Where the journal ends. Every commit appends to it, so two connections that find it
    /// ending at the same entry see the same ledger.
    static func journalEnd(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM journal") ?? 0
    }

    /// What a second connection must find for its reads to join this reader's: the journal's
    /// end, or `nil` inside a write transaction, where there is nothing to check (no other
    /// process can commit while it holds the lock; the caller must not have changed yet what the
    /// other connections read).
    func sharedSnapshot() throws -> Int64? {
        holdsWriteLock ? nil : try Self.journalEnd(db)
    }

    /// Runs `body` on a new read-only connection to `file`; `nil` when that connection does not
    /// see the ledger whose journal ends at `end` (another process committed in between).
    static func readAlongside<T>(
        file: String, end: Int64?, _ body: (Database) throws -> T
    ) throws -> T? {
        var configuration = Ledger.configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: file, configuration: configuration).read { db -> T? in
            if let end, try journalEnd(db) != end { return nil }
            return try body(db)
        }
    }

    /// Runs `here` on this reader and `there` beside it, on a second read-only connection to the
    /// same file, and returns both results: two independent halves of a report take the time of
    /// the longer one on a machine with two cores.
    ///
    /// When the second connection does not see the ledger this one sees (another process
    /// committed in between), when this reader is inside a write transaction (whose changes no
    /// other connection sees), or for an in-memory ledger, `there` runs here after `here`, on
    /// this reader: the result is the same, only slower.
    public func inParallel<Here, There: Sendable>(
        _ here: () throws -> Here, _ there: @escaping @Sendable (any LedgerReading) throws -> There
    ) throws -> (Here, There) {
        guard let file, !holdsWriteLock else { return (try here(), try there(self)) }
        let end = try Self.journalEnd(db)
        let result = Mutex<Result<There?, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let outcome = Result<There?, any Error> {
                try Self.readAlongside(file: file, end: end) { db in
                    try there(LedgerReader(db: db, file: file, holdsWriteLock: false))
                }
            }
            result.withLock { $0 = outcome }
            done.signal()
        }
        let mine = Result { try here() }
        done.wait()
        let theirs = try result.withLock { $0 }!.get()
        return (try mine.get(), try theirs ?? there(self))
    }
}

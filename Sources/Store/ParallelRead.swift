import Dispatch
import GRDB
import Synchronization

extension LedgerReader {
    /// Runs `here` on this reader and `there` beside it, on a second read-only connection to the
    /// same file, and returns both results: two independent halves of a report take the time of
    /// the longer one on a machine with two cores.
    ///
    /// The second connection must see the ledger this one sees: every commit appends to the
    /// journal, so it checks the journal ends where this one's does. When it does not (another
    /// process committed in between), when this reader is inside a write transaction (whose
    /// changes no other connection sees), or for an in-memory ledger, `there` runs here after
    /// `here`, on this reader: the result is the same, only slower.
    public func inParallel<Here, There: Sendable>(
        _ here: () throws -> Here, _ there: @escaping @Sendable (LedgerReader) throws -> There
    ) throws -> (Here, There) {
        guard let file, !holdsWriteLock else { return (try here(), try there(self)) }
        let journalEnd = "SELECT coalesce(max(id), 0) FROM journal"
        let end = try Int64.fetchOne(db, sql: journalEnd)
        let result = Mutex<Result<There?, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        var configuration = Ledger.configuration()
        configuration.readonly = true
        let settings = configuration
        DispatchQueue.global().async {
            let outcome = Result<There?, any Error> {
                try DatabaseQueue(path: file, configuration: settings).read { db -> There? in
                    guard try Int64.fetchOne(db, sql: journalEnd) == end else { return nil }
                    return try there(LedgerReader(db: db, file: file, holdsWriteLock: false))
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

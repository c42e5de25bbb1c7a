import Complaints
import Foundation
import Receivables

/// An engine's key for a customer: a dense positive integer it assigns once and never reuses
/// (SQLite's rowid, PostgreSQL's identity column). Only the collection scans see it, to key
/// what they gather about a million invoices without hashing their numbers; it is never shown,
/// stored by a use case or carried from one ledger to another.
public typealias CustomerKey = Int64

/// An engine's key for an invoice, like ``CustomerKey``.
public typealias InvoiceKey = Int64

/// A ledger, on whichever engine holds it: every command reads it on one snapshot or changes it
/// in one transaction. `dun` opens one per process from `--database`; the use cases see only
/// this.
public protocol LedgerStore: Sendable {
    /// Where the ledger is, for messages: a path, or a connection string without its password.
    var location: String { get }

    /// The files the ledger lives in (none on a server): no output of a command may replace
    /// one of them.
    var files: [String] { get }

    /// Runs `body` in one transaction stamped with `stamp`, and commits when it returns (unless
    /// it asked to roll back). A transaction that changes anything must append to the journal.
    ///
    /// An engine may run `body` again from the start, in a new transaction, when its first run
    /// conflicted with another command's: `body` must begin from nothing each time (open its
    /// file inside, keep its counts inside) and do nothing outside the ledger that cannot be
    /// done twice.
    func write<T>(_ stamp: Stamp, _ body: (any LedgerWriting) throws -> T) throws -> T

    /// Like ``write(_:_:)``, for a load of many rows of one kind: the engine may relax its
    /// per-row checks while the rows go in, as long as it checks them all before the commit.
    func bulkWrite<T>(_ stamp: Stamp, loading load: BulkLoad, _ body: (any LedgerWriting) throws -> T) throws -> T

    /// Runs `body` on one consistent snapshot of the ledger.
    func read<T>(_ body: (any LedgerReading) throws -> T) throws -> T

    /// Checks the whole ledger on one snapshot: the engine's own integrity check, the
    /// references, and the ledger's invariants; `examples` problems of each kind described.
    func check(examples: Int) throws -> LedgerCheck

    /// Copies the ledger, as of one snapshot, into a new file at `path` that this same dun can
    /// open, while others go on working.
    func backup(to path: String) throws
}

/// What a bulk load brings in, so that the engine knows which references to check at the end.
public enum BulkLoad: Sendable, Hashable {
    /// Customers, with their bank accounts.
    case customers
    /// Invoices, with their lines.
    case invoices
}

/// Everything the use cases read, on one snapshot.
public protocol LedgerReading:
    ReceivablesReading, DisputeReading, HoldReading, ActionReading, CollectionReading, CollectionScanReading,
    PaymentReading, OutboxReading, TaxonomyReading, JournalReading, ReportReading
{
    /// Runs `there` beside `here`, on another snapshot that sees exactly what this one sees
    /// when the engine can (one more connection), else after it on this one.
    func inParallel<Here, There: Sendable>(
        _ here: () throws -> Here, _ there: @escaping @Sendable (any LedgerReading) throws -> There
    ) throws -> (Here, There)
}

/// Everything the use cases change, inside one transaction. Reads through ``reader`` see the
/// transaction's own changes.
public protocol LedgerWriting:
    ReceivablesWriting, DisputeWriting, HoldWriting, ActionWriting, CollectionWriting, PaymentWriting,
    OutboxWriting, TaxonomyWriting, JournalWriting
{
    /// Who acts, on which business day, recorded when.
    var stamp: Stamp { get }
    /// Reads within this transaction.
    var reader: any LedgerReading { get }
    /// Rolls the transaction back when the body returns, instead of committing (`--dry-run`).
    func rollBackAtEnd()
    /// Says that the rest of the command updates rows all over a big ledger (cash applied to
    /// invoices anywhere in a million), so that the engine may keep more of it in memory.
    func expectScatteredUpdates() throws
    /// A loader of customers, one row at a time: identical rows skipped, a row that differs from
    /// the ledger refused, or applied when `update` is on.
    func customerLoader(update: Bool) throws -> any CustomerLoading
    /// A loader of invoices and their lines, for about `expectedRows` rows.
    func invoiceLoader(expectedRows: Int) throws -> any InvoiceLoading
}

/// Loads customers, one row at a time, inside a bulk write.
public protocol CustomerLoading: AnyObject {
    /// Adds one customer read at `line` of the file.
    func add(_ customer: Customer, line: Int) throws
    /// What the load did so far.
    var counts: LoadCounts { get }
}

/// Loads invoices and their lines, one row at a time, inside a bulk write.
public protocol InvoiceLoading: AnyObject {
    /// Adds one row (an invoice, or one more line of the invoice before) read at `line`.
    func add(_ row: InvoiceRow, line: Int) throws
    /// Writes what is left and returns what the load did.
    func finish() throws -> LoadCounts
    /// The key of the first invoice this load adds: every invoice it adds has this key or a
    /// greater one.
    var firstNewKey: InvoiceKey { get }
}

/// Where a ledger is, on which engine: `dun` makes one from `--database`, the only place that
/// knows the engines; `dun init` and `dun demo` create and remove ledgers through it.
public protocol LedgerEngine: Sendable {
    /// Where the ledger is, for messages: a path, or a connection string without its password.
    var location: String { get }
    /// The files the ledger lives in (none on a server), as ``LedgerStore/files``.
    var files: [String] { get }
    /// Whether anything is there yet: a file, or tables in the database (or schema).
    func exists() throws -> Bool
    /// Opens the ledger, upgrading its schema when an older dun made it.
    func open(lockWait: LockWait) throws -> any LedgerStore
    /// Makes a new ledger with the current schema where there is none; refuses anything else
    /// untouched.
    func create(lockWait: LockWait) throws -> any LedgerStore
    /// Removes the ledger there, all of it. Only for what dun itself made and is asked to
    /// replace: a failed `dun init`, a previous `dun demo`.
    func remove() throws
}

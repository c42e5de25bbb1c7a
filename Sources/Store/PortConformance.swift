import Foundation
import LedgerPort

// The SQLite engine's types are the ledger port's: each requirement is implemented beside the
// records and queries it reads, in the file of its aggregate.

extension Ledger: LedgerStore {
    /// The file's path.
    public var location: String { path }

    public var files: [String] { file.map(SQLiteEngine.files) ?? [] }
}

extension LedgerReader: LedgerReading {}

extension LedgerTransaction: LedgerWriting {
    public func customerLoader(update: Bool) throws -> any CustomerLoading {
        try CustomerLoader(self, update: update)
    }

    public func invoiceLoader(expectedRows: Int) throws -> any InvoiceLoading {
        try InvoiceLoader(self, expectedRows: expectedRows)
    }
}

extension CustomerLoader: CustomerLoading {}

extension InvoiceLoader: InvoiceLoading {
    public var firstNewKey: InvoiceKey { firstNewID }
}

/// A ledger in an SQLite file.
public struct SQLiteEngine: LedgerEngine {
    /// The file, as the user named it.
    public var path: String

    public init(path: String) { self.path = path }

    public var location: String { path }

    public var files: [String] { Self.files(path) }

    /// The database file and the write-ahead log and shared-memory files beside it, under the
    /// name given and under the real path, after which SQLite names them.
    public static func files(_ path: String) -> [String] {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return [path, path + "-wal", path + "-shm", real + "-wal", real + "-shm"]
    }

    public func exists() -> Bool { FileManager.default.fileExists(atPath: path) }

    public func open(lockWait: LockWait) throws -> any LedgerStore { try Ledger.open(path: path, lockWait: lockWait) }

    public func create(lockWait: LockWait) throws -> any LedgerStore {
        try Ledger.create(path: path, lockWait: lockWait)
    }

    /// Removes the file and SQLite's WAL and shared-memory files beside it.
    public func remove() throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}

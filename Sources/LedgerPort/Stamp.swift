import Complaints
import Foundation
import Receivables

/// Who made a change and when: stamped on every journal entry a transaction writes.
public struct Stamp: Sendable, Hashable {
    /// The person or system acting (`--actor`, `$DUN_ACTOR`, else the OS user).
    public var actor: String
    /// The business day the change belongs to (`--as-of`).
    public var day: Day
    /// The wall-clock time of the change, UTC ISO 8601 — read by the CLI, never below it.
    public var recordedAt: String

    public init(actor: String, day: Day, recordedAt: String) {
        self.actor = actor
        self.day = day
        self.recordedAt = recordedAt
    }
}

extension Stamp {
    /// The same stamp for another actor.
    public func with(actor: String) -> Stamp { Stamp(actor: actor, day: day, recordedAt: recordedAt) }
}

/// Why the ledger could not be opened, read or written.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing at the path: the user has not run `dun init` there.
    case noLedger(path: String)
    /// `dun init` on a path that already holds a ledger.
    case alreadyInitialized(path: String)
    /// The file or database is not a ledger made by dun.
    case notALedger(path: String, reason: String)
    /// The ledger was made by a newer dun, whose changes this one does not know.
    case newerSchema(path: String, unknown: [String])
    /// Another process held the ledger's write lock for longer than this one would wait.
    case busy(path: String, waited: TimeInterval)
    /// Other commands kept changing what this one read (a shared server): it ran `attempts`
    /// times and each time one of them committed first.
    case conflict(path: String, attempts: Int)
    /// Any other storage failure (disk full, I/O error, corruption).
    case storage(path: String, message: String)

    public var description: String {
        switch self {
        case .noLedger(let path): "no ledger at \(path); run `dun init` to create one"
        case .alreadyInitialized(let path): "\(path) is already a dun ledger"
        case .notALedger(let path, let reason): "\(path) is not a dun ledger (\(reason))"
        case .newerSchema(let path, let unknown):
            "\(path) was written by a newer dun (schema \(unknown.joined(separator: ", "))); upgrade dun to open it"
        case .busy(let path, let waited):
            "\(path) is busy: another process held its write lock for more than \(LockWait.text(waited)); try again "
                + "when it is done, or wait longer with --lock-wait SECONDS (or $DUN_LOCK_WAIT)"
        case .conflict(let path, let attempts):
            "\(path): other commands kept changing the same records; gave up after \(attempts) attempts; try again"
        case .storage(let path, let message): "\(path): \(message)"
        }
    }

    /// Storage problems (locks, unreadable files, newer schemas) as opposed to user mistakes.
    public var isStorageProblem: Bool {
        switch self {
        case .noLedger, .alreadyInitialized: false
        case .notALedger, .newerSchema, .busy, .conflict, .storage: true
        }
    }
}

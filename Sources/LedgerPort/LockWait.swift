import Foundation

/// How long a command waits for another process's write lock (a long import holds it for
/// seconds), and what it does while it waits.
///
/// Each engine waits its own way: SQLite calls a busy callback each time it finds the lock taken;
/// PostgreSQL waits on the lock itself, up to a `lock_timeout`.
public struct LockWait: Sendable {
    /// The default wait: long enough for an import of a million rows.
    public static let defaultSeconds: TimeInterval = 60

    /// How long to wait at most, in seconds.
    public var seconds: TimeInterval
    /// Called once, after about a second of waiting (the CLI prints a line on a terminal).
    public var onLongWait: (@Sendable () -> Void)?

    public init(seconds: TimeInterval = LockWait.defaultSeconds, onLongWait: (@Sendable () -> Void)? = nil) {
        self.seconds = seconds
        self.onLongWait = onLongWait
    }

    /// `60 s`, `0.5 s`.
    package static func text(_ seconds: TimeInterval) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}

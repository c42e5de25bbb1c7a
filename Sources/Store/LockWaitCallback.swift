import Foundation
import LedgerPort
import Synchronization

extension LockWait {
    /// A busy callback for GRDB: one wait per lock SQLite finds taken.
    func busyCallback() -> @Sendable (Int) -> Bool {
        let state = WaitState()
        let limit = seconds
        let onLongWait = onLongWait
        return { tries in
            let now = WaitState.now()
            let (waited, announce) = state.lock.withLock { state in
                if tries == 0 { state.start = now }
                let waited = now - state.start
                let announce = waited >= 1 && waited < limit && !state.announced
                if announce { state.announced = true }
                return (waited, announce)
            }
            guard waited < limit else { return false }
            if announce { onLongWait?() }
            // 1, 2, 4 … ms, then every 20 ms: a lock released is taken within a few ms.
            let pause = min(20_000, 1_000 << min(tries, 5))
            usleep(UInt32(min(Double(pause), max(1, (limit - waited) * 1_000_000))))
            return true
        }
    }
}

/// The first try's time, and whether the long wait was announced. A configuration may be
/// shared by connections on several threads (the parallel scans), hence the lock.
private final class WaitState: Sendable {
    struct Values {
        var start: TimeInterval = 0
        var announced = false
    }
    let lock = Mutex(Values())

    /// Seconds on the monotonic clock: a change of the wall clock does not shorten a wait.
    static func now() -> TimeInterval {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return TimeInterval(time.tv_sec) + TimeInterval(time.tv_nsec) / 1_000_000_000
    }
}

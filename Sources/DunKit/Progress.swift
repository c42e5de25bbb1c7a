import Interchange

/// Where long work (an import, a dunning run) says how far it is: told every `every` rows, so
/// that the hot loop pays for a counter and a comparison, and whoever listens (the CLI, on a
/// terminal) reads the clock only then. Nothing below the CLI reads the clock.
public final class ProgressSink: @unchecked Sendable {
    /// How many rows between two updates.
    public let every: Int
    private let update: (_ label: String, _ rows: Int, _ fraction: Double?) -> Void
    private let done: () -> Void
    private var rows = 0
    private var countdown: Int

    public init(
        every: Int = 2048, update: @escaping (_ label: String, _ rows: Int, _ fraction: Double?) -> Void,
        finish: @escaping () -> Void
    ) {
        self.every = max(1, every)
        self.update = update
        self.done = finish
        countdown = self.every
    }

    /// One more row of `label`; `fraction` (how much of the work is done, 0 to 1, if known) is
    /// only evaluated on an update.
    @inline(__always)
    func row(_ label: String, fraction: @autoclosure () -> Double?) {
        rows += 1
        countdown -= 1
        if countdown == 0 {
            countdown = every
            update(label, rows, fraction())
        }
    }

    /// One more row of a CSV file being imported.
    @inline(__always)
    func row(_ label: String, of table: CSVTable) {
        row(label, fraction: table.reader.fractionRead)
    }

    /// The work is over: a progress line on the screen is cleared. Counting starts again.
    func finish() {
        rows = 0
        countdown = every
        done()
    }
}

import DunKit
import Foundation

/// The progress of long work on one line of standard error, redrawn in place: rows done, rows
/// a second and the time left, from the first second on, and only on a terminal.
final class ProgressLine: @unchecked Sendable {
    private var start = ProgressLine.now()
    private var lastDrawn = 0.0
    private var drawn = false

    /// A sink for the session when standard error is a terminal, else `nil`.
    static func sink() -> ProgressSink? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        let line = ProgressLine()
        return ProgressSink(
            update: { label, rows, fraction in line.update(label, rows: rows, fraction: fraction) },
            finish: { line.finish() })
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    func update(_ label: String, rows: Int, fraction: Double?) {
        let now = ProgressLine.now()
        let elapsed = now - start
        // Nothing for work done within a second; then at most five redraws a second.
        guard elapsed >= 1, now - lastDrawn >= 0.2 else { return }
        lastDrawn = now
        drawn = true
        var text =
            "\(label): \(ProgressLine.grouped(rows)) rows, \(ProgressLine.grouped(Int(Double(rows) / elapsed)))/s"
        if let fraction, fraction > 0 {
            let left = elapsed * (1 - fraction) / fraction
            text += ", \(Int((fraction * 100).rounded(.down))) %, about \(ProgressLine.duration(left)) left"
        }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
        start = ProgressLine.now()
        lastDrawn = 0
    }

    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        return whole < 60 ? "\(whole) s" : "\(whole / 60) min \(whole % 60) s"
    }
}

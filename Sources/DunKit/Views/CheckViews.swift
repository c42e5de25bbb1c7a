import Foundation
import Interchange
import LedgerPort

/// What `dun check` prints.
public enum CheckViews {
    struct CountJSON: Encodable, Sendable {
        var name: String
        var count: Int
    }

    struct ProblemJSON: Encodable, Sendable {
        var kind: String
        var count: Int
        var examples: [String]
    }

    struct CheckJSON: Encodable, Sendable {
        var ok: Bool
        var counts: [CountJSON]
        var problems: [ProblemJSON]
    }

    public static func check(_ check: LedgerCheck) -> Presentation {
        var doc = Document()
        let counts = check.counts.map { "\($0.count) \($0.name)" }
        if check.isOK {
            doc.paragraph(
                "ok: \(counts.joined(separator: ", ")) — integrity, references, balances, applications and journal "
                    + "checked")
        } else {
            doc.paragraph("Checked \(counts.joined(separator: ", ")).")
            for problem in check.problems {
                doc.heading("\(problem.kind): \(problem.count) problem\(problem.count == 1 ? "" : "s")")
                var lines = problem.examples.map { "  " + $0 }
                if problem.count > problem.examples.count {
                    lines.append("  … \(problem.count - problem.examples.count) more")
                }
                doc.preformatted(lines.joined(separator: "\n"))
            }
        }
        return Presentation(
            json: CheckJSON(
                ok: check.isOK, counts: check.counts.map { CountJSON(name: $0.name, count: $0.count) },
                problems: check.problems.map { ProblemJSON(kind: $0.kind, count: $0.count, examples: $0.examples) }),
            document: doc)
    }
}

/// What `dun backup` prints.
public enum BackupViews {
    struct BackupJSON: Encodable, Sendable {
        var ledger: String
        var copy: String
        var bytes: Int
    }

    public static func backup(_ result: BackupResult) -> Presentation {
        var doc = Document()
        doc.paragraph("Backed up \(result.ledger) to \(result.copy) (\(result.bytes) bytes).")
        return Presentation(
            json: BackupJSON(ledger: result.ledger, copy: result.copy, bytes: result.bytes), document: doc)
    }
}

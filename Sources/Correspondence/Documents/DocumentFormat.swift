import Foundation
import Receivables

/// How dates and amounts are written in one language, so that a French customer reads
/// `1 234,56 EUR` and `24 novembre 2026` and an English one `1,234.56 EUR` and `24 November 2026`.
///
/// Written out by hand rather than through Foundation's locales, whose output changes with the
/// ICU version installed: a notice must render to the same bytes on every machine.
struct DocumentFormat: Sendable {
    let language: Language

    /// U+202F NARROW NO-BREAK SPACE, the French thousands separator.
    static let narrowNoBreakSpace: Character = "\u{202F}"
    /// U+00A0 NO-BREAK SPACE, before French double punctuation (`Objet :`).
    static let noBreakSpace: Character = "\u{00A0}"

    private static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    private static let frenchMonths = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre",
    ]

    /// The date in running text: `24 November 2026`, `24 novembre 2026`, `1er décembre 2026`.
    func longDate(_ day: Day) -> String {
        let (year, month, dayOfMonth) = day.components
        switch language {
        case .en: return "\(dayOfMonth) \(DocumentFormat.englishMonths[month - 1]) \(year)"
        case .fr:
            let number = dayOfMonth == 1 ? "1er" : "\(dayOfMonth)"
            return "\(number) \(DocumentFormat.frenchMonths[month - 1]) \(year)"
        }
    }

    /// The date in a table column: `24 Nov 2026`, `24/11/2026`.
    func shortDate(_ day: Day) -> String {
        let (year, month, dayOfMonth) = day.components
        switch language {
        case .en: return "\(pad(dayOfMonth)) \(DocumentFormat.englishMonths[month - 1].prefix(3)) \(year)"
        case .fr: return "\(pad(dayOfMonth))/\(pad(month))/\(year)"
        }
    }

    /// The amount with its currency code: `1,234.56 EUR`, `1 234,56 EUR` (narrow no-break space
    /// between thousands, decimal comma).
    func amount(_ money: Money) -> String {
        "\(number(money)) \(money.currency.code)"
    }

    /// The amount without its currency code: `1,234.56`, `1 234,56`.
    func number(_ money: Money) -> String {
        let grouped = money.groupedString
        switch language {
        case .en: return grouped
        case .fr:
            return String(
                grouped.map { character -> Character in
                    switch character {
                    case ",": DocumentFormat.narrowNoBreakSpace
                    case ".": ","
                    default: character
                    }
                })
        }
    }

    /// Several amounts in running text: `1,200.00 EUR and 80.00 USD`, `1 200,00 EUR et 80,00 USD`.
    func amounts(_ list: [Money]) -> String {
        if list.isEmpty { return amount(.zero(.EUR)) }
        return conjunction(list.map(amount))
    }

    /// `a`, `a and b`, `a, b and c` (`et` in French).
    func conjunction(_ parts: [String]) -> String {
        guard parts.count > 1, let last = parts.last else { return parts.first ?? "" }
        let and = language == .fr ? " et " : " and "
        return parts.dropLast().joined(separator: ", ") + and + last
    }

    /// A label followed by its colon: `Subject:`, `Objet :` (French puts a no-break space before
    /// the colon).
    func colon(_ label: String) -> String {
        language == .fr ? label + String(DocumentFormat.noBreakSpace) + ":" : label + ":"
    }

    /// French spacing: a no-break space before `:` and inside `« »`, a narrow one before `;`, `?`
    /// and `!`, where the template has a plain space, so that a line never starts with a colon.
    /// English text is returned as it is.
    func typography(_ text: String) -> String {
        guard language == .fr else { return text }
        // One pass over the scalars: this runs on every paragraph of every letter of a run.
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            guard scalar == " " else {
                out.append(scalar)
                continue
            }
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if next == ":" || next == "»" || (index > 0 && scalars[index - 1] == "«") {
                out.append("\u{00A0}")
            } else if next == ";" || next == "?" || next == "!" {
                out.append("\u{202F}")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

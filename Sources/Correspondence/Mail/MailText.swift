/// Character classes and clean-ups shared by the header writers.
///
/// Everything a caller hands us as free text (a subject, a display name, a file name, an extra
/// header value) goes through ``singleLine(_:)`` before it is written, which is what makes a
/// header injection impossible: no CR, LF or other control character survives it.
enum MailText {
    /// C0 controls (including CR, LF, TAB and NUL), DEL, C1 controls (including NEL U+0085), and
    /// the Unicode line and paragraph separators: anything a reader could take for a line break.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
    }

    /// Invisible formatting characters that only serve to disguise text: the bidirectional
    /// marks, embeddings, overrides and isolates (the `invoice\u{202E}fdp.exe` trick), the
    /// Arabic letter mark and the byte-order mark.
    static func isDisguise(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200E, 0x200F, 0x061C, 0xFEFF, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The text as one line: every run of control characters and spaces becomes a single
    /// space, disguising format characters are dropped, and the ends are trimmed.
    static func singleLine(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isDisguise(scalar) { continue }
            if isControl(scalar) || scalar == " " {
                pendingSpace = true
                continue
            }
            if pendingSpace, !scalars.isEmpty { scalars.append(" ") }
            pendingSpace = false
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Whether every byte is printable US-ASCII or a space (0x20–0x7E).
    static func isPrintableASCII(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(byte)
        }
    }

    /// RFC 2045 `token` characters: printable ASCII except space and `()<>@,;:\"/[]?=`.
    static func isTokenChar(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && !Array("()<>@,;:\\\"/[]?=".utf8).contains(byte)
    }

    /// RFC 2231 `attribute-char`: a token character other than `*`, `'` and `%`.
    static func isAttributeChar(_ byte: UInt8) -> Bool {
        isTokenChar(byte) && byte != UInt8(ascii: "*") && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "%")
    }

    /// Dot-atom text: one or more runs of `atext` separated by single dots.
    static func isDotAtom(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last,
            first != UInt8(ascii: "."), last != UInt8(ascii: ".")
        else { return false }
        var previousDot = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if previousDot { return false }
                previousDot = true
            } else {
                guard isAtext(byte) else { return false }
                previousDot = false
            }
        }
        return true
    }

    /// The reason a domain is not a sane host name, or `nil` when it is one: at least two
    /// dot-separated labels of letters, digits and inner hyphens, each 1–63 characters, 253 at
    /// most in all, the last one not all digits.
    static func domainProblem(_ domain: String) -> String? {
        if domain.isEmpty { return "the domain is empty" }
        if domain.utf8.count > 253 { return "the domain is longer than 253 characters" }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count < 2 { return "the domain \"\(escaped(domain))\" has no dot" }
        for label in labels {
            let bytes = Array(label.utf8)
            guard !bytes.isEmpty else { return "the domain \"\(escaped(domain))\" has an empty label" }
            guard bytes.count <= 63 else {
                return "the domain label \"\(escaped(String(label)))\" is longer than 63 characters"
            }
            let valid = bytes.allSatisfy {
                ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
                    || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                    || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-")
            }
            guard valid, bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
                return "the domain label \"\(escaped(String(label)))\" is not letters, digits and inner hyphens"
            }
        }
        if labels.last!.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return "the domain \"\(escaped(domain))\" ends in a numeric label"
        }
        return nil
    }

    /// The text with quotes, backslashes and control characters escaped Swift-style, for error
    /// messages: `a@b\r\nBcc: x`.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if isControl(scalar) || isDisguise(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// FNV-1a, 64 bits: a stable hash for deriving boundaries (Swift's `Hasher` is seeded per run).
    static func fnv1a64(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

extension MailText {
    /// The text without leading and trailing spaces and tabs.
    static func trimmingSpaces(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// An RFC 5322 quoted-string: the text between double quotes, with `"` and `\` escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out + "\""
    }
}

/// Writes one header field as lines of at most 78 characters, folding (CRLF + space) only
/// before the space that separates two pieces, as RFC 5322 section 2.2.3 allows.
///
/// A line holding an RFC 2047 encoded-word is kept to 76 characters (RFC 2047 section 2), and
/// each encoded-word to 75. A single piece that cannot be broken and is longer than a line (an
/// address or a Message-ID of more than 76 characters) is written on a line of its own, longer
/// than 78 but far below the hard limit of 998.
///
/// The writer never emits CR or LF itself except in ``lines`` joins, and every piece it is given
/// is printable ASCII: free text reaches it only through ``appendUnstructured(_:)`` and the
/// phrase and parameter helpers, which clean it first.
struct MailHeaderWriter {
    static let lineLimit = 78
    static let encodedLineLimit = 76
    static let encodedWordLimit = 75

    private var done: [String] = []
    private var line: String
    private var lineHasEncodedWord = false
    private var lineHasContent = false

    init(name: String) { line = name + ":" }

    /// The folded lines, without line endings.
    var lines: [String] { done + [line] }

    private var column: Int { line.utf8.count }

    private mutating func fold() {
        done.append(line)
        line = ""
        lineHasEncodedWord = false
        lineHasContent = false
    }

    /// Appends a piece after a space. Folds first when the piece does not fit on this line,
    /// unless this line holds nothing yet and the piece would not fit on a new line either.
    mutating func appendWord(_ piece: String) {
        let limit = lineHasEncodedWord ? Self.encodedLineLimit : Self.lineLimit
        let width = 1 + piece.utf8.count
        if column + width > limit, lineHasContent || width <= Self.lineLimit { fold() }
        line += " " + piece
        lineHasContent = true
    }

    /// Appends free text as an unstructured field body (Subject, extra headers).
    ///
    /// The text is first made one line (``MailText/singleLine(_:)``). Printable ASCII that has
    /// no `=?` and no word too long for a line is written as it is, folded between words;
    /// anything else is written as encoded-words.
    mutating func appendUnstructured(_ raw: String) {
        let text = MailText.singleLine(raw)
        guard !text.isEmpty else { return }
        let words = text.split(separator: " ")
        let plain =
            MailText.isPrintableASCII(text) && !text.contains("=?")
            && words.allSatisfy { 1 + $0.utf8.count <= Self.lineLimit }
        if plain {
            for word in words { appendWord(String(word)) }
        } else {
            appendEncodedWords(text)
        }
    }

    /// Appends text as a run of encoded-words separated by folding white space, each one filling
    /// the room left on its line (76 characters) up to 75 characters, split only between
    /// characters. Whitespace between adjacent encoded-words is dropped by readers, so the text
    /// comes back exactly.
    mutating func appendEncodedWords(_ text: String) {
        let q = MailEncodedWord.prefersQ(text)
        let units = MailEncodedWord.units(text)
        var index = 0
        while index < units.count {
            let room = min(Self.encodedWordLimit, Self.encodedLineLimit - column - 1)
            var bytes: [UInt8] = []
            var taken = 0
            while index + taken < units.count {
                let candidate = bytes + units[index + taken]
                guard MailEncodedWord.length(of: candidate, q: q) <= room else { break }
                bytes = candidate
                taken += 1
            }
            if taken == 0 {
                // Not even one character fits here; on a new line at least one always does.
                fold()
                continue
            }
            line += " " + MailEncodedWord.encode(bytes, q: q)
            lineHasContent = true
            lineHasEncodedWord = true
            index += taken
        }
    }

    /// Appends a list of mailboxes separated by commas, folding between mailboxes when one does
    /// not fit on the current line, and inside a mailbox only when it is longer than a line.
    mutating func appendMailboxes(_ mailboxes: [MailAddress]) {
        for (position, mailbox) in mailboxes.enumerated() {
            let comma = position == mailboxes.count - 1 ? "" : ","
            let phrase = MailPhrase(mailbox.name)
            let addressPiece = phrase == nil ? mailbox.address + comma : "<" + mailbox.address + ">" + comma
            let width: Int
            switch phrase {
            case nil: width = 1 + addressPiece.utf8.count
            case .atoms(let words)?: width = words.reduce(0) { $0 + 1 + $1.utf8.count } + 1 + addressPiece.utf8.count
            case .encoded(let text)?: width = 1 + MailEncodedWord.singleWordLength(text) + 1 + addressPiece.utf8.count
            }
            let limit = lineHasEncodedWord || phrase?.isEncoded == true ? Self.encodedLineLimit : Self.lineLimit
            if lineHasContent, column + width > limit { fold() }
            switch phrase {
            case nil: break
            case .atoms(let words)?: for word in words { appendWord(word) }
            case .encoded(let text)?: appendEncodedWords(text)
            }
            appendWord(addressPiece)
        }
    }

    /// Appends a MIME value with parameters: `text/csv; charset=utf-8; name="x.csv"`, folding
    /// after a `;` when needed. Parameters are given as already-formatted `name=value` pieces.
    mutating func appendValue(_ value: String, parameters: [String]) {
        let pieces = [value] + parameters
        for (position, piece) in pieces.enumerated() {
            appendWord(position == pieces.count - 1 ? piece : piece + ";")
        }
    }
}

/// How a display name is written: as plain words, or as encoded-words.
enum MailPhrase: Equatable {
    /// Atoms or one quoted string, ready to write.
    case atoms([String])
    /// Text to write as encoded-words.
    case encoded(String)

    /// The phrase for a display name, or `nil` when the name is absent or blank once cleaned.
    ///
    /// Names of atoms (`Jean Dupont`) are written as they are; printable ASCII with specials is
    /// quoted (`"Dupont, Jean"`, `"O'Neil \"Jr\""`); non-ASCII names, names containing `=?`,
    /// and quoted strings too long for a line become encoded-words.
    init?(_ name: String?) {
        let text = MailText.singleLine(name ?? "")
        if text.isEmpty { return nil }
        guard MailText.isPrintableASCII(text), !text.contains("=?") else {
            self = .encoded(text)
            return
        }
        let words = text.split(separator: " ").map(String.init)
        if words.allSatisfy({ $0.utf8.allSatisfy(MailText.isAtext) && 1 + $0.utf8.count <= MailHeaderWriter.lineLimit })
        {
            self = .atoms(words)
            return
        }
        let quoted = MailText.quoted(text)
        self = 1 + quoted.utf8.count <= MailHeaderWriter.lineLimit ? .atoms([quoted]) : .encoded(text)
    }

    var isEncoded: Bool { if case .encoded = self { true } else { false } }
}

/// RFC 2047 encoded-words in UTF-8: `=?UTF-8?B?…?=` or `=?UTF-8?Q?…?=`.
enum MailEncodedWord {
    /// `=?UTF-8?Q?` and `?=`.
    static let overhead = 12

    /// The bytes Q writes as themselves: the set RFC 2047 section 5 (3) allows in a phrase, which
    /// is also safe in unstructured text.
    static func isQPlain(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")
    }

    static func qLength(_ byte: UInt8) -> Int { isQPlain(byte) || byte == 0x20 ? 1 : 3 }

    /// The length of the encoded-word holding `bytes`.
    static func length(of bytes: [UInt8], q: Bool) -> Int {
        overhead + (q ? bytes.reduce(0) { $0 + qLength($1) } : (bytes.count + 2) / 3 * 4)
    }

    /// Whether Q is no longer than B for this text (mostly-ASCII text reads better in Q).
    static func prefersQ(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.reduce(0) { $0 + qLength($1) } <= (bytes.count + 2) / 3 * 4
    }

    /// The length of the text as one encoded-word, whatever the limit.
    static func singleWordLength(_ text: String) -> Int {
        length(of: Array(text.utf8), q: prefersQ(text))
    }

    /// The UTF-8 bytes of each character, the units an encoded-word may not split. A character
    /// too long for one word on its own (a long combining sequence) is split into its scalars.
    static func units(_ text: String) -> [[UInt8]] {
        var units: [[UInt8]] = []
        for character in text {
            let bytes = Array(character.utf8)
            if bytes.count <= 21 {
                units.append(bytes)
            } else {
                for scalar in character.unicodeScalars { units.append(Array(String(scalar).utf8)) }
            }
        }
        return units
    }

    static func encode(_ bytes: [UInt8], q: Bool) -> String {
        var out = Array((q ? "=?UTF-8?Q?" : "=?UTF-8?B?").utf8)
        if q {
            for byte in bytes {
                if isQPlain(byte) {
                    out.append(byte)
                } else if byte == 0x20 {
                    out.append(UInt8(ascii: "_"))
                } else {
                    out += [
                        UInt8(ascii: "="), MailText.hexDigits[Int(byte >> 4)], MailText.hexDigits[Int(byte & 0x0F)],
                    ]
                }
            }
        } else {
            out += MailBodyEncoding.base64(bytes)
        }
        out += Array("?=".utf8)
        return String(decoding: out, as: UTF8.self)
    }
}

/// RFC 2231 and quoted-string forms of one parameter.
enum MailParameterWriter {
    /// The pieces for parameter `name` with free-text `value`: `name="value"` when the value is
    /// printable ASCII without `"` or `\` and fits a line; otherwise `name*=utf-8''…`
    /// percent-encoded, split into `name*0*=utf-8''…; name*1*=…` continuations when long.
    /// Continuations never split a character or a `%XX` escape.
    static func pieces(name: String, value: String) -> [String] {
        if MailText.isPrintableASCII(value), !value.contains("\""), !value.contains("\\") {
            let piece = "\(name)=\"\(value)\""
            if 2 + piece.utf8.count <= MailHeaderWriter.lineLimit { return [piece] }
        }
        var units: [String] = []
        for scalar in value.unicodeScalars {
            var unit = ""
            for byte in String(scalar).utf8 {
                if MailText.isAttributeChar(byte) {
                    unit.unicodeScalars.append(UnicodeScalar(byte))
                } else {
                    unit +=
                        "%" + String(UnicodeScalar(MailText.hexDigits[Int(byte >> 4)]))
                        + String(UnicodeScalar(MailText.hexDigits[Int(byte & 0x0F)]))
                }
            }
            units.append(unit)
        }
        let whole = "\(name)*=utf-8''" + units.joined()
        if 2 + whole.utf8.count <= MailHeaderWriter.lineLimit { return [whole] }
        var pieces: [String] = []
        var index = 0
        while index < units.count {
            var piece = "\(name)*\(pieces.count)*=" + (pieces.isEmpty ? "utf-8''" : "")
            var taken = 0
            while index + taken < units.count,
                2 + piece.utf8.count + units[index + taken].utf8.count <= MailHeaderWriter.lineLimit
            {
                piece += units[index + taken]
                taken += 1
            }
            if taken == 0 {  // cannot happen with names this short; keep going regardless
                piece += units[index]
                taken = 1
            }
            pieces.append(piece)
            index += taken
        }
        return pieces
    }

    /// The file name as written: one line, no bidirectional tricks, no path separators, never
    /// empty.
    static func cleanFilename(_ raw: String) -> String {
        var text = MailText.singleLine(raw)
        text = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "/" || $0 == "\\" ? "_" : $0 }))
        return text.isEmpty ? "attachment" : text
    }
}

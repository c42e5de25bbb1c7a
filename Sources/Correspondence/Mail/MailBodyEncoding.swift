/// Content-transfer-encodings for message bodies: quoted-printable and base64 (RFC 2045
/// sections 6.7 and 6.8), both producing 7-bit lines of at most 76 characters ending in CRLF.
enum MailBodyEncoding {
    static let crlf: [UInt8] = [0x0D, 0x0A]

    /// The lines of a text, split at CRLF, lone CR and lone LF. A final line break does not
    /// start another line: `"a\nb\n"` and `"a\nb"` both give two lines.
    static func lines(_ text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var afterCR = false
        for byte in text.utf8 {
            if byte == 0x0A, afterCR {
                afterCR = false
                continue
            }
            afterCR = byte == 0x0D
            if byte == 0x0D || byte == 0x0A {
                lines.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The text in canonical form (RFC 2046 section 4.1.1): UTF-8, every line ending in CRLF.
    static func canonicalText(_ text: String) -> [UInt8] {
        lines(text).flatMap { $0 + crlf }
    }

    /// Quoted-printable encoding of the canonical form of `text`.
    ///
    /// Bytes 33–126 other than `=` stand for themselves; spaces and tabs too, except at the end
    /// of a line; everything else is `=XX`. Lines longer than 76 characters are broken with soft
    /// line breaks (`=` at the end, counted in the 76), never inside an `=XX`. A `.` or the `F`
    /// of `From ` that would start an encoded line is escaped too, so no transport can mistake
    /// the line for the end of the data or an mbox separator.
    static func quotedPrintable(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 4 + 16)
        // Written byte by byte into one buffer: every letter of a dunning run goes through here.
        for line in lines(text) {
            var column = 0
            let count = line.count
            for position in 0..<count {
                let byte = line[position]
                let isLast = position == count - 1
                let literal =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == 0x20 || byte == 0x09) && !isLast)
                let risky =
                    byte == UInt8(ascii: ".")
                    || (byte == UInt8(ascii: "F") && line[position...].starts(with: "From ".utf8))
                var escaped = !literal || (column == 0 && risky)
                // Room for the "=" of a soft line break, unless this is the line's last byte.
                if column + (escaped ? 3 : 1) > (isLast ? 76 : 75) {
                    out.append(UInt8(ascii: "="))
                    out.append(0x0D)
                    out.append(0x0A)
                    column = 0
                    escaped = !literal || risky
                }
                if escaped {
                    out.append(UInt8(ascii: "="))
                    out.append(MailText.hexDigits[Int(byte >> 4)])
                    out.append(MailText.hexDigits[Int(byte & 0x0F)])
                    column += 3
                } else {
                    out.append(byte)
                    column += 1
                }
            }
            out.append(0x0D)
            out.append(0x0A)
        }
        return out
    }

    static func escape(_ byte: UInt8) -> [UInt8] {
        [UInt8(ascii: "="), MailText.hexDigits[Int(byte >> 4)], MailText.hexDigits[Int(byte & 0x0F)]]
    }

    static let base64Alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Base64 of `bytes` on one line, with `=` padding.
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(base64Alphabet[Int(b0 >> 2)])
            out.append(base64Alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(index + 1 < bytes.count ? base64Alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? base64Alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return out
    }

    /// Base64 of `bytes` in lines of 76 characters, each ending in CRLF.
    static func base64Lines(_ bytes: [UInt8]) -> [UInt8] {
        let encoded = base64(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 76 * 2 + 2)
        var start = 0
        while start < encoded.count {
            let end = min(start + 76, encoded.count)
            out += encoded[start..<end]
            out += crlf
            start = end
        }
        return out
    }

    /// A text body in the shorter of quoted-printable and base64 (quoted-printable on a tie):
    /// the encoding's name and the encoded lines.
    static func textBody(_ text: String) -> (encoding: String, body: [UInt8]) {
        let qp = quotedPrintable(text)
        let b64 = base64Lines(canonicalText(text))
        return qp.count <= b64.count ? ("quoted-printable", qp) : ("base64", b64)
    }
}

/// An email ready to be written as an RFC 5322 / MIME message and handed to a
/// sendmail-compatible command (`sendmail -t -i`, `msmtp -t`).
///
/// The layout depends on what the message holds:
/// - text only: `text/plain; charset=utf-8`;
/// - text and HTML: `multipart/alternative`, the text part first;
/// - with attachments: `multipart/mixed`, the text (or the alternative) first, then each file
///   base64-encoded as `Content-Disposition: attachment`.
///
/// Bodies are UTF-8 in quoted-printable (or base64 when that is shorter, as for text that is
/// mostly non-Latin), headers use RFC 2047 encoded-words for non-ASCII text and are folded to
/// 78 characters, and every line ends in CRLF: the output is 7-bit ASCII.
///
/// Nothing here reads the clock or a random generator: the date and the Message-ID are given,
/// and the MIME boundaries derive from the Message-ID, so the same message renders to the same
/// bytes every time.
///
/// Free text (subject, display names, file names, extra header values) can never add a header
/// line or break the MIME structure: control characters, CR and LF included, are turned into
/// spaces before anything is written. Addresses, header names, content types and Message-IDs
/// are checked when their values are made (``MailAddress``, ``MailHeaderField``,
/// ``MailAttachment``, ``MailMessageID``).
public struct MailMessage: Sendable, Hashable {
    /// The author, written in `From:`.
    public var from: MailAddress
    /// Where replies should go, written in `Reply-To:` when set.
    public var replyTo: MailAddress?
    /// The primary recipients, written in `To:`.
    public var to: [MailAddress]
    /// The copied recipients, written in `Cc:`.
    public var cc: [MailAddress]
    /// The blind-copied recipients, written in `Bcc:` so that `sendmail -t` finds them; see
    /// ``rendered(includingBcc:)``.
    public var bcc: [MailAddress]
    /// The subject, free text.
    public var subject: String
    /// The plain-text body; line endings of any kind are normalised to CRLF and a final line
    /// break is added when missing.
    public var textBody: String
    /// An HTML alternative to the text body, or `nil`.
    public var htmlBody: String?
    /// Files attached after the body, in order.
    public var attachments: [MailAttachment]
    /// The `Date:` of the message.
    public var date: MailDate
    /// The `Message-ID:`, from which the MIME boundaries also derive.
    public var messageID: MailMessageID
    /// Further header fields, written after `Message-ID:` in the order given.
    public var extraHeaders: [MailHeaderField]

    /// A message.
    ///
    /// - Throws: ``MailError/noRecipients`` when `to`, `cc` and `bcc` are all empty.
    public init(
        from: MailAddress, replyTo: MailAddress? = nil, to: [MailAddress], cc: [MailAddress] = [],
        bcc: [MailAddress] = [], subject: String, textBody: String, htmlBody: String? = nil,
        attachments: [MailAttachment] = [], date: MailDate, messageID: MailMessageID,
        extraHeaders: [MailHeaderField] = []
    ) throws(MailError) {
        guard !(to.isEmpty && cc.isEmpty && bcc.isEmpty) else { throw .noRecipients }
        self.from = from
        self.replyTo = replyTo
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
        self.date = date
        self.messageID = messageID
        self.extraHeaders = extraHeaders
    }

    /// The Message-ID `<token@domain>` for a token the caller makes unique (a random string or a
    /// counter, chosen outside) and the sender's domain (``MailAddress/domain``).
    ///
    /// - Throws: ``MailError/invalidMessageID(_:reason:)``; see ``MailMessageID/init(token:domain:)``.
    public static func makeMessageID(token: String, domain: String) throws(MailError) -> MailMessageID {
        try MailMessageID(token: token, domain: domain)
    }

    /// Everyone the message goes to: To, then Cc, then Bcc, as given.
    public var recipients: [MailAddress] { to + cc + bcc }

    /// The whole message: header fields, a blank line and the body, every line ending in CRLF,
    /// 7-bit ASCII throughout.
    ///
    /// Header fields come in this order: `Date`, `From`, `Reply-To` (when set), `To` (or
    /// `To: undisclosed-recipients:;` when there are only blind copies), `Cc`, `Bcc`, `Subject`,
    /// `Message-ID`, the extra headers, `MIME-Version`, then the content fields.
    ///
    /// - Parameter includingBcc: whether to write the `Bcc:` field. Keep it (the default) when
    ///   piping to `sendmail -t` or `msmtp -t`: they read recipients from To, Cc and Bcc and
    ///   remove the Bcc field before delivering. Leave it out when the recipients travel
    ///   separately (an SMTP envelope, `sendmail` without `-t`), or every recipient would see
    ///   the blind copies.
    public func rendered(includingBcc: Bool = true) -> [UInt8] {
        var header: [String] = []
        func field(_ name: String, _ build: (inout MailHeaderWriter) -> Void) {
            var writer = MailHeaderWriter(name: name)
            build(&writer)
            header += writer.lines
        }
        field("Date") { $0.appendWord(date.rfc5322) }
        field("From") { $0.appendMailboxes([from]) }
        if let replyTo { field("Reply-To") { $0.appendMailboxes([replyTo]) } }
        if !to.isEmpty {
            field("To") { $0.appendMailboxes(to) }
        } else if cc.isEmpty {
            field("To") { $0.appendWord("undisclosed-recipients:;") }
        }
        if !cc.isEmpty { field("Cc") { $0.appendMailboxes(cc) } }
        if includingBcc, !bcc.isEmpty { field("Bcc") { $0.appendMailboxes(bcc) } }
        field("Subject") { $0.appendUnstructured(subject) }
        field("Message-ID") { $0.appendWord(messageID.description) }
        for extra in extraHeaders {
            field(extra.name) { $0.appendUnstructured(extra.value) }
        }
        field("MIME-Version") { $0.appendWord("1.0") }
        let body = bodyEntity()
        header += body.header
        var out: [UInt8] = []
        for line in header { out += Array(line.utf8) + MailBodyEncoding.crlf }
        out += MailBodyEncoding.crlf
        out += body.body
        return out
    }

    /// The top-level entity: content header lines and encoded body.
    func bodyEntity() -> MailEntity {
        let seed = String(MailText.fnv1a64(messageID.description.utf8), radix: 16)
        let seedPadded = String(repeating: "0", count: 16 - seed.count) + seed
        var content = MailEntity.text(textBody, subtype: "plain")
        if let htmlBody {
            content = MailEntity.multipart(
                "alternative", parts: [content, MailEntity.text(htmlBody, subtype: "html")],
                boundary: "=_dun_alt_" + seedPadded)
        }
        if !attachments.isEmpty {
            content = MailEntity.multipart(
                "mixed", parts: [content] + attachments.map(MailEntity.attachment),
                boundary: "=_dun_mix_" + seedPadded)
        }
        return content
    }
}

/// One MIME entity: its content header lines (folded, without line endings) and its encoded
/// body, whose lines end in CRLF.
struct MailEntity {
    var header: [String]
    var body: [UInt8]

    /// The entity as it appears inside a multipart body.
    var serialized: [UInt8] {
        var out: [UInt8] = []
        for line in header { out += Array(line.utf8) + MailBodyEncoding.crlf }
        return out + MailBodyEncoding.crlf + body
    }

    static func field(_ name: String, value: String, parameters: [String] = []) -> [String] {
        var writer = MailHeaderWriter(name: name)
        writer.appendValue(value, parameters: parameters)
        return writer.lines
    }

    static func text(_ text: String, subtype: String) -> MailEntity {
        let (encoding, body) = MailBodyEncoding.textBody(text)
        return MailEntity(
            header: field("Content-Type", value: "text/\(subtype)", parameters: ["charset=utf-8"])
                + field("Content-Transfer-Encoding", value: encoding),
            body: body)
    }

    static func attachment(_ attachment: MailAttachment) -> MailEntity {
        let filename = MailParameterWriter.cleanFilename(attachment.filename)
        // The caller's parameters as given, or as RFC 2231 continuations when too long for a line.
        let typeParameters = attachment.parameters.flatMap { parameter in
            let simple = "\(parameter.name)=\(MailParameter.tokenOrQuoted(parameter.value))"
            return 2 + simple.utf8.count <= MailHeaderWriter.lineLimit
                ? [simple] : MailParameterWriter.pieces(name: parameter.name, value: parameter.value)
        }
        return MailEntity(
            header: field(
                "Content-Type", value: attachment.mediaType,
                parameters: typeParameters + MailParameterWriter.pieces(name: "name", value: filename))
                + field(
                    "Content-Disposition", value: "attachment",
                    parameters: MailParameterWriter.pieces(name: "filename", value: filename))
                + field("Content-Transfer-Encoding", value: "base64"),
            body: MailBodyEncoding.base64Lines(attachment.data))
    }

    /// A multipart entity. The boundary starts from `boundary` and takes a `_1`, `_2`… suffix
    /// until `--boundary` occurs nowhere in any part. (The `=_` in it cannot occur in
    /// quoted-printable or base64 text, so the first candidate is expected to do.)
    static func multipart(_ subtype: String, parts: [MailEntity], boundary base: String) -> MailEntity {
        let serializedParts = parts.map(\.serialized)
        let boundary = uniqueBoundary(base, avoiding: serializedParts)
        var body: [UInt8] = []
        for part in serializedParts {
            body += Array("--\(boundary)".utf8) + MailBodyEncoding.crlf
            body += part
            body += MailBodyEncoding.crlf
        }
        body += Array("--\(boundary)--".utf8) + MailBodyEncoding.crlf
        return MailEntity(
            header: field("Content-Type", value: "multipart/\(subtype)", parameters: ["boundary=\"\(boundary)\""]),
            body: body)
    }

    /// `base`, or `base_1`, `base_2`… : the first that no part contains as `--boundary`.
    static func uniqueBoundary(_ base: String, avoiding parts: [[UInt8]]) -> String {
        var candidate = base
        var attempt = 0
        while parts.contains(where: { contains($0, Array("--\(candidate)".utf8)) }) {
            attempt += 1
            candidate = "\(base)_\(attempt)"
        }
        return candidate
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}

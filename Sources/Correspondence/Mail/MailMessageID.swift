/// A Message-ID, `<token@domain>`: a token the caller makes unique (the randomness or counter
/// comes from outside, so rendering stays deterministic) and the sender's domain.
public struct MailMessageID: Sendable, Hashable, CustomStringConvertible {
    /// The part before `@`: dot-atom text of 1–64 characters, such as `dun.D-12.20261124.7f3a`.
    public let token: String
    /// The part after `@`: a host name such as `example.fr`, usually the sender's domain.
    public let domain: String

    /// The Message-ID `<token@domain>`.
    ///
    /// - Throws: ``MailError/invalidMessageID(_:reason:)`` when the token is not dot-atom text
    ///   (letters, digits, ``!#$%&'*+-/=?^_`{|}~`` and single inner dots) of 1–64 characters, or
    ///   the domain is not a host name with a dot.
    public init(token: String, domain: String) throws(MailError) {
        guard !token.isEmpty else { throw .invalidMessageID(token, reason: "the token is empty") }
        guard token.utf8.count <= 64 else {
            throw .invalidMessageID(token, reason: "the token is longer than 64 characters")
        }
        guard MailText.isDotAtom(token) else {
            throw .invalidMessageID(
                token, reason: "the token may hold only letters, digits, !#$%&'*+-/=?^_`{|}~ and single inner dots")
        }
        if let problem = MailText.domainProblem(domain) { throw .invalidMessageID(domain, reason: problem) }
        self.token = token
        self.domain = domain
    }

    /// `<token@domain>`, as written in the `Message-ID:` header.
    public var description: String { "<\(token)@\(domain)>" }
}

/// An additional header the caller wants on a message, such as `X-Dun-Document: D-12`.
///
/// The name must be an RFC 5322 field name (1–76 printable ASCII characters other than `:`,
/// no spaces) and must not be one the message writes itself or one that changes who receives
/// the message: `Date`, `From`, `Sender`, `Reply-To`, `To`, `Cc`, `Bcc`, `Subject`,
/// `Message-ID`, `MIME-Version`, `Return-Path`, `Received`, `Apparently-To`, and any
/// `Content-…` or `Resent-…` field (`sendmail -t` takes recipients from `Resent-To` and the like).
///
/// The value is free text and is never rejected: it is written like a subject, control
/// characters turned into spaces and non-ASCII text as encoded-words, so it stays one header.
public struct MailHeaderField: Sendable, Hashable {
    /// The field name as given, such as `X-Dun-Document`.
    public let name: String
    /// The value as given, such as `D-12`.
    public let value: String

    /// A header field, once `name` has been checked.
    ///
    /// - Throws: ``MailError/invalidHeaderName(_:reason:)`` for a malformed or reserved name.
    public init(name: String, value: String) throws(MailError) {
        if let problem = MailHeaderField.problem(name) { throw .invalidHeaderName(name, reason: problem) }
        self.name = name
        self.value = value
    }

    static let reservedNames: Set<String> = [
        "date", "from", "sender", "reply-to", "to", "cc", "bcc", "subject", "message-id",
        "mime-version", "return-path", "received", "apparently-to",
    ]
    static let reservedPrefixes = ["content-", "resent-"]

    static func problem(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.unicodeScalars.contains(where: MailText.isControl) {
            return "it contains a line break or another control character"
        }
        if name.unicodeScalars.contains(" ") { return "it contains a space" }
        if !name.unicodeScalars.allSatisfy(\.isASCII) { return "it contains non-ASCII characters" }
        if name.unicodeScalars.contains(":") { return "it contains \":\"" }
        if name.utf8.count > 76 { return "it is longer than 76 characters" }
        let lower = name.lowercased()
        if reservedNames.contains(lower) || reservedPrefixes.contains(where: lower.hasPrefix) {
            return "the message writes this header itself"
        }
        return nil
    }
}

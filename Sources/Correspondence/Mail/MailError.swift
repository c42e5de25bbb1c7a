/// Why a piece of an email cannot be built: an address, a header name, a content type, a
/// Message-ID part or a date that is not acceptable, or a message nobody would receive.
///
/// Described as `email address "a@b\r\nBcc: x@y" is not valid: it contains a line break or
/// another control character`. The offending text is shown with its control characters escaped
/// (`\r`, `\n`, `\t`, `\0`, `\u{1B}`), so the message itself is always one safe line.
public enum MailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An email address that is not a plain `local@domain` addr-spec; the reason says what is wrong.
    case invalidAddress(String, reason: String)
    /// A header name that is not an RFC 5322 field name, or one the message writes itself.
    case invalidHeaderName(String, reason: String)
    /// An attachment content type that is not `type/subtype` with well-formed parameters.
    case invalidContentType(String, reason: String)
    /// A Message-ID token or domain that cannot form `<token@domain>`.
    case invalidMessageID(String, reason: String)
    /// A date outside years 1900–9999, an offset beyond ±23:59, or a time of day that does not exist.
    case invalidDate(String)
    /// To, Cc and Bcc are all empty.
    case noRecipients

    public var description: String {
        switch self {
        case .invalidAddress(let text, let reason):
            "email address \"\(MailText.escaped(text))\" is not valid: \(reason)"
        case .invalidHeaderName(let text, let reason):
            "header name \"\(MailText.escaped(text))\" cannot be used: \(reason)"
        case .invalidContentType(let text, let reason):
            "content type \"\(MailText.escaped(text))\" is not valid: \(reason)"
        case .invalidMessageID(let text, let reason):
            "message id part \"\(MailText.escaped(text))\" is not valid: \(reason)"
        case .invalidDate(let reason):
            "mail date is not valid: \(reason)"
        case .noRecipients:
            "the message has no recipient: To, Cc and Bcc are all empty"
        }
    }
}

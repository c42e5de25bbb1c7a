/// One mailbox: an optional display name and a plain `local@domain` address.
///
/// The address is checked when the value is made, and the value cannot be changed afterwards,
/// so a `MailAddress` always holds an address that is safe to write into a header: ASCII only,
/// no spaces, no control characters, no `<>`, `,`, `;`, quotes or brackets, exactly one `@`, a
/// dot-atom local part of at most 64 characters that does not start with `-` (so it can never
/// be taken for an option if it reaches a `sendmail -f` command line), and a host-name domain
/// with at least one dot.
///
/// Not supported, and rejected: quoted local parts (`"a b"@x.fr`), domain literals
/// (`a@[192.0.2.1]`), and internationalised addresses (give the domain in its `xn--` form).
///
/// The display name is free text and is never rejected: control characters in it are turned
/// into spaces when the message is written, and anything beyond plain ASCII is written as RFC
/// 2047 encoded-words.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name, such as `Société Générale` or `Dupont, Jean`; `nil` for none.
    public let name: String?
    /// The addr-spec, such as `compta@example.fr`.
    public let address: String

    /// A mailbox, once `address` has been checked.
    ///
    /// - Throws: ``MailError/invalidAddress(_:reason:)`` when `address` is not a plain addr-spec.
    public init(name: String? = nil, address: String) throws(MailError) {
        if let problem = MailAddress.problem(address) {
            throw .invalidAddress(address, reason: problem)
        }
        self.name = name
        self.address = address
    }

    /// Reads one mailbox: `compta@example.fr`, `Jean Dupont <jean@example.fr>` or
    /// `"Dupont, Jean" <jean@example.fr>` (a quoted name may use `\"` and `\\`).
    ///
    /// - Throws: ``MailError/invalidAddress(_:reason:)`` when the address part is not valid, or
    ///   when an unquoted name holds `<` or `>` (as in a list of several mailboxes).
    public init(parsing text: String) throws(MailError) {
        let trimmed = MailText.trimmingSpaces(text)
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
            try self.init(name: nil, address: trimmed)
            return
        }
        let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        var name = MailText.trimmingSpaces(String(trimmed[..<open]))
        let quoted = name.count >= 2 && name.hasPrefix("\"") && name.hasSuffix("\"")
        if !quoted, name.contains("<") || name.contains(">") {
            throw .invalidAddress(text, reason: "it holds more than one address, or a stray \"<\" or \">\"")
        }
        if quoted {
            var unquoted = ""
            var escaping = false
            for character in name.dropFirst().dropLast() {
                if escaping {
                    unquoted.append(character)
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else {
                    unquoted.append(character)
                }
            }
            name = unquoted
        }
        try self.init(name: name.isEmpty ? nil : name, address: address)
    }

    /// The part before the `@`.
    public var localPart: String { String(address[..<address.lastIndex(of: "@")!]) }

    /// The part after the `@`, such as `example.fr`; handy for ``MailMessage/makeMessageID(token:domain:)``.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    /// `Jean Dupont <jean@example.fr>`, `"Dupont, Jean" <jean@example.fr>` or `jean@example.fr`,
    /// for showing to a person. The name appears as Unicode text, cleaned of control characters;
    /// the message headers use encoded-words instead.
    public var description: String {
        let name = MailText.singleLine(name ?? "")
        if name.isEmpty { return address }
        let plain = name.utf8.allSatisfy { $0 >= 0x80 || $0 == 0x20 || MailText.isAtext($0) }
        let shown = plain ? name : MailText.quoted(name)
        return "\(shown) <\(address)>"
    }

    /// Why `address` is not an acceptable addr-spec, or `nil` when it is one.
    static func problem(_ address: String) -> String? {
        if address.isEmpty { return "it is empty" }
        if address.unicodeScalars.contains(where: MailText.isControl) {
            return "it contains a line break or another control character"
        }
        if address.unicodeScalars.contains(where: { $0 == " " || $0.properties.isWhitespace }) {
            return "it contains a space"
        }
        if !address.unicodeScalars.allSatisfy(\.isASCII) {
            return "it contains non-ASCII characters (internationalised addresses are not supported)"
        }
        let bytes = Array(address.utf8)
        let ats = bytes.filter { $0 == UInt8(ascii: "@") }.count
        if ats == 0 { return "it has no \"@\"" }
        if ats > 1 { return "it has more than one \"@\"" }
        if let bad = bytes.first(where: { !MailText.isAtext($0) && $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "@") })
        {
            return "it contains the character \"\(MailText.escaped(String(UnicodeScalar(bad))))\""
        }
        if bytes.count > 254 { return "it is longer than 254 characters" }
        if bytes.first == UInt8(ascii: "-") { return "it starts with \"-\"" }
        let at = address.firstIndex(of: "@")!
        let local = address[..<at]
        let domain = String(address[address.index(after: at)...])
        if local.isEmpty { return "nothing comes before \"@\"" }
        if local.utf8.count > 64 { return "the part before \"@\" is longer than 64 characters" }
        if !MailText.isDotAtom(local) {
            return "the part before \"@\" starts or ends with a dot or has two dots in a row"
        }
        return MailText.domainProblem(domain)
    }
}

/// An International Bank Account Number, held in its electronic form (`FR7630006000011234567890189`).
public struct IBAN: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let text: String

    /// Validates an IBAN typed in electronic or print form (`FR76 3000 6000 …`): country code,
    /// length 15–34, letters and digits only, and the ISO 13616 mod-97 check digits.
    public init?(_ raw: some StringProtocol) {
        let compact = raw.uppercased().filter { $0 != " " && $0 != "\u{00A0}" }
        let bytes = Array(compact.utf8)
        guard (15...34).contains(bytes.count),
            bytes[0...1].allSatisfy({ $0 >= 65 && $0 <= 90 }),
            bytes[2...3].allSatisfy({ $0 >= 48 && $0 <= 57 }),
            bytes.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) })
        else { return nil }
        // Move the first four characters to the end, read letters as 10–35, take mod 97.
        var remainder = 0
        for byte in bytes[4...] + bytes[0..<4] {
            if byte >= 65 {
                remainder = (remainder * 100 + Int(byte - 55)) % 97
            } else {
                remainder = (remainder * 10 + Int(byte - 48)) % 97
            }
        }
        guard remainder == 1 else { return nil }
        text = compact
    }

    public var description: String { text }
    public static func < (lhs: IBAN, rhs: IBAN) -> Bool { lhs.text < rhs.text }

    /// Splits a space-separated list of IBANs, each possibly in print form with its own spaces
    /// (`FR76 3000 6000 0112 3456 7890 189 DE89 3704 0044 0532 0130 00`). A group starting with
    /// two letters and two digits starts a new IBAN. Returns the groups that are not valid IBANs
    /// in `invalid`.
    public static func list(_ text: some StringProtocol) -> (ibans: [IBAN], invalid: [String]) {
        var groups: [String] = []
        for token in text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }) {
            let bytes = Array(token.uppercased().utf8)
            let startsNew =
                bytes.count >= 4 && bytes[0...1].allSatisfy({ $0 >= 65 && $0 <= 90 })
                && bytes[2...3].allSatisfy({ $0 >= 48 && $0 <= 57 })
            if startsNew || groups.isEmpty {
                groups.append(String(token))
            } else {
                groups[groups.count - 1] += String(token)
            }
        }
        var ibans: [IBAN] = []
        var invalid: [String] = []
        for group in groups {
            if let iban = IBAN(group) { ibans.append(iban) } else { invalid.append(group) }
        }
        return (ibans, invalid)
    }
}

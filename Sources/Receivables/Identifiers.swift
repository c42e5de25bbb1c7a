/// A number the ledger assigns, shown to users with a prefix: `D-12`, `H-3`, `PAY-40`.
public protocol LedgerNumber: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The letters before the dash.
    static var prefix: String { get }
    var rawValue: Int64 { get }
    init(rawValue: Int64)
}

extension LedgerNumber {
    public var description: String { "\(Self.prefix)-\(rawValue)" }

    /// Reads `D-12` (case-insensitive prefix; the bare number `12` is accepted too).
    public init?(text: some StringProtocol) {
        let upper = text.uppercased()
        let digits = upper.hasPrefix(Self.prefix + "-") ? upper.dropFirst(Self.prefix.count + 1) : Substring(upper)
        guard let value = Int64(digits), value > 0 else { return nil }
        self.init(rawValue: value)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a \(Self.prefix)-n"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A dispute, `D-n`.
public struct DisputeID: LedgerNumber {
    public static let prefix = "D"
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
}

/// A collection hold, `H-n`.
public struct HoldID: LedgerNumber {
    public static let prefix = "H"
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
}

/// A promise to pay, `P-n`.
public struct PromiseID: LedgerNumber {
    public static let prefix = "P"
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
}

/// A corrective action, `CA-n`.
public struct ActionID: LedgerNumber {
    public static let prefix = "CA"
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
}

/// A payment received, `PAY-n`.
public struct PaymentID: LedgerNumber {
    public static let prefix = "PAY"
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
}

/// A code the user gives a thing and types back: a customer code, an invoice number.
public protocol UserCode: Hashable, Sendable, Comparable, CustomStringConvertible, Codable,
    ExpressibleByStringLiteral
{
    var text: String { get }
    init(_ text: String)
}

extension UserCode {
    public var description: String { text }
    public init(stringLiteral value: String) { self.init(value) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.text < rhs.text }
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// A customer's code, as in the ERP: `C-0042`.
public struct CustomerCode: UserCode {
    public let text: String
    public init(_ text: String) { self.text = text }
}

/// An invoice number, as in the ERP: `INV-2026-00017`.
public struct InvoiceNumber: UserCode {
    public let text: String
    public init(_ text: String) { self.text = text }
}

/// A credit note number.
public struct CreditNoteNumber: UserCode {
    public let text: String
    public init(_ text: String) { self.text = text }
}

/// A routing key naming a person or team: an owner, a sales rep, a collector.
public struct PersonKey: UserCode {
    public let text: String
    public init(_ text: String) { self.text = text }
}

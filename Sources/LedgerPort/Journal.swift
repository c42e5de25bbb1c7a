import Complaints
import Foundation
import Receivables

/// One entry of the append-only audit trail: who did what to which thing, when and why.
public struct JournalEntry: Sendable, Hashable, Encodable {
    public var id: Int64
    public var recordedAt: String
    public var day: Day
    public var actor: String
    public var action: String
    public var subject: String
    public var details: [String: String]

    public init(
        id: Int64, recordedAt: String, day: Day, actor: String, action: String, subject: String,
        details: [String: String]
    ) {
        self.id = id
        self.recordedAt = recordedAt
        self.day = day
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
    }
}

/// The names under which the journal files an entry, so that the history of an invoice shows
/// the dispute logged against it and the hold placed on it.
public enum JournalRef {
    public static func invoice(_ number: InvoiceNumber) -> String { "invoice:\(number)" }
    public static func customer(_ code: CustomerCode) -> String { "customer:\(code)" }
    public static func dispute(_ id: DisputeID) -> String { "dispute:\(id)" }
    public static func hold(_ id: HoldID) -> String { "hold:\(id)" }
    public static let taxonomy = "taxonomy"
}

/// Appending to the audit journal: every change of every command comes through here.
public protocol JournalWriting {
    /// Appends an entry to the journal, filed under `subject` and every ref in `refs`.
    func journal(_ action: String, subject: String, refs: [String], details: [String: String]) throws
}

/// Reading the audit journal.
public protocol JournalReading {
    /// Every journal entry filed under `ref` by a command of a business day up to `day`, oldest
    /// first.
    func history(of ref: String, through day: Day) throws -> [JournalEntry]
    /// The most recent entries, newest last.
    func recentJournal(limit: Int) throws -> [JournalEntry]
    /// How many entries the journal holds.
    func journalCount() throws -> Int
}

extension JournalEntry {
    /// The details as a JSON object with sorted keys. Written by hand into bytes: every change
    /// writes one, and imports post hundreds of thousands.
    public static func json(_ details: [String: String]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(160)
        out.append(UInt8(ascii: "{"))
        for (index, entry) in details.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            escape(entry.key, into: &out)
            out.append(UInt8(ascii: ":"))
            escape(entry.value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string: quotes, backslashes and control characters escaped,
    /// every other byte of its UTF-8 as it is.
    static func escape(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    out.append(UInt8(ascii: "\\"))
                    out.append(byte)
                case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case ..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30])
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0x0F)])
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

import Foundation
import Receivables
import Testing

@testable import Correspondence

// MARK: - A minimal reader for the messages under test (tests only)

/// One header field as read back: its name, its unfolded value, and its physical lines.
private struct ReadField {
    var name: String
    var value: String
    var lines: [String]
}

/// A message or MIME part split into header fields and body.
private struct ReadEntity {
    var fields: [ReadField]
    var body: String

    func values(_ name: String) -> [String] {
        fields.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    func value(_ name: String) -> String? { values(name).first }

    var names: [String] { fields.map(\.name) }

    /// The `boundary` parameter of the Content-Type.
    var boundary: String? {
        guard let type = value("Content-Type"), let start = type.range(of: "boundary=\"") else { return nil }
        let rest = type[start.upperBound...]
        return String(rest[..<rest.firstIndex(of: "\"")!])
    }

    /// The parts of a multipart body.
    var parts: [ReadEntity] {
        guard let boundary else { return [] }
        let delimiter = "--" + boundary
        guard body.hasPrefix(delimiter + "\r\n") else { return [] }
        let pieces = dropping(delimiter + "\r\n", from: body).components(separatedBy: "\r\n" + delimiter)
        var parts: [ReadEntity] = []
        for (index, piece) in pieces.enumerated() {
            if index == pieces.count - 1 {
                #expect(piece == "--\r\n", "the close delimiter ends the body")
                break
            }
            let text = index == 0 ? piece : dropping("\r\n", from: piece)  // the CRLF after the delimiter
            parts.append(read(text))
        }
        return parts
    }
}

/// `text` without its first `prefix.utf8.count` bytes (`"\r\n"` is one `Character`, so
/// character counts will not do).
private func dropping(_ prefix: String, from text: String) -> String {
    String(decoding: Array(text.utf8.dropFirst(prefix.utf8.count)), as: UTF8.self)
}

/// Splits at the first blank line and unfolds the header fields (CRLF followed by a space or
/// tab continues the field).
private func read(_ text: String) -> ReadEntity {
    let split = text.range(of: "\r\n\r\n")!
    let headerLines = String(text[..<split.lowerBound]).components(separatedBy: "\r\n")
    var fields: [ReadField] = []
    for line in headerLines {
        if line.hasPrefix(" ") || line.hasPrefix("\t") {
            fields[fields.count - 1].value += line
            fields[fields.count - 1].lines.append(line)
        } else {
            let colon = line.firstIndex(of: ":")!
            let value = String(line[line.index(after: colon)...])
            fields.append(ReadField(name: String(line[..<colon]), value: value, lines: [line]))
        }
    }
    for index in fields.indices {
        fields[index].value = String(fields[index].value.drop(while: { $0 == " " }))
    }
    return ReadEntity(fields: fields, body: String(text[split.upperBound...]))
}

private func read(_ bytes: [UInt8]) -> ReadEntity { read(String(decoding: bytes, as: UTF8.self)) }

/// Decodes RFC 2047 encoded-words (UTF-8, B or Q); white space between two encoded-words is
/// dropped, as RFC 2047 section 6.2 says.
private func decodeWords(_ value: String) -> String {
    var out: [UInt8] = []
    var previousWasEncoded = false
    for (index, token) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
        if let bytes = decodeWord(String(token)) {
            if index > 0, !previousWasEncoded { out.append(0x20) }
            out += bytes
            previousWasEncoded = true
        } else {
            if index > 0 { out.append(0x20) }
            out += Array(token.utf8)
            previousWasEncoded = false
        }
    }
    return String(decoding: out, as: UTF8.self)
}

private func decodeWord(_ token: String) -> [UInt8]? {
    guard token.hasPrefix("=?"), token.hasSuffix("?="), token.count >= 8 else { return nil }
    let inner = token.dropFirst(2).dropLast(2).split(separator: "?", omittingEmptySubsequences: false)
    guard inner.count == 3, inner[0].uppercased() == "UTF-8" else { return nil }
    switch inner[1].uppercased() {
    case "B": return Data(base64Encoded: String(inner[2])).map { Array($0) }
    case "Q":
        var out: [UInt8] = []
        let bytes = Array(inner[2].utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "_") {
                out.append(0x20)
                i += 1
            } else if bytes[i] == UInt8(ascii: "=") {
                out.append(UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)!)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    default: return nil
    }
}

private func decodeQuotedPrintable(_ text: String) -> [UInt8] {
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
        if bytes[i] == UInt8(ascii: "=") {
            if bytes[i + 1] == 0x0D, bytes[i + 2] == 0x0A {
                i += 3  // soft line break
            } else {
                out.append(UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)!)
                i += 3
            }
        } else {
            out.append(bytes[i])
            i += 1
        }
    }
    return out
}

private func decodeBase64(_ text: String) -> [UInt8] {
    Array(Data(base64Encoded: text.replacingOccurrences(of: "\r\n", with: "")) ?? Data())
}

/// Decodes a RFC 2231 parameter (`name*=utf-8''…` or `name*0*=…; name*1*=…`) or a quoted one
/// from a header value.
private func parameter(_ name: String, in value: String) -> String? {
    let parameters = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
    if let plain = parameters.first(where: { $0.hasPrefix(name + "=\"") }) {
        return String(plain.dropFirst(name.count + 2).dropLast())
    }
    var encoded = ""
    if let single = parameters.first(where: { $0.hasPrefix(name + "*=") }) {
        encoded = String(single.dropFirst(name.count + 2))
    } else {
        var index = 0
        while let segment = parameters.first(where: { $0.hasPrefix("\(name)*\(index)*=") }) {
            encoded += segment.dropFirst("\(name)*\(index)*=".count)
            index += 1
        }
        if index == 0 { return nil }
    }
    #expect(encoded.hasPrefix("utf-8''"))
    return String(encoded.dropFirst(7)).removingPercentEncoding
}

/// Every line ends in CRLF, no bare CR or LF, 7-bit ASCII, lines within `limit` characters.
private func expectWellFormed(_ bytes: [UInt8], limit: Int = 78, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(bytes.allSatisfy { $0 < 0x80 }, "7-bit", sourceLocation: sourceLocation)
    #expect(!bytes.contains(0), "no NUL", sourceLocation: sourceLocation)
    #expect(bytes.suffix(2) == [0x0D, 0x0A], "ends in CRLF", sourceLocation: sourceLocation)
    for (index, byte) in bytes.enumerated() {
        if byte == 0x0D {
            #expect(
                index + 1 < bytes.count && bytes[index + 1] == 0x0A, "CR at \(index) without LF",
                sourceLocation: sourceLocation)
        }
        if byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D, "LF at \(index) without CR", sourceLocation: sourceLocation)
        }
    }
    for line in String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n") {
        #expect(line.utf8.count <= limit, "line over \(limit): \(line)", sourceLocation: sourceLocation)
    }
}

// MARK: - Fixtures

private let jean = try! MailAddress(name: "Jean Dupont", address: "jean.dupont@example.fr")
private let compta = try! MailAddress(name: "Comptabilité ACME", address: "compta@acme.example")
private let novDate = try! MailDate(secondsSince1970: 1_795_509_000, utcOffsetMinutes: 60)
private let messageID = try! MailMessage.makeMessageID(token: "dun.D-12.20261124.7f3a", domain: "acme.example")

private func message(
    subject: String = "Relance facture INV-1", text: String = "Bonjour,\n\nMerci.\n", html: String? = nil,
    attachments: [MailAttachment] = [], to: [MailAddress] = [jean], cc: [MailAddress] = [], bcc: [MailAddress] = [],
    from: MailAddress = compta, extra: [MailHeaderField] = [], id: MailMessageID = messageID
) -> MailMessage {
    try! MailMessage(
        from: from, to: to, cc: cc, bcc: bcc, subject: subject, textBody: text, htmlBody: html,
        attachments: attachments, date: novDate, messageID: id, extraHeaders: extra)
}

private let csv: [UInt8] = Array("invoice;due;amount\r\nINV-1;2026-10-31;1234.56\r\nINV-2;2026-11-15;99.00\r\n".utf8)

// MARK: - Tests

@Suite struct MailTests {
    // MARK: Date

    @Test func dateHeaderFormat() throws {
        #expect(novDate.rfc5322 == "Tue, 24 Nov 2026 09:30:00 +0100")
        #expect(
            try MailDate(secondsSince1970: 1_795_509_000, utcOffsetMinutes: -300).rfc5322
                == "Tue, 24 Nov 2026 03:30:00 -0500")
        #expect(
            try MailDate(secondsSince1970: 1_798_759_800, utcOffsetMinutes: 60).rfc5322
                == "Fri, 01 Jan 2027 00:30:00 +0100")
        #expect(try MailDate(secondsSince1970: -14_182_940).rfc5322 == "Sun, 20 Jul 1969 20:17:40 +0000")
        #expect(try MailDate(secondsSince1970: 0, utcOffsetMinutes: 330).rfc5322 == "Thu, 01 Jan 1970 05:30:00 +0530")
        let local = try MailDate(day: Day(year: 2026, month: 11, day: 24)!, hour: 9, minute: 30, utcOffsetMinutes: 60)
        #expect(local == novDate)
        #expect(local.localDay == Day(year: 2026, month: 11, day: 24)!)

        let header = read(message().rendered())
        #expect(header.values("Date") == ["Tue, 24 Nov 2026 09:30:00 +0100"])
    }

    @Test func invalidDatesAreRejected() {
        #expect(throws: MailError.invalidDate("UTC offset 1440 minutes is beyond ±23:59")) {
            try MailDate(secondsSince1970: 0, utcOffsetMinutes: 1440)
        }
        #expect(throws: MailError.self) { try MailDate(secondsSince1970: -3_000_000_000) }
        #expect(throws: MailError.self) { try MailDate(secondsSince1970: Int64.max) }
        #expect(throws: MailError.invalidDate("24:0:0 is not a time of day")) {
            try MailDate(day: Day(year: 2026, month: 1, day: 1)!, hour: 24, minute: 0)
        }
    }

    // MARK: Message-ID

    @Test func messageIDFormat() throws {
        #expect(messageID.description == "<dun.D-12.20261124.7f3a@acme.example>")
        #expect(messageID.token == "dun.D-12.20261124.7f3a")
        #expect(messageID.domain == "acme.example")
        let id = try MailMessage.makeMessageID(token: "a1b2c3", domain: compta.domain)
        #expect(id.description == "<a1b2c3@acme.example>")
        #expect(read(message().rendered()).values("Message-ID") == ["<dun.D-12.20261124.7f3a@acme.example>"])

        #expect(
            throws: MailError.invalidMessageID(
                "a b", reason: "the token may hold only letters, digits, !#$%&'*+-/=?^_`{|}~ and single inner dots")
        ) {
            try MailMessage.makeMessageID(token: "a b", domain: "acme.example")
        }
        #expect(throws: MailError.self) {
            try MailMessage.makeMessageID(token: "x\r\nBcc: a@b.fr", domain: "acme.example")
        }
        #expect(throws: MailError.self) { try MailMessage.makeMessageID(token: "<x>", domain: "acme.example") }
        #expect(throws: MailError.self) { try MailMessage.makeMessageID(token: ".x", domain: "acme.example") }
        #expect(throws: MailError.self) { try MailMessage.makeMessageID(token: "", domain: "acme.example") }
        #expect(throws: MailError.self) {
            try MailMessage.makeMessageID(token: String(repeating: "a", count: 65), domain: "acme.example")
        }
        #expect(throws: MailError.invalidMessageID("localhost", reason: "the domain \"localhost\" has no dot")) {
            try MailMessage.makeMessageID(token: "x", domain: "localhost")
        }
    }

    // MARK: Subject and encoded-words

    @Test func frenchSubjectIsEncodedAndDecodesBack() {
        let subject = "Relance : facture n° INV-1 — Société Générale"
        let bytes = message(subject: subject).rendered()
        expectWellFormed(bytes)
        let field = read(bytes).fields.filter { $0.name == "Subject" }
        #expect(field.count == 1)
        #expect(field[0].lines[0].hasPrefix("Subject: =?UTF-8?"))
        #expect(decodeWords(field[0].value) == subject)
        for line in field[0].lines {
            #expect(line.utf8.count <= 76)
            for word in line.split(separator: " ") where word.hasPrefix("=?") { #expect(word.count <= 75) }
        }
    }

    @Test func longSubjectsAreFoldedWithin78Columns() {
        let ascii = (1...30).map { "word\($0)" }.joined(separator: " ") + " Reference INV-2026-00042 overdue"
        let bytes = message(subject: ascii).rendered()
        expectWellFormed(bytes)
        let field = read(bytes).fields.first { $0.name == "Subject" }!
        #expect(field.lines.count > 1)
        #expect(field.lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(field.value == ascii, "unfolding gives the subject back, unencoded")

        let french = String(repeating: "Relance amiable : échéance dépassée — ", count: 8) + "fin"
        let frenchBytes = message(subject: french).rendered()
        expectWellFormed(frenchBytes, limit: 78)
        let frenchField = read(frenchBytes).fields.first { $0.name == "Subject" }!
        #expect(frenchField.lines.count > 4)
        #expect(frenchField.lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(decodeWords(frenchField.value) == french)

        // A word longer than a line cannot be folded: it goes out as encoded-words instead.
        let longWord = "https://pay.example.fr/" + String(repeating: "x", count: 90)
        let longField = read(message(subject: "Pay: " + longWord).rendered()).fields.first { $0.name == "Subject" }!
        #expect(longField.lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(decodeWords(longField.value) == "Pay: " + longWord)
    }

    @Test func asciiSubjectsStayReadableAndEncodedWordLookalikesAreEncoded() {
        #expect(
            read(message(subject: "Relance facture INV-1").rendered()).values("Subject") == ["Relance facture INV-1"])
        let tricky = "Payé? =?UTF-8?B?SGk=?= not a word"
        let value = read(message(subject: "=?UTF-8?B?SGk=?=").rendered()).value("Subject")!
        #expect(value.hasPrefix("=?UTF-8?"))
        #expect(decodeWords(value) == "=?UTF-8?B?SGk=?=", "the literal text survives, it is not decoded to Hi")
        #expect(decodeWords(read(message(subject: tricky).rendered()).value("Subject")!) == tricky)
        #expect(read(message(subject: "").rendered()).fields.first { $0.name == "Subject" }!.lines == ["Subject:"])
        // Grapheme clusters and 4-byte scalars are never split across words.
        let emoji = String(repeating: "👩🏽‍💼 Café ", count: 12)
        let field = read(message(subject: emoji).rendered()).value("Subject")!
        #expect(decodeWords(field) == MailText.singleLine(emoji))
        for word in field.split(separator: " ") {
            #expect(String(bytes: decodeWord(String(word))!, encoding: .utf8) != nil, "each word is whole UTF-8")
        }
    }

    // MARK: Addresses

    @Test func displayNamesAreQuotedOrEncoded() throws {
        func fromHeader(_ name: String?) throws -> ReadField {
            let from = try MailAddress(name: name, address: "jean@example.fr")
            return read(message(from: from).rendered()).fields.first { $0.name == "From" }!
        }
        #expect(try fromHeader("Dupont, Jean").lines == ["From: \"Dupont, Jean\" <jean@example.fr>"])
        #expect(try fromHeader("Jean Dupont").lines == ["From: Jean Dupont <jean@example.fr>"])
        #expect(
            try fromHeader("Jean \"JD\" D. \\o/").lines == ["From: \"Jean \\\"JD\\\" D. \\\\o/\" <jean@example.fr>"])
        #expect(try fromHeader(nil).lines == ["From: jean@example.fr"])
        #expect(try fromHeader("  \r\n ").lines == ["From: jean@example.fr"])
        let encoded = try fromHeader("Société Générale")
        // B (28 characters) is shorter than Q (36) here; "Comptabilité ACME" below is shorter in Q.
        #expect(encoded.lines == ["From: =?UTF-8?B?U29jacOpdMOpIEfDqW7DqXJhbGU=?= <jean@example.fr>"])
        #expect(decodeWords(encoded.value) == "Société Générale <jean@example.fr>")
        let long = String(repeating: "Établissements Durand-Lefèvre ", count: 4) + "SARL"
        let longField = try fromHeader(long)
        #expect(longField.lines.count > 1)
        #expect(longField.lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(decodeWords(longField.value) == long + " <jean@example.fr>")
    }

    @Test func recipientListsFoldBetweenAddresses() throws {
        let many = try (1...12).map {
            try MailAddress(name: "Client \($0), Service Comptable", address: "client\($0)@example.fr")
        }
        let bytes = message(to: many, cc: [jean, compta]).rendered()
        expectWellFormed(bytes)
        let entity = read(bytes)
        let to = entity.fields.first { $0.name == "To" }!
        #expect(to.lines.count == 12, "one mailbox per line, each too long to pair")
        #expect(to.lines.allSatisfy { $0.hasSuffix(",") || $0.hasSuffix(">") })
        #expect(to.value.components(separatedBy: ">, ").count == 12)
        #expect(to.value.hasPrefix("\"Client 1, Service Comptable\" <client1@example.fr>, \"Client 2"))
        #expect(
            entity.values("Cc") == [
                "Jean Dupont <jean.dupont@example.fr>, =?UTF-8?Q?Comptabilit=C3=A9_ACME?= <compta@acme.example>"
            ])

        let short = try (1...20).map { try MailAddress(address: "c\($0)@ex.fr") }
        let shortTo = read(message(to: short).rendered()).fields.first { $0.name == "To" }!
        #expect(shortTo.lines.count > 1 && shortTo.lines.count < 5)
        #expect(shortTo.lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(shortTo.value == short.map(\.address).joined(separator: ", "))
    }

    @Test func invalidAddressesAreRejectedWithTheirReason() {
        let cases: [(String, String)] = [
            (
                "a@b.fr\r\nBcc: x@y.fr",
                #"email address "a@b.fr\r\nBcc: x@y.fr" is not valid: it contains a line break or another control character"#
            ),
            (
                "jean@example.fr\n",
                #"email address "jean@example.fr\n" is not valid: it contains a line break or another control character"#
            ),
            (
                "jean@example.fr\0",
                #"email address "jean@example.fr\0" is not valid: it contains a line break or another control character"#
            ),
            ("jean dupont@example.fr", #"email address "jean dupont@example.fr" is not valid: it contains a space"#),
            ("<jean@example.fr>", #"email address "<jean@example.fr>" is not valid: it contains the character "<""#),
            (
                "a@example.fr,b@example.fr",
                #"email address "a@example.fr,b@example.fr" is not valid: it has more than one "@""#
            ),
            ("a,b@example.fr", #"email address "a,b@example.fr" is not valid: it contains the character ",""#),
            (
                "\"jean\"@example.fr",
                #"email address "\"jean\"@example.fr" is not valid: it contains the character "\"""#
            ),
            ("jean.example.fr", #"email address "jean.example.fr" is not valid: it has no "@""#),
            ("", #"email address "" is not valid: it is empty"#),
            ("@example.fr", #"email address "@example.fr" is not valid: nothing comes before "@""#),
            (
                "jean..dupont@example.fr",
                #"email address "jean..dupont@example.fr" is not valid: the part before "@" starts or ends with a dot or has two dots in a row"#
            ),
            ("-oQ@example.fr", #"email address "-oQ@example.fr" is not valid: it starts with "-""#),
            ("jean@localhost", #"email address "jean@localhost" is not valid: the domain "localhost" has no dot"#),
            ("jean@", #"email address "jean@" is not valid: the domain is empty"#),
            (
                "jean@exa_mple.fr",
                #"email address "jean@exa_mple.fr" is not valid: the domain label "exa_mple" is not letters, digits and inner hyphens"#
            ),
            (
                "jean@-example.fr",
                #"email address "jean@-example.fr" is not valid: the domain label "-example" is not letters, digits and inner hyphens"#
            ),
            (
                "jean@example..fr",
                #"email address "jean@example..fr" is not valid: the domain "example..fr" has an empty label"#
            ),
            (
                "jean@192.0.2.1",
                #"email address "jean@192.0.2.1" is not valid: the domain "192.0.2.1" ends in a numeric label"#
            ),
            (
                "jérôme@example.fr",
                #"email address "jérôme@example.fr" is not valid: it contains non-ASCII characters (internationalised addresses are not supported)"#
            ),
            ("jean@[192.0.2.1]", #"email address "jean@[192.0.2.1]" is not valid: it contains the character "[""#),
        ]
        for (address, message) in cases {
            do {
                _ = try MailAddress(name: "X", address: address)
                Issue.record("\(address) was accepted")
            } catch {
                #expect(error.description == message)
            }
        }
        #expect(throws: MailError.self) { try MailAddress(address: String(repeating: "a", count: 65) + "@example.fr") }
        #expect(throws: MailError.self) { try MailAddress(address: "a@" + String(repeating: "b", count: 64) + ".fr") }
    }

    @Test func validAddressesAndParsing() throws {
        for address in [
            "jean.dupont+relance@example.fr", "o'neil@example.co.uk", "a@xn--socit-gnrale-ebc.fr", "x_y=z@a-b.example",
        ] {
            #expect(try MailAddress(address: address).address == address)
        }
        let parsed = try MailAddress(parsing: "  \"Dupont, Jean \\\"JD\\\"\" <jean@example.fr> ")
        #expect(parsed.name == "Dupont, Jean \"JD\"")
        #expect(parsed.address == "jean@example.fr")
        #expect(parsed.localPart == "jean")
        #expect(parsed.domain == "example.fr")
        #expect(
            try MailAddress(parsing: "Jean Dupont <jean@example.fr>")
                == MailAddress(name: "Jean Dupont", address: "jean@example.fr"))
        #expect(try MailAddress(parsing: "jean@example.fr") == MailAddress(address: "jean@example.fr"))
        #expect(try MailAddress(parsing: "<jean@example.fr>").name == nil)
        #expect(throws: MailError.self) { try MailAddress(parsing: "Jean <jean@example.fr>, Paul <paul@example.fr>") }
        #expect(parsed.description == "\"Dupont, Jean \\\"JD\\\"\" <jean@example.fr>")
        #expect(compta.description == "Comptabilité ACME <compta@acme.example>")
    }

    // MARK: Injection

    @Test func subjectInjectionStaysOneHeader() {
        for subject in [
            "Hello\r\nBcc: evil@x.com", "Hello\nBcc: evil@x.com", "Hello\rBcc: evil@x.com",
            "Hello\r\n\r\nBcc: evil@x.com",
            "Hello\u{2028}Bcc: evil@x.com", "Hello\u{85}Bcc: evil@x.com", "Hello\r\n Bcc: evil@x.com",
            "Hello\0\tBcc: evil@x.com",
        ] {
            let bytes = message(subject: subject).rendered()
            expectWellFormed(bytes)
            let entity = read(bytes)
            #expect(entity.values("Subject").count == 1)
            #expect(entity.values("Bcc").isEmpty)
            #expect(decodeWords(entity.value("Subject")!) == "Hello Bcc: evil@x.com")
            #expect(
                entity.names == [
                    "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type",
                    "Content-Transfer-Encoding",
                ])
            #expect(entity.body == "Bonjour,\r\n\r\nMerci.\r\n")
        }
    }

    @Test func displayNameInjectionStaysOneHeader() throws {
        let evil = try MailAddress(name: "Evil\r\nBcc: victim@x.com\r\nX-Spam: 1", address: "evil@example.fr")
        let bytes = message(to: [evil], from: evil).rendered()
        expectWellFormed(bytes)
        let entity = read(bytes)
        #expect(entity.values("From") == ["\"Evil Bcc: victim@x.com X-Spam: 1\" <evil@example.fr>"])
        #expect(entity.values("To").count == 1)
        #expect(entity.values("Bcc").isEmpty)
        #expect(entity.values("X-Spam").isEmpty)
        let encodedEvil = try MailAddress(name: "Évil\r\nBcc: victim@x.com", address: "evil@example.fr")
        let encodedEntity = read(message(from: encodedEvil).rendered())
        #expect(decodeWords(encodedEntity.value("From")!) == "Évil Bcc: victim@x.com <evil@example.fr>")
        #expect(encodedEntity.values("Bcc").isEmpty)
    }

    @Test func filenameInjectionCannotBreakThePart() throws {
        let attachment = try MailAttachment(
            filename: "relance.csv\"\r\nContent-Type: text/html\r\n\r\n<script>x</script>", contentType: "text/csv",
            data: csv)
        let bytes = message(attachments: [attachment]).rendered()
        expectWellFormed(bytes)
        let parts = read(bytes).parts
        #expect(parts.count == 2)
        let part = parts[1]
        #expect(part.names == ["Content-Type", "Content-Disposition", "Content-Transfer-Encoding"])
        #expect(part.values("Content-Type").count == 1)
        #expect(part.value("Content-Type")!.hasPrefix("text/csv;"))
        let filename = parameter("filename", in: part.value("Content-Disposition")!)
        #expect(filename == "relance.csv\" Content-Type: text_html <script>x<_script>")
        #expect(decodeBase64(part.body) == csv)

        let spoof = try MailAttachment(filename: "../../facture\u{202E}fdp.exe", data: [1, 2, 3])
        let spoofPart = read(message(attachments: [spoof]).rendered()).parts[1]
        #expect(parameter("filename", in: spoofPart.value("Content-Disposition")!) == ".._.._facturefdp.exe")
        #expect(parameter("name", in: spoofPart.value("Content-Type")!) == ".._.._facturefdp.exe")
        let blank = try MailAttachment(filename: " \r\n ", data: [])
        #expect(
            parameter(
                "filename", in: read(message(attachments: [blank]).rendered()).parts[1].value("Content-Disposition")!)
                == "attachment")
    }

    @Test func extraHeaderInjectionStaysOneHeader() throws {
        let extra = try MailHeaderField(name: "X-Dun-Document", value: "D-12\r\nBcc: evil@x.com\r\n\r\nbody")
        let bytes = message(extra: [extra, try MailHeaderField(name: "X-Dun-Customer", value: "ACME")]).rendered()
        expectWellFormed(bytes)
        let entity = read(bytes)
        #expect(entity.values("X-Dun-Document") == ["D-12 Bcc: evil@x.com body"])
        #expect(entity.values("X-Dun-Customer") == ["ACME"])
        #expect(entity.values("Bcc").isEmpty)
        #expect(
            entity.names == [
                "Date", "From", "To", "Subject", "Message-ID", "X-Dun-Document", "X-Dun-Customer", "MIME-Version",
                "Content-Type",
                "Content-Transfer-Encoding",
            ])
        let unicode = try MailHeaderField(name: "X-Dun-Customer", value: "Société Générale")
        #expect(decodeWords(read(message(extra: [unicode]).rendered()).value("X-Dun-Customer")!) == "Société Générale")
    }

    @Test func headerNamesAreValidated() {
        let cases: [(String, String)] = [
            (
                "X-Evil\r\nBcc",
                #"header name "X-Evil\r\nBcc" cannot be used: it contains a line break or another control character"#
            ),
            ("X Dun", #"header name "X Dun" cannot be used: it contains a space"#),
            ("X-Dun:", #"header name "X-Dun:" cannot be used: it contains ":""#),
            ("", #"header name "" cannot be used: it is empty"#),
            ("X-Déjà", #"header name "X-Déjà" cannot be used: it contains non-ASCII characters"#),
            ("Bcc", #"header name "Bcc" cannot be used: the message writes this header itself"#),
            ("subject", #"header name "subject" cannot be used: the message writes this header itself"#),
            ("Resent-To", #"header name "Resent-To" cannot be used: the message writes this header itself"#),
            ("Content-Type", #"header name "Content-Type" cannot be used: the message writes this header itself"#),
        ]
        for (name, message) in cases {
            do {
                _ = try MailHeaderField(name: name, value: "x")
                Issue.record("\(name) was accepted")
            } catch {
                #expect(error.description == message)
            }
        }
        #expect(throws: MailError.self) { try MailHeaderField(name: String(repeating: "X", count: 77), value: "") }
        #expect((try? MailHeaderField(name: "In-Reply-To", value: "<a@b.fr>")) != nil)
    }

    @Test func bodyCannotFakeABoundary() throws {
        let attachment = try MailAttachment(filename: "a.csv", contentType: "text/csv", data: csv)
        let boundary = read(message(attachments: [attachment]).rendered()).boundary!
        let text = "Bonjour\n--\(boundary)\nContent-Type: text/html\n\n<b>x</b>\n--\(boundary)--\n"
        let bytes = message(
            text: text, attachments: [try MailAttachment(filename: "a.csv", data: Array("--\(boundary)\r\n".utf8))]
        ).rendered()
        let entity = read(bytes)
        #expect(entity.boundary == boundary)
        #expect(entity.parts.count == 2)
        #expect(decodeQuotedPrintable(entity.parts[0].body) == MailBodyEncoding.canonicalText(text))
        #expect(decodeBase64(entity.parts[1].body) == Array("--\(boundary)\r\n".utf8))

        // The search itself: a candidate found in a part is varied until it is not.
        let parts = [Array("x\r\n--=_b\r\n".utf8), Array("--=_b_1".utf8)]
        #expect(MailEntity.uniqueBoundary("=_b", avoiding: parts) == "=_b_2")
        #expect(MailEntity.uniqueBoundary("=_c", avoiding: parts) == "=_c")
    }

    // MARK: Bodies

    @Test func quotedPrintableRoundTripsAccentedText() {
        let text =
            "Madame, Monsieur,\n\nVotre facture n° INV-1 d'un montant de 1 234,56 € est échue depuis le 12/11/2026 = retard.\nCordialement,\n"
        let encoded = MailBodyEncoding.quotedPrintable(text)
        expectWellFormed(encoded, limit: 76)
        let encodedText = String(decoding: encoded, as: UTF8.self)
        #expect(encodedText.contains("n=C2=B0 INV-1"))
        #expect(encodedText.contains("1 234,56 =E2=82=AC est"))
        #expect(encodedText.contains("=3D retard"))
        #expect(decodeQuotedPrintable(encodedText) == Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))

        let bytes = message(text: text).rendered()
        let entity = read(bytes)
        #expect(entity.value("Content-Type") == "text/plain; charset=utf-8")
        #expect(entity.value("Content-Transfer-Encoding") == "quoted-printable")
        #expect(
            String(decoding: decodeQuotedPrintable(entity.body), as: UTF8.self)
                == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func quotedPrintableSoftBreaksA200CharacterLine() {
        let line = String(
            (0..<200).map { index -> Character in
                switch index % 20 {
                case 5: "é"
                case 11: "="
                case 17: " "
                default: Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(index % 26)))
                }
            })
        #expect(line.count == 200)
        let encoded = MailBodyEncoding.quotedPrintable(line)
        expectWellFormed(encoded, limit: 76)
        let lines = String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 3)
        #expect(lines.dropLast().allSatisfy { $0.hasSuffix("=") }, "all but the last are soft breaks")
        #expect(!lines.last!.hasSuffix("="))
        #expect(lines.dropLast().allSatisfy { $0.utf8.count >= 73 }, "soft-broken lines are filled close to 76")
        #expect(decodeQuotedPrintable(String(decoding: encoded, as: UTF8.self)) == Array((line + "\r\n").utf8))
    }

    @Test func quotedPrintableEdgeCases() {
        func qp(_ text: String) -> String { String(decoding: MailBodyEncoding.quotedPrintable(text), as: UTF8.self) }
        #expect(qp("fin   \nsuite\t\n") == "fin  =20\r\nsuite=09\r\n", "trailing white space is encoded")
        #expect(qp("From the desk\n.\n..x\nFrom\n") == "=46rom the desk\r\n=2E\r\n=2E.x\r\nFrom\r\n")
        #expect(
            qp("a\rb\r\nc\n\nd") == "a\r\nb\r\nc\r\n\r\nd\r\n", "any line ending becomes CRLF, a final one is added")
        #expect(qp("") == "")
        #expect(qp("nul\0 esc\u{1B} del\u{7F}") == "nul=00 esc=1B del=7F\r\n")
        // An escape is never split by a soft break, and the trailing-space rule holds after one.
        let tight = String(repeating: "a", count: 74) + "é "
        let encoded = qp(tight)
        #expect(encoded == String(repeating: "a", count: 74) + "=\r\n=C3=A9=20\r\n")
        #expect(decodeQuotedPrintable(encoded) == Array((tight + "\r\n").utf8))
        #expect(qp(String(repeating: "x", count: 76)) == String(repeating: "x", count: 76) + "\r\n", "76 fit exactly")
        #expect(qp(String(repeating: "x", count: 77)) == String(repeating: "x", count: 75) + "=\r\nxx\r\n")
    }

    @Test func mostlyNonLatinTextGoesBase64() {
        let text = String(repeating: "お支払いのお願い。", count: 20) + "\n"
        let entity = read(message(text: text).rendered())
        #expect(entity.value("Content-Transfer-Encoding") == "base64")
        #expect(decodeBase64(entity.body) == MailBodyEncoding.canonicalText(text))
        expectWellFormed(Array(entity.body.utf8), limit: 76)
    }

    @Test func base64MatchesFoundation() {
        for length in 0..<10 {
            let bytes = (0..<length).map { UInt8(($0 * 37 + 11) % 256) }
            #expect(MailBodyEncoding.base64(bytes) == Array(Data(bytes).base64EncodedString().utf8))
        }
        let big = (0..<1000).map { UInt8($0 % 251) }
        let lines = String(decoding: MailBodyEncoding.base64Lines(big), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.dropLast(2).allSatisfy { $0.count == 76 })
        #expect(lines.last == "")
        #expect(decodeBase64(lines.joined()) == big)
    }

    // MARK: Structure

    @Test func textOnlyMessage() {
        let bytes = message().rendered()
        expectWellFormed(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(
            text == """
                Date: Tue, 24 Nov 2026 09:30:00 +0100\r
                From: =?UTF-8?Q?Comptabilit=C3=A9_ACME?= <compta@acme.example>\r
                To: Jean Dupont <jean.dupont@example.fr>\r
                Subject: Relance facture INV-1\r
                Message-ID: <dun.D-12.20261124.7f3a@acme.example>\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                Bonjour,\r
                \r
                Merci.\r

                """)
    }

    @Test func htmlMakesMultipartAlternative() {
        let html = "<p>Bonjour,</p>\n<p>Votre facture <b>INV-1</b> est échue.</p>\n"
        let bytes = message(html: html).rendered()
        expectWellFormed(bytes)
        let entity = read(bytes)
        #expect(entity.values("MIME-Version") == ["1.0"])
        #expect(entity.value("Content-Type")!.hasPrefix("multipart/alternative; boundary=\"=_dun_alt_"))
        #expect(entity.values("Content-Transfer-Encoding").isEmpty)
        let parts = entity.parts
        #expect(parts.count == 2)
        #expect(parts[0].value("Content-Type") == "text/plain; charset=utf-8")
        #expect(parts[1].value("Content-Type") == "text/html; charset=utf-8")
        #expect(parts[1].value("Content-Transfer-Encoding") == "quoted-printable")
        #expect(decodeQuotedPrintable(parts[0].body) == Array("Bonjour,\r\n\r\nMerci.\r\n".utf8))
        #expect(decodeQuotedPrintable(parts[1].body) == MailBodyEncoding.canonicalText(html))
    }

    @Test func attachmentsMakeMultipartMixed() throws {
        let report = try MailAttachment(filename: "relance-ACME.csv", contentType: "text/csv; charset=utf-8", data: csv)
        let pdf = try MailAttachment(filename: "relevé n°42.pdf", contentType: "application/pdf", data: Array(0...255))
        let bytes = message(html: "<p>Bonjour</p>", attachments: [report, pdf]).rendered()
        expectWellFormed(bytes)
        let entity = read(bytes)
        #expect(entity.value("Content-Type")!.hasPrefix("multipart/mixed; boundary=\"=_dun_mix_"))
        let parts = entity.parts
        #expect(parts.count == 3)
        #expect(parts[0].value("Content-Type")!.hasPrefix("multipart/alternative;"))
        #expect(
            parts[0].parts.map { $0.value("Content-Type")! } == [
                "text/plain; charset=utf-8", "text/html; charset=utf-8",
            ])
        #expect(parts[0].boundary != entity.boundary)

        #expect(parts[1].value("Content-Type") == "text/csv; charset=utf-8; name=\"relance-ACME.csv\"")
        #expect(parts[1].value("Content-Disposition") == "attachment; filename=\"relance-ACME.csv\"")
        #expect(parts[1].value("Content-Transfer-Encoding") == "base64")
        #expect(decodeBase64(parts[1].body) == csv)
        expectWellFormed(Array(parts[1].body.utf8), limit: 76)

        #expect(parts[2].value("Content-Type") == "application/pdf; name*=utf-8''relev%C3%A9%20n%C2%B042.pdf")
        #expect(parts[2].value("Content-Disposition") == "attachment; filename*=utf-8''relev%C3%A9%20n%C2%B042.pdf")
        #expect(parameter("filename", in: parts[2].value("Content-Disposition")!) == "relevé n°42.pdf")
        #expect(decodeBase64(parts[2].body) == Array(0...255))

        // Without HTML, the text part comes first directly.
        let plain = read(message(attachments: [report]).rendered()).parts
        #expect(plain.count == 2)
        #expect(plain[0].value("Content-Type") == "text/plain; charset=utf-8")
        #expect(decodeQuotedPrintable(plain[0].body) == Array("Bonjour,\r\n\r\nMerci.\r\n".utf8))
    }

    @Test func longFilenamesUseRFC2231Continuations() throws {
        let name = "Relevé de compte — Établissements Durand-Lefèvre & Fils — échéances 2026-T4 (définitif).csv"
        let attachment = try MailAttachment(filename: name, contentType: "text/csv", data: csv)
        let bytes = message(attachments: [attachment]).rendered()
        expectWellFormed(bytes)
        let part = read(bytes).parts[1]
        let disposition = part.fields.first { $0.name == "Content-Disposition" }!
        #expect(disposition.lines.count > 2)
        #expect(disposition.value.contains("filename*0*=utf-8''Relev%C3%A9"))
        #expect(disposition.value.contains("filename*1*="))
        #expect(parameter("filename", in: disposition.value) == name)
        #expect(parameter("name", in: part.value("Content-Type")!) == name)

        let comment = String(repeating: "colonnes : facture; échéance; montant ", count: 5)
        let annotated = try MailAttachment(
            filename: "a.csv",
            contentType: "text/csv; charset=utf-8; x-comment=\"\(comment.replacingOccurrences(of: "é", with: "e"))\"",
            data: csv)
        let annotatedBytes = message(attachments: [annotated]).rendered()
        expectWellFormed(annotatedBytes)
        let annotatedType = read(annotatedBytes).parts[1].value("Content-Type")!
        #expect(annotatedType.hasPrefix("text/csv; charset=utf-8; x-comment*0*=utf-8''colonnes%20%3A%20facture%3B"))
        #expect(parameter("x-comment", in: annotatedType) == comment.replacingOccurrences(of: "é", with: "e"))

        let longASCII = String(repeating: "statement-", count: 9) + "final.csv"
        let asciiPart = read(message(attachments: [try MailAttachment(filename: longASCII, data: csv)]).rendered())
            .parts[1]
        #expect(parameter("filename", in: asciiPart.value("Content-Disposition")!) == longASCII)
    }

    @Test func contentTypesAreValidated() throws {
        #expect(
            try MailAttachment(filename: "a", contentType: "Text/CSV;Charset=\"utf-8\"; header=present", data: [])
                .contentType
                == "text/csv; charset=utf-8; header=present")
        #expect(
            try MailAttachment(filename: "a", contentType: "text/plain; name=\"other.txt\"; format=\"a b\"", data: [])
                .contentType
                == "text/plain; format=\"a b\"")
        #expect(try MailAttachment(filename: "a", data: []).contentType == "application/octet-stream")
        let cases: [(String, String)] = [
            (
                "text/csv\r\nBcc: x@y.fr",
                #"content type "text/csv\r\nBcc: x@y.fr" is not valid: it contains a line break or another control character"#
            ),
            ("csv", #"content type "csv" is not valid: it does not start with type/subtype"#),
            (
                "multipart/mixed; boundary=x",
                #"content type "multipart/mixed; boundary=x" is not valid: multipart and message types cannot be attached"#
            ),
            (
                "message/rfc822",
                #"content type "message/rfc822" is not valid: multipart and message types cannot be attached"#
            ),
            ("text/csv; charset", #"content type "text/csv; charset" is not valid: parameter "charset" has no "=""#),
            (
                "text/csv; charset=\"utf-8",
                #"content type "text/csv; charset=\"utf-8" is not valid: a quoted value is not closed"#
            ),
            (
                "text/csv; charset=a b",
                #"content type "text/csv; charset=a b" is not valid: the value of parameter "charset" is not a token or a quoted string"#
            ),
            ("text/csv; a=1; A=2", #"content type "text/csv; a=1; A=2" is not valid: parameter "a" is given twice"#),
            ("text/csvé", #"content type "text/csvé" is not valid: it contains non-ASCII characters"#),
        ]
        for (type, message) in cases {
            do {
                _ = try MailAttachment(filename: "a", contentType: type, data: [])
                Issue.record("\(type) was accepted")
            } catch {
                #expect(error.description == message)
            }
        }
    }

    // MARK: Recipients

    @Test func bccIsWrittenForSendmailUnlessAskedNot() throws {
        let hidden = try MailAddress(address: "archive@acme.example")
        let full = message(cc: [compta], bcc: [hidden])
        #expect(read(full.rendered()).values("Bcc") == ["archive@acme.example"])
        #expect(read(full.rendered(includingBcc: false)).values("Bcc").isEmpty)
        #expect(full.recipients == [jean, compta, hidden])

        let blind = try MailMessage(
            from: compta, to: [], bcc: [hidden], subject: "x", textBody: "y", date: novDate, messageID: messageID)
        let entity = read(blind.rendered())
        #expect(entity.values("To") == ["undisclosed-recipients:;"])
        #expect(entity.values("Bcc") == ["archive@acme.example"])
    }

    @Test func aMessageNeedsARecipient() {
        #expect(throws: MailError.noRecipients) {
            try MailMessage(from: compta, to: [], subject: "x", textBody: "y", date: novDate, messageID: messageID)
        }
        #expect(MailError.noRecipients.description == "the message has no recipient: To, Cc and Bcc are all empty")
    }

    @Test func replyToIsWrittenWhenSet() throws {
        var withReply = message()
        withReply.replyTo = try MailAddress(name: "Recouvrement", address: "recouvrement@acme.example")
        let entity = read(withReply.rendered())
        #expect(entity.values("Reply-To") == ["Recouvrement <recouvrement@acme.example>"])
        #expect(Array(entity.names.prefix(4)) == ["Date", "From", "Reply-To", "To"])
    }

    // MARK: Determinism

    @Test func sameInputsGiveTheSameBytes() throws {
        let attachment = try MailAttachment(filename: "relevé.csv", contentType: "text/csv", data: csv)
        let first = message(html: "<p>x</p>", attachments: [attachment]).rendered()
        let second = message(html: "<p>x</p>", attachments: [attachment]).rendered()
        #expect(first == second)
        #expect(
            message(html: "<p>x</p>", attachments: [attachment]) == message(html: "<p>x</p>", attachments: [attachment])
        )

        let otherID = try MailMessage.makeMessageID(token: "dun.D-13.20261124.9c2e", domain: "acme.example")
        let other = read(message(html: "<p>x</p>", attachments: [attachment], id: otherID).rendered())
        #expect(other.boundary != read(first).boundary, "boundaries follow the Message-ID")
        #expect(read(first).boundary!.count <= 70)
    }
}

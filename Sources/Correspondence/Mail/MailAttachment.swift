/// A file attached to a message: sent base64-encoded, byte for byte, as
/// `Content-Disposition: attachment` with its file name.
public struct MailAttachment: Sendable, Hashable {
    /// The file name as given, such as `relevé-ACME.csv`. When written it is cleaned: control
    /// characters become spaces, bidirectional overrides are dropped, `/` and `\` become `_`,
    /// and an empty result becomes `attachment`. Non-ASCII names are written as RFC 2231
    /// `filename*=utf-8''…` parameters.
    public let filename: String
    /// The media type in canonical form: lower-case `type/subtype` and parameter names, such
    /// as `text/csv; charset=utf-8`.
    public let contentType: String
    /// The file's bytes.
    public let data: [UInt8]

    /// The media type and its parameters, `name` excluded (the file name supplies it).
    let mediaType: String
    let parameters: [MailParameter]

    /// An attachment, once `contentType` has been checked.
    ///
    /// - Parameters:
    ///   - contentType: `type/subtype` with optional `; name=value` parameters (token or quoted
    ///     string values, ASCII only). A `name` parameter is dropped: the file name supplies it.
    ///     `multipart/…` and `message/…` types are refused (they cannot be sent base64).
    /// - Throws: ``MailError/invalidContentType(_:reason:)``.
    public init(filename: String, contentType: String = "application/octet-stream", data: [UInt8]) throws(MailError) {
        let (mediaType, parameters) = try MailAttachment.parseContentType(contentType)
        self.filename = filename
        self.mediaType = mediaType
        self.parameters = parameters
        self.contentType = ([mediaType] + parameters.map { "\($0.name)=\(MailParameter.tokenOrQuoted($0.value))" })
            .joined(separator: "; ")
        self.data = data
    }

    static func parseContentType(_ text: String) throws(MailError) -> (String, [MailParameter]) {
        func fail(_ reason: String) -> MailError { .invalidContentType(text, reason: reason) }
        if text.unicodeScalars.contains(where: MailText.isControl) {
            throw fail("it contains a line break or another control character")
        }
        guard text.unicodeScalars.allSatisfy(\.isASCII) else { throw fail("it contains non-ASCII characters") }
        let bytes = Array(text.utf8)
        var segments: [[UInt8]] = [[]]
        var inQuotes = false, escaping = false
        for byte in bytes {
            if escaping {
                escaping = false
            } else if inQuotes && byte == UInt8(ascii: "\\") {
                escaping = true
            } else if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes && byte == UInt8(ascii: ";") {
                segments.append([])
                continue
            }
            segments[segments.count - 1].append(byte)
        }
        if inQuotes { throw fail("a quoted value is not closed") }
        func trimmed(_ segment: [UInt8]) -> [UInt8] {
            var slice = segment[...]
            while let first = slice.first, first == 0x20 || first == 0x09 { slice.removeFirst() }
            while let last = slice.last, last == 0x20 || last == 0x09 { slice.removeLast() }
            return Array(slice)
        }
        let type = trimmed(segments[0])
        let halves = type.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard halves.count == 2, !halves[0].isEmpty, !halves[1].isEmpty,
            halves.allSatisfy({ $0.allSatisfy(MailText.isTokenChar) })
        else { throw fail("it does not start with type/subtype") }
        let mediaType = String(decoding: type, as: UTF8.self).lowercased()
        if mediaType.hasPrefix("multipart/") || mediaType.hasPrefix("message/") {
            throw fail("multipart and message types cannot be attached")
        }
        var parameters: [MailParameter] = []
        for segment in segments.dropFirst() {
            let segment = trimmed(segment)
            if segment.isEmpty { continue }  // a trailing ";"
            guard let equals = segment.firstIndex(of: UInt8(ascii: "=")) else {
                throw fail("parameter \"\(String(decoding: segment, as: UTF8.self))\" has no \"=\"")
            }
            let name = trimmed(Array(segment[..<equals]))
            let rawValue = trimmed(Array(segment[(equals + 1)...]))
            guard !name.isEmpty, name.allSatisfy(MailText.isTokenChar) else {
                throw fail("parameter name \"\(String(decoding: name, as: UTF8.self))\" is not a token")
            }
            var value: [UInt8] = []
            if rawValue.first == UInt8(ascii: "\"") {
                guard rawValue.count >= 2, rawValue.last == UInt8(ascii: "\"") else {
                    throw fail("a parameter value has text after its closing quote")
                }
                var escaping = false
                for byte in rawValue.dropFirst().dropLast() {
                    if escaping || byte != UInt8(ascii: "\\") {
                        value.append(byte)
                        escaping = false
                    } else {
                        escaping = true
                    }
                }
            } else {
                guard !rawValue.isEmpty, rawValue.allSatisfy(MailText.isTokenChar) else {
                    throw fail(
                        "the value of parameter \"\(String(decoding: name, as: UTF8.self))\" is not a token or a quoted string"
                    )
                }
                value = rawValue
            }
            let lowerName = String(decoding: name, as: UTF8.self).lowercased()
            if lowerName == "name" { continue }
            if lowerName.contains("*") { throw fail("RFC 2231 parameters (\(lowerName)) are not accepted here") }
            if parameters.contains(where: { $0.name == lowerName }) {
                throw fail("parameter \"\(lowerName)\" is given twice")
            }
            parameters.append(MailParameter(name: lowerName, value: String(decoding: value, as: UTF8.self)))
        }
        return (mediaType, parameters)
    }
}

/// One `name=value` parameter of a Content-Type or Content-Disposition field.
struct MailParameter: Sendable, Hashable {
    var name: String
    var value: String

    /// The value as a token when it is one, otherwise as a quoted string.
    static func tokenOrQuoted(_ value: String) -> String {
        !value.isEmpty && value.utf8.allSatisfy(MailText.isTokenChar) ? value : MailText.quoted(value)
    }
}

import Foundation

/// Reads RFC 4180 CSV a record at a time from a byte buffer that is refilled in chunks, so a
/// file of a million invoices is never held in memory whole and never split with `String`
/// operations (a byte scanner is about twenty times faster).
///
/// A record's fields are spans of bytes in the buffer: callers parse days and amounts straight
/// from them and make a `String` only of the fields they keep. Handles a UTF-8 byte-order mark,
/// CRLF or LF line ends, quoted fields with doubled quotes and line breaks inside them, and any
/// one-byte delimiter; blanks around unquoted fields are trimmed. Text that is not UTF-8 is
/// refused with its line, rather than turned into replacement characters.
public final class CSVReader {
    public let file: String
    public let delimiter: UInt8
    /// The line on which the current record started (1-based).
    public private(set) var line = 0

    /// Where a field's bytes are: in the read buffer, or (a quoted field, unescaped) in `side`.
    struct Span {
        var start: Int
        var count: Int
        var inSide: Bool
    }

    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var position = 0
    private var end = 0
    private var atEOF = false
    /// Bytes read from the file so far, and the file's size: how far a long import is.
    private var bytesRead = 0
    private let size: Int
    private var nextLine = 1
    private let handle: UnsafeMutablePointer<FILE>?
    private var spans: [Span] = []
    private var side: [UInt8] = []
    private static let chunk = 1 << 20

    /// Opens `path` for reading; `name` is what error messages call it (the path by default).
    public init(path: String, delimiter: UInt8 = UInt8(ascii: ","), name: String? = nil) throws(InterchangeError) {
        file = name ?? path
        self.delimiter = delimiter
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw InterchangeError(file: file, line: 0, message: "no such file")
        }
        guard let handle = fopen(path, "rb") else {
            throw InterchangeError(file: file, line: 0, message: "cannot be read")
        }
        self.handle = handle
        var info = stat()
        size = fstat(fileno(handle), &info) == 0 ? Int(info.st_size) : 0
        capacity = CSVReader.chunk
        storage = .allocate(capacity: capacity)
        fill()
        skipByteOrderMark()
    }

    /// Reads CSV held in memory (tests, small inputs).
    public init(bytes: [UInt8], name: String, delimiter: UInt8 = UInt8(ascii: ",")) {
        file = name
        self.delimiter = delimiter
        handle = nil
        size = bytes.count
        capacity = max(bytes.count, 1)
        storage = .allocate(capacity: capacity)
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { storage.update(from: base, count: bytes.count) }
        }
        end = bytes.count
        bytesRead = bytes.count
        atEOF = true
        skipByteOrderMark()
    }

    /// The share of the input parsed so far, from 0 to 1 (`nil` when the size is unknown).
    public var fractionRead: Double? {
        size > 0 ? min(1, Double(bytesRead - (end - position)) / Double(size)) : nil
    }

    deinit {
        if let handle { fclose(handle) }
        storage.deallocate()
    }

    private func skipByteOrderMark() {
        if end >= 3 && storage[0] == 0xEF && storage[1] == 0xBB && storage[2] == 0xBF { position = 3 }
    }

    /// Moves the unread bytes to the front and reads more after them.
    private func fill() {
        guard let handle, !atEOF else { return }
        if position > 0 {
            let remaining = end - position
            if remaining > 0 { storage.update(from: storage + position, count: remaining) }
            end = remaining
            position = 0
        }
        if end == capacity {
            // A record longer than the buffer: double it.
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.update(from: storage, count: end)
            storage.deallocate()
            storage = larger
            capacity *= 2
        }
        let read = fread(storage + end, 1, capacity - end, handle)
        bytesRead += read
        end += read
        if read == 0 { atEOF = true }
    }

    /// Moves to the next record; `false` at the end of the file. Blank lines are skipped.
    public func nextRecord() throws(InterchangeError) -> Bool {
        while true {
            switch try parseRecord() {
            case .record(let startLine, let lines):
                line = startLine
                nextLine = startLine + lines
                if spans.count == 1 && spans[0].count == 0 { continue }
                return true
            case .needMore:
                if atEOF { return false }
                fill()
            case .endOfFile:
                return false
            }
        }
    }

    /// How many fields the current record has.
    public var fieldCount: Int { spans.count }

    /// Whether field `index` of the current record is empty (`""` or nothing between delimiters).
    public func isEmpty(_ index: Int) -> Bool { spans[index].count == 0 }

    /// Gives the bytes of field `index` of the current record to `body`; they are valid only
    /// inside it.
    public func withBytes<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let span = spans[index]
        if span.inSide {
            return side.withUnsafeBufferPointer {
                body(UnsafeBufferPointer(rebasing: $0[span.start..<(span.start + span.count)]))
            }
        }
        return body(UnsafeBufferPointer(start: storage + span.start, count: span.count))
    }

    /// Field `index` of the current record as text.
    public func string(_ index: Int) throws(InterchangeError) -> String {
        guard let text = withBytes(index, CSVReader.string) else {
            throw InterchangeError(
                file: file, line: line,
                message: "the text is not UTF-8 (convert the file first, e.g. `iconv -f WINDOWS-1252 -t UTF-8`)")
        }
        return text
    }

    /// The next record's fields as text, or `nil` at the end of the file.
    public func next() throws(InterchangeError) -> [String]? {
        guard try nextRecord() else { return nil }
        var fields: [String] = []
        fields.reserveCapacity(spans.count)
        for index in 0..<spans.count { fields.append(try string(index)) }
        return fields
    }

    private enum ParseResult {
        case record(line: Int, lines: Int)
        case needMore
        case endOfFile
    }

    private func parseRecord() throws(InterchangeError) -> ParseResult {
        if position >= end {
            return atEOF ? .endOfFile : .needMore
        }
        // Work on locals: each access to a stored property of this class is checked for
        // exclusive access at run time, which costs more than the parsing itself.
        var spans: [Span] = []
        var side: [UInt8] = []
        swap(&spans, &self.spans)
        swap(&side, &self.side)
        spans.removeAll(keepingCapacity: true)
        side.removeAll(keepingCapacity: true)
        defer {
            swap(&spans, &self.spans)
            swap(&side, &self.side)
        }
        var p = position
        let result = try CSVReader.parse(
            UnsafeBufferPointer(start: storage, count: end), from: &p, atEOF: atEOF, delimiter: delimiter, file: file,
            startLine: nextLine, spans: &spans, side: &side)
        if case .record = result { position = p }
        return result
    }

    /// Parses one record starting at `p`; on success `p` is just past its line end.
    private static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, from p: inout Int, atEOF: Bool, delimiter: UInt8, file: String,
        startLine: Int, spans: inout [Span], side: inout [UInt8]
    ) throws(InterchangeError) -> ParseResult {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        let limit = bytes.count
        var lines = 0
        while true {
            if p < limit && bytes[p] == quote {
                // Quoted field: copy its bytes to the side buffer, turning "" into ".
                let start = side.count
                p += 1
                while true {
                    guard p < limit else {
                        if atEOF {
                            throw InterchangeError(
                                file: file, line: startLine, message: "a quoted field is never closed")
                        }
                        return .needMore
                    }
                    let byte = bytes[p]
                    if byte == 0 { throw nulByte(file: file, line: startLine + lines) }
                    if byte == quote {
                        if p + 1 < limit && bytes[p + 1] == quote {
                            side.append(quote)
                            p += 2
                            continue
                        }
                        if p + 1 >= limit && !atEOF { return .needMore }
                        p += 1
                        break
                    }
                    if byte == lf { lines += 1 }
                    side.append(byte)
                    p += 1
                }
                spans.append(Span(start: start, count: side.count - start, inSide: true))
                guard p < limit else {
                    if !atEOF { return .needMore }
                    return .record(line: startLine, lines: lines + 1)
                }
                let after = bytes[p]
                if after == delimiter {
                    p += 1
                    continue
                }
                if after == lf || after == cr {
                    if after == cr {
                        guard p + 1 < limit || atEOF else { return .needMore }
                        if p + 1 < limit && bytes[p + 1] == lf { p += 1 }
                    }
                    p += 1
                    return .record(line: startLine, lines: lines + 1)
                }
                throw InterchangeError(
                    file: file, line: startLine + lines,
                    message: "unexpected text after a closing quote in field \(spans.count)")
            }
            // Unquoted field: up to the delimiter or the line end, without surrounding blanks.
            var start = p
            while p < limit {
                let byte = bytes[p]
                if byte == delimiter || byte == lf || byte == cr { break }
                if byte == 0 { throw nulByte(file: file, line: startLine + lines) }
                p += 1
            }
            guard p < limit || atEOF else { return .needMore }
            var stop = p
            while start < stop && (bytes[start] == space || bytes[start] == tab) { start += 1 }
            while stop > start && (bytes[stop - 1] == space || bytes[stop - 1] == tab) { stop -= 1 }
            spans.append(Span(start: start, count: stop - start, inSide: false))
            if p >= limit {
                return .record(line: startLine, lines: lines + 1)
            }
            let byte = bytes[p]
            if byte == delimiter {
                p += 1
                if p >= limit && atEOF {
                    spans.append(Span(start: p, count: 0, inSide: false))
                    return .record(line: startLine, lines: lines + 1)
                }
                continue
            }
            if byte == cr {
                guard p + 1 < limit || atEOF else { return .needMore }
                if p + 1 < limit && bytes[p + 1] == lf { p += 1 }
            }
            p += 1
            return .record(line: startLine, lines: lines + 1)
        }
    }

    /// A NUL byte is not text: the file is binary, or UTF-16 (which spreadsheets also call
    /// "Unicode text").
    private static func nulByte(file: String, line: Int) -> InterchangeError {
        InterchangeError(
            file: file, line: line,
            message: "the file has a NUL byte, so it is not UTF-8 text (save it as CSV UTF-8, or convert it with iconv)"
        )
    }

    /// The bytes as text; `nil` when they are not UTF-8. ASCII, the common case, skips validation.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                _ = buffer.initialize(fromContentsOf: bytes)
                return bytes.count
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

import Foundation

/// JSON written straight into bytes and handed to a sink in chunks, for outputs of hundreds of
/// thousands of entries (a dunning run lists every invoice it leaves out): building a `String`
/// per entry and appending pieces to it cost about 400 instructions a piece.
public final class JSONStream {
    private var buffer: [UInt8] = []
    private let sink: ([UInt8]) -> Void

    /// Writes to `sink` whenever 64 KiB are buffered, and on `flush()`.
    public init(sink: @escaping ([UInt8]) -> Void) {
        self.sink = sink
        buffer.reserveCapacity(1 << 16 + 4096)
    }

    /// A stream to standard output.
    public static func standardOutput() -> JSONStream {
        JSONStream { bytes in FileHandle.standardOutput.write(Data(bytes)) }
    }

    /// Text that is already JSON (punctuation, keys, numbers).
    public func raw(_ text: StaticString) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Text made at run time that is already JSON.
    public func json(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 16 { flush() }
    }

    /// A JSON string literal, escaped as `JSONEncoder` escapes it.
    public func string(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            if bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                buffer.append(contentsOf: CollectionViews.compactJSON(String(decoding: bytes, as: UTF8.self)).utf8)
            } else {
                buffer.append(UInt8(ascii: "\""))
                buffer.append(contentsOf: bytes)
                buffer.append(UInt8(ascii: "\""))
            }
        }
        if buffer.count >= 1 << 16 { flush() }
    }

    /// JSON text, then a string: `member(",\"name\":", name)`.
    public func member(_ prefix: StaticString, _ value: String) {
        raw(prefix)
        string(value)
    }

    /// A whole number.
    public func number(_ value: Int64) { json(String(value)) }

    public func flush() {
        guard !buffer.isEmpty else { return }
        sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

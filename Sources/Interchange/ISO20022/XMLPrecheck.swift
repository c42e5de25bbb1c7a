import Foundation

/// What `XMLParser` must not be given, found in one pass over the bytes before it parses them.
///
/// FoundationXML traps (SIGILL) on text that is not UTF-8 in a comment or a tag name, and an
/// element tree tens of thousands deep overflows the stack when it is freed; it also drops an
/// entity reference it does not resolve (`&foo;` of an external entity declared in a DOCTYPE)
/// without a word, so the reference or remittance that held it silently changes. Each is
/// refused here with its line; camt files need no entity beyond XML's five.
enum XMLPrecheck {
    /// Far deeper than any camt message (about 12 levels), far shallower than what hurts.
    static let maximumDepth = 256

    static func check(_ data: Data) throws(XMLTreeError) {
        // Data.withUnsafeBytes rethrows untyped errors: carry the refusal out as a value.
        let refusal = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> XMLTreeError? in
            let bytes = raw.bindMemory(to: UInt8.self)
            do throws(XMLTreeError) {
                try checkUTF8(bytes)
                try checkStructure(bytes)
                return nil
            } catch {
                return error
            }
        }
        if let refusal { throw refusal }
    }

    /// The line of the first byte that is not UTF-8.
    static func checkUTF8(_ bytes: UnsafeBufferPointer<UInt8>) throws(XMLTreeError) {
        if !bytes.contains(where: { $0 >= 0x80 }) { return }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: return
            case .error:
                throw XMLTreeError(line: line, message: "the file is not UTF-8 text (camt files are UTF-8)")
            }
        }
    }

    /// Entity references other than XML's five and character references, and elements nested
    /// deeper than ``maximumDepth``. Comments, CDATA sections, processing instructions and
    /// declarations are passed over; what is malformed is left for the parser to report.
    static func checkStructure(_ bytes: UnsafeBufferPointer<UInt8>) throws(XMLTreeError) {
        let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), amp = UInt8(ascii: "&"), lf = UInt8(ascii: "\n")
        let slash = UInt8(ascii: "/"), bang = UInt8(ascii: "!"), question = UInt8(ascii: "?")
        let count = bytes.count
        var index = 0
        var line = 1
        var depth = 0

        func starts(_ text: String, at position: Int) -> Bool {
            var position = position
            for byte in text.utf8 {
                guard position < count, bytes[position] == byte else { return false }
                position += 1
            }
            return true
        }
        /// Moves past the next `terminator`, counting lines; `false` when there is none.
        func skip(past terminator: String) -> Bool {
            let first = terminator.utf8.first!
            while index < count {
                if bytes[index] == first && starts(terminator, at: index) {
                    index += terminator.utf8.count
                    return true
                }
                if bytes[index] == lf { line += 1 }
                index += 1
            }
            return false
        }
        /// Checks the reference starting at the `&` at `index`.
        func checkReference() throws(XMLTreeError) {
            var end = index + 1
            while end < count, end - index <= 64, bytes[end] != UInt8(ascii: ";"), bytes[end] != lt,
                bytes[end] != amp, bytes[end] > 0x20
            {
                end += 1
            }
            // No `;`: not a reference at all, which the parser reports.
            guard end < count, bytes[end] == UInt8(ascii: ";") else { return }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end]), as: UTF8.self)
            if name.hasPrefix("#") || ["amp", "lt", "gt", "quot", "apos"].contains(name) { return }
            throw XMLTreeError(
                line: line,
                message:
                    "the entity &\(name); is not resolved (only &amp; &lt; &gt; &quot; &apos; and character references are)"
            )
        }

        while index < count {
            let byte = bytes[index]
            if byte == lf {
                line += 1
                index += 1
            } else if byte == amp {
                try checkReference()
                index += 1
            } else if byte != lt {
                index += 1
            } else if starts("<!--", at: index) {
                guard skip(past: "-->") else { return }
            } else if starts("<![CDATA[", at: index) {
                guard skip(past: "]]>") else { return }
            } else if index + 1 < count && bytes[index + 1] == question {
                guard skip(past: "?>") else { return }
            } else if index + 1 < count && bytes[index + 1] == bang {
                // A declaration (DOCTYPE), with any internal subset in brackets.
                guard skip(past: starts("<!DOCTYPE", at: index) && hasSubset(bytes, from: index) ? "]>" : ">")
                else { return }
            } else if index + 1 < count && bytes[index + 1] == slash {
                depth -= 1
                guard skip(past: ">") else { return }
            } else {
                // A start tag: up to its `>`, attribute values quoted (they may hold `>`).
                let startLine = line
                var quote: UInt8?
                var previous: UInt8 = 0
                index += 1
                while index < count {
                    let current = bytes[index]
                    if current == lf { line += 1 }
                    if let open = quote {
                        if current == open { quote = nil }
                        if current == amp { try checkReference() }
                    } else if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                        quote = current
                    } else if current == gt || current == lt {
                        break
                    }
                    previous = current
                    index += 1
                }
                guard index < count, bytes[index] == gt else { return }
                index += 1
                if previous != slash {
                    depth += 1
                    if depth > maximumDepth {
                        throw XMLTreeError(
                            line: startLine, message: "the elements are nested more than \(maximumDepth) deep")
                    }
                }
            }
        }
    }

    /// Whether the DOCTYPE at `start` has an internal subset (`[` before its first `>`).
    static func hasSubset(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
            if bytes[index] == UInt8(ascii: "[") { return true }
            index += 1
        }
        return false
    }
}

import Foundation
import LedgerPort
import Testing

@testable import DunKit

@Suite struct JSONStreamTests {
    /// What the stream writes must read back as the values written, escaped as `JSONEncoder`
    /// escapes them, and arrive whole however the chunks fall.
    @Test func writesWhatJSONEncoderWouldAndNothingIsLostBetweenChunks() throws {
        var chunks: [[UInt8]] = []
        let out = JSONStream { chunks.append($0) }
        let texts = [
            "plain", "quote \" inside", "back\\slash", "line\nbreak", "tab\tand\u{1}control", "Société Générale — 50 €",
            "slash / kept",
        ]
        out.raw("[")
        for index in 0..<20_000 {
            if index > 0 { out.raw(",") }
            out.raw("{\"n\":")
            out.number(Int64(index) - 10)
            out.raw(",\"text\":")
            out.string(texts[index % texts.count])
            out.raw("}")
        }
        out.raw("]")
        out.flush()
        #expect(chunks.count > 5)
        let bytes = Data(chunks.joined())
        let entries = try #require(JSONSerialization.jsonObject(with: bytes) as? [[String: Any]])
        #expect(entries.count == 20_000)
        for (index, entry) in entries.enumerated() {
            #expect(entry["n"] as? Int == index - 10)
            #expect(entry["text"] as? String == texts[index % texts.count])
        }
        // Each string as JSONEncoder writes it.
        for text in texts {
            var one: [UInt8] = []
            let stream = JSONStream { one += $0 }
            stream.string(text)
            stream.flush()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            #expect(String(decoding: one, as: UTF8.self) == String(decoding: try encoder.encode(text), as: UTF8.self))
        }
    }
}

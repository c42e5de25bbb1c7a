import Foundation
import Receivables
import Testing

@testable import Correspondence

@Suite struct TemplateFilesTests {
    /// `Sources/Correspondence/Templates/`, found from this file's path.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Correspondence/Templates").path

    /// The copy built into dun must be the folder's files: run scripts/embed-templates after editing them.
    @Test func theBuiltInCopyMatchesTheFolder() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder)
            .filter { $0.hasSuffix(".mustache") }.sorted()
        #expect(
            names == TemplateSet.shippedFiles.map(\.name),
            "Templates/ and ShippedTemplates.swift list different files: run scripts/embed-templates")
        for file in TemplateSet.shippedFiles {
            let path = (Self.folder as NSString).appendingPathComponent(file.name)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text == file.text, "\(file.name) changed: run scripts/embed-templates")
        }
    }

    @Test func everyKindShipsInEveryLanguage() throws {
        let expected = DocumentKind.allCases.flatMap { kind in
            Language.allCases.map { TemplateSet.fileName(kind: kind, language: $0) }
        }
        #expect(Set(TemplateSet.shippedFiles.map(\.name)) == Set(expected))
        #expect(TemplateSet.shippedFiles.count == 20)
        let templates = try TemplateSet()
        #expect(templates.overridden.isEmpty)
        for kind in DocumentKind.allCases {
            for language in Language.allCases {
                let source = try #require(templates.source(kind: kind, language: language))
                #expect(source.hasPrefix("Subject: "))
            }
        }
    }

    @Test func theFolderCanServeAsAnOverrideFolder() throws {
        // Everything but the .mustache files would be refused; copy those alone.
        let copy = (NSTemporaryDirectory() as NSString).appendingPathComponent("dun-shipped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        for file in TemplateSet.shippedFiles {
            try file.text.write(
                toFile: (copy as NSString).appendingPathComponent(file.name), atomically: true, encoding: .utf8)
        }
        let templates = try TemplateSet(overridesIn: copy)
        #expect(templates.overridden.count == 20)
    }
}

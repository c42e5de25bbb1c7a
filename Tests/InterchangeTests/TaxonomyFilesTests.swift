import Complaints
import Foundation
import Testing

@testable import Interchange

@Suite struct TaxonomyFilesTests {
    /// The repository's `taxonomy/` folder, found from this file's path.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("taxonomy").path

    /// Yams's own message for a repeated key quotes the whole file; dun prints the one place.
    @Test func aDuplicateKeyIsOneLineWithItsPlace() {
        let text = """
            owners:
              - key: quality
                name: Quality
                email: q@example.com
                name: Quality team

            """
        #expect(
            throws: InterchangeError(
                file: "owners.yaml", line: 5, column: 5, message: "duplicate key \"name\" (first on line 3)")
        ) {
            try TaxonomyFiles.load(files: [TaxonomyFiles.File(name: "owners.yaml", text: text)])
        }
        #expect(
            InterchangeError(file: "owners.yaml", line: 5, column: 5, message: "duplicate key \"name\"").description
                == "owners.yaml:5:5: duplicate key \"name\"")
        // Flow style: the key's first place.
        #expect(
            throws: InterchangeError(
                file: "o.yaml", line: 2, column: 6, message: "duplicate key \"key\" (first on line 2)")
        ) {
            try TaxonomyFiles.load(files: [
                TaxonomyFiles.File(name: "o.yaml", text: "owners:\n  - {key: a, name: A, key: b}\n")
            ])
        }
    }

    @Test func theShippedTaxonomyCoversTheSpec() throws {
        let taxonomy = try TaxonomyFiles.load(files: TaxonomyFiles.shipped)
        let codes = Set(taxonomy.categories.map(\.code))
        for required in [
            "defective-product", "wrong-item", "damaged-goods", "inadequate-service", "pricing-error",
            "quantity-shortage",
            "duplicate-billing", "late-delivery", "missing-pod", "unexplained-deduction",
        ] {
            #expect(codes.contains(required), "missing \(required)")
        }
        for category in taxonomy.categories {
            #expect(
                (2...5).contains(category.subcategories.count),
                "\(category.code) has \(category.subcategories.count) subcategories")
            #expect(!category.labels.fr.isEmpty && category.labels.fr != category.labels.en || category.code == "x")
        }
        #expect(taxonomy.management.count >= 1)
        #expect(taxonomy.owners.count >= 5)
        #expect(taxonomy.routing.salesRepAbove[.EUR]?.minorUnits == 500_000)
        #expect(taxonomy.problems().isEmpty)
    }

    /// The copy built into dun must be the folder's files: run scripts/embed-taxonomy after editing them.
    @Test func theBuiltInCopyMatchesTheFolder() throws {
        let fromFolder = try TaxonomyFiles.load(directory: Self.folder)
        let builtIn = try TaxonomyFiles.load(files: TaxonomyFiles.shipped)
        #expect(fromFolder == builtIn, "taxonomy/ changed: run scripts/embed-taxonomy")
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { $0.hasSuffix(".yaml") }
            .sorted()
        #expect(names == TaxonomyFiles.shipped.map(\.name))
    }

    func load(_ files: [String: String]) throws -> Taxonomy {
        try TaxonomyFiles.load(
            files: files.sorted { $0.key < $1.key }.map { TaxonomyFiles.File(name: $0.key, text: $0.value) })
    }

    let owners = """
        owners:
          - key: quality
            name: Quality
            email: q@example.com
        management:
          members:
            - name: Claire
              email: claire@example.com
        """

    @Test func namesTheFileAndLineOfAnUnknownOwner() {
        let categories = """
            categories:
              - code: defective-product
                labels: {en: Defective, fr: Défectueux}
                description: Broken.
                owner: qualty
                hold: invoice
                sla_days: 10
                escalate_after_days: 20
            """
        #expect(
            throws: InterchangeError(
                file: "categories.yaml", line: 5,
                message: "category \"defective-product\" names unknown owner \"qualty\"")
        ) { try load(["owners.yaml": owners, "categories.yaml": categories]) }
    }

    @Test func namesTheLineOfABadField() {
        let categories = """
            categories:
              - code: defective-product
                labels: {en: Defective, fr: Défectueux}
                description: Broken.
                owner: quality
                hold: everything
                sla_days: 10
                escalate_after_days: 20
            """
        #expect(
            throws: InterchangeError(
                file: "categories.yaml", line: 6,
                message: "hold \"everything\" must be invoice, disputed-amount or none")
        ) { try load(["owners.yaml": owners, "categories.yaml": categories]) }
        let typo = categories.replacingOccurrences(of: "hold: everything", with: "hold: invoice\n    sla: 3")
        #expect(throws: InterchangeError.self) { try load(["owners.yaml": owners, "categories.yaml": typo]) }
        let words = categories.replacingOccurrences(of: "hold: everything", with: "hold: invoice")
            .replacingOccurrences(of: "sla_days: 10", with: "sla_days: ten")
        #expect(
            throws: InterchangeError(
                file: "categories.yaml", line: 7, message: "sla_days \"ten\" is not a whole number")
        ) { try load(["owners.yaml": owners, "categories.yaml": words]) }
    }

    @Test func namesTheLineOfInvalidYAML() throws {
        do {
            _ = try load(["owners.yaml": "owners:\n  - key: [unclosed\n"])
            Issue.record("invalid YAML was accepted")
        } catch let error as InterchangeError {
            #expect(error.file == "owners.yaml")
            #expect(error.line >= 2)
            #expect(error.message.hasPrefix("not valid YAML"))
        }
    }
}

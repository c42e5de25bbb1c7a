import Foundation
import Mustache
import Receivables

/// A template file's name and text: `reminder.fr.mustache` and what it holds.
public struct TemplateFile: Sendable, Hashable {
    /// The file name, `<kind>.<language>.mustache`.
    public var name: String
    /// The file's text.
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// The templates letters are written from: one per document kind and language, the ones shipped
/// with `dun` unless the user's folder replaces some.
///
/// Collectors and translators change the wording without rebuilding `dun`: any
/// `<kind>.<language>.mustache` file in the folder they name replaces the shipped one, and the
/// others stay. A file the renderer would never use (a misspelt name) or one that does not parse
/// is refused when the set is made, naming the file, rather than discovered when a run sends
/// letters.
///
/// A template file is plain text:
///
/// ```
/// Subject: Payment reminder — account {{customerCode}}
///
/// Dear Sir or Madam,
///
/// According to our records, …
///
/// {{statement}}
/// ```
///
/// The first line is `Subject: ` and the subject, the second is blank, the rest is the body:
/// paragraphs separated by blank lines (reflowed when laid out), lines starting with `- ` make a
/// list. Values are Mustache tags; `{{statement}}` and the other block values place the parts
/// the renderer lays out itself. `Sources/Correspondence/Templates/README.md` lists the values.
public struct TemplateSet: Sendable {
    /// One parsed template.
    struct Template: Sendable {
        /// The file it came from, as shown in errors: a path for overrides, the name for shipped ones.
        var file: String
        var source: String
        var subject: MustacheTemplate
        var body: MustacheTemplate
    }

    private var templates: [String: Template]
    /// The names of the files the overrides folder replaced, sorted.
    public private(set) var overridden: [String]

    /// The shipped templates.
    ///
    /// - Throws: ``DocumentError`` only if the copy built into `dun` is broken, which a test
    ///   prevents.
    public init() throws(DocumentError) {
        templates = [:]
        overridden = []
        for file in TemplateSet.shippedFiles {
            try add(file, shownAs: file.name)
        }
    }

    /// The shipped templates, with the files of `folder` in place of the shipped ones they name.
    ///
    /// Hidden files (starting with `.`) are skipped; every other entry must be a file named
    /// `<kind>.<language>.mustache`.
    ///
    /// - Throws: ``DocumentError/overridesFolder(path:reason:)`` when the folder cannot be listed;
    ///   ``DocumentError/unknownTemplateFile(file:)``, ``DocumentError/unreadableTemplate(file:reason:)``,
    ///   ``DocumentError/templateFormat(file:line:reason:)`` or
    ///   ``DocumentError/templateSyntax(file:line:column:reason:)`` naming the file at fault.
    public init(overridesIn folder: String) throws(DocumentError) {
        try self.init()
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw .overridesFolder(path: folder, reason: Self.reason(error, folder: folder))
        }
        for name in names where !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                TemplateSet.key(forFileName: name) != nil
            else { throw .unknownTemplateFile(file: path) }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .unreadableTemplate(file: path, reason: "it cannot be opened")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw .unreadableTemplate(file: path, reason: "it is not UTF-8 text")
            }
            try add(TemplateFile(name: name, text: text), shownAs: path)
            overridden.append(name)
        }
    }

    /// The shipped templates with `files` in place of the shipped ones they name; for callers
    /// that keep templates elsewhere than in a folder.
    ///
    /// - Throws: as ``init(overridesIn:)``, naming the file by its `name`.
    public init(replacing files: [TemplateFile]) throws(DocumentError) {
        try self.init()
        for file in files {
            try add(file, shownAs: file.name)
            overridden.append(file.name)
        }
        overridden.sort()
    }

    /// The file name of a template: `final-notice.fr.mustache`.
    public static func fileName(kind: DocumentKind, language: Language) -> String {
        "\(kind.rawValue).\(language.rawValue).mustache"
    }

    /// The text of the template in use for a kind and language, as a translator would edit it.
    public func source(kind: DocumentKind, language: Language) -> String? {
        templates[TemplateSet.fileName(kind: kind, language: language)]?.source
    }

    /// The template in use for a kind and language.
    func template(kind: DocumentKind, language: Language) throws(DocumentError) -> Template {
        guard let template = templates[TemplateSet.fileName(kind: kind, language: language)] else {
            throw .missingTemplate(kind: kind.rawValue, language: language)
        }
        return template
    }

    private mutating func add(_ file: TemplateFile, shownAs shown: String) throws(DocumentError) {
        guard TemplateSet.key(forFileName: file.name) != nil else { throw .unknownTemplateFile(file: shown) }
        templates[file.name] = try TemplateSet.parse(file.text, file: shown)
    }

    /// The kind and language a file name stands for, or `nil` when it is not a template name.
    static func key(forFileName name: String) -> (DocumentKind, Language)? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2] == "mustache", let kind = DocumentKind(rawValue: String(parts[0])),
            let language = Language(rawValue: String(parts[1]))
        else { return nil }
        return (kind, language)
    }

    /// Turns the rendered values into text rather than HTML: the renderer escapes for HTML itself,
    /// after laying the letter out.
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}"

    /// Splits a template file into its subject and body and parses both.
    static func parse(_ raw: String, file: String) throws(DocumentError) -> Template {
        var text = raw
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = lines.first.map(String.init) ?? ""
        guard first.lowercased().hasPrefix("subject:") else {
            throw .templateFormat(
                file: file, line: 1, reason: "the first line must be \"Subject: \" followed by the subject")
        }
        let afterColon = first.dropFirst("subject:".count)
        let leading = afterColon.prefix(while: { $0 == " " || $0 == "\t" }).count
        let subjectSource = String(afterColon.dropFirst(leading)).trimmingCharacters(in: .whitespaces)
        guard !subjectSource.isEmpty else {
            throw .templateFormat(file: file, line: 1, reason: "the subject is empty")
        }
        guard lines.count >= 3, lines[1].allSatisfy({ $0 == " " || $0 == "\t" }) else {
            throw .templateFormat(
                file: file, line: 2, reason: "the subject line must be followed by a blank line, then the body")
        }
        let bodySource = lines.dropFirst(2).joined(separator: "\n")
        guard bodySource.contains(where: { !$0.isWhitespace }) else {
            throw .templateFormat(file: file, line: 3, reason: "the body is empty")
        }
        let subjectColumn = "subject:".count + leading + 1
        let subject = try mustache(subjectSource, file: file, firstLine: 1, firstColumn: subjectColumn)
        let body = try mustache(bodySource, file: file, firstLine: 3, firstColumn: 1)
        return Template(file: file, source: text, subject: subject, body: body)
    }

    /// Parses Mustache text that starts at `firstLine`, `firstColumn` of the file.
    private static func mustache(
        _ source: String, file: String, firstLine: Int, firstColumn: Int
    ) throws(DocumentError) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: textPragma + source)
        } catch let error as MustacheTemplate.ParserError {
            let line = error.context.lineNumber
            var column = error.context.columnNumber
            if line == 1 { column = max(1, column - textPragma.count) + firstColumn - 1 }
            throw .templateSyntax(
                file: file, line: line + firstLine - 1, column: column, reason: describe(error.error))
        } catch {
            throw .templateSyntax(file: file, line: firstLine, column: firstColumn, reason: "\(error)")
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed ({{/…}}) with another name than it was opened with"
        case .unfinishedName: return "a tag is not closed with }}"
        case .expectedSectionEnd: return "a section ({{#…}} or {{^…}}) is opened but never closed"
        case .invalidSetDelimiter: return "a set-delimiter tag {{=… …=}} is badly formed"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inherited section"
        case .illegalTokenInsideInheritSection: return "an inherited partial holds something other than blocks"
        case .textInsideInheritSection: return "an inherited partial holds text outside its blocks"
        case .invalidConfigVariableSyntax: return "a {{% …}} pragma is badly formed"
        case .unrecognisedConfigVariable: return "a {{% …}} pragma is not one Mustache knows"
        }
    }

    private static func reason(_ error: any Error, folder: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) { return "it does not exist" }
        if !isDirectory.boolValue { return "it is not a folder" }
        return (error as NSError).localizedDescription
    }
}

extension TemplateSet.Template {
    /// Renders the subject and body with `values`.
    ///
    /// - Throws: ``DocumentError/unknownTemplateValue(file:name:)`` when the template looks up a
    ///   name that is not in `known`: a misspelt value would otherwise print nothing, silently.
    func render(_ values: [String: Any], known: Set<String>) throws(DocumentError) -> (subject: String, body: String) {
        let recorder = MissedNames()
        let root = TemplateValues(values: values, missed: recorder)
        let subject = self.subject.render(root)
        let body = self.body.render(root)
        if let unknown = recorder.names.subtracting(known).sorted().first {
            throw .unknownTemplateValue(file: file, name: unknown)
        }
        return (subject, body)
    }
}

/// The names a template looked up and did not find among the values.
private final class MissedNames {
    var names: Set<String> = []
}

/// The root of the rendering context: the values, and a record of names looked up in vain.
///
/// Mustache asks the innermost object first (an item of `{{#invoices}}`) and the root last, so a
/// name reaches the root only when nothing else had it.
private struct TemplateValues: MustacheParent {
    let values: [String: Any]
    let missed: MissedNames

    func child(named name: String) -> Any? {
        if let value = values[name] { return value }
        missed.names.insert(name)
        return nil
    }
}

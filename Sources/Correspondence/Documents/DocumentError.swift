import Receivables

/// Why a notice cannot be rendered or sent: a template file that is misnamed, unreadable or
/// broken, a context that lacks what its kind needs, or an email part the Mail module refused.
///
/// Every case names the thing to fix (the template file with its line, the field, the item), so
/// the command line can print it as one `error:` line.
public enum DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The overrides folder cannot be listed.
    case overridesFolder(path: String, reason: String)
    /// A file in the overrides folder is not named `<kind>.<language>.mustache`.
    case unknownTemplateFile(file: String)
    /// A template file cannot be read as UTF-8 text.
    case unreadableTemplate(file: String, reason: String)
    /// A template file does not have the `Subject: …` line and blank line it must start with.
    case templateFormat(file: String, line: Int, reason: String)
    /// A template's Mustache does not parse.
    case templateSyntax(file: String, line: Int, column: Int, reason: String)
    /// A template names a value the renderer never provides (a typo such as `{{custmerName}}`).
    case unknownTemplateValue(file: String, name: String)
    /// The context's kind is not one of ``DocumentKind``.
    case unknownKind(String)
    /// No template exists for the kind and language.
    case missingTemplate(kind: String, language: Language)
    /// The kind needs a field the context leaves empty (the law firm of a lawyer letter…).
    case missingField(kind: String, field: String)
    /// An invoice copy needs exactly one invoice among the items.
    case invoiceCopyNeedsOneInvoice(found: Int)
    /// A statement item is not consistent (negative amount, two currencies).
    case invalidItem(reference: String, reason: String)
    /// The Mail module refused a part of the email (an address, the Message-ID token…).
    case mail(MailError)

    public var description: String {
        switch self {
        case .overridesFolder(let path, let reason):
            "template folder \"\(path)\" cannot be read: \(reason)"
        case .unknownTemplateFile(let file):
            "template file \"\(file)\" is not named <kind>.<language>.mustache (kinds: "
                + DocumentKind.allCases.map(\.rawValue).joined(separator: ", ") + "; languages: "
                + Language.allCases.map(\.rawValue).joined(separator: ", ") + ")"
        case .unreadableTemplate(let file, let reason):
            "template file \"\(file)\" cannot be read: \(reason)"
        case .templateFormat(let file, let line, let reason):
            "template file \"\(file)\", line \(line): \(reason)"
        case .templateSyntax(let file, let line, let column, let reason):
            "template file \"\(file)\", line \(line), column \(column): \(reason)"
        case .unknownTemplateValue(let file, let name):
            "template file \"\(file)\" uses {{\(name)}}, which is not a value letters provide"
                + " (see Sources/Correspondence/Templates/README.md)"
        case .unknownKind(let kind):
            "unknown document kind \"\(kind)\" (known: "
                + DocumentKind.allCases.map(\.rawValue).joined(separator: ", ") + ")"
        case .missingTemplate(let kind, let language):
            "no template for \(kind) in \(language.rawValue)"
        case .missingField(let kind, let field):
            "a \(kind) document needs \(field)"
        case .invoiceCopyNeedsOneInvoice(let found):
            "an invoice copy needs exactly one invoice among the items, found \(found)"
        case .invalidItem(let reference, let reason):
            "statement item \"\(reference)\": \(reason)"
        case .mail(let error):
            error.description
        }
    }
}

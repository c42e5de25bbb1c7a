import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of a parsed XML document: its local name (prefix dropped), attributes, text and
/// children, and the line where its start tag was reported by the parser.
///
/// Bank files are small enough (a few megabytes at most) to hold in memory, and walking a tree
/// by element path is far less error-prone than a state machine over SAX events: ISO 20022 reuses
/// the same local names (`Amt`, `CdtDbtInd`, `Nm`, `Id`, `Cd`) at many depths.
final class XMLNode {
    let name: String
    let attributes: [String: String]
    let line: Int
    var text = ""
    var children: [XMLNode] = []

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    /// The first child with this local name.
    func child(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    /// All children with this local name, in document order.
    func children(_ name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }

    /// The first element reached by following `path` one child at a time.
    func path(_ path: String...) -> XMLNode? {
        var node: XMLNode? = self
        for name in path { node = node?.child(name) }
        return node
    }

    /// Every element reached by following `path`, where each step may match several children.
    func all(_ path: String...) -> [XMLNode] {
        var nodes = [self]
        for name in path { nodes = nodes.flatMap { $0.children(name) } }
        return nodes
    }

    /// The text with surrounding whitespace removed; `nil` when empty.
    var value: String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The attribute with this local name (any prefix ignored).
    func attribute(_ name: String) -> String? {
        if let value = attributes[name] { return value }
        return attributes.first { XMLNode.localName($0.key) == name }?.value
    }

    static func localName(_ qualified: String) -> String {
        guard let colon = qualified.lastIndex(of: ":") else { return qualified }
        return String(qualified[qualified.index(after: colon)...])
    }
}

/// Why a document could not be parsed: the parser's message and line.
struct XMLTreeError: Error {
    let line: Int
    let message: String
}

/// Builds an ``XMLNode`` tree with `XMLParser`, recording the line of every start tag.
final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [XMLNode] = []
    private(set) var root: XMLNode?
    private var structureError: XMLTreeError?
    /// Where the parser first complained: libxml2 may read on after an error, so the parser's
    /// line once `parse()` returns can be the end of the file rather than the fault.
    private var firstError: (line: Int, error: any Error)?

    static func parse(_ data: Data) throws(XMLTreeError) -> XMLNode {
        try XMLPrecheck.check(data)
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let builder = XMLTreeBuilder()
        parser.delegate = builder
        let ok = parser.parse()
        if let error = builder.structureError { throw error }
        guard ok, builder.firstError == nil else {
            let line = max(builder.firstError?.line ?? parser.lineNumber, 1)
            let error = builder.firstError?.error ?? parser.parserError
            throw XMLTreeError(line: line, message: "malformed XML: \(describe(error))")
        }
        guard let root = builder.root else {
            throw XMLTreeError(line: max(parser.lineNumber, 1), message: "malformed XML: no root element")
        }
        return root
    }

    private static func describe(_ error: (any Error)?) -> String {
        guard let error else { return "the parser stopped" }
        let nsError = error as NSError
        if nsError.domain == XMLParser.errorDomain, let text = explanation(nsError.code) {
            return text
        }
        if let reason = nsError.userInfo[NSLocalizedFailureReasonErrorKey] as? String, !reason.isEmpty {
            return reason
        }
        if let description = nsError.userInfo[NSLocalizedDescriptionKey] as? String, !description.isEmpty {
            return description
        }
        return "parser error \(nsError.code)"
    }

    /// Plain words for the parser errors a hand-edited or truncated bank file typically shows.
    ///
    /// Keyed by the libxml2 `xmlParserErrors` number, which is what `XMLParser` reports as the
    /// error code on every platform (Apple's `NSXMLParserError` values are the same numbers, while
    /// swift-corelibs-foundation's `XMLParser.ErrorCode` cases are numbered differently, so the
    /// enum cannot be trusted for this).
    private static func explanation(_ code: Int) -> String? {
        switch code {
        case 3, 4: "the document is empty or does not start with an element"
        case 5, 77: "the document ends before its elements are closed, or goes on after its root element"
        case 6, 7, 8, 9: "the document contains a character XML does not allow"
        case 14, 22, 23, 68: "a name is missing after & or < (write a literal & as &amp;)"
        case 26: "an undeclared entity (XML knows only &amp; &lt; &gt; &quot; &apos;)"
        case 31, 32, 81: "the document's encoding is not supported"
        case 38...44: "an attribute is malformed"
        case 72, 73, 74: "a tag is not closed"
        case 76: "a closing tag does not match its opening tag"
        case 85: "the elements are not properly nested"
        case 86: "there is content after the root element"
        default: nil
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if firstError == nil { firstError = (parser.lineNumber, parseError) }
    }

    func parser(_ parser: XMLParser, validationErrorOccurred validationError: any Error) {
        if firstError == nil { firstError = (parser.lineNumber, validationError) }
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        // The precheck refuses deeper files; this keeps the tree shallow should one get past it.
        guard structureError == nil, stack.count < XMLPrecheck.maximumDepth else {
            if structureError == nil {
                structureError = XMLTreeError(
                    line: parser.lineNumber,
                    message: "the elements are nested more than \(XMLPrecheck.maximumDepth) deep")
            }
            parser.abortParsing()
            return
        }
        let node = XMLNode(
            name: XMLNode.localName(elementName), attributes: attributeDict, line: parser.lineNumber)
        if let parent = stack.last {
            parent.children.append(node)
        } else if root == nil {
            root = node
        } else {
            structureError = XMLTreeError(line: parser.lineNumber, message: "malformed XML: more than one root element")
            parser.abortParsing()
        }
        stack.append(node)
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
    }
}

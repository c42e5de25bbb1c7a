import Complaints
import Foundation
import Receivables
import Yams

/// Reads the problem taxonomy from YAML: `categories`, `owners`, `management` and `routing`,
/// spread over any number of `.yaml` files in one folder. Every error names the file and line.
public enum TaxonomyFiles {
    /// One YAML file's name and text.
    public struct File: Sendable {
        public var name: String
        public var text: String

        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    /// Reads every `.yaml`/`.yml` file of `directory`, in name order.
    public static func load(directory: String) throws(InterchangeError) -> Taxonomy {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw InterchangeError(file: directory, line: 0, message: "is not a readable folder")
        }
        guard !names.isEmpty else {
            throw InterchangeError(file: directory, line: 0, message: "holds no .yaml files")
        }
        var files: [File] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path),
                let text = String(data: data, encoding: .utf8)
            else { throw InterchangeError(file: path, line: 0, message: "cannot be read as UTF-8 text") }
            files.append(File(name: path, text: text))
        }
        return try load(files: files)
    }

    /// Reads a taxonomy from files already in memory (the copy built into `dun`).
    public static func load(files: [File]) throws(InterchangeError) -> Taxonomy {
        var parser = Parser()
        for file in files { try parser.read(file) }
        return try parser.finish()
    }

    /// A place in a file.
    struct Place {
        var file: String
        var line: Int
    }

    struct Parser {
        var categories: [Category] = []
        var owners: [Owner] = []
        var management: [Manager] = []
        var thresholds: [Currency: Money] = [:]
        var places: [TaxonomyProblem.Location: Place] = [:]
        var firstFile: String?

        mutating func read(_ file: File) throws(InterchangeError) {
            firstFile = firstFile ?? file.name
            let root: Node?
            do {
                root = try Yams.compose(yaml: file.text)
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                // Yams's own message quotes the whole file; one line that an editor can jump to.
                let key = duplicates.sorted().first ?? ""
                let place = TaxonomyFiles.repeatedKey(key, after: context.mark, in: file.text)
                throw InterchangeError(
                    file: file.name, line: place.line, column: place.column,
                    message: "duplicate key \"\(key)\" (first on line \(context.mark.line))")
            } catch let error as YamlError {
                throw InterchangeError(
                    file: file.name, line: TaxonomyFiles.line(of: error), message: TaxonomyFiles.problem(of: error))
            } catch {
                throw InterchangeError(file: file.name, line: 0, message: "\(error)")
            }
            guard let root else { return }
            let reader = NodeReader(file: file.name)
            for (key, value) in try reader.mapping(root, "the file") {
                let name = try reader.string(key, "key")
                switch name {
                case "categories": try readCategories(value, reader)
                case "owners": try readOwners(value, reader)
                case "management": try readManagement(value, reader)
                case "routing": try readRouting(value, reader)
                default:
                    throw reader.error(
                        key, "unknown section \"\(name)\" (expected categories, owners, management or routing)")
                }
            }
        }

        mutating func readOwners(_ node: Node, _ reader: NodeReader) throws(InterchangeError) {
            for item in try reader.sequence(node, "owners") {
                let fields = try reader.fields(item, "owner", allowed: ["key", "name", "email"])
                let key = PersonKey(try reader.requiredString(fields, "key", in: item))
                places[.owner(key)] = reader.place(item)
                owners.append(
                    Owner(
                        key: key, name: try reader.requiredString(fields, "name", in: item),
                        email: try reader.requiredString(fields, "email", in: item)))
            }
        }

        mutating func readManagement(_ node: Node, _ reader: NodeReader) throws(InterchangeError) {
            places[.management] = reader.place(node)
            let fields = try reader.fields(node, "management", allowed: ["name", "members"])
            guard let members = fields["members"] else { throw reader.error(node, "management has no members list") }
            for item in try reader.sequence(members, "members") {
                let member = try reader.fields(item, "member", allowed: ["name", "email", "role"])
                management.append(
                    Manager(
                        name: try reader.requiredString(member, "name", in: item),
                        email: try reader.requiredString(member, "email", in: item),
                        role: try member["role"].map { node throws(InterchangeError) in try reader.string(node, "role")
                        }))
            }
        }

        mutating func readRouting(_ node: Node, _ reader: NodeReader) throws(InterchangeError) {
            let fields = try reader.fields(node, "routing", allowed: ["sales_rep_above"])
            guard let above = fields["sales_rep_above"] else { return }
            for (key, value) in try reader.mapping(above, "sales_rep_above") {
                let code = try reader.string(key, "currency")
                guard let currency = Currency(code: code) else {
                    throw reader.error(key, "currency \"\(code)\" is not an ISO 4217 currency code")
                }
                let text = try reader.string(value, "amount")
                do {
                    thresholds[currency] = try Money.parse(text, currency: currency)
                } catch {
                    throw reader.error(value, "sales_rep_above \(code) \"\(text)\" is not an amount")
                }
            }
        }

        mutating func readCategories(_ node: Node, _ reader: NodeReader) throws(InterchangeError) {
            let allowed: Set = [
                "code", "labels", "description", "owner", "hold", "sla_days", "escalate_after_days", "subcategories",
            ]
            for item in try reader.sequence(node, "categories") {
                let fields = try reader.fields(item, "category", allowed: allowed)
                let code = try reader.requiredString(fields, "code", in: item)
                places[.category(code)] = reader.place(item)
                for (name, value) in fields { places[.field(code, name)] = reader.place(value) }
                let holdText = try reader.requiredString(fields, "hold", in: item)
                guard let hold = HoldPolicy(rawValue: holdText) else {
                    throw reader.error(fields["hold"]!, "hold \"\(holdText)\" must be invoice, disputed-amount or none")
                }
                var subcategories: [Subcategory] = []
                if let subs = fields["subcategories"] {
                    for sub in try reader.sequence(subs, "subcategories") {
                        let subFields = try reader.fields(sub, "subcategory", allowed: ["code", "labels"])
                        let subCode = try reader.requiredString(subFields, "code", in: sub)
                        places[.subcategory(code, subCode)] = reader.place(sub)
                        subcategories.append(
                            Subcategory(code: subCode, labels: try reader.labels(subFields, in: sub)))
                    }
                }
                categories.append(
                    Category(
                        code: code, labels: try reader.labels(fields, in: item),
                        description: try reader.requiredString(fields, "description", in: item),
                        owner: PersonKey(try reader.requiredString(fields, "owner", in: item)), hold: hold,
                        slaDays: try reader.requiredInt(fields, "sla_days", in: item),
                        escalateAfterDays: try reader.requiredInt(fields, "escalate_after_days", in: item),
                        subcategories: subcategories))
            }
        }

        func finish() throws(InterchangeError) -> Taxonomy {
            let taxonomy = Taxonomy(
                categories: categories, owners: owners, management: management,
                routing: RoutingRules(salesRepAbove: thresholds))
            if let problem = taxonomy.problems().first {
                let place =
                    places[problem.location]
                    ?? {
                        if case .field(let code, _) = problem.location { return places[.category(code)] }
                        return nil
                    }()
                throw InterchangeError(
                    file: place?.file ?? firstFile ?? "taxonomy", line: place?.line ?? 0, message: problem.message)
            }
            return taxonomy
        }
    }

    /// Typed access to YAML nodes with errors at their line.
    struct NodeReader {
        let file: String

        func place(_ node: Node) -> Place { Place(file: file, line: node.mark?.line ?? 0) }

        func error(_ node: Node, _ message: String) -> InterchangeError {
            InterchangeError(file: file, line: node.mark?.line ?? 0, message: message)
        }

        func mapping(_ node: Node, _ what: String) throws(InterchangeError) -> [(Node, Node)] {
            guard let mapping = node.mapping else { throw error(node, "\(what) must be a mapping of keys to values") }
            return mapping.map { ($0.key, $0.value) }
        }

        func sequence(_ node: Node, _ what: String) throws(InterchangeError) -> [Node] {
            guard let sequence = node.sequence else { throw error(node, "\(what) must be a list") }
            return Array(sequence)
        }

        func string(_ node: Node, _ what: String) throws(InterchangeError) -> String {
            guard let scalar = node.scalar else { throw error(node, "\(what) must be a plain value") }
            return scalar.string
        }

        func fields(_ node: Node, _ what: String, allowed: Set<String>) throws(InterchangeError) -> [String: Node] {
            var fields: [String: Node] = [:]
            for (key, value) in try mapping(node, what) {
                let name = try string(key, "key")
                guard allowed.contains(name) else {
                    throw error(
                        key,
                        "unknown field \"\(name)\" in \(what) (expected \(allowed.sorted().joined(separator: ", ")))")
                }
                fields[name] = value
            }
            return fields
        }

        func requiredString(
            _ fields: [String: Node], _ name: String, in parent: Node
        ) throws(InterchangeError) -> String {
            guard let node = fields[name] else { throw error(parent, "missing field \"\(name)\"") }
            let value = try string(node, name)
            guard !value.trimmingCharacters(in: " \t").isEmpty else { throw error(node, "\(name) is empty") }
            return value
        }

        func requiredInt(_ fields: [String: Node], _ name: String, in parent: Node) throws(InterchangeError) -> Int {
            let text = try requiredString(fields, name, in: parent)
            guard let value = Int(text) else { throw error(fields[name]!, "\(name) \"\(text)\" is not a whole number") }
            return value
        }

        func labels(_ fields: [String: Node], in parent: Node) throws(InterchangeError) -> Labels {
            guard let node = fields["labels"] else { throw error(parent, "missing field \"labels\"") }
            let labels = try self.fields(node, "labels", allowed: ["en", "fr"])
            return Labels(
                en: try requiredString(labels, "en", in: node), fr: try requiredString(labels, "fr", in: node))
        }
    }

    /// Where `key` is written again after its first place `mark` in a block mapping (the same
    /// column on a later line); the first place when it cannot be found (flow style `{a: 1, a: 2}`).
    static func repeatedKey(_ key: String, after mark: Mark, in text: String) -> (line: Int, column: Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let forms = [key, "\"\(key)\"", "'\(key)'"]
        var index = mark.line
        while index < lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            if scalars.count >= mark.column {
                let rest = String(String.UnicodeScalarView(scalars[(mark.column - 1)...]))
                for form in forms where rest.hasPrefix(form) {
                    if rest.dropFirst(form.count).drop(while: { $0 == " " }).first == ":" {
                        return (index + 1, mark.column)
                    }
                }
            }
            index += 1
        }
        return (mark.line, mark.column)
    }

    static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: 0
        }
    }

    static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            "not valid YAML: " + [context?.text, problem].compactMap { $0 }.joined(separator: " ")
        default: "not valid YAML: \(error)"
        }
    }
}

import Receivables

/// How a dispute of a category stops collection.
public enum HoldPolicy: String, Sendable, Codable, CaseIterable {
    /// The whole invoice is held.
    case invoice
    /// Only the disputed amount is held; the rest of the invoice is still chased.
    case disputedAmount = "disputed-amount"
    /// Nothing is held (e.g. a complaint that does not touch the amount owed).
    case none
}

/// A label in each language a customer may read.
public struct Labels: Hashable, Sendable, Codable {
    public var en: String
    public var fr: String

    public init(en: String, fr: String) {
        self.en = en
        self.fr = fr
    }

    public subscript(language: Language) -> String {
        switch language {
        case .en: en
        case .fr: fr
        }
    }
}

/// A team or person that disputes are routed to, and who must fix their cause.
public struct Owner: Hashable, Sendable, Codable {
    public var key: PersonKey
    public var name: String
    public var email: String

    public init(key: PersonKey, name: String, email: String) {
        self.key = key
        self.name = name
        self.email = email
    }
}

/// A member of the management group that reads the weekly root-cause report.
public struct Manager: Hashable, Sendable, Codable {
    public var name: String
    public var email: String
    public var role: String?

    public init(name: String, email: String, role: String? = nil) {
        self.name = name
        self.email = email
        self.role = role
    }
}

/// A finer cause inside a category, e.g. `damaged-goods/in-transit`.
public struct Subcategory: Hashable, Sendable, Codable {
    public var code: String
    public var labels: Labels

    public init(code: String, labels: Labels) {
        self.code = code
        self.labels = labels
    }
}

/// A kind of problem customers complain about, with who owns it and how it holds collection.
public struct Category: Hashable, Sendable, Codable {
    public var code: String
    public var labels: Labels
    public var description: String
    public var owner: PersonKey
    public var hold: HoldPolicy
    /// Days the owner has to resolve a dispute of this category.
    public var slaDays: Int
    /// Days after which an unresolved dispute goes to the management group.
    public var escalateAfterDays: Int
    public var subcategories: [Subcategory]

    public init(
        code: String, labels: Labels, description: String, owner: PersonKey, hold: HoldPolicy,
        slaDays: Int, escalateAfterDays: Int, subcategories: [Subcategory] = []
    ) {
        self.code = code
        self.labels = labels
        self.description = description
        self.owner = owner
        self.hold = hold
        self.slaDays = slaDays
        self.escalateAfterDays = escalateAfterDays
        self.subcategories = subcategories
    }
}

/// Extra routing beyond the category owner.
public struct RoutingRules: Hashable, Sendable {
    /// Above this disputed amount (per currency) the customer's sales rep is brought in too.
    public var salesRepAbove: [Currency: Money]

    public init(salesRepAbove: [Currency: Money] = [:]) {
        self.salesRepAbove = salesRepAbove
    }
}

/// The problem taxonomy: categories, their owners, routing rules and the management group.
public struct Taxonomy: Hashable, Sendable {
    public var categories: [Category]
    public var owners: [Owner]
    public var management: [Manager]
    public var routing: RoutingRules

    public init(categories: [Category], owners: [Owner], management: [Manager], routing: RoutingRules = .init()) {
        self.categories = categories
        self.owners = owners
        self.management = management
        self.routing = routing
    }

    public func category(_ code: String) -> Category? { categories.first { $0.code == code } }
    public func owner(_ key: PersonKey) -> Owner? { owners.first { $0.key == key } }

    /// The sane range for `sla_days`.
    public static let slaRange = 1...365
    /// The sane range for `escalate_after_days`.
    public static let escalationRange = 1...730

    /// Everything wrong with the taxonomy, in file order; empty when it can be loaded.
    public func problems() -> [TaxonomyProblem] {
        var problems: [TaxonomyProblem] = []
        var seenOwners = Set<PersonKey>()
        for owner in owners {
            if !TaxonomyProblem.isRoutingKey(owner.key.text) {
                problems.append(
                    .init(.owner(owner.key), "owner key \"\(owner.key)\" must be lower-case letters, digits and dashes")
                )
            }
            if !seenOwners.insert(owner.key).inserted {
                problems.append(.init(.owner(owner.key), "owner \"\(owner.key)\" is defined twice"))
            }
            if owner.name.isEmpty {
                problems.append(.init(.owner(owner.key), "owner \"\(owner.key)\" has no name"))
            }
            if !TaxonomyProblem.looksLikeEmail(owner.email) {
                problems.append(
                    .init(.owner(owner.key), "owner \"\(owner.key)\" email \"\(owner.email)\" is not an email address"))
            }
        }
        if management.isEmpty {
            problems.append(.init(.management, "the management group has no members"))
        }
        for member in management where !TaxonomyProblem.looksLikeEmail(member.email) {
            problems.append(
                .init(
                    .management,
                    "management member \"\(member.name)\" email \"\(member.email)\" is not an email address"))
        }
        if categories.isEmpty {
            problems.append(.init(.taxonomy, "the taxonomy has no categories"))
        }
        var seenCategories = Set<String>()
        for category in categories {
            let at = TaxonomyProblem.Location.category(category.code)
            if !TaxonomyProblem.isRoutingKey(category.code) {
                problems.append(
                    .init(
                        at, "category code \"\(category.code)\" must be kebab-case (lower-case letters, digits, dashes)"
                    ))
            }
            if !seenCategories.insert(category.code).inserted {
                problems.append(.init(at, "category \"\(category.code)\" is defined twice"))
            }
            if category.labels.en.isEmpty || category.labels.fr.isEmpty {
                problems.append(.init(at, "category \"\(category.code)\" needs both an en and a fr label"))
            }
            if !seenOwners.contains(category.owner) {
                problems.append(
                    .init(
                        .field(category.code, "owner"),
                        "category \"\(category.code)\" names unknown owner \"\(category.owner)\""))
            }
            if !Taxonomy.slaRange.contains(category.slaDays) {
                problems.append(
                    .init(
                        .field(category.code, "sla_days"),
                        "category \"\(category.code)\" sla_days \(category.slaDays) is outside \(Taxonomy.slaRange.lowerBound)–\(Taxonomy.slaRange.upperBound)"
                    ))
            }
            if !Taxonomy.escalationRange.contains(category.escalateAfterDays) {
                problems.append(
                    .init(
                        .field(category.code, "escalate_after_days"),
                        "category \"\(category.code)\" escalate_after_days \(category.escalateAfterDays) is outside \(Taxonomy.escalationRange.lowerBound)–\(Taxonomy.escalationRange.upperBound)"
                    ))
            } else if category.escalateAfterDays < category.slaDays {
                problems.append(
                    .init(
                        .field(category.code, "escalate_after_days"),
                        "category \"\(category.code)\" escalates after \(category.escalateAfterDays) days, before its SLA of \(category.slaDays) days ends"
                    ))
            }
            var seenSubcategories = Set<String>()
            for sub in category.subcategories {
                let subAt = TaxonomyProblem.Location.subcategory(category.code, sub.code)
                if !TaxonomyProblem.isRoutingKey(sub.code) {
                    problems.append(.init(subAt, "subcategory code \"\(sub.code)\" must be kebab-case"))
                }
                if !seenSubcategories.insert(sub.code).inserted {
                    problems.append(.init(subAt, "subcategory \"\(category.code)/\(sub.code)\" is defined twice"))
                }
                if sub.labels.en.isEmpty || sub.labels.fr.isEmpty {
                    problems.append(
                        .init(subAt, "subcategory \"\(category.code)/\(sub.code)\" needs both an en and a fr label"))
                }
            }
        }
        return problems
    }

    /// Resolves what a user typed as a category: `damaged-goods`, `damaged-goods/in-transit`,
    /// or a subcategory code that is unique across the taxonomy (`in-transit`).
    public func resolve(_ text: String) -> (category: Category, subcategory: Subcategory?)? {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            guard let category = category(parts[0]),
                let sub = category.subcategories.first(where: { $0.code == parts[1] })
            else { return nil }
            return (category, sub)
        }
        if let category = category(text) { return (category, nil) }
        let matches = categories.flatMap { category in
            category.subcategories.filter { $0.code == text }.map { (category, Optional($0)) }
        }
        return matches.count == 1 ? matches[0] : nil
    }
}

/// One thing wrong with a taxonomy, and where: the loader turns the location into file and line.
public struct TaxonomyProblem: Hashable, Sendable, CustomStringConvertible {
    public enum Location: Hashable, Sendable {
        case taxonomy
        case management
        case owner(PersonKey)
        case category(String)
        case field(String, String)
        case subcategory(String, String)
    }

    public var location: Location
    public var message: String

    public init(_ location: Location, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { message }

    static func isRoutingKey(_ text: String) -> Bool {
        guard let first = text.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return text.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "-")
        } && !text.hasSuffix("-") && !text.contains("--")
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
    }
}

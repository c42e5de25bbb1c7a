import Complaints
import Foundation
import Receivables

/// What loading a taxonomy changed.
public struct TaxonomyChange: Sendable, Hashable, Encodable {
    public var added: [String] = []
    public var updated: [String] = []
    public var retired: [String] = []
    public var restored: [String] = []
    public var unchanged: Int = 0

    public init(
        added: [String] = [], updated: [String] = [], retired: [String] = [], restored: [String] = [],
        unchanged: Int = 0
    ) {
        self.added = added
        self.updated = updated
        self.retired = retired
        self.restored = restored
        self.unchanged = unchanged
    }
}

/// A category no longer in the taxonomy files, kept so its disputes stay whole.
public struct RetiredCategory: Sendable, Hashable, Encodable {
    public var code: String
    public var label: String
    public var retiredOn: Day

    public init(code: String, label: String, retiredOn: Day) {
        self.code = code
        self.label = label
        self.retiredOn = retiredOn
    }
}

/// Storing the taxonomy and settings.
public protocol TaxonomyWriting {
    /// Stores `taxonomy` as the current one. Categories, subcategories, owners and managers that
    /// are no longer listed are retired (never deleted, so no dispute loses its category);
    /// listed ones that were retired come back.
    func storeTaxonomy(_ taxonomy: Taxonomy) throws -> TaxonomyChange
    /// Sets a ledger-wide setting such as the base currency.
    func setSetting(_ key: String, _ value: String) throws
    /// Removes a setting, so its default applies again.
    func removeSetting(_ key: String) throws
}

/// Reading the taxonomy and the ledger's settings.
public protocol TaxonomyReading {
    /// The current taxonomy: categories, owners and managers that are not retired.
    func taxonomy() throws -> Taxonomy
    /// Categories retired by a later taxonomy load.
    func retiredCategories() throws -> [RetiredCategory]
    /// The label of a category, retired or not.
    func categoryLabel(_ code: String) throws -> String?
    /// Whether an owner key exists, and whether it is retired.
    func ownerState(_ key: PersonKey) throws -> (exists: Bool, retired: Bool)
    func setting(_ key: String) throws -> String?
    /// The ledger's base currency (chosen at `dun init`), EUR when none was chosen.
    func baseCurrency() throws -> Currency
}

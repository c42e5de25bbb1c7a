import Complaints
import GRDB
import LedgerPort
import Receivables

extension LedgerTransaction {
    /// Stores `taxonomy` as the current one. Categories, subcategories, owners and managers that
    /// are no longer listed are retired (never deleted, so no dispute loses its category);
    /// listed ones that were retired come back.
    public func storeTaxonomy(_ taxonomy: Taxonomy) throws -> TaxonomyChange {
        let today = stamp.day.iso
        var change = TaxonomyChange()

        for owner in taxonomy.owners {
            try db.cachedStatement(
                sql: """
                    INSERT INTO owner (key, name, email) VALUES (?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET name = excluded.name, email = excluded.email, retired_on = NULL
                    """
            ).execute(arguments: [owner.key.text, owner.name, owner.email])
        }
        let ownerKeys = taxonomy.owners.map(\.key.text)
        try db.cachedStatement(
            sql:
                "UPDATE owner SET retired_on = ? WHERE retired_on IS NULL AND key NOT IN (\(placeholders(ownerKeys.count)))"
        ).execute(arguments: StatementArguments([today] + ownerKeys))

        for (position, manager) in taxonomy.management.enumerated() {
            try db.cachedStatement(
                sql: """
                    INSERT INTO manager (email, name, role, position) VALUES (?, ?, ?, ?)
                    ON CONFLICT (email) DO UPDATE SET name = excluded.name, role = excluded.role,
                        position = excluded.position, retired_on = NULL
                    """
            ).execute(arguments: [manager.email, manager.name, manager.role, position])
        }
        let emails = taxonomy.management.map(\.email)
        try db.cachedStatement(
            sql:
                "UPDATE manager SET retired_on = ? WHERE retired_on IS NULL AND email NOT IN (\(placeholders(emails.count)))"
        ).execute(arguments: StatementArguments([today] + emails))

        let existing = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM category"))
        var before: [String: Row] = [:]
        for row in existing { before[row["code"]] = row }
        for (position, category) in taxonomy.categories.enumerated() {
            let values: [(any DatabaseValueConvertible)?] = [
                category.labels.en, category.labels.fr, category.description, category.owner.text,
                category.hold.rawValue, category.slaDays, category.escalateAfterDays, position,
            ]
            if let old = before[category.code] {
                let wasRetired = (old["retired_on"] as String?) != nil
                let same =
                    old["label_en"] == category.labels.en && old["label_fr"] == category.labels.fr
                    && old["description"] == category.description && old["owner_key"] == category.owner.text
                    && old["hold_policy"] == category.hold.rawValue && old["sla_days"] == category.slaDays
                    && old["escalate_after_days"] == category.escalateAfterDays
                try db.cachedStatement(
                    sql: """
                        UPDATE category SET label_en = ?, label_fr = ?, description = ?, owner_key = ?,
                            hold_policy = ?, sla_days = ?, escalate_after_days = ?, position = ?, retired_on = NULL
                        WHERE code = ?
                        """
                ).execute(arguments: StatementArguments(values + [category.code]))
                if wasRetired {
                    change.restored.append(category.code)
                } else if same {
                    change.unchanged += 1
                } else {
                    change.updated.append(category.code)
                }
            } else {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO category (label_en, label_fr, description, owner_key, hold_policy, sla_days,
                            escalate_after_days, position, code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(arguments: StatementArguments(values + [category.code]))
                change.added.append(category.code)
            }
            for (subPosition, sub) in category.subcategories.enumerated() {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO subcategory (category, code, label_en, label_fr, position) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (category, code) DO UPDATE SET label_en = excluded.label_en,
                            label_fr = excluded.label_fr, position = excluded.position, retired_on = NULL
                        """
                ).execute(arguments: [category.code, sub.code, sub.labels.en, sub.labels.fr, subPosition])
            }
            let subCodes = category.subcategories.map(\.code)
            try db.cachedStatement(
                sql: """
                    UPDATE subcategory SET retired_on = ?
                    WHERE category = ? AND retired_on IS NULL AND code NOT IN (\(placeholders(subCodes.count)))
                    """
            ).execute(arguments: StatementArguments([today, category.code] + subCodes))
        }
        let codes = taxonomy.categories.map(\.code)
        change.retired = try String.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT code FROM category WHERE retired_on IS NULL AND code NOT IN (\(placeholders(codes.count))) ORDER BY position"
            ),
            arguments: StatementArguments(codes))
        try db.cachedStatement(
            sql:
                "UPDATE category SET retired_on = ? WHERE retired_on IS NULL AND code NOT IN (\(placeholders(codes.count)))"
        ).execute(arguments: StatementArguments([today] + codes))
        try db.cachedStatement(
            sql:
                "UPDATE subcategory SET retired_on = ? WHERE retired_on IS NULL AND category NOT IN (\(placeholders(codes.count)))"
        ).execute(arguments: StatementArguments([today] + codes))

        try db.cachedStatement(sql: "DELETE FROM routing_threshold").execute()
        for (currency, amount) in taxonomy.routing.salesRepAbove {
            try db.cachedStatement(sql: "INSERT INTO routing_threshold (currency, amount_cents) VALUES (?, ?)").execute(
                arguments: [currency.code, amount.minorUnits])
        }
        return change
    }

    /// Sets a ledger-wide setting such as the base currency.
    public func setSetting(_ key: String, _ value: String) throws {
        try db.cachedStatement(
            sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ).execute(arguments: [key, value])
    }

    /// Removes a setting, so its default applies again.
    public func removeSetting(_ key: String) throws {
        try db.cachedStatement(sql: "DELETE FROM setting WHERE key = ?").execute(arguments: [key])
    }
}

extension LedgerReader {
    /// The current taxonomy: categories, owners and managers that are not retired.
    public func taxonomy() throws -> Taxonomy {
        var subcategories: [String: [Subcategory]] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM subcategory WHERE retired_on IS NULL ORDER BY category, position"))
        {
            subcategories[row["category"], default: []].append(
                Subcategory(code: row["code"], labels: Labels(en: row["label_en"], fr: row["label_fr"])))
        }
        let categories = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM category WHERE retired_on IS NULL ORDER BY position")
        )
        .map { row in
            let code: String = row["code"]
            return Category(
                code: code, labels: Labels(en: row["label_en"], fr: row["label_fr"]),
                description: row["description"], owner: PersonKey(row["owner_key"] as String),
                hold: HoldPolicy(rawValue: row["hold_policy"]) ?? .invoice, slaDays: row["sla_days"],
                escalateAfterDays: row["escalate_after_days"], subcategories: subcategories[code] ?? [])
        }
        let owners = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM owner WHERE retired_on IS NULL ORDER BY key")
        ).map {
            Owner(key: PersonKey($0["key"] as String), name: $0["name"], email: $0["email"])
        }
        let management = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM manager WHERE retired_on IS NULL ORDER BY position")
        )
        .map { Manager(name: $0["name"], email: $0["email"], role: $0["role"]) }
        var thresholds: [Currency: Money] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM routing_threshold")) {
            if let currency = Currency(code: row["currency"]) {
                thresholds[currency] = Money(minorUnits: row["amount_cents"], currency: currency)
            }
        }
        return Taxonomy(
            categories: categories, owners: owners, management: management,
            routing: RoutingRules(salesRepAbove: thresholds))
    }

    /// Categories retired by a later taxonomy load.
    public func retiredCategories() throws -> [RetiredCategory] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT code, label_en, retired_on FROM category WHERE retired_on IS NOT NULL ORDER BY code")
        )
        .map {
            RetiredCategory(code: $0["code"], label: $0["label_en"], retiredOn: Day(iso: $0["retired_on"] as String)!)
        }
    }

    /// The label of a category, retired or not.
    public func categoryLabel(_ code: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT label_en FROM category WHERE code = ?"), arguments: [code])
    }

    /// Whether an owner key exists, and whether it is retired.
    public func ownerState(_ key: PersonKey) throws -> (exists: Bool, retired: Bool) {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT retired_on FROM owner WHERE key = ?"), arguments: [key.text])
        else { return (false, false) }
        return (true, (row["retired_on"] as String?) != nil)
    }

    public func setting(_ key: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM setting WHERE key = ?"), arguments: [key])
    }

    /// The ledger's base currency (chosen at `dun init`), EUR when none was chosen.
    public func baseCurrency() throws -> Currency {
        try setting("base_currency").flatMap(Currency.init(code:)) ?? .EUR
    }
}

/// `?, ?, ?` for an `IN (…)` list; for an empty list, a subquery with no rows, so that
/// `x NOT IN (…)` holds for every `x` and `x IN (…)` for none.
func placeholders(_ count: Int) -> String {
    count == 0 ? "SELECT NULL WHERE 0" : Array(repeating: "?", count: count).joined(separator: ", ")
}

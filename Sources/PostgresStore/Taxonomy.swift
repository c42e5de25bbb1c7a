import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresTransaction: TaxonomyWriting {
    /// Stores `taxonomy` as the current one, as the SQLite engine does: what is no longer listed
    /// is retired (never deleted), listed ones that were retired come back.
    public func storeTaxonomy(_ taxonomy: Taxonomy) throws -> TaxonomyChange {
        let today = stamp.day.iso
        var change = TaxonomyChange()

        for owner in taxonomy.owners {
            try self.change(
                """
                INSERT INTO owner (key, name, email) VALUES ($1, $2, $3)
                ON CONFLICT (key) DO UPDATE SET name = excluded.name, email = excluded.email, retired_on = NULL
                """, [owner.key.text, owner.name, owner.email])
        }
        try self.change(
            "UPDATE owner SET retired_on = $1 WHERE retired_on IS NULL AND NOT (key = ANY($2))",
            [today, PostgresArray.text(taxonomy.owners.map(\.key.text))])

        for (position, manager) in taxonomy.management.enumerated() {
            try self.change(
                """
                INSERT INTO manager (email, name, role, position) VALUES ($1, $2, $3, $4)
                ON CONFLICT (email) DO UPDATE SET name = excluded.name, role = excluded.role,
                    position = excluded.position, retired_on = NULL
                """, [manager.email, manager.name, manager.role, String(position)])
        }
        try self.change(
            "UPDATE manager SET retired_on = $1 WHERE retired_on IS NULL AND NOT (email = ANY($2))",
            [today, PostgresArray.text(taxonomy.management.map(\.email))])

        var before: [String: PostgresRow] = [:]
        for row in try db.rows("SELECT * FROM category") { before[row.text("code")] = row }
        for (position, category) in taxonomy.categories.enumerated() {
            let values: [String?] = [
                category.labels.en, category.labels.fr, category.description, category.owner.text,
                category.hold.rawValue, String(category.slaDays), String(category.escalateAfterDays), String(position),
                category.code,
            ]
            if let old = before[category.code] {
                let wasRetired = old["retired_on"] != nil
                let same =
                    old["label_en"] == category.labels.en && old["label_fr"] == category.labels.fr
                    && old["description"] == category.description && old["owner_key"] == category.owner.text
                    && old["hold_policy"] == category.hold.rawValue && old.int("sla_days") == category.slaDays
                    && old.int("escalate_after_days") == category.escalateAfterDays
                try self.change(
                    """
                    UPDATE category SET label_en = $1, label_fr = $2, description = $3, owner_key = $4,
                        hold_policy = $5, sla_days = $6, escalate_after_days = $7, position = $8, retired_on = NULL
                    WHERE code = $9
                    """, values)
                if wasRetired {
                    change.restored.append(category.code)
                } else if same {
                    change.unchanged += 1
                } else {
                    change.updated.append(category.code)
                }
            } else {
                try self.change(
                    """
                    INSERT INTO category (label_en, label_fr, description, owner_key, hold_policy, sla_days,
                        escalate_after_days, position, code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """, values)
                change.added.append(category.code)
            }
            for (subPosition, sub) in category.subcategories.enumerated() {
                try self.change(
                    """
                    INSERT INTO subcategory (category, code, label_en, label_fr, position) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (category, code) DO UPDATE SET label_en = excluded.label_en,
                        label_fr = excluded.label_fr, position = excluded.position, retired_on = NULL
                    """, [category.code, sub.code, sub.labels.en, sub.labels.fr, String(subPosition)])
            }
            try self.change(
                """
                UPDATE subcategory SET retired_on = $1
                WHERE category = $2 AND retired_on IS NULL AND NOT (code = ANY($3))
                """, [today, category.code, PostgresArray.text(category.subcategories.map(\.code))])
        }
        let codes = PostgresArray.text(taxonomy.categories.map(\.code))
        change.retired = try db.execute(
            "SELECT code FROM category WHERE retired_on IS NULL AND NOT (code = ANY($1)) ORDER BY position", [codes]
        ).rows.compactMap { $0[0] }
        try self.change(
            "UPDATE category SET retired_on = $1 WHERE retired_on IS NULL AND NOT (code = ANY($2))", [today, codes])
        try self.change(
            "UPDATE subcategory SET retired_on = $1 WHERE retired_on IS NULL AND NOT (category = ANY($2))",
            [today, codes])

        try self.change("DELETE FROM routing_threshold")
        for (currency, amount) in taxonomy.routing.salesRepAbove {
            try self.change(
                "INSERT INTO routing_threshold (currency, amount_cents) VALUES ($1, $2)",
                [currency.code, String(amount.minorUnits)])
        }
        return change
    }

    public func setSetting(_ key: String, _ value: String) throws {
        try change(
            "INSERT INTO setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value])
    }

    public func removeSetting(_ key: String) throws {
        try change("DELETE FROM setting WHERE key = $1", [key])
    }
}

extension PostgresReader: TaxonomyReading {
    public func taxonomy() throws -> Taxonomy {
        var subcategories: [String: [Subcategory]] = [:]
        for row in try db.rows("SELECT * FROM subcategory WHERE retired_on IS NULL ORDER BY category, position") {
            subcategories[row.text("category"), default: []].append(
                Subcategory(code: row.text("code"), labels: Labels(en: row.text("label_en"), fr: row.text("label_fr"))))
        }
        let categories = try db.rows("SELECT * FROM category WHERE retired_on IS NULL ORDER BY position").map { row in
            let code = row.text("code")
            return Category(
                code: code, labels: Labels(en: row.text("label_en"), fr: row.text("label_fr")),
                description: row.text("description"), owner: PersonKey(row.text("owner_key")),
                hold: HoldPolicy(rawValue: row.text("hold_policy")) ?? .invoice, slaDays: row.count("sla_days"),
                escalateAfterDays: row.count("escalate_after_days"), subcategories: subcategories[code] ?? [])
        }
        let owners = try db.rows("SELECT * FROM owner WHERE retired_on IS NULL ORDER BY key").map {
            Owner(key: PersonKey($0.text("key")), name: $0.text("name"), email: $0.text("email"))
        }
        let management = try db.rows("SELECT * FROM manager WHERE retired_on IS NULL ORDER BY position").map {
            Manager(name: $0.text("name"), email: $0.text("email"), role: $0["role"])
        }
        var thresholds: [Currency: Money] = [:]
        for row in try db.rows("SELECT * FROM routing_threshold") {
            if let currency = Currency(code: row.text("currency")) {
                thresholds[currency] = Money(minorUnits: row.int("amount_cents"), currency: currency)
            }
        }
        return Taxonomy(
            categories: categories, owners: owners, management: management,
            routing: RoutingRules(salesRepAbove: thresholds))
    }

    public func retiredCategories() throws -> [RetiredCategory] {
        try db.rows("SELECT code, label_en, retired_on FROM category WHERE retired_on IS NOT NULL ORDER BY code").map {
            RetiredCategory(code: $0.text("code"), label: $0.text("label_en"), retiredOn: $0.day("retired_on"))
        }
    }

    public func categoryLabel(_ code: String) throws -> String? {
        try db.value("SELECT label_en FROM category WHERE code = $1", [code])
    }

    public func ownerState(_ key: PersonKey) throws -> (exists: Bool, retired: Bool) {
        guard let row = try db.row("SELECT retired_on FROM owner WHERE key = $1", [key.text]) else {
            return (false, false)
        }
        return (true, row["retired_on"] != nil)
    }

    public func setting(_ key: String) throws -> String? {
        try db.value("SELECT value FROM setting WHERE key = $1", [key])
    }

    public func baseCurrency() throws -> Currency {
        try setting("base_currency").flatMap(Currency.init(code:)) ?? .EUR
    }
}

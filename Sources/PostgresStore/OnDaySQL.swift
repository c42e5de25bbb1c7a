import Foundation

/// The ledger as it stood at the close of a day, in SQL: the same fragments as the SQLite
/// engine's, in PostgreSQL's dialect. `day` is a numbered parameter such as `$1` (ISO text).
enum OnDaySQL {
    /// What was open of invoice `alias` at the close of `day`: what is open now plus every
    /// reduction dated after the day; nothing for an invoice issued after it.
    static func open(_ alias: String, day: String) -> String {
        let after = { (table: String, column: String) in
            "coalesce((SELECT sum(amount_cents) FROM \(table) WHERE invoice_id = \(alias).id AND \(column) > \(day)), 0)"
        }
        return """
            (CASE WHEN \(alias).issue_date > \(day) THEN 0 \
            WHEN \(alias).last_reduced_on IS NULL OR \(alias).last_reduced_on <= \(day) THEN \(alias).open_cents \
            ELSE (\(alias).open_cents + \(after("payment_application", "applied_on")) \
            + \(after("credit_application", "applied_on")) + \(after("write_off", "written_on")))::bigint END)
            """
    }

    /// The invoices that may have been open at the close of `day` (issued by then, and open now
    /// or settled after it); `customer` a parameter when only one customer's are wanted. With
    /// `through`, those that may have been open on some day from `day` to `through`.
    static func candidates(
        _ columns: String, day: String, through: String? = nil, customer: String? = nil
    ) -> String {
        let byCustomer = customer.map { " AND customer_id = \($0)" } ?? ""
        let issued = through ?? day
        return """
            SELECT \(columns) FROM invoice WHERE open_cents > 0 AND issue_date <= \(issued)\(byCustomer)
            UNION ALL
            SELECT \(columns) FROM invoice WHERE open_cents = 0 AND settled_on > \(day) AND issue_date <= \(issued)\(byCustomer)
            """
    }

    /// Whether dispute `alias` was open at the close of `day`: opened by then, and no resolution
    /// made by then stood that day.
    static func disputeOpen(_ alias: String, day: String) -> String {
        """
        (\(alias).opened_on <= \(day) AND NOT EXISTS (SELECT 1 FROM dispute_resolution dr \
        WHERE dr.dispute_id = \(alias).id AND dr.resolved_on <= \(day) AND (dr.reopened_on IS NULL OR dr.reopened_on > \(day))))
        """
    }

    /// Whether dispute `alias` of category `category` is past its escalation day on `day`.
    static func pastEscalation(_ alias: String, _ category: String, day: String) -> String {
        "(\(day))::date - (\(alias).opened_on)::date > \(category).escalate_after_days"
    }

    /// The owner of dispute `alias` at the close of `day`.
    static func owner(_ alias: String, day: String) -> String {
        """
        coalesce((SELECT da.from_owner FROM dispute_assignment da WHERE da.dispute_id = \(alias).id \
        AND da.day > \(day) ORDER BY da.day, da.id LIMIT 1), \(alias).owner_key)
        """
    }

    /// Whether hold `alias` was active at the close of `day`.
    static func activeHold(_ alias: String, day: String) -> String {
        "(\(alias).placed_on <= \(day) AND (\(alias).released_on IS NULL OR \(alias).released_on > \(day)) AND (\(alias).until IS NULL OR \(alias).until > \(day)))"
    }
}

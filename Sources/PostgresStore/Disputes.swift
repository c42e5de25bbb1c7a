import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresTransaction: DisputeWriting {
    /// Records a new dispute with its invoices, subjects and watchers; returns its id (the next
    /// after the highest, so that `D-n` never skips).
    public func insertDispute(_ new: NewDispute) throws -> DisputeID {
        guard let customerID = try db.value("SELECT id FROM customer WHERE code = $1", [new.customer.text]) else {
            throw LoadRefusal(line: 0, message: "customer \(new.customer) does not exist")
        }
        let total = CurrencyTotals(new.invoices.map(\.amount))
        let amount = total.amounts[0]
        let id = try nextID("dispute")
        try change(
            """
            INSERT INTO dispute (id, customer_id, category, subcategory, owner_key, channel, status, reported_on,
                opened_on, currency, amount_cents, note) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $7, $8, $9, $10)
            """,
            [
                String(id), customerID, new.category, new.subcategory, new.routing.owner.text, new.channel.rawValue,
                new.reportedOn.iso, amount.currency.code, String(amount.minorUnits), new.note,
            ])
        if !new.invoices.isEmpty {
            // An invoice that does not exist leaves invoice_id NULL, refused as on SQLite.
            try change(
                """
                INSERT INTO dispute_invoice (dispute_id, invoice_id, amount_cents)
                SELECT $1::bigint, (SELECT i.id FROM invoice i WHERE i.number = n.number), n.cents
                FROM unnest($2::text[], $3::bigint[]) WITH ORDINALITY AS n(number, cents, position) ORDER BY n.position
                """,
                [
                    String(id), PostgresArray.text(new.invoices.map(\.number.text)),
                    PostgresArray.int(new.invoices.map(\.amount.minorUnits)),
                ])
        }
        let subjects = Array(Set(new.subjects))
        if !subjects.isEmpty {
            try change(
                """
                INSERT INTO dispute_subject (dispute_id, key, value)
                SELECT $1::bigint, s.key, s.value FROM unnest($2::text[], $3::text[]) AS s(key, value)
                """, [String(id), PostgresArray.text(subjects.map(\.key)), PostgresArray.text(subjects.map(\.value))])
        }
        if !new.routing.watchers.isEmpty {
            try change(
                """
                INSERT INTO dispute_watcher (dispute_id, person_key, reason)
                SELECT $1::bigint, w, 'sales rep above threshold' FROM unnest($2::text[]) AS w
                """, [String(id), PostgresArray.text(new.routing.watchers.map(\.text))])
        }
        return DisputeID(rawValue: id)
    }

    /// Routes the dispute to another owner from the transaction's day.
    public func assignDispute(_ id: DisputeID, from previous: PersonKey, to owner: PersonKey) throws {
        try change(
            """
            INSERT INTO dispute_assignment (id, dispute_id, day, from_owner, to_owner)
            VALUES ((SELECT coalesce(max(id), 0) + 1 FROM dispute_assignment), $1, $2, $3, $4)
            """, [String(id.rawValue), stamp.day.iso, previous.text, owner.text])
        try change("UPDATE dispute SET owner_key = $1 WHERE id = $2", [owner.text, String(id.rawValue)])
    }

    /// Adds a note to the dispute's file.
    public func addNote(_ id: DisputeID, text: String) throws {
        try change(
            """
            INSERT INTO dispute_note (id, dispute_id, written_on, actor, text)
            VALUES ((SELECT coalesce(max(id), 0) + 1 FROM dispute_note), $1, $2, $3, $4)
            """, [String(id.rawValue), stamp.day.iso, stamp.actor, text])
    }

    /// Marks the dispute resolved, and keeps the resolution among those it had.
    public func resolveDispute(_ id: DisputeID, _ resolution: Resolution) throws {
        let values: [String?] = [
            String(id.rawValue), resolution.outcome.rawValue, resolution.on.iso,
            resolution.amount.map { String($0.minorUnits) }, resolution.rootCause, resolution.note,
        ]
        try change(
            """
            INSERT INTO dispute_resolution (id, dispute_id, outcome, resolved_on, resolved_cents, root_cause, note)
            VALUES ((SELECT coalesce(max(id), 0) + 1 FROM dispute_resolution), $1, $2, $3, $4, $5, $6)
            """, values)
        try change(
            """
            UPDATE dispute SET status = 'resolved', outcome = $2, resolved_on = $3, resolved_cents = $4,
                root_cause = $5, resolution_note = $6 WHERE id = $1
            """, values)
    }

    /// Records that an existing credit note settled the dispute.
    public func linkCreditNote(_ number: CreditNoteNumber, to id: DisputeID) throws {
        try change(
            "UPDATE credit_note SET dispute_id = $1 WHERE number = $2 AND dispute_id IS NULL",
            [String(id.rawValue), number.text])
    }

    /// Opens a resolved dispute again on the transaction's day; its resolutions keep the one it
    /// had, with the day it was reopened.
    public func reopenDispute(_ id: DisputeID) throws {
        try change(
            "UPDATE dispute_resolution SET reopened_on = $1 WHERE dispute_id = $2 AND reopened_on IS NULL",
            [stamp.day.iso, String(id.rawValue)])
        try change(
            """
            UPDATE dispute SET status = 'open', outcome = NULL, resolved_on = NULL, resolved_cents = NULL,
                root_cause = NULL, resolution_note = NULL, escalated_on = NULL WHERE id = $1
            """, [String(id.rawValue)])
    }

    /// Marks the dispute as escalated to the management group on the transaction's day.
    public func markEscalated(_ id: DisputeID) throws {
        try change(
            "UPDATE dispute SET escalated_on = $1 WHERE id = $2 AND escalated_on IS NULL",
            [stamp.day.iso, String(id.rawValue)])
    }
}

extension PostgresReader: DisputeReading {
    /// Disputes with what listings print beside them, `$1` being the day they are taken on.
    static let disputeSelect = """
        SELECT d.*, \(OnDaySQL.owner("d", day: "$1")) AS owner_then, c.code AS customer_code,
            c.name AS customer_name, k.sla_days, k.escalate_after_days
        FROM dispute d JOIN customer c ON c.id = d.customer_id JOIN category k ON k.code = d.category
        """

    public func dispute(_ id: DisputeID, on day: Day) throws -> DisputeRecord? {
        let rows = try db.rows(
            Self.disputeSelect + " WHERE d.id = $2 AND d.opened_on <= $1", [day.iso, String(id.rawValue)])
        return try disputeRecords(rows, on: day).first
    }

    public func disputes(_ filter: DisputeFilter, on day: Day) throws -> (rows: [DisputeRecord], total: Int) {
        var conditions = ["d.opened_on <= $1"]
        var parameters: [String?] = [day.iso]
        func parameter(_ value: String) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        switch filter.status {
        case .open: conditions.append(OnDaySQL.disputeOpen("d", day: "$1"))
        case .resolved: conditions.append("NOT \(OnDaySQL.disputeOpen("d", day: "$1"))")
        case nil: break
        }
        if let owner = filter.owner {
            conditions.append("\(OnDaySQL.owner("d", day: "$1")) = \(parameter(owner.text))")
        }
        if let category = filter.category {
            conditions.append("d.category = \(parameter(category))")
        }
        if let customer = filter.customer {
            conditions.append("c.code = \(parameter(customer.text))")
        }
        if let invoice = filter.invoice {
            conditions.append(
                "d.id IN (SELECT dispute_id FROM dispute_invoice WHERE invoice_id = "
                    + "(SELECT id FROM invoice WHERE number = \(parameter(invoice.text))))")
        }
        let whereClause = " WHERE " + conditions.joined(separator: " AND ")
        let total = try db.integer(
            "SELECT count(*) FROM dispute d JOIN customer c ON c.id = d.customer_id" + whereClause, parameters)
        let rows = try db.rows(
            Self.disputeSelect + whereClause + " ORDER BY d.id DESC LIMIT $\(parameters.count + 1)::bigint",
            parameters + [filter.limit.map(String.init)])
        return (try disputeRecords(rows, on: day), Int(total))
    }

    /// The records of rows of ``disputeSelect``, in their order: their invoices, subjects,
    /// watchers and resolutions read for all of them at once.
    func disputeRecords(_ rows: [PostgresRow], on day: Day) throws -> [DisputeRecord] {
        guard !rows.isEmpty else { return [] }
        let ids = [PostgresArray.int(rows.map { $0.int("id") })]
        var invoices: [Int64: [(number: String, cents: Int64)]] = [:]
        for row in try db.rows(
            """
            SELECT di.dispute_id, i.number, di.amount_cents FROM dispute_invoice di JOIN invoice i ON i.id = di.invoice_id
            WHERE di.dispute_id = ANY($1::bigint[]) ORDER BY di.dispute_id, i.number
            """, ids)
        {
            invoices[row.int("dispute_id"), default: []].append((row.text("number"), row.int("amount_cents")))
        }
        var subjects: [Int64: [Subject]] = [:]
        for row in try db.rows(
            """
            SELECT dispute_id, key, value FROM dispute_subject WHERE dispute_id = ANY($1::bigint[])
            ORDER BY dispute_id, key, value
            """, ids)
        {
            subjects[row.int("dispute_id"), default: []].append(Subject(key: row.text("key"), value: row.text("value")))
        }
        var watchers: [Int64: [PersonKey]] = [:]
        for row in try db.rows(
            """
            SELECT dispute_id, person_key FROM dispute_watcher WHERE dispute_id = ANY($1::bigint[])
            ORDER BY dispute_id, person_key
            """, ids)
        {
            watchers[row.int("dispute_id"), default: []].append(PersonKey(row.text("person_key")))
        }
        var resolutions: [Int64: [PostgresRow]] = [:]
        for row in try db.rows(
            """
            SELECT * FROM dispute_resolution WHERE dispute_id = ANY($1::bigint[]) ORDER BY dispute_id, resolved_on, id
            """, ids)
        {
            resolutions[row.int("dispute_id"), default: []].append(row)
        }

        return rows.map { row in
            let id = row.int("id")
            let currency = row.currency("currency")
            let spans = (resolutions[id] ?? []).compactMap { span -> ResolutionSpan? in
                guard let outcome = Outcome(rawValue: span.text("outcome")), let on = span.optionalDay("resolved_on")
                else { return nil }
                return ResolutionSpan(
                    resolution: Resolution(
                        outcome: outcome, on: on,
                        amount: span.optionalInt("resolved_cents").map { Money(minorUnits: $0, currency: currency) },
                        rootCause: span["root_cause"], note: span["note"]),
                    reopenedOn: span.optionalDay("reopened_on"))
            }
            let openedOn = row.day("opened_on")
            let state = Dispute.state(on: day, openedOn: openedOn, resolutions: spans) ?? .open
            let escalateAfterDays = row.count("escalate_after_days")
            let dispute = Dispute(
                id: DisputeID(rawValue: id), customer: CustomerCode(row.text("customer_code")),
                invoices: (invoices[id] ?? []).map {
                    DisputedInvoice(
                        number: InvoiceNumber($0.number), amount: Money(minorUnits: $0.cents, currency: currency))
                },
                category: row.text("category"), subcategory: row["subcategory"], subjects: subjects[id] ?? [],
                owner: PersonKey(row.text("owner_then")), watchers: watchers[id] ?? [],
                channel: Channel(rawValue: row.text("channel")) ?? .phone, reportedOn: row.day("reported_on"),
                openedOn: openedOn, note: row["note"], state: state)
            return DisputeRecord(
                dispute: dispute, customerName: row.text("customer_name"),
                escalatedOn: dispute.isEscalated(on: day, escalateAfterDays: escalateAfterDays)
                    ? dispute.escalationDay(escalateAfterDays: escalateAfterDays) + 1 : nil,
                slaDays: row.count("sla_days"), escalateAfterDays: escalateAfterDays)
        }
    }

    public func notes(of id: DisputeID, on day: Day) throws -> [DisputeNote] {
        try db.rows(
            "SELECT * FROM dispute_note WHERE dispute_id = $1 AND written_on <= $2 ORDER BY id",
            [String(id.rawValue), day.iso]
        ).map { DisputeNote(writtenOn: $0.day("written_on"), actor: $0.text("actor"), text: $0.text("text")) }
    }

    public func disputesToEscalate(on day: Day) throws -> [DisputeID] {
        try db.rows(
            """
            SELECT d.id FROM dispute d JOIN category k ON k.code = d.category
            WHERE d.escalated_on IS NULL AND \(OnDaySQL.disputeOpen("d", day: "$1"))
              AND \(OnDaySQL.pastEscalation("d", "k", day: "$1"))
            ORDER BY d.id
            """, [day.iso]
        ).map { DisputeID(rawValue: $0.int("id")) }
    }
}

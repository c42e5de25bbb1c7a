import Complaints
import GRDB
import LedgerPort
import Receivables

extension LedgerTransaction {
    /// Records a new dispute with its invoices, subjects and watchers; returns its id.
    public func insertDispute(_ new: NewDispute) throws -> DisputeID {
        guard let customerID = try reader.customerID(new.customer) else {
            throw LoadRefusal(line: 0, message: "customer \(new.customer) does not exist")
        }
        let total = CurrencyTotals(new.invoices.map(\.amount))
        let amount = total.amounts[0]
        try db.cachedStatement(
            sql: """
                INSERT INTO dispute (customer_id, category, subcategory, owner_key, channel, status, reported_on,
                    opened_on, currency, amount_cents, note) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            customerID, new.category, new.subcategory, new.routing.owner.text, new.channel.rawValue,
            new.reportedOn.iso, new.reportedOn.iso, amount.currency.code, amount.minorUnits, new.note,
        ])
        let id = DisputeID(rawValue: db.lastInsertedRowID)
        for invoice in new.invoices {
            try db.cachedStatement(
                sql: """
                    INSERT INTO dispute_invoice (dispute_id, invoice_id, amount_cents)
                    VALUES (?, (SELECT id FROM invoice WHERE number = ?), ?)
                    """
            ).execute(arguments: [id.rawValue, invoice.number.text, invoice.amount.minorUnits])
        }
        for subject in Set(new.subjects) {
            try db.cachedStatement(sql: "INSERT INTO dispute_subject (dispute_id, key, value) VALUES (?, ?, ?)")
                .execute(arguments: [id.rawValue, subject.key, subject.value])
        }
        for watcher in new.routing.watchers {
            try db.cachedStatement(
                sql:
                    "INSERT INTO dispute_watcher (dispute_id, person_key, reason) VALUES (?, ?, 'sales rep above threshold')"
            ).execute(arguments: [id.rawValue, watcher.text])
        }
        return id
    }

    /// Routes the dispute to another owner from the transaction's day.
    public func assignDispute(_ id: DisputeID, from previous: PersonKey, to owner: PersonKey) throws {
        try db.cachedStatement(
            sql: "INSERT INTO dispute_assignment (dispute_id, day, from_owner, to_owner) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [id.rawValue, stamp.day.iso, previous.text, owner.text])
        try db.cachedStatement(sql: "UPDATE dispute SET owner_key = ? WHERE id = ?").execute(arguments: [
            owner.text, id.rawValue,
        ])
    }

    /// Adds a note to the dispute's file.
    public func addNote(_ id: DisputeID, text: String) throws {
        try db.cachedStatement(
            sql: "INSERT INTO dispute_note (dispute_id, written_on, actor, text) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [id.rawValue, stamp.day.iso, stamp.actor, text])
    }

    /// Marks the dispute resolved, and keeps the resolution among those it had.
    public func resolveDispute(_ id: DisputeID, _ resolution: Resolution) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO dispute_resolution (dispute_id, outcome, resolved_on, resolved_cents, root_cause, note)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            id.rawValue, resolution.outcome.rawValue, resolution.on.iso, resolution.amount?.minorUnits,
            resolution.rootCause, resolution.note,
        ])
        try db.cachedStatement(
            sql: """
                UPDATE dispute SET status = 'resolved', outcome = ?, resolved_on = ?, resolved_cents = ?, root_cause = ?,
                    resolution_note = ? WHERE id = ?
                """
        ).execute(arguments: [
            resolution.outcome.rawValue, resolution.on.iso, resolution.amount?.minorUnits, resolution.rootCause,
            resolution.note, id.rawValue,
        ])
    }

    /// Records that an existing credit note settled the dispute.
    public func linkCreditNote(_ number: CreditNoteNumber, to id: DisputeID) throws {
        try db.cachedStatement(sql: "UPDATE credit_note SET dispute_id = ? WHERE number = ? AND dispute_id IS NULL")
            .execute(arguments: [id.rawValue, number.text])
    }

    /// Opens a resolved dispute again on the transaction's day; its resolutions keep the one it
    /// had, with the day it was reopened.
    public func reopenDispute(_ id: DisputeID) throws {
        try db.cachedStatement(
            sql: "UPDATE dispute_resolution SET reopened_on = ? WHERE dispute_id = ? AND reopened_on IS NULL"
        ).execute(arguments: [stamp.day.iso, id.rawValue])
        try db.cachedStatement(
            sql: """
                UPDATE dispute SET status = 'open', outcome = NULL, resolved_on = NULL, resolved_cents = NULL,
                    root_cause = NULL, resolution_note = NULL, escalated_on = NULL WHERE id = ?
                """
        ).execute(arguments: [id.rawValue])
    }

    /// Marks the dispute as escalated to the management group on the transaction's day.
    public func markEscalated(_ id: DisputeID) throws {
        try db.cachedStatement(sql: "UPDATE dispute SET escalated_on = ? WHERE id = ? AND escalated_on IS NULL")
            .execute(arguments: [stamp.day.iso, id.rawValue])
    }
}

extension LedgerReader {
    /// Disputes with what listings print beside them, `?1` being the day they are taken on.
    static let disputeSelect = """
        SELECT d.*, \(OnDaySQL.owner("d", day: "?1")) AS owner_then, c.code AS customer_code,
            c.name AS customer_name, k.sla_days, k.escalate_after_days
        FROM dispute d JOIN customer c ON c.id = d.customer_id JOIN category k ON k.code = d.category
        """

    /// The dispute with this id, as it stood at the close of `day` (`nil` when it was not opened
    /// by then).
    public func dispute(_ id: DisputeID, on day: Day) throws -> DisputeRecord? {
        guard
            let row = try Row.fetchOne(
                db, sql: LedgerReader.disputeSelect + " WHERE d.id = ?2 AND d.opened_on <= ?1",
                arguments: [day.iso, id.rawValue])
        else { return nil }
        return try disputeRecord(row: row, on: day)
    }

    /// Disputes opened by `day` and matching `filter`, newest first, as they stood that day.
    public func disputes(_ filter: DisputeFilter, on day: Day) throws -> (rows: [DisputeRecord], total: Int) {
        var conditions = ["d.opened_on <= ?1"]
        var arguments: [any DatabaseValueConvertible] = [day.iso]
        switch filter.status {
        case .open: conditions.append(OnDaySQL.disputeOpen("d", day: "?1"))
        case .resolved: conditions.append("NOT \(OnDaySQL.disputeOpen("d", day: "?1"))")
        case nil: break
        }
        if let owner = filter.owner {
            conditions.append("\(OnDaySQL.owner("d", day: "?1")) = ?")
            arguments.append(owner.text)
        }
        if let category = filter.category {
            conditions.append("d.category = ?")
            arguments.append(category)
        }
        if let customer = filter.customer {
            conditions.append("c.code = ?")
            arguments.append(customer.text)
        }
        if let invoice = filter.invoice {
            conditions.append(
                "d.id IN (SELECT dispute_id FROM dispute_invoice WHERE invoice_id = (SELECT id FROM invoice WHERE number = ?))"
            )
            arguments.append(invoice.text)
        }
        let whereClause = " WHERE " + conditions.joined(separator: " AND ")
        let total =
            try Int.fetchOne(
                db.cachedStatement(
                    sql: "SELECT count(*) FROM dispute d JOIN customer c ON c.id = d.customer_id" + whereClause),
                arguments: StatementArguments(arguments)) ?? 0
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: LedgerReader.disputeSelect + whereClause + " ORDER BY d.id DESC LIMIT ?"),
            arguments: StatementArguments(arguments + [filter.limit ?? -1]))
        return (try rows.map { try disputeRecord(row: $0, on: day) }, total)
    }

    /// Every resolution of a dispute, oldest first, with the day each was reopened.
    func resolutions(of id: DisputeID, currency: Currency) throws -> [ResolutionSpan] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM dispute_resolution WHERE dispute_id = ? ORDER BY resolved_on, id"),
            arguments: [id.rawValue]
        ).compactMap { row in
            guard let outcome = Outcome(rawValue: row["outcome"]), let on = Day(iso: row["resolved_on"] as String)
            else { return nil }
            return ResolutionSpan(
                resolution: Resolution(
                    outcome: outcome, on: on,
                    amount: (row["resolved_cents"] as Int64?).map { Money(minorUnits: $0, currency: currency) },
                    rootCause: row["root_cause"], note: row["note"]),
                reopenedOn: (row["reopened_on"] as String?).flatMap { Day(iso: $0) })
        }
    }

    func disputeRecord(row: Row, on day: Day) throws -> DisputeRecord {
        let id = DisputeID(rawValue: row["id"])
        let currency = Currency(code: row["currency"]) ?? .EUR
        let invoices = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT i.number, di.amount_cents FROM dispute_invoice di JOIN invoice i ON i.id = di.invoice_id
                    WHERE di.dispute_id = ? ORDER BY i.number
                    """), arguments: [id.rawValue]
        ).map {
            DisputedInvoice(
                number: InvoiceNumber($0["number"] as String),
                amount: Money(minorUnits: $0["amount_cents"], currency: currency))
        }
        let subjects = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT key, value FROM dispute_subject WHERE dispute_id = ? ORDER BY key, value"),
            arguments: [id.rawValue]
        ).map { Subject(key: $0["key"], value: $0["value"]) }
        let watchers = try String.fetchAll(
            db.cachedStatement(sql: "SELECT person_key FROM dispute_watcher WHERE dispute_id = ? ORDER BY person_key"),
            arguments: [id.rawValue]
        ).map(PersonKey.init)
        let openedOn = Day(iso: row["opened_on"] as String)!
        let state =
            Dispute.state(on: day, openedOn: openedOn, resolutions: try resolutions(of: id, currency: currency))
            ?? .open
        let escalateAfterDays: Int = row["escalate_after_days"]
        let dispute = Dispute(
            id: id, customer: CustomerCode(row["customer_code"] as String), invoices: invoices,
            category: row["category"],
            subcategory: row["subcategory"], subjects: subjects, owner: PersonKey(row["owner_then"] as String),
            watchers: watchers, channel: Channel(rawValue: row["channel"]) ?? .phone,
            reportedOn: Day(iso: row["reported_on"] as String)!, openedOn: openedOn,
            note: row["note"], state: state)
        return DisputeRecord(
            dispute: dispute, customerName: row["customer_name"],
            escalatedOn: dispute.isEscalated(on: day, escalateAfterDays: escalateAfterDays)
                ? dispute.escalationDay(escalateAfterDays: escalateAfterDays) + 1 : nil,
            slaDays: row["sla_days"], escalateAfterDays: escalateAfterDays)
    }

    /// The notes written on a dispute by `day`, oldest first.
    public func notes(of id: DisputeID, on day: Day) throws -> [DisputeNote] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM dispute_note WHERE dispute_id = ? AND written_on <= ? ORDER BY id"),
            arguments: [id.rawValue, day.iso]
        ).map { DisputeNote(writtenOn: Day(iso: $0["written_on"] as String)!, actor: $0["actor"], text: $0["text"]) }
    }

    /// Disputes open on `day` and past their escalation day that were not yet journaled as
    /// escalated: what `dun escalate` tells the management group.
    public func disputesToEscalate(on day: Day) throws -> [DisputeID] {
        try Int64.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT d.id FROM dispute d JOIN category k ON k.code = d.category
                    WHERE d.escalated_on IS NULL AND \(OnDaySQL.disputeOpen("d", day: "?1"))
                      AND \(OnDaySQL.pastEscalation("d", "k", day: "?1"))
                    ORDER BY d.id
                    """), arguments: [day.iso]
        ).map(DisputeID.init(rawValue:))
    }
}

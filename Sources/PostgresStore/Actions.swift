import Complaints
import Foundation
import LedgerPort
import Receivables

extension PostgresTransaction: ActionWriting {
    /// Records a new open corrective action; returns its id (the next after the highest, so
    /// that `CA-n` never skips).
    public func insertAction(_ new: NewAction) throws -> ActionID {
        let id = try nextID("corrective_action")
        try change(
            """
            INSERT INTO corrective_action (id, category, subject_key, subject_value, owner_key, title, due_on, status,
                opened_on) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8)
            """,
            [
                String(id), new.category, new.subject?.key, new.subject?.value, new.owner.text, new.title,
                new.dueOn.iso, stamp.day.iso,
            ])
        try recordChange(of: ActionID(rawValue: id))
        return ActionID(rawValue: id)
    }

    /// Keeps the state the action has now among those it went through, dated the transaction's
    /// day: what the reports of earlier days read.
    private func recordChange(of id: ActionID) throws {
        try change(
            """
            INSERT INTO action_change (id, action_id, day, status, due_on, done_on, verified_on, reopened_on)
            SELECT (SELECT coalesce(max(id), 0) + 1 FROM action_change), id, $1::text, status, due_on, done_on,
                verified_on, reopened_on
            FROM corrective_action WHERE id = $2::bigint
            """, [stamp.day.iso, String(id.rawValue)])
    }

    public func updateAction(_ action: CorrectiveAction) throws {
        let status = action.state.status.rawValue
        let id = String(action.id.rawValue)
        switch action.state {
        case .open:
            try change(
                "UPDATE corrective_action SET status = $1, due_on = $2 WHERE id = $3", [status, action.dueOn.iso, id])
        case .done(let doneOn):
            try change(
                "UPDATE corrective_action SET status = $1, due_on = $2, done_on = $3, verified_on = NULL WHERE id = $4",
                [status, action.dueOn.iso, doneOn.iso, id])
        case .verified(let doneOn, let verifiedOn):
            try change(
                "UPDATE corrective_action SET status = $1, due_on = $2, done_on = $3, verified_on = $4 WHERE id = $5",
                [status, action.dueOn.iso, doneOn.iso, verifiedOn.iso, id])
        case .reopened(let reopenedOn):
            try change(
                """
                UPDATE corrective_action SET status = $1, due_on = $2, reopened_on = $3, verified_on = NULL
                WHERE id = $4
                """, [status, action.dueOn.iso, reopenedOn.iso, id])
        }
        try recordChange(of: action.id)
    }

    @discardableResult
    public func linkDispute(_ dispute: DisputeID, to action: ActionID) throws -> Bool {
        try change(
            """
            INSERT INTO action_dispute (action_id, dispute_id, linked_on) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING
            """, [String(action.rawValue), String(dispute.rawValue), stamp.day.iso]
        ).changed > 0
    }

    public func recordActionEscalation(_ alert: ActionAlert) throws -> Bool {
        try change(
            """
            INSERT INTO action_escalation (action_id, kind, crossed_on, escalated_on) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING
            """, [String(alert.action.rawValue), alert.kindCode, alert.crossedOn.iso, stamp.day.iso]
        ).changed > 0
    }

    public func markHoldEscalated(_ id: HoldID) throws {
        try change(
            "UPDATE hold SET escalated_on = $1 WHERE id = $2 AND escalated_on IS NULL",
            [stamp.day.iso, String(id.rawValue)])
    }
}

extension PostgresReader: ActionReading {
    /// Corrective actions as they stood at the close of `$1`: their state columns from the last
    /// change made by then.
    static let actionSelect = """
        SELECT a.id, a.category, a.subject_key, a.subject_value, a.owner_key, a.title, a.opened_on,
            s.status, s.due_on, s.done_on, s.verified_on, s.reopened_on,
            o.name AS owner_name, k.label_en AS category_label
        FROM corrective_action a JOIN owner o ON o.key = a.owner_key JOIN category k ON k.code = a.category
        JOIN action_change s ON s.id = (
            SELECT c.id FROM action_change c WHERE c.action_id = a.id AND c.day <= $1 ORDER BY c.day DESC, c.id DESC LIMIT 1)
        """

    public func action(_ id: ActionID, on day: Day) throws -> ActionRecord? {
        try actionRecords(
            db.rows(Self.actionSelect + " WHERE a.id = $2 AND a.opened_on <= $1", [day.iso, String(id.rawValue)])
        ).first
    }

    public func actions(_ filter: ActionFilter, on day: Day) throws -> [ActionRecord] {
        var conditions = ["a.opened_on <= $1"]
        var parameters: [String?] = [day.iso]
        if let owner = filter.owner {
            parameters.append(owner.text)
            conditions.append("a.owner_key = $\(parameters.count)")
        }
        if let category = filter.category {
            parameters.append(category)
            conditions.append("a.category = $\(parameters.count)")
        }
        let whereClause = " WHERE " + conditions.joined(separator: " AND ")
        return try actionRecords(db.rows(Self.actionSelect + whereClause + " ORDER BY a.id", parameters))
            .filter { filter.status == nil || $0.action.state.status == filter.status }
    }

    /// The records of rows of ``actionSelect``, in their order, with the disputes linked to them
    /// read for all of them at once.
    private func actionRecords(_ rows: [PostgresRow]) throws -> [ActionRecord] {
        guard !rows.isEmpty else { return [] }
        var disputes: [Int64: [DisputeID]] = [:]
        for row in try db.rows(
            """
            SELECT action_id, dispute_id FROM action_dispute WHERE action_id = ANY($1::bigint[])
            ORDER BY action_id, dispute_id
            """, [PostgresArray.int(rows.map { $0.int("id") })])
        {
            disputes[row.int("action_id"), default: []].append(DisputeID(rawValue: row.int("dispute_id")))
        }
        return rows.map { row in
            let id = row.int("id")
            let doneOn = row.optionalDay("done_on")
            let state: CorrectiveAction.State
            switch ActionStatus(rawValue: row.text("status")) ?? .open {
            case .open:
                if let reopenedOn = row.optionalDay("reopened_on") {
                    state = .reopened(on: reopenedOn)
                } else {
                    state = .open
                }
            case .done:
                state = .done(on: doneOn!)
            case .verified:
                state = .verified(doneOn: doneOn!, verifiedOn: row.optionalDay("verified_on")!)
            }
            var subject: Subject?
            if let key = row["subject_key"], let value = row["subject_value"] {
                subject = Subject(key: key, value: value)
            }
            let action = CorrectiveAction(
                id: ActionID(rawValue: id), category: row.text("category"), subject: subject,
                owner: PersonKey(row.text("owner_key")), dueOn: row.day("due_on"), title: row.text("title"),
                state: state)
            return ActionRecord(
                action: action, openedOn: row.day("opened_on"), lastDoneOn: doneOn, disputes: disputes[id] ?? [],
                ownerName: row.text("owner_name"), categoryLabel: row.text("category_label"))
        }
    }

    public func actions(addressing dispute: DisputeID) throws -> [ActionID] {
        try db.rows(
            "SELECT action_id FROM action_dispute WHERE dispute_id = $1 ORDER BY action_id", [String(dispute.rawValue)]
        ).map { ActionID(rawValue: $0.int("action_id")) }
    }

    public func disputeOccurrences(category: String, after: Day, through: Day) throws -> [DisputeOccurrence] {
        guard after < through else { return [] }
        let parameters = [category, after.iso, through.iso]
        var subjects: [Int64: [Subject]] = [:]
        for row in try db.rows(
            """
            SELECT s.dispute_id, s.key, s.value FROM dispute_subject s JOIN dispute d ON d.id = s.dispute_id
            WHERE d.category = $1 AND d.opened_on > $2 AND d.opened_on <= $3
            """, parameters)
        {
            subjects[row.int("dispute_id"), default: []].append(Subject(key: row.text("key"), value: row.text("value")))
        }
        return try db.rows(
            """
            SELECT d.id, c.code, d.opened_on FROM dispute d JOIN customer c ON c.id = d.customer_id
            WHERE d.category = $1 AND d.opened_on > $2 AND d.opened_on <= $3 ORDER BY d.opened_on, d.id
            """, parameters
        ).map { row in
            let id = row.int("id")
            return DisputeOccurrence(
                id: DisputeID(rawValue: id), customer: CustomerCode(row.text("code")), category: category,
                subjects: (subjects[id] ?? []).sorted(), openedOn: row.day("opened_on"))
        }
    }

    public func actionEscalations() throws -> [(action: ActionID, kind: String, crossedOn: Day, escalatedOn: Day)] {
        // SQLite reads the table in its primary key's order.
        try db.rows(
            """
            SELECT action_id, kind, crossed_on, escalated_on FROM action_escalation
            ORDER BY action_id, kind, crossed_on
            """
        ).map {
            (ActionID(rawValue: $0.int("action_id")), $0.text("kind"), $0.day("crossed_on"), $0.day("escalated_on"))
        }
    }

    public func agedHolds(on day: Day, ageDays: Int) throws -> [AgedHold] {
        let limit = day - ageDays
        let rows = try db.rows(
            Self.holdSelect + " WHERE \(OnDaySQL.activeHold("h", day: "$1")) AND h.placed_on < $2"
                + " ORDER BY h.placed_on, h.id", [day.iso, limit.iso])
        return zip(rows, try holdRecords(rows, on: day)).compactMap { row, record in
            guard !record.blocked.isEmpty else { return nil }
            return AgedHold(
                record: record, crossedOn: record.hold.placedOn + ageDays + 1,
                escalatedOn: row.optionalDay("escalated_on"))
        }
    }

    public func resolvedCauses(from: Day, to: Day) throws -> [(category: String, rootCause: String?)] {
        try db.rows(
            """
            SELECT d.category, r.root_cause FROM dispute_resolution r JOIN dispute d ON d.id = r.dispute_id
            WHERE r.resolved_on BETWEEN $1 AND $2 ORDER BY r.dispute_id, r.id
            """, [from.iso, to.iso]
        ).map { ($0.text("category"), $0["root_cause"]) }
    }
}

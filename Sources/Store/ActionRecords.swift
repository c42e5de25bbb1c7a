import Complaints
import GRDB
import LedgerPort
import Receivables

extension Schema {
    /// Corrective actions, the disputes they address, and what management was told once.
    ///
    /// An action keeps its last done day when it is reopened (`done_on` stays, `reopened_on` is
    /// set, `status` goes back to `open`), so that a report can still say which disputes showed
    /// that the first attempt did not work. Escalations of actions get a table of their own rather
    /// than an `escalated_on` column: an action can cross a line more than once (overdue, done,
    /// reopened, overdue again), and each crossing is told once. A hold crosses its age line once
    /// in its life, so a column does.
    static func v4Actions(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE corrective_action (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    category TEXT NOT NULL REFERENCES category(code) ON DELETE RESTRICT,
                    subject_key TEXT,
                    subject_value TEXT,
                    owner_key TEXT NOT NULL REFERENCES owner(key) ON DELETE RESTRICT,
                    title TEXT NOT NULL CHECK (length(title) > 0),
                    due_on TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('open', 'done', 'verified')),
                    opened_on TEXT NOT NULL,
                    done_on TEXT,
                    verified_on TEXT,
                    reopened_on TEXT,
                    CHECK ((subject_key IS NULL) = (subject_value IS NULL)),
                    CHECK (status = 'open' OR done_on IS NOT NULL),
                    CHECK ((status = 'verified') = (verified_on IS NOT NULL)),
                    CHECK (reopened_on IS NULL OR done_on IS NOT NULL)
                );
                CREATE INDEX corrective_action_by_category ON corrective_action(category);
                CREATE TRIGGER corrective_action_never_deleted BEFORE DELETE ON corrective_action
                    BEGIN SELECT RAISE(ABORT, 'corrective actions are never deleted'); END;

                CREATE TABLE action_dispute (
                    action_id INTEGER NOT NULL REFERENCES corrective_action(id) ON DELETE RESTRICT,
                    dispute_id INTEGER NOT NULL REFERENCES dispute(id) ON DELETE RESTRICT,
                    linked_on TEXT NOT NULL,
                    PRIMARY KEY (action_id, dispute_id)
                ) WITHOUT ROWID;
                CREATE INDEX action_dispute_by_dispute ON action_dispute(dispute_id);

                CREATE TABLE action_escalation (
                    action_id INTEGER NOT NULL REFERENCES corrective_action(id) ON DELETE RESTRICT,
                    kind TEXT NOT NULL CHECK (kind IN ('overdue', 'ineffective')),
                    crossed_on TEXT NOT NULL,
                    escalated_on TEXT NOT NULL,
                    PRIMARY KEY (action_id, kind, crossed_on)
                ) WITHOUT ROWID;
                CREATE TRIGGER action_escalation_never_deleted BEFORE DELETE ON action_escalation
                    BEGIN SELECT RAISE(ABORT, 'escalations are never deleted'); END;

                ALTER TABLE hold ADD COLUMN escalated_on TEXT;
                """)
    }
}

extension LedgerTransaction {
    /// Records a new open corrective action; returns its id.
    public func insertAction(_ new: NewAction) throws -> ActionID {
        try db.cachedStatement(
            sql: """
                INSERT INTO corrective_action (category, subject_key, subject_value, owner_key, title, due_on, status,
                    opened_on) VALUES (?, ?, ?, ?, ?, ?, 'open', ?)
                """
        ).execute(arguments: [
            new.category, new.subject?.key, new.subject?.value, new.owner.text, new.title, new.dueOn.iso,
            stamp.day.iso,
        ])
        let id = ActionID(rawValue: db.lastInsertedRowID)
        try recordChange(of: id)
        return id
    }

    /// Keeps the state the action has now among those it went through, dated the transaction's
    /// day: what the reports of earlier days read.
    func recordChange(of id: ActionID) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO action_change (action_id, day, status, due_on, done_on, verified_on, reopened_on)
                SELECT id, ?, status, due_on, done_on, verified_on, reopened_on FROM corrective_action WHERE id = ?
                """
        ).execute(arguments: [stamp.day.iso, id.rawValue])
    }

    /// Stores an action's new state (and due day, which reopening may move). A reopened action
    /// keeps its last done day.
    public func updateAction(_ action: CorrectiveAction) throws {
        let status = action.state.status.rawValue
        switch action.state {
        case .open:
            try db.cachedStatement(sql: "UPDATE corrective_action SET status = ?, due_on = ? WHERE id = ?")
                .execute(arguments: [status, action.dueOn.iso, action.id.rawValue])
        case .done(let doneOn):
            try db.cachedStatement(
                sql: "UPDATE corrective_action SET status = ?, due_on = ?, done_on = ?, verified_on = NULL WHERE id = ?"
            ).execute(arguments: [status, action.dueOn.iso, doneOn.iso, action.id.rawValue])
        case .verified(let doneOn, let verifiedOn):
            try db.cachedStatement(
                sql: "UPDATE corrective_action SET status = ?, due_on = ?, done_on = ?, verified_on = ? WHERE id = ?"
            ).execute(arguments: [status, action.dueOn.iso, doneOn.iso, verifiedOn.iso, action.id.rawValue])
        case .reopened(let reopenedOn):
            try db.cachedStatement(
                sql:
                    "UPDATE corrective_action SET status = ?, due_on = ?, reopened_on = ?, verified_on = NULL WHERE id = ?"
            ).execute(arguments: [status, action.dueOn.iso, reopenedOn.iso, action.id.rawValue])
        }
        try recordChange(of: action.id)
    }

    /// Links a dispute to the action that addresses it; `false` when it already was.
    @discardableResult
    public func linkDispute(_ dispute: DisputeID, to action: ActionID) throws -> Bool {
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO action_dispute (action_id, dispute_id, linked_on) VALUES (?, ?, ?)"
        ).execute(arguments: [action.rawValue, dispute.rawValue, stamp.day.iso])
        return db.changesCount > 0
    }

    /// Records that management was told of an action's crossing on the transaction's day;
    /// `false` when that crossing was already told.
    public func recordActionEscalation(_ alert: ActionAlert) throws -> Bool {
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO action_escalation (action_id, kind, crossed_on, escalated_on)
                VALUES (?, ?, ?, ?)
                """
        ).execute(arguments: [alert.action.rawValue, alert.kindCode, alert.crossedOn.iso, stamp.day.iso])
        return db.changesCount > 0
    }

    /// Marks the hold as escalated to the management group on the transaction's day.
    public func markHoldEscalated(_ id: HoldID) throws {
        try db.cachedStatement(sql: "UPDATE hold SET escalated_on = ? WHERE id = ? AND escalated_on IS NULL")
            .execute(arguments: [stamp.day.iso, id.rawValue])
    }
}

extension LedgerReader {
    /// Corrective actions as they stood at the close of `?1`: their state columns from the last
    /// change made by then.
    static let actionSelect = """
        SELECT a.id, a.category, a.subject_key, a.subject_value, a.owner_key, a.title, a.opened_on,
            s.status, s.due_on, s.done_on, s.verified_on, s.reopened_on,
            o.name AS owner_name, k.label_en AS category_label
        FROM corrective_action a JOIN owner o ON o.key = a.owner_key JOIN category k ON k.code = a.category
        JOIN action_change s ON s.id = (
            SELECT c.id FROM action_change c WHERE c.action_id = a.id AND c.day <= ?1 ORDER BY c.day DESC, c.id DESC LIMIT 1)
        """

    /// The corrective action with this id, as it stood at the close of `day` (`nil` before it
    /// was opened).
    public func action(_ id: ActionID, on day: Day) throws -> ActionRecord? {
        try Row.fetchOne(
            db, sql: LedgerReader.actionSelect + " WHERE a.id = ?2 AND a.opened_on <= ?1",
            arguments: [day.iso, id.rawValue]
        ).map(actionRecord(row:))
    }

    /// Corrective actions opened by `day` and matching `filter`, in id order, as they stood at its
    /// close.
    public func actions(_ filter: ActionFilter, on day: Day) throws -> [ActionRecord] {
        var conditions = ["a.opened_on <= ?1"]
        var arguments: [any DatabaseValueConvertible] = [day.iso]
        if let owner = filter.owner {
            conditions.append("a.owner_key = ?")
            arguments.append(owner.text)
        }
        if let category = filter.category {
            conditions.append("a.category = ?")
            arguments.append(category)
        }
        let whereClause = " WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(
            db, sql: LedgerReader.actionSelect + whereClause + " ORDER BY a.id",
            arguments: StatementArguments(arguments)
        ).map(actionRecord(row:)).filter { filter.status == nil || $0.action.state.status == filter.status }
    }

    func actionRecord(row: Row) throws -> ActionRecord {
        let id = ActionID(rawValue: row["id"])
        func day(_ column: String) -> Day? { (row[column] as String?).flatMap { Day(iso: $0) } }
        let doneOn = day("done_on")
        let state: CorrectiveAction.State
        switch ActionStatus(rawValue: row["status"]) ?? .open {
        case .open:
            if let reopenedOn = day("reopened_on") { state = .reopened(on: reopenedOn) } else { state = .open }
        case .done:
            state = .done(on: doneOn!)
        case .verified:
            state = .verified(doneOn: doneOn!, verifiedOn: day("verified_on")!)
        }
        var subject: Subject?
        if let key: String = row["subject_key"], let value: String = row["subject_value"] {
            subject = Subject(key: key, value: value)
        }
        let action = CorrectiveAction(
            id: id, category: row["category"], subject: subject, owner: PersonKey(row["owner_key"] as String),
            dueOn: day("due_on")!, title: row["title"], state: state)
        let disputes = try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT dispute_id FROM action_dispute WHERE action_id = ? ORDER BY dispute_id"),
            arguments: [id.rawValue]
        ).map(DisputeID.init(rawValue:))
        return ActionRecord(
            action: action, openedOn: day("opened_on")!, lastDoneOn: doneOn, disputes: disputes,
            ownerName: row["owner_name"], categoryLabel: row["category_label"])
    }

    /// The corrective actions a dispute is linked to, in id order.
    public func actions(addressing dispute: DisputeID) throws -> [ActionID] {
        try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT action_id FROM action_dispute WHERE dispute_id = ? ORDER BY action_id"),
            arguments: [dispute.rawValue]
        ).map(ActionID.init(rawValue:))
    }

    /// Disputes of `category` opened after `after` and up to `through` (both days as given:
    /// `after` excluded, `through` included), with their subjects: what tells whether an action
    /// on that category worked.
    public func disputeOccurrences(category: String, after: Day, through: Day) throws -> [DisputeOccurrence] {
        guard after < through else { return [] }
        var subjects: [Int64: [Subject]] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT s.dispute_id, s.key, s.value FROM dispute_subject s JOIN dispute d ON d.id = s.dispute_id
                    WHERE d.category = ? AND d.opened_on > ? AND d.opened_on <= ?
                    """), arguments: [category, after.iso, through.iso])
        {
            subjects[row[0], default: []].append(Subject(key: row[1], value: row[2]))
        }
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT d.id, c.code, d.opened_on FROM dispute d JOIN customer c ON c.id = d.customer_id
                    WHERE d.category = ? AND d.opened_on > ? AND d.opened_on <= ? ORDER BY d.opened_on, d.id
                    """), arguments: [category, after.iso, through.iso]
        ).map { row in
            let id: Int64 = row[0]
            return DisputeOccurrence(
                id: DisputeID(rawValue: id), customer: CustomerCode(row[1] as String), category: category,
                subjects: (subjects[id] ?? []).sorted(), openedOn: Day(iso: row[2] as String)!)
        }
    }

    /// The crossings of actions management was already told of: action, kind, crossing day.
    public func actionEscalations() throws -> [(action: ActionID, kind: String, crossedOn: Day, escalatedOn: Day)] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT action_id, kind, crossed_on, escalated_on FROM action_escalation ORDER BY action_id")
        )
        .map {
            (
                ActionID(rawValue: $0["action_id"]), $0["kind"], Day(iso: $0["crossed_on"] as String)!,
                Day(iso: $0["escalated_on"] as String)!
            )
        }
    }

    /// Holds active on `day` that were placed more than `ageDays` days before it and still block
    /// something that day (a hold on an invoice paid since keeps nobody from cash), oldest first.
    public func agedHolds(on day: Day, ageDays: Int) throws -> [AgedHold] {
        let limit = day - ageDays
        return try Array(
            Row.fetchCursor(
                db.cachedStatement(
                    sql: LedgerReader.holdSelect + " WHERE \(activeHold("h", day: "?1")) AND h.placed_on < ?2"
                        + " ORDER BY h.placed_on, h.id"),
                arguments: [day.iso, limit.iso]
            ).compactMap { row -> AgedHold? in
                let record = try holdRecord(row: row, on: day)
                guard !record.blocked.isEmpty else { return nil }
                return AgedHold(
                    record: record, crossedOn: record.hold.placedOn + ageDays + 1,
                    escalatedOn: (row["escalated_on"] as String?).flatMap { Day(iso: $0) })
            })
    }

    /// Resolutions made between two days (inclusive): the category the customer reported and
    /// the root cause the owner found (`nil` when none was given).
    public func resolvedCauses(from: Day, to: Day) throws -> [(category: String, rootCause: String?)] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT d.category, r.root_cause FROM dispute_resolution r JOIN dispute d ON d.id = r.dispute_id
                    WHERE r.resolved_on BETWEEN ? AND ? ORDER BY r.dispute_id, r.id
                    """),
            arguments: [from.iso, to.iso]
        ).map { ($0["category"], $0["root_cause"]) }
    }
}

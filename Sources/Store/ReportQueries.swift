import Complaints
import GRDB
import LedgerPort
import Receivables

extension LedgerReader {
    /// Disputes opened between two days (inclusive), with their subjects, for recurrence and trends.
    public func disputeFacts(from: Day, to: Day) throws -> [DisputeFact] {
        var subjects: [Int64: [Subject]] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT s.dispute_id, s.key, s.value FROM dispute_subject s JOIN dispute d ON d.id = s.dispute_id
                    WHERE d.opened_on BETWEEN ? AND ?
                    """), arguments: [from.iso, to.iso])
        {
            subjects[row[0], default: []].append(Subject(key: row[1], value: row[2]))
        }
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT d.id, c.code, c.name, d.category, d.currency, d.amount_cents, d.opened_on
                    FROM dispute d JOIN customer c ON c.id = d.customer_id
                    WHERE d.opened_on BETWEEN ? AND ? ORDER BY d.id
                    """), arguments: [from.iso, to.iso]
        ).map { row in
            let id: Int64 = row[0]
            return DisputeFact(
                id: DisputeID(rawValue: id), customer: CustomerCode(row[1] as String), customerName: row[2],
                category: row[3],
                amount: Money(minorUnits: row[5], currency: Currency(code: row[4]) ?? .EUR),
                subjects: (subjects[id] ?? []).sorted(), openedOn: Day(iso: row[6] as String)!)
        }
    }

    /// Disputes resolved between two days (a dispute resolved twice counted once), per category.
    public func resolvedByCategory(from: Day, to: Day) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT d.category, count(DISTINCT d.id) FROM dispute_resolution r JOIN dispute d ON d.id = r.dispute_id
                    WHERE r.resolved_on BETWEEN ? AND ? GROUP BY d.category
                    """),
            arguments: [from.iso, to.iso])
        {
            counts[row[0]] = row[1]
        }
        return counts
    }

    /// Per owner: disputes open on `day`, how many are past their category's SLA, and their amounts.
    public func ownerWorkload(on day: Day) throws -> [WeeklyReport.OwnerLine] {
        var lines: [String: WeeklyReport.OwnerLine] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    WITH open AS (
                        SELECT d.*, \(OnDaySQL.owner("d", day: "?1")) AS owner_then FROM dispute d
                        WHERE \(OnDaySQL.disputeOpen("d", day: "?1"))
                    )
                    SELECT d.owner_then AS owner_key, o.name, d.currency,
                        count(*) AS open,
                        sum(julianday(?1) - julianday(d.opened_on) > k.sla_days) AS past_sla,
                        sum(CASE WHEN julianday(?1) - julianday(d.opened_on) > k.sla_days THEN d.amount_cents ELSE 0 END) AS past_cents,
                        min(d.opened_on) AS oldest
                    FROM open d JOIN category k ON k.code = d.category JOIN owner o ON o.key = d.owner_then
                    GROUP BY d.owner_then, d.currency
                    """), arguments: [day.iso])
        {
            let key: String = row["owner_key"]
            var line =
                lines[key]
                ?? WeeklyReport.OwnerLine(
                    owner: PersonKey(key), name: row["name"], open: 0, pastSla: 0, pastSlaAmounts: CurrencyTotals(),
                    oldestOpenedOn: nil)
            line.open += row["open"] as Int
            line.pastSla += row["past_sla"] as Int
            if let currency = Currency(code: row["currency"]), (row["past_cents"] as Int64) > 0 {
                line.pastSlaAmounts.add(Money(minorUnits: row["past_cents"], currency: currency))
            }
            let oldest = Day(iso: row["oldest"] as String)
            if let oldest, line.oldestOpenedOn.map({ oldest < $0 }) ?? true { line.oldestOpenedOn = oldest }
            lines[key] = line
        }
        return lines.values.sorted { ($1.pastSla, $0.owner) < ($0.pastSla, $1.owner) }
    }

    /// Disputes open on `day` and past their category's escalation day, oldest first, each with
    /// the day it crossed the line.
    public func escalations(on day: Day) throws -> [WeeklyReport.Escalation] {
        try Array(
            Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT d.id, c.code, d.category, \(OnDaySQL.owner("d", day: "?1")) AS owner_key, d.opened_on,
                            k.escalate_after_days, d.currency, d.amount_cents
                        FROM dispute d JOIN category k ON k.code = d.category JOIN customer c ON c.id = d.customer_id
                        WHERE \(OnDaySQL.disputeOpen("d", day: "?1")) AND \(OnDaySQL.pastEscalation("d", "k", day: "?1"))
                        ORDER BY d.opened_on, d.id
                        """), arguments: [day.iso]
            ).map { row in
                let opened = Day(iso: row["opened_on"] as String)!
                let after: Int = row["escalate_after_days"]
                return WeeklyReport.Escalation(
                    dispute: DisputeID(rawValue: row["id"]), customer: CustomerCode(row["code"] as String),
                    category: row["category"], owner: PersonKey(row["owner_key"] as String), openedOn: opened,
                    escalatedOn: opened + after + 1,
                    daysOpen: day - opened,
                    amount: Money(minorUnits: row["amount_cents"], currency: Currency(code: row["currency"]) ?? .EUR))
            })
    }
}

import Foundation
import GRDB
import LedgerPort
import Receivables

extension LedgerTransaction {
    /// Puts a letter or an email in the outbox; returns its id.
    public func enqueue(_ item: OutboxItem) throws -> Int64 {
        let customerID = try item.customer.flatMap { try reader.customerID($0) }
        try db.cachedStatement(
            sql: """
                INSERT INTO outbox (notice_id, customer_id, kind, channel, language, recipients, subject, text, html,
                    message, message_id, status, attempts, last_error, created_on)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                """
        ).execute(arguments: [
            item.notice, customerID, item.kind, item.channel, item.language, item.recipients, item.subject, item.text,
            item.html, item.message.map { Data($0) }, item.messageID, item.status.rawValue, item.lastError,
            stamp.day.iso,
        ])
        return db.lastInsertedRowID
    }

    /// Records the outcome of one attempt to send or print.
    public func markOutbox(_ id: Int64, status: OutboxItem.Status, error: String?, attempted: Bool) throws {
        try db.cachedStatement(
            sql: """
                UPDATE outbox SET status = ?1, attempts = attempts + ?5, last_error = ?2,
                    done_at = CASE WHEN ?1 IN ('sent', 'printed', 'cancelled') THEN ?3 ELSE done_at END
                WHERE id = ?4
                """
        ).execute(arguments: [status.rawValue, error, stamp.recordedAt, id, attempted ? 1 : 0])
    }
}

extension LedgerReader {
    static let outboxSelect = "SELECT o.*, c.code FROM outbox o LEFT JOIN customer c ON c.id = o.customer_id"

    /// Items in the outbox, newest first, of one status or channel when asked.
    public func outbox(status: OutboxItem.Status?, channel: String?, limit: Int?) throws -> [OutboxItem] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: LedgerReader.outboxSelect
                    + " WHERE (?1 IS NULL OR o.status = ?1) AND (?2 IS NULL OR o.channel = ?2) ORDER BY o.id DESC LIMIT ?3"
            ),
            arguments: [status?.rawValue, channel, limit ?? -1]
        ).map(LedgerReader.outboxItem(row:))
    }

    /// What waits to be sent (emails queued or failed before) or printed (letters queued), oldest first.
    public func pendingOutbox(channel: String) throws -> [OutboxItem] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: LedgerReader.outboxSelect
                    + " WHERE o.status IN ('queued', 'failed') AND o.channel = ? ORDER BY o.id"),
            arguments: [channel]
        ).map(LedgerReader.outboxItem(row:))
    }

    /// One item of the outbox.
    public func outboxItem(_ id: Int64) throws -> OutboxItem? {
        try Row.fetchOne(db.cachedStatement(sql: LedgerReader.outboxSelect + " WHERE o.id = ?"), arguments: [id])
            .map(LedgerReader.outboxItem(row:))
    }

    static func outboxItem(row: Row) -> OutboxItem {
        OutboxItem(
            id: row["id"], notice: row["notice_id"], customer: (row["code"] as String?).map(CustomerCode.init),
            kind: row["kind"], channel: row["channel"], language: row["language"], recipients: row["recipients"],
            subject: row["subject"], text: row["text"], html: row["html"],
            message: (row["message"] as Data?).map { Array($0) }, messageID: row["message_id"],
            status: OutboxItem.Status(rawValue: row["status"]) ?? .queued, attempts: row["attempts"],
            lastError: row["last_error"], createdOn: Day(iso: row["created_on"] as String)!, doneAt: row["done_at"])
    }

    /// Settings whose key starts with `prefix`.
    public func settings(prefix: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT key, value FROM setting WHERE substr(key, 1, length(?1)) = ?1", arguments: [prefix])
        {
            values[row[0]] = row[1]
        }
        return values
    }
}

extension LedgerTransaction {
    /// The id the next outbox item will get. The write transaction holds the database's write
    /// lock, so the id is known before the message that quotes it is built.
    public func nextOutboxID() throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0) + 1")) ?? 1
    }
}

extension LedgerReader {
    /// A customer's open invoices, oldest due first, with what active holds keep under review on
    /// `day`. A hold on a disputed amount holds that amount; a hold without one, or a hold on
    /// the whole customer, holds the whole open balance.
    public func statementInvoices(of customer: CustomerCode, on day: Day) throws -> [StatementInvoice] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT i.number, i.issue_date, i.due_date, i.amount_cents, i.open_cents, i.currency,
                        CASE WHEN EXISTS (SELECT 1 FROM hold h WHERE h.customer_id = i.customer_id
                                AND \(activeHold("h", day: "?2")))
                            THEN i.open_cents
                            ELSE min(i.open_cents, coalesce((
                                SELECT CASE WHEN count(*) > count(h.amount_cents) THEN i.open_cents
                                    ELSE sum(h.amount_cents) END
                                FROM hold h WHERE h.invoice_id = i.id AND \(activeHold("h", day: "?2"))), 0))
                        END AS held_cents
                    FROM invoice i
                    WHERE i.customer_id = (SELECT id FROM customer WHERE code = ?1) AND i.open_cents > 0
                    ORDER BY i.due_date, i.number
                    """), arguments: [customer.text, day.iso]
        ).map { row in
            let currency = Currency(code: row[5]) ?? .EUR
            return StatementInvoice(
                number: InvoiceNumber(row[0] as String), issueDate: Day(iso: row[1] as String)!,
                dueDate: Day(iso: row[2] as String)!, amount: Money(minorUnits: row[3], currency: currency),
                open: Money(minorUnits: row[4], currency: currency),
                held: Money(minorUnits: row[6], currency: currency))
        }
    }
}

extension LedgerTransaction {
    /// Writes a (re-)rendered document into an item that is not yet sent or printed.
    public func updateOutboxDocument(_ item: OutboxItem) throws {
        try db.cachedStatement(
            sql: """
                UPDATE outbox SET channel = ?, recipients = ?, subject = ?, text = ?, html = ?, message = ?,
                    message_id = ?, last_error = NULL
                WHERE id = ? AND status IN ('queued', 'failed')
                """
        ).execute(arguments: [
            item.channel, item.recipients, item.subject, item.text, item.html, item.message.map { Data($0) },
            item.messageID, item.id,
        ])
    }
}

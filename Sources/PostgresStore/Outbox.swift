import Foundation
import LedgerPort
import Receivables

extension PostgresTransaction: OutboxWriting {
    /// Puts a letter or an email in the outbox; returns its id: the next after the highest, the
    /// one ``nextOutboxID()`` told in this transaction.
    public func enqueue(_ item: OutboxItem) throws -> Int64 {
        let id = try nextID("outbox")
        try change(
            """
            INSERT INTO outbox (id, notice_id, customer_id, kind, channel, language, recipients, subject, text, html,
                message, message_id, status, attempts, last_error, created_on)
            VALUES ($1, $2, (SELECT id FROM customer WHERE code = $3::text), $4, $5, $6, $7, $8, $9, $10,
                decode($11, 'hex'), $12, $13, 0, $14, $15)
            """,
            [
                String(id), item.notice.map(String.init), item.customer?.text, item.kind, item.channel, item.language,
                item.recipients, item.subject, item.text, item.html, item.message.map(OutboxHex.encode),
                item.messageID, item.status.rawValue, item.lastError, stamp.day.iso,
            ])
        return id
    }

    public func markOutbox(_ id: Int64, status: OutboxItem.Status, error: String?, attempted: Bool) throws {
        try change(
            """
            UPDATE outbox SET status = $1::text, attempts = attempts + $5::bigint, last_error = $2,
                done_at = CASE WHEN $1::text IN ('sent', 'printed', 'cancelled') THEN $3 ELSE done_at END
            WHERE id = $4
            """, [status.rawValue, error, stamp.recordedAt, String(id), attempted ? "1" : "0"])
    }

    /// The id the next outbox item will get: the next after the highest. A command that takes
    /// the same one as another running at once conflicts with it, and one of them runs again.
    public func nextOutboxID() throws -> Int64 {
        try nextID("outbox")
    }

    public func updateOutboxDocument(_ item: OutboxItem) throws {
        try change(
            """
            UPDATE outbox SET channel = $1, recipients = $2, subject = $3, text = $4, html = $5,
                message = decode($6, 'hex'), message_id = $7, last_error = NULL
            WHERE id = $8 AND status IN ('queued', 'failed')
            """,
            [
                item.channel, item.recipients, item.subject, item.text, item.html, item.message.map(OutboxHex.encode),
                item.messageID, String(item.id),
            ])
    }
}

extension PostgresReader: OutboxReading {
    /// The outbox's columns, the message as hex (whatever the server's `bytea_output`), and the
    /// customer's code.
    static let outboxSelect = """
        SELECT o.id, o.notice_id, o.kind, o.channel, o.language, o.recipients, o.subject, o.text, o.html,
            encode(o.message, 'hex') AS message_hex, o.message_id, o.status, o.attempts, o.last_error, o.created_on,
            o.done_at, c.code
        FROM outbox o LEFT JOIN customer c ON c.id = o.customer_id
        """

    public func outbox(status: OutboxItem.Status?, channel: String?, limit: Int?) throws -> [OutboxItem] {
        try db.rows(
            Self.outboxSelect
                + """
                 WHERE ($1::text IS NULL OR o.status = $1::text) AND ($2::text IS NULL OR o.channel = $2::text)
                ORDER BY o.id DESC LIMIT $3::bigint
                """, [status?.rawValue, channel, limit.map(String.init)]
        ).map(Self.outboxItem(row:))
    }

    /// What waits to be sent or printed, oldest first.
    ///
    /// In a write transaction (where `dun outbox send` picks what it will deliver) the items are
    /// claimed, so that two senders at once never deliver one item twice. `dun outbox send`
    /// commits the transaction that picks them before the messages leave, and marks each one in
    /// a transaction of its own afterwards: a row lock alone would be gone before the message
    /// is. So the connection first takes the ledger's sender lock, a session advisory lock held
    /// until it closes (the end of the command); while another connection holds it, nothing is
    /// pending for this one. The rows are then locked with `FOR UPDATE SKIP LOCKED`, passing
    /// over an item another command is changing at that moment (a cancel) rather than waiting.
    public func pendingOutbox(channel: String) throws -> [OutboxItem] {
        let sql = Self.outboxSelect + " WHERE o.status IN ('queued', 'failed') AND o.channel = $1 ORDER BY o.id"
        guard try db.value("SELECT current_setting('transaction_read_only')") == "off" else {
            return try db.rows(sql, [channel]).map(Self.outboxItem(row:))
        }
        let sender = try db.value(
            "SELECT pg_try_advisory_lock(hashtextextended(current_schema() || ' dun outbox send', 0))")
        guard sender == "t" else { return [] }
        return try db.rows(sql + " FOR UPDATE OF o SKIP LOCKED", [channel]).map(Self.outboxItem(row:))
    }

    public func outboxItem(_ id: Int64) throws -> OutboxItem? {
        try db.row(Self.outboxSelect + " WHERE o.id = $1", [String(id)]).map(Self.outboxItem(row:))
    }

    static func outboxItem(row: PostgresRow) -> OutboxItem {
        OutboxItem(
            id: row.int("id"), notice: row.optionalInt("notice_id"), customer: row["code"].map(CustomerCode.init),
            kind: row.text("kind"), channel: row.text("channel"), language: row.text("language"),
            recipients: row["recipients"], subject: row.text("subject"), text: row.text("text"),
            html: row.text("html"), message: row["message_hex"].map(OutboxHex.decode), messageID: row["message_id"],
            status: OutboxItem.Status(rawValue: row.text("status")) ?? .queued, attempts: row.count("attempts"),
            lastError: row["last_error"], createdOn: row.day("created_on"), doneAt: row["done_at"])
    }

    public func settings(prefix: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for row in try db.rows(
            "SELECT key, value FROM setting WHERE substr(key, 1, length($1::text)) = $1::text", [prefix])
        {
            values[row.text("key")] = row.text("value")
        }
        return values
    }

    public func statementInvoices(of customer: CustomerCode, on day: Day) throws -> [StatementInvoice] {
        try db.rows(
            """
            SELECT i.number, i.issue_date, i.due_date, i.amount_cents, i.open_cents, i.currency,
                CASE WHEN EXISTS (SELECT 1 FROM hold h WHERE h.customer_id = i.customer_id
                        AND \(OnDaySQL.activeHold("h", day: "$2")))
                    THEN i.open_cents
                    ELSE least(i.open_cents, coalesce((
                        SELECT CASE WHEN count(*) > count(h.amount_cents) THEN i.open_cents
                            ELSE sum(h.amount_cents)::bigint END
                        FROM hold h WHERE h.invoice_id = i.id AND \(OnDaySQL.activeHold("h", day: "$2"))), 0))
                END AS held_cents
            FROM invoice i
            WHERE i.customer_id = (SELECT id FROM customer WHERE code = $1) AND i.open_cents > 0
            ORDER BY i.due_date, i.number
            """, [customer.text, day.iso]
        ).map { row in
            let currency = row.currency("currency")
            return StatementInvoice(
                number: InvoiceNumber(row.text("number")), issueDate: row.day("issue_date"),
                dueDate: row.day("due_date"), amount: row.money("amount_cents", "currency"),
                open: Money(minorUnits: row.int("open_cents"), currency: currency),
                held: Money(minorUnits: row.int("held_cents"), currency: currency))
        }
    }
}

/// A MIME message as the hex that `decode(…, 'hex')` takes and `encode(…, 'hex')` gives.
private enum OutboxHex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var hex: [UInt8] = []
        hex.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    static func decode(_ hex: String) -> [UInt8] {
        func value(_ digit: UInt8) -> UInt8 {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: 0
            }
        }
        let digits = Array(hex.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index + 1 < digits.count {
            bytes.append(value(digits[index]) << 4 | value(digits[index + 1]))
            index += 2
        }
        return bytes
    }
}

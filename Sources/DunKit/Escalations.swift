import Complaints
import Foundation
import LedgerPort
import Receivables

/// The settings of the feedback loop, in the ledger's `setting` table (`dun config set KEY VALUE`).
public enum LoopSettings {
    /// An active hold older than this many days is escalated to the management group.
    public static let holdAgeDaysKey = "config.escalation.hold_age_days"
    public static let defaultHoldAgeDays = 30
    /// The yearly cost of money, in percent, that prices the cash holds block.
    public static let annualRatePercentKey = "config.kpi.annual_rate_percent"
    public static let defaultAnnualRateBasisPoints = 800

    /// The hold escalation age: the setting, else 30 days.
    static func holdAgeDays(_ reader: any LedgerReading) throws -> Int {
        guard let text = try reader.setting(holdAgeDaysKey) else { return defaultHoldAgeDays }
        guard let days = Int(text.trimmingCharacters(in: .whitespaces)), days >= 1 else {
            throw InputError(
                message: "setting \(holdAgeDaysKey) is \"\(text)\", not a whole number of days (1 or more)")
        }
        return days
    }

    /// The annual rate in basis points: the setting (`8`, `7.5`, `7.25 %`), else 8 %.
    static func annualRateBasisPoints(_ reader: any LedgerReading) throws -> Int {
        guard let text = try reader.setting(annualRatePercentKey) else { return defaultAnnualRateBasisPoints }
        guard let points = basisPoints(percent: text) else {
            throw InputError(
                message: "setting \(annualRatePercentKey) is \"\(text)\", not a percentage such as 8 or 7.5")
        }
        return points
    }

    /// `7.5` → 750; at most two decimals, 0 to 100, an optional `%`.
    static func basisPoints(percent text: String) -> Int? {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") { trimmed = String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces) }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy(\.isASCII),
            let whole = Int(parts[0]), whole >= 0
        else { return nil }
        var fraction = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...2).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            fraction = Int(digits)! * (digits.count == 1 ? 10 : 1)
        }
        let points = whole * 100 + fraction
        return points <= 10_000 ? points : nil
    }
}

/// What one evaluation told the management group for the first time.
public struct Escalated: Sendable, Hashable {
    public var disputes: [DisputeID] = []
    public var actions: [ActionAlert] = []
    public var holds: [HoldID] = []

    public var isEmpty: Bool { disputes.isEmpty && actions.isEmpty && holds.isEmpty }
}

extension Session {
    /// Journals (and so tells the management group) what has crossed its line by the as-of day,
    /// each crossing once: disputes open past their category's `escalate_after_days`,
    /// corrective actions overdue or ineffective, holds older than the hold age. Escalation is a
    /// function of dates that every report derives by itself; this records it, in `dun escalate`
    /// and the dunning run. Whatever was told before is not told again.
    public func escalate() throws -> Escalated {
        try write { tx in try escalate(in: tx) }
    }

    @discardableResult
    func escalate(in tx: any LedgerWriting) throws -> Escalated {
        let reader = tx.reader
        var told = Escalated()
        for id in try reader.disputesToEscalate(on: today) {
            guard let record = try reader.dispute(id, on: today) else { continue }
            let dispute = record.dispute
            try tx.markEscalated(id)
            try tx.journal(
                "dispute.escalate", subject: JournalRef.dispute(id),
                refs: dispute.invoices.map { JournalRef.invoice($0.number) } + [JournalRef.customer(dispute.customer)],
                details: [
                    "to": "management", "category": dispute.category, "owner": dispute.owner.text,
                    "openedOn": dispute.openedOn.iso, "escalateAfterDays": String(record.escalateAfterDays),
                    "crossedOn": (dispute.escalationDay(escalateAfterDays: record.escalateAfterDays) + 1).iso,
                ])
            told.disputes.append(id)
        }

        let records = try reader.actions(on: today)
        for standing in try standings(of: records, on: today, reader: reader) {
            guard let alert = standing.alert, try tx.recordActionEscalation(alert) else { continue }
            var details = [
                "to": "management", "kind": alert.kindCode, "owner": alert.owner.text,
                "crossedOn": alert.crossedOn.iso,
            ]
            var refs: [String] = []
            switch alert.kind {
            case .overdue(let dueOn):
                details["due"] = dueOn.iso
            case .ineffective(let recurrences):
                details["recurrences"] = recurrences.map(\.description).joined(separator: " ")
                refs = recurrences.map(JournalRef.dispute)
            }
            try tx.journal("action.escalate", subject: JournalRef.action(alert.action), refs: refs, details: details)
            told.actions.append(alert)
        }

        let age = try LoopSettings.holdAgeDays(reader)
        for aged in try reader.agedHolds(on: today, ageDays: age) where aged.escalatedOn == nil {
            let hold = aged.record.hold
            try tx.markHoldEscalated(hold.id)
            var refs = [JournalRef.customer(aged.record.customer)]
            if case .invoice(let number, _) = hold.target { refs.append(JournalRef.invoice(number)) }
            if let dispute = hold.dispute { refs.append(JournalRef.dispute(dispute)) }
            try tx.journal(
                "hold.escalate", subject: JournalRef.hold(hold.id), refs: refs,
                details: [
                    "to": "management", "placedOn": hold.placedOn.iso, "ageDays": String(age),
                    "crossedOn": aged.crossedOn.iso, "blocked": aged.record.blocked.description,
                ])
            told.holds.append(hold.id)
        }
        return told
    }

    /// Active holds older than the hold age on `day`, as the reports list them.
    func holdEscalations(on day: Day, ageDays: Int, reader: any LedgerReading) throws -> [WeeklyReport.HoldEscalation] {
        try reader.agedHolds(on: day, ageDays: ageDays).map { aged in
            let record = aged.record
            var invoice: InvoiceNumber?
            if case .invoice(let number, _) = record.hold.target { invoice = number }
            return WeeklyReport.HoldEscalation(
                hold: record.hold.id, customer: record.customer, customerName: record.customerName, invoice: invoice,
                dispute: record.hold.dispute, category: record.category, placedOn: record.hold.placedOn,
                crossedOn: aged.crossedOn, daysHeld: day - record.hold.placedOn, blocked: record.blocked)
        }
    }
}

/// `dun report actions`: the corrective actions, where each stands, and everything escalated to
/// the management group on the as-of day.
public struct ActionsReport: Sendable {
    public var asOf: Day
    public var actions: [ActionItem]
    public var escalations: [WeeklyReport.Escalation]
    public var actionEscalations: [WeeklyReport.ActionEscalation]
    public var holdEscalations: [WeeklyReport.HoldEscalation]
    public var holdAgeDays: Int
}

extension Session {
    /// The corrective actions and the escalations of the as-of day, derived from dates: reading
    /// it changes nothing (`dun escalate` journals the crossings).
    public func actionsReport() throws -> ActionsReport {
        try read { reader in
            let records = try reader.actions(on: today)
            let items = zip(records, try standings(of: records, on: today, reader: reader)).map {
                ActionItem(record: $0, standing: $1)
            }
            let age = try LoopSettings.holdAgeDays(reader)
            return ActionsReport(
                asOf: today, actions: items, escalations: try reader.escalations(on: today),
                actionEscalations: items.compactMap { item in
                    item.standing.alert.map { WeeklyReport.ActionEscalation($0, item.standing) }
                }.sorted { ($0.crossedOn, $0.action) < ($1.crossedOn, $1.action) },
                holdEscalations: try holdEscalations(on: today, ageDays: age, reader: reader), holdAgeDays: age)
        }
    }
}

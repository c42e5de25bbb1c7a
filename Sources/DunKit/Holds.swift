import Complaints
import Foundation
import LedgerPort
import Receivables

/// Which holds `dun hold release` releases.
public enum HoldSelector: Sendable, Hashable {
    case hold(HoldID)
    case invoice(InvoiceNumber)
    case dispute(DisputeID)
}

extension Session {
    /// Places a hold by hand on an invoice or on everything a customer owes.
    public func placeHold(on target: Hold.Target, reason: String, until: Day?) throws -> HoldRecord {
        try write { tx in
            let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else { throw RuleViolation.emptyText("the reason") }
            if let until, until <= today { throw RuleViolation.untilNotAfterToday(until) }
            var refs: [String] = []
            switch target {
            case .invoice(let number, _):
                guard let invoice = try tx.reader.invoice(number, on: today) else {
                    throw RuleViolation.unknownInvoice(number)
                }
                refs = [JournalRef.invoice(number), JournalRef.customer(invoice.customer)]
            case .customer(let code):
                guard try tx.reader.customer(code) != nil else { throw RuleViolation.unknownCustomer(code) }
                refs = [JournalRef.customer(code)]
            }
            let id = try tx.placeHold(on: target, dispute: nil, reason: reason, until: until)
            var details = ["reason": reason]
            if let until { details["until"] = until.iso }
            try tx.journal("hold.place", subject: JournalRef.hold(id), refs: refs, details: details)
            return try tx.reader.hold(id, on: today)!
        }
    }

    /// Releases holds: one by id, or all active ones on an invoice or of a dispute. Dunning of
    /// what they covered resumes from the release day.
    public func releaseHolds(_ selector: HoldSelector, note: String?) throws -> [HoldRecord] {
        try write { tx in
            let reader = tx.reader
            var holds: [HoldRecord]
            switch selector {
            case .hold(let id):
                guard let record = try reader.hold(id, on: today) else { throw RuleViolation.unknownHold(id) }
                let hold = record.hold
                if case .released(let on, _) = hold.state, on <= today {
                    throw RuleViolation.holdAlreadyReleased(id, on)
                }
                if let until = hold.until, until <= today { throw RuleViolation.holdLapsed(id, until) }
                if hold.placedOn > today { throw RuleViolation.holdNotYetPlaced(id, hold.placedOn) }
                holds = [record]
            case .invoice(let number):
                guard try reader.invoice(number, on: today) != nil else { throw RuleViolation.unknownInvoice(number) }
                holds = try reader.holds(HoldFilter(activeOn: today, invoice: number), on: today).rows
                guard !holds.isEmpty else { throw RuleViolation.noActiveHold("invoice \(number)") }
            case .dispute(let id):
                _ = try disputeRecord(id, reader: reader)
                holds = try reader.holds(HoldFilter(activeOn: today, dispute: id), on: today).rows
                guard !holds.isEmpty else { throw RuleViolation.noActiveHold("dispute \(id)") }
            }
            for record in holds { try release(record.hold, note: note, in: tx) }
            return try holds.map { try tx.reader.hold($0.hold.id, on: today)! }
        }
    }

    func release(_ hold: Hold, note: String?, on day: Day? = nil, in tx: any LedgerWriting) throws {
        let day = day ?? today
        try tx.releaseHold(hold.id, note: note, on: day)
        var refs: [String] = []
        switch hold.target {
        case .invoice(let number, _): refs.append(JournalRef.invoice(number))
        case .customer(let code): refs.append(JournalRef.customer(code))
        }
        if let dispute = hold.dispute { refs.append(JournalRef.dispute(dispute)) }
        var details = ["placedOn": hold.placedOn.iso, "daysHeld": String(day - hold.placedOn)]
        if day != today { details["releasedOn"] = day.iso }
        if let note { details["note"] = note }
        try tx.journal("hold.release", subject: JournalRef.hold(hold.id), refs: refs, details: details)
    }

    /// Holds, all or only those active on the day.
    public func holds(_ filter: HoldFilter) throws -> (rows: [HoldRecord], total: Int) {
        try read { try $0.holds(filter, on: today) }
    }
}

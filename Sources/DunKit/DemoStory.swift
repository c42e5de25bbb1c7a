import Complaints
import Foundation
import LedgerPort
import Receivables

/// The corrective actions of `dun demo`, on the demo's recurring problems, day by day from the
/// first week of complaints (``firstDay``, a Monday eleven weeks before the as-of week):
///
/// - CA-1 (week 1): double-box the CHR-220 chairs. Done in week 2; the chairs keep arriving
///   damaged, so it did not work; reopened in week 4 with a new due day it then misses.
/// - CA-2 (week 2): move the late-delivery routes off Geodis. Done in week 3; no Geodis late
///   delivery since: effective after 8 weeks, and verified.
/// - CA-3 (week 5): check every Brasserie du Port order before dispatch. Never done: overdue.
/// - CA-4 (week 6): block a second invoice for the same delivery note. Done in week 8; no duplicate
///   billing since, but its 8 weeks are still running.
///
/// Every day is an offset from ``firstDay``; the report's day is at least ``firstDay`` + 76, so
/// CA-2's window (done + 1 … done + 56) is over by then.
struct DemoStory {
    let firstDay: Day
    /// The CHR-220 damage disputes logged so far: those before CA-1 are linked when it is opened,
    /// those that came back after it was done when it is reopened.
    var chairDisputes: [DisputeID] = []
    var chairsLinked = 0
    /// Brasserie du Port's wrong-item disputes logged so far, linked to CA-3.
    var wrongItemDisputes: [DisputeID] = []

    init(firstDay: Day) { self.firstDay = firstDay }

    static let chairsOpened = 2
    static let chairsDone = 11
    static let chairsReopened = 22
    static let carrierOpened = 7
    static let carrierDone = 15
    static let carrierVerified = 73
    static let picksOpened = 28
    static let duplicatesOpened = 35
    static let duplicatesDone = 53

    /// Whether Geodis's late-delivery routes were moved by `day` (its late deliveries stop).
    func carrierMoved(on day: Day) -> Bool { day - firstDay > DemoStory.carrierDone }

    /// Whether the ERP refused duplicate invoices by `day`.
    func duplicatesBlocked(on day: Day) -> Bool { day - firstDay > DemoStory.duplicatesDone }

    /// Does what the owners did on `day`.
    mutating func act(on day: Day, ledger: any LedgerStore, recordedAt: String) throws {
        let offset = day - firstDay
        guard offset >= 0 else { return }
        func owner(_ actor: String) -> Session {
            Session(ledger: ledger, stamp: Stamp(actor: actor, day: day, recordedAt: recordedAt))
        }
        let logistics = owner("logistics")
        switch offset {
        case DemoStory.chairsOpened:
            _ = try logistics.addAction(
                ActionRequest(
                    category: "damaged-goods", subject: Subject(key: "sku", value: Demo.damagedSKU),
                    owner: "logistics", dueOn: day + 14, title: "Double-box the CHR-220 chairs",
                    disputes: chairDisputes))
            chairsLinked = chairDisputes.count
        case DemoStory.chairsDone:
            _ = try logistics.markActionDone(
                ActionID(rawValue: 1), note: "Chairs now shipped in a second box with corner protection")
        case DemoStory.chairsReopened:
            _ = try logistics.reopenAction(
                ActionID(rawValue: 1), dueOn: day + 21,
                note: "Still broken inside the double box: the supplier must change the inner packaging")
            let since = Array(chairDisputes.dropFirst(chairsLinked))
            if !since.isEmpty { _ = try logistics.linkDisputes(since, to: ActionID(rawValue: 1)) }
            chairsLinked = chairDisputes.count
        case DemoStory.carrierOpened:
            _ = try logistics.addAction(
                ActionRequest(
                    category: "late-delivery", subject: Subject(key: "carrier", value: Demo.lateCarrier),
                    owner: "logistics", dueOn: day + 11, title: "Move the late routes from Geodis to DB Schenker"))
        case DemoStory.carrierDone:
            _ = try logistics.markActionDone(ActionID(rawValue: 2), note: "Routes moved on Monday")
        case DemoStory.carrierVerified:
            _ = try owner("quality").verifyAction(
                ActionID(rawValue: 2), note: "No Geodis delay in eight weeks; new carrier contract signed")
        case DemoStory.picksOpened:
            _ = try logistics.addAction(
                ActionRequest(
                    category: "wrong-item",
                    subject: Subject(key: CorrectiveAction.customerSubjectKey, value: Demo.wrongItemsCustomer.text),
                    owner: "logistics", dueOn: day + 14,
                    title: "Check every Brasserie du Port order against its PO before dispatch",
                    disputes: wrongItemDisputes))
        case DemoStory.duplicatesOpened:
            _ = try owner("billing").addAction(
                ActionRequest(
                    category: "duplicate-billing", owner: "billing", dueOn: day + 21,
                    title: "Refuse a second invoice for the same delivery note in the ERP"))
        case DemoStory.duplicatesDone:
            _ = try owner("billing").markActionDone(ActionID(rawValue: 4), note: "ERP check live")
        default:
            break
        }
    }
}

import Complaints
import Foundation
import LedgerPort
import Receivables

extension Session {
    /// Everything the weekly report of `week` is built from, as the ledger stood on the week's
    /// Sunday (or on the as-of day, for the week in progress). `blocked` is the cash held on
    /// each day of a span that covers the week's KPI period, when the caller has read it.
    func weeklyInputs(
        week: IsoWeek, reader: any LedgerReading, blocked: [Currency: [Day: Int64]]? = nil
    ) throws -> WeeklyReport.Inputs {
        let day = lastDay(of: week)
        let holds = try reader.holdTotals(on: day)
        let movements = try reader.holdMovements(from: week.monday, to: day)
        var inputs = WeeklyReport.Inputs(
            asOf: today, week: week, taxonomy: try reader.taxonomy(), baseCurrency: try reader.baseCurrency(),
            disputes: try reader.disputeFacts(from: WeeklyReport.Inputs.historyStart(for: week), to: day),
            resolvedByCategory: try reader.resolvedByCategory(from: week.monday, to: day),
            holds: WeeklyReport.HoldSummary(
                active: holds.active, amounts: holds.blocked, placedThisWeek: movements.placed,
                releasedThisWeek: movements.released, oldestPlacedOn: holds.oldest),
            owners: try reader.ownerWorkload(on: day), escalations: try reader.escalations(on: day))
        inputs.resolvedCauses = try reader.resolvedCauses(from: week.monday, to: day)
        let records = try reader.actions(on: day)
        inputs.actions = zip(records, try standings(of: records, on: day, reader: reader)).map {
            (standing: $1, disputes: $0.disputes)
        }
        let age = try LoopSettings.holdAgeDays(reader)
        inputs.holdAgeDays = age
        inputs.agedHolds = try holdEscalations(on: day, ageDays: age, reader: reader)
        if let period = kpiPeriod(of: week) {
            inputs.kpis = try kpis(
                period: period, annualRateBasisPoints: try LoopSettings.annualRateBasisPoints(reader), reader: reader,
                blocked: blocked)
        }
        return inputs
    }

    /// The day a week's figures are taken on: its Sunday, or the as-of day for the week in
    /// progress (nothing dated after the as-of day counts).
    func lastDay(of week: IsoWeek) -> Day { min(today, week.sunday) }

    /// The days a week's KPIs cover: the usual KPI period, ending on the week's last day.
    func kpiPeriod(of week: IsoWeek) -> KPIPeriod? {
        KPIPeriod(endingOn: lastDay(of: week), days: Session.defaultKPIPeriodDays)
    }
}

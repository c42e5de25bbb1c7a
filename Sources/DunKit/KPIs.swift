import Complaints
import Foundation
import LedgerPort
import Receivables

/// `dun report kpi`: the collections KPIs over a period ending on the as-of day, per currency.
public struct KPISet: Sendable {
    public var asOf: Day
    public var period: KPIPeriod
    /// The yearly cost of money pricing the cash holds block, in basis points.
    public var annualRateBasisPoints: Int
    public var currencies: [KPIReport]
}

extension Session {
    /// How many days a KPI period has when none is asked for: about a month.
    public static let defaultKPIPeriodDays = 30

    /// The KPIs over the `periodDays` days ending on the as-of day (30 by default), or from `from`
    /// through it.
    public func kpiReport(periodDays: Int? = nil, from: Day? = nil) throws -> KPISet {
        let period: KPIPeriod
        if let from {
            guard let found = KPIPeriod(start: from, end: today) else {
                throw InputError(message: "--from \(from) is after the as-of day \(today)")
            }
            period = found
        } else {
            let days = periodDays ?? Session.defaultKPIPeriodDays
            guard let found = KPIPeriod(endingOn: today, days: days) else {
                throw InputError(message: "--period-days \(days) must be at least 1")
            }
            period = found
        }
        return try read { reader in
            let rate = try LoopSettings.annualRateBasisPoints(reader)
            return KPISet(
                asOf: today, period: period, annualRateBasisPoints: rate,
                currencies: try kpis(period: period, annualRateBasisPoints: rate, reader: reader))
        }
    }

    /// The KPIs of every currency with receivables or sales in the period.
    func kpis(
        period: KPIPeriod, annualRateBasisPoints: Int, reader: any LedgerReading,
        blocked: [Currency: [Day: Int64]]? = nil
    ) throws -> [KPIReport] {
        try reader.kpiInputs(
            period: period, annualRateBasisPoints: annualRateBasisPoints, baseCurrency: try reader.baseCurrency(),
            blocked: blocked
        ).map { inputs in
            do throws(KPIError) {
                return try KPIReport(inputs)
            } catch {
                throw InputError(message: error.description)
            }
        }
    }
}

/// The look of the management reports' HTML (the weekly report, `report actions`), on top of
/// ``Interchange/Document/stylesheet``.
enum ReportStyle {
    /// The rules the management reports add to the house style: figure cards, good and bad tones,
    /// chart spacing.
    static let css = """
        .lead { color: #555; margin: 0 0 12px; }
        .cards { display: grid; grid-template-columns: repeat(5, 1fr); gap: 10px; margin: 12px 0 4px; }
        .card { border: 1px solid #e3e3e3; border-radius: 6px; padding: 8px 10px; background: #fcfcfd; }
        .card .label { color: #666; font-size: 12px; }
        .card .value { font-size: 22px; font-weight: 700; margin: 2px 0; white-space: nowrap; }
        .card .value.small { font-size: 15px; padding: 4px 0; }
        .card .delta { font-size: 12px; color: #666; }
        .good, .card .delta.good { color: #2e7d32; } .bad, .card .delta.bad { color: #b22222; }
        .pending { color: #8a6d00; }
        td.nowrap { white-space: nowrap; }
        td.good, td.bad, td.pending { font-weight: 600; }
        .card.alert { border-color: #e6b0b0; background: #fff7f7; }
        figure.chart { margin: 10px 0 14px; }
        """
}

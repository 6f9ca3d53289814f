/// Horizontal bars with labels and values:
/// `Safety and Compliance   ██████████░░░░  26%`.
public struct BarChart: Sendable {
    /// One bar: its label, its value and how the value is written.
    public struct Bar: Sendable, Hashable {
        public var label: String
        public var value: Double
        public var valueText: String
        public init(_ label: String, value: Double, valueText: String) {
            self.label = label
            self.value = value
            self.valueText = valueText
        }
    }

    public var bars: [Bar]
    /// The value of a full bar (default: the largest value).
    public var maxValue: Double?
    /// Widest label column; longer labels end in `…`.
    public var maxLabelWidth: Int

    public init(bars: [Bar], maxValue: Double? = nil, maxLabelWidth: Int = 30) {
        self.bars = bars
        self.maxValue = maxValue
        self.maxLabelWidth = maxLabelWidth
    }

    /// Draws one bar per row from the top of `area`; rows that do not fit are left out.
    public func render(into canvas: inout Canvas, area: Rect) {
        guard area.width > 0, area.height > 0, !bars.isEmpty else { return }
        let top = maxValue ?? bars.map(\.value).max() ?? 0
        let valueWidth = bars.map { DisplayWidth.of($0.valueText) }.max() ?? 0
        let labelWidth = min(maxLabelWidth, bars.map { DisplayWidth.of($0.label) }.max() ?? 0, max(0, area.width / 2))
        let barWidth = area.width - labelWidth - valueWidth - 2
        let theme = canvas.theme
        for (i, bar) in bars.prefix(area.height).enumerated() {
            let row = area.row(i)
            var x = canvas.write(TextLayout.pad(bar.label, width: labelWidth), x: row.x, y: row.y, style: theme.text, clip: row) + 1
            if barWidth >= 1 {
                let fraction = top > 0 ? bar.value / top : 0
                let filled = ProgressBar.filledCells(fraction: fraction, width: barWidth)
                x = canvas.write(String(repeating: "█", count: filled), x: x, y: row.y, style: theme.barFilled, clip: row)
                x = canvas.write(String(repeating: "░", count: barWidth - filled), x: x, y: row.y, style: theme.barEmpty, clip: row) + 1
            }
            canvas.write(TextLayout.pad(bar.valueText, width: valueWidth, alignment: .right), x: x, y: row.y, style: theme.text, clip: row)
        }
    }
}

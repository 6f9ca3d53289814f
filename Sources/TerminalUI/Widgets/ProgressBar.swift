/// A horizontal bar for a fraction: `██████░░░░  60%`.
///
/// The filled part is `█` and the rest `░`, so the amount reads without colour.
public struct ProgressBar: Sendable {
    public var fraction: Double
    /// Show the percentage after the bar.
    public var showsPercent: Bool

    public init(fraction: Double, showsPercent: Bool = true) {
        self.fraction = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        self.showsPercent = showsPercent
    }

    /// The percentage as shown (`60%`).
    public var percentText: String { "\(Int(saturating: (fraction * 100).rounded()))%" }

    /// How many of `width` cells are filled (rounded; a non-zero fraction fills at least one).
    public static func filledCells(fraction: Double, width: Int) -> Int {
        guard width > 0, fraction > 0 else { return 0 }
        return min(width, max(1, Int(saturating: (fraction * Double(width)).rounded())))
    }

    public func render(into canvas: inout Canvas, area: Rect) {
        guard area.width > 0, area.height > 0 else { return }
        let percent = showsPercent ? " " + TextLayout.pad(percentText, width: 4, alignment: .right) : ""
        let barWidth = area.width - DisplayWidth.of(percent) >= 3 ? area.width - DisplayWidth.of(percent) : area.width
        let filled = ProgressBar.filledCells(fraction: fraction, width: barWidth)
        let row = area.row(0)
        var x = canvas.write(String(repeating: "█", count: filled), x: area.x, y: row.y, style: canvas.theme.barFilled, clip: row)
        x = canvas.write(String(repeating: "░", count: barWidth - filled), x: x, y: row.y, style: canvas.theme.barEmpty, clip: row)
        if barWidth < area.width { canvas.write(percent, x: x, y: row.y, style: canvas.theme.text, clip: row) }
    }
}

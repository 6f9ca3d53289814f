/// A one-row chart of a series with eighth blocks: `▁▂▄█▆ ▃`. Zero is a blank.
///
/// The latest values are kept when there are more than columns.
public struct Sparkline: Sendable {
    public static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public var values: [Double]
    /// The value drawn as a full block (default: the largest value).
    public var maxValue: Double?

    public init(values: [Double], maxValue: Double? = nil) {
        self.values = values
        self.maxValue = maxValue
    }

    /// The glyphs for the last `width` values.
    public func glyphs(width: Int) -> String {
        guard width > 0 else { return "" }
        let shown = values.suffix(width)
        let top = maxValue ?? shown.max() ?? 0
        return String(shown.map { v -> Character in
            guard v > 0, top > 0, v.isFinite else { return " " }
            let level = Int(saturating: (min(v / top, 1) * 8).rounded(.up)) - 1
            return Sparkline.levels[min(max(level, 0), 7)]
        })
    }

    public func render(into canvas: inout Canvas, area: Rect) {
        guard area.width > 0, area.height > 0 else { return }
        canvas.write(glyphs(width: area.width), x: area.x, y: area.y, style: canvas.theme.barFilled, clip: area.row(0))
    }
}

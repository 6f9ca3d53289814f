/// Activity per day as a grid of weeks (columns) by weekday (rows, Monday first):
///
///     M ▒▓▒▒░▒▓▓
///     T ░█▓▓░░▒▒
///
/// Levels are glyphs (` ░▒▓█`, blank for none) as well as heat colours; the most
/// recent weeks are kept when there are more than columns.
public struct CalendarHeatmap: Sendable {
    public static let glyphs: [Character] = [" ", "░", "▒", "▓", "█"]
    public static let weekdayLabels: [Character] = ["M", "T", "W", "T", "F", "S", "S"]

    /// Counts per day, oldest first; the first element is a Monday.
    public var days: [Int]

    public init(days: [Int]) { self.days = days }

    /// Number of week columns the data spans.
    public var weekCount: Int { (days.count + 6) / 7 }

    /// The level (0-4) of a count, relative to the busiest day: 0 only for no activity.
    public func level(of count: Int) -> Int {
        guard count > 0 else { return 0 }
        let top = days.max() ?? 0
        guard top > 0 else { return 0 }
        return min(4, max(1, Int(saturating: (4 * Double(count) / Double(top)).rounded(.up))))
    }

    /// Draws up to 7 rows; with 3 or more columns the weekday letters come first.
    public func render(into canvas: inout Canvas, area: Rect) {
        guard area.width > 0, area.height > 0 else { return }
        let labels = area.width >= 3
        let columns = area.width - (labels ? 2 : 0)
        let firstWeek = max(0, weekCount - columns)
        for weekday in 0..<min(7, area.height) {
            let y = area.y + weekday
            var x = area.x
            if labels {
                canvas.write(String(CalendarHeatmap.weekdayLabels[weekday]), x: x, y: y, style: canvas.theme.muted)
                x += 2
            }
            for week in firstWeek..<weekCount {
                let i = week * 7 + weekday
                guard i < days.count else { x += 1; continue }
                let lvl = level(of: days[i])
                canvas.write(String(CalendarHeatmap.glyphs[lvl]), x: x, y: y, style: canvas.theme.heat(level: lvl), clip: area)
                x += 1
            }
        }
    }
}

import StudyCore

/// The exam-day plan on the Progress screen: the share of exam items expected right under the plan
/// and a small bar chart of what the planner asks each day to the exam, today first.
public enum ExamPlanChart {
    /// Rows the block takes: a heading line, the bars and an axis line.
    public static func height(barRows: Int) -> Int { barRows + 2 }

    /// Draws the block at the top of `area`; returns the rows used.
    @discardableResult
    public static func render(_ plan: ExamPlanProjection, into canvas: inout Canvas, area: Rect, barRows: Int = 3) -> Int {
        let theme = canvas.theme
        guard area.height >= height(barRows: barRows), area.width > 12 else { return 0 }
        var y = area.y
        canvas.write("  Exam-day plan: \(ProgressReport.percent(plan.expectedRight)) expected right on exam day (\(ProgressReport.percent(plan.expectedRightIfStopped)) if you stop now)",
                     x: area.x, y: y, style: theme.heading, clip: area)
        y += 1
        let width = area.width - 4
        let asks = plan.days.map { Double($0.total) }
        // More days than columns: each column is the busiest of the days it covers.
        let per = max(1, (asks.count + width - 1) / max(1, width))
        var columns: [Double] = []
        var i = 0
        while i < asks.count {
            columns.append(asks[i..<min(asks.count, i + per)].max() ?? 0)
            i += per
        }
        ProgressScreen.columns(columns, into: &canvas, area: Rect(x: area.x + 2, y: y, width: width, height: barRows))
        y += barRows
        let busiest = plan.days.map(\.total).max() ?? 0
        let span = plan.days.count == 1 ? "today" : "\(plan.days.count) days to the exam" + (per > 1 ? ", \(per) days a column" : "")
        canvas.write("  \(span) · busiest day \(busiest) items · today \(plan.days.first?.total ?? 0)",
                     x: area.x, y: y, style: theme.muted, clip: area)
        return height(barRows: barRows)
    }
}

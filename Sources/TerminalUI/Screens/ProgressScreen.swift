import StudyCore

/// "Am I ready?": the Progress screen, drawn from a precomputed `ProgressReport`.
///
/// Three panels, cycled with Tab: the overview (prediction, domain mastery, the review
/// heatmap and streaks, the due forecast, mock scores), answers (accuracy by domain over 7 and
/// 30 days, time per answer, true retention) and mocks and plan (scaled scores against the
/// pass line, the study plan). `e` edits the exam date and `a` applies the plan's new-items
/// limit, both as effects for the host; everything reads in monochrome.
public struct ProgressScreen: Screen {
    public let id = "progress"

    /// The panels, in Tab order.
    public enum Panel: Int, CaseIterable, Sendable {
        case overview, answers, plan
        var name: String {
            switch self {
            case .overview: return "Overview"
            case .answers: return "Answers"
            case .plan: return "Mocks & plan"
            }
        }
    }

    public private(set) var report: ProgressReport
    public private(set) var panel: Panel = .overview
    /// The exam date being typed after `e`; nil when not editing.
    public private(set) var dateInput: String?
    /// A line about the last change asked for (or why the typed date was refused).
    public private(set) var message: String?

    public init(report: ProgressReport) {
        self.report = report
    }

    public var title: String { "Progress · \(report.profile) · \(report.track.shortName)" }
    public var status: String { report.examText }

    /// The limit the plan asks for, when it differs from the current one.
    var suggestedLimit: Int? {
        guard report.examPlan == nil, let plan = report.plan, plan.daysLeft > 0, plan.unseenItems > 0, plan.neededPerDay != report.dailyNewLimit else { return nil }
        return plan.neededPerDay
    }

    public var keyBindings: [KeyBinding] {
        if dateInput != nil {
            return [
                KeyBinding(.enter, "save the date", help: "save the exam date (empty: no date)"),
                KeyBinding(.escape, "cancel"),
                KeyBinding(.backspace, "delete a character", inFooter: false),
                // q is taken here too, so a stray q while typing does not leave the screen.
                KeyBinding("0123456789-/q".map { Key.char($0) }, "type the date", label: "0-9 - /", inFooter: false,
                           help: "type the date (q is ignored while typing)"),
            ]
        }
        var out = [
            KeyBinding([.tab, .backTab], "next panel", label: "Tab", help: "next panel (Shift-Tab: previous)"),
            KeyBinding(.char("e"), "exam date", help: "set or change the exam date"),
            KeyBinding(.char("i"), "about the exam", inFooter: false, help: "about the exam: format, scoring, test plan, eligibility"),
        ]
        if let n = suggestedLimit {
            out.append(KeyBinding(.char("a"), "apply plan (\(n) new/day)", help: "set the daily new-item limit to \(n), as the plan suggests"))
        }
        return out
    }

    public mutating func update(_ event: Event) -> [Effect] {
        switch event {
        case .key(let key):
            return handle(key)
        case .effectResult(.failed):
            message = nil
        case .resumed:
            return [.refresh(screenID: id)]
        case .resize, .tick, .effectResult, .terminating:
            break
        }
        return []
    }

    /// Takes the recomputed report and keeps the panel showing.
    public mutating func refresh(from fresh: any Screen) {
        if let fresh = fresh as? ProgressScreen { report = fresh.report }
    }

    private mutating func handle(_ key: Key) -> [Effect] {
        if let text = dateInput {
            switch key {
            case .escape:
                dateInput = nil
            case .backspace:
                dateInput = String(text.dropLast())
            case .char(let c) where (c.isASCII && c.isNumber) || c == "-" || c == "/":
                if text.count < 10 { dateInput = text + String(c) }
            case .enter:
                if text.isEmpty {
                    dateInput = nil
                    message = "Exam date cleared."
                    report.examDate = nil
                    report.daysToExam = nil
                    return [.setExamDate(nil)]
                }
                guard let day = CalendarDay.userInput(text) else {
                    message = "\(text) is not a date written \(CalendarDay.inputFormats)."
                    return []
                }
                guard day >= report.today else {
                    message = "\(day) has passed; give a date from \(report.today) on."
                    return []
                }
                dateInput = nil
                report.examDate = day
                report.daysToExam = day.daysSinceEpoch - report.today.daysSinceEpoch
                message = "Exam date set to \(day); the prediction is redrawn for it when Progress reopens."
                return [.setExamDate(day)]
            default:
                break
            }
            return []
        }
        switch key {
        case .tab:
            panel = Panel(rawValue: (panel.rawValue + 1) % Panel.allCases.count)!
        case .backTab:
            panel = Panel(rawValue: (panel.rawValue + Panel.allCases.count - 1) % Panel.allCases.count)!
        case .char("e"):
            dateInput = report.examDate?.description ?? ""
            message = nil
        case .char("i"):
            return [.push(AboutExamScreen(track: report.track, currentTrackID: report.track.id))]
        case .char("a"):
            guard let n = suggestedLimit else { return [] }
            report.dailyNewLimit = n
            report.plan?.currentLimit = n
            message = "New items per day set to \(n)."
            return [.setDailyNewLimit(n)]
        default:
            break
        }
        return []
    }

    // MARK: drawing

    /// From this body width two panels show side by side, each at least 78 columns.
    static let sideBySideWidth = 156
    /// From this body height (a 40-row terminal) two panels show one above the other.
    static let stackedHeight = 34
    /// Rows the overview takes (as on an 80x24 screen).
    static let overviewHeight = 19

    /// Draws one panel filling `canvas`.
    private func render(_ p: Panel, into canvas: inout Canvas) {
        switch p {
        case .overview: renderOverview(into: &canvas, area: canvas.bounds)
        case .answers: renderAnswers(into: &canvas, area: canvas.bounds)
        case .plan: renderPlan(into: &canvas, area: canvas.bounds)
        }
    }

    public func render(into canvas: inout Canvas) {
        let theme = canvas.theme
        // Panel tabs on the first row: the current one in brackets (and reverse video).
        var x = 2
        for p in Panel.allCases {
            let label = p == panel ? "[\(p.name)]" : " \(p.name) "
            x = canvas.write(label, x: x, y: 0, style: p == panel ? theme.selection : theme.muted) + 1
        }
        let body = Rect(x: 0, y: 1, width: canvas.width, height: canvas.height - 1)
        let second: Panel = panel == .plan ? .plan : .answers
        if canvas.width >= Self.sideBySideWidth {
            // Wide terminal: the overview on the left and, beside it, the answers (or the plan
            // when that tab is chosen), each at least as wide as on an 80-column screen.
            let leftWidth = canvas.width / 2
            var left = Canvas(size: Size(width: leftWidth, height: body.height), theme: theme)
            renderOverview(into: &left, area: left.bounds)
            canvas.draw(left, x: 0, y: body.y)
            var right = Canvas(size: Size(width: canvas.width - leftWidth - 1, height: body.height), theme: theme)
            render(second, into: &right)
            for y in body.y..<body.maxY { canvas.write("│", x: leftWidth, y: y, style: theme.frame) }
            canvas.draw(right, x: leftWidth + 1, y: body.y)
        } else if body.height >= Self.stackedHeight {
            // Tall terminal: the overview at its usual height, the answers (or plan) below it.
            var top = Canvas(size: Size(width: canvas.width, height: Self.overviewHeight), theme: theme)
            renderOverview(into: &top, area: top.bounds)
            canvas.draw(top, x: 0, y: body.y)
            let dividerY = body.y + Self.overviewHeight
            canvas.write(String(repeating: "─", count: max(0, canvas.width - 4)), x: 2, y: dividerY, style: theme.frame)
            var bottom = Canvas(size: Size(width: canvas.width, height: body.maxY - dividerY - 1), theme: theme)
            render(second, into: &bottom)
            canvas.draw(bottom, x: 0, y: dividerY + 1)
        } else {
            switch panel {
            case .overview: renderOverview(into: &canvas, area: body)
            case .answers: renderAnswers(into: &canvas, area: body)
            case .plan: renderPlan(into: &canvas, area: body)
            }
        }
        if let input = dateInput {
            let y = canvas.height - 1
            canvas.fill(Rect(x: 0, y: y, width: canvas.width, height: 1))
            let end = canvas.write("  Exam date (YYYY-MM-DD, empty for none): ", x: 0, y: y, style: theme.heading)
            canvas.write(input + "▏", x: end, y: y, style: theme.accent)
            if let message, y > 0 {
                canvas.fill(Rect(x: 0, y: y - 1, width: canvas.width, height: 1))
                canvas.write("  " + message, x: 0, y: y - 1, style: theme.warning, clip: Rect(x: 0, y: y - 1, width: canvas.width, height: 1))
            }
        } else if let message {
            let y = canvas.height - 1
            canvas.fill(Rect(x: 0, y: y, width: canvas.width, height: 1))
            canvas.write("  " + message, x: 0, y: y, style: theme.accent, clip: Rect(x: 0, y: y, width: canvas.width, height: 1))
        }
    }

    private func renderOverview(into canvas: inout Canvas, area: Rect) {
        let theme = canvas.theme
        let r = report
        var y = area.y
        canvas.write("  " + r.headline, x: 0, y: y, style: theme.heading, clip: area)
        y += 1
        // Rows needed below: domain header + domains + heading + 7 heat rows + streak line.
        let needed = 1 + r.domains.count + 1 + 7 + 1
        var spare = area.maxY - y - needed
        if spare > 0 { y += 1; spare -= 1 }
        let nameWidth = min(28, max(12, area.width - 44))
        canvas.write("  " + TextLayout.pad("Domain", width: nameWidth) + " wt   predicted on exam day", x: 0, y: y, style: theme.muted, clip: area)
        y += 1
        for d in r.domains {
            var cx = canvas.write("  " + TextLayout.pad(d.name, width: nameWidth), x: 0, y: y, style: theme.text, clip: area)
            cx = canvas.write(TextLayout.pad("\(d.weight)", width: 3, alignment: .right), x: cx, y: y, style: theme.accent, clip: area) + 3
            let barWidth = 20
            ProgressBar(fraction: d.predicted, showsPercent: false).render(into: &canvas, area: Rect(x: cx, y: y, width: barWidth, height: 1))
            cx += barWidth + 1
            cx = canvas.write(TextLayout.pad(ProgressReport.percent(d.predicted), width: 4, alignment: .right), x: cx, y: y, style: theme.text, clip: area)
            if d.isBestToStudy {
                canvas.write("  ← +\(ProgressReport.oneDecimal(d.pointsPerHour)) pts/h", x: cx, y: y, style: theme.warning, clip: area)
            }
            y += 1
        }
        if spare > 0 { y += 1 }
        let right = 35
        canvas.write("  Reviews, last \(ProgressReport.heatmapWeeks) weeks", x: 0, y: y, style: theme.muted, clip: area)
        canvas.write("Due, next \(ProgressReport.forecastDays) days", x: right, y: y, style: theme.muted, clip: area)
        y += 1
        let heatHeight = min(7, area.maxY - y - 1)
        guard heatHeight > 0 else { return }
        CalendarHeatmap(days: r.heatmap).render(into: &canvas, area: Rect(x: 2, y: y, width: 2 + ProgressReport.heatmapWeeks, height: heatHeight))
        let chartHeight = max(1, heatHeight - 1)
        ProgressScreen.columns(r.forecast.map(Double.init), into: &canvas,
                               area: Rect(x: right, y: y, width: min(ProgressReport.forecastDays, area.maxX - right), height: chartHeight))
        canvas.write("\(r.dueToday) today · about \(Int(saturating: r.expectedDailyLoad.rounded())) a day", x: right, y: y + chartHeight, style: theme.text, clip: area)
        y += heatHeight
        guard y < area.maxY else { return }
        canvas.write("  streak \(r.currentStreak) · best \(r.longestStreak)", x: 0, y: y, style: theme.text, clip: area)
        let mocks = r.mocks.isEmpty ? "Mocks: none yet"
            : "Mocks " + r.mocks.suffix(4).map { "\($0.scaledEstimate)" }.joined(separator: " · ") + " (\(r.readiness.passScore) to pass)"
        canvas.write(mocks, x: right, y: y, style: theme.text, clip: area)
    }

    private func renderAnswers(into canvas: inout Canvas, area: Rect) {
        let theme = canvas.theme
        let r = report
        var y = area.y + 1
        let nameWidth = min(28, max(12, area.width - 48))
        canvas.write("  " + TextLayout.pad("Accuracy by domain", width: nameWidth) + " last 7 days        last 30 days", x: 0, y: y, style: theme.muted, clip: area)
        y += 1
        for (i, d) in r.track.domains.enumerated() where y < area.maxY - 6 {
            var cx = canvas.write("  " + TextLayout.pad(d.name, width: nameWidth), x: 0, y: y, style: theme.text, clip: area) + 1
            for w in [r.last7, r.last30] {
                let line = w.domains[i]
                let fraction = line.reviews == 0 ? 0 : Double(line.correct) / Double(line.reviews)
                ProgressBar(fraction: fraction, showsPercent: false).render(into: &canvas, area: Rect(x: cx, y: y, width: 10, height: 1))
                let text = line.reviews == 0 ? "   -" : TextLayout.pad(ProgressReport.percent(fraction), width: 4, alignment: .right)
                canvas.write(text, x: cx + 11, y: y, style: theme.text, clip: area)
                cx += 19
            }
            y += 1
        }
        y += 1
        for w in [r.last7, r.last30] where y < area.maxY {
            let acc = w.accuracy.map(ProgressReport.percent) ?? "-"
            let secs = w.averageSeconds.map { "\(ProgressReport.oneDecimal($0)) s" } ?? "-"
            canvas.write("  Last \(w.days) days: \(w.reviews) answers · \(acc) right · \(secs) per answer", x: 0, y: y, style: theme.text, clip: area)
            y += 1
        }
        y += 1
        guard y < area.maxY else { return }
        let target = ProgressReport.percent(r.desiredRetention)
        if let retention = r.trueRetention {
            let verdict = retention + 0.02 < r.desiredRetention ? "below" : retention > r.desiredRetention + 0.02 ? "above" : "on"
            canvas.write("  True retention \(ProgressReport.percent(retention)) (\(r.matureReviews30) mature reviews, 30 days) · target \(target) · \(verdict) target",
                         x: 0, y: y, style: theme.text, clip: area)
        } else {
            canvas.write("  True retention: no mature reviews in the last 30 days yet · target \(target)", x: 0, y: y, style: theme.muted, clip: area)
        }
        y += 1
        if y < area.maxY {
            canvas.write("  Mature: items with an interval of 21 days or more; passed: not rated Again.", x: 0, y: y, style: theme.muted, clip: area)
        }
    }

    private func renderPlan(into canvas: inout Canvas, area: Rect) {
        let theme = canvas.theme
        let r = report
        var y = area.y + 1
        if let examPlan = r.examPlan {
            y += ExamPlanChart.render(examPlan, into: &canvas, area: Rect(x: 0, y: y, width: area.width, height: area.maxY - y)) + 1
        }
        canvas.write("  Mock exams, scaled score estimate (\(r.readiness.passScore) to pass)", x: 0, y: y, style: theme.muted, clip: area)
        y += 1
        let chartHeight = r.examPlan == nil ? 9 : 5
        if r.mocks.isEmpty {
            canvas.write("  No mock exams yet: take one from the home screen (m).", x: 0, y: y, style: theme.text, clip: area)
            y += 2
        } else {
            let scale = r.track.scale
            // The score axis runs from a round value under the lowest mock (at most the minimum) to the maximum.
            let low = max(scale.min, min(scale.pass - 50, ((r.mocks.map(\.scaledEstimate).min() ?? scale.min) - 10) / 50 * 50))
            // The pass line has a row of its own: scores below it are drawn under it, scores
            // at or above it over it (each side scaled linearly), so a point never sits on the line.
            let lineLevel = 3
            func rowOf(_ v: Int) -> Int {
                if v == Int.min { return chartHeight - 1 - lineLevel }
                let level: Int
                if v >= scale.pass {
                    let f = Double(v - scale.pass) / Double(max(1, scale.max - scale.pass))
                    level = lineLevel + 1 + Int(saturating: (f * Double(chartHeight - lineLevel - 2)).rounded())
                } else {
                    let f = Double(max(0, v - low)) / Double(max(1, scale.pass - low))
                    level = min(lineLevel - 1, Int(saturating: (f * Double(lineLevel - 1)).rounded()))
                }
                return chartHeight - 1 - level
            }
            let step = min(4, max(2, (area.width - 12) / max(1, r.mocks.count)))
            let shown = Array(r.mocks.suffix(max(1, (area.width - 12) / step)))
            let lineRow = rowOf(Int.min)
            for row in 0..<chartHeight {
                let label = row == lineRow ? "\(scale.pass) ┤" : row == 0 ? "\(scale.max) ┤" : row == chartHeight - 1 ? "\(low) ┤" : "    │"
                canvas.write("  " + label, x: 0, y: y + row, style: row == lineRow ? theme.heading : theme.muted, clip: area)
                if row == lineRow {
                    canvas.write(String(repeating: "┄", count: shown.count * step), x: 8, y: y + row, style: theme.muted, clip: area)
                }
                for (i, m) in shown.enumerated() where rowOf(m.scaledEstimate) == row {
                    canvas.write(m.scaledEstimate >= scale.pass ? "●" : "○", x: 8 + i * step + step / 2, y: y + row, style: theme.text, clip: area)
                }
            }
            y += chartHeight
            let last = r.mocks.last!
            canvas.write("  ● at or above \(scale.pass), ○ below · \(r.mocks.count) mock\(r.mocks.count == 1 ? "" : "s") · last \(last.scaledEstimate) (\(ProgressReport.percent(last.percent)))",
                         x: 0, y: y, style: theme.text, clip: area)
            y += 1
            canvas.write("  Latest, oldest first: " + r.mocks.suffix(6).map { "\($0.scaledEstimate)" }.joined(separator: " · "),
                         x: 0, y: y, style: theme.muted, clip: area)
            y += 2
        }
        guard y < area.maxY else { return }
        canvas.write("  Study plan", x: 0, y: y, style: theme.heading, clip: area)
        y += 1
        let text = r.planText ?? "Set an exam date (e) to see how many new items a day reach the whole bank a week before it."
        for line in TextLayout.wrap(text, width: max(10, area.width - 4)) where y < area.maxY {
            canvas.write("  " + line, x: 0, y: y, style: theme.text, clip: area)
            y += 1
        }
        if y < area.maxY {
            canvas.write("  New items per day now: \(r.dailyNewLimit)" + (suggestedLimit.map { " · press a to set \($0)" } ?? ""),
                         x: 0, y: y, style: theme.muted, clip: area)
        }
    }

    /// Vertical bars, one column per value, bottom-aligned, in eighth blocks; zero is blank.
    static func columns(_ values: [Double], into canvas: inout Canvas, area: Rect) {
        guard area.width > 0, area.height > 0 else { return }
        let shown = values.prefix(area.width)
        let top = shown.max() ?? 0
        guard top > 0 else { return }
        for (i, v) in shown.enumerated() where v > 0 {
            let eighths = max(1, Int(saturating: (v / top * Double(area.height * 8)).rounded()))
            for row in 0..<area.height {
                let fromBottom = area.height - 1 - row
                let fill = min(8, max(0, eighths - fromBottom * 8))
                guard fill > 0 else { continue }
                canvas.write(String(Sparkline.levels[fill - 1]), x: area.x + i, y: area.y + row, style: canvas.theme.barFilled)
            }
        }
    }
}

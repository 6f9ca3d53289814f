import StudyCore

/// The profile's settings: track (through "CPT or CCMA?"), exam date, daily new limit,
/// desired retention (a percent) with an estimate of daily reviews, learning and relearning
/// steps, day start hour, theme (applied at once), sound, leech threshold and whether drills
/// use up the new limit. Enter edits the highlighted row (toggles the switches, cycles the
/// theme); `s` saves; Esc with unsaved changes asks first.
public struct SettingsScreen: Screen {
    public let id = "settings"
    public let trackName: String
    public let today: CalendarDay
    /// Items in the track, for the daily-review estimate.
    public let itemCount: Int
    public private(set) var settings: ProfileSettings
    public private(set) var list = ListState()
    /// The text being typed into the highlighted row, when editing.
    public private(set) var editing: String?
    public private(set) var problem: String?
    public private(set) var changed = false

    /// The rows, in screen order.
    enum Row: Int, CaseIterable {
        case exam, examDate, newLimit, retention, learningSteps, relearningSteps, dayStart, theme, sound, leech, drillNew,
             examPlanning, dailyBudget

        var label: String {
            switch self {
            case .exam: return "Exam"
            case .examDate: return "Exam date"
            case .newLimit: return "New items a day"
            case .retention: return "Desired retention"
            case .learningSteps: return "Learning steps"
            case .relearningSteps: return "Relearning steps"
            case .dayStart: return "Day starts at"
            case .theme: return "Theme"
            case .sound: return "Sound on wrong answer"
            case .leech: return "Leech after lapses"
            case .drillNew: return "Drill new items count"
            case .examPlanning: return "Exam-day planning"
            case .dailyBudget: return "Daily budget"
            }
        }
    }
    static var rows: [String] { Row.allCases.map(\.label) }

    /// The settings as they were when the screen opened (Esc with changes asks, then restores).
    public let original: ProfileSettings
    /// "Leave without saving?", while it is asked.
    var confirmLeave: ConfirmDialog?

    public init(settings: ProfileSettings, trackName: String, today: CalendarDay, itemCount: Int) {
        self.settings = settings
        self.original = settings
        self.trackName = trackName
        self.today = today
        self.itemCount = itemCount
    }

    public var title: String { "Settings" }
    public var status: String { changed ? "unsaved changes" : "" }

    public var keyBindings: [KeyBinding] {
        if confirmLeave != nil { return ConfirmDialog.keyBindings }
        if editing != nil {
            return [KeyBinding(.enter, "done"), KeyBinding(.escape, "cancel", label: "Esc"),
                    KeyBinding(.backspace, "delete", label: "Backspace", inFooter: false),
                    KeyBinding([.char("q"), .char("?"), .char("s"), .char("t")], "typed like any letter", label: "q ? s t", inFooter: false)]
        }
        return [KeyBinding([.up, .down], "move", label: "↑/↓"),
                KeyBinding([.enter, .char(" ")], "change", label: "Enter"),
                KeyBinding(.char("t"), "change exam", help: "change the exam (CPT or CCMA?); progress on shared items carries over"),
                KeyBinding(.char("s"), "save"),
                KeyBinding([.escape, .char("q")], "back", label: "Esc", help: "back (asks first when there are unsaved changes)")]
    }

    /// The value shown for each row.
    public func value(_ row: Int) -> String {
        switch Row(rawValue: row) ?? .leech {
        case .exam: return trackName
        case .examDate: return settings.examDate.map { "\($0)" } ?? "not set"
        case .newLimit: return "\(settings.dailyNewLimit)"
        case .retention:
            let pct = Int(saturating: (settings.desiredRetention * 100).rounded())
            return "\(pct)% · about \(Self.estimatedDailyReviews(items: itemCount, retention: settings.desiredRetention)) reviews/day once all are learned"
        case .learningSteps: return settings.learningSteps.map { IntervalLabel.short(seconds: Double($0)) }.joined(separator: " ")
        case .relearningSteps: return settings.relearningSteps.map { IntervalLabel.short(seconds: Double($0)) }.joined(separator: " ")
        case .dayStart: return "\(settings.dayStartHour):00"
        case .theme: return settings.theme
        case .sound: return settings.sound ? "on" : "off"
        case .leech: return "\(settings.leechThreshold)"
        case .drillNew: return settings.drillNewCountsTowardLimit ? "yes: drills use up the daily new limit" : "no: drills never use up the daily new limit"
        case .examPlanning: return ExamPlanningSettings.value(0, settings)
        case .dailyBudget: return ExamPlanningSettings.value(1, settings)
        }
    }

    /// What a row accepts, shown while it is edited (never cut off: it wraps).
    func hint(_ row: Row) -> String {
        switch row {
        case .examDate: return "\(CalendarDay.inputFormats), today or later; empty for none"
        case .newLimit: return "0 to 9999"
        case .retention: return "70 to 99 (percent; 0.70 to 0.99 also works)"
        case .learningSteps, .relearningSteps: return "durations like 1m 10m 1h"
        case .dayStart: return "an hour from 0 to 23"
        case .leech: return "1 to 99"
        case .dailyBudget: return "reviews a day from 1 to 9999, or minutes like 45m (1 to 1440)"
        default: return ""
        }
    }

    /// A rough steady-state review load: each item comes back about once per interval, and
    /// under FSRS the interval at retention R is about S·(R^(-1/0.5)-1)/(0.9^(-2)-1) for a
    /// typical stability S of 30 days.
    public static func estimatedDailyReviews(items: Int, retention: Double) -> Int {
        let factor = (1 / (retention * retention) - 1) / (1 / 0.81 - 1)
        let interval = max(1, 30 * factor)
        return Int(saturating: (Double(items) / interval).rounded())
    }

    public mutating func update(_ event: Event) -> [Effect] {
        guard case .key(let key) = event else { return [] }
        if var dialog = confirmLeave {
            guard let outcome = dialog.handle(key) else { confirmLeave = dialog; return [] }
            confirmLeave = nil
            // Leaving without saving: the theme tried here goes back too.
            return outcome == .confirmed ? [.applyTheme(original.theme), .pop] : []
        }
        if var text = editing {
            switch key {
            case .escape: editing = nil; problem = nil
            case .backspace: if !text.isEmpty { text.removeLast() }; editing = text
            case .enter: commit(text)
            case .char(let c): if text.count < 40 { text.append(c) }; editing = text
            default: break
            }
            return []
        }
        if key == .char("t") || (list.selected == Row.exam.rawValue && (key == .enter || key == .char(" "))) {
            return [.study(.changeTrack)]
        }
        switch key {
        case .escape, .char("q"):
            if changed {
                confirmLeave = ConfirmDialog(title: "Unsaved changes", message: "Leave Settings without saving your changes?",
                                             confirmLabel: "Leave", cancelLabel: "Stay")
                return []
            }
            return [.pop]
        case .char("s"):
            return [.updateSettings(settings)]
        case .enter, .char(" "):
            switch Row(rawValue: list.selected) {
            case .theme?:
                // Cycle the themes and show the new one at once (Esc without saving restores).
                let names = Theme.settingNames
                let next = names[((names.firstIndex(of: settings.theme) ?? 0) + 1) % names.count]
                settings.theme = next
                changed = true
                return [.applyTheme(next)]
            case .sound?: settings.sound.toggle(); changed = true
            case .drillNew?: settings.drillNewCountsTowardLimit.toggle(); changed = true
            case .examPlanning?: settings.examPlanning.toggle(); changed = true
            default: editing = editText(list.selected)
            }
        default:
            _ = list.handle(key, count: Row.allCases.count, visible: Row.allCases.count)
        }
        return []
    }

    private func editText(_ row: Int) -> String {
        switch Row(rawValue: row) {
        case .examDate?: return settings.examDate.map { "\($0)" } ?? ""
        case .retention?: return "\(Int(saturating: (settings.desiredRetention * 100).rounded()))"
        case .dayStart?: return "\(settings.dayStartHour)"
        case .learningSteps?, .relearningSteps?: return value(row)
        case .dailyBudget?: return ExamPlanningSettings.budgetText(settings)
        default: return value(row)
        }
    }

    private mutating func commit(_ text: String) {
        var s = settings
        let t = text.trimmingWhitespace()
        switch Row(rawValue: list.selected) {
        case .examDate?:
            if t.isEmpty { s.examDate = nil }
            else if let d = CalendarDay.userInput(t), d >= today { s.examDate = d }
            else { problem = "Exam date: \(CalendarDay.inputFormats), today (\(today)) or later"; return }
        case .newLimit?:
            guard let n = Int(t), (0...9999).contains(n) else { problem = "New items a day: 0 to 9999"; return }
            s.dailyNewLimit = n
        case .retention?:
            // Typed as shown (a percent), or as the docs' fraction.
            let typed = Double(t.hasSuffix("%") ? String(t.dropLast()) : t)
            guard let v = typed.map({ $0 < 1 ? $0 * 100 : $0 }), (70...99).contains(v) else {
                problem = "Desired retention: 70 to 99 (percent), or 0.70 to 0.99"; return
            }
            s.desiredRetention = (v).rounded() / 100
        case .learningSteps?, .relearningSteps?:
            let which = list.selected == Row.learningSteps.rawValue ? "Learning steps" : "Relearning steps"
            guard let steps = try? SchedulerConfiguration.parseSteps(t), !steps.isEmpty else {
                problem = "\(which): durations like 1m 10m"; return
            }
            if list.selected == Row.learningSteps.rawValue { s.learningSteps = steps.map { Int(saturating: $0.rounded()) } }
            else { s.relearningSteps = steps.map { Int(saturating: $0.rounded()) } }
        case .dayStart?:
            guard let h = Int(t), (0...23).contains(h) else { problem = "Day starts at: an hour from 0 to 23"; return }
            s.dayStartHour = h
        case .leech?:
            guard let n = Int(t), (1...99).contains(n) else { problem = "Leech after lapses: 1 to 99"; return }
            s.leechThreshold = n
        case .dailyBudget?:
            if let message = ExamPlanningSettings.setBudget(t, in: &s) { problem = message; return }
        default: break
        }
        settings = s
        editing = nil
        problem = nil
        changed = true
    }

    public func render(into canvas: inout Canvas) {
        let theme = canvas.theme
        let rows = Row.allCases
        // Rows two lines apart when they fit, one apart otherwise; the bottom lines are for
        // the hint or problem of the row being edited, which wrap and are never cut off.
        let spacing = canvas.height >= rows.count * 2 + 4 ? 2 : 1
        let valueX = 28
        for row in rows {
            let i = row.rawValue
            let y = 1 + i * spacing
            let sel = i == list.selected
            canvas.write((sel ? "▸ " : "  ") + row.label, x: 2, y: y, style: sel ? theme.selection : theme.text)
            let shown = sel && editing != nil ? "[ " + editing! + "▏ ]" : value(i)
            canvas.write(TextLayout.truncate(shown, width: canvas.width - valueX - 1), x: valueX, y: y, style: sel ? theme.heading : theme.text)
        }
        var bottom: [(String, Style)] = []
        if let problem { bottom.append((problem, theme.warning)) }
        else if editing != nil, let row = Row(rawValue: list.selected), !hint(row).isEmpty { bottom.append(("\(row.label): " + hint(row), theme.muted)) }
        else if changed { bottom.append(("s saves the changes; Esc asks before leaving without saving", theme.muted)) }
        let lines = bottom.flatMap { text, style in TextLayout.wrap(text, width: canvas.width - 4).map { ($0, style) } }
        for (i, l) in lines.enumerated() { canvas.write(l.0, x: 2, y: canvas.height - lines.count + i, style: l.1) }
        if let confirmLeave { confirmLeave.render(into: &canvas, area: canvas.bounds) }
    }
}

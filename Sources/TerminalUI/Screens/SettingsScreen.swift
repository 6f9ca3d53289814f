import StudyCore

/// The profile's settings: track (through "CPT or CCMA?"), exam date, daily new limit,
/// desired retention with an estimate of daily reviews, learning steps, day start hour,
/// theme and sound. Enter edits the highlighted row (Space toggles sound); `s` saves.
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

    static let rows = ["Exam", "Exam date", "New items a day", "Desired retention", "Learning steps",
                       "Day starts at", "Theme", "Sound on wrong answer", "Leech after lapses",
                       "Exam-day planning", "Daily budget"]

    public init(settings: ProfileSettings, trackName: String, today: CalendarDay, itemCount: Int) {
        self.settings = settings
        self.trackName = trackName
        self.today = today
        self.itemCount = itemCount
    }

    public var title: String { "Settings" }
    public var status: String { changed ? "unsaved changes" : "" }

    public var keyBindings: [KeyBinding] {
        if editing != nil {
            return [KeyBinding(.enter, "done"), KeyBinding(.escape, "cancel", label: "Esc"),
                    KeyBinding(.backspace, "delete", label: "Backspace", inFooter: false),
                    KeyBinding([.char("q"), .char("?"), .char("s"), .char("t")], "typed like any letter", label: "q ? s t", inFooter: false)]
        }
        return [KeyBinding([.up, .down], "move", label: "↑/↓"),
                KeyBinding([.enter, .char(" ")], "change", label: "Enter"),
                KeyBinding(.char("t"), "change exam", help: "change the exam (CPT or CCMA?); progress on shared items carries over"),
                KeyBinding(.char("s"), "save")]
    }

    /// The value shown for each row.
    public func value(_ row: Int) -> String {
        switch row {
        case 0: return trackName
        case 1: return settings.examDate.map { "\($0)" } ?? "not set"
        case 2: return "\(settings.dailyNewLimit)"
        case 3:
            let pct = Int((settings.desiredRetention * 100).rounded())
            return "\(pct)% · about \(Self.estimatedDailyReviews(items: itemCount, retention: settings.desiredRetention)) reviews a day when all are learned"
        case 4: return settings.learningSteps.map { IntervalLabel.short(seconds: Double($0)) }.joined(separator: " ")
        case 5: return "\(settings.dayStartHour):00"
        case 6: return settings.theme == "monochrome" ? "monochrome (no colour; from the next start)" : settings.theme
        case 7: return settings.sound ? "on" : "off"
        case 9, 10: return ExamPlanningSettings.value(row - 9, settings)
        default: return "\(settings.leechThreshold)"
        }
    }

    /// A rough steady-state review load: each item comes back about once per interval, and
    /// under FSRS the interval at retention R is about S·(R^(-1/0.5)-1)/(0.9^(-2)-1) for a
    /// typical stability S of 30 days.
    public static func estimatedDailyReviews(items: Int, retention: Double) -> Int {
        let factor = (1 / (retention * retention) - 1) / (1 / 0.81 - 1)
        let interval = max(1, 30 * factor)
        return Int((Double(items) / interval).rounded())
    }

    public mutating func update(_ event: Event) -> [Effect] {
        guard case .key(let key) = event else { return [] }
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
        if key == .char("t") || (list.selected == 0 && (key == .enter || key == .char(" "))) {
            return [.study(.changeTrack)]
        }
        switch key {
        case .char("s"):
            return [.updateSettings(settings)]
        case .enter, .char(" "):
            switch list.selected {
            case 6: settings.theme = settings.theme == "default" ? "monochrome" : "default"; changed = true
            case 7: settings.sound.toggle(); changed = true
            case 9: settings.examPlanning.toggle(); changed = true
            default: editing = editText(list.selected)
            }
        default:
            _ = list.handle(key, count: Self.rows.count, visible: Self.rows.count)
        }
        return []
    }

    private func editText(_ row: Int) -> String {
        switch row {
        case 1: return settings.examDate.map { "\($0)" } ?? ""
        case 3: return "\(Int((settings.desiredRetention * 100).rounded()))"
        case 4: return settings.learningSteps.map { IntervalLabel.short(seconds: Double($0)) }.joined(separator: " ")
        case 5: return "\(settings.dayStartHour)"
        case 10: return ExamPlanningSettings.budgetText(settings)
        default: return value(row)
        }
    }

    private mutating func commit(_ text: String) {
        var s = settings
        let t = text.trimmingWhitespace()
        switch list.selected {
        case 1:
            if t.isEmpty { s.examDate = nil }
            else if let d = CalendarDay(t), d >= today { s.examDate = d }
            else { problem = "Exam date: YYYY-MM-DD, today (\(today)) or later"; return }
        case 2:
            guard let n = Int(t), (0...9999).contains(n) else { problem = "New items a day: 0 to 9999"; return }
            s.dailyNewLimit = n
        case 3:
            guard let n = Double(t), (70...99).contains(n) else { problem = "Desired retention: 70 to 99 (percent)"; return }
            s.desiredRetention = n / 100
        case 4:
            guard let steps = try? SchedulerConfiguration.parseSteps(t), !steps.isEmpty else {
                problem = "Learning steps: durations like 1m 10m"; return
            }
            s.learningSteps = steps.map { Int($0.rounded()) }
        case 5:
            guard let h = Int(t), (0...23).contains(h) else { problem = "Day starts at: an hour from 0 to 23"; return }
            s.dayStartHour = h
        case 8:
            guard let n = Int(t), (1...99).contains(n) else { problem = "Leech after lapses: 1 to 99"; return }
            s.leechThreshold = n
        case 10:
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
        // A blank line between rows when they fit above the message line, otherwise none.
        let gap = Self.rows.count * 2 <= canvas.height - 2 ? 2 : 1
        for (i, label) in Self.rows.enumerated() {
            let y = 1 + i * gap
            let sel = i == list.selected
            canvas.write((sel ? "▸ " : "  ") + label, x: 2, y: y, style: sel ? theme.selection : theme.text)
            let shown = sel && editing != nil ? "[ " + editing! + "▏ ]" : value(i)
            canvas.write(TextLayout.truncate(shown, width: canvas.width - 30), x: 28, y: y, style: sel ? theme.heading : theme.text)
        }
        if let problem { canvas.write(problem, x: 2, y: canvas.height - 1, style: theme.warning) }
        else if changed { canvas.write("s saves the changes; Esc leaves without saving", x: 2, y: canvas.height - 1, style: theme.muted) }
    }
}

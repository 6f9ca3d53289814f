import StudyCore

/// First run (and "new profile"), after the exam was chosen on "CPT or CCMA?": the name,
/// the exam date (optional, YYYY-MM-DD or MM/DD/YYYY, today's calendar date or later) and the
/// daily new-item limit. `today` is the calendar date, even before the study day's start hour.
/// Enter on the last field (or Tab past it) creates the profile.
public struct SetupScreen: Screen {
    public let id = "setup"
    public let track: Track
    public let today: CalendarDay
    /// The names already taken, compared without case.
    public let existing: [String]
    public private(set) var fields: [String] = ["", "", "20"]
    public private(set) var focus = 0
    public private(set) var problem: String?

    static let labels = ["Your name", "Exam date", "New items a day"]
    static let hints = ["up to 32 letters, digits, '-', '_' or '.'", "YYYY-MM-DD or MM/DD/YYYY, optional: Enter to skip", "0 to 9999 (default 20)"]

    public init(track: Track, today: CalendarDay, existing: [String] = []) {
        self.track = track
        self.today = today
        self.existing = existing
    }

    public var title: String { "New profile · \(track.shortName)" }
    public var status: String { "step \(focus + 1) of 3" }

    public var keyBindings: [KeyBinding] {
        [
            KeyBinding([.enter, .tab], "next", label: "Enter", help: "next field; on the last, create the profile"),
            KeyBinding([.up, .backTab], "previous field", label: "↑", inFooter: false, help: "previous field (from the first: the last)"),
            KeyBinding(.backspace, "delete", label: "Backspace", inFooter: false),
            KeyBinding(.escape, "back", label: "Esc"),
            KeyBinding(.char("q"), "typed like any letter", label: "q", inFooter: false),
        ]
    }

    public mutating func update(_ event: Event) -> [Effect] {
        guard case .key(let key) = event else { return [] }
        switch key {
        case .escape:
            return [.pop]
        case .backspace:
            if !fields[focus].isEmpty { fields[focus].removeLast() }
        case .up, .backTab:
            focus = (focus + 2) % 3
        case .enter, .tab:
            if let p = check(focus) { problem = p; return [] }
            problem = nil
            if focus < 2 { focus += 1; return [] }
            for i in 0..<3 { if let p = check(i) { problem = p; focus = i; return [] } }
            var settings = ProfileSettings(track: track.id)
            settings.examDate = CalendarDay.userInput(fields[1])
            settings.dailyNewLimit = Int(fields[2]) ?? 20
            return [.createProfile(name: fields[0], settings: settings)]
        case .char(let c):
            if fields[focus].count < 40 && !c.isNewline { fields[focus].append(c) }
        default:
            break
        }
        return []
    }

    /// What is wrong with field `i`, or nil.
    func check(_ i: Int) -> String? {
        let text = fields[i]
        switch i {
        case 0:
            if let p = ProfileName.problem(with: text) { return "Name: \(p)" }
            if existing.contains(where: { $0.lowercased() == text.lowercased() }) { return "Name: a profile named \(text) already exists" }
        case 1:
            if text.isEmpty { return nil }
            guard let day = CalendarDay.userInput(text) else {
                return "Exam date: write it as \(CalendarDay.inputFormats), e.g. \(today.adding(days: 30))"
            }
            if day < today { return "Exam date: \(day) has passed; choose today (\(today)) or later" }
        default:
            guard let n = Int(text), (0...9999).contains(n) else { return "New items a day: a number from 0 to 9999" }
        }
        return nil
    }

    public func render(into canvas: inout Canvas) {
        let theme = canvas.theme
        canvas.write("Studying for the \(track.name) (\(track.shortName)).", x: 2, y: 1, style: theme.text)
        for i in 0..<3 {
            let y = 3 + i * 3
            canvas.write(Self.labels[i], x: 2, y: y, style: i == focus ? theme.heading : theme.text)
            let value = fields[i] + (i == focus ? "▏" : "")
            canvas.write("[ " + TextLayout.pad(value, width: 30) + " ]", x: 20, y: y, style: i == focus ? theme.selection : theme.text)
            canvas.write(Self.hints[i], x: 20, y: y + 1, style: theme.muted)
        }
        // A problem is wrapped, never cut off.
        let problemLines = problem.map { TextLayout.wrap($0, width: canvas.width - 4) } ?? []
        for (i, l) in problemLines.prefix(2).enumerated() { canvas.write(l, x: 2, y: 12 + i, style: theme.warning) }
        canvas.write("You can change the exam, the date and the limit later in Settings.", x: 2, y: 15, style: theme.muted)
    }
}

/// The profiles on this machine, to open one or start a new one.
public struct ProfilePickerScreen: Screen {
    public let id = "profiles"
    public let names: [String]
    public private(set) var list = ListState()

    public init(names: [String], current: String? = nil) {
        self.names = names
        list.selected = max(0, names.firstIndex { $0 == current } ?? 0)
    }

    public var title: String { "Who is studying?" }

    public var keyBindings: [KeyBinding] {
        [KeyBinding([.up, .down], "move", label: "↑/↓"), KeyBinding(.enter, "open"), KeyBinding(.char("n"), "new profile")]
    }

    public mutating func update(_ event: Event) -> [Effect] {
        guard case .key(let key) = event else { return [] }
        switch key {
        case .enter: return names.indices.contains(list.selected) ? [.study(.openProfile(names[list.selected]))] : []
        case .char("n"): return [.study(.newProfile)]
        default: _ = list.handle(key, count: names.count, visible: 16)
        }
        return []
    }

    public func render(into canvas: inout Canvas) {
        for (i, name) in names.enumerated() where 2 + i < canvas.height {
            let sel = i == list.selected
            canvas.write((sel ? "▸ " : "  ") + name, x: 2, y: 1 + i, style: sel ? canvas.theme.selection : canvas.theme.text)
        }
    }
}

import StudyCore

/// The home screen: who is studying for which exam, what is due today, and the main
/// actions on single keys. Each action is a `.study(...)` request (or `.openMockExams`,
/// `.openProgress`) that the host answers with the screen. Each time it shows again (back
/// from browse, an exam, Progress...) it asks for its figures recomputed (`.refresh`).
public struct HomeScreen: Screen {
    public let id = "home"
    public private(set) var summary: HomeSummary
    public let track: Track?

    public init(summary: HomeSummary, track: Track?) {
        self.summary = summary
        self.track = track
    }

    public var title: String { "StatDeck" }

    public var status: String {
        var parts = [summary.profile, summary.trackName]
        if let d = summary.daysToExam {
            parts.append(d > 1 ? "exam in \(d) days" : d == 1 ? "exam tomorrow" : d == 0 ? "exam today" : "exam date passed")
        }
        return parts.joined(separator: " · ")
    }

    /// The actions, in menu order: key, label, binding help, what it does.
    private var actions: [(key: Character, label: String, effect: Effect)] {
        [
            ("s", "Study now (\(summary.due.total))", .study(.due(domain: nil))),
            ("d", "Drill by domain", .study(.domainPicker)),
            ("w", "Missed questions" + (summary.missed.map { " (\($0))" } ?? ""), .study(.drill(.missed))),
            ("f", "Flagged (\(summary.flagged))", .study(.drill(.flagged))),
            ("k", "Quick 10", .study(.drill(.quick10))),
            ("m", "Mock exam", .openMockExams),
            ("p", "Progress", .openProgress),
            ("b", "Browse", .study(.browse(query: ""))),
            (",", "Settings", .study(.settings)),
            ("u", "Switch user", .study(.profiles)),
        ] + (track.map { [("a", "About the exam", .push(AboutExamScreen(track: $0, currentTrackID: summary.trackID)))] } ?? [])
    }

    public var keyBindings: [KeyBinding] {
        var out = [
            KeyBinding(.char("s"), "study", help: "study now: the items due today"),
            KeyBinding(.char("d"), "drill", inFooter: false, help: "drill one domain (not-yet-due items too)"),
            KeyBinding(.char("w"), "missed", inFooter: false, help: "drill the questions missed in the last 30 days"),
            KeyBinding(.char("f"), "flagged", inFooter: false, help: "drill the flagged items"),
            KeyBinding(.char("k"), "quick 10", inFooter: false, help: "ten mixed items, weak domains more often"),
            KeyBinding(.char("m"), "mock", help: "mock exam"),
            KeyBinding(.char("p"), "progress"),
            KeyBinding(.char("b"), "browse", inFooter: false, help: "browse and search the items"),
            KeyBinding(.char(","), "settings", inFooter: false),
            KeyBinding(.char("u"), "switch user", inFooter: false),
        ]
        if track != nil { out.append(KeyBinding(.char("a"), "about the exam", inFooter: false, help: "about the exam: format, scoring, test plan, eligibility")) }
        if summary.questionOfTheDay != nil && !summary.questionAnswered {
            out.append(KeyBinding(.enter, "question of the day", inFooter: false, help: "answer the question of the day"))
        }
        return out
    }

    public mutating func update(_ event: Event) -> [Effect] {
        if case .resumed = event { return [.refresh(screenID: id)] }
        // The missed count is unknown until the host has read the review log (in the
        // background on a long history): ask for the figures again until it is there.
        if case .tick = event, summary.missed == nil { return [.refresh(screenID: id)] }
        guard case .key(let key) = event else { return [] }
        if key == .enter, summary.questionOfTheDay != nil, !summary.questionAnswered { return [.study(.drill(.questionOfTheDay))] }
        if case .char(let c) = key, let action = actions.first(where: { $0.key == c }) { return [action.effect] }
        return []
    }

    public func render(into canvas: inout Canvas) {
        let theme = canvas.theme
        let d = summary.due
        let newLeft = max(0, summary.newLimit)
        canvas.write("Today", x: 2, y: 1, style: theme.heading)
        canvas.write("Due   \(pad(d.learning + d.review))   learn \(d.learning) · review \(d.review)", x: 2, y: 2, style: theme.text)
        canvas.write("New   \(pad(d.new))   of \(newLeft) a day", x: 2, y: 3, style: theme.text)
        let pct = summary.doneToday == 0 ? "" : " · \(summary.correctToday * 100 / summary.doneToday)% right"
        canvas.write("Done  \(pad(summary.doneToday))   streak \(summary.streak) day\(summary.streak == 1 ? "" : "s")\(pct)",
                     x: 2, y: 4, style: theme.text)
        let acts = actions
        let perColumn = (acts.count + 1) / 2
        for (i, a) in acts.enumerated() {
            let col = i < perColumn ? 2 : 41
            let row = 6 + (i % perColumn)
            canvas.write("[\(a.key)]", x: col, y: row, style: theme.key)
            canvas.write(a.label, x: col + 4, y: row, style: theme.text)
        }
        if let q = summary.questionOfTheDay {
            let top = 7 + perColumn
            canvas.write(TextLayout.truncate("Question of the day · \(summary.questionArea ?? "")", width: canvas.width - 4), x: 2, y: top, style: theme.heading)
            let lines = TextLayout.wrap(q.stem, width: canvas.width - 6)
            for (i, l) in lines.prefix(3).enumerated() { canvas.write(l, x: 2, y: top + 1 + i, style: theme.text) }
            let hint = summary.questionAnswered ? "✓ answered today: a new one tomorrow" : "[Enter] answer it"
            canvas.write(hint, x: canvas.width - DisplayWidth.of(hint) - 2, y: top + 1 + min(3, lines.count),
                         style: summary.questionAnswered ? theme.good : theme.key)
        }
    }

    private func pad(_ n: Int) -> String { TextLayout.pad("\(n)", width: 4, alignment: .right) }
}

/// Drill by domain: the test plan's domains and subdomains, then the profile's personal
/// decks, one to choose, each area with its items, how many are due, how many are new and
/// its mastery; a note says that drills bring in new items and whether those count against
/// the daily new limit.
public struct DomainPickerScreen: Screen {
    public let id = "domain-picker"
    public let areas: [(id: String, name: String, indent: Bool)]
    /// Figures by area id (from the store); an area without them shows dashes.
    public let stats: [String: AreaStats]
    /// Whether new items a drill brings in count against the daily new limit (Settings).
    public let drillNewCounts: Bool
    /// Personal deck names, listed after the areas.
    public let decks: [String]
    public private(set) var list = ListState()
    private var visible = 16

    public init(track: Track?, stats: [String: AreaStats] = [:], drillNewCounts: Bool = false, personalDecks: [String] = []) {
        var out: [(String, String, Bool)] = []
        for d in track?.domains ?? [] {
            out.append((d.id, d.name, false))
            for s in d.subdomains { out.append((s.id, s.name, true)) }
        }
        for name in personalDecks { out.append(("", "My deck: " + name, false)) }
        areas = out
        self.stats = stats
        self.drillNewCounts = drillNewCounts
        decks = personalDecks
    }

    public var title: String { "Drill by domain" }

    public var keyBindings: [KeyBinding] {
        [KeyBinding([.up, .down], "move", label: "↑/↓"), KeyBinding(.enter, "drill this domain")]
    }

    public mutating func update(_ event: Event) -> [Effect] {
        switch event {
        case .resize(let size): visible = max(1, size.height - 5)
        case .resumed: return [.refresh(screenID: id)]
        case .key(.enter):
            let deckStart = areas.count - decks.count
            if list.selected >= deckStart, decks.indices.contains(list.selected - deckStart) {
                return [.study(.drill(.deck(decks[list.selected - deckStart])))]
            }
            if areas.indices.contains(list.selected) { return [.study(.drill(.domain(areas[list.selected].id)))] }
        case .key(let key): _ = list.handle(key, count: areas.count, visible: visible)
        default: break
        }
        return []
    }

    /// Keeps the selection when the figures are recomputed.
    public mutating func refresh(from fresh: any Screen) {
        guard let fresh = fresh as? DomainPickerScreen else { return }
        let keep = list
        self = fresh
        list = keep
    }

    public func render(into canvas: inout Canvas) {
        let theme = canvas.theme
        let columns = "items   due   new  mastery"
        let colWidth = DisplayWidth.of(columns)
        let nameWidth = max(10, canvas.width - colWidth - 8)
        canvas.write(TextLayout.pad("Area", width: nameWidth + 4) + columns, x: 2, y: 0, style: theme.muted)
        let rows = max(1, canvas.height - 5)
        for (row, i) in (list.offset..<min(areas.count, list.offset + rows)).enumerated() {
            let a = areas[i]
            let selected = i == list.selected
            let name = TextLayout.truncate((a.indent ? "  " : "") + a.name, width: nameWidth)
            var text = (selected ? "▸ " : "  ") + TextLayout.pad(name, width: nameWidth + 2)
            if let st = stats[a.id] {
                text += TextLayout.pad("\(st.items)", width: 5, alignment: .right) + TextLayout.pad("\(st.due)", width: 6, alignment: .right)
                    + TextLayout.pad("\(st.new)", width: 6, alignment: .right)
                    + TextLayout.pad("\(Int(saturating: (st.mastery * 100).rounded()))%", width: 9, alignment: .right)
            }
            canvas.write(text, x: 2, y: 1 + row, style: selected ? theme.selection : (a.indent ? theme.muted : theme.text))
        }
        let note = "Drills take up to 20 items, weakest first, cards and questions mixed, new ones included. "
            + (drillNewCounts ? "New items a drill brings in count against your daily new limit (Settings)."
                              : "New items a drill brings in do not count against your daily new limit (Settings).")
        let lines = TextLayout.wrap(note, width: canvas.width - 4).prefix(3)
        for (i, l) in lines.enumerated() {
            canvas.write(l, x: 2, y: canvas.height - lines.count + i, style: theme.muted)
        }
    }
}

import StudyCore

/// "CPT or CCMA?": the tracks side by side (role, scope, exam length, domains and
/// their weights, plain guidance), and a choice that opens the chosen exam's facts.
///
/// Everything shown comes from the loaded tracks, shortest exam first.
public struct ExamChoiceScreen: Screen {
    public let id = "exam-choice"
    public private(set) var tracks: [Track]
    /// Index into `tracks` of the highlighted exam.
    public private(set) var selected: Int
    public private(set) var scroll = ScrollState()
    private var viewport = Size(width: 78, height: 20)
    /// Height of the laid-out comparison for the current viewport (set on resize).
    private var contentHeight = 0

    /// Whether `c` chooses the highlighted exam (first run, Settings > Change track).
    public let choosing: Bool

    /// - Parameter selectedID: the track to highlight first (default: the first).
    /// - Parameter choosing: offer `c` to choose the exam (emits `.selectTrack`).
    public init(tracks: [Track], selectedID: String? = nil, choosing: Bool = false) {
        self.choosing = choosing
        self.tracks = tracks.sorted { ($0.totalItems, $0.id) < ($1.totalItems, $1.id) }
        selected = max(0, self.tracks.firstIndex { $0.id == selectedID } ?? 0)
        contentHeight = content(width: viewport.width, height: viewport.height).height
    }

    public var title: String {
        tracks.isEmpty ? "Choose your exam" : tracks.map(\.shortName).joined(separator: " or ") + "?"
    }

    public var status: String { "choose your exam" }

    /// The highlighted track.
    public var selectedTrack: Track? { tracks.indices.contains(selected) ? tracks[selected] : nil }

    public var keyBindings: [KeyBinding] {
        var out = [
            KeyBinding([.left, .right, .tab, .backTab], "switch exam", label: "←/→", help: "switch exam (also Tab, Shift-Tab)"),
            KeyBinding(.enter, "about the \(selectedTrack?.shortName ?? "") exam"),
        ]
        if choosing {
            out.insert(KeyBinding(.char("c"), "choose \(selectedTrack?.shortName ?? "")", help: "choose this exam (switch any time in Settings)"), at: 0)
        }
        if canScroll {
            out.append(KeyBinding([.up, .down, .char("k"), .char("j"), .pageUp, .pageDown, .char(" "), .home, .end], "scroll", label: "↑/↓",
                                  help: "scroll (also k/j, PgUp/PgDn, Space, Home/End)"))
        }
        return out
    }

    /// Whether the comparison is taller than the space it has.
    public var canScroll: Bool { contentHeight > viewport.height }

    public mutating func update(_ event: Event) -> [Effect] {
        switch event {
        case .resize(let size):
            viewport = size
            contentHeight = content(width: size.width, height: size.height).height
        case .key(let key):
            switch key {
            case .left, .backTab:
                if !tracks.isEmpty { selected = (selected + tracks.count - 1) % tracks.count }
            case .right, .tab:
                if !tracks.isEmpty { selected = (selected + 1) % tracks.count }
            case .enter:
                if let track = selectedTrack { return [.push(AboutExamScreen(track: track, currentTrackID: choosing ? nil : track.id))] }
            case .char("c") where choosing:
                if let track = selectedTrack { return [.selectTrack(trackID: track.id)] }
            default:
                _ = scroll.handle(key, content: contentHeight, viewport: viewport.height)
            }
        case .tick, .effectResult, .terminating, .resumed:
            break
        }
        return []
    }

    public func render(into canvas: inout Canvas) {
        let content = content(width: canvas.width, height: canvas.height, theme: canvas.theme)
        ScrollView.render(content, into: &canvas, area: canvas.bounds, scroll: scroll)
    }

    // MARK: layout

    /// One labelled row group of the comparison: a gutter label and each track's lines.
    private struct Section {
        var label: String
        var cells: [[(text: String, style: Style)]]
        var height: Int { cells.map(\.count).max() ?? 0 }
    }

    /// The whole comparison laid out `width` wide. Blank rows between sections and
    /// the subdomains are added only when `height` leaves room for them.
    func content(width: Int, height: Int, theme: Theme = .standard) -> Canvas {
        guard !tracks.isEmpty, width >= 20 else {
            var c = Canvas(width: max(0, width), height: 2, theme: theme)
            c.write("No exam tracks are loaded (Data/tracks/*.json).", x: 2, y: 1, style: theme.warning)
            return c
        }
        let left = 2, gutter = 9, gap = 2
        let columnsX = left + gutter
        let columnWidth = max(8, (width - columnsX - 1 - gap * (tracks.count - 1)) / tracks.count)
        func columnX(_ i: Int) -> Int { columnsX + i * (columnWidth + gap) }
        func wrapped(_ text: String?, _ style: Style) -> [(text: String, style: Style)] {
            TextLayout.wrap(text ?? "-", width: columnWidth).map { ($0, style) }
        }
        func domainLines(_ t: Track, subdomains: Bool) -> [(text: String, style: Style)] {
            var out: [(text: String, style: Style)] = []
            for d in t.domains {
                out.append((domainLine(d.name, d.scoredItems, t.scoredItems, indent: 0, width: columnWidth), theme.text))
                if subdomains {
                    for s in d.subdomains {
                        out.append((domainLine(s.name, s.scoredItems, t.scoredItems, indent: 2, width: columnWidth), theme.muted))
                    }
                }
            }
            return out
        }

        var sections = [
            Section(label: "", cells: tracks.map { wrapped($0.name, theme.muted) }),
            Section(label: "Role", cells: tracks.map { wrapped($0.role ?? $0.name, theme.text) }),
            Section(label: "Scope", cells: tracks.map { wrapped($0.scope, theme.text) }),
            Section(label: "Exam", cells: tracks.map {
                wrapped("\($0.totalItems) items in \(TrackText.duration(minutes: $0.minutes))", theme.accent)
            }),
            Section(label: "Domains", cells: tracks.map { domainLines($0, subdomains: false) }),
        ]
        let guidance = tracks.filter { $0.guidance != nil }
        let guidanceWidth = width - left - 1
        let shortWidth = (tracks.map { DisplayWidth.of($0.shortName) }.max() ?? 0) + 2
        let guidanceLines = guidance.map { TextLayout.wrap($0.guidance ?? "", width: guidanceWidth - shortWidth).count }.reduce(0, +)

        // Rows: top blank, header, sections, guidance.
        func total(gaps: Bool) -> Int {
            1 + 1 + sections.map(\.height).reduce(0, +) + (gaps ? sections.count - 1 : 0)
                + (guidance.isEmpty ? 0 : 1 + guidanceLines)
        }
        let withSubdomains = Section(label: "Domains", cells: tracks.map { domainLines($0, subdomains: true) })
        let extra = withSubdomains.height - sections[4].height
        if extra > 0 && total(gaps: true) + extra <= height { sections[4] = withSubdomains }
        let gaps = total(gaps: true) <= height

        var c = Canvas(width: width, height: total(gaps: gaps), theme: theme)
        var y = 1
        for (i, t) in tracks.enumerated() {
            let isSelected = i == selected
            let head = (isSelected ? "▸ " : "  ") + t.shortName
            let x = columnX(i) - 2
            if isSelected {
                c.write(TextLayout.pad(head, width: columnWidth + 2), x: x, y: y, style: theme.selection)
            } else {
                c.write(head, x: x, y: y, style: theme.heading)
            }
        }
        y += 1
        for (n, section) in sections.enumerated() {
            if gaps && n > 0 { y += 1 }
            c.write(section.label, x: left, y: y, style: theme.heading)
            for (i, lines) in section.cells.enumerated() {
                for (k, line) in lines.enumerated() {
                    c.write(line.text, x: columnX(i), y: y + k, style: line.style,
                            clip: Rect(x: columnX(i), y: y + k, width: columnWidth, height: 1))
                }
            }
            y += section.height
        }
        if !guidance.isEmpty {
            y += 1
            for t in guidance {
                c.write(t.shortName, x: left, y: y, style: theme.accent)
                for line in TextLayout.wrap(t.guidance ?? "", width: guidanceWidth - shortWidth) {
                    c.write(line, x: left + shortWidth, y: y, style: theme.text)
                    y += 1
                }
            }
        }
        return c
    }

    /// `Safety and Compliance     26%`, the name cut to fit `width`.
    private func domainLine(_ name: String, _ items: Int, _ scored: Int, indent: Int, width: Int) -> String {
        let pct = TrackText.percent(items, of: scored)
        let nameWidth = width - indent - 5
        return String(repeating: " ", count: indent) + TextLayout.pad(name, width: nameWidth) + TextLayout.pad(pct, width: 5, alignment: .right)
    }
}

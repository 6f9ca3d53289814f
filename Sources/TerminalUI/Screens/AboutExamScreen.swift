import StudyCore

/// "About the exam" for one track: the format (scored and pretest items, time),
/// scaled scoring and why no raw-percent pass mark exists, the test-plan domains
/// with their item counts, eligibility, retakes, renewal and test-day tips, and the
/// day the facts were last reviewed. Numbers come from the `Track`, the words around
/// them from its `about` facts; a point sources disagree on says to confirm it with
/// NHA. Scrolls when taller than the screen. `c` makes this exam the user's (when it is
/// not already); it is reached from "CPT or CCMA?", the home screen (`a`) and Progress (`i`).
public struct AboutExamScreen: Screen {
    public let id = "about-exam"
    public let track: Track
    public private(set) var scroll = ScrollState()
    private var viewport = Size(width: 78, height: 20)
    /// Height of the laid-out facts at the current width, once laid out (on resize): the
    /// home screen makes one of these for its `a` key at every frame, so none is laid out
    /// before it shows.
    private var laidOutHeight: Int?
    private var contentHeight: Int { laidOutHeight ?? content(width: viewport.width).height }

    /// The user's exam now (nil: none chosen yet); `c` is offered for any other.
    public let currentTrackID: String?

    public init(track: Track, currentTrackID: String? = nil) {
        self.track = track
        self.currentTrackID = currentTrackID
    }

    public var title: String { "About the exam · \(track.shortName)" }
    public var status: String { "\(track.planVersion) test plan" }

    /// Whether `c` chooses this exam (it is not the user's exam already).
    public var canChoose: Bool { currentTrackID != track.id }

    public var keyBindings: [KeyBinding] {
        let choose = canChoose ? [KeyBinding(.char("c"), "choose \(track.shortName)", help: "make \(track.shortName) your exam")] : []
        guard canScroll else { return choose }
        return choose + [
            KeyBinding([.up, .down, .char("k"), .char("j")], "scroll", label: "↑/↓", help: "scroll (also k/j)"),
            KeyBinding([.pageUp, .pageDown, .char(" ")], "page", label: "PgUp/PgDn", help: "page up / down (also Space)"),
            KeyBinding([.home, .end], "top / bottom", label: "Home/End", inFooter: false),
        ]
    }

    /// Whether the facts are taller than the space they have.
    public var canScroll: Bool { contentHeight > viewport.height }

    public mutating func update(_ event: Event) -> [Effect] {
        switch event {
        case .resize(let size):
            viewport = size
            laidOutHeight = content(width: size.width).height
        case .key(.char("c")) where canChoose:
            return [.selectTrack(trackID: track.id)]
        case .key(let key):
            _ = scroll.handle(key, content: contentHeight, viewport: viewport.height)
        case .tick, .effectResult, .terminating, .resumed:
            break
        }
        return []
    }

    public func render(into canvas: inout Canvas) {
        ScrollView.render(content(width: canvas.width, theme: canvas.theme), into: &canvas, area: canvas.bounds, scroll: scroll)
    }

    /// What an uncertain point ends with.
    public static let confirmNote = "Confirm with NHA."

    /// One paragraph of a labelled block; `unsure` ones end with `confirmNote`.
    public struct Paragraph: Sendable, Hashable {
        public var text: String
        public var unsure: Bool
        /// The text as shown.
        public var shown: String { unsure ? text + " " + AboutExamScreen.confirmNote : text }
    }

    /// The facts above the test plan, as (label, paragraphs) pairs in reading order.
    public var facts: [(label: String, paragraphs: [Paragraph])] {
        block([.format, .time, .scoring])
    }

    /// The facts below the test plan: eligibility, retakes, renewal, test day.
    public var laterFacts: [(label: String, paragraphs: [Paragraph])] {
        block([.eligibility, .retakes, .renewal, .tips])
    }

    /// The line that dates the facts, or nil when the track has none.
    public var reviewedLine: String? {
        guard let about = track.about else { return nil }
        return "Facts last reviewed \(about.reviewed.longText). NHA can change its rules: "
            + "check nhanow.com before you book."
    }

    private func block(_ topics: [ExamFacts.Topic]) -> [(label: String, paragraphs: [Paragraph])] {
        topics.compactMap { topic in
            let own = (track.about?.points(topic) ?? []).map { Paragraph(text: $0.text, unsure: $0.unsure) }
            let all = derived(topic).map { Paragraph(text: $0, unsure: false) } + own
            return all.isEmpty ? nil : (topic.title, all)
        }
    }

    /// What the track's numbers say about a topic.
    private func derived(_ topic: ExamFacts.Topic) -> [String] {
        let t = track
        let perItem = TrackText.secondsPerItem(t)
        switch topic {
        case .format:
            return ["\(t.totalItems) multiple-choice items, one best answer each: \(t.scoredItems) scored "
                + "and \(t.pretestItems) unscored pretest items. Pretest items are mixed in and look "
                + "like the others, so treat every item as if it counts."]
        case .time:
            return ["\(TrackText.duration(minutes: t.minutes)) (\(t.minutes) minutes), about \(perItem) seconds per item."]
        case .scoring:
            return ["A scaled score from \(t.scale.min) to \(t.scale.max); \(t.scale.pass) or more passes. "
                + "Experts set the pass mark in a standard-setting study, not as a number of right "
                + "answers, so NHA publishes no raw-percent cut score."]
        case .tips:
            return ["Keep a pace of about one item per \(perItem >= 60 ? "minute" : "\(perItem) seconds")."]
        case .domains, .eligibility, .retakes, .renewal:
            return []
        }
    }

    /// The screen laid out `width` wide, at its full height.
    func content(width: Int, theme: Theme = .standard) -> Canvas {
        let t = track
        let left = 2, labelWidth = 13
        let textWidth = max(10, width - left - labelWidth - 1)
        let fullWidth = max(10, width - left - 1)
        func lay(_ blocks: [(label: String, paragraphs: [Paragraph])]) -> [(label: String, lines: [(String, Bool)])] {
            blocks.map { b in
                (b.label, b.paragraphs.flatMap { p in TextLayout.wrap(p.shown, width: textWidth).map { ($0, p.unsure) } })
            }
        }
        let upper = lay(facts), lower = lay(laterFacts)
        let reviewed = reviewedLine.map { TextLayout.wrap($0, width: fullWidth) } ?? []
        let planNotes = (t.about?.points(.domains) ?? []).flatMap { p in
            TextLayout.wrap(Paragraph(text: p.text, unsure: p.unsure).shown, width: fullWidth).map { ($0, p.unsure) }
        }
        let areas = t.domains.flatMap { d in [(d, 0)] + d.subdomains.map { ($0, 2) } }
        func height(_ blocks: [(label: String, lines: [(String, Bool)])]) -> Int { blocks.map(\.lines.count).reduce(0, +) }
        let height = 1 + 1 + (reviewed.isEmpty ? 0 : reviewed.count + 1) + 1 + height(upper)
            + 1 + 1 + areas.count + planNotes.count
            + (lower.isEmpty ? 0 : 1 + height(lower)) + 1
        var c = Canvas(width: max(0, width), height: height, theme: theme)

        var y = 1
        c.write("\(t.name) (\(t.shortName))", x: left, y: y, style: theme.heading)
        y += 1
        if !reviewed.isEmpty {
            y += 1
            for line in reviewed {
                c.write(line, x: left, y: y, style: theme.muted)
                y += 1
            }
        }
        y += 1
        func writeBlocks(_ blocks: [(label: String, lines: [(String, Bool)])]) {
            for b in blocks {
                c.write(b.label, x: left, y: y, style: theme.heading)
                for (line, unsure) in b.lines {
                    c.write(line, x: left + labelWidth, y: y, style: unsure ? theme.warning : theme.text)
                    y += 1
                }
            }
        }
        writeBlocks(upper)
        y += 1
        c.write("Test plan (\(t.planVersion)): scored items per domain, of \(t.scoredItems)", x: left, y: y, style: theme.heading)
        y += 1
        let nameWidth = min(40, max(20, width - left - 1 - 4 - 2 - 20))
        let barX = left + nameWidth + 1 + 3 + 2
        for (area, indent) in areas {
            let style = indent > 0 ? theme.muted : theme.text
            c.write(TextLayout.pad(String(repeating: " ", count: indent) + area.name, width: nameWidth), x: left, y: y, style: style)
            c.write(TextLayout.pad("\(area.scoredItems)", width: 3, alignment: .right), x: left + nameWidth + 1, y: y, style: theme.accent)
            let barArea = Rect(x: barX, y: y, width: width - barX - 2, height: 1)
            if barArea.width >= 8 {
                ProgressBar(fraction: t.scoredItems > 0 ? Double(area.scoredItems) / Double(t.scoredItems) : 0)
                    .render(into: &c, area: barArea)
            } else {
                c.write(TrackText.percent(area.scoredItems, of: t.scoredItems), x: barX, y: y, style: theme.muted, clip: barArea)
            }
            y += 1
        }
        for (line, unsure) in planNotes {
            c.write(line, x: left, y: y, style: unsure ? theme.warning : theme.muted)
            y += 1
        }
        if !lower.isEmpty {
            y += 1
            writeBlocks(lower)
        }
        return c
    }
}

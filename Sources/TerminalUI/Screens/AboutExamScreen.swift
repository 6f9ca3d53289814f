import StudyCore

/// "About the exam" for one track: the format (scored and pretest items, time),
/// scaled scoring and why no raw-percent pass mark exists, pacing, and the test-plan
/// domains with their item counts. Built from the `Track` alone; scrolls when tall.
public struct AboutExamScreen: Screen {
    public let id = "about-exam"
    public let track: Track
    public private(set) var scroll = ScrollState()
    private var viewport = Size(width: 78, height: 20)
    /// Height of the laid-out facts at the current width (set on resize).
    private var contentHeight = 0

    public init(track: Track) {
        self.track = track
        contentHeight = content(width: viewport.width).height
    }

    public var title: String { "About the exam · \(track.shortName)" }
    public var status: String { "\(track.planVersion) test plan" }

    public var keyBindings: [KeyBinding] {
        guard canScroll else { return [] }
        return [
            KeyBinding([.up, .down], "scroll", label: "↑/↓"),
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
            contentHeight = content(width: size.width).height
        case .key(let key):
            _ = scroll.handle(key, content: contentHeight, viewport: viewport.height)
        case .tick, .effectResult, .terminating:
            break
        }
        return []
    }

    public func render(into canvas: inout Canvas) {
        ScrollView.render(content(width: canvas.width, theme: canvas.theme), into: &canvas, area: canvas.bounds, scroll: scroll)
    }

    /// The facts, as (label, paragraph) pairs, in reading order.
    public var facts: [(label: String, text: String)] {
        let t = track
        let perItem = TrackText.secondsPerItem(t)
        return [
            ("Format", "\(t.totalItems) multiple-choice items, one best answer each: \(t.scoredItems) scored "
                + "and \(t.pretestItems) unscored pretest items. Pretest items are mixed in and look "
                + "like the others, so treat every item as if it counts."),
            ("Time", "\(TrackText.duration(minutes: t.minutes)) (\(t.minutes) minutes), about \(perItem) seconds per item."),
            ("Scoring", "A scaled score from \(t.scale.min) to \(t.scale.max); \(t.scale.pass) or more passes. "
                + "Experts set the pass mark in a standard-setting study, not as a number of right "
                + "answers, so NHA publishes no raw-percent cut score."),
            ("Tips", "Keep a pace of about one item per \(perItem >= 60 ? "minute" : "\(perItem) seconds"). "
                + "Answer every item: a wrong answer costs no more than a blank. Flag the ones you are "
                + "unsure of and come back to them."),
        ]
    }

    /// The screen laid out `width` wide, at its full height.
    func content(width: Int, theme: Theme = .standard) -> Canvas {
        let t = track
        let left = 2, labelWidth = 10
        let textWidth = max(10, width - left - labelWidth - 1)
        let paragraphs = facts.map { (label: $0.label, lines: TextLayout.wrap($0.text, width: textWidth)) }
        let areas = t.domains.flatMap { d in [(d, 0)] + d.subdomains.map { ($0, 2) } }
        let height = 1 + 1 + 1 + paragraphs.map { $0.lines.count }.reduce(0, +) + 1 + 1 + areas.count + 1
        var c = Canvas(width: max(0, width), height: height, theme: theme)

        var y = 1
        c.write("\(t.name) (\(t.shortName))", x: left, y: y, style: theme.heading)
        y += 2
        for p in paragraphs {
            c.write(p.label, x: left, y: y, style: theme.heading)
            for line in p.lines {
                c.write(line, x: left + labelWidth, y: y, style: theme.text)
                y += 1
            }
        }
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
        return c
    }
}

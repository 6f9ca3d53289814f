import StudyCore

/// What "Study now" shows when nothing is due: a friendly word, when the next review comes,
/// and the drills that can be done instead (a domain, Quick 10, missed questions).
public struct NothingDueScreen: Screen {
    public let id = "nothing-due"
    public let track: Track?
    /// When the next review comes, in words ("tomorrow"), or nil when nothing is scheduled.
    public let nextDue: String?
    /// Whether today's new items are all done (the limit was reached).
    public let newLimitReached: Bool

    public init(track: Track?, nextDue: String?, newLimitReached: Bool) {
        self.track = track
        self.nextDue = nextDue
        self.newLimitReached = newLimitReached
    }

    public var title: String { "Study · \(track?.shortName ?? "")" }

    public var keyBindings: [KeyBinding] {
        [KeyBinding(.char("d"), "drill a domain"),
         KeyBinding(.char("k"), "quick 10"),
         KeyBinding(.char("w"), "missed", help: "drill the questions missed in the last 30 days")]
    }

    public mutating func update(_ event: Event) -> [Effect] {
        guard case .key(let key) = event else { return [] }
        switch key {
        case .char("d"): return [.study(.domainPicker)]
        case .char("k"): return [.study(.drill(.quick10))]
        case .char("w"): return [.study(.drill(.missed))]
        default: return []
        }
    }

    public func render(into canvas: inout Canvas) {
        let theme = canvas.theme
        var y = 2
        canvas.write("All caught up: nothing is due right now.", x: 4, y: y, style: theme.good); y += 2
        var lines: [String] = []
        if newLimitReached { lines.append("Today's new items are done too.") }
        lines.append(nextDue.map { "Your next review comes \($0 == "now" ? "now" : $0)." } ?? "No reviews are scheduled yet.")
        lines.append("")
        lines.append("Want to keep going? A drill practises outside the daily queue:")
        for l in lines {
            for w in TextLayout.wrap(l, width: canvas.width - 8) { canvas.write(w, x: 4, y: y, style: theme.text); y += 1 }
        }
        y += 1
        for (key, label) in [("d", "Drill one domain"), ("k", "Quick 10: ten mixed items"), ("w", "Missed questions")] {
            canvas.write("[\(key)]", x: 6, y: y, style: theme.key)
            canvas.write(label, x: 10, y: y, style: theme.text)
            y += 1
        }
        y += 1
        canvas.write("Esc goes back home.", x: 4, y: y, style: theme.muted)
    }
}

/// Edits a personal card's front, back and tags in place (Browse, `e` on an imported card).
///
/// Keys: type to add to the field, Backspace to delete its last character, Ctrl-U to clear
/// it, Ctrl-J for a new line, Tab / ↓ and Shift-Tab / ↑ to move between the fields, Enter to
/// save, Esc to cancel. Every letter, `q` and `?` included, is typed into the field.
public struct CardEditor: Sendable, Hashable {
    public enum Field: Int, Sendable, Hashable, CaseIterable { case front, back, tags }
    /// What the user decided.
    public enum Outcome: Sendable, Hashable {
        case saved(front: String, back: String, tags: [String])
        case cancelled
    }

    public var front: String
    public var back: String
    /// Tags separated by spaces.
    public var tags: String
    public var field: Field = .front
    /// Why the last Enter did not save (an empty front).
    public private(set) var problem: String?

    public init(front: String, back: String, tags: [String]) {
        self.front = front; self.back = back; self.tags = tags.joined(separator: " ")
    }

    public static let keyBindings: [KeyBinding] = [
        KeyBinding(.enter, "save"),
        KeyBinding(.escape, "cancel"),
        KeyBinding([.tab, .down], "next field", label: "Tab"),
        KeyBinding([.backTab, .up], "previous field", label: "Shift-Tab", inFooter: false),
        KeyBinding(.backspace, "delete", label: "Backspace", inFooter: false),
        KeyBinding(.control("u"), "clear the field", inFooter: false),
        KeyBinding(.control("j"), "new line", inFooter: false),
        KeyBinding([.char("q"), .char("?")], "typed like any letter", label: "q ?", inFooter: false),
    ]

    private var text: String {
        get { [front, back, tags][field.rawValue] }
        set {
            switch field {
            case .front: front = newValue
            case .back: back = newValue
            case .tags: tags = newValue
            }
        }
    }

    public mutating func handle(_ key: Key) -> Outcome? {
        switch key {
        case .escape: return .cancelled
        case .enter:
            guard front.contains(where: { !$0.isWhitespace }) else {
                problem = "The front cannot be empty."
                field = .front
                return nil
            }
            return .saved(front: front, back: back, tags: tags.split(separator: " ").map(String.init))
        case .tab, .down: field = Field(rawValue: (field.rawValue + 1) % 3)!
        case .backTab, .up: field = Field(rawValue: (field.rawValue + 2) % 3)!
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .control("u"), .control("U"): text = ""
        case .control("j"), .control("J"): if field != .tags { text.append("\n") }
        case .char(let c): text.append(c)
        default: break
        }
        problem = nil
        return nil
    }

    /// Draws the three fields from row `y` down, the current one highlighted with a cursor.
    public func render(into canvas: inout Canvas, y top: Int) {
        let theme = canvas.theme
        var y = top
        canvas.write("Edit card", x: 2, y: y, style: theme.heading)
        y += 2
        for f in Field.allCases where y < canvas.height {
            let label = ["Front", "Back", "Tags"][f.rawValue]
            let value = [front, back, tags][f.rawValue] + (f == field ? "▏" : "")
            canvas.write(label, x: 2, y: y, style: f == field ? theme.selection : theme.muted)
            var first = true
            for line in value.split(separator: "\n", omittingEmptySubsequences: false) {
                for part in TextLayout.wrap(String(line), width: max(10, canvas.width - 12)) where y < canvas.height {
                    canvas.write(part, x: 10, y: y, style: f == field ? theme.text : theme.muted)
                    y += 1
                    first = false
                }
                if line.isEmpty && y < canvas.height { y += 1; first = false }
            }
            if first { y += 1 }
            y += 1
        }
        if let problem, y < canvas.height { canvas.write(problem, x: 2, y: y, style: theme.warning); y += 1 }
        // `?` is typed into the card, so the help overlay cannot open here: the keys are listed below.
        let keys = Self.keyBindings.map { ($0.label, $0.help) }
        let columns = canvas.width >= 80 ? 2 : 1
        let columnWidth = (canvas.width - 4) / columns
        let rows = (keys.count + columns - 1) / columns
        var row = max(y + 1, canvas.height - rows)
        for r in 0..<rows where row < canvas.height {
            for c in 0..<columns where r + c * rows < keys.count {
                let (label, help) = keys[r + c * rows]
                canvas.write(TextLayout.truncate(TextLayout.pad(label, width: 10) + " " + help, width: columnWidth - 1),
                             x: 2 + c * columnWidth, y: row, style: theme.muted)
            }
            row += 1
        }
    }
}

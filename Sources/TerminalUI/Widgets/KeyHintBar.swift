/// The one-line key footer: `s study  m mock  ? help  q quit`.
///
/// Hints that do not fit are left out from the end; `pinned` hints (help, back)
/// are always kept, at the end.
public struct KeyHintBar: Sendable {
    /// A key label and what it does.
    public struct Hint: Sendable, Hashable {
        public var key: String
        public var action: String
        public init(_ key: String, _ action: String) {
            self.key = key
            self.action = action
        }
        var width: Int { DisplayWidth.of(key) + 1 + DisplayWidth.of(action) }
    }

    public var hints: [Hint]
    public var pinned: [Hint]

    public init(hints: [Hint], pinned: [Hint] = []) {
        self.hints = hints
        self.pinned = pinned
    }

    /// The hints that fit in `width` columns, in display order.
    public func fitting(width: Int) -> [Hint] {
        let gap = 2
        var used = pinned.reduce(0) { $0 + $1.width + gap }
        var shown: [Hint] = []
        for h in hints {
            if used + h.width > width { break }
            shown.append(h)
            used += h.width + gap
        }
        return shown + pinned
    }

    public func render(into canvas: inout Canvas, area: Rect) {
        guard area.width > 0, area.height > 0 else { return }
        let row = area.row(0)
        var x = area.x
        for (i, h) in fitting(width: area.width).enumerated() {
            if i > 0 { x += 2 }
            x = canvas.write(h.key, x: x, y: row.y, style: canvas.theme.key, clip: row)
            x = canvas.write(" " + h.action, x: x, y: row.y, style: canvas.theme.text, clip: row)
        }
    }
}

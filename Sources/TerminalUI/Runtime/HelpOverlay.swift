/// The `?` overlay: a box listing every key of the current screen and what it does.
public struct HelpOverlay: Sendable {
    public var title: String
    public var bindings: [KeyBinding]

    public init(title: String, bindings: [KeyBinding]) {
        self.title = title
        self.bindings = bindings
    }

    /// The lines of the list: key labels in one column, actions in the next.
    public var rows: [(key: String, action: String)] { bindings.map { ($0.label, $0.help) } }

    public func render(into canvas: inout Canvas, area: Rect) {
        guard area.width >= 10, area.height >= 3 else { return }
        let keyWidth = min(16, rows.map { DisplayWidth.of($0.key) }.max() ?? 0)
        let actionWidth = rows.map { DisplayWidth.of($0.action) }.max() ?? 0
        let heading = "Keys · \(title)"
        let innerWidth = min(area.width - 4, max(keyWidth + 2 + actionWidth, DisplayWidth.of(heading) + 2, 24))
        let maxRows = max(1, area.height - 4)
        var shown = Array(rows.prefix(maxRows))
        if rows.count > maxRows { shown[maxRows - 1] = ("…", "\(rows.count - maxRows + 1) more") }
        let box = area.centred(Size(width: innerWidth + 4, height: shown.count + 4))
        canvas.fill(box, style: canvas.theme.text)
        Panel(title: heading).render(into: &canvas, area: box)
        for (i, row) in shown.enumerated() {
            let y = box.y + 2 + i
            let line = Rect(x: box.x + 2, y: y, width: innerWidth, height: 1)
            // What does not fit ends in "…", never cut mid-word without a sign.
            canvas.write(TextLayout.pad(row.key, width: keyWidth), x: line.x, y: y, style: canvas.theme.key, clip: line)
            canvas.write(TextLayout.truncate(row.action, width: max(1, innerWidth - keyWidth - 2)), x: line.x + keyWidth + 2, y: y,
                         style: canvas.theme.text, clip: line)
        }
    }
}

/// A modal yes/no question drawn over the screen: "End the exam now?".
///
/// Keys: `y`/`n`, ←/→ or Tab to move between the buttons, Enter to choose the
/// highlighted one, Esc to cancel. The highlighted button is drawn `▸ Yes ◂` as well
/// as in the selection style. It starts on the safe answer (cancel).
public struct ConfirmDialog: Sendable, Hashable {
    /// What the user decided.
    public enum Outcome: Sendable, Hashable { case confirmed, cancelled }

    public var title: String
    public var message: String
    public var confirmLabel: String
    public var cancelLabel: String
    /// Whether the confirm button is highlighted (Enter would confirm).
    public var confirmHighlighted: Bool

    public init(title: String, message: String, confirmLabel: String = "Yes", cancelLabel: String = "No") {
        self.title = title
        self.message = message
        self.confirmLabel = confirmLabel
        self.cancelLabel = cancelLabel
        self.confirmHighlighted = false
    }

    /// The keys the dialog answers to, for the help overlay.
    public static let keyBindings: [KeyBinding] = [
        KeyBinding(.char("y"), "yes"),
        KeyBinding(.char("n"), "no"),
        KeyBinding([.left, .right, .tab], "switch button", label: "←/→"),
        KeyBinding(.enter, "choose"),
        KeyBinding(.escape, "cancel"),
    ]

    /// Applies a key; returns the outcome once the user has decided.
    public mutating func handle(_ key: Key) -> Outcome? {
        switch key {
        case .char("y"), .char("Y"): return .confirmed
        case .char("n"), .char("N"), .escape: return .cancelled
        case .left, .right, .tab, .backTab:
            confirmHighlighted.toggle()
            return nil
        case .enter: return confirmHighlighted ? .confirmed : .cancelled
        default: return nil
        }
    }

    /// Draws the dialog centred in `area`, clearing what is under it.
    public func render(into canvas: inout Canvas, area: Rect) {
        let maxInner = min(56, area.width - 4)
        guard maxInner >= 8, area.height >= 5 else {
            // Too little room for a box: one line, still readable.
            canvas.write(TextLayout.truncate(message + " (y/n)", width: area.width), x: area.x, y: area.y, style: canvas.theme.selection, clip: area)
            return
        }
        let buttons = buttonTexts
        let buttonsWidth = DisplayWidth.of(buttons.confirm) + 3 + DisplayWidth.of(buttons.cancel)
        let lines = TextLayout.wrap(message, width: maxInner)
        let inner = max(buttonsWidth, lines.map { DisplayWidth.of($0) }.max() ?? 0, DisplayWidth.of(title) + 2)
        let innerWidth = min(inner, maxInner)
        let shownLines = Array(lines.prefix(max(1, area.height - 6)))
        let box = area.centred(Size(width: innerWidth + 4, height: shownLines.count + 5))
        canvas.fill(box, style: canvas.theme.text)
        Panel(title: title).render(into: &canvas, area: box)
        for (i, line) in shownLines.enumerated() {
            canvas.write(line, x: box.x + 2, y: box.y + 2 + i, style: canvas.theme.text,
                         clip: Rect(x: box.x + 2, y: box.y + 2 + i, width: innerWidth, height: 1))
        }
        let y = box.maxY - 2
        var x = box.x + 2 + (innerWidth - buttonsWidth) / 2
        let theme = canvas.theme
        x = canvas.write(buttons.confirm, x: x, y: y, style: confirmHighlighted ? theme.selection : theme.text, clip: box)
        x += 3
        canvas.write(buttons.cancel, x: x, y: y, style: confirmHighlighted ? theme.text : theme.selection, clip: box)
    }

    /// The two buttons as drawn, the highlighted one between ▸ and ◂.
    public var buttonTexts: (confirm: String, cancel: String) {
        let c = confirmHighlighted ? "▸ \(confirmLabel) ◂" : "  \(confirmLabel)  "
        let n = confirmHighlighted ? "  \(cancelLabel)  " : "▸ \(cancelLabel) ◂"
        return (c, n)
    }
}

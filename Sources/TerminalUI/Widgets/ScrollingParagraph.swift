/// Wrapped text that scrolls: question stems, explanations, exam facts.
public struct ScrollingParagraph: Sendable {
    public var text: String
    public var style: Style?

    public init(_ text: String, style: Style? = nil) {
        self.text = text
        self.style = style
    }

    /// The lines the text wraps to at `width` columns.
    public func lines(width: Int) -> [String] { TextLayout.wrap(text, width: width) }

    /// How many lines the text takes at `width`.
    public func height(width: Int) -> Int { lines(width: width).count }

    /// Draws the visible part of the text. The right column is kept free for the
    /// ↑ / ↓ more indicators when the text does not fit.
    public func render(into canvas: inout Canvas, area: Rect, scroll: ScrollState) {
        guard area.width > 0, area.height > 0 else { return }
        var all = lines(width: area.width)
        var textWidth = area.width
        if all.count > area.height && area.width > 2 {
            textWidth = area.width - 2
            all = lines(width: textWidth)
        }
        let offset = scroll.clamped(content: all.count, viewport: area.height)
        let style = self.style ?? canvas.theme.text
        for row in 0..<area.height where offset + row < all.count {
            canvas.write(all[offset + row], x: area.x, y: area.y + row, style: style,
                         clip: Rect(x: area.x, y: area.y + row, width: textWidth, height: 1))
        }
        ScrollState.drawIndicators(into: &canvas, area: area, offset: offset, content: all.count)
    }
}

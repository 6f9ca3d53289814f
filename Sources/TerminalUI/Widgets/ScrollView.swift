/// Shows part of a tall canvas in a smaller area, scrolled by a `ScrollState`,
/// with ↑ / ↓ more indicators. Screens lay their content out once at full height
/// and let this clip it, so scrolling needs no layout code of its own.
public enum ScrollView {
    /// Draws `content` (as wide as `area`, any height) into `area` from line `scroll.offset`.
    public static func render(_ content: Canvas, into canvas: inout Canvas, area: Rect, scroll: ScrollState) {
        guard area.width > 0, area.height > 0 else { return }
        let offset = scroll.clamped(content: content.height, viewport: area.height)
        canvas.draw(content, x: area.x, y: area.y - offset, clip: area)
        ScrollState.drawIndicators(into: &canvas, area: area, offset: offset, content: content.height)
    }
}

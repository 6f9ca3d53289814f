/// A vertical scroll position over content taller than its viewport.
///
/// All changes clamp, so the offset is always valid for the heights given.
public struct ScrollState: Sendable, Hashable {
    /// Index of the first visible line.
    public var offset: Int

    public init(offset: Int = 0) { self.offset = max(0, offset) }

    /// The largest useful offset: the last line sits at the bottom of the viewport.
    public static func maxOffset(content: Int, viewport: Int) -> Int { max(0, content - max(viewport, 0)) }

    /// The offset clamped to the content.
    public func clamped(content: Int, viewport: Int) -> Int {
        min(max(0, offset), ScrollState.maxOffset(content: content, viewport: viewport))
    }

    public mutating func scroll(by lines: Int, content: Int, viewport: Int) {
        offset = ScrollState(offset: clamped(content: content, viewport: viewport) + lines)
            .clamped(content: content, viewport: viewport)
    }

    /// Handles ↑/↓, PgUp/PgDn, Home/End. Returns `false` for any other key.
    public mutating func handle(_ key: Key, content: Int, viewport: Int) -> Bool {
        let page = max(1, viewport - 1)
        switch key {
        case .up, .char("k"): scroll(by: -1, content: content, viewport: viewport)
        case .down, .char("j"): scroll(by: 1, content: content, viewport: viewport)
        case .pageUp: scroll(by: -page, content: content, viewport: viewport)
        case .pageDown, .char(" "): scroll(by: page, content: content, viewport: viewport)
        case .home: offset = 0
        case .end: offset = ScrollState.maxOffset(content: content, viewport: viewport)
        default: return false
        }
        return true
    }

    /// Draws `↑` / `↓` in the right column of `area` when lines are hidden above / below
    /// (`↓ more` when the end of the last row is blank).
    public static func drawIndicators(into canvas: inout Canvas, area: Rect, offset: Int, content: Int) {
        guard area.width > 0, area.height > 0 else { return }
        let style = canvas.theme.muted
        if offset > 0 { canvas.write("↑", x: area.maxX - 1, y: area.y, style: style) }
        if offset + area.height < content {
            let y = area.maxY - 1
            let long = "↓ more", longWidth = DisplayWidth.of(long)
            let blank = area.width >= longWidth + 2
                && (area.maxX - longWidth - 1..<area.maxX).allSatisfy { canvas[$0, y].scalar == " " && canvas[$0, y].width == 1 }
            let label = blank ? long : "↓"
            canvas.write(label, x: area.maxX - DisplayWidth.of(label), y: y, style: style)
        }
    }
}

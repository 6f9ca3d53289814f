/// The selection and scroll position of a list.
public struct ListState: Sendable, Hashable {
    public var selected: Int
    /// Index of the first visible row.
    public var offset: Int

    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = max(0, selected)
        self.offset = max(0, offset)
    }

    /// Moves the selection, clamped to `count` items, and scrolls it into a viewport of `visible` rows.
    public mutating func move(by delta: Int, count: Int, visible: Int) {
        guard count > 0 else { selected = 0; offset = 0; return }
        selected = min(max(0, selected + delta), count - 1)
        reveal(visible: visible, count: count)
    }

    /// Scrolls so the selected row is visible.
    public mutating func reveal(visible: Int, count: Int) {
        let v = max(1, visible)
        if selected < offset { offset = selected }
        if selected >= offset + v { offset = selected - v + 1 }
        offset = min(offset, max(0, count - v))
        offset = max(0, offset)
    }

    /// Handles ↑/↓, PgUp/PgDn, Home/End. Returns `false` for other keys.
    public mutating func handle(_ key: Key, count: Int, visible: Int) -> Bool {
        switch key {
        case .up: move(by: -1, count: count, visible: visible)
        case .down: move(by: 1, count: count, visible: visible)
        case .pageUp: move(by: -max(1, visible - 1), count: count, visible: visible)
        case .pageDown: move(by: max(1, visible - 1), count: count, visible: visible)
        case .home: move(by: -selected, count: count, visible: visible)
        case .end: move(by: count, count: count, visible: visible)
        default: return false
        }
        return true
    }
}

/// A list or menu with one selected row, scrolling to keep it in view.
///
/// The selected row is marked with `▸` as well as drawn in the selection style, so it
/// shows without colour.
public struct ListView: Sendable {
    /// One row: the text on the left and optional text aligned right (a count, a date).
    public struct Row: Sendable, Hashable {
        public var text: String
        public var detail: String
        public init(_ text: String, detail: String = "") {
            self.text = text
            self.detail = detail
        }
    }

    public var rows: [Row]

    public init(rows: [Row]) { self.rows = rows }
    public init(items: [String]) { self.rows = items.map { Row($0) } }

    /// Draws the rows visible under `state` (its offset is clamped here, not stored).
    public func render(into canvas: inout Canvas, area: Rect, state: ListState) {
        guard area.width > 0, area.height > 0 else { return }
        var st = state
        st.reveal(visible: area.height, count: rows.count)
        let theme = canvas.theme
        for row in 0..<area.height {
            let i = st.offset + row
            guard i < rows.count else { break }
            let y = area.y + row
            let isSelected = i == st.selected
            let style = isSelected ? theme.selection : theme.text
            let line = Rect(x: area.x, y: y, width: area.width, height: 1)
            canvas.fill(line, style: style)
            let marker = isSelected ? "▸ " : "  "
            let detail = rows[i].detail
            let detailWidth = detail.isEmpty ? 0 : DisplayWidth.of(detail) + 1
            let textRoom = area.width - 2 - detailWidth - 1
            canvas.write(marker + TextLayout.truncate(rows[i].text, width: max(0, textRoom)),
                         x: area.x, y: y, style: style, clip: line)
            if !detail.isEmpty && textRoom > 0 {
                canvas.write(detail, x: area.maxX - detailWidth + 1, y: y, style: style, clip: line)
            }
        }
        ScrollState.drawIndicators(into: &canvas, area: area, offset: st.offset, content: rows.count)
    }
}

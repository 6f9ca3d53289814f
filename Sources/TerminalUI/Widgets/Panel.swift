/// A box-drawn frame with an optional title on the left and status on the right
/// of its top border: `┌─ Title ──────── status ─┐`.
public struct Panel: Sendable {
    public var title: String
    public var status: String
    /// Style of the title text (default: the theme's title style).
    public var titleStyle: Style?
    /// Style of the status text (default: the theme's status style).
    public var statusStyle: Style?

    public init(title: String = "", status: String = "", titleStyle: Style? = nil, statusStyle: Style? = nil) {
        self.title = title
        self.status = status
        self.titleStyle = titleStyle
        self.statusStyle = statusStyle
    }

    /// Draws the frame around `area` and returns the inside. An area too small for a
    /// frame (under 2x2) gets nothing drawn and an empty inside.
    @discardableResult
    public func render(into canvas: inout Canvas, area: Rect) -> Rect {
        let a = area
        guard a.width >= 2, a.height >= 2 else { return Rect(x: a.x, y: a.y, width: 0, height: 0) }
        let frame = canvas.theme.frame
        let horizontal = String(repeating: "─", count: a.width - 2)
        canvas.write("┌" + horizontal + "┐", x: a.x, y: a.y, style: frame)
        canvas.write("└" + horizontal + "┘", x: a.x, y: a.maxY - 1, style: frame)
        for y in (a.y + 1)..<(a.maxY - 1) {
            canvas.write("│", x: a.x, y: y, style: frame)
            canvas.write("│", x: a.maxX - 1, y: y, style: frame)
        }
        Panel.writeBorderLabels(into: &canvas, y: a.y, from: a.x, to: a.maxX,
                                title: title, status: status, titleStyle: titleStyle ?? canvas.theme.title,
                                statusStyle: statusStyle ?? canvas.theme.status)
        return a.inset(by: 1)
    }

    /// Draws a horizontal divider `├───┤` across a framed area at row `y`.
    public static func divider(into canvas: inout Canvas, y: Int, from x: Int, width: Int) {
        guard width >= 2 else { return }
        canvas.write("├" + String(repeating: "─", count: width - 2) + "┤", x: x, y: y, style: canvas.theme.frame)
    }

    /// Writes ` title ` after `┌─` and ` status ` before `─┐` on a border row,
    /// truncating the status first and then the title when space is short.
    static func writeBorderLabels(into canvas: inout Canvas, y: Int, from x0: Int, to x1: Int,
                                  title: String, status: String, titleStyle: Style, statusStyle: Style? = nil) {
        let room = x1 - x0 - 4                   // "┌─" ... "─┐"
        guard room > 2 else { return }
        var t = title.isEmpty ? "" : " \(title) "
        var s = status.isEmpty ? "" : " \(status) "
        let tw = DisplayWidth.of(t)
        if tw + DisplayWidth.of(s) + 1 > room {
            let left = room - tw - 1
            s = left >= 6 ? " " + TextLayout.truncate(String(s.dropFirst().dropLast()), width: left - 2) + " " : ""
        }
        if DisplayWidth.of(t) > room {
            t = " " + TextLayout.truncate(title, width: room - 2) + " "
        }
        if !t.isEmpty { canvas.write(t, x: x0 + 2, y: y, style: titleStyle) }
        if !s.isEmpty {
            canvas.write(s, x: x1 - 2 - DisplayWidth.of(s), y: y, style: statusStyle ?? canvas.theme.status)
        }
    }
}

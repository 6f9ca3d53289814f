/// What the app shows instead of a screen when the terminal is below the minimum:
/// a centred "Terminal too small: need 80x24, have WxH", split over three short
/// lines when the terminal is too narrow for one. Readable at any size, even 1x1.
public struct TooSmallView: Sendable {
    public var size: Size
    public var minimum: Size

    public init(size: Size, minimum: Size) {
        self.size = size
        self.minimum = minimum
    }

    /// The lines shown, before centring and clipping.
    public var lines: [String] {
        let one = "Terminal too small: need \(minimum), have \(size)"
        var out = DisplayWidth.of(one) <= size.width ? [one] : ["Terminal too small", "need \(minimum)", "have \(size)"]
        if size.height >= out.count + 2 {
            let hint = DisplayWidth.of("Enlarge the window, or press q to quit.") <= size.width
                ? "Enlarge the window, or press q to quit." : "q quits"
            out += ["", hint]
        }
        return out
    }

    public func render(into canvas: inout Canvas) {
        let lines = self.lines
        let top = max(0, (canvas.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < canvas.height {
            let x = TextLayout.centredColumn(textWidth: DisplayWidth.of(line), in: canvas.width)
            let style = i == 0 ? canvas.theme.warning : canvas.theme.text
            canvas.write(line, x: x, y: top + i, style: style)
        }
    }
}

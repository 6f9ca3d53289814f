/// Word wrap, truncation and padding by display width (not `String.count`).
public enum TextLayout {
    /// Horizontal placement of text in a wider space.
    public enum Alignment: Sendable { case left, centre, right }

    /// Breaks `text` into lines of at most `width` columns, at spaces where possible.
    /// A word longer than a line is split. `\n` starts a new line; blank lines are kept.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = Substring(word)
                var w = DisplayWidth.of(word)
                if lineWidth > 0 && lineWidth + 1 + w <= width {
                    line += " " + word
                    lineWidth += 1 + w
                    continue
                }
                if lineWidth > 0 {
                    out.append(line)
                    line = ""
                    lineWidth = 0
                }
                while w > width {
                    let (head, rest) = split(word, atWidth: width, forceProgress: true)
                    out.append(String(head))
                    word = rest
                    w = DisplayWidth.of(word)
                }
                line = String(word)
                lineWidth = w
            }
            out.append(line)
        }
        return out
    }

    /// `text` cut to at most `width` columns, ending in `…` when something was cut.
    public static func truncate(_ text: String, width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        let room = width - DisplayWidth.of(ellipsis)
        guard room >= 0 else { return String(split(Substring(ellipsis), atWidth: width).0) }
        var head = String(split(Substring(text), atWidth: room).0)
        while head.last == " " { head.removeLast() }
        return head + ellipsis
    }

    /// `text` padded with spaces (or truncated with `…`) to exactly `width` columns.
    public static func pad(_ text: String, width: Int, alignment: Alignment = .left) -> String {
        guard width > 0 else { return "" }
        let t = truncate(text, width: width)
        let gap = width - DisplayWidth.of(t)
        switch alignment {
        case .left: return t + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + t
        case .centre:
            let left = gap / 2
            return String(repeating: " ", count: left) + t + String(repeating: " ", count: gap - left)
        }
    }

    /// The column where text of `textWidth` starts when centred in `width` columns.
    public static func centredColumn(textWidth: Int, in width: Int) -> Int {
        max(0, (width - textWidth) / 2)
    }

    /// Splits before the first character that would pass `width` columns. Combining
    /// marks stay with their character. With `forceProgress` at least one character
    /// goes first (so wrapping always advances, even when it is too wide).
    static func split(_ text: Substring, atWidth width: Int, forceProgress: Bool = false) -> (Substring, Substring) {
        var used = 0
        var index = text.startIndex
        while index < text.endIndex {
            let w = DisplayWidth.of(text[index])
            if used + w > width && !(forceProgress && index == text.startIndex) { break }
            used += w
            index = text.index(after: index)
        }
        return (text[..<index], text[index...])
    }
}

/// One cell of a `Canvas`: the text drawn there and its style.
///
/// A wide character (CJK, emoji) fills its cell with `width == 2` and the cell to its
/// right with a continuation (`width == 0`, empty text). Combining marks live in the
/// same cell as the character they modify.
public struct Cell: Sendable, Hashable {
    /// A spacing character plus any zero-width marks after it; "" for a continuation.
    public var text: String
    /// Columns this cell's text takes: 1, 2, or 0 for the right half of a wide character.
    public var width: UInt8
    public var style: Style

    public init(text: String = " ", width: UInt8 = 1, style: Style = .plain) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
    public var isContinuation: Bool { width == 0 }
}

/// A width x height grid of styled cells that screens draw into.
///
/// Every write respects display width and is clipped at the canvas edge (or at a
/// given clip rectangle): text never wraps into the next row by accident. The
/// backend copies a finished canvas to the terminal; tests read it as text.
public struct Canvas: Sendable {
    public let width: Int
    public let height: Int
    /// The theme widgets and screens take their styles from.
    public var theme: Theme
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, theme: Theme = .standard) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.theme = theme
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public init(size: Size, theme: Theme = .standard) {
        self.init(width: size.width, height: size.height, theme: theme)
    }

    public var size: Size { Size(width: width, height: height) }
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y` (must be inside the canvas).
    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// The style of the cell at column `x`, row `y`.
    public func style(x: Int, y: Int) -> Style { self[x, y].style }

    // MARK: writing

    /// Writes `text` starting at column `x`, row `y`, and returns the column after the
    /// last character written. Text is clipped at the canvas edge and at `clip`; a wide
    /// character that does not fit whole leaves a blank instead. Line breaks and other
    /// control characters are not drawn (tabs become a space); combining marks join
    /// the character before them.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        var col = x
        guard y >= area.y, y < area.maxY else { return x + DisplayWidth.of(text) }
        var lastCell: Int? = nil
        for scalar in text.unicodeScalars {
            if scalar == "\t" {
                lastCell = put(" ", width: 1, x: col, y: y, style: style, area: area)
                col += 1
                continue
            }
            let w = DisplayWidth.of(scalar)
            if w == 0 {
                // A combining mark: attach it to the character just written (curses keeps
                // up to 5 characters in a cell). Controls and marks with nothing to join are dropped.
                if scalar.properties.generalCategory != .control, let index = lastCell,
                   cells[index].text.unicodeScalars.count < 5 {
                    cells[index].text.unicodeScalars.append(scalar)
                }
                continue
            }
            lastCell = put(String(scalar), width: w, x: col, y: y, style: style, area: area)
            col += w
            if col >= area.maxX { break }
        }
        return col
    }

    /// Writes text and pads with spaces to `width` columns (clipping what is longer).
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, width: Int, style: Style = .plain) -> Int {
        let clip = Rect(x: x, y: y, width: width, height: 1)
        let end = write(text, x: x, y: y, style: style, clip: clip)
        if end < x + width { fill(Rect(x: end, y: y, width: x + width - end, height: 1), style: style) }
        return x + width
    }

    /// Puts one spacing character; returns its cell index, or nil when clipped.
    private mutating func put(_ text: String, width w: Int, x: Int, y: Int, style: Style, area: Rect) -> Int? {
        guard x >= area.x, x < area.maxX else { return nil }
        if x + w > area.maxX {
            // Half a wide character would show: draw a blank in its place.
            setCell(x: x, y: y, Cell(text: " ", width: 1, style: style))
            return nil
        }
        setCell(x: x, y: y, Cell(text: text, width: UInt8(w), style: style))
        if w == 2 { setCell(x: x + 1, y: y, Cell(text: "", width: 0, style: style)) }
        return y * width + x
    }

    /// Stores a cell, first breaking any wide character it would cut in half.
    private mutating func setCell(x: Int, y: Int, _ cell: Cell) {
        let i = y * width + x
        let old = cells[i]
        if old.isContinuation && x > 0 && cells[i - 1].width == 2 {
            cells[i - 1] = Cell(text: " ", width: 1, style: cells[i - 1].style)
        }
        if old.width == 2 && x + 1 < width && cells[i + 1].isContinuation {
            cells[i + 1] = Cell(text: " ", width: 1, style: cells[i + 1].style)
        }
        cells[i] = cell
    }

    /// Fills a rectangle with one narrow character (default: blanks).
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .plain) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        let text = String(character)
        let w = DisplayWidth.of(character)
        for yy in r.y..<r.maxY {
            if w == 1 {
                for xx in r.x..<r.maxX { setCell(x: xx, y: yy, Cell(text: text, width: 1, style: style)) }
            } else {
                var xx = r.x
                while xx < r.maxX { xx = write(text, x: xx, y: yy, style: style, clip: r) }
            }
        }
    }

    /// Clears the whole canvas to blanks in the plain style.
    public mutating func clear() {
        for i in cells.indices { cells[i] = .blank }
    }

    /// Changes the style of every cell in a rectangle, keeping the text.
    public mutating func setStyle(_ style: Style, in rect: Rect) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for yy in r.y..<r.maxY {
            for xx in r.x..<r.maxX { cells[yy * width + xx].style = style }
        }
    }

    /// Adds attributes (e.g. reverse) to every cell in a rectangle, keeping text and colours.
    public mutating func addAttributes(_ attributes: Attributes, in rect: Rect) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for yy in r.y..<r.maxY {
            for xx in r.x..<r.maxX { cells[yy * width + xx].style.attributes.formUnion(attributes) }
        }
    }

    /// Copies another canvas onto this one with its top-left corner at (`x`, `y`),
    /// clipped to this canvas and to `clip` when given.
    public mutating func draw(_ other: Canvas, x: Int, y: Int, clip: Rect? = nil) {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        for oy in 0..<other.height {
            let ty = y + oy
            guard ty >= area.y, ty < area.maxY else { continue }
            for ox in 0..<other.width {
                let tx = x + ox
                guard tx >= area.x, tx < area.maxX else { continue }
                let cell = other[ox, oy]
                if cell.isContinuation {
                    // Keep a continuation only right after its wide lead.
                    if tx > area.x, cells[ty * width + tx - 1].width == 2 { cells[ty * width + tx] = cell }
                    else { setCell(x: tx, y: ty, Cell(text: " ", width: 1, style: cell.style)) }
                } else if cell.width == 2 && tx + 1 >= area.maxX {
                    setCell(x: tx, y: ty, Cell(text: " ", width: 1, style: cell.style))
                } else {
                    setCell(x: tx, y: ty, cell)
                }
            }
        }
    }

    // MARK: reading

    /// Row `y` as text, exactly `width` columns wide.
    public func line(_ y: Int) -> String {
        var s = ""
        s.reserveCapacity(width)
        for x in 0..<width {
            let c = cells[y * width + x]
            if !c.isContinuation { s += c.text }
        }
        return s
    }

    /// Every row, each exactly `width` columns wide.
    public var lines: [String] { (0..<height).map(line) }

    /// The canvas as plain text: rows joined by newlines, trailing blanks removed.
    /// This is what snapshots store and `statdeck snapshot` prints.
    public var text: String {
        lines.map { line in
            var l = Substring(line)
            while l.last == " " { l.removeLast() }
            return String(l)
        }.joined(separator: "\n")
    }

    /// The runs of equal style in row `y`, as (first column, column count, style).
    public func styleRuns(row y: Int) -> [(x: Int, width: Int, style: Style)] {
        var runs: [(x: Int, width: Int, style: Style)] = []
        for x in 0..<width {
            let s = cells[y * width + x].style
            if let last = runs.last, last.style == s, last.x + last.width == x {
                runs[runs.count - 1].width += 1
            } else {
                runs.append((x, 1, s))
            }
        }
        return runs
    }

    /// The first position of `text` on the canvas (column, row), searching row by row.
    /// Columns count display width, so the result can be used with `style(x:y:)`.
    public func find(_ text: String) -> (x: Int, y: Int)? {
        for y in 0..<height {
            let row = line(y)
            guard let range = row.firstRange(of: text) else { continue }
            return (DisplayWidth.of(row[row.startIndex..<range.lowerBound]), y)
        }
        return nil
    }
}

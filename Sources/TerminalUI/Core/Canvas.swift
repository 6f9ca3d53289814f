/// One cell of a `Canvas`: the character drawn there and its style.
///
/// A wide character (CJK, emoji) fills its cell with `width == 2` and the cell to its
/// right with a continuation (`width == 0`). Up to two combining marks live in the
/// same cell as the character they modify. Plain data, so canvases copy cheaply.
public struct Cell: Sendable, Hashable {
    /// The spacing character.
    public var scalar: Unicode.Scalar
    /// Combining marks joined to it (0 when absent).
    public internal(set) var mark1: UInt32 = 0
    public internal(set) var mark2: UInt32 = 0
    /// Columns this cell's character takes: 1, 2, or 0 for the right half of a wide character.
    public var width: UInt8
    public var style: Style

    public init(_ scalar: Unicode.Scalar = " ", width: UInt8 = 1, style: Style = .plain) {
        self.scalar = scalar
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
    public var isContinuation: Bool { width == 0 }

    /// The character and its marks as text; "" for a continuation.
    public var text: String {
        if isContinuation { return "" }
        var s = String.UnicodeScalarView()
        for u in scalars { s.append(u) }
        return String(s)
    }

    /// The scalars of this cell in order: the character, then its marks.
    public var scalars: [Unicode.Scalar] {
        var out = [scalar]
        if mark1 != 0, let m = Unicode.Scalar(mark1) { out.append(m) }
        if mark2 != 0, let m = Unicode.Scalar(mark2) { out.append(m) }
        return out
    }

    /// Joins a combining mark to the character; returns false when there is no room.
    mutating func addMark(_ mark: Unicode.Scalar) -> Bool {
        if mark1 == 0 { mark1 = mark.value; return true }
        if mark2 == 0 { mark2 = mark.value; return true }
        return false
    }
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
                if let index = lastCell, scalar.properties.generalCategory != .control {
                    _ = cells[index].addMark(scalar)
                }
                continue
            }
            lastCell = put(scalar, width: w, x: col, y: y, style: style, area: area)
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
    private mutating func put(_ scalar: Unicode.Scalar, width w: Int, x: Int, y: Int, style: Style, area: Rect) -> Int? {
        guard x >= area.x, x < area.maxX else { return nil }
        if x + w > area.maxX {
            // Half a wide character would show: draw a blank in its place.
            setCell(x: x, y: y, Cell(" ", width: 1, style: style))
            return nil
        }
        setCell(x: x, y: y, Cell(scalar, width: UInt8(w), style: style))
        if w == 2 { setCell(x: x + 1, y: y, Cell(" ", width: 0, style: style)) }
        return y * width + x
    }

    /// Stores a cell, first breaking any wide character it would cut in half.
    @inline(__always)
    private mutating func setCell(x: Int, y: Int, _ cell: Cell) {
        let i = y * width + x
        let oldWidth = cells[i].width
        if oldWidth != 1 {
            if oldWidth == 0 && x > 0 && cells[i - 1].width == 2 {
                cells[i - 1] = Cell(" ", width: 1, style: cells[i - 1].style)
            }
            if oldWidth == 2 && x + 1 < width && cells[i + 1].isContinuation {
                cells[i + 1] = Cell(" ", width: 1, style: cells[i + 1].style)
            }
        }
        cells[i] = cell
    }

    /// Fills a rectangle with one narrow character (default: blanks).
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .plain) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        let text = String(character)
        let w = DisplayWidth.of(character)
        let scalar = character.unicodeScalars.first ?? " "
        for yy in r.y..<r.maxY {
            if w == 1 && character.unicodeScalars.count == 1 {
                if r.x > 0 { setCell(x: r.x, y: yy, Cell(scalar, width: 1, style: style)) }
                if r.maxX < width { setCell(x: r.maxX - 1, y: yy, Cell(scalar, width: 1, style: style)) }
                let row = yy * width
                for xx in r.x..<r.maxX { cells[row + xx] = Cell(scalar, width: 1, style: style) }
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
    /// clipped to this canvas and to `clip` when given. Wide characters cut by the
    /// clip edges become blanks.
    public mutating func draw(_ other: Canvas, x: Int, y: Int, clip: Rect? = nil) {
        let area = (clip.map { $0.intersection(bounds) } ?? bounds)
            .intersection(Rect(x: x, y: y, width: other.width, height: other.height))
        guard !area.isEmpty else { return }
        for ty in area.y..<area.maxY {
            let sourceRow = (ty - y) * other.width - x
            let row = ty * width
            // The edges may cut wide characters (here or in the source): go cell by cell.
            let first = area.x, last = area.maxX - 1
            for tx in [first, last] where tx >= first {
                let cell = other.cells[sourceRow + tx]
                if cell.isContinuation && tx == first {
                    setCell(x: tx, y: ty, Cell(" ", width: 1, style: cell.style))
                } else if cell.width == 2 && tx == last {
                    setCell(x: tx, y: ty, Cell(" ", width: 1, style: cell.style))
                } else {
                    setCell(x: tx, y: ty, cell)
                }
                if first == last { break }
            }
            // The inside is copied as is; wide pairs stay whole.
            if last - first > 1 {
                for tx in (first + 1)..<last { cells[row + tx] = other.cells[sourceRow + tx] }
            }
        }
    }

    // MARK: reading

    /// Row `y` as text, exactly `width` columns wide.
    public func line(_ y: Int) -> String {
        var s = String.UnicodeScalarView()
        for x in 0..<width {
            let c = cells[y * width + x]
            if c.isContinuation { continue }
            s.append(c.scalar)
            if c.mark1 != 0 { s.append(contentsOf: c.scalars.dropFirst()) }
        }
        return String(s)
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

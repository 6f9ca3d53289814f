import Testing
@testable import TerminalUI

@Suite("Canvas")
struct CanvasTests {
    @Test("text is written at a position and clipped at the right edge, never wrapped")
    func clipsAtEdge() {
        var c = Canvas(width: 8, height: 2)
        let end = c.write("Hello, world", x: 3, y: 0)
        #expect(c.lines == ["   Hello", "        "])
        #expect(end == 8)
    }

    @Test("text starting left of the canvas shows only its visible part")
    func negativeColumn() {
        var c = Canvas(width: 5, height: 1)
        c.write("abcdef", x: -2, y: 0)
        #expect(c.line(0) == "cdef ")
    }

    @Test("rows outside the canvas are ignored")
    func rowsOutside() {
        var c = Canvas(width: 3, height: 1)
        c.write("abc", x: 0, y: 1)
        c.write("abc", x: 0, y: -1)
        #expect(c.line(0) == "   ")
    }

    @Test("CJK and emoji take two columns; the next cell continues them")
    func wideCharacters() {
        var c = Canvas(width: 8, height: 1)
        let end = c.write("血液ok😀", x: 0, y: 0)
        #expect(end == 8)
        #expect(c.line(0) == "血液ok😀")
        #expect(c[0, 0].width == 2 && c[1, 0].isContinuation)
        #expect(c[4, 0].text == "o")
        #expect(c[6, 0].text == "😀" && c[7, 0].isContinuation)
    }

    @Test("a wide character that would be cut in half at the edge leaves a blank")
    func wideAtEdge() {
        var c = Canvas(width: 3, height: 1)
        c.write("a血液", x: 0, y: 0)
        #expect(c.line(0) == "a血")
        var d = Canvas(width: 2, height: 1)
        d.write("a血", x: 0, y: 0)
        #expect(d.line(0) == "a ")
        #expect(DisplayWidth.of(d.line(0)) == 2)
    }

    @Test("combining marks stay in the cell of their letter and take no column")
    func combiningMarks() {
        var c = Canvas(width: 6, height: 1)
        let end = c.write("Ce\u{301}sar", x: 0, y: 0)
        #expect(end == 5)
        #expect(c[1, 0].text == "e\u{301}")
        #expect(c[2, 0].text == "s")
        #expect(c.line(0) == "Ce\u{301}sar ")
    }

    @Test("line breaks and control characters are not drawn; a tab is one space")
    func controls() {
        var c = Canvas(width: 6, height: 2)
        c.write("a\nb\tc\u{7}", x: 0, y: 0)
        #expect(c.lines == ["ab c  ", "      "])
    }

    @Test("overwriting half of a wide character blanks its other half")
    func overwriteHalves() {
        var c = Canvas(width: 4, height: 1)
        c.write("血液", x: 0, y: 0)
        c.write("x", x: 1, y: 0)           // right half of 血
        #expect(c.line(0) == " x液")
        c.write("y", x: 2, y: 0)           // left half of 液
        #expect(c.line(0) == " xy ")
        #expect(c.lines.allSatisfy { DisplayWidth.of($0) == 4 })
    }

    @Test("a wide character written over the left half of another blanks the orphaned half")
    func wideOverWide() {
        var c = Canvas(width: 5, height: 1)
        c.write("血液", x: 1, y: 0)       // cells 1-2, 3-4
        c.write("中", x: 2, y: 0)          // covers right half of 血 and left half of 液
        #expect(c.line(0) == "  中 ")
        #expect(DisplayWidth.of(c.line(0)) == 5)
    }

    @Test("writes stop at a clip rectangle")
    func clipRect() {
        var c = Canvas(width: 10, height: 2)
        c.write("abcdefgh", x: 2, y: 0, clip: Rect(x: 3, y: 0, width: 4, height: 1))
        c.write("zzz", x: 0, y: 1, clip: Rect(x: 3, y: 0, width: 4, height: 1))
        #expect(c.lines == ["   bcde   ", "          "])
    }

    @Test("padding to a width overwrites what was there")
    func padToWidth() {
        var c = Canvas(width: 8, height: 1)
        c.write("xxxxxxxx", x: 0, y: 0)
        c.write("ab", x: 1, y: 0, width: 4)
        #expect(c.line(0) == "xab  xxx")
    }

    @Test("styles are kept per cell and reported as runs")
    func styles() {
        var c = Canvas(width: 6, height: 1)
        let bold = Style(attributes: .bold)
        c.write("ab", x: 1, y: 0, style: bold)
        #expect(c.style(x: 0, y: 0) == .plain)
        #expect(c.style(x: 1, y: 0) == bold)
        let runs = c.styleRuns(row: 0)
        #expect(runs.map(\.x) == [0, 1, 3])
        #expect(runs.map(\.width) == [1, 2, 3])
        c.addAttributes(.reverse, in: Rect(x: 0, y: 0, width: 2, height: 1))
        #expect(c.style(x: 1, y: 0).attributes == [.bold, .reverse])
        #expect(c.style(x: 0, y: 0).attributes == .reverse)
    }

    @Test("drawing one canvas onto another is clipped and keeps wide characters whole")
    func drawCanvas() {
        var src = Canvas(width: 4, height: 2)
        src.write("a血b", x: 0, y: 0)
        src.write("cdef", x: 0, y: 1)
        var dst = Canvas(width: 5, height: 2)
        dst.draw(src, x: 2, y: 1)
        #expect(dst.lines == ["     ", "  a血"])
        var clipped = Canvas(width: 5, height: 1)
        clipped.draw(src, x: 0, y: 0, clip: Rect(x: 0, y: 0, width: 2, height: 1))
        #expect(clipped.line(0) == "a    ")
    }

    @Test("a wide character cut by a clip edge while copying becomes a blank, never half a glyph")
    func drawCutsWide() {
        var src = Canvas(width: 6, height: 1)
        src.write("血液ab", x: 0, y: 0)
        var dst = Canvas(width: 6, height: 1)
        dst.fill(dst.bounds, with: ".")
        dst.draw(src, x: 0, y: 0, clip: Rect(x: 1, y: 0, width: 2, height: 1))   // cuts 血 and 液
        #expect(dst.line(0) == ".  ...")
        var over = Canvas(width: 6, height: 1)
        over.write("中中中", x: 0, y: 0)
        over.draw(src, x: 0, y: 0, clip: Rect(x: 1, y: 0, width: 4, height: 1))
        #expect(DisplayWidth.of(over.line(0)) == 6)
        #expect(over.line(0) == "  液a ")
    }

    @Test("up to two combining marks join a character; more are dropped")
    func manyMarks() {
        var c = Canvas(width: 3, height: 1)
        c.write("a\u{301}\u{323}\u{308}b", x: 0, y: 0)
        #expect(c[0, 0].text == "a\u{301}\u{323}")
        #expect(c.line(0) == "a\u{301}\u{323}b ")
    }

    @Test("text trims trailing blanks; find reports display columns")
    func textAndFind() {
        var c = Canvas(width: 10, height: 2)
        c.write("血 here", x: 1, y: 1)
        #expect(c.text == "\n 血 here")
        #expect(c.find("here")! == (x: 4, y: 1))
        #expect(c.find("absent") == nil)
    }

    @Test("zero-sized canvases accept writes")
    func zeroSize() {
        var c = Canvas(width: 0, height: 0)
        c.write("abc", x: 0, y: 0)
        c.fill(Rect(x: 0, y: 0, width: 3, height: 3), with: "x")
        #expect(c.text == "")
    }
}

import Testing
@testable import TerminalUI

@Suite("Text layout")
struct TextLayoutTests {
    @Test("wrap breaks at spaces and keeps every line within the width")
    func wrapWords() {
        let lines = TextLayout.wrap("A provider orders blood cultures and a CBC.", width: 16)
        #expect(lines == ["A provider", "orders blood", "cultures and a", "CBC."])
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 16 })
    }

    @Test("a word longer than the line is split; CJK counts two columns")
    func wrapLongWord() {
        #expect(TextLayout.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TextLayout.wrap("血液血液血", width: 4) == ["血液", "血液", "血"])
    }

    @Test("line breaks start new lines and blank lines are kept")
    func wrapNewlines() {
        #expect(TextLayout.wrap("one two\n\nthree", width: 20) == ["one two", "", "three"])
    }

    @Test("wrap of nothing or into no width")
    func wrapEdges() {
        #expect(TextLayout.wrap("", width: 5) == [""])
        #expect(TextLayout.wrap("abc", width: 0) == [])
    }

    @Test("truncate ends in an ellipsis only when it cuts")
    func truncate() {
        #expect(TextLayout.truncate("Special Collections", width: 30) == "Special Collections")
        #expect(TextLayout.truncate("Special Collections", width: 10) == "Special C…")
        #expect(TextLayout.truncate("Special Collections", width: 9) == "Special…")
        #expect(TextLayout.truncate("血液血液", width: 4) == "血…")
        #expect(TextLayout.truncate("abc", width: 1) == "…")
        #expect(TextLayout.truncate("abc", width: 0) == "")
        #expect(DisplayWidth.of(TextLayout.truncate("血液血液", width: 5)) <= 5)
    }

    @Test("pad fills to an exact width in each alignment")
    func pad() {
        #expect(TextLayout.pad("ab", width: 5) == "ab   ")
        #expect(TextLayout.pad("ab", width: 5, alignment: .right) == "   ab")
        #expect(TextLayout.pad("ab", width: 5, alignment: .centre) == " ab  ")
        #expect(TextLayout.pad("abcdef", width: 4) == "abc…")
        #expect(DisplayWidth.of(TextLayout.pad("血", width: 5, alignment: .centre)) == 5)
    }
}

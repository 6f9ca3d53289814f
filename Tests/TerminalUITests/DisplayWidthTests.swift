import Testing
@testable import TerminalUI

@Suite("Display width")
struct DisplayWidthTests {
    @Test("ASCII and Latin letters are one column", arguments: ["a", "Z", "~", "é", "ñ", "Ø", "ß", "Ω", "Ж", "·", "—", "✓", "│", "█", "▸"])
    func narrow(_ s: String) {
        #expect(DisplayWidth.of(s) == 1)
    }

    @Test("CJK, Hangul, fullwidth forms and emoji are two columns", arguments: ["血", "液", "あ", "カ", "한", "Ａ", "。", "😀", "🩸", "💉", "⌚", "✅"])
    func wide(_ s: String) {
        #expect(DisplayWidth.of(s) == 2)
    }

    @Test("combining marks, zero-width spaces and controls take no column", arguments: ["\u{301}", "\u{20DD}", "\u{200B}", "\u{200D}", "\u{FE0F}", "\u{7}", "\n"])
    func zero(_ s: String) {
        #expect(DisplayWidth.of(s) == 0)
    }

    @Test("strings add up their characters")
    func strings() {
        #expect(DisplayWidth.of("Ácido 血液 ✓") == 12)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("") == 0)
    }
}

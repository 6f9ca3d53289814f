import CNcursesw
import Glibc
import Testing
@testable import TerminalBackend
@testable import TerminalUI

@Suite("Terminal backend without a terminal")
struct TerminalBackendTests {
    @Test("arrow, page, home/end, keypad Enter, Backspace, Delete, Shift-Tab and F-keys decode from curses codes")
    func keyCodes() {
        let cases: [(Int32, Key)] = [
            (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
            (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown), (KEY_HOME, .home), (KEY_END, .end),
            (KEY_ENTER, .enter), (KEY_BACKSPACE, .backspace), (KEY_DC, .delete), (KEY_BTAB, .backTab),
            (cnc_key_f(1), .function(1)), (cnc_key_f(12), .function(12)),
        ]
        for (code, key) in cases {
            #expect(KeyDecoder.key(code: code) == key, "\(String(cString: keyname(code)))")
        }
        #expect(KeyDecoder.key(code: KEY_MOUSE) == nil)
    }

    @Test("Enter, Tab, Esc, Backspace, Ctrl-letters and any script decode from characters")
    func characters() {
        #expect(KeyDecoder.key(character: 10) == .enter)
        #expect(KeyDecoder.key(character: 13) == .enter)
        #expect(KeyDecoder.key(character: 9) == .tab)
        #expect(KeyDecoder.key(character: 27) == .escape)
        #expect(KeyDecoder.key(character: 127) == .backspace)
        #expect(KeyDecoder.key(character: 8) == .backspace)
        #expect(KeyDecoder.key(character: 12) == .control("l"))
        #expect(KeyDecoder.key(character: 113) == .char("q"))
        #expect(KeyDecoder.key(character: 0x8840) == .char("血"))
        #expect(KeyDecoder.key(character: 0xE9) == .char("é"))
        #expect(KeyDecoder.key(character: 0) == nil)
        #expect(KeyDecoder.key(character: 0xD800) == nil)
    }

    @Test("style attributes map to the curses attribute bits")
    func attributes() {
        #expect(CursesTerminal.attributes([]) == CNC_A_NORMAL)
        #expect(CursesTerminal.attributes([.bold, .reverse]) == CNC_A_BOLD | CNC_A_REVERSE)
        #expect(CursesTerminal.attributes(.underline) == CNC_A_UNDERLINE)
        #expect(CursesTerminal.attributes(.dim) == CNC_A_DIM)
    }

    @Test("DisplayWidth agrees with glibc wcwidth for every assigned character up to U+3FFFF")
    func widthMatchesGlibc() throws {
        try TerminalLocale.adoptUTF8()
        #expect(TerminalLocale.codeset == "UTF-8")
        var mismatches: [String] = []
        for v in UInt32(0x20)...UInt32(0x3FFFF) {
            guard let u = Unicode.Scalar(v) else { continue }
            switch u.properties.generalCategory {
            case .unassigned, .privateUse, .surrogate: continue
            default: break
            }
            let glibc = Int(wcwidth(wchar_t(bitPattern: v)))
            if glibc >= 0 && glibc != DisplayWidth.of(u) {
                mismatches.append("U+\(String(v, radix: 16, uppercase: true)) glibc \(glibc) ours \(DisplayWidth.of(u))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, e.g. \(mismatches.prefix(10))")
    }

    @Test("the start-up errors name the problem and the fix, with exit 2 for no terminal and 1 for a bad one")
    func messages() {
        #expect(TerminalStartError.unknownTerminal("foo").description == "unknown terminal type 'foo'; try TERM=xterm-256color")
        #expect(TerminalStartError.unknownTerminal("").description == "TERM is not set, so the terminal type is unknown; try TERM=xterm-256color")
        #expect(TerminalStartError.noCursorAddressing("dumb").description.contains("'dumb' cannot position the cursor"))
        #expect(TerminalStartError.notATerminal.exitStatus == 2)
        #expect(TerminalStartError.unknownTerminal("x").exitStatus == 1)
        #expect(TerminalStartError.noCursorAddressing("dumb").exitStatus == 1)
    }

    @Test("starting curses without a terminal throws instead of taking over or exiting",
          .enabled(if: isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0))
    @MainActor
    func noTerminal() {
        #expect(throws: TerminalStartError.notATerminal) { try CursesTerminal.start() }
    }
}

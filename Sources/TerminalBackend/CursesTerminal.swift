import CNcursesw
import Glibc
import TerminalUI

/// Input from the terminal: a key, a change of size, or the terminal going away.
public enum TerminalInput: Sendable, Equatable {
    case key(Key)
    case resize
    /// The terminal was closed (hang-up, end of input): the app must save and exit.
    case closed
}

/// The curses screen: the only object that calls ncurses. curses is not thread-safe,
/// so it lives on the main actor.
@MainActor
public final class CursesTerminal {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    /// Colours the terminal offers (0 when it has none).
    public let colorCount: Int
    private var pairs: [Int32: Int16] = [:]
    private var nextPair: Int16 = 1
    private var ended = false

    private init(screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>, colorCount: Int) {
        self.screen = screen
        self.window = window
        self.colorCount = colorCount
    }

    /// Checks, without taking the terminal over, everything `start()` would refuse: standard
    /// input and output are a terminal, `$TERM` is set, has a terminfo entry and can position
    /// the cursor. Commands call it before they create anything.
    nonisolated public static func preflight() throws(TerminalStartError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        let termName = getenv("TERM").map { String(cString: $0) } ?? ""
        guard !termName.isEmpty else { throw .unknownTerminal(termName) }
        switch cnc_term_usable(termName) {
        case 1: return
        case 0: throw .noCursorAddressing(termName)
        default: throw .unknownTerminal(termName)
        }
    }

    /// Takes over the terminal: checks it is a usable TTY, `newterm` (not `initscr`,
    /// which exits by itself on an unknown `$TERM`), then cbreak, noecho, keypad,
    /// a 25 ms Esc delay, keypad Enter, hidden cursor and colours.
    public static func start() throws(TerminalStartError) -> CursesTerminal {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        capReportedSize()
        let termName = getenv("TERM").map { String(cString: $0) } ?? ""
        guard !termName.isEmpty, let scr = newterm(nil, cnc_stdout(), cnc_stdin()) else {
            throw .unknownTerminal(termName)
        }
        if cnc_has_string_cap("cup") == 0 {
            // e.g. TERM=dumb: newterm works but nothing can be placed on the screen.
            endwin()
            delscreen(scr)
            throw .noCursorAddressing(termName)
        }
        let win = cnc_stdscr()!
        cbreak()                       // keys at once; Ctrl-C, Ctrl-Z still send signals
        noecho()
        keypad(win, true)
        set_escdelay(25)               // a lone Esc shows within 50 ms (default 1 s)
        if cnc_has_string_cap("kent") == 0 {
            define_key("\u{1B}OM", KEY_ENTER)   // keypad Enter under tmux (tmux-256color has no kent)
        }
        curs_set(0)
        var colors = 0
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(cnc_colors())
        }
        return CursesTerminal(screen: scr, window: win, colorCount: colors)
    }

    /// Gives the terminal back: cursor on, normal mode, main screen. Safe to call twice.
    public func end() {
        guard !ended else { return }
        ended = true
        curs_set(1)
        endwin()
        delscreen(screen)
    }

    /// The largest width or height drawn: a terminal (or `COLUMNS`/`LINES`) reporting more gets
    /// this much, so a bogus size cannot make the app allocate gigabytes.
    nonisolated public static let maxSide = 1000

    /// The terminal's size now (at most `maxSide` each way).
    public var size: Size {
        Size(width: min(Int(getmaxx(window)), Self.maxSide), height: min(Int(getmaxy(window)), Self.maxSide))
    }

    /// Before curses sizes its own buffers: `COLUMNS`/`LINES` beyond `maxSide` are dropped when
    /// the terminal reports a size of its own (curses then uses that), and a terminal that
    /// reports more than `maxSide` gets the variables set to the capped size (curses prefers them).
    nonisolated static func capReportedSize() {
        var ws = winsize()
        let tty = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0
            ? (cols: Int(ws.ws_col), rows: Int(ws.ws_row)) : nil
        func env(_ name: String) -> Int? { getenv(name).flatMap { Int(String(cString: $0)) } }
        if (env("COLUMNS") ?? 0) > maxSide || (env("LINES") ?? 0) > maxSide {
            if let tty, tty.cols <= maxSide, tty.rows <= maxSide {
                unsetenv("COLUMNS"); unsetenv("LINES")
            } else {
                setenv("COLUMNS", String(min(env("COLUMNS") ?? 80, maxSide)), 1)
                setenv("LINES", String(min(env("LINES") ?? 24, maxSide)), 1)
            }
        } else if let tty, tty.cols > maxSide || tty.rows > maxSide {
            setenv("COLUMNS", String(min(tty.cols, maxSide)), 1)
            setenv("LINES", String(min(tty.rows, maxSide)), 1)
        }
    }

    /// True when the terminal has gone (hang-up, closed input), checked without waiting.
    nonisolated static func inputClosed() -> Bool {
        var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&fds, 1, 0) >= 0 else { return errno != EINTR }
        if fds.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return true }
        return false
    }

    /// Waits up to `timeoutMs` for input; nil on timeout or when a signal interrupted the wait.
    public func read(timeoutMs: Int32) -> TerminalInput? {
        wtimeout(window, timeoutMs)
        var wc: wint_t = 0
        switch wget_wch(window, &wc) {
        case KEY_CODE_YES:
            let code = Int32(bitPattern: wc)
            if code == KEY_RESIZE { return .resize }
            return KeyDecoder.key(code: code).map(TerminalInput.key)
        case OK:
            return KeyDecoder.key(character: wc).map(TerminalInput.key)
        default:
            return Self.inputClosed() ? .closed : nil
        }
    }

    /// Copies a canvas to the screen with the wide-character API; curses works out
    /// what actually changed and sends only that.
    public func draw(_ canvas: Canvas) {
        let rows = min(canvas.height, Int(getmaxy(window)))
        let cols = min(canvas.width, Int(getmaxx(window)))
        var chars = [wchar_t](repeating: 0, count: 6)
        var lastStyle: Style? = nil
        var attrs: attr_t = CNC_A_NORMAL
        var pair: Int16 = 0
        var cc = cchar_t()
        for y in 0..<rows {
            for x in 0..<cols {
                let cell = canvas[x, y]
                if cell.isContinuation { continue }
                if cell.style != lastStyle {
                    lastStyle = cell.style
                    attrs = CursesTerminal.attributes(cell.style.attributes)
                    pair = colorPair(cell.style)
                }
                // A wide character that no longer fits (the window just shrank) becomes a blank.
                let fits = cell.width < 2 || x + 1 < cols
                chars[0] = wchar_t(bitPattern: fits ? cell.scalar.value : 32)
                var n = 1
                if fits && cell.mark1 != 0 {
                    for mark in cell.scalars.dropFirst() {
                        chars[n] = wchar_t(bitPattern: mark.value)
                        n += 1
                    }
                }
                chars[n] = 0
                setcchar(&cc, chars, attrs, pair, nil)
                mvwadd_wch(window, Int32(y), Int32(x), &cc)
            }
        }
        wnoutrefresh(window)
        doupdate()
    }

    /// Forgets what curses thinks is on the screen, so the next draw repaints everything.
    public func invalidate() {
        clearok(window, true)
    }

    nonisolated static func attributes(_ a: Attributes) -> attr_t {
        var out = CNC_A_NORMAL
        if a.contains(.bold) { out |= CNC_A_BOLD }
        if a.contains(.dim) { out |= CNC_A_DIM }
        if a.contains(.reverse) { out |= CNC_A_REVERSE }
        if a.contains(.underline) { out |= CNC_A_UNDERLINE }
        return out
    }

    /// The colour pair for a style's colours, made on first use (0: terminal default).
    private func colorPair(_ style: Style) -> Int16 {
        guard colorCount > 0 else { return 0 }
        func usable(_ c: Color) -> Int16 { c.number < colorCount ? Int16(c.number) : -1 }
        let fg = usable(style.foreground), bg = usable(style.background)
        if fg == -1 && bg == -1 { return 0 }
        let key = Int32(fg) << 16 | Int32(UInt16(bitPattern: bg))
        if let p = pairs[key] { return p }
        guard Int32(nextPair) < cnc_color_pairs() else { return 0 }
        let p = nextPair
        nextPair += 1
        init_pair(p, fg, bg)
        pairs[key] = p
        return p
    }
}

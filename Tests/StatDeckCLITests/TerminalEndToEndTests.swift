import Foundation
import Testing

/// The real `statdeck` binary driven in a private tmux server, as a user would.
/// Skipped (with this reason) when tmux is not installed; CI installs it.
@Suite("Terminal end to end (tmux)", .serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests skipped (apt-get install tmux)"))
final class TerminalEndToEndTests {
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: home) }

    var environment: [String: String] { ["STATDECK_HOME": home.path] }

    func app(width: Int = 80, height: Int = 24, extra: [String: String] = [:]) throws -> TmuxSession {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        return try TmuxSession(command: [StatDeckBinary.path], width: width, height: height,
                               environment: environment.merging(extra) { $1 })
    }

    @Test("starts on the CPT or CCMA? screen, navigates, shows help, and q quits with status 0")
    func startAndQuit() throws {
        let t = try app()
        t.waitFor("CPT or CCMA?")
        t.waitFor("q quit")
        let rows = t.screen(keepBlanks: true).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(rows.count == 24)
        #expect(rows.allSatisfy { $0.count == 80 }, "every row is 80 columns")
        #expect(t.pane("#{alternate_on}") == "1")

        t.send("Right")
        t.waitFor("▸ CCMA")
        t.send("Enter")
        t.waitFor("About the exam · CCMA")
        t.waitFor("Esc back")
        t.send("Escape")
        t.waitFor("choose your exam")
        t.send("?")
        t.waitFor("Keys · CPT or CCMA?")
        t.send("Escape")
        t.waitFor("Enter about the CCMA exam")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
        t.waitForPane("#{alternate_on} #{keypad_flag} #{keypad_cursor_flag}", toRead: "0 0 0")
    }

    @Test("keypad Enter works under tmux (TERM=tmux-256color has no kent)")
    func keypadEnter() throws {
        let t = try app()
        t.waitFor("q quit")
        t.send("KPEnter")
        t.waitFor("About the exam · CPT")
        t.send("q", "q")
        _ = t.waitForExit()
    }

    @Test("resizing to 60x20 shows 'Terminal too small', and back to 80x24 restores the screen")
    func resize() throws {
        let t = try app()
        t.waitFor("q quit")
        t.send("Enter")
        t.waitFor("About the exam · CPT")
        t.resize(width: 60, height: 20)
        t.waitFor("Terminal too small: need 80x24, have 60x20")
        t.resize(width: 80, height: 24)
        t.waitFor("About the exam · CPT")
        let rows = t.screen(keepBlanks: true).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(rows.count == 24 && rows.allSatisfy { $0.count == 80 })
        t.resize(width: 100, height: 30)
        t.waitFor("a 100-column screen") { screen in screen.split(separator: "\n").first?.count == 100 }
        t.send("q", "q")
        #expect(t.waitForExit() == "exit 0")
    }

    @Test("colour by default; NO_COLOR draws with attributes only and still marks the choice")
    func noColor() throws {
        let colour = try app()
        colour.waitFor("q quit")
        #expect(!colourCodes(in: colour.screenWithStyles()).isEmpty, "colours in the default theme")
        let mono = try app(extra: ["NO_COLOR": "1"])
        mono.waitFor("q quit")
        let styled = mono.screenWithStyles()
        #expect(colourCodes(in: styled).isEmpty, "no colour codes with NO_COLOR")
        #expect(styled.contains("\u{1B}[7m") || styled.contains(";7m"), "the choice is in reverse video")
        #expect(mono.screen().contains("▸ CPT"))
    }

    /// The SGR parameters that set a colour (30-37, 40-47, 38;5;n, 48;5;n, bright 90-107).
    func colourCodes(in screen: String) -> [String] {
        var found: [String] = []
        for match in screen.matches(of: /\x1B\[([0-9;]*)m/) {
            let params = match.1.split(separator: ";").compactMap { Int($0) }
            if params.contains(where: { (30...37).contains($0) || (40...47).contains($0) || $0 == 38 || $0 == 48 || (90...107).contains($0) }) {
                found.append(String(match.1))
            }
        }
        return found
    }

    @Test("TERM=dumb, an unknown TERM and no TERM are refused with a message and status 1")
    func badTerminals() throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let sh = try ShellSession(environment: environment)
        let dumb = sh.run("TERM=dumb \(StatDeckBinary.path)")
        #expect(dumb.status == 1)
        #expect(dumb.screen.contains("statdeck: terminal type 'dumb' cannot position the cursor"))
        let unknown = sh.run("TERM=nonexistent-term \(StatDeckBinary.path)")
        #expect(unknown.status == 1)
        #expect(unknown.screen.contains("statdeck: unknown terminal type 'nonexistent-term'; try TERM=xterm-256color"))
        let unset = sh.run("env -u TERM \(StatDeckBinary.path)")
        #expect(unset.status == 1)
        #expect(unset.screen.contains("statdeck: TERM is not set"))
        #expect(sh.tmux.pane("#{alternate_on} #{cursor_flag}") == "0 1")
    }

    @Test("SIGTERM, SIGINT (Ctrl-C) and SIGHUP restore the terminal and exit by the signal",
          arguments: [("TERM", SIGTERM, 143), ("C-c", SIGINT, 130), ("HUP", SIGHUP, 129)])
    func signals(_ how: String, _ sig: Int32, _ expected: Int) throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let sh = try ShellSession(environment: environment)
        let before = sh.sttyFlags()
        #expect(before.contains("icanon"))
        sh.start(StatDeckBinary.path)
        sh.tmux.waitFor("q quit")
        if how == "C-c" {
            sh.tmux.send("C-c")
        } else {
            let pid = try #require(Shell.children(of: sh.shellPID, named: "statdeck").first)
            kill(pid, sig)
        }
        #expect(sh.waitForNoApp())
        #expect(sh.lastStatus() == expected)
        #expect(sh.sttyFlags() == before)
        #expect(sh.tmux.pane("#{alternate_on} #{cursor_flag}") == "0 1")
    }

    @Test("Ctrl-Z suspends to the shell and fg redraws the screen")
    func suspendAndResume() throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let sh = try ShellSession(environment: environment)
        let before = sh.sttyFlags()
        sh.start(StatDeckBinary.path)
        sh.tmux.waitFor("q quit")
        sh.tmux.send("Right")
        sh.tmux.waitFor("▸ CCMA")
        sh.tmux.send("C-z")
        sh.tmux.waitFor("Stopped")
        #expect(sh.tmux.pane("#{alternate_on} #{cursor_flag}") == "0 1")
        #expect(sh.sttyFlags() == before)
        sh.tmux.send("fg", "Enter")
        sh.tmux.waitFor("▸ CCMA")
        sh.tmux.waitFor("CPT or CCMA?")
        sh.tmux.send("Enter")
        sh.tmux.waitFor("About the exam · CCMA")
        sh.tmux.send("q", "q")
        #expect(sh.waitForNoApp())
        #expect(sh.lastStatus() == 0)
        #expect(sh.sttyFlags() == before)
    }

    @Test("a crash or a thrown error after the first frame still restores the terminal",
          arguments: ["crash", "throw"])
    func failures(_ kind: String) throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let sh = try ShellSession(environment: environment)
        let before = sh.sttyFlags()
        let r = sh.run("SWIFT_BACKTRACE=interactive=no STATDECK_DEBUG_FAIL=\(kind) \(StatDeckBinary.path) 2>/dev/null; (exit $?)")
        if kind == "throw" {
            #expect(r.status == 1)
        } else {
            #expect(r.status.map { $0 > 128 } == true, "died by a signal")
        }
        #expect(sh.tmux.pane("#{alternate_on} #{cursor_flag}") == "0 1")
        #expect(sh.sttyFlags() == before)
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import StudyCore
@testable import TerminalUI

@Suite("App runtime")
struct AppTests {
    let size = Size(width: 80, height: 24)

    @Test("the top screen learns its body size: the terminal minus border, divider and footer")
    func bodySize() {
        let app = App(root: ProbeScreen("root"), size: size)
        #expect((app.top as? ProbeScreen)?.bodySize == Size(width: 78, height: 20))
        #expect(App.bodyRect(for: size) == Rect(x: 1, y: 1, width: 78, height: 20))
    }

    @Test("push shows a new screen; Esc and q go back; q at the first screen quits")
    func navigation() {
        var app = App(root: ProbeScreen("root"), size: size)
        _ = app.handle(.key(.char("n")))
        #expect(app.stack.count == 2)
        #expect(app.render().text.contains("screen root+"))
        _ = app.handle(.key(.escape))
        #expect(app.stack.count == 1)
        _ = app.handle(.key(.escape))
        #expect(app.stack.count == 1 && !app.isFinished)
        _ = app.handle(.key(.char("n")))
        _ = app.handle(.key(.char("q")))
        #expect(app.stack.count == 1 && !app.isFinished)
        _ = app.handle(.key(.char("q")))
        #expect(app.isFinished)
    }

    @Test("a screen that binds q or Esc gets them instead of going back")
    func boundBackKeys() {
        var probe = ProbeScreen("root")
        probe.bindings.append(KeyBinding(.char("q"), "end session"))
        var app = App(root: probe, size: size)
        _ = app.handle(.key(.char("q")))
        #expect(!app.isFinished)
        #expect((app.top as? ProbeScreen)?.received.last == "key q")
    }

    @Test("effects the runtime cannot perform come back to the host, in order")
    func externalEffects() {
        var app = App(root: ProbeScreen("root"), size: size)
        let saved = app.handle(.key(.char("s")))
        #expect(saved.map(\.name) == ["save"])
        _ = app.handle(.key(.char("n")))
        let out = app.handle(.key(.char("x")))   // startExam, then pop
        #expect(out.map(\.name) == ["startExam(cpt)"])
        #expect(app.stack.count == 1)
    }

    @Test("effect results reach the screen, and failures are shown in the footer until a key")
    func effectResults() {
        var app = App(root: ProbeScreen("root"), size: size)
        _ = app.handle(.effectResult(.failed(effect: "save", message: "disk full")))
        #expect((app.top as? ProbeScreen)?.received.last == "result failed(effect: \"save\", message: \"disk full\")")
        #expect(app.render().line(22).contains("! save failed: disk full"))
        _ = app.handle(.key(.char("z")))
        #expect(!app.render().line(22).contains("disk full"))
    }

    @Test("ticks go to the top screen")
    func ticks() {
        var app = App(root: ProbeScreen("root"), size: size)
        _ = app.handle(.tick(now: 1_800_000_000))
        #expect((app.top as? ProbeScreen)?.received.last == "tick 1800000000")
    }

    @Test("terminating asks every screen for its last effects, keeps saves and drops navigation")
    func terminating() {
        var root = ProbeScreen("root")
        root.saveOnExit = true
        var app = App(root: root, size: size)
        _ = app.handle(.key(.char("n")))
        let effects = app.terminate()
        #expect(effects.map(\.name) == ["save"])
        #expect(app.isFinished)
        #expect(app.handle(.key(.char("n"))).isEmpty)
    }

    @Test("? opens a help overlay listing the screen's keys and the global ones; ?, Esc or q close it")
    func help() {
        var app = App(root: ProbeScreen("root"), size: size)
        _ = app.handle(.key(.char("?")))
        #expect(app.isHelpVisible)
        let text = app.render().text
        #expect(text.contains("Keys · Probe"))
        #expect(text.contains("s  save"))
        #expect(text.contains("n  next screen"))
        #expect(text.contains("?  show or hide this help"))
        #expect(text.contains("q  quit"))
        #expect(text.contains("?/Esc close help"))
        _ = app.handle(.key(.char("s")))        // ignored while help is up
        #expect((app.top as? ProbeScreen)?.received.contains("s") == false)
        _ = app.handle(.key(.escape))
        #expect(!app.isHelpVisible && !app.isFinished)
    }

    @Test("the help overlay of a pushed screen says Esc/q go back")
    func helpPushed() {
        var app = App(root: ProbeScreen("root"), size: size)
        _ = app.handle(.key(.char("n")))
        _ = app.handle(.key(.char("?")))
        #expect(app.render().text.contains("Esc/q  back"))
    }

    @Test("the footer lists the screen's keys, then ? help and q quit (Esc back when pushed)")
    func footer() {
        var app = App(root: ProbeScreen("root"), size: size)
        #expect(app.render().line(22) == "│ " + TextLayout.pad("s save  n next screen  ? help  q quit", width: 77) + "│")
        _ = app.handle(.key(.char("n")))
        #expect(app.render().line(22).hasPrefix("│ s save  n next screen  ? help  Esc back "))
    }

    @Test("the frame draws the title and status of the top screen")
    func frame() {
        let app = App(root: ProbeScreen("root"), size: size)
        let canvas = app.render()
        #expect(canvas.line(0).hasPrefix("┌─ Probe ─"))
        #expect(canvas.line(21) == "├" + String(repeating: "─", count: 78) + "┤")
        #expect(canvas.line(23) == "└" + String(repeating: "─", count: 78) + "┘")
        #expect(canvas.line(1) == "│ screen root" + String(repeating: " ", count: 66) + "│")
    }

    @Test("below 80x24 only the too-small message shows, and it resumes when resized")
    func tooSmall() {
        var app = App(root: ProbeScreen("root"), size: Size(width: 60, height: 20))
        #expect(app.isTooSmall)
        let text = app.render().text
        #expect(text.contains("Terminal too small: need 80x24, have 60x20"))
        #expect(!text.contains("screen root"))
        _ = app.handle(.key(.char("s")))                       // keys do nothing unseen
        #expect((app.top as? ProbeScreen)?.received.contains("s") == false)
        _ = app.handle(.resize(Size(width: 80, height: 24)))
        #expect(app.render().text.contains("screen root"))
        #expect((app.top as? ProbeScreen)?.bodySize == Size(width: 78, height: 20))
    }

    @Test("q quits even while the terminal is too small")
    func quitWhenSmall() {
        var app = App(root: ProbeScreen("root"), size: Size(width: 30, height: 8))
        _ = app.handle(.key(.char("q")))
        #expect(app.isFinished)
    }

    @Test("the too-small message splits into short lines when narrow and stays centred",
          arguments: [(Size(width: 20, height: 5), ["Terminal too small", "need 80x24", "have 20x5", "", "q quits"]),
                      (Size(width: 20, height: 4), ["Terminal too small", "need 80x24", "have 20x4"]),
                      (Size(width: 79, height: 24), ["Terminal too small: need 80x24, have 79x24", "", "Enlarge the window, or press q to quit."])])
    func tooSmallLines(_ size: Size, _ expected: [String]) {
        let view = TooSmallView(size: size, minimum: App.minimumSize)
        #expect(view.lines == expected)
        var c = Canvas(size: size)
        view.render(into: &c)
        let first = expected[0]
        let (x, _) = c.find(first)!
        #expect(x == (size.width - DisplayWidth.of(first)) / 2)
    }
}

/// The one way store-derived figures stay current: a screen on top again gets `.resumed`,
/// asks `.refresh(id)`, and the host's `.refreshed` screen gives it fresh figures.
@Suite("Refresh on resume")
struct RefreshTests {
    let size = Size(width: 80, height: 24)

    static func home(flagged: Int, due: Int) -> HomeScreen {
        HomeScreen(summary: HomeSummary(profile: "alice", trackID: "cpt", trackName: "CPT",
                                        due: DueCounts(learning: 0, review: due, new: 0), newLimit: 20, flagged: flagged),
                   track: TestContent.track("cpt"))
    }

    @Test("closing the screen above delivers .resumed to the one below, and only then")
    func resumedOnPop() {
        var app = App(root: ProbeScreen("root"), size: size)
        _ = app.handle(.key(.char("n")))
        #expect(!((app.stack[0] as? ProbeScreen)?.received.contains("resumed") ?? true))
        _ = app.handle(.key(.escape))
        #expect((app.top as? ProbeScreen)?.received.last == "resumed")
    }

    @Test("home asks for fresh figures when it shows again and draws the host's answer")
    func homeRefreshes() {
        var app = App(root: Self.home(flagged: 0, due: 5), size: size)
        _ = app.apply([.push(ProbeScreen("browse"))])
        let asked = app.handle(.key(.escape))
        #expect(asked.map(\.name) == ["refresh(home)"])
        _ = app.handle(.effectResult(.refreshed(Refreshed(Self.home(flagged: 2, due: 3)))))
        let text = app.render().text
        #expect(text.contains("Flagged (2)") && text.contains("Study now (3)"), Comment(rawValue: text))
    }

    @Test("Progress and the mock-exam start screen ask for a refresh when they show again; Progress keeps its panel")
    func otherScreensRefresh() throws {
        let track = TestContent.track("cpt")
        var start = ExamStartScreen(track: track, questions: [], data: ExamStartData(history: [], running: []),
                                    now: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(start.update(.resumed).map(\.name) == ["refresh(exam-start)"])
        let report = ProgressScreenTests.report
        var progress = ProgressScreen(report: report)
        _ = progress.update(.key(.tab))
        let panel = progress.panel
        #expect(progress.update(.resumed).map(\.name) == ["refresh(progress)"])
        progress.refresh(from: ProgressScreen(report: report))
        #expect(progress.panel == panel)
    }
}

@Suite("Text that does not fit")
struct EllipsisTests {
    @Test("a help line too long for the overlay ends in …")
    func ellipsis() {
        let long = String(repeating: "explain this key at great length ", count: 6)
        var canvas = Canvas(width: 80, height: 24)
        HelpOverlay(title: "T", bindings: [KeyBinding(.char("x"), "x", help: long)]).render(into: &canvas, area: canvas.bounds)
        let row = canvas.lines.first { $0.contains("explain this key") } ?? ""
        #expect(row.contains("…"), Comment(rawValue: row))
    }
}

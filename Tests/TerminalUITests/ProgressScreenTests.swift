import Foundation
import Testing
import StudyCore
@testable import TerminalUI

/// The Progress screen on the generated five-month CPT profile (`ProgressDemo`).
@Suite("Progress screen")
struct ProgressScreenTests {
    static let report = ProgressDemo.report(bank: TestContent.bank, trackID: "cpt")!
    /// The same profile with exam-day planning off: the new-item study plan and its `a` key.
    static let plainReport: ProgressReport = {
        var r = report
        r.examPlan = nil
        return r
    }()

    func app(_ size: Size = Size(width: 80, height: 24), report: ProgressReport = Self.report) -> App {
        App(root: ProgressScreen(report: report), size: size, theme: .monochrome)
    }

    @Test("each panel at 80x24, and the overview at an odd size", arguments: [0, 1, 2])
    func panels(_ tabs: Int) {
        var a = app()
        for _ in 0..<tabs { _ = a.handle(.key(.tab)) }
        assertSnapshot(a.render().text, named: "progress-panel\(tabs)-80x24")
    }

    @Test("a larger terminal shows two panels: stacked at 120x40, side by side at 160x40; 80x24 keeps one")
    func largeTerminals() {
        let small = app().render().text
        #expect(small.contains("Predicted") && !small.contains("Accuracy by domain"))
        let tall = app(Size(width: 120, height: 40)).render()
        #expect(tall.text.contains("Predicted") && tall.text.contains("Accuracy by domain"))
        let over = tall.lines.firstIndex { $0.contains("Predicted") }!, under = tall.lines.firstIndex { $0.contains("Accuracy by domain") }!
        #expect(under > over)
        let wide = app(Size(width: 160, height: 40)).render()
        let row = wide.lines.firstIndex { $0.contains("Accuracy by domain") }!
        #expect(row < 6, "beside the overview, not below it")
        var plan = app(Size(width: 120, height: 40))
        _ = plan.handle(.key(.tab)); _ = plan.handle(.key(.tab))
        #expect(plan.render().text.contains("Predicted"), "the overview stays on the plan tab")
    }

    @Test("the overview at 97x31")
    func oddSize() {
        assertSnapshot(app(Size(width: 97, height: 31)).render().text, named: "progress-97x31")
    }

    @Test("the overview shows the prediction, every domain with its weight, streaks, the forecast and mocks")
    func overviewFigures() {
        let text = app().render().text
        let r = Self.report
        #expect(text.contains("Predicted \(r.readiness.scaledEstimate) · pass chance"))
        for d in r.domains { #expect(text.contains(d.name) && text.contains("\(d.weight)   ")) }
        #expect(text.contains("streak \(r.currentStreak) · best \(r.longestStreak)"))
        #expect(text.contains("\(r.dueToday) today · about"))
        #expect(text.contains("(390 to pass)"))
        #expect(text.contains("exam \(r.examDate!) · 23 days"))
        // Two domains marked as the best use of an hour, by an arrow and text, not colour.
        #expect(text.components(separatedBy: "← +").count == 3)
    }

    @Test("Tab and Shift-Tab cycle the panels; the current one is bracketed")
    func tabs() {
        var a = app()
        #expect(a.render().text.contains("[Overview]"))
        _ = a.handle(.key(.tab))
        #expect(a.render().text.contains("[Answers]"))
        _ = a.handle(.key(.backTab))
        _ = a.handle(.key(.backTab))
        #expect(a.render().text.contains("[Mocks & plan]"))
        #expect(a.render().text.contains("Study plan"))
    }

    @Test("with exam-day planning, the plan panel shows the projected recall and a bar a day; no new-limit key")
    func examPlan() throws {
        var a = app()
        for _ in 0..<2 { _ = a.handle(.key(.tab)) }
        let text = a.render().text
        let plan = try #require(Self.report.examPlan)
        #expect(text.contains("Exam-day plan: \(ProgressReport.percent(plan.expectedRight)) expected right on exam day"))
        #expect(text.contains("\(plan.days.count) days to the exam · busiest day \(plan.days.map(\.total).max()!) items"))
        #expect(text.contains("█"))
        #expect(!text.contains("a apply plan"))
        #expect(text.contains("The exam-day planner paces new items"))
    }

    @Test("a applies the plan: an effect setting the daily new limit, then the key is gone")
    func applyPlan() throws {
        var a = app(report: Self.plainReport)
        let plan = try #require(Self.report.plan)
        #expect(!plan.onTrack)
        #expect(a.render().text.contains("a apply plan (\(plan.neededPerDay) new/day)"))
        let effects = a.handle(.key(.char("a")))
        #expect(effects.map(\.name) == ["setDailyNewLimit(\(plan.neededPerDay))"])
        #expect(a.render().text.contains("New items per day set to \(plan.neededPerDay)."))
        #expect(!a.render().text.contains("apply plan"))
        #expect(a.handle(.key(.char("a"))).isEmpty)
    }

    @Test("e edits the exam date: a bad date is refused with a reason, a good one becomes an effect, Esc cancels")
    func examDate() {
        var a = app()
        _ = a.handle(.key(.char("e")))
        #expect(a.render().text.contains("Exam date (YYYY-MM-DD, empty for none): \(Self.report.examDate!)"))
        for _ in 0..<10 { _ = a.handle(.key(.backspace)) }
        for c in "2026-13-01" { _ = a.handle(.key(.char(c))) }
        #expect(a.handle(.key(.enter)).isEmpty)
        #expect(a.render().text.contains("2026-13-01 is not a date written YYYY-MM-DD or MM/DD/YYYY."))
        for _ in 0..<5 { _ = a.handle(.key(.backspace)) }
        for c in "12-30" { _ = a.handle(.key(.char(c))) }
        #expect(a.handle(.key(.enter)).map(\.name) == ["setExamDate(2026-12-30)"])
        #expect(a.render().text.contains("exam 2026-12-30 · 41 days"))
        // Esc while typing cancels the edit and stays on the screen.
        _ = a.handle(.key(.char("e")))
        _ = a.handle(.key(.escape))
        #expect(!a.isFinished && !a.render().text.contains("Exam date (YYYY-MM-DD"))
        // Empty clears the date.
        _ = a.handle(.key(.char("e")))
        for _ in 0..<10 { _ = a.handle(.key(.backspace)) }
        #expect(a.handle(.key(.enter)).map(\.name) == ["setExamDate(none)"])
        #expect(a.render().text.contains("no exam date set"))
    }

    @Test("every key the screen handles is in its bindings (and so in the ? overlay)")
    func bindings() {
        let screen = ProgressScreen(report: Self.plainReport)
        let keys = screen.keyBindings.flatMap(\.keys)
        for k in [Key.tab, .backTab, .char("e"), .char("a")] { #expect(keys.contains(k)) }
    }

    @Test("a profile with nothing studied draws without mocks, plan verdict or retention")
    func empty() {
        let track = TestContent.track("ccma")
        let items = ProgressSource.items(of: track, in: TestContent.bank)
        let r = ProgressReport(profile: "new", track: track, items: items, states: [:], daily: DailyTotals(), mocks: [],
                               settings: ProfileSettings(track: "ccma"), scheduler: try! FSRSScheduler(),
                               day: StudyDay(startHour: 4, utcOffsetSeconds: 0), now: ProgressDemo.now)
        var a = app(report: r)
        let overview = a.render().text
        #expect(overview.contains("Predicted 263 · pass chance 0% · seen 0% of the bank"))
        #expect(overview.contains("Mocks: none yet") && overview.contains("streak 0 · best 0"))
        _ = a.handle(.key(.tab))
        #expect(a.render().text.contains("no mature reviews in the last 30 days yet"))
        _ = a.handle(.key(.tab))
        #expect(a.render().text.contains("No mock exams yet") && a.render().text.contains("Set an exam date (e)"))
    }
}

import Foundation
import StudyCore
import Testing
@testable import TerminalUI

/// First-run setup, settings, browse and home: what the keys ask the host to do.
@Suite("Setup, settings, browse and home screens")
struct StudyFormsTests {
    static let track = TestContent.track("cpt")
    static let today = CalendarDay(year: 2026, month: 11, day: 28)!

    static func type(_ text: String, into screen: inout some Screen) {
        for c in text { _ = screen.update(.key(.char(c))) }
    }

    @Test("setup refuses a taken or bad name and a past date, then creates the profile with the choices")
    func setup() {
        var s = SetupScreen(track: Self.track, today: Self.today, existing: ["Alice"])
        Self.type("alice", into: &s)
        _ = s.update(.key(.enter))
        #expect(s.focus == 0 && s.problem?.contains("already exists") == true)
        _ = s.update(.key(.backspace))
        _ = s.update(.key(.enter))
        #expect(s.focus == 1)
        Self.type("2026-11-27", into: &s)
        _ = s.update(.key(.enter))
        #expect(s.problem?.contains("has passed") == true)
        for _ in 0..<2 { _ = s.update(.key(.backspace)) }
        Self.type("30", into: &s)
        _ = s.update(.key(.enter))
        _ = s.update(.key(.backspace)); _ = s.update(.key(.backspace))
        Self.type("15", into: &s)
        let effects = s.update(.key(.enter))
        guard case .createProfile(let name, let settings)? = effects.first else { Issue.record("not created: \(effects.map(\.name))"); return }
        #expect(name == "alic" && settings.track == "cpt" && settings.examDate == CalendarDay(year: 2026, month: 11, day: 30)
                && settings.dailyNewLimit == 15)
    }

    @Test("setup: a US-style exam date is accepted; a bad one names both formats, wrapped and never cut off")
    func setupDates() throws {
        var s = SetupScreen(track: Self.track, today: Self.today)
        Self.type("ann", into: &s)
        _ = s.update(.key(.enter))
        Self.type("31.12.2026", into: &s)
        _ = s.update(.key(.enter))
        #expect(s.problem?.contains("YYYY-MM-DD or MM/DD/YYYY") == true)
        var c = Canvas(width: 78, height: 20)
        s.render(into: &c)
        let shown = c.text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.joined(separator: " ")
            .split(separator: " ").joined(separator: " ")
        #expect(shown.contains(s.problem!.split(separator: " ").joined(separator: " ")), "the whole problem is on screen")
        for _ in 0..<10 { _ = s.update(.key(.backspace)) }
        Self.type("12/31/2026", into: &s)
        _ = s.update(.key(.enter))
        #expect(s.problem == nil && s.focus == 2)
        guard case .createProfile(_, let settings)? = s.update(.key(.enter)).first else { Issue.record("not created"); return }
        #expect(settings.examDate == CalendarDay(year: 2026, month: 12, day: 31))
    }

    @Test("dates as users type them: ISO, US month/day/year; impossible dates and two-digit years refused; the calendar date before the day start")
    func userDates() {
        #expect(CalendarDay.userInput("2027-01-20") == CalendarDay(year: 2027, month: 1, day: 20))
        #expect(CalendarDay.userInput(" 1/5/2027 ") == CalendarDay(year: 2027, month: 1, day: 5))
        #expect(CalendarDay.userInput("01/20/2027") == CalendarDay(year: 2027, month: 1, day: 20))
        #expect(CalendarDay.userInput("20/01/2027") == nil)
        #expect(CalendarDay.userInput("2/30/2027") == nil)
        #expect(CalendarDay.userInput("1/20/27") == nil)
        // 02:30 on Nov 29: the study day (4 am start) is still the 28th; the calendar says the 29th.
        let early = ISO8601Timestamp.parse("2026-11-29T02:30:00Z")!
        #expect(CalendarDay.calendarToday(at: early, utcOffsetSeconds: 0) == CalendarDay(year: 2026, month: 11, day: 29))
        #expect(CalendarDay(containing: early, utcOffsetSeconds: 0, dayStartHour: 4) == CalendarDay(year: 2026, month: 11, day: 28))
    }

    @Test("settings: the theme applies at once; Esc with unsaved changes asks and restores the theme; relearning steps and retention as a fraction")
    func settingsThemeAndLeave() throws {
        let screen = SettingsScreen(settings: ProfileSettings(track: "cpt"), trackName: "CPT", today: Self.today, itemCount: 600)
        var app = App(root: HomeScreen(summary: HomeSummary(profile: "a", trackID: "cpt", trackName: "CPT",
                                                            due: DueCounts(learning: 0, review: 0, new: 0), newLimit: 20), track: Self.track),
                      size: Size(width: 80, height: 24))
        _ = app.apply([.push(screen)])
        #expect(app.theme.kind == .standard)
        for _ in 0..<7 { _ = app.handle(.key(.down)) }
        _ = app.handle(.key(.enter))
        #expect(app.theme.kind == .light, "the theme changes as soon as it is chosen")
        _ = app.handle(.key(.enter))
        #expect(app.theme.kind == .highContrast)
        _ = app.handle(.key(.escape))
        #expect(app.stack.count == 2 && app.render().text.contains("Leave Settings without saving your changes?"))
        _ = app.handle(.key(.char("n")))
        #expect(app.stack.count == 2, "Stay keeps the screen")
        _ = app.handle(.key(.escape))
        _ = app.handle(.key(.char("y")))
        #expect(app.stack.count == 1 && app.theme.kind == .standard, "leaving without saving restores the theme")

        var s = SettingsScreen(settings: ProfileSettings(track: "cpt"), trackName: "CPT", today: Self.today, itemCount: 600)
        #expect(s.update(.key(.escape)).map(\.name) == ["pop"], "nothing changed: Esc leaves at once")
        for _ in 0..<3 { _ = s.update(.key(.down)) }
        _ = s.update(.key(.enter))
        for _ in 0..<3 { _ = s.update(.key(.backspace)) }
        Self.type("0.85", into: &s)
        _ = s.update(.key(.enter))
        #expect(s.settings.desiredRetention == 0.85 && s.value(3).hasPrefix("85%"))
        for _ in 0..<2 { _ = s.update(.key(.down)) }
        _ = s.update(.key(.enter))
        for _ in 0..<5 { _ = s.update(.key(.backspace)) }
        Self.type("5m 30m", into: &s)
        _ = s.update(.key(.enter))
        #expect(s.settings.relearningSteps == [300, 1800])
        guard case .updateSettings(let saved)? = s.update(.key(.char("s"))).first else { Issue.record("not saved"); return }
        #expect(saved.relearningSteps == [300, 1800] && saved.desiredRetention == 0.85)
    }

    @Test("About the exam: c chooses that exam unless it is already yours; reached from home (a) and Progress (i)")
    func aboutExamChoose() {
        let cpt = TestContent.track("cpt"), ccma = TestContent.track("ccma")
        var other = AboutExamScreen(track: ccma, currentTrackID: "cpt")
        #expect(other.update(.key(.char("c"))).map(\.name) == ["selectTrack(ccma)"])
        #expect(other.keyBindings.contains { $0.label == "c" })
        var same = AboutExamScreen(track: cpt, currentTrackID: "cpt")
        #expect(same.update(.key(.char("c"))).isEmpty && !same.keyBindings.contains { $0.label == "c" })
        var progress = ProgressScreen(report: ProgressScreenTests.report)
        #expect(progress.update(.key(.char("i"))).map(\.name) == ["push(about-exam)"])
    }

    @Test("settings: t or Enter on Exam opens the exam choice; an edited limit is saved with s; a bad value is refused")
    func settings() {
        var s = SettingsScreen(settings: ProfileSettings(track: "ccma"), trackName: "CCMA", today: Self.today, itemCount: 600)
        #expect(s.update(.key(.char("t"))).map(\.name) == ["study(changeTrack)"])
        #expect(s.update(.key(.enter)).map(\.name) == ["study(changeTrack)"])
        _ = s.update(.key(.down)); _ = s.update(.key(.down))
        _ = s.update(.key(.enter))
        for _ in 0..<3 { _ = s.update(.key(.backspace)) }
        Self.type("abc", into: &s)
        _ = s.update(.key(.enter))
        #expect(s.problem?.contains("0 to 9999") == true)
        for _ in 0..<3 { _ = s.update(.key(.backspace)) }
        Self.type("35", into: &s)
        _ = s.update(.key(.enter))
        guard case .updateSettings(let saved)? = s.update(.key(.char("s"))).first else { Issue.record("not saved"); return }
        #expect(saved.dailyNewLimit == 35 && saved.track == "ccma")
        #expect(SettingsScreen.estimatedDailyReviews(items: 600, retention: 0.95) > SettingsScreen.estimatedDailyReviews(items: 600, retention: 0.85))
    }

    @Test("browse: is:leech finds a suspended leech; opening it, s unsuspends it and saves")
    func browseUnsuspend() throws {
        let items = TestContent.bank.items(for: "cpt")
        let leechID = items[3].id
        let state = ItemState(card: .new(at: Date(timeIntervalSince1970: 0)), flags: ItemFlags(suspended: true, leech: true, lapses: 8))
        var b = BrowseScreen(items: items, track: Self.track, states: [leechID: state], due: [])
        #expect(b.shown.count == items.count)
        _ = b.update(.key(.char("/")))
        Self.type("is:leech", into: &b)
        _ = b.update(.key(.enter))
        #expect(b.shown.count == 1)
        _ = b.update(.key(.enter))
        guard case .setItemState(let id, let saved)? = b.update(.key(.char("s"))).first else { Issue.record("not saved"); return }
        #expect(id == leechID && saved?.flags.suspended == false && saved?.flags.leech == true)
        _ = b.update(.key(.escape))
        #expect(b.open == nil, "Esc goes back to the list")
        _ = b.update(.key(.char("/")))
        Self.type("x", into: &b)
        for _ in 0..<"is:leechx".count { _ = b.update(.key(.backspace)) }
        Self.type("is:lost", into: &b)
        #expect(b.problem?.contains("is:lost") == true)
    }

    @Test("home: each action key asks for its screen; Enter the question of the day")
    func home() {
        var h = StudyScreenCatalog.home(TestContent.bank, Self.track)
        #expect(h.update(.key(.char("s"))).map(\.name) == ["study(due)"])
        #expect(h.update(.key(.char("w"))).map(\.name) == ["study(drill(missed))"])
        #expect(h.update(.key(.char("k"))).map(\.name) == ["study(drill(quick10))"])
        #expect(h.update(.key(.char("m"))).map(\.name) == ["openMockExams"])
        #expect(h.update(.key(.char("p"))).map(\.name) == ["openProgress"])
        #expect(h.update(.key(.char("d"))).map(\.name) == ["study(domainPicker)"])
        #expect(h.update(.key(.char("a"))).map(\.name) == ["push(about-exam)"])
        #expect(h.update(.key(.enter)).map(\.name) == ["study(drill(questionOfTheDay))"])
        #expect(h.status == "alice · CPT · exam in 23 days")
    }
}

/// Browse reads well: areas instead of ids, phrases, highlighted matches, due dates in
/// words, and undo for suspend and bury.
@Suite("Browse reads well")
struct BrowseReadsWellTests {
    static let track = TestContent.track("cpt")
    static let now = StudyScreenCatalog.now
    static let day = StudyScreenCatalog.day

    @Test("a quoted phrase matches as written; the matched words are highlighted; rows show the area, not the id")
    func phraseAndHighlight() throws {
        let items = TestContent.bank.items(for: "cpt")
        let b = BrowseScreen(items: items, track: Self.track, states: [:], due: [], query: "\"order of draw\"", now: Self.now, day: Self.day)
        let phrase = b.shown.count
        let loose = BrowseScreen(items: items, track: Self.track, states: [:], due: [], query: "order of draw").shown.count
        #expect(phrase > 0 && phrase < loose, "the phrase is narrower than its words: \(phrase) vs \(loose)")
        let app = App(root: b, size: Size(width: 120, height: 40))
        let canvas = app.render()
        let rows = canvas.lines
        let row = try #require(rows.indices.first { $0 > 3 && rows[$0].lowercased().contains("order of draw") && !rows[$0].contains("▸") })
        let x = try #require(rows[row].lowercased().range(of: "order of draw")).lowerBound
        let col = DisplayWidth.of(String(rows[row][..<x]))
        let selected = false
        #expect(selected || canvas.style(x: col, y: row) == app.theme.accent, "the match is highlighted: \(canvas.styleRuns(row: row)) at \(col) in \(rows[row])")
        #expect(!rows.contains { $0.contains("cpt-") }, "no internal ids in the list")
        #expect(rows.contains { $0.contains("Routine Blood Collections") || $0.contains("Safety and Compliance") || $0.contains("Patient Preparation") })
        #expect(throws: BrowseQueryError.self) { try BrowseQuery.parse("\"order of") }
    }

    @Test("an opened item says when it is due in words; u undoes a suspend and a bury")
    func dueWordsAndUndo() throws {
        let items = TestContent.bank.items(for: "cpt")
        var rng = SeededRandom(seed: 1)
        let card = try FSRSScheduler().review(.new(at: Self.now - 3 * 86_400), rating: .easy, at: Self.now - 3 * 86_400, random: &rng).card
        let id = items[0].id
        var b = BrowseScreen(items: items, track: Self.track, states: [id: ItemState(card: card)], due: [], now: Self.now, day: Self.day)
        _ = b.update(.key(.enter))
        var c = Canvas(width: 78, height: 20)
        b.render(into: &c)
        let expected = "due " + Self.day.dueLabel(card.due, at: Self.now)
        #expect(c.text.contains(expected), "\(expected)")
        #expect(!c.text.contains(id))
        guard case .setItemState(_, let suspended)? = b.update(.key(.char("s"))).first else { Issue.record("not saved"); return }
        #expect(suspended?.flags.suspended == true)
        guard case .setItemState(_, let back)? = b.update(.key(.char("u"))).first else { Issue.record("undo not saved"); return }
        #expect(back?.flags.suspended == false && back?.card == card)
        guard case .setItemState(_, let buried)? = b.update(.key(.char("-"))).first else { Issue.record("bury not saved"); return }
        #expect(buried?.flags.buriedUntil == Self.day.endOfDay(containing: Self.now))
        guard case .setItemState(_, let unburied)? = b.update(.key(.char("u"))).first else { Issue.record("undo not saved"); return }
        #expect(unburied?.flags.buriedUntil == nil)
        _ = b.update(.key(.char("u")))
        c = Canvas(width: 78, height: 20)
        b.render(into: &c)
        #expect(c.text.contains("Nothing to undo."))
    }
}

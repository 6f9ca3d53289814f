import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The daily-study screens for `statdeck snapshot` and the snapshot tests, built from the
/// real content for a new CPT profile named "alice" on 2026-11-28 10:00 UTC (fixed clock),
/// exam on 2026-12-21.
enum StudyScreenCatalog {
    static let now = ISO8601Timestamp.parse("2026-11-28T10:00:00Z")!
    static let clock = StudyClock.fixed(now)
    static let day = StudyDay(startHour: 4, utcOffsetSeconds: 0)
    static let today = CalendarDay(year: 2026, month: 11, day: 28)!

    static func entries(for bank: ContentBank) -> [ScreenCatalog.Entry] {
        guard let track = bank.track("cpt") ?? bank.tracks.first else { return [] }
        return [
            .init(name: "home", summary: "the home screen of a new profile") { bank, size, theme in
                app(home(bank, track), size, theme)
            },
            .init(name: "study-question", summary: "a question in a study session") { bank, size, theme in
                app(study(bank, track, kind: .single), size, theme)
            },
            .init(name: "study-feedback", summary: "the feedback after a wrong answer") { bank, size, theme in
                let s = study(bank, track, kind: .single)
                let wrong = s.session.presentation?.keyPosition == 0 ? Key.char("b") : Key.char("a")
                return app(s, size, theme, keys: [wrong])
            },
            .init(name: "study-order", summary: "an order item, two steps placed") { bank, size, theme in
                app(study(bank, track, kind: .order), size, theme, keys: [.char("1"), .char("2")])
            },
            .init(name: "study-order-feedback", summary: "an order item answered: ✓/✗ per step, the explanation, the rating") { bank, size, theme in
                let s = study(bank, track, kind: .order, longest: true)
                let n: Int
                if case .steps(let q, _)? = s.session.presentation { n = q.steps.count } else { n = 0 }
                return app(s, size, theme, keys: (1...max(1, min(9, n))).map { Key.char(Character(String($0))) })
            },
            .init(name: "flashcard", summary: "a flashcard with its back shown") { bank, size, theme in
                app(study(bank, track, kind: nil), size, theme, keys: [.char(" ")])
            },
            .init(name: "study-summary", summary: "the summary after two answers") { bank, size, theme in
                app(study(bank, track, kind: nil), size, theme, keys: [.char(" "), .char("3"), .char(" "), .char("1"), .char("q")])
            },
            .init(name: "setup", summary: "first run: name, exam date, daily limit") { _, size, theme in
                var a = App(root: ExamChoiceScreen(tracks: bank.tracks, choosing: true), size: size, theme: theme)
                _ = a.apply([.push(SetupScreen(track: track, today: today))])
                for k in "ali" { _ = a.handle(.key(.char(k))) }
                return a
            },
            .init(name: "settings", summary: "the profile's settings") { bank, size, theme in
                app(SettingsScreen(settings: ProfileSettings(track: track.id, examDate: CalendarDay(year: 2026, month: 12, day: 21)),
                                   trackName: track.shortName, today: today, itemCount: bank.items(for: track.id).count), size, theme)
            },
            .init(name: "browse", summary: "browse, searching is:new tubes") { bank, size, theme in
                app(BrowseScreen(items: bank.items(for: track.id), track: track, states: [:], due: [], query: "is:new tube", now: now, day: day), size, theme)
            },
            .init(name: "browse-item", summary: "an item opened in Browse, studied, due in words, just suspended") { bank, size, theme in
                let items = bank.items(for: track.id)
                var rng = SeededRandom(seed: 1)
                let card = try! FSRSScheduler().review(.new(at: now - 86_400), rating: .good, at: now - 86_400, random: &rng).card
                let states = Dictionary(items.prefix(40).map { ($0.id, ItemState(card: card)) }, uniquingKeysWith: { a, _ in a })
                return app(BrowseScreen(items: items, track: track, states: states, due: [], query: "\"order of draw\"", now: now, day: day),
                           size, theme, keys: [.enter, .char("s")])
            },
            .init(name: "browse-edit", summary: "browse: editing an imported card (e)") { bank, size, theme in
                let mine = Flashcard(id: "my-5e1f0c2a9b3d4e6f", deck: "Lab values", front: "Potassium, adult serum",
                                     back: "3.5 to 5.0 mEq/L\nHemolysis raises it falsely", domains: [track.id: PersonalDeck.ownArea],
                                     tags: ["lab", "chemistry"])
                return app(BrowseScreen(items: bank.items(for: track.id) + [.flashcard(mine)], track: track, states: [:], due: [],
                                        query: "potassium adult serum"), size, theme,
                           keys: [.enter, .char("e"), .tab, .char(" "), .char("(")])
            },
            .init(name: "profiles", summary: "who is studying? (several profiles)") { _, size, theme in
                app(ProfilePickerScreen(names: ["alice", "bob", "carol"], current: "bob"), size, theme)
            },
            .init(name: "drill-domain", summary: "drill by domain: each area's items, due, new and mastery") { bank, size, theme in
                let stats = DrillSelection(track: track, items: bank.items(for: track.id), scheduler: try! FSRSScheduler())
                    .areaStats(state: { _ in nil }, now: now, day: day)
                return app(DomainPickerScreen(track: track, stats: stats), size, theme)
            },
            .init(name: "nothing-due", summary: "study with nothing due: when the next review comes, and drills") { _, size, theme in
                app(NothingDueScreen(track: track, nextDue: "tomorrow", newLimitReached: true), size, theme)
            },
            .init(name: "study-info", summary: "card info right after an answer, with the item's history") { bank, size, theme in
                var s = study(bank, track, kind: .single)
                s.history[s.session.current!.itemID] = [
                    .init(day: CalendarDay(year: 2026, month: 11, day: 20)!, rating: .good, correct: true),
                    .init(day: CalendarDay(year: 2026, month: 11, day: 24)!, rating: .again, correct: false)]
                return app(s, size, theme, keys: [.char("a"), .char("i")])
            },
        ]
    }

    static func app(_ screen: any Screen, _ size: Size, _ theme: Theme, keys: [Key] = []) -> App {
        var a = App(root: screen, size: size, theme: theme)
        for k in keys { _ = a.handle(.key(k)) }
        return a
    }

    static func home(_ bank: ContentBank, _ track: Track) -> HomeScreen {
        let scheduler = try! FSRSScheduler()
        let items = bank.items(for: track.id)
        let counts = StudyQueue(scheduler: scheduler, day: day).counts(track: track, items: items, state: { _ in .unseen },
                                                                       now: now, newLimit: 20, newDoneToday: 0)
        let q = DrillSelection(track: track, items: items, scheduler: scheduler).questionOfTheDay(dayNumber: day.dayNumber(of: now))
        let summary = HomeSummary(profile: "alice", trackID: track.id, trackName: track.shortName, due: counts, newLimit: 20,
                                  daysToExam: 23, questionOfTheDay: q.map(DailyQuestion.init),
                                  questionArea: q.flatMap { $0.domains[track.id] }.flatMap { track.area($0)?.name }, missed: 0)
        return HomeScreen(summary: summary, track: track)
    }

    /// A session whose first item is the first of the kind asked for (nil: a flashcard),
    /// followed by the next item of the track.
    /// With `longest`, the order item with the most steps (the hardest to fit on screen).
    static func study(_ bank: ContentBank, _ track: Track, kind: QuestionKind?, longest: Bool = false) -> StudyScreen {
        let items = bank.items(for: track.id)
        let matching = items.filter { item in
            switch item {
            case .question(let q): return q.kind == kind
            case .flashcard: return kind == nil
            }
        }
        let steps: (StudyItem) -> Int = { if case .question(let q) = $0 { return q.steps.count + q.explanation.count / 60 }; return 0 }
        let first = (longest ? matching.max { steps($0) < steps($1) } : matching.first) ?? items[0]
        let second = items.first { $0.id != first.id && { if case .question = $0 { return true }; return false }($0) } ?? first
        let entries = [first, second].map { QueueEntry(itemID: $0.id, kind: .new, area: $0.domains[track.id] ?? "") }
        let session = StudySession(trackID: track.id, entries: entries, items: items, states: [:],
                                   scheduler: try! FSRSScheduler(SchedulerConfiguration(fuzzEnabled: false)), day: day, seed: 1)
        let names = Dictionary(track.allAreas.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return StudyScreen(session: session, heading: "Study · \(track.shortName)", areaNames: names, clock: clock)
    }
}

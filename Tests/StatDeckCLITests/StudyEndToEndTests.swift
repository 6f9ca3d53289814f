import Foundation
import StudyCore
import Testing

/// Daily study through the real binary in tmux: first run, a session with undo, the
/// answers still there after a restart, reviews coming due a day later, and switching exam.
@Suite("Study end to end (tmux)", .serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests skipped (apt-get install tmux)"))
final class StudyEndToEndTests {
    let home: URL
    static let start = "2026-11-28T10:00:00Z"

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-study-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: home) }

    func app(_ args: [String] = [], now: String = StudyEndToEndTests.start) throws -> TmuxSession {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let t = try TmuxSession(command: [StatDeckBinary.path] + args, environment: ["STATDECK_HOME": home.path, "STATDECK_NOW": now])
        t.timeout = 20
        return t
    }

    /// First run: "CPT or CCMA?" (moving right `right` times), `c` chooses, then name, no date, limit 20.
    func firstRun(_ t: TmuxSession, name: String, right: Int = 0, expect track: String) {
        t.waitFor("CPT or CCMA?")
        for _ in 0..<right { t.send("Right") }
        t.waitFor("c choose \(track)")
        t.send("c")
        t.waitFor("New profile · \(track)")
        t.type(name)
        t.send("Enter")
        t.waitFor("step 2 of 3")
        t.send("Enter")
        t.waitFor("step 3 of 3")
        t.send("Enter")
        t.waitFor("\(name) · \(track)")
    }

    /// The ✓ and ✗ counts in a session's top border.
    static func tally(_ screen: String) -> (right: Int, wrong: Int)? {
        guard let first = screen.split(separator: "\n").first,
              let tick = first.range(of: "✓ "), let cross = first.range(of: " ✗ ") else { return nil }
        let r = Int(first[tick.upperBound...].prefix { $0.isNumber })
        let w = Int(first[cross.upperBound...].prefix { $0.isNumber })
        return r.flatMap { r in w.map { (r, $0) } }
    }

    /// Answers `count` items, alternating a wrong-leaning and a right-leaning answer:
    /// flashcards get 1 (again) then 3 (good); questions get `a` then `b`; order items
    /// get their steps in the order shown.
    func answer(_ t: TmuxSession, count: Int, offset: Int = 0) {
        for i in offset..<(offset + count) {
            let screen = t.screen()
            if screen.contains("Space/Enter shows the answer") {
                t.send("Space")
                t.waitFor("1 again")
                t.send(i % 2 == 0 ? "1" : "3")
            } else if screen.contains("put the steps in order") {
                var n = 1
                while !t.screen().contains("steps in the right place") && n <= 9 {
                    t.send(String(n))
                    n += 1
                    t.waitFor("step \(n - 1) taken") { $0.contains("→ \(n - 1)") || $0.contains("steps in the right place") }
                }
                t.waitFor("Rated")
                t.send("Enter")
                // The answer is saved (and counted) when given: wait for Enter to move on.
                t.waitFor("the next item") { !$0.contains("Rated ") }
            } else {
                t.send(i % 2 == 0 ? "a" : "b")
                t.waitFor("Rated")
                t.send("Enter")
                t.waitFor("the next item") { !$0.contains("Rated ") }
            }
            t.waitFor("\(i + 1) answers") { s in (Self.tally(s).map { $0.right + $0.wrong == i + 1 } ?? false) || s.contains("Items done  \(i + 1) ") }
        }
    }

    /// Reviews in the profile's log, undone ones taken out.
    func savedReviews(_ name: String) throws -> [ReviewRecord] {
        let store = try ProgressStore.open(profile: name, in: DataDirectory(path: home.path), access: .readOnly)
        var reviews: [Int: ReviewRecord] = [:]
        try store.replayLog { entry in
            switch entry.event {
            case .review(let r, _): reviews[entry.seq] = r
            case .undo(let u): reviews[u.undoes] = nil
            case .edit: break
            }
        }
        return reviews.keys.sorted().map { reviews[$0]! }
    }

    @Test("first run, ten answers (right and wrong), undo one, quit; a restart finds the nine answers and the counts updated")
    func studyUndoRestart() throws {
        let t = try app()
        firstRun(t, name: "alice", expect: "CPT")
        t.waitFor("New     20")
        t.send("s")
        t.waitFor("Study · CPT")
        answer(t, count: 10)
        let tally = try #require(Self.tally(t.screen()))
        #expect(tally.right > 0 && tally.wrong > 0, "the ten answers mix right and wrong: \(tally)")
        t.send("u")
        t.waitFor("the undo") { s in Self.tally(s).map { $0.right + $0.wrong == 9 } ?? false }
        t.send("q")
        t.waitFor("Items done  9")
        t.send("Enter")
        t.waitFor("Done     9")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")

        let reviews = try savedReviews("alice")
        #expect(reviews.count == 9)
        #expect(Set(reviews.map(\.itemID)).count == 9)
        #expect(reviews.allSatisfy { $0.source == .study && $0.domain != nil })

        let again = try app()
        again.waitFor("alice · CPT")
        again.waitFor("Done     9")
        again.waitFor("New     11")
        again.send("q")
        #expect(again.waitForExit() == "exit 0")
    }

    @Test("a day later (--now) the items studied today come due, and statdeck study opens them")
    func reviewsComeDue() throws {
        let t = try app()
        firstRun(t, name: "bob", expect: "CPT")
        t.send("s")
        t.waitFor("Study · CPT")
        answer(t, count: 4)
        t.send("q")
        t.waitFor("Items done  4")
        t.send("q")
        t.waitFor("Due      0")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")

        // What the scheduler made due by tomorrow (a quick right answer is Easy: days away).
        let tomorrow = try #require(ISO8601Timestamp.parse("2026-11-29T10:00:00Z"))
        let day = StudyDay(startHour: 4, utcOffset: StudyDay.systemUTCOffset)
        var latest: [String: Card] = [:]
        for r in try savedReviews("bob") { latest[r.itemID] = r.after.card }
        #expect(latest.count == 4)
        let due = latest.values.filter { day.isDue($0, at: tomorrow) }.count
        #expect(due > 0, "flashcards rated again or good are back the next day")
        let dueText = "Due   " + String(repeating: " ", count: 4 - String(due).count) + String(due)

        let later = try app(["--now", "2026-11-29T10:00:00Z"])
        later.waitFor("bob · CPT")
        later.waitFor(dueText)
        later.waitFor("New     20")
        later.send("q")
        #expect(later.waitForExit() == "exit 0")

        let study = try app(["study", "--user", "bob"], now: "2026-11-29T10:00:00Z")
        study.waitFor("Study · CPT")
        study.waitFor("new 20 · learn 0 · review \(due)") { $0.contains("new 20 ·") && $0.contains("· review \(due) ·") || $0.contains("learn") && $0.contains("new 20") }
        study.send("q")
        study.waitFor("Enter home")
        study.send("Enter")
        study.waitFor("bob · CPT")
        study.send("q")
        #expect(study.waitForExit() == "exit 0")
    }

    @Test("kill -9 right after an answer, before Enter: the answer is in the log after a restart; i shows its new state; 1-4 replaces it")
    func killAfterAnswer() throws {
        let t = try app()
        firstRun(t, name: "kim", expect: "CPT")
        t.send("s")
        t.waitFor("Study · CPT")
        // Reach a question (cards are rated straight away; a question has a feedback step).
        var guard_ = 0
        while !t.screen().contains("· question") && guard_ < 30 {
            answer(t, count: 1, offset: guard_)
            guard_ += 1
        }
        let before = guard_
        t.send("a")
        t.waitFor("Rated")
        t.send("i")
        t.waitFor("Card info")
        #expect(!t.screen().contains("New: never studied."), "i right after answering shows the new state")
        t.waitFor("Next due")
        t.send("Escape")
        t.waitFor("Rated")
        // Change the rating: the first is taken back and the new one logged.
        let rated = t.screen()
        let newRating = rated.contains("Rated 4") ? "3" : "4"
        t.send(newRating)
        t.waitFor("Rated \(newRating)")
        let pid = try #require(Int32(t.pane("#{pane_pid}")))
        #expect(kill(pid, SIGKILL) == 0)
        #expect(t.waitForExit() == "signal 9")

        let reviews = try savedReviews("kim")
        #expect(reviews.count == before + 1, "every answer given before the kill is saved: \(reviews.count)")
        #expect(reviews.last?.rating.rawValue == Int(newRating), "the rating changed with 1-4 is the one kept")
        var undos = 0
        let store = try ProgressStore.open(profile: "kim", in: DataDirectory(path: home.path), access: .readOnly)
        try store.replayLog { if case .undo = $0.event { undos += 1 } }
        #expect(undos == 1, "the change of rating is an undo plus a new review in the log")

        let again = try app()
        again.waitFor("kim · CPT")
        again.waitFor("Done  \(String(repeating: " ", count: 4 - String(before + 1).count))\(before + 1)")
        again.send("q")
        #expect(again.waitForExit() == "exit 0")
    }

    @Test("the question of the day is answered once: home then says so and Enter does not log it again")
    func questionOfTheDayOnce() throws {
        let t = try app()
        firstRun(t, name: "quinn", expect: "CPT")
        t.waitFor("[Enter] answer it")
        t.send("Enter")
        t.waitFor("Question of the day")
        t.send("a")
        t.waitFor("Rated")
        t.send("Enter")
        t.waitFor("Queue empty")
        t.send("Enter")
        t.waitFor("answered today")
        t.send("Enter")
        t.send("s")
        t.waitFor("Study · CPT")
        t.send("q")
        t.waitFor("Enter home")
        t.send("Enter")
        t.waitFor("quinn · CPT")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
        let reviews = try savedReviews("quinn")
        #expect(reviews.count == 1, "the question of the day is logged once: \(reviews.count)")
    }

    @Test("home recomputes its figures when it shows again: flag and suspend in Browse, Esc, the counts follow")
    func homeRefreshesAfterBrowse() throws {
        let t = try app()
        firstRun(t, name: "hana", expect: "CPT")
        t.waitFor("Flagged (0)")
        t.send("b")
        t.waitFor("Browse")
        t.send("Enter")
        t.waitFor("flag/unflag")
        t.send("f")
        t.send("Escape")
        t.send("Escape")
        t.waitFor("Flagged (1)")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
    }

    @Test("Quick 10 is ten items and its new items leave the daily limit alone; then nothing due is a friendly screen offering drills")
    func quick10AndNothingDue() throws {
        let t = try app()
        firstRun(t, name: "nina", expect: "CPT")
        t.waitFor("New     20")
        t.send("k")
        t.waitFor("Quick 10 · CPT")
        t.waitFor("new 10 · learn 0 · review 0")
        t.waitFor("do not count against today's new limit")
        answer(t, count: 10)
        t.waitFor("Queue empty")
        t.waitFor("Items done  10")
        t.send("Enter")
        t.waitFor("nina · CPT")
        t.waitFor("New     20")
        // Study the twenty new items of the day, then there is nothing left.
        t.send("s")
        t.waitFor("Study · CPT")
        var answered = 0
        while !t.screen().contains("Session summary") && answered < 60 {
            let screen = t.screen()
            if screen.contains("Space/Enter shows the answer") {
                t.send("Space"); t.waitFor("1 again"); t.send("4")
            } else if screen.contains("put the steps in order") {
                var n = 1
                while !t.screen().contains("steps in the right place") && n <= 9 {
                    t.send(String(n)); n += 1
                    t.waitFor("step taken") { $0.contains("→ \(n - 1)") || $0.contains("steps in the right place") }
                }
                t.send("4"); t.waitFor("Rated 4"); t.send("Enter")
                t.waitFor("the next item") { !$0.contains("Rated ") }
            } else {
                t.send("a"); t.waitFor("Rated"); t.send("4"); t.waitFor("Rated 4"); t.send("Enter")
                t.waitFor("the next item") { !$0.contains("Rated ") }
            }
            answered += 1
            t.waitFor("the next item") { s in s.contains("Session summary") || (Self.tally(s).map { $0.right + $0.wrong == answered } ?? false) }
        }
        t.send("Enter")
        t.waitFor("New      0")
        t.send("s")
        t.waitFor("All caught up: nothing is due right now.")
        t.waitFor("Today's new items are done too.")
        #expect(!t.screen().contains("failed"))
        t.send("d")
        t.waitFor("mastery")
        t.send("Escape")
        t.waitFor("All caught up")
        t.send("Escape")
        t.waitFor("nina · CPT")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
    }

    @Test("setup at 02:30, before the 4 am day start, calls the calendar date today: yesterday's date has passed")
    func setupTodayBeforeDayStart() throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let t = try TmuxSession(command: [StatDeckBinary.path], environment: ["STATDECK_HOME": home.path, "STATDECK_NOW": "2026-11-29T02:30:00Z", "TZ": "UTC"])
        t.timeout = 20
        t.waitFor("CPT or CCMA?")
        t.waitFor("c choose CPT")
        t.send("c")
        t.waitFor("New profile · CPT")
        t.type("early")
        t.send("Enter")
        t.waitFor("step 2 of 3")
        t.type("11/28/2026")
        t.send("Enter")
        t.waitFor("Exam date: 2026-11-28 has passed; choose today (2026-11-29) or later")
        for _ in 0..<10 { t.send("BSpace") }
        t.type("11/29/2026")
        t.send("Enter")
        t.waitFor("step 3 of 3")
        t.send("Enter")
        t.waitFor("early · CPT · exam today")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
    }

    @Test("first run picks CCMA; Settings > change exam picks CPT and the home screen follows")
    func switchTrack() throws {
        let t = try app()
        firstRun(t, name: "carol", right: 1, expect: "CCMA")
        t.send(",")
        t.waitFor("Settings")
        t.waitFor("CCMA")
        t.send("t")
        t.waitFor("CPT or CCMA?")
        t.waitFor("c choose CCMA")
        t.send("Left")
        t.waitFor("c choose CPT")
        t.send("c")
        t.waitFor("carol · CPT")
        t.waitFor("New     20")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
        let store = try ProgressStore.open(profile: "carol", in: DataDirectory(path: home.path), access: .readOnly)
        #expect(store.settings.track == "cpt")
    }

    @Test("with several profiles the app asks who is studying; u switches; m opens mock exams and p progress; a locked profile is refused")
    func profilePicker() throws {
        for (name, track) in [("dora", "ccma"), ("eve", "cpt")] {
            let r = Shell.run([StatDeckBinary.path, "users", "add", name, "--track", track, "--data-dir", home.path])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let t = try app()
        t.waitFor("Who is studying?")
        t.waitFor("▸ dora")
        t.send("Down")
        t.waitFor("▸ eve")
        t.send("Enter")
        t.waitFor("eve · CPT")
        t.send("m")
        t.waitFor("Mock exam · CPT")
        t.waitFor("New attempt")
        t.send("Escape")
        t.waitFor("eve · CPT")
        t.send("p")
        t.waitFor("Progress · eve · CPT")
        t.waitFor("Predicted")
        t.send("Escape")
        t.waitFor("eve · CPT")
        t.send("u")
        t.waitFor("Who is studying?")
        t.waitFor("▸ eve")
        t.send("Up")
        t.waitFor("▸ dora")
        t.send("Enter")
        t.waitFor("dora · CCMA")

        // A second StatDeck on the same profile is refused while the first has it open.
        let errors = home.appendingPathComponent("second.err").path
        let second = try TmuxSession(command: ["sh", "-c", "'\(StatDeckBinary.path)' study --user dora 2>'\(errors)'"],
                                     environment: ["STATDECK_HOME": home.path, "STATDECK_NOW": Self.start])
        second.timeout = 20
        #expect(second.waitForExit() == "exit 1")
        let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        #expect(message.contains("profile dora is open in another StatDeck"), "\(message)")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
    }
}

import Foundation
import StudyCore
import Testing
@testable import TerminalUI

/// The mock exam screens driven through the `App` runtime as the terminal loop would.
@Suite("Mock exam screens")
struct ExamScreenTests {
    static func sample() throws -> (ExamAttempt, Track, [String: Question]) {
        try #require(ExamSamples.inProgress(TestContent.bank))
    }

    static func app(_ attempt: ExamAttempt? = nil, monotonic: Double = 1000) throws -> App {
        let (a, t, q) = try sample()
        return App(root: ExamScreen(attempt: attempt ?? a, track: t, questions: q, monotonic: monotonic), size: Size(width: 80, height: 24))
    }

    static func exam(_ app: App) throws -> ExamScreen { try #require(app.top as? ExamScreen) }

    /// The attempts the effects ask to save, in order.
    static func saved(_ effects: [Effect]) -> [ExamAttempt] {
        effects.compactMap { if case .saveExam(let a) = $0 { return a } else { return nil } }
    }

    @Test("a-d, 1-4 and arrows+Enter answer the current item, answers change freely, and every change is saved")
    func answering() throws {
        var app = try Self.app()
        let key = { (app: App) in try Self.exam(app).questions[try Self.exam(app).attempt.form.items[36].questionID]!.answer }
        #expect(try Self.exam(app).attempt.answers[36] == nil)
        var saved = Self.saved(app.handle(.key(.char("c"))))
        #expect(saved.last?.answers[36] == 2)
        saved = Self.saved(app.handle(.key(.char("1"))))
        #expect(saved.last?.answers[36] == 0)
        _ = app.handle(.key(.down)); _ = app.handle(.key(.down)); _ = app.handle(.key(.down))
        saved = Self.saved(app.handle(.key(.enter)))
        #expect(saved.last?.answers[36] == 3)
        #expect(try Self.exam(app).attempt.answeredCount == 37)
        #expect(app.render().text.contains("◂ your answer"))
        _ = try key(app)
    }

    @Test("f flags, n/p and arrows move, g goes to a number (clamped), each saved")
    func flagsAndMoves() throws {
        var app = try Self.app()
        #expect(Self.saved(app.handle(.key(.char("f")))).last?.flags[36] == false)  // it was flagged
        #expect(Self.saved(app.handle(.key(.char("n")))).last?.current == 37)
        #expect(Self.saved(app.handle(.key(.left))).last?.current == 36)
        _ = app.handle(.key(.char("g")))
        _ = app.handle(.key(.char("1"))); _ = app.handle(.key(.char("2")))
        #expect(app.render().text.contains("Go to question (1-120): 12"))
        #expect(Self.saved(app.handle(.key(.enter))).last?.current == 11)
        _ = app.handle(.key(.char("g")))
        for c in "999" { _ = app.handle(.key(.char(c))) }
        #expect(Self.saved(app.handle(.key(.enter))).last?.current == 119)
        #expect(app.render().text.contains("Question 120 of 120"))
    }

    @Test("the countdown runs on monotonic readings only, saves every few seconds, and warns at 10 minutes")
    func clock() throws {
        var (a, _, _) = try Self.sample()
        a.elapsed = a.timeLimit - 605
        var app = try Self.app(a, monotonic: 1000)
        #expect(app.handle(.tick(now: 0)).map(\.name) == ["readClock"])
        // A wall clock jump of a day with 2 monotonic seconds moves the countdown 2 seconds.
        var effects = app.handle(.effectResult(.clock(now: 1_900_000_000, monotonic: 1002)))
        #expect(try Self.exam(app).attempt.remaining == 603)
        #expect(Self.saved(effects).isEmpty)
        effects = app.handle(.effectResult(.clock(now: 1_900_000_004, monotonic: 1006)))
        #expect(Self.saved(effects).last?.remaining == 599)
        let screen = app.render()
        #expect(screen.text.contains("9:59 left"))
        let at = try #require(screen.find("9:59 left"))
        #expect(screen.style(x: at.x, y: at.y) == screen.theme.warning)
    }

    @Test("in Exam conditions the attempt is submitted at 0:00 and the report replaces the exam")
    func autoSubmit() throws {
        var (a, _, _) = try Self.sample()
        a.elapsed = a.timeLimit - 3
        var app = try Self.app(a, monotonic: 50)
        let effects = app.handle(.effectResult(.clock(now: 0, monotonic: 60)))
        let saved = try #require(Self.saved(effects).last)
        #expect(saved.isSubmitted && saved.autoSubmitted && saved.remaining == 0)
        #expect(app.top.id == "report")
        #expect(app.render().text.contains("submitted when time ran out"))
    }

    @Test("s asks to confirm with the unanswered and flagged counts; No keeps going, y submits and shows the report")
    func submitConfirm() throws {
        var app = try Self.app()
        _ = app.handle(.key(.char("s")))
        #expect(app.render().text.contains("84 unanswered and 3 flagged"))
        _ = app.handle(.key(.char("n")))
        #expect(app.top.id == "exam")
        #expect(try !Self.exam(app).attempt.isSubmitted)
        _ = app.handle(.key(.char("s")))
        let saved = try #require(Self.saved(app.handle(.key(.char("y")))).last)
        #expect(saved.isSubmitted && !saved.autoSubmitted)
        #expect(app.top.id == "report")
        #expect(app.render().text.contains("Estimated scaled score"))
    }

    @Test("the review grid marks answered, unanswered and flagged items and jumps to any; u and f find the next ones")
    func grid() throws {
        var app = try Self.app()
        _ = app.handle(.key(.char("r")))
        #expect(app.top.id == "review-grid")
        let text = app.render().text
        // Answered and flagged show at once: 4 is answered and flagged, 37 flagged but unanswered.
        #expect(text.contains("  4●⚑") && text.contains("  5● ") && text.contains(" 38○ ") && text.contains("37○⚑"))
        _ = app.handle(.key(.char("f")))  // from 37 (flagged) on to the next flagged: wraps to 4
        #expect(try Self.exam(app).gridCursor == 3)
        _ = app.handle(.key(.char("u")))
        #expect(try Self.exam(app).gridCursor == 36)  // 37 is flagged but unanswered
        _ = app.handle(.key(.down))  // a row down: 12 columns at 80x24
        #expect(Self.saved(app.handle(.key(.enter))).last?.current == 48)
        #expect(app.top.id == "exam")
    }

    @Test("Esc saves and leaves; the app quitting saves too")
    func leaving() throws {
        var app = try Self.app()
        let effects = app.handle(.key(.escape))
        #expect(effects.map(\.name) == ["saveExam(20261128T090000Z)"])
        #expect(app.isFinished)
        var other = try Self.app()
        #expect(other.terminate().map(\.name) == ["saveExam(20261128T090000Z)"])
    }

    @Test("practice mode pauses with Space; exam conditions have no pause key")
    func practicePause() throws {
        var (a, _, _) = try Self.sample()
        var app = try Self.app(a)
        _ = app.handle(.key(.char(" ")))
        #expect(try !Self.exam(app).attempt.paused)
        a.mode = .practice
        app = try Self.app(a, monotonic: 0)
        _ = app.handle(.key(.char(" ")))
        #expect(try Self.exam(app).attempt.paused)
        _ = app.handle(.effectResult(.clock(now: 0, monotonic: 30)))
        #expect(try Self.exam(app).attempt.elapsed == a.elapsed)
        #expect(app.render().text.contains("PAUSED"))
        _ = app.handle(.key(.char(" ")))
        _ = app.handle(.effectResult(.clock(now: 0, monotonic: 31)))
        #expect(try Self.exam(app).attempt.elapsed == a.elapsed + 1)
    }

    @Test("a machine asleep for an hour: the time counts in Exam conditions, not in practice")
    func sleep() throws {
        var (a, _, _) = try Self.sample()
        var exam = try Self.app(a, monotonic: 0)
        _ = exam.handle(.effectResult(.clock(now: 0, monotonic: 3600)))
        #expect(try Self.exam(exam).attempt.elapsed == a.elapsed + 3600)
        a.mode = .practice
        var practice = try Self.app(a, monotonic: 0)
        _ = practice.handle(.effectResult(.clock(now: 0, monotonic: 3600)))
        #expect(try Self.exam(practice).attempt.elapsed == a.elapsed + 1)
    }

    @Test("review mode filters to wrong, flagged and pretest items and shows the key and the user's answer")
    func review() throws {
        let (a, t, q) = try #require(ExamSamples.submitted(TestContent.bank))
        var app = App(root: ExamReportScreen(attempt: a, track: t, questions: q), size: Size(width: 80, height: 24))
        _ = app.handle(.key(.char("w")))
        var review = try #require(app.top as? ExamReviewScreen)
        #expect(!review.positions.isEmpty)
        #expect(review.positions.allSatisfy { a.answers[$0] != q[a.form.items[$0].questionID]!.answer })
        #expect(app.render().text.contains("✗ your answer") && app.render().text.contains("✓ key"))
        _ = app.handle(.key(.char("t")))
        review = try #require(app.top as? ExamReviewScreen)
        #expect(review.positions.count == 20)
        #expect(app.render().text.contains("pretest (not scored)"))
        _ = app.handle(.key(.char("f")))
        review = try #require(app.top as? ExamReviewScreen)
        #expect(review.positions == [3, 18, 36])
        _ = app.handle(.key(.char("f")))  // again: every item
        #expect(try #require(app.top as? ExamReviewScreen).positions.count == 120)
        _ = app.handle(.key(.end))
        #expect(app.render().text.contains("120 of 120"))
    }

    @Test("practice feedback locks the answer and shows the explanation and the chosen option's rationale")
    func practiceFeedbackLocks() throws {
        var (a, _, q) = try Self.sample()
        a.mode = .practice
        a.showFeedback = true
        var app = try Self.app(a)
        let question = q[a.form.items[36].questionID]!
        let wrong = (question.answer + 1) % 4
        let saved = Self.saved(app.handle(.key(.char(Character(String(wrong + 1))))))
        #expect(saved.last?.answers[36] == wrong)
        #expect(saved.last?.isLocked(36) == true)
        // The answer no longer changes: the key was shown.
        #expect(Self.saved(app.handle(.key(.char(Character(String(question.answer + 1)))))).isEmpty)
        #expect(try Self.exam(app).attempt.answers[36] == wrong)
        _ = app.handle(.resize(Size(width: 120, height: 40)))
        let text = app.render().text
        #expect(text.contains("Not quite: the answer is \(["A", "B", "C", "D"][question.answer]) (answer locked)"))
        #expect(text.contains("Your answer \(["A", "B", "C", "D"][wrong]): " + String(question.rationales[wrong].prefix(20))))
        #expect(text.contains("Why: " + String(question.explanation.prefix(20))))
        // Without feedback (Exam conditions), answers change freely.
        var exam = try Self.app()
        _ = exam.handle(.key(.char("1")))
        _ = exam.handle(.key(.char("2")))
        #expect(try Self.exam(exam).attempt.answers[36] == 1)
    }

    @Test("exam items do not show their area; review mode does")
    func areaHidden() throws {
        let (a, t, q) = try Self.sample()
        let area = t.area(a.form.items[36].area)!.name
        let exam = App(root: ExamScreen(attempt: a, track: t, questions: q), size: Size(width: 120, height: 40))
        #expect(!exam.render().text.contains(area))
        let (done, _, _) = try #require(ExamSamples.submitted(TestContent.bank))
        var review = App(root: ExamReviewScreen(attempt: done, track: t, questions: q, filter: .all), size: Size(width: 80, height: 24))
        _ = review.handle(.key(.end))
        let last = t.area(done.form.items[119].area)!.name
        #expect(review.render().text.contains("Question 120 · " + last))
    }

    @Test("the header countdown takes the warning style at 10 minutes and the critical one at 1 minute, in colour and monochrome")
    func headerCountdownStyles() throws {
        for theme in [Theme.standard, Theme.monochrome] {
            var styles: [Style] = []
            for left in [700.0, 590, 50] {
                var (a, _, _) = try Self.sample()
                a.elapsed = a.timeLimit - left
                var app = try Self.app(a)
                app.theme = theme
                let screen = app.render()
                let clock = ExamClockText.countdown(left)
                let at = try #require(screen.find(clock), "\(clock) in the header")
                #expect(at.y == 0)
                styles.append(screen.style(x: at.x, y: at.y))
                if left == 50 { #expect(screen.text.contains(clock + "!")) }
            }
            #expect(styles == [theme.status, theme.warning, theme.bad])
            #expect(Set(styles).count == 3, "three distinct styles in \(theme.kind)")
        }
    }

    @Test("at 120 columns the grid stands beside the item, marking answered and flagged at once; at 80 it does not")
    func sideGrid() throws {
        let (a, t, q) = try Self.sample()
        let wide = App(root: ExamScreen(attempt: a, track: t, questions: q), size: Size(width: 120, height: 40)).render().text
        #expect(wide.contains("  4●⚑") && wide.contains("▸ 37○⚑") && wide.contains(" 38○ "))
        let narrow = try Self.app().render().text
        #expect(!narrow.contains("37○⚑"))
        #expect(narrow.contains("answered 36 · unanswered 84 · flagged 3"))
    }
}

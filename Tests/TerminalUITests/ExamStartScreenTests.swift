import Foundation
import StudyCore
import Testing
@testable import TerminalUI

/// The mock exam start screen: every attempt in progress listed first and resumable, figures
/// derived from the saved attempts and the clock, confirms before starting, abandoning and
/// deleting, a scroll marker on long lists; and the instructions screen before the clock.
@Suite("Mock exam start screen")
struct ExamStartScreenTests {
    static let size = Size(width: 80, height: 24)

    static func screen(_ app: App) throws -> ExamStartScreen { try #require(app.stack.first as? ExamStartScreen) }

    /// Two attempts in progress: the sample (question 37, saved at `start`) and a practice one.
    static func twoRunning() throws -> (ExamStartData, ExamAttempt, ExamAttempt, Track) {
        let (a, t, _) = try #require(ExamSamples.inProgress(TestContent.bank))
        var b = a
        b.id = "20261128T100000Z"
        b.mode = .practice
        b.go(to: 4, now: ExamSamples.start.addingTimeInterval(-60))
        b.lastActiveAt = ExamSamples.start.addingTimeInterval(-60)
        return (ExamStartData(track: t.id, history: [AttemptSummary(b), AttemptSummary(a)], running: [a, b]), a, b, t)
    }

    @Test("every attempt in progress is listed first, most recently used on top with the cursor, each resumable")
    func listsEveryRunningAttempt() throws {
        let (data, a, b, t) = try Self.twoRunning()
        var app = App(root: ExamStartScreen(track: t, questions: TestContent.bank.questions, data: data, now: a.lastActiveAt), size: Self.size)
        let text = app.render().text
        #expect(text.contains("▸ Resume Form 1 · question 37 of 120 · 1:15:30 left"))
        #expect(text.contains("  Resume Form 1 · practice · question 5 of 120"))
        #expect(text.contains("2 in progress"))
        #expect(app.handle(.key(.enter)).map(\.name) == ["beginExam(\(t.id))"])
        _ = app.handle(.key(.down))
        let effects = app.handle(.key(.enter))
        guard case .beginExam(let choice)? = effects.first else { Issue.record("no beginExam"); return }
        #expect(choice.resumeID == b.id)
    }

    @Test("time left is what the exam would have on resuming now: time away counts in Exam conditions, not in practice; expired says so")
    func timeLeftFromTheClock() throws {
        let (data, a, b, t) = try Self.twoRunning()
        let left = a.remaining
        var app = App(root: ExamStartScreen(track: t, questions: TestContent.bank.questions, data: data, now: a.lastActiveAt), size: Self.size)
        #expect(app.render().text.contains(ExamClockText.countdown(left) + " left"))
        // 66 s later (the host's clock), the exam attempt has 66 s less; the practice one the same.
        #expect(app.handle(.tick(now: 0)).map(\.name) == ["readClock"])
        _ = app.handle(.effectResult(.clock(now: a.lastActiveAt.timeIntervalSince1970 + 66, monotonic: 0)))
        var text = app.render().text
        #expect(text.contains(ExamClockText.countdown(left - 66) + " left"))
        var resumed = a
        resumed.resume(at: a.lastActiveAt.addingTimeInterval(66))
        #expect(resumed.remaining == left - 66, "the same figure the exam computes")
        #expect(text.contains("Resume Form 1 · practice · question 5 of 120 · " + ExamClockText.countdown(b.remaining) + " left"))
        // Days later the exam attempt's time has run out.
        _ = app.handle(.effectResult(.clock(now: a.lastActiveAt.timeIntervalSince1970 + 3 * 86_400, monotonic: 0)))
        text = app.render().text
        #expect(text.contains("Resume Form 1 · time ran out · Enter submits it and shows the result"))
        #expect(!text.contains("question 37 of 120"), "an expired attempt shows no question or time left")
    }

    @Test("coming back on top asks for fresh data; a submitted attempt is then no longer in progress and the cursor is on top")
    func refreshOnReturn() throws {
        let (data, a, _, t) = try Self.twoRunning()
        var app = App(root: ExamStartScreen(track: t, questions: TestContent.bank.questions, data: data, now: a.lastActiveAt), size: Self.size)
        _ = app.handle(.key(.enter))
        _ = app.handle(.effectResult(.examStarted(a)))
        #expect(app.top.id == "exam")
        // q on the exam: back to the start screen, which asks the host for fresh figures.
        let effects = app.handle(.key(.char("q")))
        #expect(effects.map(\.name) == ["saveExam(\(a.id))", "refresh(exam-start)"])
        var submitted = a
        submitted.submit(at: a.lastActiveAt)
        submitted.score = ExamScore(scoredCorrect: 30, scoredTotal: 100, scaledEstimate: 276, passed: false)
        let b = data.running[1]
        let fresh = ExamStartScreen(track: t, questions: TestContent.bank.questions,
                                    data: ExamStartData(history: [AttemptSummary(b), AttemptSummary(submitted)], running: [b]),
                                    now: a.lastActiveAt)
        _ = app.handle(.effectResult(.refreshed(Refreshed(fresh))))
        let text = app.render().text
        #expect(text.contains("1 in progress"))
        #expect(text.contains("▸ Resume Form 1 · practice · question 5 of 120"))
        #expect(text.contains("276 below 390  raw 30/100"))
        #expect(!text.contains("question 37 of 120"))
        #expect(try Self.screen(app).selected == 0)
    }

    @Test("a new form while one is in progress asks first; yes opens the instructions, which start the attempt only on Enter")
    func newWhileRunningAsks() throws {
        let (data, a, _, t) = try Self.twoRunning()
        var app = App(root: ExamStartScreen(track: t, questions: TestContent.bank.questions, data: data, now: a.lastActiveAt), size: Self.size)
        _ = app.handle(.key(.down)); _ = app.handle(.key(.down))  // Form 1
        #expect(app.handle(.key(.enter)).isEmpty)
        #expect(app.render().text.contains("Start a new attempt?"))
        #expect(app.render().text.contains("2 attempts are in progress"))
        _ = app.handle(.key(.char("n")))
        #expect(app.top.id == "exam-start")
        _ = app.handle(.key(.enter))
        #expect(app.handle(.key(.char("y"))).isEmpty)
        #expect(app.top.id == "exam-instructions")
        let text = app.render().text
        #expect(text.contains("120 items (100 scored, 20 pretest) · 120 minutes"))
        #expect(text.contains("390 to pass") && text.contains("pretest items look like the others, are not"))
        #expect(text.contains("Press Enter to begin"))
        let effects = app.handle(.key(.enter))
        guard case .beginExam(let choice)? = effects.first else { Issue.record("no beginExam"); return }
        #expect(choice == ExamChoice(trackID: t.id, formNumber: 1, mode: .exam))
        #expect(app.handle(.key(.enter)).isEmpty, "a second Enter starts nothing more")
        _ = app.handle(.effectResult(.examStarted(a)))
        #expect(app.top.id == "exam")
        #expect(app.stack.count == 2)
    }

    @Test("a abandons and d deletes, each after a confirm that says what happens")
    func abandonAndDelete() throws {
        let (data, a, _, t) = try Self.twoRunning()
        var app = App(root: ExamStartScreen(track: t, questions: TestContent.bank.questions, data: data, now: a.lastActiveAt), size: Self.size)
        #expect(app.handle(.key(.char("a"))).isEmpty)
        #expect(app.render().text.contains("Abandon this attempt?"))
        #expect(app.render().text.contains("does not count toward"))
        _ = app.handle(.key(.escape))
        #expect(try Self.screen(app).dialog == nil)
        _ = app.handle(.key(.char("a")))
        #expect(app.handle(.key(.char("y"))).map(\.name) == ["abandonExam(\(a.id))"])
        var abandoned = a
        abandoned.abandon(at: a.lastActiveAt)
        let b = data.running[1]
        _ = app.handle(.effectResult(.examStartData(ExamStartData(history: [AttemptSummary(b), AttemptSummary(abandoned)], running: [b]))))
        #expect(app.render().text.contains("Form 1             abandoned · 36/120 answered"))
        _ = app.handle(.key(.end))  // the abandoned attempt, last in the list
        _ = app.handle(.key(.char("d")))
        #expect(app.render().text.contains("Delete this attempt?"))
        #expect(app.handle(.key(.char("y"))).map(\.name) == ["deleteExam(\(a.id))"])
        // On a new-form row, a and d do nothing.
        _ = app.handle(.key(.home)); _ = app.handle(.key(.down))
        #expect(app.handle(.key(.char("a"))).isEmpty && app.handle(.key(.char("d"))).isEmpty)
        #expect(try Self.screen(app).dialog == nil)
    }

    @Test("a list longer than the screen shows how many rows are above and below, and follows the cursor")
    func scrollMarker() throws {
        let (a, t, _) = try #require(ExamSamples.inProgress(TestContent.bank))
        var history: [AttemptSummary] = []
        for i in 0..<20 {
            var past = a
            past.id = "202611\(10 + i)T090000Z"
            past.submit(at: a.lastActiveAt)
            past.score = ExamScore(scoredCorrect: 50 + i, scoredTotal: 100, scaledEstimate: 300 + i, passed: false)
            history.append(AttemptSummary(past))
        }
        var app = App(root: ExamStartScreen(track: t, questions: TestContent.bank.questions,
                                            data: ExamStartData(history: history, running: []), now: a.lastActiveAt), size: Self.size)
        var text = app.render().text
        #expect(text.contains("more below") && !text.contains("more above"))
        _ = app.handle(.key(.end))
        text = app.render().text
        #expect(text.contains("more above") && !text.contains("more below"))
        #expect(text.contains("▸ ") && text.contains("300 below 390"))
    }

    @Test("the command line's request (--items 12) is offered after the resumes, in its mode")
    func requestedOffered() throws {
        let (data, a, _, t) = try Self.twoRunning()
        let asked = ExamChoice(trackID: t.id, items: 12, mode: .practice)
        var app = App(root: ExamStartScreen(track: t, questions: TestContent.bank.questions, data: data, now: a.lastActiveAt,
                                            requested: asked), size: Self.size)
        #expect(app.render().text.contains("  New: Random form (12 items, 12 min)"))
        #expect(app.render().text.contains("New attempts: Practice"))
        _ = app.handle(.key(.down)); _ = app.handle(.key(.down))
        _ = app.handle(.key(.enter))
        _ = app.handle(.key(.char("y")))
        let instructions = try #require(app.top as? ExamInstructionsScreen)
        #expect(instructions.choice == asked)
        #expect(app.render().text.contains("12 items (10 scored, 2 pretest) · 12 minutes"))
    }

    @Test("past attempts say what they were: practice, timed out, abandoned; a practice report says it is not in readiness")
    func pastKinds() throws {
        let (done, t, q) = try #require(ExamSamples.submitted(TestContent.bank))
        var practice = done
        practice.id = "20261120T090000Z"
        practice.mode = .practice
        practice.score = ExamScore(scoredCorrect: 70, scoredTotal: 100, scaledEstimate: 377, passed: false)
        var timedOut = done
        timedOut.id = "20261121T090000Z"
        timedOut.autoSubmitted = true
        timedOut.score = ExamScore(scoredCorrect: 40, scoredTotal: 100, scaledEstimate: 301, passed: false)
        let data = ExamStartData(history: [AttemptSummary(practice), AttemptSummary(timedOut)], running: [])
        let text = App(root: ExamStartScreen(track: t, questions: TestContent.bank.questions, data: data, now: done.startedAt),
                       size: Self.size).render().text
        #expect(text.contains("practice · 377 below 390  raw 70/100"))
        #expect(text.contains("301 below 390  raw 40/100  timed out"))
        let report = App(root: ExamReportScreen(attempt: practice, track: t, questions: q), size: Self.size).render().text
        #expect(report.contains("Practice attempt: in your history, not counted in readiness."))
        #expect(!App(root: ExamReportScreen(attempt: done, track: t, questions: q), size: Self.size).render().text.contains("Practice attempt"))
    }

    @Test("a track the bank cannot fill says what it lacks and still lists its attempts in progress to resume")
    func shortBank() throws {
        let bank = TestContent.bank
        let track = try #require(bank.tracks.first { $0.id == "ccma" })
        let pools = ExamFormBuilder.pools(bank.questions, track: track)
        guard ExamFormBuilder.shortage(.full(track), pools: pools) != nil else { return }  // the CCMA bank has grown
        let (a, _, _) = try #require(ExamSamples.inProgress(bank))
        var running = a
        running.form.trackID = "ccma"
        var app = App(root: ExamStartScreen(track: track, questions: bank.questions,
                                            data: ExamStartData(history: [AttemptSummary(running)], running: [running]), now: a.lastActiveAt),
                      size: Self.size)
        let text = app.render().text
        #expect(text.contains("No full form yet: "))
        #expect(text.contains("▸ Resume Form 1 · question 37 of 120"))
        for key in [Key.down, .down, .end, .enter, .char("m"), .home] { _ = app.handle(.key(key)) }
        #expect(app.render().size == Self.size)
    }

    @Test("an attempt in progress whose file cannot be read is named, not hidden")
    func unreadableNamed() throws {
        let (data, a, _, t) = try Self.twoRunning()
        var damaged = data
        damaged.unreadable = ["20261101T080000Z"]
        let text = App(root: ExamStartScreen(track: t, questions: TestContent.bank.questions, data: damaged, now: a.lastActiveAt),
                       size: Self.size).render().text
        #expect(text.contains("Attempt 20261101T080000Z cannot be read: run statdeck users check"))
        #expect(text.contains("▸ Resume Form 1 · question 37 of 120"))
    }
}

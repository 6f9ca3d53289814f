#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import StudyCore

/// Deterministic mock-exam attempts on the real bank, for `statdeck snapshot` and the
/// snapshot tests: CPT Form 1 part way through, and the same form submitted.
enum ExamSamples {
    static let start = Date(timeIntervalSince1970: 1_795_856_400)  // 2026-11-28T09:00:00Z

    /// CPT (or the first track) Form 1, with 36 items answered, 3 flagged, at question 37
    /// after 38 minutes; nil when the bank cannot fill the form.
    static func inProgress(_ bank: ContentBank) -> (ExamAttempt, Track, [String: Question])? {
        guard let track = bank.tracks.first(where: { $0.id == "cpt" }) ?? bank.tracks.first,
              let form = try? ExamFormBuilder.fixedForm(1, plan: .full(track), pools: ExamFormBuilder.pools(bank.questions, track: track))
        else { return nil }
        var questions: [String: Question] = [:]
        for q in bank.questions { questions[q.id] = q }
        var attempt = ExamAttempt(id: "20261128T090000Z", form: form, mode: .exam, startedAt: start)
        for i in 0..<min(36, attempt.count) {
            attempt.go(to: i, now: start)
            attempt.advance(by: 60 + Double((i * 37) % 30), now: start)
            let key = questions[form.items[i].questionID]?.answer ?? 0
            attempt.answer(i % 5 == 4 ? (key + 1) % 4 : key, now: start)
            if [3, 18].contains(i) { attempt.toggleFlag(now: start) }
        }
        attempt.go(to: 36, now: start)
        attempt.toggleFlag(now: start)
        return (attempt, track, questions)
    }

    /// The same form answered throughout (four in five right) and submitted.
    static func submitted(_ bank: ContentBank) -> (ExamAttempt, Track, [String: Question])? {
        guard let sample = inProgress(bank) else { return nil }
        var attempt = sample.0
        let (track, questions) = (sample.1, sample.2)
        for i in 36..<attempt.count {
            attempt.go(to: i, now: start)
            attempt.advance(by: 30 + Double((i * 53) % 30), now: start)
            let key = questions[attempt.form.items[i].questionID]?.answer ?? 0
            attempt.answer(i % 5 == 2 ? (key + 2) % 4 : key, now: start)
        }
        attempt.submit(at: start.addingTimeInterval(attempt.elapsed))
        return (attempt, track, questions)
    }

    /// A scored history for the start screen: the submitted sample, scored.
    static func history(_ bank: ContentBank) -> [AttemptSummary] {
        guard let (a, t, q) = submitted(bank) else { return [] }
        var scored = a
        scored.id = "20261127T090000Z"
        scored.score = ExamScore(ExamReport(attempt: a, track: t) { q[$0] })
        return [AttemptSummary(scored)]
    }

    /// The catalog entries for the exam screens.
    static func entries() -> [ScreenCatalog.Entry] {
        [
            ScreenCatalog.Entry(name: "exam-start", summary: "choosing a mock exam form, with a resume offer and past attempts") { bank, size, theme in
                guard let (a, t, _) = inProgress(bank) else { return App(root: ExamChoiceScreen(tracks: bank.tracks), size: size, theme: theme) }
                let data = ExamStartData(track: t.id, history: history(bank) + [AttemptSummary(a)], running: [a])
                return App(root: ExamStartScreen(track: t, questions: bank.questions, data: data, now: a.lastActiveAt), size: size, theme: theme)
            },
            ScreenCatalog.Entry(name: "exam-instructions", summary: "what the candidate reads before the clock starts") { bank, size, theme in
                guard let (_, t, q) = inProgress(bank) else { return App(root: ExamChoiceScreen(tracks: bank.tracks), size: size, theme: theme) }
                // Over the start screen, as `statdeck exam cpt --form 1` opens it (Esc goes there).
                var app = App(root: ExamStartScreen(track: t, questions: bank.questions, data: ExamStartData(history: [], running: []),
                                                    now: start), size: size, theme: theme)
                _ = app.apply([.push(ExamInstructionsScreen(track: t, questions: q, choice: ExamChoice(trackID: t.id, formNumber: 1)))])
                return app
            },
            ScreenCatalog.Entry(name: "exam", summary: "a CPT mock exam part way through") { bank, size, theme in
                guard let (a, t, q) = inProgress(bank) else { return App(root: ExamChoiceScreen(tracks: bank.tracks), size: size, theme: theme) }
                return App(root: ExamScreen(attempt: a, track: t, questions: q), size: size, theme: theme)
            },
            ScreenCatalog.Entry(name: "review-grid", summary: "the mock exam's review grid (r)") { bank, size, theme in
                guard let (a, t, q) = inProgress(bank) else { return App(root: ExamChoiceScreen(tracks: bank.tracks), size: size, theme: theme) }
                var app = App(root: ExamScreen(attempt: a, track: t, questions: q), size: size, theme: theme)
                _ = app.handle(.key(.char("r")))
                return app
            },
            ScreenCatalog.Entry(name: "exam-submit", summary: "the submit confirm (s) with unanswered and flagged counts") { bank, size, theme in
                guard let (a, t, q) = inProgress(bank) else { return App(root: ExamChoiceScreen(tracks: bank.tracks), size: size, theme: theme) }
                var app = App(root: ExamScreen(attempt: a, track: t, questions: q), size: size, theme: theme)
                _ = app.handle(.key(.char("s")))
                return app
            },
            ScreenCatalog.Entry(name: "report", summary: "the score report of a submitted CPT mock") { bank, size, theme in
                guard let (a, t, q) = submitted(bank) else { return App(root: ExamChoiceScreen(tracks: bank.tracks), size: size, theme: theme) }
                var app = App(root: ExamStartScreen(track: t, questions: bank.questions, data: ExamStartData(history: [], running: []), now: start), size: size, theme: theme)
                _ = app.apply([.push(ExamReportScreen(attempt: a, track: t, questions: q))])
                return app
            },
            ScreenCatalog.Entry(name: "exam-review", summary: "review mode after a mock: the wrong items") { bank, size, theme in
                guard let (a, t, q) = submitted(bank) else { return App(root: ExamChoiceScreen(tracks: bank.tracks), size: size, theme: theme) }
                var app = App(root: ExamReportScreen(attempt: a, track: t, questions: q), size: size, theme: theme)
                _ = app.handle(.key(.char("w")))
                return app
            },
        ]
    }
}

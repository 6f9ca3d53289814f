import Foundation
import Testing
@testable import StudyCore

/// A submitted mock exam feeding the study queue through the store.
@Suite("Mock exam to study queue")
struct ExamLearningTests {
    static let questions: [String: Question] = Dictionary(uniqueKeysWithValues: (0..<6).map { i in
        ("q\(i)", Question(id: "q\(i)", kind: .single, domains: ["cpt": "safety-compliance"], stem: "Stem \(i)",
                           choices: ["a", "b", "c", "d"], answer: 1, explanation: "Explanation long enough.",
                           rationales: ["r", "r", "r", "r"], difficulty: 2, facts: ["F1"]))
    })

    /// Six items: q0 right, q1 wrong, q2 unanswered, q3 wrong and flagged, q4 right and flagged, q5 pretest wrong.
    static func submitted(at t: Date) -> ExamAttempt {
        let form = ExamForm(trackID: "cpt", name: "Form 1", minutes: 6,
                            items: (0..<6).map { ExamForm.Item(questionID: "q\($0)", area: $0 == 5 ? "patient-prep" : "safety-compliance", pretest: $0 == 5) })
        var a = ExamAttempt(id: "20261128T090000Z", form: form, mode: .exam, startedAt: t)
        for (i, choice) in [1, 0, nil, 3, 1, 2].enumerated() {
            a.go(to: i, now: t)
            a.advance(by: 20, now: t)
            if let choice { a.answer(choice, now: t) }
            if i == 3 || i == 4 { a.toggleFlag(now: t) }
        }
        a.submit(at: t.addingTimeInterval(120))
        return a
    }

    @Test("outcomes: wrong answers (pretest included) are missed, unanswered are not; flagged are flagged")
    func outcomes() {
        let all = ExamLearning.outcomes(Self.submitted(at: Date(timeIntervalSince1970: 1_800_000_000))) { Self.questions[$0] }
        #expect(ExamLearning.missed(all).map(\.questionID) == ["q1", "q3", "q5"])
        #expect(ExamLearning.flagged(all).map(\.questionID) == ["q3", "q4"])
    }

    @Test("missed items are logged as Again reviews from the exam and come back within minutes; flagged items are flagged and due")
    func recordsThroughTheStore() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        // q4 was studied before and is due in 20 days.
        let later = clock.now.addingTimeInterval(20 * 86_400)
        try store.setState(ItemState(card: Card(phase: .review, step: nil, stability: 20, difficulty: 5, due: later, lastReview: clock.now)), of: "q4")
        let attempt = Self.submitted(at: clock.now)
        let counts = try ExamLearning.record(attempt, question: { Self.questions[$0] }, in: store, scheduler: try FSRSScheduler())
        #expect(counts.missed == 3 && counts.flagged == 2)
        let end = attempt.submittedAt!
        for id in ["q1", "q3", "q5"] {
            let s = try #require(store.state(of: id))
            #expect(s.card.due <= end.addingTimeInterval(15 * 60), "\(id) comes back soon")
        }
        #expect(store.state(of: "q0") == nil && store.state(of: "q2") == nil)
        #expect(store.state(of: "q3")?.flags.flagged == true)
        #expect(store.state(of: "q4")?.flags.flagged == true)
        #expect(store.state(of: "q4")!.card.due <= end)
        var reviews: [ReviewRecord] = []
        try store.replayLog { entry in if case .review(let r, _) = entry.event { reviews.append(r) } }
        #expect(reviews.map(\.itemID) == ["q1", "q3", "q5"])
        #expect(reviews.allSatisfy { $0.source == .exam && $0.rating == .again && !$0.correct })
        #expect(reviews.map(\.domain) == ["safety-compliance", "safety-compliance", "patient-prep"])
        #expect(reviews.map(\.answer) == [0, 3, 2])
        try store.close()
    }

    @Test("an attempt that ran out of time while closed, reopened 3 days later: its missed items count on the day they were answered; today is no study day and unanswered items are no reviews")
    func autoSubmittedIsNoStudyDay() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        let t = clock.now
        let form = ExamForm(trackID: "cpt", name: "Form 1", minutes: 6,
                            items: (0..<6).map { ExamForm.Item(questionID: "q\($0)", area: "safety-compliance", pretest: false) })
        var a = ExamAttempt(id: "20261128T090000Z", form: form, mode: .exam, startedAt: t)
        a.advance(by: 20, now: t); a.answer(0, now: t)          // q0 wrong
        a.next(now: t); a.advance(by: 20, now: t); a.answer(1, now: t)  // q1 right
        a.next(now: t)                                          // q2..q5 never answered
        let reopened = t.addingTimeInterval(3 * 86_400)
        a.resume(at: reopened)
        #expect(a.isSubmitted && a.autoSubmitted)
        #expect(ExamLearning.studyInstant(a) == t)
        let counts = try ExamLearning.record(a, question: { Self.questions[$0] }, in: store, scheduler: try FSRSScheduler())
        #expect(counts.missed == 1)
        let days = try store.dailyTotals().days
        let answeredDay = CalendarDay(containing: t, dayStartHour: store.settings.dayStartHour)
        let today = CalendarDay(containing: reopened, dayStartHour: store.settings.dayStartHour)
        #expect(days[answeredDay]?.reviews == 1, "one review, the wrong answer, on the day it was given")
        #expect(days[today] == nil, "the day the time-out was found is no study day")
        // A hand-submitted attempt counts on its submit day; an abandoned one feeds nothing.
        var abandoned = Self.submitted(at: t)
        abandoned.submittedAt = nil
        abandoned.abandon(at: t)
        #expect(try ExamLearning.record(abandoned, question: { Self.questions[$0] }, in: store, scheduler: try FSRSScheduler()) == (0, 0))
        try store.close()
    }
}

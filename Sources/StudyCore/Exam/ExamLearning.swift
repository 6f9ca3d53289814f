#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a submitted mock exam teaches the study queue: every answered item is a real
/// answer (pretest items included; they only do not count for the score), wrong ones come
/// back soon, and flagged items are marked for a look.
public enum ExamLearning {
    /// One item's outcome for study.
    public struct Outcome: Sendable, Hashable {
        public var questionID: String
        /// The leaf area the item was drawn for (the domain logged with the review).
        public var area: String
        /// The chosen option, nil when unanswered.
        public var chosen: Int?
        public var correct: Bool
        public var flagged: Bool
        public var pretest: Bool
        public var seconds: Double
    }

    /// The outcome of each position of a submitted attempt, in form order; items missing from
    /// the bank are left out (there is nothing to study).
    public static func outcomes(_ attempt: ExamAttempt, question: (String) -> Question?) -> [Outcome] {
        attempt.form.items.enumerated().compactMap { i, item in
            guard let q = question(item.questionID) else { return nil }
            let chosen = attempt.answers[i]
            return Outcome(questionID: item.questionID, area: item.area, chosen: chosen, correct: chosen == q.answer,
                           flagged: attempt.flags[i], pretest: item.pretest, seconds: attempt.timeOnItem[i])
        }
    }

    /// Items answered wrong: each is logged with the Again rating.
    public static func missed(_ outcomes: [Outcome]) -> [Outcome] { outcomes.filter { $0.chosen != nil && !$0.correct } }

    /// Items flagged for review: marked flagged and made due soon.
    public static func flagged(_ outcomes: [Outcome]) -> [Outcome] { outcomes.filter(\.flagged) }

    /// The review to log for a missed item: the Again rating from its current state (a new
    /// card if never studied), source `exam`, the item's area as its domain. The flags the
    /// item had are kept.
    public static func review(for outcome: Outcome, state: ItemState?, scheduler: FSRSScheduler,
                              at now: Date, day: CalendarDay) -> ReviewRecord {
        let card = state?.card ?? Card.new(at: now)
        var rng = SeededRandom(seed: stableHash("exam/\(outcome.questionID)"))
        let ms = Int(saturating: (outcome.seconds * 1000).rounded())
        let result = scheduler.review(card, rating: .again, at: now, durationMilliseconds: ms, random: &rng)
        return ReviewRecord(itemID: outcome.questionID, domain: outcome.area, rating: .again, reviewedAt: now, day: day,
                            durationMs: ms, correct: false, answer: outcome.chosen, source: .exam,
                            after: ItemState(card: result.card, flags: state?.flags ?? ItemFlags()))
    }

    /// A flagged item's new state: flagged, and due no later than `now` (a new card if never studied).
    public static func flaggedState(_ state: ItemState?, at now: Date) -> ItemState {
        var s = state ?? ItemState(card: Card.new(at: now))
        s.flags.flagged = true
        if s.card.due > now { s.card.due = now }
        return s
    }

    /// The instant whose study day the attempt's reviews count on: when it was submitted by
    /// hand, or for an attempt submitted because time ran out (perhaps days later, on
    /// reopening), when its last answer was given: the time-out is no day of study.
    public static func studyInstant(_ attempt: ExamAttempt) -> Date {
        let submitted = attempt.submittedAt ?? attempt.lastActiveAt
        guard attempt.autoSubmitted, let answered = attempt.lastAnsweredAt else { return submitted }
        return min(answered, submitted)
    }

    /// Feeds a submitted attempt to a profile: missed items (answered wrong; unanswered ones
    /// are not reviews) are logged as Again reviews (source `exam`) at the submit instant,
    /// counted on the study day of `studyInstant`; flagged items are flagged and made due.
    /// Returns how many of each. Abandoned or running attempts feed nothing.
    @discardableResult
    public static func record(_ attempt: ExamAttempt, question: (String) -> Question?, in store: ProgressStore,
                              scheduler: FSRSScheduler) throws(StoreError) -> (missed: Int, flagged: Int) {
        guard attempt.isSubmitted else { return (0, 0) }
        let all = outcomes(attempt, question: question)
        let now = attempt.submittedAt ?? attempt.lastActiveAt
        let day = CalendarDay(containing: studyInstant(attempt), dayStartHour: store.settings.dayStartHour)
        let missedItems = missed(all), flaggedItems = flagged(all)
        for outcome in missedItems {
            _ = try store.record(review(for: outcome, state: store.state(of: outcome.questionID), scheduler: scheduler, at: now, day: day))
        }
        for outcome in flaggedItems {
            try store.setState(flaggedState(store.state(of: outcome.questionID), at: now), of: outcome.questionID)
        }
        return (missedItems.count, flaggedItems.count)
    }
}

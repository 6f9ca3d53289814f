#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The FSRS-6 scheduler: py-fsrs 6.3.2's `Scheduler.review_card` state machine over
/// `FSRSModel`'s formulas.
///
/// A pure value: time comes in as the review instant and randomness (fuzz) through an
/// `inout` generator. The settings are validated once in `init`; reviewing never fails.
///
/// Memory update (S and D): a card's first review sets S0(G), D0(G); a review less than
/// one whole 24-hour period after the last uses the same-day (short-term) formula; any
/// later review uses recall or lapse stability with R at the floored elapsed days. This
/// holds in every phase. Then the phase machine picks the interval (see `docs/scheduling.md`).
public struct FSRSScheduler: Sendable {
    public let configuration: SchedulerConfiguration
    public let model: FSRSModel
    @usableFromInline let learningSteps: [Double]
    @usableFromInline let relearningSteps: [Double]
    @usableFromInline let fuzzEnabled: Bool

    public static let secondsPerDay = 86_400.0

    /// Checks `configuration` against `limits` and precomputes the formula constants.
    public init(_ configuration: SchedulerConfiguration = .default,
                limits: SchedulerConfiguration.Limits = .profile) throws(SchedulerConfigurationError) {
        try configuration.validate(limits)
        self.configuration = configuration
        model = FSRSModel(parameters: configuration.parameters, desiredRetention: configuration.desiredRetention,
                          maximumInterval: configuration.maximumInterval)
        learningSteps = configuration.learningSteps
        relearningSteps = configuration.relearningSteps
        fuzzEnabled = configuration.fuzzEnabled
    }

    // MARK: time

    /// Whole 24-hour periods from `start` to `end`, floored (Python's `timedelta.days`);
    /// negative when `end` is earlier.
    @inlinable
    public static func elapsedDays(from start: Date, to end: Date) -> Int {
        let days = (end.timeIntervalSince(start) / secondsPerDay).rounded(.down)
        if days >= 1e15 { return Int(1e15) }
        if days <= -1e15 { return Int(-1e15) }
        return Int(days)
    }

    // MARK: retrievability

    /// The probability of recalling `card` at `instant` (now, or a future exam day).
    /// 0 for a card never reviewed; whole elapsed days, never negative, as py-fsrs.
    @inlinable
    public func retrievability(of card: Card, at instant: Date) -> Double {
        guard let last = card.lastReview, let s = card.stability else { return 0 }
        return model.retrievability(elapsedDays: max(0, Self.elapsedDays(from: last, to: instant)), stability: s)
    }

    // MARK: review

    /// Reviews `card` with `rating` at `now`: the new card, its log and the interval.
    /// `random` is drawn from once, only when fuzz is on and the card lands in Review.
    @inlinable
    public func review<G: RandomNumberGenerator>(_ card: Card, rating: Rating, at now: Date,
                                                 durationMilliseconds: Int? = nil,
                                                 random: inout G) -> ReviewResult {
        var next = card
        let elapsed: Int? = card.lastReview.map { Self.elapsedDays(from: $0, to: now) }

        // Stability and difficulty.
        if let s = card.stability, let d = card.difficulty {
            if let e = elapsed, e < 1 {
                next.stability = model.shortTermStability(s, rating)
            } else {
                let r = elapsed.map { model.retrievability(elapsedDays: max(0, $0), stability: s) } ?? 0
                next.stability = model.nextStability(difficulty: d, stability: s, retrievability: r, rating: rating)
            }
            next.difficulty = model.nextDifficulty(d, rating)
        } else {
            next.stability = model.initialStability(rating)
            next.difficulty = model.initialDifficulty(rating)
        }
        let stability = next.stability!

        // Phase, step and interval.
        var seconds = 0.0
        var reviewDays = -1  // >= 0 when the interval is whole days in Review
        switch card.phase {
        case .learning, .relearning:
            let steps = card.phase == .learning ? learningSteps : relearningSteps
            let step = max(0, card.step ?? 0)
            if steps.isEmpty || (step >= steps.count && rating != .again) {
                reviewDays = model.nextIntervalDays(stability)
            } else {
                switch rating {
                case .again:
                    next.step = 0
                    seconds = steps[0]
                case .hard:
                    next.step = step
                    if step == 0 {
                        seconds = steps.count == 1 ? steps[0] * 1.5 : (steps[0] + steps[1]) / 2.0
                    } else {
                        seconds = steps[step]
                    }
                case .good:
                    if step + 1 == steps.count {
                        reviewDays = model.nextIntervalDays(stability)
                    } else {
                        next.step = step + 1
                        seconds = steps[step + 1]
                    }
                case .easy:
                    reviewDays = model.nextIntervalDays(stability)
                }
            }
        case .review:
            if rating == .again && !relearningSteps.isEmpty {
                next.phase = .relearning
                next.step = 0
                seconds = relearningSteps[0]
            } else {
                reviewDays = model.nextIntervalDays(stability)
            }
        }
        if reviewDays >= 0 {
            next.phase = .review
            next.step = nil
            if fuzzEnabled {
                reviewDays = FSRSFuzz.fuzzedDays(reviewDays, maximumInterval: model.maximumInterval, unit: random.nextUnit())
            }
            seconds = Double(reviewDays) * Self.secondsPerDay
        }
        next.due = now.addingTimeInterval(seconds)
        next.lastReview = now
        return ReviewResult(card: next,
                            log: ReviewLog(rating: rating, reviewedAt: now, durationMilliseconds: durationMilliseconds, cardBefore: card),
                            interval: seconds)
    }

    // MARK: preview

    /// What each of the four buttons would do, for labelling them before the answer.
    /// Each outcome uses its own copy of `random`, so the outcome shown for a rating is
    /// exactly what `review` gives when it is then called with the same generator.
    public func preview<G: RandomNumberGenerator>(_ card: Card, at now: Date, random: G) -> ReviewPreview {
        func outcome(_ rating: Rating) -> ReviewResult {
            var r = random
            return review(card, rating: rating, at: now, random: &r)
        }
        return ReviewPreview(again: outcome(.again), hard: outcome(.hard), good: outcome(.good), easy: outcome(.easy))
    }
}

/// The four possible outcomes of answering a card now.
public struct ReviewPreview: Sendable, Hashable {
    public var again: ReviewResult
    public var hard: ReviewResult
    public var good: ReviewResult
    public var easy: ReviewResult

    public subscript(rating: Rating) -> ReviewResult {
        switch rating {
        case .again: return again
        case .hard: return hard
        case .good: return good
        case .easy: return easy
        }
    }

    /// Button labels such as `1m`, `5.5m`, `10m`, `8d`, in Again/Hard/Good/Easy order.
    public var labels: [String] { Rating.allCases.map { IntervalLabel.short(seconds: self[$0].interval) } }
}

import Testing
@testable import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

let minute = 60.0, hour = 3600.0, day = 86_400.0
/// 2025-01-01T00:00:00Z.
let jan1 = Date(timeIntervalSince1970: 1_735_689_600)

func scheduler(_ configure: (inout SchedulerConfiguration) -> Void = { _ in }) throws -> FSRSScheduler {
    var c = SchedulerConfiguration(fuzzEnabled: false)
    configure(&c)
    return try FSRSScheduler(c)
}

@Suite("FSRS scheduler")
struct FSRSSchedulerTests {
    var rng = SeededRandom(seed: 42)

    @Test("the worked example of FSRS.md 2.3 with default settings")
    mutating func workedExample() throws {
        let s = try scheduler()
        var card = Card.new(at: jan1)
        var now = jan1
        func answer(_ rating: Rating, at time: Date) -> ReviewResult {
            let r = s.review(card, rating: rating, at: time, random: &rng)
            card = r.card
            now = time
            return r
        }
        var r = answer(.good, at: jan1)
        #expect(card.phase == .learning && card.step == 1 && r.interval == 10 * minute)
        #expect(abs(card.stability! - 2.3065) < 1e-12 && abs(card.difficulty! - 2.1181) < 1e-4)

        r = answer(.good, at: now + 10 * minute)  // same day: short-term, S kept (SInc clamps to 1)
        #expect(card.phase == .review && card.step == nil && r.interval == 2 * day)
        #expect(card.stability == 2.3065 && abs(card.difficulty! - 2.1112) < 1e-4)

        let expected: [(s: Double, days: Double, rBefore: Double)] = [(10.9710, 11, 0.9095), (46.3169, 46, 0.8998), (162.9998, 163, 0.9005)]
        for e in expected {
            let due = card.due
            #expect(abs(s.retrievability(of: card, at: due) - e.rBefore) < 1e-4)
            r = answer(.good, at: due)
            #expect(abs(card.stability! - e.s) < 1e-4)
            #expect(r.interval == e.days * day)
        }
        r = answer(.again, at: card.due)
        #expect(card.phase == .relearning && card.step == 0 && r.interval == 10 * minute)
        #expect(abs(card.stability! - 4.7180) < 1e-4 && abs(card.difficulty! - 7.3855) < 1e-4)
        r = answer(.good, at: now + 10 * minute)
        #expect(card.phase == .review && r.interval == 5 * day && abs(card.difficulty! - 7.3733) < 1e-4)
        #expect(card.lastReview == now && card.due == now + 5 * day)
    }

    @Test("a new card: Again 1m, Hard 5m30s (between the two steps), Good 10m, Easy straight to Review")
    func newCardButtons() throws {
        let s = try scheduler()
        let p = s.preview(.new(at: jan1), at: jan1, random: rng)
        #expect([p.again.interval, p.hard.interval, p.good.interval, p.easy.interval] == [60, 330, 600, 8 * day])
        #expect(p.labels == ["1m", "5.5m", "10m", "8d"])
        #expect(p.again.card.step == 0 && p.hard.card.step == 0 && p.good.card.step == 1 && p.easy.card.step == nil)
        #expect(p.easy.card.phase == .review && p.easy.card.stability == 8.2956 && p.easy.card.difficulty == 1.0)
    }

    @Test("one learning step: Hard is 1.5x the step, Good graduates; no relearning steps keep a lapse in Review")
    mutating func singleStep() throws {
        let s = try scheduler { $0.learningSteps = [10 * minute]; $0.relearningSteps = [] }
        var card = s.review(.new(at: jan1), rating: .hard, at: jan1, random: &rng)
        #expect(card.interval == 15 * minute && card.card.step == 0 && card.card.phase == .learning)
        card = s.review(card.card, rating: .good, at: jan1 + 15 * minute, random: &rng)
        #expect(card.card.phase == .review && card.interval == day)
        card = s.review(card.card, rating: .again, at: card.card.due, random: &rng)
        #expect(card.card.phase == .review && card.card.step == nil && card.interval == day)
        #expect(abs(card.card.stability! - 0.3835273572037557) < 1e-12)
    }

    @Test("Hard on a later step repeats that step; Again goes back to the first")
    mutating func laterSteps() throws {
        let s = try scheduler { $0.learningSteps = [minute, 10 * minute, hour] }
        var c = s.review(.new(at: jan1), rating: .good, at: jan1, random: &rng).card
        c = s.review(c, rating: .good, at: jan1 + 10 * minute, random: &rng).card
        #expect(c.step == 2)
        let hard = s.review(c, rating: .hard, at: jan1 + 20 * minute, random: &rng)
        #expect(hard.card.step == 2 && hard.interval == hour)
        let again = s.review(c, rating: .again, at: jan1 + 20 * minute, random: &rng)
        #expect(again.card.step == 0 && again.interval == minute)
    }

    @Test("with no steps a new card goes straight to Review")
    mutating func noSteps() throws {
        let s = try scheduler { $0.learningSteps = []; $0.relearningSteps = [] }
        for rating in Rating.allCases {
            let r = s.review(.new(at: jan1), rating: rating, at: jan1, random: &rng)
            #expect(r.card.phase == .review && r.card.step == nil && r.interval.truncatingRemainder(dividingBy: day) == 0)
        }
    }

    @Test("a learning card on a step beyond a shorter new step list graduates on Hard/Good/Easy")
    mutating func fewerStepsThanBefore() throws {
        let s = try scheduler { $0.learningSteps = [minute] }
        let stale = Card(phase: .learning, step: 3, stability: 2.3, difficulty: 5, due: jan1, lastReview: jan1 - hour)
        for rating in [Rating.hard, .good, .easy] {
            #expect(s.review(stale, rating: rating, at: jan1, random: &rng).card.phase == .review)
        }
        let again = s.review(stale, rating: .again, at: jan1, random: &rng)
        #expect(again.card.phase == .learning && again.card.step == 0 && again.interval == minute)
    }

    @Test("same-day reviews never lower stability on Hard/Good/Easy; Again may")
    func sameDay() throws {
        let m = FSRSModel()
        for s in [0.001, 0.5, 2.3065, 17.3, 400] {
            for rating in [Rating.hard, .good, .easy] { #expect(m.shortTermStability(s, rating) >= s) }
        }
        #expect(m.shortTermStability(17.3, .again) < 17.3)
    }

    @Test("elapsed days are whole 24-hour periods: 23h59m59s is the same day, 24h is the next")
    mutating func dayBoundary() throws {
        let s = try scheduler()
        let card = Card(phase: .review, step: nil, stability: 10, difficulty: 5, due: jan1 + day, lastReview: jan1)
        let sameDay = s.review(card, rating: .good, at: jan1 + day - 1, random: &rng).card
        let nextDay = s.review(card, rating: .good, at: jan1 + day, random: &rng).card
        #expect(sameDay.stability == s.model.shortTermStability(10, .good))
        #expect(nextDay.stability == s.model.nextStability(difficulty: 5, stability: 10,
                                                           retrievability: s.model.retrievability(elapsedDays: 1, stability: 10), rating: .good))
        #expect(s.retrievability(of: card, at: jan1 + day - 1) == 1)
        #expect(s.retrievability(of: card, at: jan1 - day) == 1)  // a clock set back never gives R > 1
    }

    @Test("retrievability: 0 before the first review, 0.9 after S days, falling toward exam day")
    mutating func retrievability() throws {
        let s = try scheduler()
        #expect(s.retrievability(of: .new(at: jan1), at: jan1 + 30 * day) == 0)
        let card = Card(phase: .review, step: nil, stability: 12, difficulty: 5, due: jan1, lastReview: jan1)
        #expect(abs(s.retrievability(of: card, at: jan1 + 12 * day) - 0.9) < 1e-12)
        let week = s.retrievability(of: card, at: jan1 + 7 * day)
        let exam = s.retrievability(of: card, at: jan1 + 60 * day)
        #expect(week > 0.9 && exam < 0.9 && exam > 0)
    }

    @Test("intervals are rounded half to even and clamped to [1, maximum interval]")
    func intervals() throws {
        let m = FSRSModel(maximumInterval: 30)
        // At 90 % retention the interval equals S (to within an ulp).
        #expect(m.nextIntervalDays(2.5) == 2)
        #expect(m.nextIntervalDays(3.5) == 4)
        #expect(m.nextIntervalDays(0.2) == 1)
        #expect(m.nextIntervalDays(2_100_000) == 30)
        #expect(FSRSModel(desiredRetention: 0.8).nextIntervalDays(10) > FSRSModel(desiredRetention: 0.95).nextIntervalDays(10))
    }

    @Test("fuzz: learning steps never move; Review intervals stay inside py-fsrs's range and vary by seed")
    func fuzz() throws {
        let s = try FSRSScheduler(SchedulerConfiguration(fuzzEnabled: true))
        let review = Card(phase: .review, step: nil, stability: 100, difficulty: 5, due: jan1, lastReview: jan1 - 100 * day)
        var unused = SeededRandom(seed: 0)
        let plain = try scheduler().review(review, rating: .good, at: jan1, random: &unused).interval / day
        let range = FSRSFuzz.range(days: Int(plain), maximumInterval: 36_500)
        var seen = Set<Int>()
        for seed in 0..<400 as Range<UInt64> {
            var g = SeededRandom(seed: seed)
            let learn = s.review(.new(at: jan1), rating: .good, at: jan1, random: &g)
            #expect(learn.interval == 10 * minute)
            let days = Int(s.review(review, rating: .good, at: jan1, random: &g).interval / day)
            #expect(days >= range.lower && days <= range.upper + 1)
            seen.insert(days)
        }
        #expect(seen.count >= range.upper - range.lower)  // the draw spreads over the range
        var a = SeededRandom(seed: 7), b = SeededRandom(seed: 7)
        #expect(s.review(review, rating: .good, at: jan1, random: &a) == s.review(review, rating: .good, at: jan1, random: &b))
    }

    @Test("fuzz table: short intervals are kept, the range follows py-fsrs, results never pass the maximum")
    func fuzzFunction() {
        #expect(FSRSFuzz.fuzzedDays(1, maximumInterval: 36_500, unit: 0.99) == 1)
        #expect(FSRSFuzz.fuzzedDays(2, maximumInterval: 36_500, unit: 0.99) == 2)
        #expect(FSRSFuzz.range(days: 3, maximumInterval: 36_500) == (2, 4))
        #expect(FSRSFuzz.range(days: 7, maximumInterval: 36_500) == (5, 9))
        // The py-fsrs quirk: rounding the draw can give upper + 1.
        #expect(FSRSFuzz.fuzzedDays(7, maximumInterval: 36_500, unit: 0.999999) == 10)
        #expect(FSRSFuzz.fuzzedDays(100, maximumInterval: 100, unit: 0.999999) == 100)
    }

    @Test("preview shows exactly what answering with the same generator does")
    func previewMatchesReview() throws {
        let s = try FSRSScheduler(SchedulerConfiguration(fuzzEnabled: true))
        let card = Card(phase: .review, step: nil, stability: 40, difficulty: 6, due: jan1, lastReview: jan1 - 38 * day)
        let gen = SeededRandom(seed: 99)
        let p = s.preview(card, at: jan1, random: gen)
        for rating in Rating.allCases {
            var g = gen
            #expect(s.review(card, rating: rating, at: jan1, random: &g) == p[rating])
        }
        #expect(p.hard.interval <= p.good.interval && p.good.interval <= p.easy.interval)
    }

    @Test("a review log and a card survive a JSON round trip")
    mutating func codable() throws {
        let s = try scheduler()
        let r = s.review(.new(at: jan1), rating: .hard, at: jan1, durationMilliseconds: 4200, random: &rng)
        let data = try JSONEncoder().encode(r.log)
        let back = try JSONDecoder().decode(ReviewLog.self, from: data)
        #expect(back == r.log && back.durationMilliseconds == 4200 && back.cardBefore.isNew)
        let card = try JSONDecoder().decode(Card.self, from: try JSONEncoder().encode(r.card))
        #expect(card == r.card)
    }

    @Test("interval labels")
    func labels() {
        #expect(IntervalLabel.short(seconds: 45) == "45s")
        #expect(IntervalLabel.short(seconds: 600) == "10m")
        #expect(IntervalLabel.short(seconds: 5400) == "1.5h")
        #expect(IntervalLabel.short(seconds: 11 * day) == "11d")
        #expect(IntervalLabel.short(seconds: 45 * day) == "1.5mo")
        #expect(IntervalLabel.short(seconds: 730 * day) == "2y")
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Compares plain FSRS with the exam-day planner on simulated learners (`docs/scheduling.md`,
/// "How the planner was measured").
///
/// Each learner's true memory follows FSRS-6 with weights drawn around the defaults
/// (each weight times e^N(0, spread), kept within its bounds); the app only knows the
/// default weights. A learner has a prior chance of knowing a new item (drawn from 0.25 to
/// 0.6). The same learners meet the same random outcomes under every policy: the n-th
/// answer to an item is right when a draw fixed by (seed, learner, item, n) falls below the
/// learner's true recall. Study happens at noon; same-day learning steps are answered Good
/// and count with their item as one review. The exam is at 09:00 on day `horizon`.
public struct ExamDaySimulation: Sendable {
    /// A way of choosing each day's study.
    public enum Policy: Sendable, Hashable, CustomStringConvertible {
        /// Plain FSRS at a desired retention: due items first (weakest first), then new items
        /// paced by the study plan (unseen / days to the exam date minus 7), within the budget;
        /// what does not fit waits for the next day.
        case fsrs(Double)
        /// The exam-day planner with the given options.
        case planner(ExamDayPlanner.Options)

        public var description: String {
            switch self {
            case .fsrs(let r): return "FSRS " + ExamDaySimulation.fixed(r, 2)
            case .planner: return "planner"
            }
        }
    }

    /// What one policy gave over all learners.
    public struct Outcome: Sendable, Hashable {
        /// Expected exam-day score per learner, in percent (weighted true recall).
        public var scores: [Double]
        /// Reviews per learner over the whole run.
        public var reviews: [Int]
        /// The most items any learner studied on one day.
        public var busiestDay: Int
        /// Mean exam-day score over the learners.
        public var mean: Double { scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count) }
        /// Mean reviews per learner.
        public var meanReviews: Double { reviews.isEmpty ? 0 : Double(reviews.reduce(0, +)) / Double(reviews.count) }
        /// The score at share `p` of the learners (nearest rank).
        public func percentile(_ p: Double) -> Double {
            guard !scores.isEmpty else { return 0 }
            let s = scores.sorted()
            let i = min(s.count - 1, max(0, Int((p * Double(s.count - 1)).rounded())))
            return s[i]
        }
    }

    public var items: [(id: String, weight: Double)]
    public var seed: UInt64
    public var learners: Int
    /// Spread of the true weights around the defaults (standard deviation of the log factor).
    public var spread: Double = 0.15
    /// Chance a learner skips a day (0 in the table).
    public var skipChance: Double = 0

    public init(items: [(id: String, weight: Double)], seed: UInt64, learners: Int) {
        self.items = items; self.seed = seed; self.learners = learners
    }

    /// The learners' items and weights for a track of `bank` (see `ExamDayPlanner.weights`).
    public static func items(track: Track, bank: ContentBank) -> [(id: String, weight: Double)] {
        let pairs = bank.items(for: track.id).compactMap { item in item.domains[track.id].map { (item.id, $0) } }
        let weights = ExamDayPlanner.weights(track: track, items: pairs)
        return pairs.map { ($0.0, weights[$0.0] ?? 0) }
    }

    static let day = StudyDay(startHour: 4, utcOffsetSeconds: 0)
    static let firstDay = 20_000  // days since the epoch of day 0

    /// A uniform draw fixed by its coordinates.
    static func draw(_ a: UInt64, _ b: Int, _ c: Int, _ d: Int) -> Double {
        var g = SplitMix64(seed: a ^ (UInt64(truncatingIfNeeded: b) &* 0x9E37_79B9_7F4A_7C15)
            ^ (UInt64(truncatingIfNeeded: c) &* 0xC2B2_AE3D_27D4_EB4F) ^ (UInt64(truncatingIfNeeded: d) &* 0x1656_67B1_9E37_79F9))
        _ = g.next()
        return Double(g.next() >> 11) / Double(1 << 53)
    }

    /// A learner's true weights.
    func trueParameters(_ learner: Int) -> FSRSParameters {
        var g = SplitMix64(seed: seed ^ 0xABCD ^ UInt64(learner) &* 0x1000_0000_01B3)
        var w = FSRSParameters.defaultValues
        for i in w.indices where i != 4 {
            // Box-Muller normal.
            let u1 = max(1e-12, Double(g.next() >> 11) / Double(1 << 53)), u2 = Double(g.next() >> 11) / Double(1 << 53)
            let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            w[i] = min(max(w[i] * exp(spread * z), FSRSParameters.lowerBounds[i]), FSRSParameters.upperBounds[i])
        }
        return (try? FSRSParameters(w)) ?? .defaults
    }

    /// Runs `policy` for an exam `horizon` days away with a daily budget of `budget` items.
    public func run(_ policy: Policy, horizon: Int, budget: Int) -> Outcome {
        var scores: [Double] = [], reviews: [Int] = [], busiest = 0
        for learner in 0..<learners {
            let r = runLearner(learner, policy, horizon: horizon, budget: budget)
            scores.append(r.score); reviews.append(r.reviews); busiest = max(busiest, r.busiest)
        }
        return Outcome(scores: scores, reviews: reviews, busiestDay: busiest)
    }

    /// One learner: exam-day score (percent), total reviews, busiest day, reviews per day.
    public func runLearner(_ learner: Int, _ policy: Policy, horizon: Int, budget: Int)
        -> (score: Double, reviews: Int, busiest: Int, perDay: [Int]) {
        let truth = try! FSRSScheduler(SchedulerConfiguration(parameters: trueParameters(learner), fuzzEnabled: false))
        let retention: Double
        if case .fsrs(let dr) = policy { retention = dr } else { retention = 0.9 }
        let app = try! FSRSScheduler(SchedulerConfiguration(desiredRetention: retention, fuzzEnabled: true))
        let prior = 0.25 + 0.35 * Self.draw(seed, learner, -1, -1)
        let day = Self.day
        let exam = Date(timeIntervalSince1970: Double(Self.firstDay + horizon) * 86_400 + 9 * 3600)
        var planner: ExamDayPlanner?
        if case .planner(let options) = policy {
            planner = ExamDayPlanner(scheduler: app, day: day, exam: exam, budget: .reviews(budget), options: options)
        }
        // New items are met in a learner-specific order (a mixed queue shows them so).
        var order = Array(items.indices)
        var shuffle = SplitMix64(seed: seed ^ UInt64(learner) &* 0x2545_F491_4F6C_DD1D)
        order.shuffle(using: &shuffle)
        var rank = [String: Int](minimumCapacity: items.count)
        for (r, i) in order.enumerated() { rank[items[i].id] = r }
        let index = Dictionary(uniqueKeysWithValues: items.indices.map { (items[$0].id, $0) })

        var appCards = [Card?](repeating: nil, count: items.count)
        var trueCards = [Card?](repeating: nil, count: items.count)
        var answers = [Int](repeating: 0, count: items.count)
        var fuzz = SeededRandom(seed: seed ^ UInt64(learner))
        var nextNew = 0
        var total = 0, busiest = 0
        var perDay: [Int] = []

        func study(_ i: Int, at now: Date) {
            let p: Double = trueCards[i].map { truth.retrievability(of: $0, at: now) } ?? prior
            let recalled = Self.draw(seed, learner, i, answers[i]) < p
            answers[i] += 1
            let rating: Rating = recalled ? .good : .again
            var t = now
            var a = app.review(appCards[i] ?? .new(at: now), rating: rating, at: t, random: &fuzz).card
            var b = truth.review(trueCards[i] ?? .new(at: now), rating: rating, at: t, random: &fuzz).card
            var steps = 0
            while a.phase != .review && steps < 8 {
                t = max(t, a.due)
                a = app.review(a, rating: .good, at: t, random: &fuzz).card
                b = truth.review(b, rating: .good, at: t, random: &fuzz).card
                steps += 1
            }
            appCards[i] = a
            trueCards[i] = b
        }

        for d in 0..<horizon {
            if skipChance > 0, Self.draw(seed, learner, -2, d) < skipChance { perDay.append(0); continue }
            let now = Date(timeIntervalSince1970: Double(Self.firstDay + d) * 86_400 + 43_200)
            var chosen: [Int] = []
            if let planner {
                var pitems: [PlannerItem] = []
                pitems.reserveCapacity(items.count)
                for i in items.indices { pitems.append(PlannerItem(id: items[i].id, weight: items[i].weight, card: appCards[i])) }
                if let plan = planner.plan(pitems, at: now, order: rank) {
                    chosen = (plan.reviews + plan.newItems).compactMap { index[$0] }
                }
            } else {
                let end = day.endOfDay(containing: now)
                var due: [(Int, Double)] = []
                for i in items.indices {
                    if let c = appCards[i], c.due < end { due.append((i, app.retrievability(of: c, at: now))) }
                }
                due.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
                chosen = due.prefix(budget).map(\.0)
                // The study plan's pace: unseen items over the study days left to exam - 7.
                let target = horizon - 7
                let daysLeft = target - d + 1
                let unseen = items.count - nextNew
                let pace = daysLeft <= 0 ? unseen : Int((Double(unseen) / Double(daysLeft)).rounded(.up))
                var n = 0
                while n < pace, chosen.count < budget, nextNew < order.count {
                    chosen.append(order[nextNew]); nextNew += 1; n += 1
                }
            }
            for i in chosen { study(i, at: now) }
            total += chosen.count
            busiest = max(busiest, chosen.count)
            perDay.append(chosen.count)
        }
        var score = 0.0
        for i in items.indices {
            score += items[i].weight * ExamDayPlanner.recall(trueCards[i], at: exam, model: truth.model)
        }
        return (score * 100, total, busiest, perDay)
    }

    /// One row of the comparison table.
    public struct Row: Sendable, Hashable {
        public var horizon: Int
        public var budget: Int
        public var policy: String
        public var outcome: Outcome
        /// For a plain setting: the smallest budget at which the planner's mean score is at
        /// least this one's, and the planner's mean reviews at that budget (nil if none up to
        /// the budget searched).
        public var plannerMatch: (budget: Int, reviews: Double)?

        public static func == (a: Row, b: Row) -> Bool {
            a.horizon == b.horizon && a.budget == b.budget && a.policy == b.policy && a.outcome == b.outcome
                && a.plannerMatch?.budget == b.plannerMatch?.budget && a.plannerMatch?.reviews == b.plannerMatch?.reviews
        }
        public func hash(into h: inout Hasher) { h.combine(horizon); h.combine(budget); h.combine(policy) }
    }

    /// The table: for each horizon and budget, FSRS 0.90, FSRS 0.95 and the planner, and for
    /// each plain setting the smallest planner budget that matches it (searched from 1 to
    /// twice the budget).
    public func table(horizons: [Int], budgets: [Int], options: ExamDayPlanner.Options = .standard) -> [Row] {
        var rows: [Row] = []
        for h in horizons {
            var plannerCache: [Int: Outcome] = [:]
            func plannerAt(_ b: Int) -> Outcome {
                if let o = plannerCache[b] { return o }
                let o = run(.planner(options), horizon: h, budget: b)
                plannerCache[b] = o
                return o
            }
            for b in budgets {
                for dr in [0.90, 0.95] {
                    let plain = run(.fsrs(dr), horizon: h, budget: b)
                    // Smallest planner budget with mean >= plain mean (scores rise with budget).
                    var lo = 1, hi = 2 * b
                    if plannerAt(hi).mean < plain.mean {
                        rows.append(Row(horizon: h, budget: b, policy: Policy.fsrs(dr).description, outcome: plain, plannerMatch: nil))
                        continue
                    }
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if plannerAt(mid).mean >= plain.mean { hi = mid } else { lo = mid + 1 }
                    }
                    rows.append(Row(horizon: h, budget: b, policy: Policy.fsrs(dr).description, outcome: plain,
                                    plannerMatch: (lo, plannerAt(lo).meanReviews)))
                }
                rows.append(Row(horizon: h, budget: b, policy: "planner", outcome: plannerAt(b), plannerMatch: nil))
            }
        }
        return rows
    }

    /// `x` with `places` decimals.
    static func fixed(_ x: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let n = Int((abs(x) * scale).rounded())
        let whole = n / Int(scale), frac = n % Int(scale)
        var f = String(frac)
        while f.count < places { f = "0" + f }
        return (x < 0 && n > 0 ? "-" : "") + String(whole) + (places > 0 ? "." + f : "")
    }

    /// The table as text, one line per row.
    public static func format(_ rows: [Row]) -> String {
        func f(_ x: Double) -> String { fixed(x, 1) }
        var out = "exam  budget  policy      score mean  p10-p90        reviews  busiest  planner matches at  reviews then  fewer\n"
        for r in rows {
            var line = "\(r.horizon)d".padded(6)
            line += "\(r.budget)".padded(8)
            line += r.policy.padded(12)
            line += f(r.outcome.mean).padded(12)
            line += "\(f(r.outcome.percentile(0.1)))-\(f(r.outcome.percentile(0.9)))".padded(15)
            line += "\(Int(r.outcome.meanReviews.rounded()))".padded(9)
            line += "\(r.outcome.busiestDay)".padded(9)
            if let m = r.plannerMatch {
                line += "\(m.budget)".padded(20)
                line += "\(Int(m.reviews.rounded()))".padded(14)
                let fewer = r.outcome.meanReviews > 0 ? (1 - m.reviews / r.outcome.meanReviews) * 100 : 0
                line += "\(Int(fewer.rounded()))%"
            } else if r.policy != "planner" {
                line += "not within 2x budget"
            }
            out += line + "\n"
        }
        return out
    }
}

private extension String {
    func padded(_ n: Int) -> String { count >= n ? self + " " : self + String(repeating: " ", count: n - count) }
}

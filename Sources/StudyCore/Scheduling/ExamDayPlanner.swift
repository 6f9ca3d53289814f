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

/// One item as the exam-day planner sees it.
public struct PlannerItem: Sendable, Hashable {
    public var id: String
    /// The item's share of the exam score: its area's test-plan share divided by the
    /// number of bank items in the area (all weights of a track add up to 1).
    public var weight: Double
    /// The item's FSRS card; nil (or a card never reviewed) for an unseen item.
    public var card: Card?
    /// Expected seconds to study the item once (the user's own answer times).
    public var seconds: Double

    public init(id: String, weight: Double, card: Card?, seconds: Double = 20) {
        self.id = id; self.weight = weight; self.card = card; self.seconds = seconds
    }

    public var isNew: Bool { card?.isNew ?? true }
}

/// How much a day may hold: a number of items, or minutes of the user's own answer time.
public enum PlannerBudget: Sendable, Hashable {
    /// Items studied a day (an item and its same-day learning steps count once).
    case reviews(Int)
    /// Minutes a day; each item costs its `PlannerItem.seconds`.
    case minutes(Double)

    /// The capacity of one day, in cost units.
    public var capacity: Double {
        switch self {
        case .reviews(let n): return Double(max(0, n))
        case .minutes(let m): return max(0, m) * 60
        }
    }

    /// What studying `item` once costs against the capacity.
    public func cost(_ item: PlannerItem) -> Double {
        switch self {
        case .reviews: return 1
        case .minutes: return max(1, item.seconds)
        }
    }
}

/// What the planner asks for one study day.
public struct PlannerDay: Sendable, Hashable {
    /// Studied items to review today, most valuable first.
    public var reviews: [String]
    /// Unseen items to introduce today, most valuable first.
    public var newItems: [String]
    /// Whether this is one of the final days (topping up the weakest exam-day recall).
    public var finalPhase: Bool

    public init(reviews: [String], newItems: [String], finalPhase: Bool) {
        self.reviews = reviews; self.newItems = newItems; self.finalPhase = finalPhase
    }

    public var count: Int { reviews.count + newItems.count }
}

/// The exam-day planner: chooses each day's reviews (due and not yet due) and new items to
/// maximise the expected exam-day score, the sum over items of their FSRS-6 retrievability
/// at the exam instant weighted by the test plan, within a daily budget.
///
/// It never changes how a review updates a card (that stays `FSRSScheduler`); it only
/// chooses which items are studied on which day. After the exam (or with no exam date)
/// there is no plan and the ordinary FSRS queue applies. The method is in
/// `docs/scheduling.md`, "Exam-day planning".
public struct ExamDayPlanner: Sendable {
    /// Tunable choices of the method, with the values the simulator was run with.
    public struct Options: Sendable, Hashable {
        /// Before the final days, a studied item is due when its recall now falls to this.
        public var workingRetention: Double
        /// Spare capacity reviews items ahead of time while their recall now is below this.
        public var aheadRetention: Double
        /// The last days before the exam (exam day included) spent on the lowest exam-day
        /// recall per minute.
        public var finalDays: Int
        /// Introductions end this share of the time to the exam before it (at least
        /// `finalDays`), so new items get reviews before the exam.
        public var introductionLead: Double

        public init(workingRetention: Double = 0.85, aheadRetention: Double = 0.93, finalDays: Int = 5,
                    introductionLead: Double = 0.2) {
            self.workingRetention = workingRetention; self.aheadRetention = aheadRetention
            self.finalDays = finalDays; self.introductionLead = introductionLead
        }

        public static let standard = Options()
    }

    /// The app's model: predictions use it, with fuzz off.
    public let scheduler: FSRSScheduler
    public let day: StudyDay
    /// The exam instant (09:00 local on the exam date in the app).
    public let exam: Date
    public let budget: PlannerBudget
    public let options: Options

    /// The study day of the exam.
    public var examDayNumber: Int { day.dayNumber(of: exam) }

    /// `scheduler` is the profile's; its fuzz is switched off for predictions.
    public init(scheduler: FSRSScheduler, day: StudyDay, exam: Date, budget: PlannerBudget, options: Options = .standard) {
        var config = scheduler.configuration
        config.fuzzEnabled = false
        self.scheduler = (try? FSRSScheduler(config, limits: .reference)) ?? scheduler
        self.day = day
        self.exam = exam
        self.budget = budget
        self.options = options
    }

    /// Whole study days from the day of `now` to the exam day: 0 on exam day, negative after.
    public func daysToExam(from now: Date) -> Int { examDayNumber - day.dayNumber(of: now) }

    // MARK: predictions

    /// Retrievability of `card` at the exam instant (0 for an unseen item).
    public func examRecall(_ card: Card?) -> Double { Self.recall(card, at: exam, model: scheduler.model) }

    /// The FSRS-6 forgetting curve at `instant` with elapsed time in fractional days.
    /// The scheduler floors elapsed time to whole days (py-fsrs); for the exam-day objective
    /// that would count an item studied at noon the day before a 09:00 exam as certain, so
    /// the planner and the simulator measure the hours.
    public static func recall(_ card: Card?, at instant: Date, model: FSRSModel) -> Double {
        guard let card, let last = card.lastReview, let s = card.stability else { return 0 }
        let t = max(0, instant.timeIntervalSince(last) / 86_400)
        return pow(1 + model.factor * t / s, model.decay)
    }

    /// The card after an answer at `now` with `rating`, same-day learning steps answered Good.
    public func studied(_ card: Card?, rating: Rating, at now: Date) -> Card {
        var c = card ?? .new(at: now)
        var rng = SeededRandom(seed: 0)
        var t = now
        c = scheduler.review(c, rating: rating, at: t, random: &rng).card
        var steps = 0
        while c.phase != .review && steps < 8 {
            t = max(t, c.due)
            c = scheduler.review(c, rating: .good, at: t, random: &rng).card
            steps += 1
        }
        // The steps took minutes; keep the last review at `now`'s day for exam-day recall.
        return c
    }

    /// Expected exam-day recall of an item studied at `now`: recalled with its recall now
    /// (Good), otherwise a lapse (Again); an unseen item is right the first time with `prior`.
    public func examRecallAfterStudy(_ card: Card?, at now: Date, prior: Double = 0.25) -> Double {
        let p: Double
        if let card, !card.isNew { p = scheduler.retrievability(of: card, at: now) } else { p = prior }
        let good = examRecall(studied(card?.isNew == false ? card : nil, rating: .good, at: now))
        let again = examRecall(studied(card?.isNew == false ? card : nil, rating: .again, at: now))
        return p * good + (1 - p) * again
    }

    /// The expected exam-day score (0 to 1) of `items` if nothing more were studied.
    public func score(_ items: [PlannerItem]) -> Double {
        items.reduce(0) { $0 + $1.weight * examRecall($1.isNew ? nil : $1.card) }
    }

    // MARK: the day's plan

    /// Today's plan at `now`, or nil once the exam instant has passed (plain FSRS applies).
    /// `spentToday` is the cost already studied today (items, or seconds with a minutes
    /// budget); the plan never takes the day above the budget. `order` ranks unseen items
    /// for introduction (earlier first; items missing from it come after, by id).
    public func plan(_ items: [PlannerItem], at now: Date, spentToday: Double = 0, order: [String: Int] = [:]) -> PlannerDay? {
        let left = daysToExam(from: now)
        guard left >= 0, now < exam else { return nil }
        var capacity = budget.capacity - spentToday
        let finalPhase = left < max(1, options.finalDays)
        var reviews: [String] = []
        var fresh: [String] = []
        func take(_ item: PlannerItem) -> Bool {
            let c = budget.cost(item)
            guard c <= capacity + 1e-9 else { return false }
            capacity -= c
            return true
        }
        let studiedItems = items.filter { !$0.isNew }
        let unseen = items.filter(\.isNew).sorted {
            let a = order[$0.id] ?? Int.max, b = order[$1.id] ?? Int.max
            if a != b { return a < b }
            if $0.weight != $1.weight { return $0.weight > $1.weight }
            return $0.id < $1.id
        }

        if finalPhase {
            // Spend the last days on the largest exam-day gain per unit of cost: the items
            // with the lowest predicted exam-day recall that a review can still lift.
            var ranked: [(id: String, value: Double, item: PlannerItem, isNew: Bool)] = []
            for item in studiedItems {
                let gain = item.weight * (examRecallAfterStudy(item.card, at: now) - examRecall(item.card))
                if gain > 1e-12 { ranked.append((item.id, gain / budget.cost(item), item, false)) }
            }
            let newGain = examRecallAfterStudy(nil, at: now)
            for item in unseen where item.weight * newGain > 1e-12 {
                ranked.append((item.id, item.weight * newGain / budget.cost(item), item, true))
            }
            ranked.sort { $0.value != $1.value ? $0.value > $1.value : $0.id < $1.id }
            for r in ranked where take(r.item) {
                if r.isNew { fresh.append(r.id) } else { reviews.append(r.id) }
            }
            return PlannerDay(reviews: reviews, newItems: fresh, finalPhase: true)
        }

        // Build phase. 1: items due at the working retention, the largest loss from waiting first.
        var due: [(item: PlannerItem, r: Double)] = []
        var ahead: [(item: PlannerItem, r: Double)] = []
        for item in studiedItems {
            guard let card = item.card else { continue }
            let r = scheduler.retrievability(of: card, at: now)
            if card.phase != .review || r <= options.workingRetention {
                due.append((item, r))
            } else if r < options.aheadRetention {
                ahead.append((item, r))
            }
        }
        // 2: paced introductions, so every unseen item is met before the lead-in to the exam.
        let introEnd = max(options.finalDays, Int((Double(left) * options.introductionLead).rounded(.up)))
        let introDays = max(1, left - introEnd + 1)
        let pace = unseen.isEmpty ? 0 : Int((Double(unseen.count) / Double(introDays)).rounded(.up))
        var nextNew = 0
        while nextNew < min(pace, unseen.count), take(unseen[nextNew]) {
            fresh.append(unseen[nextNew].id)
            nextNew += 1
        }
        // Due reviews: look-ahead value per cost. Waiting costs an item little while it will
        // still be reviewed before the final days; the loss from waiting is the drop in
        // recall, weighted by the item's share of the exam.
        due.sort {
            let a = $0.item.weight * (1 - $0.r) / budget.cost($0.item), b = $1.item.weight * (1 - $1.r) / budget.cost($1.item)
            return a != b ? a > b : $0.item.id < $1.item.id
        }
        for d in due where take(d.item) { reviews.append(d.item.id) }
        // 3: spare capacity: more introductions ahead of pace (an item met earlier has longer
        // to consolidate), then reviews ahead of time of the weakest items.
        while nextNew < unseen.count, take(unseen[nextNew]) {
            fresh.append(unseen[nextNew].id)
            nextNew += 1
        }
        ahead.sort { $0.r != $1.r ? $0.r < $1.r : $0.item.id < $1.item.id }
        for a in ahead where take(a.item) { reviews.append(a.item.id) }
        return PlannerDay(reviews: reviews, newItems: fresh, finalPhase: false)
    }
}

extension ExamDayPlanner {
    /// Each item's share of the exam score: its leaf area's scored items over the scored
    /// items of the areas that have bank items, divided by the bank items in the area.
    /// The weights add up to 1 (an area with no items in the bank cannot be studied).
    public static func weights(track: Track, items: [(id: String, area: String)]) -> [String: Double] {
        var counts: [String: Int] = [:]
        for item in items { counts[item.area, default: 0] += 1 }
        var scored: [String: Int] = [:]
        for leaf in track.leafAreas where counts[leaf.id, default: 0] > 0 { scored[leaf.id] = leaf.scoredItems }
        let total = Double(scored.values.reduce(0, +))
        guard total > 0 else { return [:] }
        var out: [String: Double] = [:]
        for item in items {
            guard let s = scored[item.area], let n = counts[item.area] else { out[item.id] = 0; continue }
            out[item.id] = Double(s) / total / Double(n)
        }
        return out
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A simulated learner whose memory follows FSRS exactly, for calibrating the readiness
/// model (`docs/readiness.md`, "How to know it works") and for realistic demo profiles.
///
/// Each study day at noon UTC the learner answers every item due that day (recalled with
/// probability equal to its FSRS retrievability, rated Good when recalled and Again when not)
/// and then up to `dailyNewLimit` new items (right the first time with the area's known prior
/// chance), taking learning steps the same day until each item graduates. Days are skipped
/// with probability `skipChance`. Everything is drawn from one seeded generator.
public struct LearnerSimulation: Sendable {
    public var track: Track
    public var items: [(id: String, area: String)]
    /// Chance of answering a never-studied item right, per leaf area (guessing included).
    public var prior: [String: Double]
    public var scheduler: FSRSScheduler
    public var guess = 0.25

    public private(set) var states: [String: ItemState] = [:]
    public private(set) var daily = DailyTotals()
    public private(set) var mocks: [MockResult] = []
    private var random: SplitMix64
    private var nextNew = 0
    private let areaByID: [String: String]

    public init(track: Track, items: [(id: String, area: String)], prior: [String: Double], scheduler: FSRSScheduler, seed: UInt64) {
        self.track = track
        self.items = items
        self.prior = prior
        self.scheduler = scheduler
        areaByID = Dictionary(items.map { ($0.id, $0.area) }, uniquingKeysWith: { a, _ in a })
        random = SplitMix64(seed: seed)
        // Items are met in a shuffled order, as a mixed study queue would show them.
        var order = items
        order.shuffle(using: &random)
        self.items = order
    }

    /// A fresh uniform draw in [0, 1).
    public mutating func draw() -> Double { Double(random.next() >> 11) / Double(1 << 53) }

    /// Studies `days` days starting on `first` (noon UTC each day).
    public mutating func study(from first: CalendarDay, days: Int, dailyNewLimit: Int, skipChance: Double = 0) {
        let day = StudyDay(startHour: 4, utcOffsetSeconds: 0)
        for n in 0..<days {
            if draw() < skipChance { continue }
            let calendarDay = first.adding(days: n)
            var now = Date(timeIntervalSince1970: Double(calendarDay.daysSinceEpoch) * 86_400 + 43_200)
            let end = day.endOfDay(containing: now)
            let dueIDs = states.filter { !$0.value.card.isNew && $0.value.card.due < end }.map(\.key).sorted()
            for id in dueIDs {
                answer(id, at: &now, calendarDay)
            }
            var introduced = 0
            while introduced < dailyNewLimit, nextNew < items.count {
                let id = items[nextNew].id
                nextNew += 1
                introduced += 1
                answer(id, at: &now, calendarDay)
            }
        }
    }

    /// Answers one item (and its same-day learning steps), logging it in the daily totals.
    private mutating func answer(_ id: String, at now: inout Date, _ calendarDay: CalendarDay) {
        guard let area = areaOf(id) else { return }
        var state = states[id] ?? ItemState(card: .new(at: now))
        let wasNew = state.card.isNew
        let mature = DayTotals.isMature(wasNew ? nil : state)
        let recalled = wasNew ? draw() < prior[area, default: guess] : draw() < scheduler.retrievability(of: state.card, at: now)
        let rating: Rating = recalled ? .good : .again
        let seconds = 8 + Int(draw() * 30)
        var rng = random
        state.card = scheduler.review(state.card, rating: rating, at: now, random: &rng).card
        random = rng
        if !recalled && !wasNew { state.flags.lapses += 1 }
        // Same-day learning steps, answered Good until the item graduates.
        var guardSteps = 0
        while state.card.phase != .review && guardSteps < 10 {
            now = max(now, state.card.due)
            var r = random
            state.card = scheduler.review(state.card, rating: .good, at: now, random: &r).card
            random = r
            guardSteps += 1
        }
        states[id] = state
        var t = daily.days[calendarDay] ?? DayTotals()
        t.reviews += 1
        t.correct += recalled ? 1 : 0
        t.durationMs += seconds * 1000
        t.newItems += wasNew ? 1 : 0
        t.newCorrect += wasNew && recalled ? 1 : 0
        t.matureReviews += mature ? 1 : 0
        t.matureCorrect += mature && recalled ? 1 : 0
        var d = t.domains[area] ?? DomainTotals()
        d.reviews += 1
        d.correct += recalled ? 1 : 0
        d.newItems += wasNew ? 1 : 0
        d.newCorrect += wasNew && recalled ? 1 : 0
        t.domains[area] = d
        daily.days[calendarDay] = t
        now = now.addingTimeInterval(Double(seconds))
    }

    private func areaOf(_ id: String) -> String? { areaByID[id] }

    /// The chance the learner answers `id` right at `instant`.
    public func chanceRight(_ id: String, area: String, at instant: Date) -> Double {
        guard let card = states[id]?.card, !card.isNew else { return prior[area, default: guess] }
        let r = scheduler.retrievability(of: card, at: instant)
        return r + (1 - r) * guess
    }

    /// Sits a blueprint-exact exam at `instant`: each leaf area's scored items drawn from the
    /// bank (with replacement when the bank is smaller). Returns the result; the learner's
    /// memory is not changed by it.
    public mutating func sitExam(at instant: Date, id: String) -> MockResult {
        var byArea: [String: [(id: String, area: String)]] = [:]
        for item in items { byArea[item.area, default: []].append(item) }
        var correct = 0, total = 0
        var areas: [MockAreaResult] = []
        for leaf in track.leafAreas {
            guard let pool = byArea[leaf.id], !pool.isEmpty else { continue }
            var right = 0
            var picked = pool
            picked.shuffle(using: &random)
            for i in 0..<leaf.scoredItems {
                let item = picked[i % picked.count]
                if draw() < chanceRight(item.id, area: leaf.id, at: instant) { right += 1 }
            }
            correct += right
            total += leaf.scoredItems
            areas.append(MockAreaResult(area: leaf.id, date: instant, correct: right, total: leaf.scoredItems))
        }
        let result = MockResult(id: id, date: instant, correct: correct, total: total,
                                scaledEstimate: ScaledScore.estimate(percent: total == 0 ? 0 : Double(correct) / Double(total), scale: track.scale),
                                areas: areas)
        return result
    }

    /// Sits an exam and keeps it in `mocks`, as a mock exam taken in the app.
    public mutating func takeMock(at instant: Date) {
        mocks.append(sitExam(at: instant, id: "sim-\(mocks.count + 1)"))
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import StudyCore

@Suite("Exam-day planner")
struct ExamDayPlannerTests {
    static let day = StudyDay(startHour: 4, utcOffsetSeconds: 0)
    static let scheduler = try! FSRSScheduler(SchedulerConfiguration(fuzzEnabled: false))
    /// Day 20,000 since the epoch at noon UTC.
    static let noon = Date(timeIntervalSince1970: 20_000 * 86_400 + 43_200)

    static func exam(inDays n: Int) -> Date { Date(timeIntervalSince1970: Double(20_000 + n) * 86_400 + 9 * 3600) }

    static func planner(examIn n: Int, budget: PlannerBudget) -> ExamDayPlanner {
        ExamDayPlanner(scheduler: scheduler, day: day, exam: exam(inDays: n), budget: budget)
    }

    /// 300 items: 200 studied at various times (stability 1 to 60 days), 100 unseen.
    static func items() -> [PlannerItem] {
        var out: [PlannerItem] = []
        for i in 0..<300 {
            var card: Card?
            if i < 200 {
                let s = 1 + Double(i % 60)
                let last = noon.addingTimeInterval(-Double(1 + i % 30) * 86_400)
                card = Card(phase: .review, step: nil, stability: s, difficulty: 5, due: last.addingTimeInterval(s * 86_400), lastReview: last)
            }
            out.append(PlannerItem(id: String(format: "i%03d", i), weight: 1.0 / 300, card: card, seconds: i % 2 == 0 ? 10 : 30))
        }
        return out
    }

    /// Studies a day's plan as the app would (every answer Good), returning the new items.
    static func apply(_ plan: PlannerDay, to items: inout [PlannerItem], at now: Date, planner: ExamDayPlanner) {
        let chosen = Set(plan.reviews + plan.newItems)
        for i in items.indices where chosen.contains(items[i].id) {
            items[i].card = planner.studied(items[i].isNew ? nil : items[i].card, rating: .good, at: now)
        }
    }

    @Test("no day asks for more than the budget, in reviews or in minutes of the user's answer times")
    func budget() {
        let items = Self.items()
        for n in [1, 3, 10, 40] {
            let p = Self.planner(examIn: n, budget: .reviews(60))
            let plan = p.plan(items, at: Self.noon)!
            #expect(plan.count == 60, "a full day at \(n) days out")
            #expect(Set(plan.reviews + plan.newItems).count == plan.count, "no item twice")
            let partly = p.plan(items, at: Self.noon, spentToday: 45)!
            #expect(partly.count == 15, "what was already studied today counts")
            #expect(p.plan(items, at: Self.noon, spentToday: 80)!.count == 0)
        }
        let minutes = Self.planner(examIn: 20, budget: .minutes(10))
        let plan = minutes.plan(items, at: Self.noon)!
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        let seconds = (plan.reviews + plan.newItems).reduce(0.0) { $0 + byID[$1]!.seconds }
        #expect(seconds <= 600 && seconds > 540, "ten minutes of answers: \(seconds) s")
    }

    @Test("exam past, or today after its hour: no plan, the ordinary FSRS queue applies")
    func examPast() {
        let p = Self.planner(examIn: -1, budget: .reviews(100))
        #expect(p.daysToExam(from: Self.noon) == -1)
        #expect(p.plan(Self.items(), at: Self.noon) == nil)
        // The exam was at 09:00 today: at noon it is over.
        let today = Self.planner(examIn: 0, budget: .reviews(100))
        #expect(today.daysToExam(from: Self.noon) == 0)
        #expect(today.plan(Self.items(), at: Self.noon) == nil)
    }

    @Test("exam today (before its hour) and tomorrow: final phase, the largest exam-day gain per minute first")
    func examSoon() {
        let studied = Self.items().filter { !$0.isNew }
        let byID = Dictionary(uniqueKeysWithValues: studied.map { ($0.id, $0) })
        for (n, now) in [(0, Self.noon.addingTimeInterval(-6 * 3600)), (1, Self.noon)] {
            let p = Self.planner(examIn: n, budget: .reviews(20))
            let plan = p.plan(studied, at: now)!
            #expect(plan.finalPhase && plan.count == 20)
            let gains = studied.map { ($0.id, p.examRecallAfterStudy($0.card, at: now) - p.examRecall($0.card)) }
            let best = Set(gains.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(20).map(\.0))
            #expect(Set(plan.reviews) == best, "the twenty largest exam-day gains at \(n) days")
            // Studying them lifts the exam-day score more than studying the twenty items with the
            // lowest recall (a review that is likely to fail lifts less than one that succeeds).
            let weakest = studied.sorted { p.examRecall($0.card) < p.examRecall($1.card) }.prefix(20).map(\.id)
            func lift(_ ids: [String]) -> Double { ids.reduce(0) { $0 + p.examRecallAfterStudy(byID[$1]!.card, at: now) - p.examRecall(byID[$1]!.card) } }
            #expect(lift(plan.reviews) >= lift(weakest))
        }
        // With unseen items left, meeting them the day before is worth more than any review
        // (FSRS: a new item learnt yesterday is mostly recalled today).
        let p = Self.planner(examIn: 1, budget: .reviews(20))
        let withNew = p.plan(Self.items(), at: Self.noon)!
        #expect(withNew.newItems.count == 20)
        // In minutes, a slow item must be worth its time: the 10 s items win at equal gain.
        let m = Self.planner(examIn: 1, budget: .minutes(2))
        let plan = m.plan(studied, at: Self.noon)!
        #expect(!plan.reviews.isEmpty)
        #expect(plan.reviews.filter { byID[$0]!.seconds == 10 }.count > plan.reviews.filter { byID[$0]!.seconds == 30 }.count)
    }

    @Test("before the final days, unseen items are paced so all are met before the lead-in")
    func pacing() {
        var items = Self.items()
        let p = Self.planner(examIn: 30, budget: .reviews(40))
        var day = 0
        while items.contains(where: \.isNew) && day < 30 {
            let now = Self.noon.addingTimeInterval(Double(day) * 86_400)
            let plan = p.plan(items, at: now)!
            #expect(plan.count <= 40)
            Self.apply(plan, to: &items, at: now, planner: p)
            day += 1
        }
        #expect(items.allSatisfy { !$0.isNew }, "all met")
        #expect(day <= 30 - p.options.finalDays, "before the final days (took \(day))")
    }

    @Test("a missed day is absorbed: no later day above the budget, the backlog cleared, exam-day score above the plan-less one")
    func missedDays() {
        let budget = 50
        let p = Self.planner(examIn: 25, budget: .reviews(budget))
        var withGap = Self.items()
        var steady = Self.items()
        let untouched = p.score(Self.items())
        var gapLoads: [Int] = []
        for d in 0..<25 {
            let now = Self.noon.addingTimeInterval(Double(d) * 86_400)
            let a = p.plan(steady, at: now)!
            Self.apply(a, to: &steady, at: now, planner: p)
            if d == 5 || d == 6 { gapLoads.append(0); continue }  // two missed days
            let b = p.plan(withGap, at: now)!
            #expect(b.count <= budget, "day \(d) asks \(b.count)")
            gapLoads.append(b.count)
            Self.apply(b, to: &withGap, at: now, planner: p)
        }
        #expect(gapLoads.max()! <= budget && Double(gapLoads.max()!) <= 1.5 * Double(budget))
        let dueAfter = withGap.filter { !$0.isNew && p.scheduler.retrievability(of: $0.card!, at: Self.exam(inDays: 25)) < 0.5 }.count
        #expect(dueAfter == 0, "nothing left to decay below 50% by the exam")
        #expect(p.score(withGap) > untouched + 0.2)
        #expect(p.score(withGap) <= p.score(steady) + 1e-9 || abs(p.score(withGap) - p.score(steady)) < 0.02)
    }

    @Test("the item weights follow the test plan and add up to 1")
    func weights() {
        let track = ContentLoader.load(from: Repo.data).bank.track("cpt")!
        let leaves = track.leafAreas
        var items: [(id: String, area: String)] = []
        for (k, leaf) in leaves.enumerated() { for j in 0..<(k + 2) { items.append(("\(leaf.id)-\(j)", leaf.id)) } }
        let w = ExamDayPlanner.weights(track: track, items: items)
        #expect(abs(w.values.reduce(0, +) - 1) < 1e-12)
        let first = leaves[0]
        #expect(abs(w["\(first.id)-0"]! - Double(first.scoredItems) / Double(track.scoredItems) / 2) < 1e-12)
    }

    @Test("the simulator is reproducible from its seed, and the planner beats plain FSRS 0.90 on a small bank")
    func simulator() {
        let items = (0..<120).map { (id: "q\($0)", weight: 1.0 / 120) }
        let sim = ExamDaySimulation(items: items, seed: 7, learners: 3)
        let a = sim.run(.planner(.standard), horizon: 20, budget: 15)
        let b = sim.run(.planner(.standard), horizon: 20, budget: 15)
        #expect(a == b)
        #expect(a.busiestDay <= 15)
        let plain = sim.run(.fsrs(0.9), horizon: 20, budget: 15)
        #expect(plain.busiestDay <= 15)
        #expect(a.mean > plain.mean, "planner \(a.mean) against FSRS 0.90 \(plain.mean)")
    }
}

@Suite("Exam-day queue")
struct ExamDayQueueTests {
    static let track = ContentLoader.load(from: Repo.data).bank.track("cpt")!
    static let day = StudyDay(startHour: 4, utcOffsetSeconds: 0)
    /// 2026-11-28 10:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_795_860_000)
    static let scheduler = try! FSRSScheduler()

    @Test("the planner drives the queue only with planning on and the exam ahead; learning steps still come first")
    func when() {
        let today = CalendarDay(daysSinceEpoch: Self.day.dayNumber(of: Self.now))
        var s = ProfileSettings(track: "cpt", examDate: today.adding(days: 20), dailyReviewLimit: 30)
        #expect(ExamDayQueue(settings: s, scheduler: Self.scheduler, day: Self.day, daily: DailyTotals(), now: Self.now) != nil)
        s.examPlanning = false
        #expect(ExamDayQueue(settings: s, scheduler: Self.scheduler, day: Self.day, daily: DailyTotals(), now: Self.now) == nil)
        s.examPlanning = true
        s.examDate = nil
        #expect(ExamDayQueue(settings: s, scheduler: Self.scheduler, day: Self.day, daily: DailyTotals(), now: Self.now) == nil)
        s.examDate = today.adding(days: -1)
        #expect(ExamDayQueue(settings: s, scheduler: Self.scheduler, day: Self.day, daily: DailyTotals(), now: Self.now) == nil)

        s.examDate = today.adding(days: 20)
        let q = ExamDayQueue(settings: s, scheduler: Self.scheduler, day: Self.day, daily: DailyTotals(), now: Self.now)!
        let items = syntheticQuestions(Self.track) { _ in 20 }.map(StudyItem.question)
        let learningID = items[3].id
        var rng = SeededRandom(seed: 1)
        let stepping = Self.scheduler.review(.new(at: Self.now - 3600), rating: .again, at: Self.now - 3600, random: &rng).card
        let state: (String) -> QueueItemState = { $0 == learningID ? QueueItemState(card: stepping) : .unseen }
        var totals = DayTotals()
        totals.reviews = 10
        let entries = q.build(track: Self.track, items: items, state: state, now: Self.now, today: totals)
        #expect(entries.first == QueueEntry(itemID: learningID, kind: .learning, area: items[3].domains["cpt"]!))
        #expect(entries.dropFirst().count == 20, "30 a day, 10 already answered")
        #expect(entries.dropFirst().allSatisfy { $0.kind == .new })
        var minutes = s
        minutes.dailyMinutes = 5
        let m = ExamDayQueue(settings: minutes, scheduler: Self.scheduler, day: Self.day, daily: DailyTotals(), now: Self.now)!
        #expect(m.build(track: Self.track, items: items, state: state, now: Self.now, today: nil).count == 1 + 15, "5 minutes at 20 s an item")
    }

    @Test("the Progress report and stats --json show the projected exam-day recall and the plan's days to the exam")
    func report() throws {
        let bank = ContentLoader.load(from: Repo.data).bank
        let r = try #require(ProgressDemo.report(bank: bank, trackID: "cpt"))
        let plan = try #require(r.examPlan)
        #expect(plan.days.count == r.daysToExam!, "today to the day before the exam")
        #expect(plan.days.allSatisfy { $0.total <= 100 })
        #expect(plan.score > plan.scoreIfStopped + 0.05)
        #expect(plan.score <= 1 && plan.scoreIfStopped > 0)
        let json = r.json()
        #expect(json.contains("\"examPlan\":{\"projectedScore\":\(plan.expectedRight.rounded4)"))
        #expect(json.contains("\"budgetReviews\":100"))
        #expect(r.examPlanText!.contains("expected right on exam day if you follow the plan"))
        #expect(plan.expectedRightIfStopped >= 0.25, "never less than guessing")
        var fresh = ProfileSettings(track: "cpt", examDate: CalendarDay(daysSinceEpoch: 20_040))
        fresh.dailyReviewLimit = 50
        let q = ExamDayQueue(settings: fresh, scheduler: try FSRSScheduler(), day: StudyDay(startHour: 4, utcOffsetSeconds: 0),
                             daily: DailyTotals(), now: Date(timeIntervalSince1970: 20_000 * 86_400 + 43_200))!
        let unseen = ExamDayPlanner.weights(track: r.track, items: [("a", r.track.leafAreas[0].id)]).map { PlannerItem(id: $0.key, weight: $0.value, card: nil) }
        let stopped = q.projection(unseen, now: Date(timeIntervalSince1970: 20_000 * 86_400 + 43_200), today: nil)
        #expect(stopped.scoreIfStopped == 0 && stopped.expectedRightIfStopped == 0.25)
        // The same state gives the same projection.
        #expect(ProgressDemo.report(bank: bank, trackID: "cpt")!.examPlan == plan)
    }
}

private extension Double {
    var rounded4: String { let v = (self * 10_000).rounded() / 10_000; return "\(v)" }
}

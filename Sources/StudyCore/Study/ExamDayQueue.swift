#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A profile's exam-day planner and the study queue it drives while an exam date is ahead.
///
/// Built from the settings: nil when exam-day planning is off, without an exam date, or once
/// the exam hour (09:00 local on the exam date) has passed; the ordinary `StudyQueue` then
/// applies. Learning and relearning steps due now still come first, exactly as in
/// `StudyQueue`; the planner chooses the rest of the day (reviews due or not yet due, and
/// new items) within the daily budget.
public struct ExamDayQueue: Sendable {
    public let planner: ExamDayPlanner
    /// The user's mean seconds per studied item (last 30 study days), for a minutes budget.
    public let secondsPerItem: Double

    /// Seconds per item assumed before the user has answered anything.
    public static let defaultSecondsPerItem = 20.0

    public init?(settings: ProfileSettings, scheduler: FSRSScheduler, day: StudyDay, daily: DailyTotals, now: Date) {
        guard settings.examPlanning, let date = settings.examDate else { return nil }
        let exam = Self.examInstant(date, day: day)
        guard now < exam else { return nil }
        secondsPerItem = Self.secondsPerItem(daily: daily, today: CalendarDay(daysSinceEpoch: day.dayNumber(of: now)))
        let budget: PlannerBudget = settings.dailyMinutes > 0 ? .minutes(Double(settings.dailyMinutes)) : .reviews(settings.dailyReviewLimit)
        planner = ExamDayPlanner(scheduler: scheduler, day: day, exam: exam, budget: budget)
    }

    /// 09:00 local time on the exam date (`ProgressReport.examHour`).
    public static func examInstant(_ date: CalendarDay, day: StudyDay) -> Date {
        day.start(ofDay: date.daysSinceEpoch).addingTimeInterval(Double(ProgressReport.examHour - day.startHour) * 3600)
    }

    /// The user's own time per answer over the last 30 study days; 20 s with no answers.
    public static func secondsPerItem(daily: DailyTotals, today: CalendarDay) -> Double {
        var ms = 0, n = 0
        for offset in 0..<30 {
            guard let t = daily.days[today.adding(days: -offset)] else { continue }
            ms += t.durationMs; n += t.reviews
        }
        guard n > 0, ms > 0 else { return defaultSecondsPerItem }
        return min(600, max(2, Double(ms) / 1000 / Double(n)))
    }

    /// What today's answers already used of the budget.
    public func spent(_ today: DayTotals?) -> Double {
        guard let today else { return 0 }
        switch planner.budget {
        case .reviews: return Double(today.reviews)
        case .minutes: return Double(today.durationMs) / 1000
        }
    }

    /// The planner's view of the track's items that may be studied (not suspended, not buried).
    public func plannerItems(track: Track, items: [(id: String, area: String)], state: (String) -> QueueItemState, now: Date) -> [PlannerItem] {
        let weights = ExamDayPlanner.weights(track: track, items: items)
        var out: [PlannerItem] = []
        out.reserveCapacity(items.count)
        for item in items {
            let s = state(item.id)
            if s.suspended { continue }
            if let until = s.buriedUntil, until > now { continue }
            out.append(PlannerItem(id: item.id, weight: weights[item.id] ?? 0, card: s.card, seconds: secondsPerItem))
        }
        return out
    }

    /// Today's queue: learning steps due now, then the planner's reviews, then its new items.
    public func build(track: Track, items: [StudyItem], state: (String) -> QueueItemState, now: Date, today: DayTotals?) -> [QueueEntry] {
        var area: [String: String] = [:]
        var pairs: [(id: String, area: String)] = []
        var learning: [(QueueEntry, Date)] = []
        for item in items {
            guard let a = item.domains[track.id] else { continue }
            area[item.id] = a
            let s = state(item.id)
            if let card = s.card, !card.isNew, card.phase != .review {
                if !s.suspended, (s.buriedUntil.map { $0 <= now } ?? true), planner.day.isDue(card, at: now) {
                    learning.append((QueueEntry(itemID: item.id, kind: .learning, area: a), card.due))
                }
                continue
            }
            pairs.append((item.id, a))
        }
        learning.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.itemID < $1.0.itemID }
        let pItems = plannerItems(track: track, items: pairs, state: state, now: now)
        guard let plan = planner.plan(pItems, at: now, spentToday: spent(today), order: newOrder(track: track, items: pItems, area: area, now: now)) else {
            return learning.map(\.0)
        }
        return learning.map(\.0)
            + plan.reviews.map { QueueEntry(itemID: $0, kind: .review, area: area[$0] ?? "") }
            + plan.newItems.map { QueueEntry(itemID: $0, kind: .new, area: area[$0] ?? "") }
    }

    /// Unseen items in the order the ordinary queue would introduce them (areas interleaved
    /// by test-plan weight, seeded by the study day).
    func newOrder(track: Track, items: [PlannerItem], area: [String: String], now: Date) -> [String: Int] {
        var byArea: [String: [QueueEntry]] = [:]
        for item in items where item.isNew {
            guard let a = area[item.id] else { continue }
            byArea[a, default: []].append(QueueEntry(itemID: item.id, kind: .new, area: a))
        }
        let count = byArea.values.reduce(0) { $0 + $1.count }
        let ordered = StudyQueue.interleave(byArea, track: track, count: count,
                                            seed: stableHash("\(track.id)/new/\(planner.day.dayNumber(of: now))"))
        var out: [String: Int] = [:]
        for (i, e) in ordered.enumerated() { out[e.itemID] = i }
        return out
    }

    /// What following the plan to the exam is expected to give (`ExamPlanProjection`).
    public func projection(_ items: [PlannerItem], now: Date, today: DayTotals?) -> ExamPlanProjection {
        ExamPlanProjection(planner: planner, items: items, now: now, spentToday: spent(today))
    }
}

/// The plan from today to the exam, as the planner expects it to unfold: the items it asks
/// for each day and the expected exam-day score at the end.
///
/// Each planned day is studied as the planner predicts it (an answer is right when a draw
/// fixed by the item and the day falls below its predicted recall), so the projection is
/// the same every time it is computed from the same state.
public struct ExamPlanProjection: Sendable, Hashable {
    /// One day of the plan.
    public struct Day: Sendable, Hashable {
        public var day: CalendarDay
        public var reviews: Int
        public var newItems: Int
        public var total: Int { reviews + newItems }
    }
    /// Today first, up to the day before the exam (exam day itself when it is today).
    public var days: [Day]
    /// Expected exam-day score under the plan, 0 to 1 (weighted predicted recall).
    public var score: Double
    /// Expected exam-day score if nothing more were studied.
    public var scoreIfStopped: Double
    /// The daily budget, as the settings give it.
    public var budget: PlannerBudget

    /// The chance of guessing a four-choice item (`Readiness.Assumptions.guess`).
    public static let guess = 0.25
    /// Expected share of exam items answered right under the plan: recall, or a guess when
    /// not recalled, so it never claims less than guessing would give.
    public var expectedRight: Double { Self.guess + (1 - Self.guess) * score }
    /// The same if nothing more were studied.
    public var expectedRightIfStopped: Double { Self.guess + (1 - Self.guess) * scoreIfStopped }

    public init(planner: ExamDayPlanner, items: [PlannerItem], now: Date, spentToday: Double) {
        budget = planner.budget
        scoreIfStopped = planner.score(items)
        var work = items
        var index: [String: Int] = [:]
        for (i, item) in work.enumerated() { index[item.id] = i }
        let todayNumber = planner.day.dayNumber(of: now)
        let last = max(todayNumber, planner.examDayNumber - 1)
        var days: [Day] = []
        for d in todayNumber...last {
            // Later days are studied four hours after the day starts (08:00 by default).
            let instant = d == todayNumber ? now : planner.day.start(ofDay: d).addingTimeInterval(4 * 3600)
            guard let plan = planner.plan(work, at: instant, spentToday: d == todayNumber ? spentToday : 0) else { break }
            for id in plan.reviews + plan.newItems {
                guard let i = index[id] else { continue }
                let card = work[i].isNew ? nil : work[i].card
                let p = card.map { planner.scheduler.retrievability(of: $0, at: instant) } ?? 0.25
                var g = SplitMix64(seed: stableHash("\(id)/\(d)"))
                let u = Double(g.next() >> 11) / Double(1 << 53)
                work[i].card = planner.studied(card, rating: u < p ? .good : .again, at: instant)
            }
            days.append(Day(day: CalendarDay(daysSinceEpoch: d), reviews: plan.reviews.count, newItems: plan.newItems.count))
        }
        self.days = days
        score = planner.score(work)
    }
}

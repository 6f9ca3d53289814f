#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One submitted mock exam of a track, scored against the bank.
public struct MockResult: Sendable, Hashable {
    public var id: String
    public var date: Date
    public var correct: Int
    public var total: Int
    public var scaledEstimate: Int
    /// Right and total items per leaf area.
    public var areas: [MockAreaResult]
    public var percent: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    public init(id: String, date: Date, correct: Int, total: Int, scaledEstimate: Int, areas: [MockAreaResult]) {
        self.id = id; self.date = date; self.correct = correct; self.total = total
        self.scaledEstimate = scaledEstimate; self.areas = areas
    }

    /// Scores a saved attempt: an answer is right when it is the bank's answer; pretest items
    /// (unscored, as on the real exam) and items no longer in the bank, or not in this track,
    /// are left out.
    public init(attempt: ExamAttempt, track: Track, key: (String) -> (answer: Int, area: String)?) {
        var correct = 0, total = 0
        var byArea: [String: (Int, Int, Int)] = [:]
        for (i, item) in attempt.form.items.enumerated() where !item.pretest {
            guard let k = key(item.questionID) else { continue }
            let right = attempt.answers[i] == k.answer
            total += 1
            if right { correct += 1 }
            byArea[k.area, default: (0, 0, 0)].0 += right ? 1 : 0
            byArea[k.area, default: (0, 0, 0)].1 += 1
            byArea[k.area, default: (0, 0, 0)].2 += attempt.answers[i] == nil ? 0 : 1
        }
        let date = attempt.submittedAt ?? attempt.startedAt
        self.init(id: attempt.id, date: date, correct: correct, total: total,
                  scaledEstimate: ScaledScore.estimate(percent: total == 0 ? 0 : Double(correct) / Double(total), scale: track.scale),
                  areas: track.leafAreas.compactMap { leaf in
                      byArea[leaf.id].map { MockAreaResult(area: leaf.id, date: date, correct: $0.0, total: $0.1, answered: $0.2) }
                  })
    }
}

/// Everything the Progress screen and `statdeck stats` show, computed once from the store's
/// item states, its daily totals and the mock results (never from the review log).
///
/// The figures and how each is computed are documented in `docs/readiness.md` and
/// `docs/stats-json.md`.
public struct ProgressReport: Sendable {
    /// A top-level test-plan domain: its blueprint weight and predicted exam-day share.
    public struct DomainLine: Sendable, Hashable {
        public var id: String
        public var name: String
        /// Scored items on one exam form (the blueprint).
        public var weight: Int
        public var predicted: Double
        public var bankItems: Int
        public var studiedItems: Int
        public var pointsPerHour: Double
        /// Among the two domains where an hour of study gains the most.
        public var isBestToStudy: Bool
    }

    /// Answers over a window of study days.
    public struct AnswerWindow: Sendable, Hashable {
        public var days: Int
        public var reviews: Int
        public var correct: Int
        public var durationMs: Int
        /// Per top-level domain: reviews and right answers.
        public var domains: [(id: String, name: String, reviews: Int, correct: Int)]
        public var accuracy: Double? { reviews == 0 ? nil : Double(correct) / Double(reviews) }
        public var averageSeconds: Double? { reviews == 0 ? nil : Double(durationMs) / 1000 / Double(reviews) }

        public static func == (a: AnswerWindow, b: AnswerWindow) -> Bool {
            a.days == b.days && a.reviews == b.reviews && a.correct == b.correct && a.durationMs == b.durationMs
                && a.domains.elementsEqual(b.domains) { $0 == $1 }
        }
        public func hash(into h: inout Hasher) { h.combine(days); h.combine(reviews); h.combine(correct) }
    }

    /// With an exam date: how many new items a day cover the unseen bank in time.
    public struct StudyPlan: Sendable, Hashable {
        /// A week before the exam.
        public var targetDay: CalendarDay
        /// Study days from today to the target, both included (0 once it has passed).
        public var daysLeft: Int
        public var unseenItems: Int
        public var neededPerDay: Int
        public var currentLimit: Int
        public var onTrack: Bool { currentLimit >= neededPerDay }
    }

    public var profile: String
    public var track: Track
    public var generatedAt: Date
    public var today: CalendarDay
    public var examDate: CalendarDay?
    /// Days from today to the exam date (negative once past); nil without a date.
    public var daysToExam: Int?
    public var readiness: Readiness
    public var domains: [DomainLine]
    /// Items of the track's bank.
    public var bankItems: Int
    /// Reviews per day for the heatmap: `heatmapStart` is a Monday, the last count is today.
    public var heatmapStart: CalendarDay
    public var heatmap: [Int]
    public var currentStreak: Int
    public var longestStreak: Int
    public var totalReviews: Int
    /// Reviews due per day, today first (overdue items count today).
    public var forecast: [Int]
    /// Mean reviews due per day over the forecast plus the new items a day brings.
    public var expectedDailyLoad: Double
    /// Submitted mocks of this track, oldest first.
    public var mocks: [MockResult]
    public var last7: AnswerWindow
    public var last30: AnswerWindow
    /// Share of mature reviews passed over the last 30 days; nil with none.
    public var trueRetention: Double?
    public var matureReviews30: Int
    public var desiredRetention: Double
    public var dailyNewLimit: Int
    public var plan: StudyPlan?
    /// With exam-day planning on and the exam ahead: the planner's days to the exam and the
    /// exam-day score it expects (`docs/scheduling.md`, "Exam-day planning").
    public var examPlan: ExamPlanProjection?

    public static let heatmapWeeks = 26
    public static let forecastDays = 30
    /// The exam is assumed to start at this local hour on the exam date.
    public static let examHour = 9

    /// - Parameters:
    ///   - items: the track's bank: each item id with the leaf area it is filed under.
    ///   - states: the store's item states (`ProgressStore.items`).
    ///   - mocks: the track's submitted mocks.
    ///   - day: the user's study day (time zone and day-start hour).
    public init(profile: String, track: Track, items: [(id: String, area: String)], states: [String: ItemState],
                daily: DailyTotals, mocks: [MockResult], settings: ProfileSettings, scheduler: FSRSScheduler,
                day: StudyDay, now: Date, assumptions: Readiness.Assumptions = Readiness.Assumptions()) {
        self.profile = profile
        self.track = track
        generatedAt = now
        let todayNumber = day.dayNumber(of: now)
        let today = CalendarDay(daysSinceEpoch: todayNumber)
        self.today = today
        examDate = settings.examDate
        daysToExam = settings.examDate.map { $0.daysSinceEpoch - todayNumber }
        desiredRetention = settings.desiredRetention
        dailyNewLimit = settings.dailyNewLimit
        bankItems = items.count
        self.mocks = mocks.sorted { $0.date < $1.date }

        // Readiness, wired to FSRS.
        let examInstant = settings.examDate.map {
            day.start(ofDay: $0.daysSinceEpoch).addingTimeInterval(Double(ProgressReport.examHour - day.startHour) * 3600)
        }
        let target = max(examInstant ?? now, now)
        var firstTries: [String: FirstTries] = [:]
        var leafOfKey: [String: String] = [:]
        for leaf in track.leafAreas { leafOfKey[leaf.id] = leaf.id }
        for totals in daily.days.values {
            for (key, d) in totals.domains where d.newItems > 0 {
                guard let leaf = leafOfKey[key] else { continue }
                firstTries[leaf, default: FirstTries()].right += d.newCorrect
                firstTries[leaf, default: FirstTries()].total += d.newItems
            }
        }
        let evidence = items.map { ItemEvidence(itemID: $0.id, area: $0.area, card: states[$0.id]?.card, firstAttemptCorrect: nil) }
        var rng = SplitMix64(seed: 0)
        let learned = scheduler.review(.new(at: now), rating: .good, at: now, random: &rng).card
        let newAfter = scheduler.retrievability(of: learned, at: target)
        readiness = Readiness(
            track: track, items: evidence, mocks: mocks.flatMap(\.areas), now: now, examDate: examInstant,
            firstTries: firstTries, assumptions: assumptions,
            retrievability: { scheduler.retrievability(of: $0, at: $1) },
            afterReview: { card in
                guard let card else { return newAfter }
                var r = SplitMix64(seed: 0)
                return scheduler.retrievability(of: scheduler.review(card, rating: .good, at: now, random: &r).card, at: target)
            })

        // Top-level domains from the leaf areas.
        let leaves = Dictionary(readiness.areas.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var lines: [DomainLine] = track.domains.map { d in
            let parts = (d.subdomains.isEmpty ? [d] : d.subdomains).compactMap { leaves[$0.id] }
            let weightSum = parts.reduce(0) { $0 + $1.weight }
            let predicted = parts.isEmpty ? 0 : weightSum > 0
                ? parts.reduce(0.0) { $0 + Double($1.weight) * $1.estimate } / Double(weightSum)
                : parts.reduce(0.0) { $0 + $1.estimate } / Double(parts.count)
            return DomainLine(id: d.id, name: d.name, weight: d.scoredItems, predicted: predicted,
                              bankItems: parts.reduce(0) { $0 + $1.bankItems }, studiedItems: parts.reduce(0) { $0 + $1.studiedItems },
                              pointsPerHour: parts.reduce(0) { $0 + $1.pointsPerHour }, isBestToStudy: false)
        }
        let best = lines.indices.filter { lines[$0].pointsPerHour > 0 }
            .sorted { (lines[$0].pointsPerHour, -$0) > (lines[$1].pointsPerHour, -$1) }.prefix(2)
        for i in best { lines[i].isBestToStudy = true }
        domains = lines

        // Heatmap and streaks.
        let weekday = ((todayNumber + 3) % 7 + 7) % 7  // 0 = Monday (1970-01-01 was a Thursday)
        let start = todayNumber - weekday - 7 * (ProgressReport.heatmapWeeks - 1)
        heatmapStart = CalendarDay(daysSinceEpoch: start)
        heatmap = (start...todayNumber).map { daily.days[CalendarDay(daysSinceEpoch: $0)]?.reviews ?? 0 }
        let studied = daily.days.filter { $0.value.reviews > 0 }.map(\.key.daysSinceEpoch).filter { $0 <= todayNumber }.sorted()
        var longest = 0, run = 0, previous = Int.min
        for d in studied {
            run = d == previous + 1 ? run + 1 : 1
            longest = max(longest, run)
            previous = d
        }
        longestStreak = longest
        let studiedSet = Set(studied)
        var streakEnd = todayNumber
        if !studiedSet.contains(streakEnd) { streakEnd -= 1 }  // today not studied yet: the streak is still alive
        var current = 0
        while studiedSet.contains(streakEnd - current) { current += 1 }
        currentStreak = current
        totalReviews = daily.days.values.reduce(0) { $0 + $1.reviews }

        // Forecast and the study plan.
        var forecast = Array(repeating: 0, count: ProgressReport.forecastDays)
        var unseen = 0
        for item in items {
            guard let state = states[item.id], !state.card.isNew else { unseen += 1; continue }
            if state.flags.suspended { continue }
            let offset = max(0, day.dayNumber(of: state.card.due) - todayNumber)
            if offset < forecast.count { forecast[offset] += 1 }
        }
        self.forecast = forecast
        let newPerDay = min(Double(settings.dailyNewLimit), Double(unseen) / Double(ProgressReport.forecastDays))
        expectedDailyLoad = Double(forecast.reduce(0, +)) / Double(forecast.count) + newPerDay
        if let exam = settings.examDate {
            let targetDay = exam.adding(days: -7)
            let daysLeft = max(0, targetDay.daysSinceEpoch - todayNumber + 1)
            let needed = daysLeft == 0 ? unseen : (unseen + daysLeft - 1) / daysLeft
            plan = StudyPlan(targetDay: targetDay, daysLeft: daysLeft, unseenItems: unseen,
                             neededPerDay: min(needed, 9999), currentLimit: settings.dailyNewLimit)
        } else {
            plan = nil
        }
        if let queue = ExamDayQueue(settings: settings, scheduler: scheduler, day: day, daily: daily, now: now) {
            let planned = queue.plannerItems(track: track, items: items, state: { id in
                QueueItemState(card: states[id]?.card, suspended: states[id]?.flags.suspended ?? false)
            }, now: now)
            examPlan = queue.projection(planned, now: now, today: daily.days[today])
        } else {
            examPlan = nil
        }

        // Answer stats.
        func window(_ n: Int) -> AnswerWindow {
            var reviews = 0, correct = 0, ms = 0
            var byDomain: [String: (Int, Int)] = [:]
            for offset in 0..<n {
                guard let t = daily.days[CalendarDay(daysSinceEpoch: todayNumber - offset)] else { continue }
                reviews += t.reviews; correct += t.correct; ms += t.durationMs
                for (key, d) in t.domains {
                    guard let top = track.topDomain(of: key) else { continue }
                    byDomain[top.id, default: (0, 0)].0 += d.reviews
                    byDomain[top.id, default: (0, 0)].1 += d.correct
                }
            }
            return AnswerWindow(days: n, reviews: reviews, correct: correct, durationMs: ms,
                                domains: track.domains.map { d in
                                    (d.id, d.name, byDomain[d.id]?.0 ?? 0, byDomain[d.id]?.1 ?? 0)
                                })
        }
        last7 = window(7)
        last30 = window(30)
        var mature = 0, matureOk = 0
        for offset in 0..<30 {
            guard let t = daily.days[CalendarDay(daysSinceEpoch: todayNumber - offset)] else { continue }
            mature += t.matureReviews; matureOk += t.matureCorrect
        }
        matureReviews30 = mature
        trueRetention = mature == 0 ? nil : Double(matureOk) / Double(mature)
    }

    /// Reviews due today (the first day of the forecast).
    public var dueToday: Int { forecast.first ?? 0 }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import StudyCore

/// The Progress figures on hand-built profiles with known answers.
@Suite("Progress report")
struct ProgressReportTests {
    /// Two domains, the second split in two subdomains: 10 + (6 + 4) scored items.
    static let track = Track(id: "t", name: "Test", shortName: "T", planVersion: "1", totalItems: 24, scoredItems: 20,
                             pretestItems: 4, minutes: 30, scale: ScoreScale(min: 200, max: 500, pass: 390),
                             domains: [Domain(id: "a", name: "Alpha", scoredItems: 10),
                                       Domain(id: "b", name: "Beta", scoredItems: 10,
                                              subdomains: [Domain(id: "b1", name: "Beta one", scoredItems: 6),
                                                           Domain(id: "b2", name: "Beta two", scoredItems: 4)])])
    /// 20 items per leaf area.
    static let items: [(id: String, area: String)] = ["a", "b1", "b2"].flatMap { area in (0..<20).map { ("\(area)-\($0)", area) } }
    static let scheduler = try! FSRSScheduler(SchedulerConfiguration(fuzzEnabled: false))

    static func at(_ text: String) -> Date { ISO8601Timestamp.parse(text)! }
    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    static func report(states: [String: ItemState] = [:], daily: DailyTotals = DailyTotals(), mocks: [MockResult] = [],
                       settings: ProfileSettings = ProfileSettings(track: "t"), now: Date,
                       utcOffset: Int = 0, dayStartHour: Int = 4) -> ProgressReport {
        var s = settings
        s.dayStartHour = dayStartHour
        return ProgressReport(profile: "alice", track: track, items: items, states: states, daily: daily, mocks: mocks,
                              settings: s, scheduler: scheduler,
                              day: StudyDay(startHour: dayStartHour, utcOffsetSeconds: utcOffset), now: now)
    }

    static func studiedDays(_ days: [String], reviews: Int = 10) -> DailyTotals {
        DailyTotals(days: Dictionary(uniqueKeysWithValues: days.map { (day($0), DayTotals(reviews: reviews, correct: reviews)) }))
    }

    static func reviewed(stability: Double, at last: Date, due: Date? = nil, suspended: Bool = false) -> ItemState {
        ItemState(card: Card(phase: .review, step: nil, stability: stability, difficulty: 5,
                             due: due ?? last.addingTimeInterval(stability * 86_400), lastReview: last),
                  flags: ItemFlags(suspended: suspended))
    }

    // MARK: activity

    @Test("streaks run across the end of a month and of a year; the heatmap starts on a Monday and ends today")
    func streakAcrossYearEnd() {
        let daily = Self.studiedDays(["2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01",
                                      "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"])
        let r = Self.report(daily: daily, now: Self.at("2027-01-02T10:00:00Z"))
        #expect(r.today == Self.day("2027-01-02"))
        #expect(r.currentStreak == 4)
        #expect(r.longestStreak == 4)
        #expect(r.totalReviews == 80)
        // 2027-01-02 is a Saturday: the last column holds Monday 2026-12-28 to today.
        #expect(r.heatmapStart.adding(days: r.heatmap.count - 1) == Self.day("2027-01-02"))
        #expect(r.heatmap.count == 25 * 7 + 6)
        #expect((r.heatmapStart.daysSinceEpoch + 3) % 7 == 0)  // a Monday
        let dec31 = Self.day("2026-12-31").daysSinceEpoch - r.heatmapStart.daysSinceEpoch
        #expect(r.heatmap[dec31] == 10)
        #expect(r.heatmap[dec31 - 1 - 28] == 0)
        #expect(r.heatmap.reduce(0, +) == 80)
    }

    @Test("the longest streak is kept after a break, and a day not yet studied does not end the current streak")
    func streakBreaks() {
        let daily = Self.studiedDays(["2026-02-26", "2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02",
                                      "2026-03-10", "2026-03-11"])
        let morning = Self.report(daily: daily, now: Self.at("2026-03-12T08:00:00Z"))
        #expect(morning.longestStreak == 5)  // across the end of February
        #expect(morning.currentStreak == 2)  // today not studied yet
        let dayAfter = Self.report(daily: daily, now: Self.at("2026-03-13T08:00:00Z"))
        #expect(dayAfter.currentStreak == 0)
        let nothing = Self.report(now: Self.at("2026-03-13T08:00:00Z"))
        #expect(nothing.currentStreak == 0 && nothing.longestStreak == 0 && nothing.heatmap.allSatisfy { $0 == 0 })
    }

    @Test("today is the user's study day: the same instant is a different day east and west of UTC")
    func timeZones() {
        let daily = Self.studiedDays(["2027-01-01", "2027-01-02"])
        let instant = Self.at("2027-01-03T02:00:00Z")
        // New York (UTC-5): 21:00 on Jan 2, studied today.
        let west = Self.report(daily: daily, now: instant, utcOffset: -18_000)
        #expect(west.today == Self.day("2027-01-02"))
        #expect(west.currentStreak == 2 && west.heatmap.last == 10)
        // Tokyo (UTC+9): 11:00 on Jan 3, not studied yet, the streak holds.
        let east = Self.report(daily: daily, now: instant, utcOffset: 32_400)
        #expect(east.today == Self.day("2027-01-03"))
        #expect(east.currentStreak == 2 && east.heatmap.last == 0)
        // UTC at 02:00, before the 04:00 day start: still Jan 2.
        let utc = Self.report(daily: daily, now: instant, utcOffset: 0)
        #expect(utc.today == Self.day("2027-01-02"))
        // Tokyo a day later: Jan 3 was missed.
        #expect(Self.report(daily: daily, now: Self.at("2027-01-04T02:00:00Z"), utcOffset: 32_400).currentStreak == 0)
    }

    // MARK: forecast

    @Test("forecast counts due items per study day; overdue counts today; new and suspended items do not")
    func forecast() {
        let now = Self.at("2027-03-10T12:00:00Z")
        let last = now.addingTimeInterval(-30 * 86_400)
        var states: [String: ItemState] = [:]
        states["a-0"] = Self.reviewed(stability: 5, at: last, due: now.addingTimeInterval(-5 * 86_400))  // overdue
        states["a-1"] = Self.reviewed(stability: 5, at: last, due: now.addingTimeInterval(3600))          // later today
        states["a-2"] = Self.reviewed(stability: 5, at: last, due: Self.at("2027-03-11T03:59:00Z"))        // before the 04:00 start: today
        states["a-3"] = Self.reviewed(stability: 5, at: last, due: Self.at("2027-03-11T04:00:00Z"))        // tomorrow
        states["a-4"] = Self.reviewed(stability: 5, at: last, due: Self.at("2027-04-08T10:00:00Z"))        // day 29
        states["a-5"] = Self.reviewed(stability: 5, at: last, due: Self.at("2027-04-09T10:00:00Z"))        // day 30: outside
        states["a-6"] = Self.reviewed(stability: 5, at: last, due: now, suspended: true)
        states["a-7"] = ItemState(card: .new(at: now))
        let r = Self.report(states: states, settings: ProfileSettings(track: "t", dailyNewLimit: 10), now: now)
        #expect(r.forecast.count == 30)
        #expect(r.dueToday == 3)
        #expect(r.forecast[1] == 1)
        #expect(r.forecast[29] == 1)
        #expect(r.forecast.reduce(0, +) == 5)
        // 5 due over 30 days, plus new items: 53 unseen (60 less 7 reviewed) spread over 30 days (under the limit of 10).
        #expect(abs(r.expectedDailyLoad - (5.0 / 30 + 53.0 / 30)) < 1e-9)
    }

    // MARK: answers

    @Test("answer stats sum the last 7 and 30 study days by top-level domain; true retention counts mature reviews")
    func answerStats() {
        let today = Self.day("2027-05-20")
        var days: [CalendarDay: DayTotals] = [:]
        days[today] = DayTotals(reviews: 10, correct: 8, durationMs: 100_000, matureReviews: 4, matureCorrect: 3,
                                domains: ["a": DomainTotals(reviews: 6, correct: 5), "b1": DomainTotals(reviews: 4, correct: 3)])
        days[today.adding(days: -6)] = DayTotals(reviews: 10, correct: 6, durationMs: 200_000, matureReviews: 6, matureCorrect: 6,
                                                 domains: ["b2": DomainTotals(reviews: 10, correct: 6)])
        days[today.adding(days: -7)] = DayTotals(reviews: 20, correct: 10, durationMs: 300_000, matureReviews: 10, matureCorrect: 5,
                                                 domains: ["a": DomainTotals(reviews: 20, correct: 10)])
        days[today.adding(days: -30)] = DayTotals(reviews: 100, correct: 0, durationMs: 1, matureReviews: 100, matureCorrect: 0,
                                                  domains: ["a": DomainTotals(reviews: 100, correct: 0)])
        let r = Self.report(daily: DailyTotals(days: days), now: Self.at("2027-05-20T15:00:00Z"))
        #expect(r.last7.reviews == 20 && r.last7.correct == 14)
        #expect(r.last7.accuracy == 0.7)
        #expect(r.last7.averageSeconds == 15)
        #expect(r.last7.domains.map(\.id) == ["a", "b"])
        #expect(r.last7.domains[0].reviews == 6 && r.last7.domains[0].correct == 5)
        #expect(r.last7.domains[1].reviews == 14 && r.last7.domains[1].correct == 9)  // b1 + b2
        #expect(r.last30.reviews == 40 && r.last30.correct == 24)
        #expect(r.last30.domains[0].reviews == 26)
        #expect(r.matureReviews30 == 20)
        #expect(r.trueRetention == 14.0 / 20)
        #expect(r.desiredRetention == 0.9)
        let empty = Self.report(now: Self.at("2027-05-20T15:00:00Z"))
        #expect(empty.last7.accuracy == nil && empty.trueRetention == nil && empty.last30.averageSeconds == nil)
    }

    // MARK: plan

    @Test("the plan spreads the unseen items over the days left until a week before the exam")
    func studyPlan() {
        let now = Self.at("2027-01-02T12:00:00Z")
        var states: [String: ItemState] = [:]
        for i in 0..<14 { states["a-\(i)"] = Self.reviewed(stability: 10, at: now.addingTimeInterval(-86_400)) }
        var settings = ProfileSettings(track: "t", examDate: Self.day("2027-01-31"), dailyNewLimit: 1)
        let r = Self.report(states: states, settings: settings, now: now)
        #expect(r.daysToExam == 29)
        let plan = try! #require(r.plan)
        #expect(plan.targetDay == Self.day("2027-01-24"))
        #expect(plan.daysLeft == 23)         // Jan 2 to Jan 24, both included
        #expect(plan.unseenItems == 46)      // 60 - 14
        #expect(plan.neededPerDay == 2)      // ceil(46 / 23)
        #expect(!plan.onTrack)
        settings.dailyNewLimit = 2
        #expect(Self.report(states: states, settings: settings, now: now).plan!.onTrack)
        // A week before the exam has passed: everything left is needed now.
        settings.examDate = Self.day("2027-01-05")
        let late = Self.report(states: states, settings: settings, now: now).plan!
        #expect(late.daysLeft == 0 && late.neededPerDay == 46 && !late.onTrack)
        #expect(Self.report(now: now).plan == nil)
    }

    // MARK: readiness

    @Test("readiness through FSRS: durable memory predicts near 100%, no study predicts the 25% prior")
    func readinessExtremes() {
        let now = Self.at("2027-01-02T12:00:00Z")
        var states: [String: ItemState] = [:]
        for item in Self.items { states[item.id] = Self.reviewed(stability: 36_000, at: now) }
        let settings = ProfileSettings(track: "t", examDate: Self.day("2027-02-01"))
        let ready = Self.report(states: states, settings: settings, now: now)
        #expect(ready.readiness.expectedPercent > 0.99)
        #expect(ready.readiness.passProbability > 0.95)
        #expect(ready.readiness.coverage == 1 && ready.readiness.durableShare == 1)
        #expect(ready.domains.map(\.id) == ["a", "b"])
        #expect(ready.domains.allSatisfy { $0.predicted > 0.99 })

        let fresh = Self.report(settings: settings, now: now)
        #expect(abs(fresh.readiness.expectedPercent - 0.25) < 1e-9)
        #expect(fresh.readiness.coverage == 0)
        #expect(fresh.readiness.passProbability < 0.01)
        // Every domain gains from study; the two best are marked.
        #expect(fresh.domains.filter(\.isBestToStudy).count == 2)
    }

    @Test("memory fades toward the exam: a card due long before the exam date predicts less than one reviewed near it")
    func retrievabilityAtExamDate() {
        let now = Self.at("2027-01-02T12:00:00Z")
        var states: [String: ItemState] = [:]
        for item in Self.items { states[item.id] = Self.reviewed(stability: 5, at: now) }
        let soon = Self.report(states: states, settings: ProfileSettings(track: "t", examDate: Self.day("2027-01-04")), now: now)
        let later = Self.report(states: states, settings: ProfileSettings(track: "t", examDate: Self.day("2027-03-04")), now: now)
        #expect(soon.readiness.expectedPercent > later.readiness.expectedPercent + 0.2)
        #expect(later.readiness.durableShare == 0)
    }

    @Test("first-try accuracy from the daily totals moves the prior of unstudied items in that area")
    func firstTryPrior() {
        let now = Self.at("2027-01-02T12:00:00Z")
        let daily = DailyTotals(days: [Self.day("2026-12-30"): DayTotals(
            reviews: 16, correct: 16, newItems: 16, newCorrect: 16,
            domains: ["b1": DomainTotals(reviews: 16, correct: 16, newItems: 16, newCorrect: 16)])])
        let r = Self.report(daily: daily, now: now)
        let b1 = r.readiness.areas.first { $0.id == "b1" }!
        let a = r.readiness.areas.first { $0.id == "a" }!
        #expect(abs(b1.memoryEstimate - (0.25 * 4 + 16) / 20) < 1e-9)
        #expect(abs(a.memoryEstimate - 0.25) < 1e-9)
    }

    @Test("mock results blend in and are listed oldest first with their scaled estimate")
    func mocks() {
        let now = Self.at("2027-01-02T12:00:00Z")
        let ids = ["a-0", "a-1", "b1-0", "gone", "a-2"]
        let form = ExamForm(trackID: "t", name: "f", minutes: 5, items: ids.map {
            ExamForm.Item(questionID: $0, area: $0.hasPrefix("a") ? "a" : "b1", pretest: $0 == "a-2")
        })
        var attempt = ExamAttempt(id: "m1", form: form, mode: .exam, startedAt: now.addingTimeInterval(-7200))
        for (i, answer) in [1, 2, 1, 1, 1].enumerated() {
            attempt.go(to: i, now: attempt.startedAt)
            attempt.answer(answer, now: attempt.startedAt)
        }
        attempt.submit(at: now.addingTimeInterval(-3600))
        let m = MockResult(attempt: attempt, track: Self.track) { id in
            id == "gone" ? nil : (1, id.hasPrefix("a") ? "a" : "b1")
        }
        #expect(m.correct == 2 && m.total == 3, "the pretest item and the item gone from the bank do not count")
        #expect(m.areas == [MockAreaResult(area: "a", date: attempt.submittedAt!, correct: 1, total: 2),
                            MockAreaResult(area: "b1", date: attempt.submittedAt!, correct: 1, total: 1)])
        var older = m
        older.id = "m0"; older.date = now.addingTimeInterval(-86_400 * 3)
        let r = Self.report(mocks: [m, older], now: now)
        #expect(r.mocks.map(\.id) == ["m0", "m1"])
        #expect(r.mocks[1].scaledEstimate == ScaledScore.estimate(percent: 2.0 / 3, scale: Self.track.scale))
        #expect(r.readiness.areas.first { $0.id == "b1" }!.estimate > 0.25)
    }
}

/// The daily totals behind true retention and the first-try prior.
@Suite("Daily totals for progress")
struct DailyTotalsProgressTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func review(_ id: String, rating: Rating, correct: Bool, after: ItemState) -> ReviewRecord {
        ReviewRecord(itemID: id, domain: "a", rating: rating, reviewedAt: Self.t0, day: CalendarDay(containing: Self.t0),
                     durationMs: 1000, correct: correct, answer: 0, source: .study, after: after)
    }

    @Test("new first answers, mature reviews and their passes are counted, undone, and survive a save and load")
    func counts() throws {
        let mature = ItemState(card: Card(phase: .review, step: nil, stability: 40, difficulty: 5,
                                          due: Self.t0, lastReview: Self.t0.addingTimeInterval(-30 * 86_400)))
        let young = ItemState(card: Card(phase: .review, step: nil, stability: 5, difficulty: 5,
                                         due: Self.t0, lastReview: Self.t0.addingTimeInterval(-5 * 86_400)))
        var totals = DailyTotals()
        totals.apply(LogEntry(seq: 1, event: .review(review("n1", rating: .good, correct: true, after: young), before: nil)))
        totals.apply(LogEntry(seq: 2, event: .review(review("n2", rating: .again, correct: false, after: young), before: nil)))
        totals.apply(LogEntry(seq: 3, event: .review(review("m1", rating: .good, correct: true, after: mature), before: mature)))
        totals.apply(LogEntry(seq: 4, event: .review(review("m2", rating: .again, correct: false, after: young), before: mature)))
        totals.apply(LogEntry(seq: 5, event: .review(review("y1", rating: .good, correct: true, after: young), before: young)))
        let day = try #require(totals.days[CalendarDay(containing: Self.t0)])
        #expect(day.newItems == 2 && day.newCorrect == 1)
        #expect(day.matureReviews == 2 && day.matureCorrect == 1)
        #expect(day.domains["a"] == DomainTotals(reviews: 5, correct: 3, newItems: 2, newCorrect: 1))

        let bytes = totals.encoded(covers: LogPosition(bytes: 10, lines: 2, seq: 5), savedAt: Self.t0, schemaVersion: 1)
        let fast = try #require(FastDecoder.daily(bytes, schemaVersion: 1))
        #expect(fast.0 == totals)
        let slow = try DailyTotals.decodeWithPositions(bytes, file: "daily.json", migrations: SchemaMigrations.standard)
        #expect(slow.0 == totals)

        totals.apply(LogEntry(seq: 6, event: .undo(UndoRecord(undoes: 3, at: Self.t0, review: review("m1", rating: .good, correct: true, after: mature), restored: mature))))
        #expect(totals.days[CalendarDay(containing: Self.t0)]!.matureReviews == 1)
        #expect(totals.days[CalendarDay(containing: Self.t0)]!.matureCorrect == 0)
    }

    @Test("a daily.json written before the new counts loads them as zero")
    func olderFile() throws {
        let text = """
        {
        "schemaVersion": 1,
        "savedAt": "2026-11-28T23:52:17.123Z",
        "covers": {"bytes":10,"lines":2,"seq":1},
        "days": {
        "2026-11-28": {"reviews":40,"correct":31,"ms":402000,"new":10,"domains":{"cpt.1":{"reviews":12,"correct":9}}}
        }
        }

        """
        let (totals, _) = try DailyTotals.decode(Array(text.utf8), file: "daily.json", migrations: SchemaMigrations.standard)
        let day = try #require(totals.days[CalendarDay("2026-11-28")!])
        #expect(day.reviews == 40 && day.newCorrect == 0 && day.matureReviews == 0)
        #expect(day.domains["cpt.1"] == DomainTotals(reviews: 12, correct: 9))
    }
}

/// Reading mock results through the store.
@Suite("Progress source")
struct ProgressSourceTests {
    /// A mock over `questions` on `trackID`: the first `right` answered right, the rest of the
    /// first `answered` wrong, the remainder unanswered; `pretest` marks unscored positions.
    static func attempt(_ id: String, trackID: String, questions: [Question], right: Int, answered: Int,
                        pretest: (Int) -> Bool = { _ in false }, submittedAfter seconds: Double?, at now: Date) -> ExamAttempt {
        let form = ExamForm(trackID: trackID, name: "f", minutes: questions.count, items: questions.enumerated().map {
            ExamForm.Item(questionID: $1.id, area: $1.domains["cpt"]!, pretest: pretest($0))
        })
        var a = ExamAttempt(id: id, form: form, mode: .exam, startedAt: now)
        for (i, q) in questions.enumerated() where i < answered {
            a.go(to: i, now: now)
            a.answer(i < right ? q.answer : (q.answer + 1) % q.choices.count, now: now)
        }
        if let seconds { a.submit(at: now.addingTimeInterval(seconds)) }
        return a
    }

    @Test("a scored attempt's per-area results come from the index: the attempt file is not opened")
    func scoreFromIndex() throws {
        let dir = TemporaryDirectory("progress-index")
        let clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        let bank = ContentLoader.load(from: Repo.data).bank
        let track = bank.track("cpt")!
        let questions = Array(bank.questions(for: "cpt").filter { $0.kind == .single }.prefix(8))
        var a = Self.attempt("s1", trackID: "cpt", questions: questions, right: 5, answered: 8, pretest: { $0 == 7 },
                             submittedAfter: 300, at: clock.now)
        let report = ExamReport(attempt: a, track: track) { id in questions.first { $0.id == id } }
        a.score = ExamScore(report)
        let areas = try #require(a.score?.areas)
        #expect(areas.reduce(0) { $0 + $1.total } == 7, "scored items only, by leaf area")
        #expect(areas.reduce(0) { $0 + $1.correct } == 5)
        try store.saveAttempt(a)
        try store.save()
        try FileManager.default.removeItem(atPath: ProfileFiles(directory: data.profilePath("alice")).attempt("s1"))
        let results = try ProgressSource.mockResults(store: store, track: track, bank: bank)
        #expect(results.map(\.id) == ["s1"])
        #expect(results[0].correct == 5 && results[0].total == 7)
        #expect(results[0].areas.map(\.area) == areas.map(\.area))
    }

    @Test("a score kept before answered items were counted: all answered needs no file; with unanswered items the file is read to count them")
    func olderScores() throws {
        let dir = TemporaryDirectory("progress-older")
        let clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        let bank = ContentLoader.load(from: Repo.data).bank
        let track = bank.track("cpt")!
        let questions = Array(bank.questions(for: "cpt").filter { $0.kind == .single }.prefix(8))
        func older(_ a: ExamAttempt) -> ExamAttempt {
            var s = a
            var score = ExamScore(ExamReport(attempt: a, track: track) { id in questions.first { $0.id == id } })
            score.areas = score.areas?.map { ExamScore.AreaScore(area: $0.area, correct: $0.correct, total: $0.total) }
            s.score = score
            return s
        }
        try store.saveAttempt(older(Self.attempt("full", trackID: "cpt", questions: questions, right: 5, answered: 8, submittedAfter: 60, at: clock.now)))
        try store.saveAttempt(older(Self.attempt("part", trackID: "cpt", questions: questions, right: 1, answered: 3, submittedAfter: 60, at: clock.now)))
        try store.save()
        try FileManager.default.removeItem(atPath: ProfileFiles(directory: data.profilePath("alice")).attempt("full"))
        let results = try ProgressSource.mockResults(store: store, track: track, bank: bank)
        #expect(results.map(\.id) == ["full", "part"])
        #expect(results[0].areas.reduce(0) { $0 + $1.answered } == 8, "all answered: read from the index")
        #expect(results[1].areas.reduce(0) { $0 + $1.answered } == 3, "counted from the attempt file")
        #expect(results[1].areas.reduce(0) { $0 + $1.total } == 8)
    }

    @Test("submitted attempts of the track only are read back and scored")
    func savedAttempts() throws {
        let dir = TemporaryDirectory("progress")
        let clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        let bank = ContentLoader.load(from: Repo.data).bank
        let track = bank.track("cpt")!
        let questions = Array(bank.questions(for: "cpt").filter { $0.kind == .single }.prefix(10))
        func attempt(_ id: String, trackID: String, submitted: Bool) -> ExamAttempt {
            Self.attempt(id, trackID: trackID, questions: questions, right: 6, answered: 9,
                         submittedAfter: submitted ? 600 : nil, at: clock.now)
        }
        try store.saveAttempt(attempt("a1", trackID: "cpt", submitted: true))
        try store.saveAttempt(attempt("a2", trackID: "cpt", submitted: false))
        try store.saveAttempt(attempt("a3", trackID: "ccma", submitted: true))
        try store.save()

        let results = try ProgressSource.mockResults(store: store, track: track, bank: bank)
        #expect(results.map(\.id) == ["a1"])
        #expect(results[0].correct == 6 && results[0].total == 10)
    }

    @Test("readiness with abandoned, expired and practice attempts: none drags the prediction down; practice and abandoned are left out")
    func abandonedExpiredPractice() throws {
        let dir = TemporaryDirectory("progress-kinds")
        let clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        let bank = ContentLoader.load(from: Repo.data).bank
        let track = bank.track("cpt")!
        // Half the bank studied and remembered: a prediction well above guessing.
        for q in bank.questions(for: "cpt").enumerated() where q.offset % 2 == 0 {
            try store.setState(ItemState(card: Card(phase: .review, step: nil, stability: 400, difficulty: 5,
                                                    due: clock.now.addingTimeInterval(400 * 86_400), lastReview: clock.now)), of: q.element.id)
        }
        let baseline = try ProgressSource.report(store: store, track: track, bank: bank, now: clock.now).readiness
        #expect(baseline.expectedPercent > 0.5)

        let questions = Array(bank.questions(for: "cpt").filter { $0.kind == .single }.prefix(40))
        func scored(_ a: ExamAttempt) -> ExamAttempt {
            var s = a
            s.score = ExamScore(ExamReport(attempt: a, track: track) { id in questions.first { $0.id == id } })
            return s
        }
        // Four attempts that ran out of time with 1 item answered (wrong), as after a few walked-away mocks.
        for k in 0..<4 {
            var a = Self.attempt("x\(k)", trackID: "cpt", questions: questions, right: 0, answered: 1, submittedAfter: nil, at: clock.now)
            a.advance(by: a.timeLimit, now: clock.now)
            #expect(a.autoSubmitted)
            try store.saveAttempt(scored(a))
        }
        // Two abandoned attempts with nothing right.
        for k in 0..<2 {
            var a = Self.attempt("y\(k)", trackID: "cpt", questions: questions, right: 0, answered: 30, submittedAfter: nil, at: clock.now)
            a.abandon(at: clock.now)
            try store.saveAttempt(a)
        }
        // A practice attempt answered all wrong, submitted.
        var p = Self.attempt("p0", trackID: "cpt", questions: questions, right: 0, answered: 40, submittedAfter: nil, at: clock.now)
        p.mode = .practice
        p.submit(at: clock.now)
        try store.saveAttempt(scored(p))

        let results = try ProgressSource.mockResults(store: store, track: track, bank: bank)
        #expect(results.map(\.id) == ["x0", "x1", "x2", "x3"], "practice and abandoned attempts are no mock results")
        #expect(results.allSatisfy { $0.areas.reduce(0) { $0 + $1.answered } == 1 })
        let after = try ProgressSource.report(store: store, track: track, bank: bank, now: clock.now).readiness
        // Four wrong answers among thousands of studied items move the prediction by little,
        // where counting 160 unanswered items as wrong would have sunk it.
        #expect(abs(after.expectedPercent - baseline.expectedPercent) < 0.03,
                "\(after.expectedPercent) against \(baseline.expectedPercent)")
        #expect(after.expectedPercent >= 0.25)
        try store.close()
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Gathers what a `ProgressReport` needs from an open store and the content bank: the
/// track's items, the item states, the daily totals and the submitted mock exams.
///
/// The mock results are read here, in one function (`mockResults`), so that a change in how
/// attempts are saved touches only this file.
public enum ProgressSource {
    /// The track's bank items with the leaf area each is filed under.
    public static func items(of track: Track, in bank: ContentBank) -> [(id: String, area: String)] {
        let leaves = Set(track.leafAreas.map(\.id))
        return bank.items(for: track.id).compactMap { item in
            guard let area = item.domains[track.id], leaves.contains(area) else { return nil }
            return (item.id, area)
        }
    }

    /// Every submitted mock exam of the track taken in Exam conditions, scored against the
    /// bank, oldest first. Practice attempts (pausable, with feedback) and abandoned ones are
    /// left out: they are not exam evidence.
    public static func mockResults(store: ProgressStore, track: Track, bank: ContentBank) throws(StoreError) -> [MockResult] {
        var out: [MockResult] = []
        for summary in try store.attempts()
        where summary.track == track.id && summary.submittedAt != nil && !summary.isAbandoned && !summary.isPractice {
            // The score kept in the index at submit time has the per-area results: no file to open.
            // A score kept before answered items were counted needs the file only when some
            // item was left unanswered (otherwise every scored item was answered).
            let allAnswered = summary.answered >= summary.itemCount
            if let score = summary.score, let areas = score.areas, allAnswered || areas.allSatisfy({ $0.answered != nil }),
               let date = summary.submittedAt {
                out.append(MockResult(id: summary.id, date: date, correct: score.scoredCorrect, total: score.scoredTotal,
                                      scaledEstimate: score.scaledEstimate,
                                      areas: areas.map { MockAreaResult(area: $0.area, date: date, correct: $0.correct,
                                                                        total: $0.total, answered: $0.answered ?? $0.total) }))
                continue
            }
            let attempt = try store.attempt(id: summary.id)
            out.append(MockResult(attempt: attempt, track: track) { id in
                guard let q = bank.question(id), let area = q.domains[track.id] else { return nil }
                return (q.answer, area)
            })
        }
        return out
    }

    /// The report for the store's profile on `track`, at `now`.
    public static func report(store: ProgressStore, track: Track, bank: ContentBank, now: Date,
                              utcOffset: @escaping @Sendable (Date) -> Int = StudyDay.systemUTCOffset) throws -> ProgressReport {
        let settings = store.settings
        let scheduler = try FSRSScheduler(SchedulerConfiguration(
            desiredRetention: settings.desiredRetention, learningSteps: settings.learningSteps.map(Double.init),
            relearningSteps: settings.relearningSteps.map(Double.init), fuzzEnabled: false))
        return ProgressReport(profile: store.profile, track: track, items: items(of: track, in: bank), states: store.items,
                              daily: try store.dailyTotals(), mocks: try mockResults(store: store, track: track, bank: bank),
                              settings: settings, scheduler: scheduler,
                              day: StudyDay(startHour: settings.dayStartHour, utcOffset: utcOffset), now: now)
    }
}

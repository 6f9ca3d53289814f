#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A realistic generated profile for the Progress screen's snapshots and benchmarks: a
/// simulated learner (`LearnerSimulation`, seeded) who studied a track's real bank on most
/// days for five months and sat a mock exam every few weeks, with the exam three weeks away.
public enum ProgressDemo {
    /// The instant the demo is drawn at.
    public static let now = Date(timeIntervalSince1970: 1_795_100_400)  // 2026-11-19T15:00:00Z

    public static func report(bank: ContentBank, trackID: String, profile: String = "alice", now: Date = ProgressDemo.now) -> ProgressReport? {
        guard let track = bank.track(trackID) else { return nil }
        let items = ProgressSource.items(of: track, in: bank)
        let scheduler = try! FSRSScheduler(SchedulerConfiguration(fuzzEnabled: false))
        let prior = Dictionary(uniqueKeysWithValues: track.leafAreas.enumerated().map { ($1.id, 0.35 + 0.06 * Double($0 % 4)) })
        var sim = LearnerSimulation(track: track, items: items, prior: prior, scheduler: scheduler, seed: 7)
        let today = CalendarDay(containing: now, dayStartHour: 4)
        var day = today.adding(days: -150)
        for chunk in 0..<5 {
            sim.study(from: day, days: 30, dailyNewLimit: 8, skipChance: 0.25)
            day = day.adding(days: 30)
            if chunk >= 1 {
                sim.takeMock(at: Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400 + 36_000))
            }
        }
        var settings = ProfileSettings(track: trackID, examDate: today.adding(days: 23), dailyNewLimit: 8)
        settings.dayStartHour = 4
        return ProgressReport(profile: profile, track: track, items: items, states: sim.states, daily: sim.daily, mocks: sim.mocks,
                              settings: settings, scheduler: scheduler, day: StudyDay(startHour: 4, utcOffsetSeconds: 0), now: now)
    }
}

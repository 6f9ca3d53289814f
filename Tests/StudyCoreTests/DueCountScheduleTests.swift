#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import StudyCore

/// The home screen's first frame may come from counts worked out when the profile was last
/// closed (`HomeSummaryCache`); these tests hold the schedule of counts it keeps to the queue
/// itself, at every instant of the study day.
@Suite("Due count schedule")
struct DueCountScheduleTests {
    static let track = StudyQueueTests.track
    static let start = StudyQueueTests.start

    /// A mix of every kind of item state: new, intra-day learning and relearning steps due
    /// before and after `now`, inter-day steps, reviews due today and later, burials ending
    /// today or later, suspended items.
    static func states(count: Int, seed: UInt64, now: Date) -> (items: [StudyItem], state: [String: QueueItemState]) {
        var rng = SeededRandom(seed: seed)
        let areas = track.leafAreas.map(\.id)
        var items: [StudyItem] = []
        var state: [String: QueueItemState] = [:]
        for i in 0..<count {
            let id = "item-\(10_000 + i)"
            items.append(.flashcard(Flashcard(id: id, deck: "d", front: id, back: "b",
                                              domains: ["cpt": areas[Int(rng.next() % UInt64(areas.count))]])))
            let roll = Int(rng.next() % 100)
            let minutes = { (lo: Int, hi: Int) in Double(lo + Int(rng.next() % UInt64(hi - lo))) * 60 }
            var card: Card?
            switch roll {
            case 0..<20: card = nil
            case 20..<45:
                // Intra-day step: seen a few minutes ago, due from an hour ago to ten hours on.
                let last = now.addingTimeInterval(-minutes(1, 30))
                card = Card(phase: roll < 35 ? .learning : .relearning, step: 0, stability: 1, difficulty: 5,
                            due: now.addingTimeInterval(minutes(-60, 600)), lastReview: last)
            case 45..<55:
                // Inter-day step: due in whole days from the last review.
                let last = now.addingTimeInterval(-minutes(60, 2000))
                card = Card(phase: .learning, step: 1, stability: 2, difficulty: 5,
                            due: last.addingTimeInterval(86_400 * Double(1 + rng.next() % 2)), lastReview: last)
            default:
                card = Card(phase: .review, step: nil, stability: 10, difficulty: 5,
                            due: now.addingTimeInterval(minutes(-3000, 3000)), lastReview: now.addingTimeInterval(-minutes(3000, 9000)))
            }
            let buried = rng.next() % 8 == 0 ? now.addingTimeInterval(minutes(-60, 1500)) : nil
            state[id] = QueueItemState(card: card, suspended: rng.next() % 25 == 0, buriedUntil: buried)
        }
        return (items, state)
    }

    @Test("the counts equal the queue's at the day's change instants, a moment either side, and at random instants",
          arguments: [(UInt64(1), 0.0, 10, 0), (2, 0, 5, 3), (3, 1200, 20, 0), (4, 0, 400, 0), (5, 90, 0, 0)])
    func matchesQueue(seed: UInt64, learnAhead: Double, newLimit: Int, newDone: Int) {
        let day = StudyDay(startHour: 4, learnAheadLimit: learnAhead, utcOffsetSeconds: -18_000)
        let queue = StudyQueue(scheduler: try! FSRSScheduler(), day: day)
        let now = Self.start.addingTimeInterval(Double(seed) * 3917)
        let (items, state) = Self.states(count: 600, seed: seed, now: now)
        let schedule = queue.countSchedule(track: Self.track, items: items, state: { state[$0] ?? .unseen }, now: now,
                                           newLimit: newLimit, newDoneToday: newDone)
        #expect(schedule.until == day.endOfDay(containing: now))
        #expect(schedule.steps.count > 20, "the mix has changes to follow")
        var instants = [now, schedule.until.addingTimeInterval(-0.001)]
        for step in schedule.steps {
            instants += [step.at, step.at.addingTimeInterval(-0.001), Date(timeIntervalSince1970: step.at.timeIntervalSince1970.nextDown)]
        }
        var rng = SeededRandom(seed: seed)
        let span = schedule.until.timeIntervalSince(now)
        for _ in 0..<200 { instants.append(now.addingTimeInterval(Double(rng.next() % 1_000_000) / 1_000_000 * span)) }
        for instant in instants where instant >= now && instant < schedule.until {
            let expected = queue.counts(track: Self.track, items: items, state: { state[$0] ?? .unseen }, now: instant,
                                        newLimit: newLimit, newDoneToday: newDone)
            #expect(schedule.counts(at: instant) == expected, "at \(instant.timeIntervalSince(now)) s")
        }
    }

    @Test("nothing is claimed before its start or from the end of its study day")
    func bounded() {
        let queue = StudyQueueTests.queue
        let (items, state) = Self.states(count: 50, seed: 9, now: Self.start)
        let schedule = queue.countSchedule(track: Self.track, items: items, state: { state[$0] ?? .unseen }, now: Self.start,
                                           newLimit: 10, newDoneToday: 0)
        #expect(schedule.counts(at: Self.start) != nil)
        #expect(schedule.counts(at: Self.start.addingTimeInterval(-1)) == nil)
        #expect(schedule.counts(at: schedule.until) == nil)
        #expect(schedule.counts(at: schedule.until.addingTimeInterval(-1)) != nil)
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import StudyCore

@Suite("Study queue")
struct StudyQueueTests {
    static let track = ContentLoader.load(from: Repo.data).bank.track("cpt")!
    /// 2026-11-28 10:00 UTC; the study day starts at 04:00 UTC (offset 0).
    static let start = Date(timeIntervalSince1970: 1_795_860_000)
    static let queue = StudyQueue(scheduler: try! FSRSScheduler(), day: StudyDay(startHour: 4, utcOffsetSeconds: 0))

    static func items(perArea: Int) -> [StudyItem] {
        syntheticQuestions(track) { _ in perArea }.map(StudyItem.question)
    }

    @Test("new items are limited, interleaved by test-plan weight and stable within a day")
    func newItems() {
        let items = Self.items(perArea: 50)
        let q = Self.queue.build(track: Self.track, items: items, state: { _ in .unseen }, now: Self.start, newLimit: 50, newDoneToday: 0)
        #expect(q.count == 50 && q.allSatisfy { $0.kind == .new })
        var perArea: [String: Int] = [:]
        for e in q { perArea[e.area, default: 0] += 1 }
        #expect(perArea == ["safety-compliance": 13, "patient-preparation": 10, "routine-collections": 14,
                            "special-collections": 6, "processing": 7])
        #expect(Set(q.prefix(5).map(\.area)).count >= 4, "areas alternate rather than come in blocks")
        let later = Self.queue.build(track: Self.track, items: items, state: { _ in .unseen }, now: Self.start + 3 * 3600, newLimit: 50, newDoneToday: 0)
        #expect(later == q, "same study day, same new items")
        let tomorrow = Self.queue.build(track: Self.track, items: items, state: { _ in .unseen }, now: Self.start + 86_400, newLimit: 50, newDoneToday: 0)
        #expect(tomorrow != q)
        let partly = Self.queue.build(track: Self.track, items: items, state: { _ in .unseen }, now: Self.start, newLimit: 20, newDoneToday: 15)
        #expect(partly.count == 5)
    }

    @Test("learning first, then reviews weakest first; suspended and buried items are left out")
    func ordering() throws {
        let s = Self.queue.scheduler
        var rng = SeededRandom(seed: 1)
        let t = Self.start
        // A review card last seen long ago (weak), one seen recently (strong), one learning card due now.
        var weak = Card.new(at: t - 40 * 86_400)
        weak = s.review(weak, rating: .good, at: t - 40 * 86_400, random: &rng).card
        weak = s.review(weak, rating: .good, at: t - 39 * 86_400, random: &rng).card
        var strong = Card.new(at: t - 5 * 86_400)
        strong = s.review(strong, rating: .good, at: t - 5 * 86_400, random: &rng).card
        strong = s.review(strong, rating: .easy, at: t - 4 * 86_400, random: &rng).card
        strong.due = t  // force due today
        #expect(weak.phase == .review && strong.phase == .review)
        let learning = s.review(.new(at: t - 700), rating: .again, at: t - 700, random: &rng).card
        #expect(learning.phase == .learning && learning.due <= t)
        let ids = ["a-weak", "b-strong", "c-learning", "d-suspended", "e-buried", "f-new"]
        let states: [String: QueueItemState] = [
            "a-weak": .init(card: weak), "b-strong": .init(card: strong), "c-learning": .init(card: learning),
            "d-suspended": .init(card: weak, suspended: true), "e-buried": .init(card: weak, buriedUntil: t + 3600),
        ]
        let items = ids.map { id in
            StudyItem.flashcard(Flashcard(id: id, deck: "d", front: id, back: "b", domains: ["cpt": "processing"]))
        }
        let q = Self.queue.build(track: Self.track, items: items, state: { states[$0] ?? .unseen }, now: t, newLimit: 10, newDoneToday: 0)
        #expect(q.map(\.itemID) == ["c-learning", "a-weak", "b-strong", "f-new"])
        #expect(q.map(\.kind) == [.learning, .review, .review, .new])
        // The burial ends; the item comes back.
        let later = Self.queue.build(track: Self.track, items: items, state: { states[$0] ?? .unseen }, now: t + 7200, newLimit: 10, newDoneToday: 0)
        #expect(later.contains { $0.itemID == "e-buried" })
        #expect(!later.contains { $0.itemID == "d-suspended" })
    }

    @Test("over simulated days, answered items leave the queue and come back when due")
    func simulatedDays() {
        let s = Self.queue.scheduler
        var rng = SeededRandom(seed: 2)
        let items = Self.items(perArea: 4)
        var cards: [String: Card] = [:]
        var now = Self.start
        var newToday = 0
        var dayNumber = Self.queue.day.dayNumber(of: now)
        var reviewsSeen = 0
        for step in 0..<(14 * 12) {  // two weeks, every two hours from 10:00
            now = Self.start + Double(step) * 7200
            let d = Self.queue.day.dayNumber(of: now)
            if d != dayNumber { dayNumber = d; newToday = 0 }
            let hour = Int(now.timeIntervalSince1970) / 3600 % 24
            guard (8...22).contains(hour) else { continue }
            let q = Self.queue.build(track: Self.track, items: items, state: { QueueItemState(card: cards[$0]) },
                                     now: now, newLimit: 5, newDoneToday: newToday)
            for entry in q {
                let card = cards[entry.itemID] ?? .new(at: now)
                #expect(Self.queue.day.isDue(card, at: now) || entry.kind == .new)
                if entry.kind == .new { newToday += 1 }
                if entry.kind == .review { reviewsSeen += 1 }
                cards[entry.itemID] = s.review(card, rating: .good, at: now, random: &rng).card
            }
            // Right after answering everything, nothing is left.
            let after = Self.queue.build(track: Self.track, items: items, state: { QueueItemState(card: cards[$0]) },
                                         now: now, newLimit: 5, newDoneToday: newToday)
            #expect(after.isEmpty)
        }
        #expect(cards.count == 20, "5 new a day until the 20 items are all started")
        #expect(reviewsSeen > 0, "reviews came due on later days")
        #expect(cards.values.allSatisfy { $0.phase == .review })
    }

    @Test("due counts match the queue")
    func counts() {
        let items = Self.items(perArea: 3)
        let c = Self.queue.counts(track: Self.track, items: items, state: { _ in .unseen }, now: Self.start, newLimit: 20, newDoneToday: 0)
        #expect(c == DueCounts(learning: 0, review: 0, new: 15))
    }
}

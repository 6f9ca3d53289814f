import Testing
@testable import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("Card history: undo, forget, rebuild")
struct CardHistoryTests {
    /// A card studied over a few weeks with fuzz on.
    func studied(_ s: FSRSScheduler, _ g: inout SeededRandom) -> CardHistory {
        var h = CardHistory.new(at: jan1)
        h.review(.good, at: jan1, scheduler: s, random: &g)
        h.review(.good, at: jan1 + 10 * minute, scheduler: s, random: &g)
        for rating in [Rating.good, .hard, .again, .good, .easy] {
            h.review(rating, at: h.card.due + 2 * hour, scheduler: s, random: &g)
        }
        return h
    }

    @Test("undo restores the exact previous card, back to new")
    func undo() throws {
        let s = try FSRSScheduler()  // fuzz on
        var g = SeededRandom(seed: 3)
        var h = studied(s, &g)
        var cards: [Card] = h.events.map(\.cardBefore)
        #expect(h.events.count == 7)
        while let expected = cards.popLast() {
            let undone = h.undo()
            #expect(undone)
            #expect(h.card == expected)
        }
        #expect(h.card.isNew && h.card.due == jan1)
        let undoneFromNew = h.undo()
        #expect(!undoneFromNew)
    }

    @Test("forget makes the card new; its reviews stay in the history and undo brings it back")
    func forget() throws {
        let s = try FSRSScheduler()
        var g = SeededRandom(seed: 4)
        var h = studied(s, &g)
        let before = h.card
        let later = h.card.due + 5 * day
        h.forget(at: later)
        #expect(h.card == Card.new(at: later))
        #expect(h.events.count == 8 && h.currentReviews.isEmpty)
        h.review(.good, at: later, scheduler: s, random: &g)
        #expect(h.currentReviews.count == 1 && h.card.stability == 2.3065)
        h.undo(); h.undo()
        #expect(h.card == before && h.currentReviews.count == 7)
    }

    @Test("rebuild replays the reviews with new settings, exactly as answering them with those settings would")
    func rebuild() throws {
        let old = try scheduler()
        var tuned = FSRSParameters.defaultValues
        tuned[2] = 3.1; tuned[20] = 0.3
        let new = try scheduler { $0.parameters = try! FSRSParameters(tuned); $0.desiredRetention = 0.85 }
        var g = SeededRandom(seed: 5)
        var h = studied(old, &g)
        let times = h.currentReviews.map(\.reviewedAt), ratings = h.currentReviews.map(\.rating)
        let underOld = h.card
        h.rebuild(with: new, random: &g)
        #expect(h.card.stability != underOld.stability && h.card.due != underOld.due)

        var direct = Card.new(at: jan1)
        for (t, r) in zip(times, ratings) { direct = new.review(direct, rating: r, at: t, random: &g).card }
        #expect(h.card == direct)
        #expect(h.card.stability != nil && h.currentReviews.map(\.reviewedAt) == times)
        // Undo after a rebuild goes back through the rebuilt states.
        h.undo()
        let last = try #require(h.currentReviews.last)
        #expect(h.card == new.review(last.cardBefore, rating: last.rating, at: last.reviewedAt, random: &g).card)
    }

    @Test("rebuilding with the same settings changes nothing; reviews out of order are sorted by time")
    func rebuildSame() throws {
        let s = try scheduler()
        var g = SeededRandom(seed: 6)
        var h = studied(s, &g)
        let card = h.card
        h.rebuild(with: s, random: &g)
        #expect(h.card == card)

        let logs = h.currentReviews
        let shuffled = [logs[3], logs[0], logs[6], logs[1], logs[5], logs[2], logs[4]]
        #expect(s.replay(shuffled, from: .new(at: jan1), random: &g).card == card)
    }

    @Test("rebuild after a forget starts from the forget")
    func rebuildAfterForget() throws {
        let s = try scheduler()
        var g = SeededRandom(seed: 8)
        var h = studied(s, &g)
        let later = h.card.due
        h.forget(at: later)
        h.review(.easy, at: later + hour, scheduler: s, random: &g)
        let card = h.card
        h.rebuild(with: s, random: &g)
        #expect(h.card == card && h.card.stability == 8.2956)
        #expect(h.events.count == 9)
    }

    @Test("a history survives a JSON round trip")
    func codable() throws {
        let s = try FSRSScheduler()
        var g = SeededRandom(seed: 9)
        var h = studied(s, &g)
        h.forget(at: h.card.due)
        let back = try JSONDecoder().decode(CardHistory.self, from: try JSONEncoder().encode(h))
        #expect(back == h)
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import StudyCore

/// On the shipped content, a CCMA candidate's daily study is not all questions: the queue a
/// new profile gets (default settings) mixes the CCMA flashcards with the questions, day
/// after day, and the session shows both.
@Suite("CCMA study mixes cards and questions")
struct CCMAStudyMixTests {
    static let bank = ContentLoader.load(from: Repo.data).bank
    static let start = Date(timeIntervalSince1970: 1_795_860_000)  // 2026-11-28 10:00 UTC
    static let day = StudyDay(startHour: 4, utcOffsetSeconds: 0)

    static func isCard(_ id: String, _ items: [String: StudyItem]) -> Bool {
        if case .flashcard? = items[id] { return true }
        return false
    }

    @Test("the shipped CCMA track has hundreds of cards of its own and each day's session mixes them: new items interleaved, reviews of both, over 7 days")
    func mixes() throws {
        let track = try #require(Self.bank.track("ccma"))
        let items = Self.bank.items(for: "ccma")
        let byID = Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let cards = items.filter { Self.isCard($0.id, byID) }
        #expect(cards.filter { $0.domains.keys.sorted() == ["ccma"] }.count >= 600, "CCMA-only cards shipped")
        #expect(items.count - cards.count >= 100, "and questions")

        let scheduler = try FSRSScheduler(SchedulerConfiguration(fuzzEnabled: false))
        let settings = ProfileSettings(track: "ccma")
        var states: [String: ItemState] = [:]
        var now = Self.start
        for dayIndex in 0..<7 {
            let queue = StudyQueue(scheduler: scheduler, day: Self.day).build(
                track: track, items: items,
                state: { id in states[id].map { QueueItemState(card: $0.card, suspended: false, buriedUntil: nil) } ?? .unseen },
                now: now, newLimit: settings.dailyNewLimit, newDoneToday: 0)
            let newOnes = queue.filter { $0.kind == .new }
            #expect(newOnes.count == settings.dailyNewLimit)
            let newCards = newOnes.filter { Self.isCard($0.itemID, byID) }.count
            #expect(newCards >= 3 && newCards <= 17, "day \(dayIndex + 1): \(newCards) of \(newOnes.count) new items are cards")
            let firstNew = newOnes.prefix(10).map { Self.isCard($0.itemID, byID) }
            #expect(firstNew.contains(true) && firstNew.contains(false), "day \(dayIndex + 1): the new items interleave: \(firstNew)")
            // The session presents every item of the queue (and the learning steps again); answer them all.
            var session = StudySession(trackID: "ccma", entries: queue, items: items, states: states, scheduler: scheduler,
                                       day: Self.day, seed: UInt64(dayIndex + 1))
            var cardsShown = 0, questionsShown = 0
            while let entry = session.current {
                if Self.isCard(entry.itemID, byID) { cardsShown += 1 } else { questionsShown += 1 }
                guard let record = session.answer(rating: .good, correct: true, choice: nil, durationMs: 3000, at: now) else { break }
                states[record.itemID] = record.after
            }
            #expect(cardsShown > 0 && questionsShown > 0, "day \(dayIndex + 1): \(cardsShown) cards, \(questionsShown) questions shown")
            if dayIndex > 1 {
                let reviews = queue.filter { $0.kind == .review }
                let reviewCards = reviews.filter { Self.isCard($0.itemID, byID) }.count
                #expect(reviewCards > 0 && reviewCards < reviews.count, "day \(dayIndex + 1): reviews of both kinds come due")
            }
            now += 86_400
        }
    }
}

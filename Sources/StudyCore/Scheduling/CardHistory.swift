#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One item's card together with everything that happened to it: the single place
/// where a card's state changes (review, undo, forget, rebuild).
///
/// Every event keeps the card as it was before, so `undo` restores it exactly, even
/// with fuzz on and after a change of settings. `rebuild` recomputes the card from the
/// reviews alone (py-fsrs `reschedule_card`), e.g. after new parameters are set.
public struct CardHistory: Codable, Sendable, Hashable {
    /// Something that changed the card.
    public enum Event: Codable, Sendable, Hashable {
        case review(ReviewLog)
        /// The user reset the card to new ("forget"); its earlier reviews stay in the history.
        case forget(at: Date, cardBefore: Card)

        public var cardBefore: Card {
            switch self {
            case .review(let log): return log.cardBefore
            case .forget(_, let card): return card
            }
        }
    }

    public private(set) var card: Card
    public private(set) var events: [Event]

    public init(card: Card, events: [Event] = []) {
        self.card = card
        self.events = events
    }

    /// A history for an item never studied, due at `now`.
    public static func new(at now: Date) -> CardHistory { CardHistory(card: .new(at: now)) }

    /// The reviews that count for the current card: those after the last forget.
    public var currentReviews: [ReviewLog] {
        var out: [ReviewLog] = []
        for event in events {
            switch event {
            case .review(let log): out.append(log)
            case .forget: out.removeAll(keepingCapacity: true)
            }
        }
        return out
    }

    /// Answers the card and records the review.
    @discardableResult
    public mutating func review<G: RandomNumberGenerator>(_ rating: Rating, at now: Date, durationMilliseconds: Int? = nil,
                                                          scheduler: FSRSScheduler, random: inout G) -> ReviewResult {
        let result = scheduler.review(card, rating: rating, at: now, durationMilliseconds: durationMilliseconds, random: &random)
        card = result.card
        events.append(.review(result.log))
        return result
    }

    /// Takes back the last review or forget, restoring the card exactly as it was.
    /// Returns false when there is nothing to undo.
    @discardableResult
    public mutating func undo() -> Bool {
        guard let last = events.popLast() else { return false }
        card = last.cardBefore
        return true
    }

    /// Resets the card to new, due at `now`. The reviews before stay in the history (and
    /// `undo` brings the card back), but no longer count for scheduling.
    public mutating func forget(at now: Date) {
        events.append(.forget(at: now, cardBefore: card))
        card = .new(at: now)
    }

    /// Recomputes the card by replaying the reviews since the last forget, in time order,
    /// with `scheduler` (for example after the user changed parameters or retention),
    /// starting from the card as it was when the history began or was last forgotten.
    /// The recorded "before" states are updated to the replayed ones, so undo stays exact.
    public mutating func rebuild<G: RandomNumberGenerator>(with scheduler: FSRSScheduler, random: inout G) {
        let start = events.lastIndex { if case .forget = $0 { return true } else { return false } }
        let first = start.map { $0 + 1 } ?? 0
        // Start from the card as the forget left it, or as the history began
        // (a new card, or one imported with a memory state).
        let origin: Card
        if let start, case .forget(let at, _) = events[start] {
            origin = .new(at: at)
        } else if let firstEvent = events.first {
            origin = firstEvent.cardBefore
        } else {
            return
        }
        let logs = events[first...].compactMap { event -> ReviewLog? in
            if case .review(let log) = event { return log } else { return nil }
        }
        let replayed = scheduler.replay(logs, from: origin, random: &random)
        events.replaceSubrange(first..., with: replayed.logs.map { .review($0) })
        card = replayed.card
    }
}

extension FSRSScheduler {
    /// Replays `logs` (sorted by time, ties in the given order) on `card`, normally a new
    /// card: py-fsrs `reschedule_card`. Returns the final card and the logs with their
    /// "before" states recomputed.
    public func replay<G: RandomNumberGenerator>(_ logs: [ReviewLog], from card: Card, random: inout G) -> (card: Card, logs: [ReviewLog]) {
        let ordered = logs.enumerated().sorted { a, b in
            a.element.reviewedAt != b.element.reviewedAt ? a.element.reviewedAt < b.element.reviewedAt : a.offset < b.offset
        }
        var current = card
        var out: [ReviewLog] = []
        out.reserveCapacity(logs.count)
        for (_, log) in ordered {
            let result = review(current, rating: log.rating, at: log.reviewedAt, durationMilliseconds: log.durationMilliseconds, random: &random)
            current = result.card
            out.append(result.log)
        }
        return (current, out)
    }
}

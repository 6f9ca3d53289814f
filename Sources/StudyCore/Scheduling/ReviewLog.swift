#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One answered review: py-fsrs's `ReviewLog` plus the card as it was before, so that
/// the review can be undone exactly and the history replayed.
public struct ReviewLog: Codable, Sendable, Hashable {
    public var rating: Rating
    /// When the answer was given (the `review_datetime` of py-fsrs).
    public var reviewedAt: Date
    /// How long the answer took, in milliseconds, if known.
    public var durationMilliseconds: Int?
    /// The card's state just before this review; undo restores it.
    public var cardBefore: Card

    public init(rating: Rating, reviewedAt: Date, durationMilliseconds: Int? = nil, cardBefore: Card) {
        self.rating = rating
        self.reviewedAt = reviewedAt
        self.durationMilliseconds = durationMilliseconds
        self.cardBefore = cardBefore
    }
}

/// What one review produced: the new card, its log entry and the interval until it is due.
public struct ReviewResult: Sendable, Hashable {
    public var card: Card
    public var log: ReviewLog
    /// Seconds from the review to the new due instant (a learning step, or whole days).
    public var interval: Double

    public init(card: Card, log: ReviewLog, interval: Double) {
        self.card = card
        self.log = log
        self.interval = interval
    }
}

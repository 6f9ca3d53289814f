#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where in the app a review happened.
public struct ReviewSource: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    /// Scheduled study of due and new items.
    public static let study: ReviewSource = "study"
    /// Extra practice on one domain, outside the schedule.
    public static let drill: ReviewSource = "drill"
    /// An item answered in a mock exam.
    public static let exam: ReviewSource = "exam"
}

/// One answered item, as the caller hands it to the store.
///
/// The caller has already scheduled the item: `after` is the state the scheduler gave it.
/// The store adds the state before (its own) when it logs the review, so the log line alone
/// is enough to replay or undo it.
public struct ReviewRecord: Sendable, Hashable {
    public var itemID: String
    /// The test-plan domain (or any tag) the review counts toward in the daily totals.
    public var domain: String?
    public var rating: Rating
    public var reviewedAt: Date
    /// The study day the review counts toward (see `CalendarDay(containing:utcOffsetSeconds:dayStartHour:)`).
    public var day: CalendarDay
    public var durationMs: Int
    public var correct: Bool
    /// The index of the choice picked, for questions; nil for flashcards.
    public var answer: Int?
    public var source: ReviewSource
    /// The item's state after the review.
    public var after: ItemState

    public init(itemID: String, domain: String?, rating: Rating, reviewedAt: Date, day: CalendarDay,
                durationMs: Int, correct: Bool, answer: Int?, source: ReviewSource, after: ItemState) {
        self.itemID = itemID; self.domain = domain; self.rating = rating; self.reviewedAt = reviewedAt
        self.day = day; self.durationMs = durationMs; self.correct = correct; self.answer = answer
        self.source = source; self.after = after
    }

    /// The record with its times rounded to the millisecond, as files keep it.
    var normalized: ReviewRecord {
        var r = self
        r.reviewedAt = Timestamp.normalized(reviewedAt)
        r.after = after.normalized
        // A card left on screen for over a year counts as a year: the log never holds a time
        // its reader would refuse.
        r.durationMs = min(durationMs, StoreLimits.reviewMs.upperBound)
        return r
    }
}

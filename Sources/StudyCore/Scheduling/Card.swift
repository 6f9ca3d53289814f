#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The FSRS learning phase of a card, numbered as py-fsrs numbers them.
public enum CardPhase: Int, Codable, Sendable, Hashable {
    case learning = 1
    case review = 2
    case relearning = 3
}

/// How well the user recalled an item: FSRS's four buttons.
public enum Rating: Int, Codable, Sendable, Hashable, CaseIterable {
    case again = 1
    case hard = 2
    case good = 3
    case easy = 4
}

/// The memory state of one item (question or flashcard) for one user.
///
/// A card that has never been reviewed is `.learning` with step 0 and no
/// stability or difficulty, exactly as a new py-fsrs `Card`.
public struct Card: Codable, Sendable, Hashable {
    public var phase: CardPhase
    /// Index into the learning or relearning steps; `nil` in the review phase.
    public var step: Int?
    public var stability: Double?
    public var difficulty: Double?
    public var due: Date
    public var lastReview: Date?

    public init(phase: CardPhase = .learning, step: Int? = 0, stability: Double? = nil,
                difficulty: Double? = nil, due: Date, lastReview: Date? = nil) {
        self.phase = phase
        self.step = step
        self.stability = stability
        self.difficulty = difficulty
        self.due = due
        self.lastReview = lastReview
    }

    /// A card that has never been studied, due at `now`.
    public static func new(at now: Date) -> Card { Card(due: now) }

    /// True until the first review.
    public var isNew: Bool { lastReview == nil }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `profile.json`: a small summary of what a profile holds, for the profile list and the
/// attempts screen, so neither needs to open the cards, the log or every attempt file.
///
/// Everything in it except `createdAt` can be rebuilt from the other files.
public struct ProfileIndex: Codable, Sendable, Hashable {
    public var createdAt: Date
    /// Reviews logged (less those undone) as of the last snapshot.
    public var reviewCount: Int
    /// Items with a state as of the last snapshot.
    public var itemCount: Int
    public var lastReviewAt: Date?
    /// Every mock-exam attempt, oldest first.
    public var attempts: [AttemptSummary]

    public init(createdAt: Date, reviewCount: Int = 0, itemCount: Int = 0,
                lastReviewAt: Date? = nil, attempts: [AttemptSummary] = []) {
        self.createdAt = createdAt; self.reviewCount = reviewCount
        self.itemCount = itemCount; self.lastReviewAt = lastReviewAt; self.attempts = attempts
    }

    /// The attempt still running, if any.
    public var attemptInProgress: AttemptSummary? { attempts.last(where: \.isInProgress) }

    static let fileName = "profile.json"
}

/// One mock-exam attempt as the index lists it.
public struct AttemptSummary: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var track: String
    public var form: String
    public var mode: String
    public var startedAt: Date
    public var submittedAt: Date?
    /// When the attempt was given up (kept in the history, never scored).
    public var abandonedAt: Date?
    /// True when time ran out (nil in indexes written before it was kept).
    public var autoSubmitted: Bool?
    public var itemCount: Int
    public var answered: Int
    /// Active seconds used, once submitted (kept out while running so moves do not rewrite the index).
    public var elapsed: Double?
    /// The result once scored.
    public var score: ExamScore?

    public init(_ attempt: ExamAttempt) {
        id = attempt.id; track = attempt.form.trackID; form = attempt.form.name; mode = attempt.mode.rawValue
        startedAt = attempt.startedAt; submittedAt = attempt.submittedAt; abandonedAt = attempt.abandonedAt
        autoSubmitted = attempt.isSubmitted ? attempt.autoSubmitted : nil
        itemCount = attempt.count; answered = attempt.answeredCount
        elapsed = attempt.isSubmitted ? attempt.elapsed : nil; score = attempt.score
    }

    /// Neither submitted nor abandoned.
    public var isInProgress: Bool { submittedAt == nil && abandonedAt == nil }
    public var isAbandoned: Bool { abandonedAt != nil }
    public var isPractice: Bool { mode == ExamAttempt.Mode.practice.rawValue }
}

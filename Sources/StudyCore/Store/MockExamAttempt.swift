#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One sitting of a mock exam, saved in `exams/ID.json` after every answer, flag and move so
/// that it can be resumed exactly where it was left.
///
/// The store does not interpret it beyond checking it is consistent; the exam engine owns
/// what the fields mean.
public struct MockExamAttempt: Codable, Sendable, Hashable, Identifiable {
    /// Made by `ProgressStore.newAttemptID`; also the file name.
    public var id: String
    public var track: String
    /// The exam form (which items, in which order) the attempt was built from.
    public var form: String
    /// How it is taken, e.g. `"timed"` or `"untimed"`.
    public var mode: String
    public var itemIDs: [String]
    /// The chosen option per item (same order as `itemIDs`); nil when unanswered.
    public var answers: [Int?]
    /// Marked for review, per item.
    public var flags: [Bool]
    /// The item on screen.
    public var currentIndex: Int
    public var elapsedSeconds: Double
    public var startedAt: Date
    public var submittedAt: Date?

    public init(id: String, track: String, form: String, mode: String, itemIDs: [String],
                answers: [Int?]? = nil, flags: [Bool]? = nil, currentIndex: Int = 0,
                elapsedSeconds: Double = 0, startedAt: Date, submittedAt: Date? = nil) {
        self.id = id; self.track = track; self.form = form; self.mode = mode; self.itemIDs = itemIDs
        self.answers = answers ?? Array(repeating: nil, count: itemIDs.count)
        self.flags = flags ?? Array(repeating: false, count: itemIDs.count)
        self.currentIndex = currentIndex; self.elapsedSeconds = elapsedSeconds
        self.startedAt = startedAt; self.submittedAt = submittedAt
    }

    public var isInProgress: Bool { submittedAt == nil }

    enum CodingKeys: String, CodingKey {
        case id, track, form, mode, itemIDs, answers, flags, currentIndex, elapsedSeconds, startedAt, submittedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        track = try c.decode(String.self, forKey: .track)
        form = try c.decode(String.self, forKey: .form)
        mode = try c.decode(String.self, forKey: .mode)
        itemIDs = try c.decode([String].self, forKey: .itemIDs)
        answers = try c.decode([Int?].self, forKey: .answers)
        flags = try c.decode([Bool].self, forKey: .flags)
        currentIndex = try c.decode(Int.self, forKey: .currentIndex)
        elapsedSeconds = try c.decode(Double.self, forKey: .elapsedSeconds)
        startedAt = try c.decode(Date.self, forKey: .startedAt)
        submittedAt = try c.decodeIfPresent(Date.self, forKey: .submittedAt)
        if let (key, message) = problem {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: message)
        }
    }

    /// The first inconsistency (counts that disagree, an index out of range...); nil when none.
    var problem: (key: CodingKeys, message: String)? {
        if let p = ProfileName.problem(with: id, what: "an attempt id") { return (.id, p) }
        let n = itemIDs.count
        if answers.count != n { return (.answers, "has \(answers.count) entries for \(n) items") }
        if answers.contains(where: { ($0 ?? 0) < 0 }) { return (.answers, "a chosen option cannot be negative") }
        if flags.count != n { return (.flags, "has \(flags.count) entries for \(n) items") }
        if currentIndex < 0 || currentIndex >= max(n, 1) { return (.currentIndex, "is \(currentIndex), outside the \(n) items") }
        if !elapsedSeconds.isFinite || elapsedSeconds < 0 { return (.elapsedSeconds, "should be a number of seconds from 0 up") }
        if !Timestamp.isWritable(startedAt) { return (.startedAt, "is outside the years 1-9999") }
        if let s = submittedAt, !Timestamp.isWritable(s) { return (.submittedAt, "is outside the years 1-9999") }
        return nil
    }
}

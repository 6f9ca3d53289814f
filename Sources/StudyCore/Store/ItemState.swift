#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the user has set on an item besides its memory state, and its lapse history.
public struct ItemFlags: Sendable, Hashable {
    /// Marked for a later look ("flag this question").
    public var flagged: Bool
    /// Left out of study until unsuspended.
    public var suspended: Bool
    /// Left out of study until this moment.
    public var buriedUntil: Date?
    /// Forgotten so often (`lapses` at the leech threshold) that it needs another approach.
    public var leech: Bool
    /// Times the item was forgotten after it had been learned.
    public var lapses: Int

    public init(flagged: Bool = false, suspended: Bool = false, buriedUntil: Date? = nil,
                leech: Bool = false, lapses: Int = 0) {
        self.flagged = flagged; self.suspended = suspended; self.buriedUntil = buriedUntil
        self.leech = leech; self.lapses = lapses
    }
}

/// Everything the store remembers about one item for one user: its FSRS card and its flags.
public struct ItemState: Sendable, Hashable {
    public var card: Card
    public var flags: ItemFlags

    public init(card: Card, flags: ItemFlags = ItemFlags()) {
        self.card = card
        self.flags = flags
    }

    /// The state with every time rounded to the millisecond, as files keep it.
    public var normalized: ItemState {
        var s = self
        s.card.due = Timestamp.normalized(card.due)
        s.card.lastReview = card.lastReview.map(Timestamp.normalized)
        s.flags.buriedUntil = flags.buriedUntil.map(Timestamp.normalized)
        return s
    }

    /// Why this state cannot be written, or nil when it can (JSON has no NaN or infinity).
    var problem: String? {
        if let s = card.stability, !StoreLimits.stability.contains(s) { return "stability is \(s) (should be \(StoreLimits.describe(StoreLimits.stability)))" }
        if let d = card.difficulty, !StoreLimits.difficulty.contains(d) { return "difficulty is \(d) (should be 1 to 10)" }
        if !Timestamp.isWritable(card.due) { return "the due date is outside the years 1-9999" }
        if let d = card.lastReview, !Timestamp.isWritable(d) { return "the last review date is outside the years 1-9999" }
        if let d = flags.buriedUntil, !Timestamp.isWritable(d) { return "the buried-until date is outside the years 1-9999" }
        if !StoreLimits.lapses.contains(flags.lapses) { return "lapses is \(flags.lapses)" }
        if let step = card.step, !StoreLimits.step.contains(step) { return "step is \(step)" }
        return nil
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One line of the review log after the header: a numbered event.
///
/// Every event carries the item's state after it, so replaying the log is just taking
/// that state: no scheduler is needed to rebuild the card snapshot.
public struct LogEntry: Sendable, Hashable {
    /// 1, 2, 3... in log order, never reused.
    public var seq: Int
    public var event: LogEvent

    public init(seq: Int, event: LogEvent) { self.seq = seq; self.event = event }

    /// The item the event changes.
    public var itemID: String {
        switch event {
        case .review(let r, _): return r.itemID
        case .undo(let u): return u.review.itemID
        case .edit(let e): return e.itemID
        }
    }

    /// The item's state after the event; nil when the item is back to never seen.
    public var stateAfter: ItemState? {
        switch event {
        case .review(let r, _): return r.after
        case .undo(let u): return u.restored
        case .edit(let e): return e.after
        }
    }
}

/// What happened.
public enum LogEvent: Sendable, Hashable {
    /// An answered item, with the state it had before (nil: never seen).
    case review(ReviewRecord, before: ItemState?)
    /// A review taken back.
    case undo(UndoRecord)
    /// A change made outside a review: flagging, suspending, burying, resetting.
    case edit(EditRecord)
}

/// Taking back the review numbered `undoes`; it holds the whole review so daily totals
/// can be corrected without looking it up.
public struct UndoRecord: Sendable, Hashable {
    public var undoes: Int
    public var at: Date
    public var review: ReviewRecord
    /// The state the item returns to (the review's state before).
    public var restored: ItemState?
}

/// A change to an item's state made outside a review.
public struct EditRecord: Sendable, Hashable {
    public var itemID: String
    public var at: Date
    public var before: ItemState?
    public var after: ItemState?
}

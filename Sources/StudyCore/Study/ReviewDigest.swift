#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every answer in a profile's review log, by item, undone answers taken out: what card info
/// lists as an item's history and what "Missed questions" counts.
///
/// Built once from the whole log (`ProgressStore.replayLog`), then kept current entry by entry
/// (`ProgressStore.onAppend`), so the home screen never rescans the log.
public struct ReviewDigest: Sendable {
    /// One answer to an item.
    public struct Answer: Sendable, Hashable {
        public var seq: Int
        public var reviewedAt: Date
        public var day: CalendarDay
        public var rating: Rating
        public var correct: Bool
        public var source: ReviewSource
    }

    /// Whether the digest holds the whole log; false when it was built from the recent part
    /// only (`ProgressStore.replayRecentLog`), from `since` on.
    public var complete = true
    public var since: Date?

    /// Answers by item id, oldest first.
    public private(set) var byItem: [String: [Answer]] = [:]
    /// Where each review entry went (seq to item id), so an undo finds it.
    private var itemOfSeq: [Int: String] = [:]

    public init() {}

    /// Counts one log entry in: a review adds an answer, an undo takes its review out.
    public mutating func apply(_ entry: LogEntry) {
        switch entry.event {
        case .review(let r, _):
            byItem[r.itemID, default: []].append(Answer(seq: entry.seq, reviewedAt: r.reviewedAt, day: r.day, rating: r.rating,
                                                        correct: r.correct, source: r.source))
            itemOfSeq[entry.seq] = r.itemID
        case .undo(let u):
            guard let id = itemOfSeq.removeValue(forKey: u.undoes) else { return }
            byItem[id]?.removeAll { $0.seq == u.undoes }
            if byItem[id]?.isEmpty == true { byItem[id] = nil }
        case .edit:
            break
        }
    }

    /// Items first answered on `day` in a drill (not in study or a mock exam): the new items
    /// drills brought in that day, which count against the daily new limit only if the user
    /// chose so.
    public func newInDrills(on day: CalendarDay) -> Int {
        byItem.values.reduce(0) { n, answers in
            guard let first = answers.first, first.day == day, first.source == .drill else { return n }
            return n + 1
        }
    }

    /// An item's answers, oldest first.
    public func history(of itemID: String) -> [Answer] { byItem[itemID] ?? [] }

    /// The items among `ids` answered wrong in the 30 days up to `now` (study, drills and mock
    /// exams): the same rule as `DrillSelection.missed`.
    public func missed(among ids: Set<String>, now: Date) -> Set<String> {
        let since = now.addingTimeInterval(-30 * 86_400)
        var out: Set<String> = []
        for (id, answers) in byItem where ids.contains(id) {
            if answers.contains(where: { !$0.correct && $0.reviewedAt >= since && $0.reviewedAt <= now }) { out.insert(id) }
        }
        return out
    }
}

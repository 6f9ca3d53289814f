#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the queue needs to know about one item of the user's progress.
public struct QueueItemState: Sendable, Hashable {
    public var card: Card?
    public var suspended: Bool
    public var buriedUntil: Date?

    public init(card: Card?, suspended: Bool = false, buriedUntil: Date? = nil) {
        self.card = card; self.suspended = suspended; self.buriedUntil = buriedUntil
    }

    public static let unseen = QueueItemState(card: nil)
}

/// One item waiting in a study session, and why it is there.
public struct QueueEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// In learning or relearning, due now.
        case learning
        /// In review, due today.
        case review
        /// Never studied.
        case new
    }
    public var itemID: String
    public var kind: Kind
    public var area: String

    public init(itemID: String, kind: Kind, area: String) {
        self.itemID = itemID; self.kind = kind; self.area = area
    }
}

/// Today's due counts, as the home screen shows them.
public struct DueCounts: Sendable, Hashable {
    public var learning: Int
    public var review: Int
    /// New items the daily limit still allows today (no more than exist).
    public var new: Int
    public var total: Int { learning + review + new }

    public init(learning: Int, review: Int, new: Int) {
        self.learning = learning; self.review = review; self.new = new
    }
}

/// Builds the daily study queue of a track.
///
/// Learning and relearning items due now come first (earliest due first), then review
/// items due before the end of the study day, weakest memory (lowest retrievability)
/// first, then new items up to what is left of the daily limit, interleaved across the
/// test plan's areas in proportion to their weight (personal cards outside the plan weigh as
/// an average area). Suspended items and items buried
/// until later are left out. New items are drawn in an order seeded by the study day,
/// so reopening the app the same day shows the same new items.
public struct StudyQueue: Sendable {
    public var scheduler: FSRSScheduler
    public var day: StudyDay

    public init(scheduler: FSRSScheduler, day: StudyDay) {
        self.scheduler = scheduler
        self.day = day
    }

    /// The queue at `now`. `newLimit` is the daily new-item limit and `newDoneToday`
    /// how many new items were already started today.
    public func build(track: Track, items: [StudyItem], state: (String) -> QueueItemState, now: Date,
                      newLimit: Int, newDoneToday: Int) -> [QueueEntry] {
        var learning: [(QueueEntry, Date)] = []
        var review: [(QueueEntry, Double)] = []
        var fresh: [String: [QueueEntry]] = [:]
        for item in items {
            guard let area = item.domains[track.id] else { continue }
            let s = state(item.id)
            switch kind(of: s, at: now) {
            case nil: continue
            case .new: fresh[area, default: []].append(QueueEntry(itemID: item.id, kind: .new, area: area))
            case .review:
                review.append((QueueEntry(itemID: item.id, kind: .review, area: area), scheduler.retrievability(of: s.card!, at: now)))
            case .learning:
                learning.append((QueueEntry(itemID: item.id, kind: .learning, area: area), s.card!.due))
            }
        }
        learning.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.itemID < $1.0.itemID }
        review.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.itemID < $1.0.itemID }
        let allowed = max(0, newLimit - newDoneToday)
        let newEntries = Self.interleave(fresh, track: track, count: allowed, seed: stableHash("\(track.id)/new/\(day.dayNumber(of: now))"))
        return learning.map(\.0) + review.map(\.0) + newEntries
    }

    /// Where an item of the track stands in the queue at `now`: nil when it is left out
    /// (suspended, buried until later, or not due today). The one rule `build` and
    /// `countSchedule` share.
    public func kind(of s: QueueItemState, at now: Date) -> QueueEntry.Kind? {
        if s.suspended { return nil }
        if let until = s.buriedUntil, until > now { return nil }
        guard let card = s.card, !card.isNew else { return .new }
        guard day.isDue(card, at: now) else { return nil }
        return card.phase == .review ? .review : .learning
    }

    /// Counts for the home screen (same rules as `build`).
    public func counts(track: Track, items: [StudyItem], state: (String) -> QueueItemState, now: Date,
                       newLimit: Int, newDoneToday: Int) -> DueCounts {
        let q = build(track: track, items: items, state: state, now: now, newLimit: newLimit, newDoneToday: newDoneToday)
        return DueCounts(learning: q.filter { $0.kind == .learning }.count,
                         review: q.filter { $0.kind == .review }.count,
                         new: q.filter { $0.kind == .new }.count)
    }

    /// Takes `count` entries from per-area lists, choosing at each step the area that is
    /// furthest below its share of the test plan (stride scheduling), each list in a
    /// seeded order.
    static func interleave(_ byArea: [String: [QueueEntry]], track: Track, count: Int, seed: UInt64) -> [QueueEntry] {
        guard count > 0 else { return [] }
        var rng = SeededRandom(seed: seed)
        var leaves = track.leafAreas.filter { !(byArea[$0.id]?.isEmpty ?? true) }
        // Areas outside the test plan (personal decks filed under no domain) weigh as much
        // as an average area of the plan.
        let planIDs = Set(track.leafAreas.map(\.id))
        let average = track.leafAreas.isEmpty ? 1 : track.leafAreas.reduce(0) { $0 + $1.scoredItems } / track.leafAreas.count
        for id in byArea.keys.sorted() where !planIDs.contains(id) && !(byArea[id]?.isEmpty ?? true) {
            leaves.append(Domain(id: id, name: id, scoredItems: average))
        }
        var lists = leaves.map { (byArea[$0.id] ?? []).sorted { $0.itemID < $1.itemID }.stableShuffled(using: &rng) }
        var taken = Array(repeating: 0, count: leaves.count)
        let weights = leaves.map { Double(max($0.scoredItems, 1)) }
        var out: [QueueEntry] = []
        while out.count < count {
            var best = -1
            var bestScore = Double.infinity
            for i in leaves.indices where taken[i] < lists[i].count {
                let score = Double(taken[i] + 1) / weights[i]
                if score < bestScore { bestScore = score; best = i }
            }
            if best < 0 { break }
            out.append(lists[best][taken[best]])
            taken[best] += 1
        }
        lists.removeAll()
        return out
    }
}

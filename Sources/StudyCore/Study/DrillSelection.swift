#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The kinds of practice outside the daily queue, as Anki's filtered decks: they log reviews
/// and update the scheduler like any study, but choose items by another rule.
public enum DrillKind: Sendable, Hashable {
    /// One test-plan domain or subdomain, not-yet-due items included.
    case domain(String)
    /// Items answered wrong in the last 30 days (study, drills and mock exams).
    case missed
    /// Items the user flagged.
    case flagged
    /// Ten mixed items weighted by the test plan, biased toward weak areas.
    case quick10
    /// One item, the same all day.
    case questionOfTheDay
    /// One personal deck (imported cards), by name.
    case deck(String)
}

/// An area's figures for the drill-by-domain list.
public struct AreaStats: Sendable, Hashable {
    public var items = 0
    public var due = 0
    public var new = 0
    /// Mean recall probability now over all the area's items (never studied: 0), 0 to 1.
    public var mastery = 0.0
    public init(items: Int = 0, due: Int = 0, new: Int = 0, mastery: Double = 0) {
        self.items = items; self.due = due; self.new = new; self.mastery = mastery
    }
}

/// Chooses the items of a drill. Pure: the item states, the wrong answers and the seed come in.
public struct DrillSelection: Sendable {
    public var track: Track
    public var items: [StudyItem]
    public var scheduler: FSRSScheduler
    /// How many items a domain, missed or flagged drill takes at most.
    public var limit: Int

    public init(track: Track, items: [StudyItem], scheduler: FSRSScheduler, limit: Int = 20) {
        self.track = track
        self.items = items.filter { $0.domains[track.id] != nil }
        self.scheduler = scheduler
        self.limit = limit
    }

    /// The area ids an area id stands for: itself and its subdomains.
    func areaIDs(_ id: String) -> Set<String> {
        guard let area = track.area(id) else { return [id] }
        return Set([area.id] + area.subdomains.map(\.id))
    }

    private func entry(_ item: StudyItem) -> QueueEntry {
        QueueEntry(itemID: item.id, kind: .review, area: item.domains[track.id] ?? "")
    }

    /// Items of an area, cards and questions mixed: the `limit` weakest (new items count as
    /// 0, ties broken in an order seeded by `seed`, e.g. the study day), then shuffled by the
    /// same seed, so the drill is the same all day and differs the next.
    public func domain(_ id: String, state: (String) -> ItemState?, now: Date, seed: UInt64 = 0) -> [QueueEntry] {
        let ids = areaIDs(id)
        var rng = SeededRandom(seed: seed)
        let pool = items.filter { ids.contains($0.domains[track.id] ?? "") && !(state($0.id)?.flags.suspended ?? false) }
            .sorted { $0.id < $1.id }.stableShuffled(using: &rng)
        let ranked = pool.enumerated().map { (i, item) -> (StudyItem, Double, Int) in
            (item, state(item.id).map { scheduler.retrievability(of: $0.card, at: now) } ?? 0, i)
        }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.2 < $1.2 }
        return ranked.prefix(limit).map { entry($0.0) }.stableShuffled(using: &rng)
    }

    /// For the drill-by-domain list: per area (domains and subdomains), its items, how many
    /// are due today, how many were never studied, and mastery (the mean chance of recalling
    /// its items now, never-studied items counting 0).
    public func areaStats(state: (String) -> ItemState?, now: Date, day: StudyDay) -> [String: AreaStats] {
        var out: [String: AreaStats] = [:]
        for area in track.allAreas {
            let ids = areaIDs(area.id)
            var stats = AreaStats()
            var recall = 0.0
            for item in items where ids.contains(item.domains[track.id] ?? "") {
                stats.items += 1
                guard let st = state(item.id), !st.card.isNew else { stats.new += 1; continue }
                if !st.flags.suspended && day.isDue(st.card, at: now) { stats.due += 1 }
                recall += scheduler.retrievability(of: st.card, at: now)
            }
            stats.mastery = stats.items == 0 ? 0 : recall / Double(stats.items)
            out[area.id] = stats
        }
        return out
    }

    /// Cards of a personal deck: weakest memory first (new cards count as 0), at most `limit`.
    public func deck(_ name: String, state: (String) -> ItemState?, now: Date) -> [QueueEntry] {
        let pool = items.filter { item in
            guard case .flashcard(let f) = item, f.deck == name, f.id.hasPrefix("my-") else { return false }
            return !(state(f.id)?.flags.suspended ?? false)
        }
        let ranked = pool.map { item -> (StudyItem, Double) in
            (item, state(item.id).map { scheduler.retrievability(of: $0.card, at: now) } ?? 0)
        }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.id < $1.0.id }
        return ranked.prefix(limit).map { entry($0.0) }
    }

    /// Flagged items, in content order.
    public func flagged(state: (String) -> ItemState?) -> [QueueEntry] {
        items.filter { state($0.id)?.flags.flagged ?? false }.prefix(limit).map(entry)
    }

    /// Items whose most recent answers within 30 days of `now` include a wrong one, most
    /// recent mistake first. `reviews` is the log's reviews (undone ones already left out).
    public func missed(reviews: [ReviewRecord], now: Date) -> [QueueEntry] {
        let since = now.addingTimeInterval(-30 * 86_400)
        var lastWrong: [String: Date] = [:]
        for r in reviews where !r.correct && r.reviewedAt >= since && r.reviewedAt <= now {
            lastWrong[r.itemID] = max(lastWrong[r.itemID] ?? r.reviewedAt, r.reviewedAt)
        }
        let byID = Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return lastWrong.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .compactMap { byID[$0.key] }.prefix(limit).map(entry)
    }

    /// Ten items across the leaf areas: each area's weight is its share of the test plan
    /// times (1.5 - its mean retrievability), so weak areas come up more often.
    public func quick10(state: (String) -> ItemState?, now: Date, seed: UInt64) -> [QueueEntry] {
        var rng = SeededRandom(seed: seed)
        var byArea: [String: [StudyItem]] = [:]
        for item in items where !(state(item.id)?.flags.suspended ?? false) {
            byArea[item.domains[track.id]!, default: []].append(item)
        }
        var pools: [(id: String, items: [StudyItem], weight: Double)] = []
        for area in track.leafAreas {
            guard let list = byArea[area.id], !list.isEmpty else { continue }
            let mean = list.map { i in state(i.id).map { scheduler.retrievability(of: $0.card, at: now) } ?? 0 }
                .reduce(0, +) / Double(list.count)
            pools.append((area.id, list.sorted { $0.id < $1.id }.stableShuffled(using: &rng),
                          Double(max(area.scoredItems, 1)) * (1.5 - mean)))
        }
        var out: [QueueEntry] = []
        var taken = Array(repeating: 0, count: pools.count)
        while out.count < 10 {
            let open = pools.indices.filter { taken[$0] < pools[$0].items.count }
            guard !open.isEmpty else { break }
            let total = open.reduce(0) { $0 + pools[$1].weight }
            var pick = rng.nextUnit() * total
            var chosen = open[open.count - 1]
            for i in open {
                pick -= pools[i].weight
                if pick < 0 { chosen = i; break }
            }
            out.append(entry(pools[chosen].items[taken[chosen]]))
            taken[chosen] += 1
        }
        return out
    }

    /// The question of the day: a `single` question chosen by the study day number.
    public func questionOfTheDay(dayNumber: Int) -> Question? {
        Self.questionOfTheDay(track: track, items: items, dayNumber: dayNumber)
    }

    /// The same, straight from a list of items (those without an area in `track` are left
    /// out), without building a selection: the home screen asks it at every start.
    public static func questionOfTheDay(track: Track, items: [StudyItem], dayNumber: Int) -> Question? {
        // The ids are sorted, not the questions.
        var singles: [(id: String, at: Int)] = []
        for (i, item) in items.enumerated() {
            if case .question(let q) = item, q.kind == .single, q.domains[track.id] != nil { singles.append((q.id, i)) }
        }
        guard !singles.isEmpty else { return nil }
        singles.sort { $0.id < $1.id }
        let index = Int(stableHash("\(track.id)/qotd/\(dayNumber)") % UInt64(singles.count))
        guard case .question(let q) = items[singles[index].at] else { return nil }
        return q
    }
}

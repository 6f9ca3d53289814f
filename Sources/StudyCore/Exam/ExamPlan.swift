/// How many scored and pretest items a mock exam takes from each test-plan area,
/// and how long it lasts.
///
/// A full form copies the blueprint exactly (CPT: 100 scored by domain + 20 pretest,
/// 120 minutes). A short form (`--items N`) keeps the blueprint's proportions:
/// N items, N minutes, N/6 pretest items rounded down.
public struct ExamPlan: Sendable, Hashable, Codable {
    public var trackID: String
    public var totalItems: Int
    public var minutes: Int
    /// Scored items per leaf area (domain without subdomains, or subdomain), blueprint order.
    public var scored: [AreaCount]
    /// Unscored pretest items per leaf area.
    public var pretest: [AreaCount]
    /// True for the blueprint's full length, false for a shorter `--items N` form.
    public var isFullLength: Bool

    /// Items needed from one area.
    public struct AreaCount: Sendable, Hashable, Codable {
        public var area: String
        public var count: Int
        public init(area: String, count: Int) { self.area = area; self.count = count }
    }

    public var scoredItems: Int { scored.reduce(0) { $0 + $1.count } }
    public var pretestItems: Int { pretest.reduce(0) { $0 + $1.count } }

    /// Scored plus pretest items needed from each area.
    public var need: [AreaCount] {
        zip(scored, pretest).map { AreaCount(area: $0.area, count: $0.count + $1.count) }
    }

    /// The full-length form of a track.
    public static func full(_ track: Track) -> ExamPlan {
        let leaves = track.leafAreas
        return ExamPlan(trackID: track.id, totalItems: track.totalItems, minutes: track.minutes,
                        scored: leaves.map { AreaCount(area: $0.id, count: $0.scoredItems) },
                        pretest: apportion(track.pretestItems, weights: leaves.map(\.scoredItems), areas: leaves.map(\.id)),
                        isFullLength: true)
    }

    /// A shorter form of `items` items with the blueprint's proportions: `items` minutes
    /// and `items / 6` pretest items.
    public static func short(_ track: Track, items: Int) -> ExamPlan {
        let leaves = track.leafAreas
        let pretestCount = items / 6
        let weights = leaves.map(\.scoredItems)
        return ExamPlan(trackID: track.id, totalItems: items, minutes: items,
                        scored: apportion(items - pretestCount, weights: weights, areas: leaves.map(\.id)),
                        pretest: apportion(pretestCount, weights: weights, areas: leaves.map(\.id)),
                        isFullLength: false)
    }

    /// Splits `total` over areas in proportion to `weights` by the largest-remainder
    /// method (ties go to the area listed first), so the parts always add up to `total`.
    public static func apportion(_ total: Int, weights: [Int], areas: [String]) -> [AreaCount] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return areas.map { AreaCount(area: $0, count: 0) } }
        var counts = weights.map { total * $0 / sum }
        let remainders = weights.enumerated().map { (i, w) in (i, (total * w) % sum) }
        var left = total - counts.reduce(0, +)
        for (i, _) in remainders.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) where left > 0 {
            counts[i] += 1
            left -= 1
        }
        return zip(areas, counts).map { AreaCount(area: $0, count: $1) }
    }
}

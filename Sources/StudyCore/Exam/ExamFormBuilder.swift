/// One mock exam's items in the order they are shown.
public struct ExamForm: Sendable, Hashable, Codable {
    public var trackID: String
    /// "Form 3", "Random form" or "Short form (30 items)".
    public var name: String
    public var minutes: Int
    public var items: [Item]

    /// One position on the form.
    public struct Item: Sendable, Hashable, Codable {
        public var questionID: String
        /// The leaf area (domain or subdomain) the item is drawn for.
        public var area: String
        /// Unscored, as NHA's pretest items; revealed only in the report.
        public var pretest: Bool
        public init(questionID: String, area: String, pretest: Bool) {
            self.questionID = questionID; self.area = area; self.pretest = pretest
        }
    }

    public init(trackID: String, name: String, minutes: Int, items: [Item]) {
        self.trackID = trackID; self.name = name; self.minutes = minutes; self.items = items
    }

    public var scoredCount: Int { items.filter { !$0.pretest }.count }
}

/// Areas whose bank is too small for a form: what each lacks.
public struct ExamShortage: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Area: Sendable, Hashable {
        public var area: String
        public var have: Int
        public var need: Int
        public var lacking: Int { need - have }
    }
    public var trackID: String
    public var areas: [Area]

    public var description: String {
        "the \(trackID.uppercased()) bank cannot fill this form: "
            + areas.map { "\($0.area) lacks \($0.lacking) (has \($0.have), needs \($0.need))" }.joined(separator: "; ")
    }
}

/// Assembles mock-exam forms from the bank to the track's blueprint.
///
/// Fixed forms ("Form 1".."Form N") depend only on the bank's item ids, so they are
/// the same on every machine, and consecutive forms take disjoint slices of each area
/// for as long as the bank allows. Random forms draw fresh items, preferring items the
/// user has not met in a mock before.
public enum ExamFormBuilder {
    /// The `single` questions of a track, grouped by leaf area and sorted by id.
    public static func pools(_ questions: [Question], track: Track) -> [String: [String]] {
        var pools: [String: [String]] = [:]
        for q in questions where q.kind == .single {
            if let area = q.domains[track.id] { pools[area, default: []].append(q.id) }
        }
        for key in pools.keys { pools[key]!.sort() }
        return pools
    }

    /// How many fixed forms the bank supports without reusing an item (at least 1 when
    /// one form can be filled at all, 0 when it cannot).
    public static func fixedFormCount(_ plan: ExamPlan, pools: [String: [String]]) -> Int {
        var n = Int.max
        for need in plan.need where need.count > 0 {
            n = min(n, pools[need.area, default: []].count / need.count)
        }
        if n == Int.max { return 0 }
        return n
    }

    /// What the bank lacks for one form of `plan`, or nil when it can fill one.
    public static func shortage(_ plan: ExamPlan, pools: [String: [String]]) -> ExamShortage? {
        let areas = plan.need.compactMap { need -> ExamShortage.Area? in
            let have = pools[need.area, default: []].count
            return have < need.count ? ExamShortage.Area(area: need.area, have: have, need: need.count) : nil
        }
        return areas.isEmpty ? nil : ExamShortage(trackID: plan.trackID, areas: areas)
    }

    /// Fixed form `number` (1-based). Numbers past `fixedFormCount` wrap around the
    /// bank, reusing items as little as possible.
    public static func fixedForm(_ number: Int, plan: ExamPlan, pools: [String: [String]]) throws(ExamShortage) -> ExamForm {
        precondition(number >= 1)
        if let short = shortage(plan, pools: pools) { throw short }
        var items: [ExamForm.Item] = []
        for (scored, pretest) in zip(plan.scored, plan.pretest) {
            let need = scored.count + pretest.count
            guard need > 0 else { continue }
            var rng = SeededRandom(seed: stableHash("\(plan.trackID)/\(scored.area)/fixed-order"))
            let order = pools[scored.area, default: []].stableShuffled(using: &rng)
            let start = (number - 1) * need
            for k in 0..<need {
                let id = order[(start + k) % order.count]
                items.append(ExamForm.Item(questionID: id, area: scored.area, pretest: k >= scored.count))
            }
        }
        var rng = SeededRandom(seed: stableHash("\(plan.trackID)/form-\(number)/\(plan.totalItems)"))
        let name = plan.isFullLength ? "Form \(number)" : "Form \(number) (\(plan.totalItems) items)"
        return ExamForm(trackID: plan.trackID, name: name, minutes: plan.minutes, items: items.stableShuffled(using: &rng))
    }

    /// A fresh random form, drawing items never seen in a mock exam before the others.
    public static func randomForm<G: RandomNumberGenerator>(plan: ExamPlan, pools: [String: [String]],
                                                            seenInMocks: Set<String>, using rng: inout G) throws(ExamShortage) -> ExamForm {
        if let short = shortage(plan, pools: pools) { throw short }
        var items: [ExamForm.Item] = []
        for (scored, pretest) in zip(plan.scored, plan.pretest) {
            let need = scored.count + pretest.count
            guard need > 0 else { continue }
            let pool = pools[scored.area, default: []]
            let fresh = pool.filter { !seenInMocks.contains($0) }.stableShuffled(using: &rng)
            let seen = pool.filter { seenInMocks.contains($0) }.stableShuffled(using: &rng)
            for (k, id) in (fresh + seen).prefix(need).enumerated() {
                items.append(ExamForm.Item(questionID: id, area: scored.area, pretest: k >= scored.count))
            }
        }
        let name = plan.isFullLength ? "Random form" : "Random form (\(plan.totalItems) items)"
        return ExamForm(trackID: plan.trackID, name: name, minutes: plan.minutes, items: items.stableShuffled(using: &rng))
    }
}

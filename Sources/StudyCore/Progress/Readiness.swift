#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the readiness model knows about one bank item.
public struct ItemEvidence: Sendable, Hashable {
    public var itemID: String
    /// Leaf area (domain or subdomain) of the track.
    public var area: String
    /// The FSRS memory state, nil when never studied.
    public var card: Card?
    /// Whether the first answer ever given was right (nil when never answered).
    public var firstAttemptCorrect: Bool?

    public init(itemID: String, area: String, card: Card?, firstAttemptCorrect: Bool?) {
        self.itemID = itemID; self.area = area; self.card = card; self.firstAttemptCorrect = firstAttemptCorrect
    }
}

/// One mock exam's result in one leaf area.
public struct MockAreaResult: Sendable, Hashable {
    public var area: String
    public var date: Date
    public var correct: Int
    public var total: Int
    /// Of `total`, the items answered: the only evidence readiness takes from a mock (an
    /// item left unanswered, e.g. when time ran out, says nothing about what the user knows).
    public var answered: Int
    public init(area: String, date: Date, correct: Int, total: Int, answered: Int? = nil) {
        self.area = area; self.date = date; self.correct = correct; self.total = total
        self.answered = min(total, max(correct, answered ?? total))
    }
}

/// First answers ever given to items of one area, counted (from the daily totals) rather
/// than item by item: the evidence behind the prior of never-studied items.
public struct FirstTries: Sendable, Hashable {
    public var right: Int
    public var total: Int
    public init(right: Int = 0, total: Int = 0) { self.right = right; self.total = total }
}

/// The predicted exam-day score: per area, overall, and the chance to pass.
///
/// The model is documented in `docs/readiness.md`. In short: each studied item's
/// chance of a right answer on exam day is its FSRS retrievability then, plus a
/// guess on the rest (`p = R + (1 - R) g`); never-studied items take a per-area prior
/// learned from first attempts; an area's estimate is the mean over its bank items,
/// blended with recency-weighted mock accuracy; the blueprint's item counts weight
/// the areas into a raw-score mean and variance, a scaled estimate and a pass chance.
public struct Readiness: Sendable {
    /// Tunable assumptions, all documented.
    public struct Assumptions: Sendable, Hashable {
        /// Chance of guessing a four-choice item right.
        public var guess = 0.25
        /// Beta prior for unstudied items: centred on `guess` with this many pseudo-answers.
        public var priorWeight = 4.0
        /// How many items the memory model counts as, against mock results.
        public var memoryPseudoCount = 20.0
        /// Mock results lose half their weight every this many days.
        public var mockHalfLifeDays = 14.0
        /// Items an hour of study covers.
        public var itemsPerHour = 60.0
        public init() {}
    }

    /// The prediction for one leaf area.
    public struct Area: Sendable, Hashable {
        public var id: String
        public var name: String
        /// Scored items of this area on one exam form.
        public var weight: Int
        public var bankItems: Int
        public var studiedItems: Int
        /// Expected share right on exam day, from memory alone.
        public var memoryEstimate: Double
        /// After blending in mock results.
        public var estimate: Double
        /// Expected raw points gained by an hour of study here.
        public var pointsPerHour: Double
    }

    public var areas: [Area]
    public var scoredItems: Int
    /// Expected raw score (items right of `scoredItems`).
    public var expectedRaw: Double
    public var standardDeviation: Double
    public var expectedPercent: Double { scoredItems == 0 ? 0 : expectedRaw / Double(scoredItems) }
    public var scaledEstimate: Int
    public var passScore: Int
    /// Probability that the raw score reaches the assumed cut.
    public var passProbability: Double
    /// Share of the bank seen at least once.
    public var coverage: Double
    /// Share of the bank whose stability outlasts the time left until the exam.
    public var durableShare: Double
    public var examDate: Date

    /// The two areas whose study would gain the most points per hour.
    public var bestAreasToStudy: [Area] {
        Array(areas.filter { $0.pointsPerHour > 0 }.sorted { $0.pointsPerHour > $1.pointsPerHour }.prefix(2))
    }

    /// - Parameters:
    ///   - retrievability: FSRS retrievability of a card at a date.
    ///   - afterReview: the retrievability at the exam date of an item reviewed now
    ///     with Good (nil card: a new item learned now).
    ///   - firstTries: per leaf area, first answers counted outside `items` (added to theirs).
    public init(track: Track, items: [ItemEvidence], mocks: [MockAreaResult], now: Date, examDate: Date?,
                firstTries: [String: FirstTries] = [:],
                assumptions: Assumptions = Assumptions(),
                retrievability: (Card, Date) -> Double,
                afterReview: (Card?) -> Double) {
        let exam = max(examDate ?? now, now)
        self.examDate = exam
        let g = assumptions.guess
        var byArea: [String: [ItemEvidence]] = [:]
        for item in items { byArea[item.area, default: []].append(item) }

        var areas: [Area] = []
        var mean = 0.0, variance = 0.0
        var seen = 0, durable = 0
        let daysLeft = exam.timeIntervalSince(now) / 86_400
        for leaf in track.leafAreas {
            let list = byArea[leaf.id] ?? []
            let firsts = list.compactMap(\.firstAttemptCorrect)
            let counted = firstTries[leaf.id] ?? FirstTries()
            let firstRight = Double(firsts.filter { $0 }.count + counted.right)
            let firstTotal = Double(firsts.count + counted.total)
            let prior = (g * assumptions.priorWeight + firstRight) / (assumptions.priorWeight + firstTotal)
            var ps: [Double] = []
            var gains: [Double] = []
            var studied = 0
            for item in list {
                let p: Double
                if let card = item.card, !card.isNew {
                    studied += 1
                    let r = retrievability(card, exam)
                    p = r + (1 - r) * g
                    if let s = card.stability, s > daysLeft { durable += 1 }
                } else {
                    p = prior
                }
                if item.card.map({ !$0.isNew }) == true || item.firstAttemptCorrect != nil { seen += 1 }
                ps.append(p)
                let r2 = afterReview(item.card.flatMap { $0.isNew ? nil : $0 })
                gains.append(max(0, r2 + (1 - r2) * g - p))
            }
            let memory = max(g, ps.isEmpty ? prior : ps.reduce(0, +) / Double(ps.count))
            // Mocks: recency-weighted correct and total, blended with the memory estimate.
            var wCorrect = 0.0, wTotal = 0.0
            // Only answered items are evidence: unanswered ones (time ran out) are left out.
            for m in mocks where m.area == leaf.id && m.answered > 0 {
                let age = max(0, now.timeIntervalSince(m.date) / 86_400)
                let w = pow(0.5, age / assumptions.mockHalfLifeDays)
                wCorrect += w * Double(m.correct)
                wTotal += w * Double(m.answered)
            }
            let k = assumptions.memoryPseudoCount
            // Never below guessing: a candidate can always guess every item of the area.
            let estimate = max(g, (k * memory + wCorrect) / (k + wTotal))
            // Points per hour: the items an hour covers, biggest gains first.
            let hourGain = gains.sorted(by: >).prefix(Int(saturating: assumptions.itemsPerHour)).reduce(0, +)
            let perItem = list.isEmpty ? 0 : Double(leaf.scoredItems) / Double(list.count)
            let n = Double(leaf.scoredItems)
            mean += n * estimate
            // Sampling variance of the exam's items, plus uncertainty in the estimate itself,
            // which shrinks as evidence (studied items, mock items) accumulates.
            let evidence = Double(studied) + firstTotal + wTotal + 1
            variance += n * estimate * (1 - estimate) + n * n * estimate * (1 - estimate) / (evidence + assumptions.priorWeight)
            areas.append(Area(id: leaf.id, name: leaf.name, weight: leaf.scoredItems, bankItems: list.count,
                              studiedItems: studied, memoryEstimate: memory, estimate: estimate,
                              pointsPerHour: hourGain * perItem))
        }
        self.areas = areas
        scoredItems = track.scoredItems
        expectedRaw = mean
        standardDeviation = variance.squareRoot()
        passScore = track.scale.pass
        let n = Double(max(track.scoredItems, 1))
        scaledEstimate = ScaledScore.estimate(percent: mean / n, scale: track.scale)
        let cut = (ScaledScore.passPercent * n).rounded(.up)
        passProbability = standardDeviation > 0
            ? 1 - Readiness.normalCDF((cut - 0.5 - mean) / standardDeviation)
            : (mean >= cut ? 1 : 0)
        coverage = items.isEmpty ? 0 : Double(seen) / Double(items.count)
        durableShare = items.isEmpty ? 0 : Double(durable) / Double(items.count)
    }

    /// The standard normal cumulative distribution.
    public static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
}

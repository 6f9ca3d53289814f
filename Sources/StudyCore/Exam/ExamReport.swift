/// The score report of a submitted mock exam.
///
/// NHA does not publish how raw scores convert to its 200-500 scale (forms are
/// equated, and the raw cut varies by form), so `scaledEstimate` is an estimate
/// from a documented piecewise-linear mapping, not NHA's conversion.
public struct ExamReport: Sendable, Hashable {
    /// Results for one domain or subdomain.
    public struct AreaResult: Sendable, Hashable {
        public var id: String
        public var name: String
        /// True for a subdomain (CCMA Clinical Patient Care's parts).
        public var isSubdomain: Bool
        public var correct: Int
        public var total: Int
        /// Scored items of the area that were answered.
        public var answered: Int
        /// Seconds the answered items took up to their answers (idle time after an answer left out).
        public var seconds: Double
        public var percent: Double { total == 0 ? 0 : Double(correct) / Double(total) }
        /// Seconds per answered item; nil when none was answered.
        public var secondsPerAnsweredItem: Double? { answered == 0 ? nil : seconds / Double(answered) }
    }

    public var trackID: String
    public var formName: String
    public var scoredCorrect: Int
    public var scoredTotal: Int
    public var pretestCorrect: Int
    public var pretestTotal: Int
    public var unanswered: Int
    public var scaledEstimate: Int
    public var passScore: Int
    public var timeUsed: Double
    /// Seconds all answered items (scored and pretest) took up to their answers.
    public var answeringTime: Double
    /// Items answered, scored and pretest.
    public var answeredItems: Int
    public var timeLimit: Double
    public var autoSubmitted: Bool
    /// Domains in blueprint order, each followed by its subdomains.
    public var areas: [AreaResult]
    /// The ids of the areas items are filed under (domains without subdomains, and subdomains).
    public var leafAreaIDs: [String]

    public var percent: Double { scoredTotal == 0 ? 0 : Double(scoredCorrect) / Double(scoredTotal) }
    public var passed: Bool { scaledEstimate >= passScore }
    /// Seconds per answered item (time to each answer; idle time after it is not counted);
    /// nil when nothing was answered.
    public var secondsPerAnsweredItem: Double? {
        answeredItems == 0 ? nil : answeringTime / Double(answeredItems)
    }

    /// The top-level domain with the most time per answered item (domains with no answer left out).
    public var slowestDomain: AreaResult? {
        areas.filter { !$0.isSubdomain && $0.answered > 0 }
            .max { ($0.secondsPerAnsweredItem ?? 0) < ($1.secondsPerAnsweredItem ?? 0) }
    }

    /// "slowest area: Safety and Compliance, 95 s per answered item"; nil when nothing was answered.
    public var slowestText: String? {
        guard let d = slowestDomain, let s = d.secondsPerAnsweredItem else { return nil }
        return "slowest area: \(d.name), \(Int(saturating: s.rounded())) s per answered item"
    }

    /// Scores an attempt. `question` looks up an item by id; items missing from the
    /// bank (removed since the attempt) count as wrong and are kept out of nothing.
    public init(attempt: ExamAttempt, track: Track, question: (String) -> Question?) {
        trackID = track.id
        formName = attempt.form.name
        var scoredCorrect = 0, scoredTotal = 0, pretestCorrect = 0, pretestTotal = 0
        var areaCorrect: [String: Int] = [:], areaTotal: [String: Int] = [:], areaSeconds: [String: Double] = [:]
        var areaAnswered: [String: Int] = [:]
        var answeringTime = 0.0, answeredItems = 0
        for (i, item) in attempt.form.items.enumerated() {
            let answered = attempt.answers[i] != nil
            let right = answered && attempt.answers[i] == question(item.questionID)?.answer
            if answered {
                answeredItems += 1
                answeringTime += attempt.answerTime[i]
            }
            if item.pretest {
                pretestTotal += 1
                if right { pretestCorrect += 1 }
                continue
            }
            scoredTotal += 1
            if right { scoredCorrect += 1 }
            for id in [item.area, track.topDomain(of: item.area)?.id].compactMap({ $0 }).uniqued() {
                areaTotal[id, default: 0] += 1
                if answered {
                    areaAnswered[id, default: 0] += 1
                    areaSeconds[id, default: 0] += attempt.answerTime[i]
                }
                if right { areaCorrect[id, default: 0] += 1 }
            }
        }
        self.scoredCorrect = scoredCorrect
        self.scoredTotal = scoredTotal
        self.pretestCorrect = pretestCorrect
        self.pretestTotal = pretestTotal
        unanswered = attempt.unansweredCount
        passScore = track.scale.pass
        scaledEstimate = ScaledScore.estimate(percent: scoredTotal == 0 ? 0 : Double(scoredCorrect) / Double(scoredTotal), scale: track.scale)
        timeUsed = attempt.elapsed
        self.answeringTime = answeringTime
        self.answeredItems = answeredItems
        timeLimit = attempt.timeLimit
        autoSubmitted = attempt.autoSubmitted
        var areas: [AreaResult] = []
        for d in track.domains {
            areas.append(AreaResult(id: d.id, name: d.name, isSubdomain: false, correct: areaCorrect[d.id, default: 0],
                                    total: areaTotal[d.id, default: 0], answered: areaAnswered[d.id, default: 0],
                                    seconds: areaSeconds[d.id, default: 0]))
            for s in d.subdomains {
                areas.append(AreaResult(id: s.id, name: s.name, isSubdomain: true, correct: areaCorrect[s.id, default: 0],
                                        total: areaTotal[s.id, default: 0], answered: areaAnswered[s.id, default: 0],
                                        seconds: areaSeconds[s.id, default: 0]))
            }
        }
        self.areas = areas
        leafAreaIDs = track.leafAreas.map(\.id)
    }
}

/// The headline of a scored attempt, kept in the attempt file and the exam history.
public struct ExamScore: Sendable, Hashable, Codable {
    public var scoredCorrect: Int
    public var scoredTotal: Int
    public var scaledEstimate: Int
    public var passed: Bool
    /// Scored items right and in all per leaf area, kept in the profile index so progress
    /// figures never reopen attempt files; nil for attempts scored before it was kept.
    public var areas: [AreaScore]?

    /// One leaf area's scored items.
    public struct AreaScore: Sendable, Hashable, Codable {
        public var area: String
        public var correct: Int
        public var total: Int
        /// Of `total`, the items answered (nil in attempts scored before it was kept).
        public var answered: Int?
        public init(area: String, correct: Int, total: Int, answered: Int? = nil) {
            self.area = area; self.correct = correct; self.total = total; self.answered = answered
        }
    }

    public init(scoredCorrect: Int, scoredTotal: Int, scaledEstimate: Int, passed: Bool, areas: [AreaScore]? = nil) {
        self.scoredCorrect = scoredCorrect; self.scoredTotal = scoredTotal
        self.scaledEstimate = scaledEstimate; self.passed = passed; self.areas = areas
    }

    public init(_ report: ExamReport) {
        let leaves = Set(report.leafAreaIDs)
        self.init(scoredCorrect: report.scoredCorrect, scoredTotal: report.scoredTotal,
                  scaledEstimate: report.scaledEstimate, passed: report.passed,
                  areas: report.areas.filter { leaves.contains($0.id) && $0.total > 0 }
                      .map { AreaScore(area: $0.id, correct: $0.correct, total: $0.total, answered: $0.answered) })
    }
}

/// The estimated scaled score: a documented piecewise-linear map from percent correct.
///
/// 0% maps to the scale minimum (200), `passPercent` (75%) to the pass mark (390), and
/// 100% to the maximum (500), linear in between. NHA's real conversion is not published;
/// third-party estimates of the raw cut run from about 70% to 78%, and 75% sits inside
/// that range without promising a pass at its low end.
public enum ScaledScore {
    public static let passPercent = 0.75

    public static func estimate(percent: Double, scale: ScoreScale) -> Int {
        let p = min(max(percent, 0), 1)
        let value: Double
        if p <= passPercent {
            value = Double(scale.min) + p / passPercent * Double(scale.pass - scale.min)
        } else {
            value = Double(scale.pass) + (p - passPercent) / (1 - passPercent) * Double(scale.max - scale.pass)
        }
        return Int(saturating: value.rounded())
    }
}

extension Array where Element: Hashable {
    /// The elements in order with later repeats removed.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

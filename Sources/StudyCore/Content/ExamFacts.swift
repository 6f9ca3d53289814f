/// What a candidate should know about an exam beyond its test plan: how it is
/// delivered and scored, who may sit it, retakes, renewal and test-day advice.
///
/// Loaded from the optional `about` object of `Data/tracks/<id>.json`. The numbers
/// (items, time, scale, domains) stay on the `Track`; these are the plain-words
/// points around them. A point the blueprint marks [UNSURE] has `unsure` set, and
/// screens tell the user to confirm it with NHA instead of stating it as fact.
public struct ExamFacts: Sendable, Hashable, Codable {
    /// The day the facts were last checked against the blueprint (`YYYY-MM-DD`).
    public var reviewed: CalendarDate
    /// Where the facts come from (e.g. `blueprints/cpt.md`), for reviewers.
    public var source: String?
    /// The topics, in the order the file lists them.
    public var sections: [Section]

    public init(reviewed: CalendarDate, source: String? = nil, sections: [Section]) {
        self.reviewed = reviewed; self.source = source; self.sections = sections
    }

    /// The points on one topic, if the file has that topic.
    public func points(_ topic: Topic) -> [Point] {
        sections.first { $0.topic == topic }?.points ?? []
    }

    /// The topics an `about` object may have. The first four add to what the screen
    /// derives from the track's numbers; the rest stand on their own.
    public enum Topic: String, Sendable, Hashable, Codable, CaseIterable {
        case format, time, scoring, domains, eligibility, retakes, renewal, tips

        /// The heading a screen shows for it.
        public var title: String {
            switch self {
            case .format: return "Format"
            case .time: return "Time"
            case .scoring: return "Scoring"
            case .domains: return "Test plan"
            case .eligibility: return "Eligibility"
            case .retakes: return "Retakes"
            case .renewal: return "Renewal"
            case .tips: return "Test day"
            }
        }

        /// Topics every `about` object must have.
        public static let required: [Topic] = [.eligibility, .retakes, .renewal, .tips]
    }

    /// One topic and its points.
    public struct Section: Sendable, Hashable, Codable {
        public var topic: Topic
        public var points: [Point]
        public init(topic: Topic, points: [Point]) { self.topic = topic; self.points = points }
    }

    /// One statement, and whether sources disagree on it.
    public struct Point: Sendable, Hashable, Codable {
        public var text: String
        /// The blueprint marks this [UNSURE]: confirm with NHA.
        public var unsure: Bool
        public init(_ text: String, unsure: Bool = false) { self.text = text; self.unsure = unsure }
    }
}

/// A day on the calendar with no time or zone, as written in content files (`2026-11-29`).
public struct CalendarDate: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Parses `YYYY-MM-DD`; nil unless the date exists (no 30 February).
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= CalendarDate.days(inMonth: m, year: y) else { return nil }
        year = y; month = m; day = d
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2026-11-29`.
    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// `29 November 2026`, for reading.
    public var longText: String {
        let names = ["January", "February", "March", "April", "May", "June", "July",
                     "August", "September", "October", "November", "December"]
        return "\(day) \(names[month - 1]) \(year)"
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

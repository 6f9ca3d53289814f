/// What the home screen shows about a profile today: due counts, done today, streak, days
/// to the exam, flagged items and the question of the day. Built from the store's data.
public struct HomeSummary: Sendable, Hashable {
    public var profile: String
    public var trackID: String
    public var trackName: String
    public var due: DueCounts
    /// The daily new-item limit.
    public var newLimit: Int
    public var doneToday: Int
    public var correctToday: Int
    /// Consecutive study days with at least one review, up to today (or yesterday, when
    /// today has none yet).
    public var streak: Int
    /// Days from today to the exam date; nil when no date is set.
    public var daysToExam: Int?
    public var flagged: Int
    public var questionOfTheDay: DailyQuestion?
    /// The name of the question of the day's area.
    public var questionArea: String?
    /// Whether the question of the day was answered this study day (then it is not offered again).
    public var questionAnswered: Bool
    /// Items answered wrong in the last 30 days (what "Missed questions" drills); nil when unknown.
    public var missed: Int?
    /// The names of the profile's personal decks of this track, for "Drill by domain".
    public var personalDecks: [String] = []

    public init(profile: String, trackID: String, trackName: String, due: DueCounts, newLimit: Int,
                doneToday: Int = 0, correctToday: Int = 0, streak: Int = 0, daysToExam: Int? = nil,
                flagged: Int = 0, questionOfTheDay: DailyQuestion? = nil, questionArea: String? = nil,
                questionAnswered: Bool = false, missed: Int? = nil) {
        self.questionAnswered = questionAnswered; self.missed = missed
        self.profile = profile; self.trackID = trackID; self.trackName = trackName; self.due = due
        self.newLimit = newLimit; self.doneToday = doneToday; self.correctToday = correctToday
        self.streak = streak; self.daysToExam = daysToExam; self.flagged = flagged
        self.questionOfTheDay = questionOfTheDay; self.questionArea = questionArea
    }

    /// The streak ending at `today`: today counts if it has reviews; a day without any
    /// before it ends the streak.
    public static func streak(totals: DailyTotals, today: CalendarDay) -> Int {
        var day = (totals.days[today]?.reviews ?? 0) > 0 ? today : today.adding(days: -1)
        var n = 0
        while (totals.days[day]?.reviews ?? 0) > 0 {
            n += 1
            day = day.adding(days: -1)
        }
        return n
    }

    /// Whole days from `today` to `exam` (negative once it has passed).
    public static func daysToExam(_ exam: CalendarDay?, today: CalendarDay) -> Int? {
        exam.map { $0.daysSinceEpoch - today.daysSinceEpoch }
    }
}

/// The question of the day as the home screen shows it: which question, and its stem.
public struct DailyQuestion: Sendable, Hashable {
    public var id: String
    public var stem: String

    public init(id: String, stem: String) { self.id = id; self.stem = stem }
    public init(_ question: Question) { self.init(id: question.id, stem: question.stem) }
}

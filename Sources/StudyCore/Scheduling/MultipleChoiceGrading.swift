/// Turns how a multiple-choice question was answered into an FSRS rating, so a drill
/// needs no extra key press per question.
///
/// - wrong: Again;
/// - right, but after changing the answer or marked unsure while answering: Hard;
/// - right: Good;
/// - right, confident (no change, not unsure) and faster than the item's threshold: Easy;
/// - the user may override the derived rating with 1-4 before moving on; the override wins.
public enum MultipleChoiceGrading {
    /// What the drill observed while the question was on screen.
    public struct Answer: Sendable, Hashable {
        public var isCorrect: Bool
        /// The user picked another choice before confirming.
        public var changedAnswer: Bool
        /// The user pressed the "unsure" key while answering.
        public var markedUnsure: Bool
        /// Seconds from showing the question to confirming the answer.
        public var responseTime: Double
        /// Below this many seconds a confident right answer counts as Easy.
        public var easyThreshold: Double
        /// A rating the user chose with 1-4 after seeing the result.
        public var override: Rating?

        public init(isCorrect: Bool, changedAnswer: Bool = false, markedUnsure: Bool = false,
                    responseTime: Double, easyThreshold: Double, override: Rating? = nil) {
            self.isCorrect = isCorrect
            self.changedAnswer = changedAnswer
            self.markedUnsure = markedUnsure
            self.responseTime = responseTime
            self.easyThreshold = easyThreshold
            self.override = override
        }
    }

    /// The rating the answer earns; see the type's documentation for the rule.
    public static func rating(for answer: Answer) -> Rating {
        if let override = answer.override { return override }
        return derivedRating(for: answer)
    }

    /// The rating before any override (what the drill shows as its suggestion).
    public static func derivedRating(for answer: Answer) -> Rating {
        guard answer.isCorrect else { return .again }
        if answer.changedAnswer || answer.markedUnsure { return .hard }
        if answer.responseTime < answer.easyThreshold { return .easy }
        return .good
    }

    /// A default Easy threshold for an item from the amount of text to read: reading time
    /// at about 250 words a minute (25 characters a second) plus 3 seconds to decide.
    /// A quick glance at a short question is Easy; a long vignette gets longer.
    public static func defaultEasyThreshold(textCharacters: Int) -> Double {
        3.0 + Double(max(0, textCharacters)) / 25.0
    }

    /// The override a key press means: `1`...`4` for Again...Easy, nil for any other key.
    public static func overrideRating(forKey key: Character) -> Rating? {
        guard let digit = key.wholeNumberValue, key.isASCII else { return nil }
        return Rating(rawValue: digit)
    }
}

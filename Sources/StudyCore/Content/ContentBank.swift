/// Everything loaded from a content directory: tracks, questions, flashcards.
public struct ContentBank: Sendable {
    public var tracks: [Track]
    public var questions: [Question]
    public var flashcards: [Flashcard]
    /// The directory the bank was loaded from.
    public var directory: String
    /// Blueprint fact ids per track id, with whether the blueprint marks each [UNSURE].
    public var facts: [String: [String: Bool]]

    private var questionIndex: [String: Int]
    private var flashcardIndex: [String: Int]

    public init(directory: String = "", tracks: [Track], questions: [Question], flashcards: [Flashcard],
                facts: [String: [String: Bool]] = [:]) {
        self.directory = directory
        self.facts = facts
        self.tracks = tracks
        self.questions = questions
        self.flashcards = flashcards
        // Items are read in place for their ids, not copied whole.
        var qi: [String: Int] = [:]
        qi.reserveCapacity(questions.count)
        for i in questions.indices where qi[questions[i].id] == nil { qi[questions[i].id] = i }
        var fi: [String: Int] = [:]
        fi.reserveCapacity(flashcards.count)
        for i in flashcards.indices where fi[flashcards[i].id] == nil { fi[flashcards[i].id] = i }
        questionIndex = qi
        flashcardIndex = fi
    }

    public func track(_ id: String) -> Track? { tracks.first { $0.id == id } }

    public func question(_ id: String) -> Question? { questionIndex[id].map { questions[$0] } }
    public func flashcard(_ id: String) -> Flashcard? { flashcardIndex[id].map { flashcards[$0] } }

    /// The question or flashcard with this id.
    public func item(_ id: String) -> StudyItem? {
        if let q = question(id) { return .question(q) }
        if let f = flashcard(id) { return .flashcard(f) }
        return nil
    }

    /// Questions that count toward a track.
    public func questions(for trackID: String) -> [Question] {
        questions.filter { $0.domains[trackID] != nil }
    }

    /// Flashcards that count toward a track.
    public func flashcards(for trackID: String) -> [Flashcard] {
        flashcards.filter { $0.domains[trackID] != nil }
    }

    /// Every study item of a track: questions first, then flashcards.
    public func items(for trackID: String) -> [StudyItem] {
        questions(for: trackID).map(StudyItem.question) + flashcards(for: trackID).map(StudyItem.flashcard)
    }
}

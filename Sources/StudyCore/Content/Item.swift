/// What kind of study item a question is.
public enum QuestionKind: String, Sendable, Hashable, Codable {
    /// Four choices, one best answer.
    case single
    /// Steps to put in the right order.
    case order
}

/// One exam-style question from `Data/questions/`.
public struct Question: Sendable, Hashable, Identifiable {
    public var id: String
    public var kind: QuestionKind
    /// Exam id to the domain or subdomain id the item counts toward there.
    public var domains: [String: String]
    public var stem: String
    /// The four choices of a `single` item; empty for `order`.
    public var choices: [String]
    /// 0-based index of the key of a `single` item.
    public var answer: Int
    public var explanation: String
    /// Why each choice is right or wrong, parallel to `choices`.
    public var rationales: [String]
    /// The steps of an `order` item in the correct order.
    public var steps: [String]
    public var difficulty: Int
    public var facts: [String]
    public var tags: [String]
    /// A reviewer's one-line reason why a validator warning on this item is accepted
    /// (for example a fact flagged [UNSURE] that the key does not rest on).
    public var reviewNote: String?
    /// Where the item was loaded from, for messages.
    public var source: SourceLocation

    public init(id: String, kind: QuestionKind, domains: [String: String], stem: String,
                choices: [String] = [], answer: Int = 0, explanation: String, rationales: [String] = [],
                steps: [String] = [], difficulty: Int, facts: [String] = [], tags: [String] = [],
                reviewNote: String? = nil, source: SourceLocation = SourceLocation(file: "", line: 0)) {
        self.id = id; self.kind = kind; self.domains = domains; self.stem = stem
        self.choices = choices; self.answer = answer; self.explanation = explanation
        self.rationales = rationales; self.steps = steps; self.difficulty = difficulty
        self.facts = facts; self.tags = tags; self.reviewNote = reviewNote; self.source = source
    }
}

/// One flashcard from `Data/flashcards/`.
public struct Flashcard: Sendable, Hashable, Identifiable {
    public var id: String
    public var deck: String
    public var front: String
    public var back: String
    public var domains: [String: String]
    public var facts: [String]
    public var tags: [String]
    /// A reviewer's one-line reason why a validator warning on this card is accepted.
    public var reviewNote: String?
    public var source: SourceLocation

    public init(id: String, deck: String, front: String, back: String, domains: [String: String],
                facts: [String] = [], tags: [String] = [], reviewNote: String? = nil,
                source: SourceLocation = SourceLocation(file: "", line: 0)) {
        self.id = id; self.deck = deck; self.front = front; self.back = back
        self.domains = domains; self.facts = facts; self.tags = tags; self.reviewNote = reviewNote
        self.source = source
    }
}

/// A file and line, for messages that point at content.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public init(file: String, line: Int) { self.file = file; self.line = line }
    public var description: String { "\(file):\(line)" }
}

/// Anything the user studies: a question or a flashcard.
public enum StudyItem: Sendable, Hashable, Identifiable {
    case question(Question)
    case flashcard(Flashcard)

    public var id: String {
        switch self {
        case .question(let q): return q.id
        case .flashcard(let f): return f.id
        }
    }

    public var domains: [String: String] {
        switch self {
        case .question(let q): return q.domains
        case .flashcard(let f): return f.domains
        }
    }

    public var tags: [String] {
        switch self {
        case .question(let q): return q.tags
        case .flashcard(let f): return f.tags
        }
    }
}

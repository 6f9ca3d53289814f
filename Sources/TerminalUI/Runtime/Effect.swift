import StudyCore

/// Something a screen wants done, returned from `update` as a value.
///
/// Screens never perform I/O or navigate themselves: the `App` runtime handles
/// navigation (`push`, `pop`, `replace`, `quit`) and hands everything else to the
/// host (the terminal loop or a test), which may answer with `Event.effectResult`.
public enum Effect: Sendable {
    /// Show a new screen on top; Esc/q come back.
    case push(any Screen)
    /// Close the current screen (at the root: quit).
    case pop
    /// Replace the current screen.
    case replace(any Screen)
    /// Leave the app.
    case quit
    /// Write the user's progress now.
    case save
    /// Start a mock exam for a track.
    case startExam(trackID: String)
    /// Make this track the user's exam.
    case selectTrack(trackID: String)
    /// Read the clock; the host answers `.clock(now:monotonic:)` (timers run on monotonic time).
    case readClock
    /// Save a mock-exam attempt now (after every answer, flag and move); once it is
    /// submitted the host also scores it and feeds wrong and flagged items to study.
    case saveExam(ExamAttempt)
    /// Start (or resume) a mock exam as chosen on the start screen; the host answers
    /// `.examStarted` with the attempt, saved.
    case beginExam(ExamChoice)

    /// `true` for the effects the `App` runtime handles itself.
    public var isNavigation: Bool {
        switch self {
        case .push, .pop, .replace, .quit: return true
        case .save, .startExam, .selectTrack, .readClock, .saveExam, .beginExam: return false
        }
    }

    /// A short name for logs, tests and failure messages (`push(about-exam)`, `save`).
    public var name: String {
        switch self {
        case .push(let s): return "push(\(s.id))"
        case .pop: return "pop"
        case .replace(let s): return "replace(\(s.id))"
        case .quit: return "quit"
        case .save: return "save"
        case .startExam(let t): return "startExam(\(t))"
        case .selectTrack(let t): return "selectTrack(\(t))"
        case .readClock: return "readClock"
        case .saveExam(let a): return "saveExam(\(a.id))"
        case .beginExam(let c): return "beginExam(\(c.trackID))"
        }
    }
}

/// What the exam start screen asks the host to open.
public struct ExamChoice: Sendable, Hashable {
    public var trackID: String
    /// The attempt to resume; when set the other fields are ignored.
    public var resumeID: String?
    /// A fixed form number, or nil for a random form.
    public var formNumber: Int?
    /// A shorter form of this many items, or nil for full length.
    public var items: Int?
    public var mode: ExamAttempt.Mode

    public init(trackID: String, resumeID: String? = nil, formNumber: Int? = nil, items: Int? = nil, mode: ExamAttempt.Mode = .exam) {
        self.trackID = trackID; self.resumeID = resumeID; self.formNumber = formNumber; self.items = items; self.mode = mode
    }
}

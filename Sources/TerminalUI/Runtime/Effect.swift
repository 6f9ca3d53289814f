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
    /// Set the profile's new items per study day (the Progress screen's "apply plan").
    case setDailyNewLimit(Int)
    /// Set (or, with nil, clear) the profile's exam date.
    case setExamDate(CalendarDay?)
    /// Replace the whole stack of screens with this one (e.g. back to a fresh home screen).
    case reset(any Screen)
    /// Study: the home screen's requests, answered by the host with a screen (see `StudyRequest`).
    case study(StudyRequest)
    /// Log an answered item (the session already scheduled it).
    case recordReview(ReviewRecord)
    /// Take back the newest review of this session.
    case undoReview
    /// Save an item's state changed outside a review (flag, bury, suspend, unsuspend, reset).
    case setItemState(itemID: String, state: ItemState?)
    /// Save (or, with nil, delete) the user's note on an item; the screen already shows it.
    case setNote(itemID: String, text: String?)
    /// Read the user's notes; the host answers `.notes` (for a screen built without the store,
    /// such as mock-exam review).
    case loadNotes
    /// Save the profile's settings.
    case updateSettings(ProfileSettings)
    /// Change a personal (imported) card's front, back and tags.
    case editPersonalCard(itemID: String, front: String, back: String, tags: [String])
    /// Remove a personal (imported) card from its deck.
    case removePersonalCard(itemID: String)
    /// Create a profile (first run or "new profile") and open it.
    case createProfile(name: String, settings: ProfileSettings)
    /// Ring the terminal bell (a wrong answer, when the user turned sound on).
    case bell
    /// Open the mock exams (built in another branch; the host says when it is not there).
    case openMockExams
    /// Open the progress screen (built in another branch; the host says when it is not there).
    case openProgress
    /// Read the clock; the host answers `.clock(now:monotonic:)` (timers run on monotonic time).
    case readClock
    /// Save a mock-exam attempt now (after every answer, flag and move); once it is
    /// submitted the host also scores it and feeds wrong and flagged items to study.
    case saveExam(ExamAttempt)
    /// Start (or resume) a mock exam as chosen on the start screen; the host answers
    /// `.examStarted` with the attempt, saved.
    case beginExam(ExamChoice)
    /// Draw with the theme of this Settings name from now on (`Theme.settingNames`); the
    /// runtime applies it at once, within what the terminal allows.
    case applyTheme(String)
    /// Recompute the figures of the screen with this id (`home`, `progress`, `exam-start`)
    /// from the store. A screen returns it on `Event.resumed` (and may at any time); the host
    /// answers `EffectResult.refreshed` with a freshly built screen of that kind, or nothing
    /// when it does not build that kind. The one way store-derived figures are kept current.
    case refresh(screenID: String)
    /// Give an attempt in progress up (kept in the history as abandoned, never scored); the
    /// host answers `.examStartData` for its track.
    case abandonExam(id: String)
    /// Delete an attempt for good; the host answers `.examStartData` for its track.
    case deleteExam(id: String)

    /// `true` for the effects the `App` runtime handles itself.
    public var isNavigation: Bool {
        switch self {
        case .push, .pop, .replace, .quit, .reset, .applyTheme: return true
        default: return false
        }
    }

    /// What the effect does, in words a user reads in a failure message ("saving your answer").
    public var plainName: String {
        switch self {
        case .save: return "saving"
        case .recordReview(let r): return "saving your answer to \(r.itemID)"
        case .undoReview: return "undoing your answer"
        case .setItemState(let id, _): return "saving the change to \(id)"
        case .updateSettings: return "saving your settings"
        case .createProfile(let n, _): return "creating profile \(n)"
        case .selectTrack: return "saving your exam choice"
        case .setDailyNewLimit: return "saving the new-items limit"
        case .setExamDate: return "saving the exam date"
        case .saveExam: return "saving the mock exam"
        case .startExam, .beginExam: return "starting the mock exam"
        case .abandonExam: return "abandoning the mock exam"
        case .deleteExam: return "deleting the mock exam"
        case .openMockExams: return "opening the mock exams"
        case .openProgress: return "opening Progress"
        case .study: return "opening study"
        default: return "that"
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
        case .setDailyNewLimit(let n): return "setDailyNewLimit(\(n))"
        case .setExamDate(let d): return "setExamDate(\(d.map(\.description) ?? "none"))"
        case .reset(let s): return "reset(\(s.id))"
        case .study(let r): return "study(\(r))"
        case .recordReview(let r): return "recordReview(\(r.itemID))"
        case .undoReview: return "undoReview"
        case .setItemState(let id, _): return "setItemState(\(id))"
        case .setNote(let id, _): return "setNote(\(id))"
        case .loadNotes: return "loadNotes"
        case .updateSettings: return "updateSettings"
        case .editPersonalCard(let id, _, _, _): return "editPersonalCard(\(id))"
        case .removePersonalCard(let id): return "removePersonalCard(\(id))"
        case .createProfile(let n, _): return "createProfile(\(n))"
        case .bell: return "bell"
        case .openMockExams: return "openMockExams"
        case .openProgress: return "openProgress"
        case .readClock: return "readClock"
        case .saveExam(let a): return "saveExam(\(a.id))"
        case .beginExam(let c): return "beginExam(\(c.trackID))"
        case .refresh(let id): return "refresh(\(id))"
        case .applyTheme(let name): return "applyTheme(\(name))"
        case .abandonExam(let id): return "abandonExam(\(id))"
        case .deleteExam(let id): return "deleteExam(\(id))"
        }
    }
}

/// What the user asked to study or open from the home screen; the host builds the screen
/// from the profile's data and answers with `EffectResult.navigate`.
public enum StudyRequest: Sendable, Hashable, CustomStringConvertible {
    /// The daily queue, optionally one domain's part of it.
    case due(domain: String?)
    /// A drill outside the schedule.
    case drill(DrillKind)
    /// The drill-by-domain list, with each area's figures.
    case domainPicker
    /// The fresh home screen of the open profile.
    case home
    /// The list of profiles (switch user).
    case profiles
    /// Open this profile.
    case openProfile(String)
    /// The "CPT or CCMA?" choice for a new profile.
    case newProfile
    /// Browse the items, with a first search.
    case browse(query: String)
    case settings
    /// The "CPT or CCMA?" choice to change the open profile's track.
    case changeTrack

    public var description: String {
        switch self {
        case .due(let d): return d.map { "due(\($0))" } ?? "due"
        case .drill(let k): return "drill(\(k))"
        case .domainPicker: return "domainPicker"
        case .home: return "home"
        case .profiles: return "profiles"
        case .openProfile(let n): return "openProfile(\(n))"
        case .newProfile: return "newProfile"
        case .browse(let q): return "browse(\(q))"
        case .settings: return "settings"
        case .changeTrack: return "changeTrack"
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
    /// Practice only: show right/wrong after each answer from the start.
    public var feedback: Bool

    public init(trackID: String, resumeID: String? = nil, formNumber: Int? = nil, items: Int? = nil,
                mode: ExamAttempt.Mode = .exam, feedback: Bool = false) {
        self.trackID = trackID; self.resumeID = resumeID; self.formNumber = formNumber; self.items = items; self.mode = mode
        self.feedback = mode == .practice && feedback
    }
}

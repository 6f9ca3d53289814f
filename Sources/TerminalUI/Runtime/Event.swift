import StudyCore

/// Everything a screen reacts to.
public enum Event: Sendable {
    /// A key press.
    case key(Key)
    /// The space the screen draws in changed (or was first measured): the body size, inside the frame.
    case resize(Size)
    /// Sent once a second; `now` is wall-clock seconds since 1970, so timers can be
    /// computed from deadlines and survive a suspended process.
    case tick(now: Double)
    /// The outcome of an effect the screen asked for.
    case effectResult(EffectResult)
    /// The app is about to exit (quit, or a signal): last chance to ask for `.save`.
    case terminating
    /// The screen is on top again: the screens above it closed (Esc, `q`, a finished flow).
    /// A screen holding figures derived from the store answers `[.refresh(id)]`, and the host
    /// replies `.refreshed(...)` with them recomputed (see `Effect.refresh`).
    case resumed
}

/// What became of an effect that the app performed for a screen.
public enum EffectResult: Sendable, Equatable {
    /// Progress was written.
    case saved
    /// The time, for `.readClock`: wall-clock seconds since 1970 and monotonic seconds.
    case clock(now: Double, monotonic: Double)
    /// The attempt `.beginExam` started or resumed (already saved).
    case examStarted(ExamAttempt)
    /// A track's attempts as saved now, for `.abandonExam` and `.deleteExam`.
    case examStartData(ExamStartData)
    /// The user's notes by item id, for `.loadNotes`.
    case notes([String: String])
    /// The effect could not be performed; `message` says why, for the user.
    case failed(effect: String, message: String)
    /// The store refused an answer (`.recordReview`) outright: it is not saved and will not
    /// be retried (a read-only profile, a state that cannot be stored). The study screen
    /// takes the answer back so its counts hold only saved answers, and says why in full.
    /// (An answer the disk could not take yet is `.failed`: it stays queued and is retried.)
    case answerRefused(itemID: String, message: String)
    /// The host answers with screens to show (push, replace, reset); the runtime applies them.
    case navigate(Navigation)
    /// The answer to `.refresh(id)`: a screen of that kind built from the store now. The runtime
    /// hands it to the screen with that id (`Screen.refresh(from:)`), which takes its figures.
    case refreshed(Refreshed)
}

/// A freshly built screen, for `EffectResult.refreshed`; compared by the screen's id.
public struct Refreshed: Sendable, Equatable {
    public var screen: any Screen
    /// A footer notice to show with it (what the store did on its own when a profile opened
    /// after the first frame).
    public var notice: String?
    public init(_ screen: any Screen, notice: String? = nil) { self.screen = screen; self.notice = notice }
    public static func == (a: Refreshed, b: Refreshed) -> Bool { a.screen.id == b.screen.id }
}

/// Navigation effects the host hands back to the runtime, compared by their names.
public struct Navigation: Sendable, Equatable {
    public var effects: [Effect]
    public init(_ effects: [Effect]) { self.effects = effects }
    public static func == (a: Navigation, b: Navigation) -> Bool { a.effects.map(\.name) == b.effects.map(\.name) }
}

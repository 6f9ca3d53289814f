import Glibc
import StudyCore
import TerminalUI
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The exam-taking side of the app: builds or resumes attempts, saves them through the
/// store after every change, and when one is submitted scores it and feeds the study queue
/// (missed items logged as Again reviews with source `exam`, flagged items flagged and due).
///
/// The full-screen app's host forwards `.readClock` and `.saveExam` here.
/// Used only on the main thread (the terminal loop runs there); `@unchecked` because the
/// store it owns is a reference type without locks of its own.
final class ExamHost: @unchecked Sendable {
    let store: ProgressStore
    let bank: ContentBank
    let clock: StudyClock
    private let questionsByID: [String: Question]
    /// The track whose start screen this host rebuilds for `.refresh("exam-start")`: the
    /// `statdeck exam` command's track. (The full-screen app answers that refresh itself,
    /// for the profile's track.)
    var startTrack: Track?

    init(store: ProgressStore, bank: ContentBank, clock: StudyClock) {
        self.store = store
        self.bank = bank
        self.clock = clock
        questionsByID = Dictionary(bank.questions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func track(_ id: String) -> Track? { bank.tracks.first { $0.id == id } }

    /// The questions of a form, by id.
    func questions(for form: ExamForm) -> [String: Question] {
        var out: [String: Question] = [:]
        for item in form.items { out[item.questionID] = questionsByID[item.questionID] }
        return out
    }

    /// How a new attempt's form is chosen.
    struct Request {
        var track: Track
        /// A fixed form number, or nil for a random form.
        var formNumber: Int?
        /// A shorter form of this many items.
        var items: Int?
        var mode: ExamAttempt.Mode
        var feedback: Bool
    }

    /// A new attempt for `request`, saved; throws a message naming what each area lacks when
    /// the bank cannot fill the form.
    func start(_ request: Request) throws -> ExamAttempt {
        let plan = request.items.map { ExamPlan.short(request.track, items: $0) } ?? ExamPlan.full(request.track)
        let pools = ExamFormBuilder.pools(bank.questions, track: request.track)
        let seen = request.formNumber == nil ? try seenInMocks() : []
        let form: ExamForm
        do throws(ExamShortage) {
            if let n = request.formNumber {
                form = try ExamFormBuilder.fixedForm(n, plan: plan, pools: pools)
            } else {
                var rng = SeededRandom(seed: UInt64(clock.monotonic() * 1000) ^ stableHash(request.track.id))
                form = try ExamFormBuilder.randomForm(plan: plan, pools: pools, seenInMocks: seen, using: &rng)
            }
        } catch {
            throw CLIError(error.description)
        }
        let now = clock.now()
        let attempt = ExamAttempt(id: store.newAttemptID(startedAt: now), form: form, mode: request.mode,
                                  startedAt: now, showFeedback: request.feedback)
        _ = try save(attempt)
        return attempt
    }

    /// Starts or resumes what the start screen chose; the attempt is saved (and scored, if it
    /// ran out of time while the app was closed).
    func begin(_ choice: ExamChoice) throws -> ExamAttempt {
        if let id = choice.resumeID {
            var attempt = try storeCall { try store.attempt(id: id) }
            if attempt.isAbandoned { throw CLIError("mock exam \(id) was abandoned; it cannot be resumed") }
            if !attempt.isInProgress { return attempt }  // a past attempt: its report
            attempt.resume(at: clock.now())
            return try save(attempt)
        }
        guard let track = track(choice.trackID) else { throw CLIError("no exam track \(choice.trackID) in the content") }
        return try start(Request(track: track, formNumber: choice.formNumber, items: choice.items, mode: choice.mode,
                                 feedback: choice.feedback))
    }

    /// A track's attempts as saved, for the start screen: every summary, and the attempts in
    /// progress read in full (one whose file cannot be read is named, and its file left alone).
    func startData(track: String) throws -> ExamStartData {
        let summaries = try storeCall { try store.attempts() }.filter { $0.track == track }
        var running: [ExamAttempt] = [], unreadable: [String] = []
        for s in summaries where s.isInProgress {
            if let a = try? store.attempt(id: s.id) { running.append(a) } else { unreadable.append(s.id) }
        }
        return ExamStartData(track: track, history: summaries, running: running, unreadable: unreadable)
    }

    /// The start screen of `track` as saved now (what `.refresh("exam-start")` answers).
    func startScreen(track: Track) throws -> ExamStartScreen {
        ExamStartScreen(track: track, questions: bank.questions, data: try startData(track: track.id), now: clock.now())
    }

    /// Gives an attempt up: kept as abandoned, never scored nor fed to study.
    func abandon(id: String) throws -> String {
        var attempt = try storeCall { try store.attempt(id: id) }
        attempt.abandon(at: clock.now())
        try storeCall { try store.saveAttempt(attempt) }
        return attempt.form.trackID
    }

    /// Deletes an attempt for good; returns its track.
    func delete(id: String) throws -> String {
        let track = try storeCall { try store.attempts() }.first { $0.id == id }?.track
            ?? (try? store.attempt(id: id))?.form.trackID ?? ""
        try storeCall { try store.deleteAttempt(id: id) }
        return track
    }

    /// Every question id met in an earlier mock.
    func seenInMocks() throws -> Set<String> {
        var seen = Set<String>()
        for summary in try storeCall({ try store.attempts() }) {
            guard let a = try? store.attempt(id: summary.id) else { continue }
            for item in a.form.items { seen.insert(item.questionID) }
        }
        return seen
    }

    /// Saves an attempt; the first time it is seen submitted, also scores it and feeds study.
    /// Returns the attempt as saved.
    @discardableResult
    func save(_ attempt: ExamAttempt) throws -> ExamAttempt {
        var a = attempt
        if a.isSubmitted, a.score == nil, let stored = try? store.attempt(id: a.id), stored.isSubmitted, let score = stored.score {
            // Scored and fed to study already: keep that, never feed the same attempt twice.
            a.score = score
            try storeCall { try store.saveAttempt(a) }
        } else if a.isSubmitted, a.score == nil, let track = track(a.form.trackID) {
            let report = ExamReport(attempt: a, track: track) { self.questionsByID[$0] }
            a.score = ExamScore(report)
            try storeCall { try store.saveAttempt(a) }
            try feedStudy(a)
        } else {
            try storeCall { try store.saveAttempt(a) }
        }
        return a
    }

    /// Missed items become Again reviews (source `exam`); flagged items are flagged and due now.
    func feedStudy(_ attempt: ExamAttempt) throws {
        let scheduler = try FSRSScheduler(SchedulerConfiguration(desiredRetention: store.settings.desiredRetention))
        _ = try storeCall { try ExamLearning.record(attempt, question: { self.questionsByID[$0] }, in: store, scheduler: scheduler) }
    }

    /// The exam timer's clock: CLOCK_BOOTTIME, which like CLOCK_MONOTONIC ignores changes to
    /// the system clock but, unlike it, keeps counting while the machine sleeps, so a laptop
    /// closed during an exam in Exam conditions loses that time, as a real exam would.
    /// (Practice mode leaves out long gaps between readings itself.)
    func examSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_BOOTTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Performs the exam effects; nil for effects that are not about exams.
    func perform(_ effect: Effect) -> EffectResult? {
        switch effect {
        case .readClock:
            return .clock(now: clock.now().timeIntervalSince1970, monotonic: examSeconds())
        case .beginExam(let choice):
            do {
                return .examStarted(try begin(choice))
            } catch {
                return .failed(effect: "start exam", message: "\(error)")
            }
        case .refresh(screenID: "exam-start"):
            guard let track = startTrack else { return nil }
            do {
                return .refreshed(Refreshed(try startScreen(track: track)))
            } catch {
                return .failed(effect: "read mock exams", message: "\(error)")
            }
        case .abandonExam(let id):
            do {
                return .examStartData(try startData(track: try abandon(id: id)))
            } catch {
                return .failed(effect: "abandon mock exam", message: "\(error)")
            }
        case .deleteExam(let id):
            do {
                return .examStartData(try startData(track: try delete(id: id)))
            } catch {
                return .failed(effect: "delete mock exam", message: "\(error)")
            }
        case .saveExam(let attempt):
            do {
                try save(attempt)
                return nil
            } catch {
                return .failed(effect: "save exam", message: "\(error)")
            }
        default:
            return nil
        }
    }
}

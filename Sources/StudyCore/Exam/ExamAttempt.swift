#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One sitting of a mock exam: the form, every answer, flag and move, and the clock.
///
/// All changes go through the mutating methods below, so the app can save the value
/// after each one and resume exactly where the user was. Time is advanced by the
/// caller with monotonic durations (`advance(by:)`), so changing the system clock
/// does not move the countdown; only the gap while the app was not running is
/// measured on the wall clock, and counts in Exam conditions as it would in a real exam.
public struct ExamAttempt: Sendable, Hashable, Codable {
    /// Exam conditions or practice.
    public enum Mode: String, Sendable, Hashable, Codable {
        /// The countdown cannot be paused, there is no feedback until submit, and the
        /// attempt is submitted at 0:00.
        case exam
        /// Pausing is allowed and per-question feedback may be shown.
        case practice
    }

    public var id: String
    public var form: ExamForm
    public var mode: Mode
    /// The chosen choice index for each position, nil while unanswered.
    public var answers: [Int?]
    public var flags: [Bool]
    /// The position shown now (0-based).
    public var current: Int
    /// Seconds spent on each position.
    public var timeOnItem: [Double]
    /// Active seconds used so far.
    public var elapsed: Double
    public var paused: Bool
    public var startedAt: Date
    /// Wall-clock time of the last change, to measure the gap until a resume.
    public var lastActiveAt: Date
    public var submittedAt: Date?
    /// When the user gave the attempt up: it stays in the history, marked abandoned, and is
    /// neither scored nor counted in readiness.
    public var abandonedAt: Date?
    /// True when the attempt was submitted because time ran out.
    public var autoSubmitted: Bool
    /// Per-question feedback in practice mode.
    public var showFeedback: Bool
    /// The result, filled in by whoever scores the submitted attempt (it needs the bank);
    /// kept in the file so the exam history needs no bank.
    public var score: ExamScore?
    /// Seconds spent on each position up to its latest answer: the time the answer took,
    /// leaving out time spent on it afterwards (idle time before a submit or a time-out).
    public var answerTime: [Double]
    /// Positions whose key was shown (practice with feedback): their answer is locked.
    public var revealed: [Bool]
    /// Wall-clock time of the latest answer, nil before the first.
    public var lastAnsweredAt: Date?

    public init(id: String, form: ExamForm, mode: Mode, startedAt: Date, showFeedback: Bool = false) {
        self.id = id
        self.form = form
        self.mode = mode
        answers = Array(repeating: nil, count: form.items.count)
        flags = Array(repeating: false, count: form.items.count)
        current = 0
        timeOnItem = Array(repeating: 0, count: form.items.count)
        elapsed = 0
        paused = false
        self.startedAt = startedAt
        lastActiveAt = startedAt
        submittedAt = nil
        abandonedAt = nil
        autoSubmitted = false
        self.showFeedback = mode == .practice && showFeedback
        score = nil
        answerTime = Array(repeating: 0, count: form.items.count)
        revealed = Array(repeating: false, count: form.items.count)
        lastAnsweredAt = nil
    }

    public var count: Int { form.items.count }
    public var timeLimit: Double { Double(form.minutes) * 60 }
    public var remaining: Double { max(0, timeLimit - elapsed) }
    public var isSubmitted: Bool { submittedAt != nil }
    public var isAbandoned: Bool { abandonedAt != nil }
    /// Neither submitted nor abandoned: it can be resumed.
    public var isInProgress: Bool { !isSubmitted && !isAbandoned }
    /// Whether the answer at `index` can no longer change (its key was shown in practice).
    public func isLocked(_ index: Int) -> Bool { revealed.indices.contains(index) && revealed[index] }

    /// The time left as the exam itself would count it on resuming at `now`: in Exam
    /// conditions the time since the last change is used up too; in practice it is not.
    public func remaining(at now: Date) -> Double {
        guard isInProgress, mode == .exam else { return remaining }
        return max(0, remaining - max(0, now.timeIntervalSince(lastActiveAt)))
    }

    /// True for an attempt in Exam conditions whose time has run out by `now` (resuming it
    /// submits it).
    public func hasExpired(at now: Date) -> Bool { isInProgress && mode == .exam && remaining(at: now) <= 0 }
    public var answeredCount: Int { answers.filter { $0 != nil }.count }
    public var unansweredCount: Int { count - answeredCount }
    public var flaggedCount: Int { flags.filter { $0 }.count }

    /// Adds `seconds` of active time (ignored while paused or after submit). In Exam
    /// conditions the attempt is submitted when the countdown reaches 0:00.
    public mutating func advance(by seconds: Double, now: Date) {
        guard isInProgress, seconds > 0 else { return }
        lastActiveAt = now
        guard !paused else { return }
        let used = mode == .exam ? min(seconds, remaining) : seconds
        elapsed += used
        if count > 0 { timeOnItem[current] += used }
        if mode == .exam && remaining <= 0 {
            submit(at: now, automatically: true)
        }
    }

    /// Reopens a saved attempt. In Exam conditions the time the app was closed counts
    /// (and an attempt whose time ran out meanwhile is submitted); in practice it does not.
    public mutating func resume(at now: Date) {
        guard isInProgress else { return }
        if mode == .exam {
            let gap = max(0, now.timeIntervalSince(lastActiveAt))
            let used = min(gap, remaining)
            elapsed += used
            if count > 0 { timeOnItem[current] += used }
            if remaining <= 0 { submit(at: now, automatically: true) }
        }
        lastActiveAt = now
    }

    /// Chooses an answer for the current item (changing it is allowed before submit, unless
    /// its key was shown in practice). With feedback on, the key is now shown: the answer locks.
    public mutating func answer(_ choice: Int, now: Date) {
        guard isInProgress, count > 0, (0..<4).contains(choice), !paused, !isLocked(current) else { return }
        answers[current] = choice
        answerTime[current] = timeOnItem[current]
        if showFeedback { revealed[current] = true }
        lastAnsweredAt = now
        lastActiveAt = now
    }

    /// Clears the answer of the current item (not once its key was shown).
    public mutating func clearAnswer(now: Date) {
        guard isInProgress, count > 0, !isLocked(current) else { return }
        answers[current] = nil
        answerTime[current] = 0
        lastActiveAt = now
    }

    /// Practice: shows or hides per-question feedback. Showing it on an answered item shows
    /// its key, so that answer locks.
    public mutating func toggleFeedback(now: Date) {
        guard isInProgress, mode == .practice else { return }
        showFeedback.toggle()
        if showFeedback, count > 0, answers[current] != nil { revealed[current] = true }
        lastActiveAt = now
    }

    public mutating func toggleFlag(now: Date) {
        guard isInProgress, count > 0 else { return }
        flags[current].toggle()
        lastActiveAt = now
    }

    /// Moves to a position (clamped to the form).
    public mutating func go(to index: Int, now: Date) {
        guard isInProgress, count > 0 else { return }
        current = min(max(0, index), count - 1)
        lastActiveAt = now
    }

    public mutating func next(now: Date) { go(to: current + 1, now: now) }
    public mutating func previous(now: Date) { go(to: current - 1, now: now) }

    /// Pauses or resumes the countdown; only in practice mode.
    public mutating func setPaused(_ value: Bool, now: Date) {
        guard mode == .practice, isInProgress else { return }
        paused = value
        lastActiveAt = now
    }

    public mutating func submit(at now: Date, automatically: Bool = false) {
        guard isInProgress else { return }
        submittedAt = now
        autoSubmitted = automatically
        paused = false
        lastActiveAt = now
    }

    /// Gives the attempt up: kept in the history as abandoned, never scored, left out of
    /// readiness, and its items are not fed to study.
    public mutating func abandon(at now: Date) {
        guard isInProgress else { return }
        abandonedAt = now
        paused = false
        lastActiveAt = now
    }

    /// Where the user stands against an even pace of `timeLimit / count` per item:
    /// positive seconds behind, negative ahead.
    public var secondsBehindPace: Double {
        guard count > 0 else { return 0 }
        let perItem = timeLimit / Double(count)
        return elapsed - Double(answeredCount) * perItem
    }

    /// "on pace", "4:10 behind" or "2:05 ahead" (within one item's time counts as on pace).
    public var paceText: String {
        guard count > 0 else { return "on pace" }
        let perItem = timeLimit / Double(count)
        let behind = secondsBehindPace
        if abs(behind) < perItem { return "on pace" }
        return "\(ExamClockText.minutesSeconds(abs(behind))) \(behind > 0 ? "behind" : "ahead")"
    }

    /// How urgent the countdown is, for styling: warning at 10 minutes, critical at 1.
    public var urgency: ExamClockText.Urgency {
        if remaining <= 60 { return .critical }
        if remaining <= 600 { return .warning }
        return .normal
    }
}

extension ExamAttempt {
    enum CodingKeys: String, CodingKey {
        case id, form, mode, answers, flags, current, timeOnItem, elapsed, paused, startedAt, lastActiveAt,
             submittedAt, abandonedAt, autoSubmitted, showFeedback, score, answerTime, revealed, lastAnsweredAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        form = try c.decode(ExamForm.self, forKey: .form)
        mode = try c.decode(Mode.self, forKey: .mode)
        answers = try c.decode([Int?].self, forKey: .answers)
        flags = try c.decode([Bool].self, forKey: .flags)
        current = try c.decode(Int.self, forKey: .current)
        timeOnItem = try c.decode([Double].self, forKey: .timeOnItem)
        elapsed = try c.decode(Double.self, forKey: .elapsed)
        paused = try c.decodeIfPresent(Bool.self, forKey: .paused) ?? false
        startedAt = try c.decode(Date.self, forKey: .startedAt)
        lastActiveAt = try c.decode(Date.self, forKey: .lastActiveAt)
        submittedAt = try c.decodeIfPresent(Date.self, forKey: .submittedAt)
        autoSubmitted = try c.decodeIfPresent(Bool.self, forKey: .autoSubmitted) ?? false
        showFeedback = try c.decodeIfPresent(Bool.self, forKey: .showFeedback) ?? false
        score = try c.decodeIfPresent(ExamScore.self, forKey: .score)
        abandonedAt = try c.decodeIfPresent(Date.self, forKey: .abandonedAt)
        // Attempts saved before these were kept: an answer's time is the item's time.
        answerTime = try c.decodeIfPresent([Double].self, forKey: .answerTime)
            ?? zip(answers, timeOnItem).map { $0 == nil ? 0 : $1 }
        revealed = try c.decodeIfPresent([Bool].self, forKey: .revealed) ?? Array(repeating: false, count: answers.count)
        lastAnsweredAt = try c.decodeIfPresent(Date.self, forKey: .lastAnsweredAt)
        if let (key, message) = problem {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: message)
        }
    }

    private static func secondsOutOfRange(_ t: Double) -> String {
        "\(StoreLimits.format(t)) out of range (should be seconds from \(StoreLimits.describe(StoreLimits.examSeconds)))"
    }

    /// The first inconsistency (counts that disagree with the form, an index out of range,
    /// a negative time...); nil when none. The store refuses to save or load such an attempt.
    var problem: (key: CodingKeys, message: String)? {
        if let p = ProfileName.problem(with: id, what: "an attempt id") { return (.id, p) }
        let n = form.items.count
        if !StoreLimits.examMinutes.contains(form.minutes) {
            return (.form, StoreLimits.outOfRange("minutes", "\(form.minutes)", StoreLimits.describe(StoreLimits.examMinutes)))
        }
        if answers.count != n { return (.answers, "has \(answers.count) entries for \(n) items") }
        if answers.contains(where: { !(0..<4).contains($0 ?? 0) }) { return (.answers, "a chosen option should be 0 to 3 or null") }
        if flags.count != n { return (.flags, "has \(flags.count) entries for \(n) items") }
        if timeOnItem.count != n { return (.timeOnItem, "has \(timeOnItem.count) entries for \(n) items") }
        if let t = timeOnItem.first(where: { !StoreLimits.examSeconds.contains($0) }) { return (.timeOnItem, Self.secondsOutOfRange(t)) }
        if answerTime.count != n { return (.answerTime, "has \(answerTime.count) entries for \(n) items") }
        if let t = answerTime.first(where: { !StoreLimits.examSeconds.contains($0) }) { return (.answerTime, Self.secondsOutOfRange(t)) }
        if revealed.count != n { return (.revealed, "has \(revealed.count) entries for \(n) items") }
        if current < 0 || current >= max(n, 1) { return (.current, "is \(current), outside the \(n) items") }
        if !StoreLimits.examSeconds.contains(elapsed) { return (.elapsed, Self.secondsOutOfRange(elapsed)) }
        if !Timestamp.isWritable(startedAt) { return (.startedAt, "is outside the years 1-9999") }
        if !Timestamp.isWritable(lastActiveAt) { return (.lastActiveAt, "is outside the years 1-9999") }
        if let s = submittedAt, !Timestamp.isWritable(s) { return (.submittedAt, "is outside the years 1-9999") }
        if let s = abandonedAt, !Timestamp.isWritable(s) { return (.abandonedAt, "is outside the years 1-9999") }
        if let s = lastAnsweredAt, !Timestamp.isWritable(s) { return (.lastAnsweredAt, "is outside the years 1-9999") }
        return nil
    }
}

/// Text forms of exam times.
public enum ExamClockText {
    public enum Urgency: Sendable, Hashable { case normal, warning, critical }

    /// `1:23:45` (hours shown only when there are any), rounding seconds up so the
    /// clock reads 0:00 only when no time is left.
    public static func countdown(_ seconds: Double) -> String {
        let total = Int(saturating: seconds.rounded(.up))
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        return h > 0 ? "\(h):\(pad(m)):\(pad(s))" : "\(m):\(pad(s))"
    }

    /// `4:10` for minutes and seconds, or `1:02:03` past an hour.
    public static func minutesSeconds(_ seconds: Double) -> String {
        let total = Int(saturating: seconds.rounded())
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        return h > 0 ? "\(h):\(pad(m)):\(pad(s))" : "\(m):\(pad(s))"
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

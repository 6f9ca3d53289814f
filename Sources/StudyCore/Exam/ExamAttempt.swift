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
    /// True when the attempt was submitted because time ran out.
    public var autoSubmitted: Bool
    /// Per-question feedback in practice mode.
    public var showFeedback: Bool
    /// The result, filled in by whoever scores the submitted attempt (it needs the bank);
    /// kept in the file so the exam history needs no bank.
    public var score: ExamScore?

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
        autoSubmitted = false
        self.showFeedback = mode == .practice && showFeedback
        score = nil
    }

    public var count: Int { form.items.count }
    public var timeLimit: Double { Double(form.minutes) * 60 }
    public var remaining: Double { max(0, timeLimit - elapsed) }
    public var isSubmitted: Bool { submittedAt != nil }
    public var answeredCount: Int { answers.filter { $0 != nil }.count }
    public var unansweredCount: Int { count - answeredCount }
    public var flaggedCount: Int { flags.filter { $0 }.count }

    /// Adds `seconds` of active time (ignored while paused or after submit). In Exam
    /// conditions the attempt is submitted when the countdown reaches 0:00.
    public mutating func advance(by seconds: Double, now: Date) {
        guard !isSubmitted, seconds > 0 else { return }
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
        guard !isSubmitted else { return }
        if mode == .exam {
            let gap = max(0, now.timeIntervalSince(lastActiveAt))
            let used = min(gap, remaining)
            elapsed += used
            if count > 0 { timeOnItem[current] += used }
            if remaining <= 0 { submit(at: now, automatically: true) }
        }
        lastActiveAt = now
    }

    /// Chooses an answer for the current item (changing it is always allowed before submit).
    public mutating func answer(_ choice: Int, now: Date) {
        guard !isSubmitted, count > 0, (0..<4).contains(choice), !paused else { return }
        answers[current] = choice
        lastActiveAt = now
    }

    /// Clears the answer of the current item.
    public mutating func clearAnswer(now: Date) {
        guard !isSubmitted, count > 0 else { return }
        answers[current] = nil
        lastActiveAt = now
    }

    public mutating func toggleFlag(now: Date) {
        guard !isSubmitted, count > 0 else { return }
        flags[current].toggle()
        lastActiveAt = now
    }

    /// Moves to a position (clamped to the form).
    public mutating func go(to index: Int, now: Date) {
        guard !isSubmitted, count > 0 else { return }
        current = min(max(0, index), count - 1)
        lastActiveAt = now
    }

    public mutating func next(now: Date) { go(to: current + 1, now: now) }
    public mutating func previous(now: Date) { go(to: current - 1, now: now) }

    /// Pauses or resumes the countdown; only in practice mode.
    public mutating func setPaused(_ value: Bool, now: Date) {
        guard mode == .practice, !isSubmitted else { return }
        paused = value
        lastActiveAt = now
    }

    public mutating func submit(at now: Date, automatically: Bool = false) {
        guard !isSubmitted else { return }
        submittedAt = now
        autoSubmitted = automatically
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
             submittedAt, autoSubmitted, showFeedback, score
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
        if let (key, message) = problem {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: message)
        }
    }

    /// The first inconsistency (counts that disagree with the form, an index out of range,
    /// a negative time...); nil when none. The store refuses to save or load such an attempt.
    var problem: (key: CodingKeys, message: String)? {
        if let p = ProfileName.problem(with: id, what: "an attempt id") { return (.id, p) }
        let n = form.items.count
        if form.minutes <= 0 { return (.form, "\"minutes\" should be 1 or more") }
        if answers.count != n { return (.answers, "has \(answers.count) entries for \(n) items") }
        if answers.contains(where: { !(0..<4).contains($0 ?? 0) }) { return (.answers, "a chosen option should be 0 to 3 or null") }
        if flags.count != n { return (.flags, "has \(flags.count) entries for \(n) items") }
        if timeOnItem.count != n { return (.timeOnItem, "has \(timeOnItem.count) entries for \(n) items") }
        if timeOnItem.contains(where: { !$0.isFinite || $0 < 0 }) { return (.timeOnItem, "should hold numbers of seconds from 0 up") }
        if current < 0 || current >= max(n, 1) { return (.current, "is \(current), outside the \(n) items") }
        if !elapsed.isFinite || elapsed < 0 { return (.elapsed, "should be a number of seconds from 0 up") }
        if !Timestamp.isWritable(startedAt) { return (.startedAt, "is outside the years 1-9999") }
        if !Timestamp.isWritable(lastActiveAt) { return (.lastActiveAt, "is outside the years 1-9999") }
        if let s = submittedAt, !Timestamp.isWritable(s) { return (.submittedAt, "is outside the years 1-9999") }
        return nil
    }
}

/// Text forms of exam times.
public enum ExamClockText {
    public enum Urgency: Sendable, Hashable { case normal, warning, critical }

    /// `1:23:45` (hours shown only when there are any), rounding seconds up so the
    /// clock reads 0:00 only when no time is left.
    public static func countdown(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        return h > 0 ? "\(h):\(pad(m)):\(pad(s))" : "\(m):\(pad(s))"
    }

    /// `4:10` for minutes and seconds, or `1:02:03` past an hour.
    public static func minutesSeconds(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        return h > 0 ? "\(h):\(pad(m)):\(pad(s))" : "\(m):\(pad(s))"
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

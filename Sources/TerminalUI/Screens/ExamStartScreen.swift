#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import StudyCore

/// A track's mock-exam attempts as saved, which is all the start screen shows: every
/// attempt's summary and, for those in progress, the attempt itself (its question and clock).
public struct ExamStartData: Sendable, Hashable {
    /// The track's attempts, oldest first.
    public var history: [AttemptSummary]
    /// The track's attempts in progress, read in full.
    public var running: [ExamAttempt]
    /// Attempts in progress whose file could not be read (damaged): named, never hidden.
    public var unreadable: [String]

    public init(history: [AttemptSummary], running: [ExamAttempt], unreadable: [String] = []) {
        self.history = history
        self.running = running
        self.unreadable = unreadable
    }

    /// Only `track`'s attempts of a profile's, keeping those in progress from `running`.
    public init(track: String, history: [AttemptSummary], running: [ExamAttempt], unreadable: [String] = []) {
        self.history = history.filter { $0.track == track }
        self.running = running.filter { $0.form.trackID == track && $0.isInProgress }
        self.unreadable = unreadable
    }
}

/// Where a mock exam begins: every attempt in progress first (Resume), then the new forms
/// (fixed, random, short), in Exam conditions or Practice, then past attempts.
///
/// Everything shown is derived when drawn from the saved attempts (`ExamStartData`) and
/// the clock (`now`): time left is what the exam would have on resuming now. The screen
/// asks the host for fresh figures (`.refresh`, the runtime's one refresh mechanism)
/// whenever it comes back on top and the clock every second (`.readClock`);
/// `refresh(from:)` takes the answer. Enter on Resume asks the host to resume (`.beginExam`); a new form opens
/// the instructions screen first (asking before starting one while another is in progress);
/// `a` abandons and `d` deletes an attempt, each after a confirm.
public struct ExamStartScreen: Screen {
    /// One selectable row of the list.
    public enum Option: Sendable, Hashable {
        case resume(ExamAttempt)
        /// The new attempt the command line asked for (`--form`, `--items`...).
        case requested(ExamChoice)
        case fixed(Int)
        case random
        case short(Int)
        /// A submitted or abandoned attempt (Enter opens a submitted one's report).
        case past(AttemptSummary)
    }

    /// What a confirm on the screen is about.
    public enum Pending: Sendable, Hashable {
        case start(ExamChoice)
        case abandon(String)
        case delete(String)
    }

    public let id = "exam-start"
    public let track: Track
    public let questions: [String: Question]
    public private(set) var data: ExamStartData
    /// The clock the figures are computed at (the host's wall clock).
    public private(set) var now: Date
    public private(set) var options: [Option] = []
    public private(set) var selected = 0
    public private(set) var mode: ExamAttempt.Mode
    public private(set) var feedback: Bool
    /// The new attempt the command line asked for while another was in progress.
    public let requested: ExamChoice?
    public private(set) var dialog: (ConfirmDialog, Pending)?
    /// What the bank lacks for a full form, if anything.
    public let shortage: ExamShortage?
    private let fixedForms: Int
    private let shortFits: Bool
    private var body = Size(width: 78, height: 20)
    /// Set when an exam or report was opened from here: on return the cursor goes to the top.
    private var awaitingReturn = false

    /// Items in the short form offered.
    public static let shortItems = 30

    /// - Parameters:
    ///   - questions: the bank's questions (only this track's are used).
    ///   - data: the track's attempts as saved.
    ///   - now: the host's wall clock.
    ///   - requested: a new attempt asked for on the command line, offered after the resumes.
    public init(track: Track, questions: [Question], data: ExamStartData, now: Date,
                mode: ExamAttempt.Mode = .exam, feedback: Bool = false, requested: ExamChoice? = nil) {
        self.track = track
        var byID: [String: Question] = [:]
        for q in questions where q.domains[track.id] != nil { byID[q.id] = q }
        self.questions = byID
        let pools = ExamFormBuilder.pools(questions, track: track)
        let full = ExamPlan.full(track)
        shortage = ExamFormBuilder.shortage(full, pools: pools)
        fixedForms = shortage == nil ? max(1, ExamFormBuilder.fixedFormCount(full, pools: pools)) : 0
        shortFits = ExamFormBuilder.shortage(.short(track, items: Self.shortItems), pools: pools) == nil
        self.data = ExamStartData(track: track.id, history: data.history, running: data.running, unreadable: data.unreadable)
        self.now = now
        self.mode = requested?.mode ?? mode
        self.feedback = requested?.feedback ?? feedback
        self.requested = requested
        options = makeOptions()
    }

    /// Takes a fresh reading of the saved attempts: every figure is recomputed from it.
    public mutating func refresh(_ fresh: ExamStartData) {
        let keep = selected < options.count ? options[selected] : nil
        let known = Set(data.running.map(\.id))
        data = ExamStartData(track: track.id, history: fresh.history, running: fresh.running, unreadable: fresh.unreadable)
        options = makeOptions()
        // Back from an exam (or an attempt started meanwhile): Resume, at the top, gets the cursor.
        if awaitingReturn || data.running.contains(where: { !known.contains($0.id) }) {
            selected = 0
            awaitingReturn = false
        } else if let keep, let i = options.firstIndex(where: { Self.sameRow($0, keep) }) {
            selected = i
        } else {
            selected = min(selected, max(0, options.count - 1))
        }
    }

    /// Takes the figures of a start screen the host just built from the store (the answer
    /// to `.refresh`): its attempts and clock; the cursor, mode and any request stay.
    public mutating func refresh(from fresh: any Screen) {
        guard let fresh = fresh as? ExamStartScreen, fresh.track.id == track.id else { return }
        now = fresh.now
        refresh(fresh.data)
    }

    /// Moves the clock the figures are computed at.
    public mutating func setNow(_ date: Date) { now = date }

    private static func sameRow(_ a: Option, _ b: Option) -> Bool {
        switch (a, b) {
        case (.resume(let x), .resume(let y)): return x.id == y.id
        case (.past(let x), .past(let y)): return x.id == y.id
        default: return a == b
        }
    }

    private func makeOptions() -> [Option] {
        var out: [Option] = data.running.sorted { ($0.lastActiveAt, $0.id) > ($1.lastActiveAt, $1.id) }.map { .resume($0) }
        if let requested { out.append(.requested(requested)) }
        if fixedForms > 0 {
            out += (1...fixedForms).map { Option.fixed($0) }
            out.append(.random)
        }
        if shortFits { out.append(.short(Self.shortItems)) }
        out += data.history.filter { !$0.isInProgress }.reversed().map { .past($0) }
        return out
    }

    public var title: String { "Mock exam · \(track.shortName)" }

    public var status: String {
        let n = data.running.count
        return n == 0 ? "" : "\(n) in progress"
    }

    public var keyBindings: [KeyBinding] {
        if dialog != nil { return ConfirmDialog.keyBindings + [KeyBinding(.char("q"), "cancel", inFooter: false)] }
        var keys = [
            KeyBinding([.up, .down], "choose", label: "↑/↓"),
            KeyBinding([.pageUp, .pageDown, .home, .end], "page", label: "PgUp/PgDn", inFooter: false,
                       help: "move a page (Home/End: first/last row)"),
            KeyBinding(.enter, "start/resume", help: "resume, start the highlighted form, or open a past attempt's report"),
            KeyBinding(.char("m"), "exam/practice", help: "switch between Exam conditions and Practice (pause, feedback)"),
        ]
        // Only the keys that have something to act on.
        if !data.running.isEmpty {
            keys.append(KeyBinding(.char("a"), "abandon", help: "give up the highlighted attempt in progress (kept in history, not scored)"))
        }
        if !data.history.isEmpty || !data.running.isEmpty {
            keys.append(KeyBinding(.char("d"), "delete", help: "delete the highlighted attempt for good"))
        }
        return keys
    }

    public var selectedOption: Option? { selected < options.count ? options[selected] : nil }

    public mutating func update(_ event: Event) -> [Effect] {
        switch event {
        case .resumed:
            // Back from an exam or its report: the attempts listed may have changed.
            return [.refresh(screenID: id)]
        case .resize(let size):
            body = size
        case .tick:
            return [.readClock]
        case .effectResult(.clock(let wall, _)):
            now = Date(timeIntervalSince1970: wall)
        case .effectResult(.examStartData(let fresh)):
            refresh(fresh)
        case .effectResult(.examStarted(let attempt)):
            awaitingReturn = true
            if attempt.isSubmitted {  // it ran out of time while the app was closed, or a past attempt
                return [.push(ExamReportScreen(attempt: attempt, track: track, questions: questions))]
            }
            return [.push(ExamScreen(attempt: attempt, track: track, questions: questions))]
        case .key(let key):
            if case (var d, let pending)? = dialog {
                if key == .char("q") { dialog = nil; return [] }
                switch d.handle(key) {
                case .confirmed?:
                    dialog = nil
                    return perform(pending)
                case .cancelled?: dialog = nil
                case nil: dialog = (d, pending)
                }
                return []
            }
            return handleKey(key)
        default: break
        }
        return []
    }

    private mutating func handleKey(_ key: Key) -> [Effect] {
        let last = max(0, options.count - 1)
        let page = max(1, listRows - 2)
        switch key {
        case .up: selected = max(0, selected - 1)
        case .down: selected = min(last, selected + 1)
        case .pageUp: selected = max(0, selected - page)
        case .pageDown: selected = min(last, selected + page)
        case .home: selected = 0
        case .end: selected = last
        case .char("m"): mode = mode == .exam ? .practice : .exam
        case .enter:
            guard let option = selectedOption else { return [] }
            switch option {
            case .resume(let a):
                return [.beginExam(ExamChoice(trackID: track.id, resumeID: a.id, mode: a.mode))]
            case .past(let s):
                guard s.submittedAt != nil else { return [] }  // abandoned: nothing to open
                return [.beginExam(ExamChoice(trackID: track.id, resumeID: s.id, mode: ExamAttempt.Mode(rawValue: s.mode) ?? .exam))]
            default:
                let choice = self.choice(option)
                if !data.running.isEmpty {
                    let n = data.running.count
                    dialog = (ConfirmDialog(title: "Start a new attempt?",
                                            message: "\(n) attempt\(n == 1 ? " is" : "s are") in progress (Resume, at the top). "
                                                + "\(n == 1 ? "It stays" : "They stay") in progress; you can resume or abandon "
                                                + "\(n == 1 ? "it" : "them") later.",
                                            confirmLabel: "Start new", cancelLabel: "Keep"), .start(choice))
                    return []
                }
                return perform(.start(choice))
            }
        case .char("a"):
            guard case .resume(let a)? = selectedOption else { return [] }
            dialog = (ConfirmDialog(title: "Abandon this attempt?",
                                    message: "\(a.form.name), \(a.answeredCount) of \(a.count) answered. It stays in your history "
                                        + "as abandoned; it is not scored and does not count toward readiness.",
                                    confirmLabel: "Abandon", cancelLabel: "Keep"), .abandon(a.id))
        case .char("d"):
            let target: (id: String, text: String)
            switch selectedOption {
            case .resume(let a)?: target = (a.id, "\(a.form.name) (in progress, \(a.answeredCount) of \(a.count) answered)")
            case .past(let s)?: target = (s.id, "\(s.form) of \(Self.day(s.startedAt))")
            default: return []
            }
            dialog = (ConfirmDialog(title: "Delete this attempt?",
                                    message: "\(target.text) is deleted for good. Missed items it already added to study stay there.",
                                    confirmLabel: "Delete", cancelLabel: "Keep"), .delete(target.id))
        default: break
        }
        return []
    }

    private mutating func perform(_ pending: Pending) -> [Effect] {
        switch pending {
        case .start(let choice):
            awaitingReturn = true
            return [.push(ExamInstructionsScreen(track: track, questions: questions, choice: choice))]
        case .abandon(let id): return [.abandonExam(id: id)]
        case .delete(let id): return [.deleteExam(id: id)]
        }
    }

    /// What a new-attempt option asks for (the mode is the screen's).
    public func choice(_ option: Option) -> ExamChoice {
        switch option {
        case .resume(let a): return ExamChoice(trackID: track.id, resumeID: a.id, mode: a.mode)
        case .past(let s): return ExamChoice(trackID: track.id, resumeID: s.id, mode: ExamAttempt.Mode(rawValue: s.mode) ?? .exam)
        case .requested(let c):
            return ExamChoice(trackID: track.id, formNumber: c.formNumber, items: c.items, mode: mode, feedback: feedback)
        case .fixed(let n): return ExamChoice(trackID: track.id, formNumber: n, mode: mode, feedback: feedback)
        case .random: return ExamChoice(trackID: track.id, mode: mode, feedback: feedback)
        case .short(let n): return ExamChoice(trackID: track.id, items: n, mode: mode, feedback: feedback)
        }
    }

    static func day(_ date: Date) -> String { String(Timestamp.string(date).prefix(10)) }

    /// The row's text, computed from the saved attempt and `now`.
    public func label(_ option: Option) -> String {
        switch option {
        case .resume(let a):
            let practice = a.mode == .practice ? " · practice" : ""
            if a.hasExpired(at: now) {
                return "Resume \(a.form.name)\(practice) · time ran out · Enter submits it and shows the result"
            }
            return "Resume \(a.form.name)\(practice) · question \(a.current + 1) of \(a.count) · "
                + "\(ExamClockText.countdown(a.remaining(at: now))) left"
        case .requested(let c):
            let items = c.items ?? track.totalItems, minutes = c.items ?? track.minutes
            let name = c.formNumber.map { "Form \($0)" } ?? "Random form"
            return "New: \(name) (\(items) items, \(minutes) min)"
        case .fixed(let n): return "Form \(n) (\(track.totalItems) items, \(track.minutes) min)"
        case .random: return "Random form (items you have not met in a mock first)"
        case .short(let n): return "Short random form (\(n) items, \(n) min)"
        case .past(let a):
            var text = "\(Self.day(a.startedAt))  \(TextLayout.pad(TextLayout.truncate(a.form, width: 17), width: 17))  "
            if a.isAbandoned {
                text += "abandoned · \(a.answered)/\(a.itemCount) answered"
            } else if let s = a.score {
                if a.isPractice { text += "practice · " }
                text += "\(s.scaledEstimate) \(s.passed ? "PASS" : "below \(track.scale.pass)")  raw \(s.scoredCorrect)/\(s.scoredTotal)"
                if a.autoSubmitted == true {
                    text += "  timed out"
                } else if let e = a.elapsed, !a.isPractice {
                    text += "  \(ExamClockText.minutesSeconds(e)) used"
                }
            } else {
                text += "submitted"
            }
            return text
        }
    }

    /// Rows the list gets: the body less the heading, mode line and spacing.
    private var listRows: Int { max(3, body.height - 5 - (shortage == nil ? 0 : 2)) }

    /// The list as lines: section headings and option rows (with their index).
    private func lines() -> [(text: String, option: Int?)] {
        var out: [(String, Int?)] = []
        var section = ""
        for (i, option) in options.enumerated() {
            let heading: String
            switch option {
            case .resume: heading = "In progress"
            case .past: heading = "Past attempts"
            default: heading = "New attempt"
            }
            if heading != section {
                if !section.isEmpty { out.append(("", nil)) }
                out.append((heading, nil))
                section = heading
            }
            out.append((label(option), i))
        }
        if !options.contains(where: { if case .past = $0 { return true } else { return false } }) {
            out.append(("", nil))
            out.append(("Past attempts", nil))
            out.append(("  none yet", nil))
        }
        return out
    }

    public func render(into canvas: inout Canvas) {
        let theme = canvas.theme
        let width = canvas.size.width
        var y = 0
        if let shortage {
            for line in TextLayout.wrap("No full form yet: " + shortage.description, width: width - 4).prefix(2) {
                _ = canvas.write(line, x: 2, y: y, style: theme.warning)
                y += 1
            }
        }
        if !data.unreadable.isEmpty {
            let ids = data.unreadable.joined(separator: ", ")
            _ = canvas.write("Attempt \(ids) cannot be read: run statdeck users check", x: 2, y: y,
                             width: width - 4, style: theme.warning)
            y += 1
        }
        let modeText = mode == .exam
            ? "New attempts: Exam conditions (no pause or feedback; ends at 0:00) · m"
            : "New attempts: Practice (Space pauses, x shows feedback" + (feedback ? ", on" : "") + ") · m"
        _ = canvas.write(modeText, x: 2, y: y, width: width - 4, style: theme.accent)
        y += 2
        let all = lines()
        let rows = max(3, canvas.size.height - y)
        let selectedLine = all.firstIndex { $0.option == selected } ?? 0
        // Scroll so the selected row is visible; a marker takes a row at each cut end.
        func shown(from first: Int) -> Int {
            let above = first > 0 ? 1 : 0
            return rows - above - (first + rows - above < all.count ? 1 : 0)
        }
        var first = all.count > rows ? max(0, min(selectedLine - rows / 2, all.count - rows)) : 0
        while selectedLine >= first + shown(from: first) && first < all.count - 1 { first += 1 }
        let visible = shown(from: first)
        let above = first > 0
        let below = first + visible < all.count
        if above {
            _ = canvas.write("↑ \(first) more above", x: 2, y: y, style: theme.muted)
            y += 1
        }
        for line in all.dropFirst(first).prefix(visible) {
            if let i = line.option {
                let mine = i == selected
                _ = canvas.write((mine ? "▸ " : "  ") + line.text, x: 2, y: y, width: width - 4,
                                 style: mine ? theme.selection : theme.text)
            } else {
                _ = canvas.write(line.text, x: 2, y: y, width: width - 4,
                                 style: line.text.hasPrefix("  ") ? theme.muted : theme.heading)
            }
            y += 1
        }
        if below {
            let more = all.count - first - visible
            _ = canvas.write("↓ \(more) more below", x: 2, y: y, style: theme.muted)
        }
        if let (d, _) = dialog { d.render(into: &canvas, area: canvas.bounds) }
    }
}

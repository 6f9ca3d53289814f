import StudyCore

/// Where a mock exam begins: resume the attempt in progress, or choose a fixed form, a
/// random form or a short one, in Exam conditions or Practice; past attempts below.
///
/// Enter asks the host to start or resume (`.beginExam`); its answer `.examStarted`
/// opens the exam screen on top.
public struct ExamStartScreen: Screen {
    /// One choice in the list.
    public enum Option: Sendable, Hashable {
        case resume(ExamAttempt)
        case fixed(Int)
        case random
        case short(Int)
    }

    public let id = "exam-start"
    public let track: Track
    public let questions: [String: Question]
    public private(set) var options: [Option]
    public private(set) var selected = 0
    public private(set) var mode: ExamAttempt.Mode = .exam
    public let history: [AttemptSummary]
    /// What the bank lacks for a full form, if anything.
    public let shortage: ExamShortage?

    /// Items in the short form offered.
    public static let shortItems = 30

    /// - Parameters:
    ///   - questions: the bank's questions (only this track's are used).
    ///   - inProgress: the attempt to offer to resume first.
    ///   - history: the profile's attempts (this track's are listed, newest first).
    public init(track: Track, questions: [Question], inProgress: ExamAttempt?, history: [AttemptSummary]) {
        self.track = track
        var byID: [String: Question] = [:]
        for q in questions where q.domains[track.id] != nil { byID[q.id] = q }
        self.questions = byID
        let pools = ExamFormBuilder.pools(questions, track: track)
        let full = ExamPlan.full(track)
        shortage = ExamFormBuilder.shortage(full, pools: pools)
        var options: [Option] = []
        if let inProgress, !inProgress.isSubmitted, inProgress.form.trackID == track.id { options.append(.resume(inProgress)) }
        if shortage == nil {
            options += (1...max(1, ExamFormBuilder.fixedFormCount(full, pools: pools))).map { Option.fixed($0) }
            options.append(.random)
        }
        if ExamFormBuilder.shortage(.short(track, items: Self.shortItems), pools: pools) == nil {
            options.append(.short(Self.shortItems))
        }
        self.options = options
        self.history = history.filter { $0.track == track.id }.reversed()
    }

    public var title: String { "Mock exam · \(track.shortName)" }

    public let keyBindings: [KeyBinding] = [
        KeyBinding([.up, .down], "choose", label: "↑/↓"),
        KeyBinding(.enter, "start"),
        KeyBinding(.char("m"), "exam/practice", help: "switch between Exam conditions and Practice (pause, feedback)"),
    ]

    public mutating func update(_ event: Event) -> [Effect] {
        switch event {
        case .resumed:
            // Back from an exam or its report: the attempts listed may have changed.
            return [.refresh(screenID: id)]
        case .key(.up): selected = max(0, selected - 1)
        case .key(.down): selected = min(max(0, options.count - 1), selected + 1)
        case .key(.char("m")): mode = mode == .exam ? .practice : .exam
        case .key(.enter):
            guard selected < options.count else { return [] }
            return [.beginExam(choice(options[selected]))]
        case .effectResult(.examStarted(let attempt)):
            // The attempt is now saved and running; the resume row would be stale.
            if case .resume? = options.first {
                options.removeFirst()
                selected = max(0, selected - 1)
            }
            if attempt.isSubmitted {  // it ran out of time while the app was closed
                return [.push(ExamReportScreen(attempt: attempt, track: track, questions: questions))]
            }
            return [.push(ExamScreen(attempt: attempt, track: track, questions: questions))]
        default: break
        }
        return []
    }

    /// What the host is asked to open for an option.
    public func choice(_ option: Option) -> ExamChoice {
        switch option {
        case .resume(let a): return ExamChoice(trackID: track.id, resumeID: a.id, mode: a.mode)
        case .fixed(let n): return ExamChoice(trackID: track.id, formNumber: n, mode: mode)
        case .random: return ExamChoice(trackID: track.id, mode: mode)
        case .short(let n): return ExamChoice(trackID: track.id, items: n, mode: mode)
        }
    }

    func label(_ option: Option) -> String {
        switch option {
        case .resume(let a):
            return "Resume \(a.form.name) · question \(a.current + 1) of \(a.count) · \(ExamClockText.countdown(a.remaining)) left"
                + (a.mode == .practice ? " · practice" : "")
        case .fixed(let n): return "Form \(n) (\(track.totalItems) items, \(track.minutes) min)"
        case .random: return "Random form (items you have not met in a mock first)"
        case .short(let n): return "Short random form (\(n) items, \(n) min)"
        }
    }

    public func render(into canvas: inout Canvas) {
        let theme = canvas.theme
        var y = 1
        _ = canvas.write("Choose a form", x: 2, y: y, style: theme.heading)
        y += 1
        if let shortage {
            for line in TextLayout.wrap("No full form yet: " + shortage.description, width: canvas.size.width - 4).prefix(2) {
                _ = canvas.write(line, x: 2, y: y, style: theme.warning)
                y += 1
            }
        }
        let listRows = max(1, min(options.count, canvas.size.height / 2 - 2))
        let first = max(0, min(selected - listRows + 1, options.count - listRows))
        for (i, option) in options.enumerated().dropFirst(first).prefix(listRows) {
            let mine = i == selected
            _ = canvas.write((mine ? "▸ " : "  ") + label(option), x: 2, y: y, width: canvas.size.width - 4,
                             style: mine ? theme.selection : theme.text)
            y += 1
        }
        if options.isEmpty { _ = canvas.write("The bank cannot fill a mock exam for this track.", x: 2, y: y, style: theme.muted); y += 1 }
        y += 1
        let modeText = mode == .exam
            ? "Mode: Exam conditions (no pause, no feedback, ends at 0:00)"
            : "Mode: Practice (Space pauses, x shows feedback)"
        _ = canvas.write(modeText + " · m to change", x: 2, y: y, width: canvas.size.width - 4, style: theme.accent)
        y += 2
        _ = canvas.write("Past attempts", x: 2, y: y, style: theme.heading)
        y += 1
        if history.isEmpty { _ = canvas.write("none yet", x: 4, y: y, style: theme.muted) }
        for a in history where y < canvas.size.height {
            let day = String(Timestamp.string(a.startedAt).prefix(10))
            var text = "\(day)  \(TextLayout.pad(TextLayout.truncate(a.form, width: 22), width: 22))  "
            if a.submittedAt == nil {
                text += "in progress (\(a.answered) of \(a.itemCount) answered)"
            } else if let s = a.score {
                text += "\(s.scaledEstimate) \(s.passed ? "PASS" : "below \(track.scale.pass)")  raw \(s.scoredCorrect)/\(s.scoredTotal)"
                if let e = a.elapsed { text += "  \(ExamClockText.minutesSeconds(e)) used" }
            } else {
                text += "submitted"
            }
            _ = canvas.write(text, x: 4, y: y, width: canvas.size.width - 6, style: theme.text)
            y += 1
        }
    }
}

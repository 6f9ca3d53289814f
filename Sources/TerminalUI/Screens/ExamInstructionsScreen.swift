import StudyCore

/// What the candidate reads before the clock starts, as at a test centre: the item count,
/// the time, how the exam is scored, the keys, and "Press Enter to begin".
///
/// Nothing is created until Enter: it asks the host to start the attempt (`.beginExam`),
/// and the host's answer (`.examStarted`) puts the exam screen in its place. Esc goes back
/// without starting anything.
public struct ExamInstructionsScreen: Screen {
    public let id = "exam-instructions"
    public let track: Track
    public let questions: [String: Question]
    public let choice: ExamChoice
    public let plan: ExamPlan
    /// Set once Enter was pressed, so a second Enter does not start a second attempt.
    public private(set) var starting = false

    /// - Parameter questions: the track's questions, by id (for the exam screen).
    public init(track: Track, questions: [String: Question], choice: ExamChoice) {
        self.track = track
        self.questions = questions
        self.choice = choice
        plan = choice.items.map { ExamPlan.short(track, items: $0) } ?? ExamPlan.full(track)
    }

    public var formName: String {
        let name = choice.formNumber.map { "Form \($0)" } ?? "Random form"
        return choice.items.map { "\(name) (\($0) items)" } ?? name
    }

    public var title: String { "Before you begin · \(track.shortName) \(formName)" }

    public let keyBindings: [KeyBinding] = [
        KeyBinding(.enter, "begin", help: "start the exam: the clock starts now"),
        KeyBinding([.escape, .char("q")], "back", label: "Esc", help: "go back without starting"),
    ]

    public mutating func update(_ event: Event) -> [Effect] {
        switch event {
        case .key(.enter):
            guard !starting else { return [] }
            starting = true
            return [.beginExam(choice)]
        case .key(.escape), .key(.char("q")):
            return [.pop]
        case .effectResult(.examStarted(let attempt)):
            return [.replace(ExamScreen(attempt: attempt, track: track, questions: questions))]
        case .effectResult(.failed):
            starting = false
        default: break
        }
        return []
    }

    /// The instructions as lines: (text, is a heading).
    public func lines(width: Int) -> [(String, Bool)] {
        let scale = track.scale
        let practice = choice.mode == .practice
        var out: [(String, Bool)] = []
        func para(_ text: String) { for l in TextLayout.wrap(text, width: width - 2) { out.append(("  " + l, false)) } }
        out.append(("\(track.shortName) mock exam · \(formName) · \(practice ? "Practice" : "Exam conditions")", true))
        para("\(plan.totalItems) items (\(plan.scoredItems) scored, \(plan.pretestItems) pretest) · \(plan.minutes) minutes"
             + (plan.isFullLength ? ", as on the real exam" : " (shorter, in the exam's proportions)"))
        out.append(("", false))
        out.append(("Scoring", true))
        para("Scaled \(scale.min)-\(scale.max); \(scale.pass) to pass (StatDeck's estimate: NHA does not publish its conversion). "
             + "The \(plan.pretestItems) pretest items look like the others, are not marked, and do not count. "
             + "An unanswered item counts as wrong, so answer every item.")
        out.append(("", false))
        out.append(("Timing", true))
        para(practice
             ? "The clock starts when you press Enter. Space pauses it; x shows right or wrong after each answer (the answer then locks)."
             : "The clock starts when you press Enter and cannot be paused; time away counts; the exam is submitted at 0:00. "
               + "The clock changes style at 10 minutes and at 1 minute left.")
        out.append(("", false))
        out.append(("Keys", true))
        para("a-d or 1-4 answer (change freely) · f flag · n/p next/previous · g go to a number · "
             + "r review grid · s submit · q save and leave (resume later)")
        return out
    }

    public static let beginLine = "Press Enter to begin · Esc to go back"


    public func render(into canvas: inout Canvas) {
        let theme = canvas.theme
        let width = min(canvas.size.width - 4, 100)
        var all = lines(width: width)
        // The last row always says how to begin; blank lines go first when room is short.
        let room = canvas.size.height - 2
        if all.count > room { all = all.filter { !$0.0.isEmpty } }
        let top = max(0, min(1, room - all.count) + (room - all.count) / 3)
        for (i, line) in all.enumerated() where top + i < room {
            _ = canvas.write(line.0, x: 2, y: top + i, width: canvas.size.width - 4, style: line.1 ? theme.heading : theme.text)
        }
        _ = canvas.write(Self.beginLine, x: 2, y: min(canvas.size.height - 1, top + all.count + 1), style: theme.accent)
    }
}

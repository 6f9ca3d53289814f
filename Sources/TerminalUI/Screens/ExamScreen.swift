#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import StudyCore

/// Taking a mock exam: one question at a time with the countdown and pace, the review
/// grid (`r`), go to a number (`g`) and submit with a confirm (`s`).
///
/// The attempt is the engine's `ExamAttempt`; this screen only routes keys to it and
/// asks the host to save it (`.saveExam`) after every answer, flag and move, and every
/// few seconds of time. Time comes from the host through `.readClock` on every tick, as
/// monotonic seconds, so changing the system clock does not move the countdown.
public struct ExamScreen: Screen {
    /// What the screen shows.
    public enum Panel: Sendable, Hashable {
        case question
        /// All items as numbers, with a cursor.
        case grid
        /// "Go to question:" with what was typed so far.
        case goTo(String)
        case confirmSubmit(ConfirmDialog)
    }

    public private(set) var attempt: ExamAttempt
    public let track: Track
    public let questions: [String: Question]
    public private(set) var panel: Panel = .question
    /// The highlighted option (arrows + Enter answer it).
    public private(set) var cursor = 0
    public private(set) var gridCursor = 0
    private var lastMonotonic: Double?
    /// The body's size, from the last `.resize` (the grid's columns depend on it).
    private var body = Size(width: 78, height: 20)
    private var lastNow: Date
    /// Elapsed seconds at the last save, to save time every few seconds.
    private var savedElapsed: Double

    /// Seconds of exam time between saves made only for the clock.
    public static let clockSaveInterval = 5.0
    /// In practice, a gap between clock readings longer than this is time the app was not
    /// running (asleep or stopped), counted as one second.
    public static let practiceGapLimit = 5.0

    /// - Parameters:
    ///   - attempt: a started (or resumed) attempt.
    ///   - monotonic: the host's monotonic reading when the screen opens (nil: the first tick sets it).
    public init(attempt: ExamAttempt, track: Track, questions: [String: Question], monotonic: Double? = nil) {
        self.attempt = attempt
        self.track = track
        self.questions = questions
        lastMonotonic = monotonic
        lastNow = attempt.lastActiveAt
        savedElapsed = attempt.elapsed
        gridCursor = attempt.current
        cursor = attempt.answers.isEmpty ? 0 : (attempt.answers[attempt.current] ?? 0)
    }

    public var id: String { panel == .grid ? "review-grid" : "exam" }

    public var title: String {
        (panel == .grid ? "Review · " : "Mock exam · ") + "\(track.shortName) \(attempt.form.name)"
    }

    /// The countdown's style: warning at 10 minutes left, critical at 1 minute.
    public var statusTone: StatusTone {
        switch attempt.urgency {
        case .normal: return .normal
        case .warning: return .warning
        case .critical: return .critical
        }
    }

    public var status: String {
        let mark = attempt.urgency == .critical ? "!" : ""
        let clock = ExamClockText.countdown(attempt.remaining) + mark + (attempt.paused ? " paused" : "")
        if panel == .grid { return "answered \(attempt.answeredCount) · flagged \(attempt.flaggedCount) · \(clock)" }
        return "Question \(attempt.current + 1) of \(attempt.count) · \(clock)"
    }

    public var keyBindings: [KeyBinding] {
        switch panel {
        case .question:
            var keys = [
                KeyBinding([.char("a"), .char("b"), .char("c"), .char("d"), .char("1"), .char("2"), .char("3"), .char("4")],
                           "answer", label: "a-d", help: "choose an answer (a-d or 1-4); change it freely"),
                KeyBinding([.up, .down], "highlight an answer", label: "↑/↓", inFooter: false),
                KeyBinding(.enter, "answer the highlighted option", inFooter: false),
                KeyBinding(.char("f"), "flag"),
                KeyBinding([.char("n"), .char("p"), .right, .left], "next/prev", label: "n/p"),
                KeyBinding(.char("g"), "go to"),
                KeyBinding(.char("r"), "review grid"),
                KeyBinding(.char("s"), "submit"),
                KeyBinding([.escape, .char("q")], "save and leave", label: "Esc/q", inFooter: false,
                           help: "save and leave; the exam resumes where it was (time counts on in Exam conditions)"),
            ]
            if attempt.mode == .practice {
                keys.append(KeyBinding(.char(" "), "pause", label: "Space", help: "pause or resume the countdown (practice)"))
                keys.append(KeyBinding(.char("x"), "feedback", help: "show or hide right/wrong after each answer (practice); once shown, that answer is locked"))
            }
            return keys
        case .grid:
            return [
                KeyBinding([.up, .down, .left, .right], "move", label: "arrows", inFooter: false),
                KeyBinding(.enter, "go to"),
                KeyBinding(.char("u"), "next unanswered"),
                KeyBinding(.char("f"), "next flagged"),
                KeyBinding(.char("s"), "submit"),
                KeyBinding([.escape, .char("r"), .char("q")], "back", label: "Esc"),
            ]
        case .goTo:
            return [
                KeyBinding([.char("0"), .char("1"), .char("2"), .char("3"), .char("4"), .char("5"), .char("6"), .char("7"),
                            .char("8"), .char("9")], "type a number", label: "0-9"),
                KeyBinding(.backspace, "erase", inFooter: false),
                KeyBinding(.enter, "go"),
                KeyBinding([.escape, .char("q")], "cancel", label: "Esc"),
            ]
        case .confirmSubmit:
            return ConfirmDialog.keyBindings + [KeyBinding(.char("q"), "cancel", inFooter: false)]
        }
    }

    // MARK: update

    public mutating func update(_ event: Event) -> [Effect] {
        switch event {
        case .tick:
            return attempt.isSubmitted ? [] : [.readClock]
        case .effectResult(.clock(let now, let monotonic)):
            return advanceClock(now: Date(timeIntervalSince1970: now), monotonic: monotonic)
        case .terminating:
            return [.saveExam(attempt)]
        case .resize(let size):
            body = size
            gridCursor = min(gridCursor, max(0, attempt.count - 1))
            return []
        case .key(let key):
            switch panel {
            case .question: return questionKey(key)
            case .grid: return gridKey(key)
            case .goTo(let typed): return goToKey(key, typed: typed)
            case .confirmSubmit(var dialog):
                if key == .char("q") { panel = .question; return [] }
                switch dialog.handle(key) {
                case .confirmed?: return submit()
                case .cancelled?: panel = .question
                case nil: panel = .confirmSubmit(dialog)
                }
                return []
            }
        default:
            return []
        }
    }

    private mutating func advanceClock(now: Date, monotonic: Double) -> [Effect] {
        lastNow = now
        defer { lastMonotonic = monotonic }
        guard let last = lastMonotonic, !attempt.isSubmitted else { return [] }
        var delta = monotonic - last
        // Readings come every second; a longer gap means the app was not running (the machine
        // slept or the process was stopped). That counts in Exam conditions, not in practice.
        if attempt.mode == .practice && delta > Self.practiceGapLimit { delta = 1 }
        attempt.advance(by: delta, now: now)
        if attempt.isSubmitted { return finished() }
        if attempt.elapsed - savedElapsed >= Self.clockSaveInterval { return save() }
        return []
    }

    private mutating func save() -> [Effect] {
        savedElapsed = attempt.elapsed
        return [.saveExam(attempt)]
    }

    private mutating func moved(to index: Int) -> [Effect] {
        attempt.go(to: index, now: lastNow)
        cursor = attempt.answers[attempt.current] ?? 0
        return save()
    }

    private mutating func questionKey(_ key: Key) -> [Effect] {
        guard attempt.count > 0 else { return [] }
        switch key {
        case .char(let c) where "abcd".contains(c) || "1234".contains(c):
            let choice = "abcd".contains(c) ? Int(c.asciiValue! - 97) : Int(c.asciiValue! - 49)
            return choose(choice)
        case .up: cursor = max(0, cursor - 1)
        case .down: cursor = min(optionCount - 1, cursor + 1)
        case .enter: return choose(cursor)
        case .char("f"):
            attempt.toggleFlag(now: lastNow)
            return save()
        case .char("n"), .right: return moved(to: attempt.current + 1)
        case .char("p"), .left: return moved(to: attempt.current - 1)
        case .char("g"): panel = .goTo("")
        case .char("r"):
            gridCursor = attempt.current
            panel = .grid
        case .char("s"): panel = .confirmSubmit(submitDialog)
        case .char(" ") where attempt.mode == .practice:
            attempt.setPaused(!attempt.paused, now: lastNow)
            return save()
        case .char("x") where attempt.mode == .practice:
            attempt.toggleFeedback(now: lastNow)
            return save()
        case .escape, .char("q"):
            return [.saveExam(attempt), .pop]
        default: break
        }
        return []
    }

    private var optionCount: Int {
        max(1, min(4, questions[attempt.form.items[attempt.current].questionID]?.choices.count ?? 4))
    }

    private mutating func choose(_ choice: Int) -> [Effect] {
        guard choice < optionCount, !attempt.paused, !attempt.isLocked(attempt.current) else { return [] }
        cursor = choice
        attempt.answer(choice, now: lastNow)
        return save()
    }

    private mutating func gridKey(_ key: Key) -> [Effect] {
        let n = attempt.count
        guard n > 0 else { return [] }
        switch key {
        case .left: gridCursor = max(0, gridCursor - 1)
        case .right: gridCursor = min(n - 1, gridCursor + 1)
        case .up: gridCursor = max(0, gridCursor - gridColumns)
        case .down: gridCursor = min(n - 1, gridCursor + gridColumns)
        case .enter:
            panel = .question
            return moved(to: gridCursor)
        case .char("u"): gridCursor = nextIndex(after: gridCursor) { attempt.answers[$0] == nil } ?? gridCursor
        case .char("f"): gridCursor = nextIndex(after: gridCursor) { attempt.flags[$0] } ?? gridCursor
        case .char("s"): panel = .confirmSubmit(submitDialog)
        case .escape, .char("r"), .char("q"): panel = .question
        default: break
        }
        return []
    }

    /// The next position after `start` (wrapping) that matches.
    private func nextIndex(after start: Int, where match: (Int) -> Bool) -> Int? {
        let n = attempt.count
        for step in 1...n {
            let i = (start + step) % n
            if match(i) { return i }
        }
        return nil
    }

    private mutating func goToKey(_ key: Key, typed: String) -> [Effect] {
        switch key {
        case .char(let c) where c.isASCII && c.isNumber:
            let next = typed + String(c)
            if next.count <= 4 { panel = .goTo(next) }
        case .backspace: panel = .goTo(String(typed.dropLast()))
        case .enter:
            panel = .question
            if let n = Int(typed), n >= 1 { return moved(to: n - 1) }
        case .escape, .char("q"): panel = .question
        default: break
        }
        return []
    }

    /// "Submit the exam?" with how many are unanswered and flagged.
    public var submitDialog: ConfirmDialog {
        let u = attempt.unansweredCount, f = attempt.flaggedCount
        return ConfirmDialog(title: "Submit the exam?",
                             message: "\(u) unanswered and \(f) flagged. You cannot change answers after submitting.",
                             confirmLabel: "Submit", cancelLabel: "Keep going")
    }

    private mutating func submit() -> [Effect] {
        attempt.submit(at: lastNow)
        return finished()
    }

    /// Saves the submitted attempt and shows the report in place of the exam.
    private mutating func finished() -> [Effect] {
        panel = .question
        let report = ExamReportScreen(attempt: attempt, track: track, questions: questions)
        return [.saveExam(attempt), .replace(report)]
    }

    // MARK: drawing

    /// Width of one grid cell: cursor, number (3), answered mark, flag mark, space.
    static let gridCellWidth = 6
    /// From this body width up, the grid stands beside the item.
    public static let sideGridMinWidth = 118
    /// Width of the side grid (six cells and a margin).
    static let sideGridWidth = 6 * gridCellWidth + 3

    /// Grid columns on the full-screen grid for the current body width.
    var gridColumns: Int { max(5, min(20, (body.width - 4) / Self.gridCellWidth)) }

    public func render(into canvas: inout Canvas) {
        switch panel {
        case .grid: renderGrid(into: &canvas)
        case .question, .goTo, .confirmSubmit:
            if canvas.size.width >= Self.sideGridMinWidth && attempt.count > 0 {
                let left = canvas.size.width - Self.sideGridWidth
                var main = Canvas(size: Size(width: left, height: canvas.size.height), theme: canvas.theme)
                renderQuestion(into: &main)
                canvas.draw(main, x: 0, y: 0)
                renderSideGrid(into: &canvas, x: left)
                if case .confirmSubmit(let dialog) = panel {
                    dialog.render(into: &canvas, area: Rect(x: 0, y: 0, width: left, height: canvas.size.height))
                }
            } else {
                renderQuestion(into: &canvas)
                if case .confirmSubmit(let dialog) = panel { dialog.render(into: &canvas, area: canvas.bounds) }
            }
        }
    }

    /// One cell of a grid: `▸ 12●⚑`: answered (●) or not (○), and flagged (⚑) or not, at once.
    func gridCell(_ i: Int, cursorAt: Int?, theme: Theme) -> (String, Style) {
        let number = String(i + 1)
        let text = (i == cursorAt ? "▸" : " ") + String(repeating: " ", count: max(0, 3 - number.count)) + number
            + (attempt.answers[i] != nil ? "●" : "○") + (attempt.flags[i] ? "⚑" : " ")
        return (text, i == cursorAt ? theme.selection : (attempt.answers[i] == nil ? theme.muted : theme.text))
    }

    private func renderQuestion(into canvas: inout Canvas) {
        let theme = canvas.theme
        let width = canvas.size.width
        guard attempt.count > 0 else {
            _ = canvas.write("This form has no items.", x: 2, y: 1, style: theme.muted)
            return
        }
        let item = attempt.form.items[attempt.current]
        // As on the real exam, the item's area is not shown (review mode shows it).
        let pace = attempt.paused ? "PAUSED" : "pace " + attempt.paceText
        _ = canvas.write(pace, x: 2, y: 0, style: attempt.paused ? theme.warning : theme.muted)
        if attempt.flags[attempt.current] {
            _ = canvas.write("⚑ flagged", x: width - 12, y: 0, style: theme.accent)
        }
        var y = 2
        guard let q = questions[item.questionID] else {
            _ = canvas.write("Question \(item.questionID) is no longer in the bank; it counts as unanswered.",
                             x: 2, y: y, width: width - 4, style: theme.warning)
            return
        }
        let chosen = attempt.answers[attempt.current]
        let showKey = attempt.showFeedback && attempt.isLocked(attempt.current) && chosen != nil
        var feedback: [(String, Style)] = []
        if showKey, let chosen {
            let right = chosen == q.answer
            let key = String(UnicodeScalar(UInt8(65 + q.answer)))
            feedback.append((right ? "✓ Correct (answer locked)." : "✗ Not quite: the answer is \(key) (answer locked).",
                             right ? theme.good : theme.bad))
            if chosen < q.rationales.count, !q.rationales[chosen].isEmpty {
                let letter = String(UnicodeScalar(UInt8(65 + chosen)))
                for l in TextLayout.wrap("Your answer \(letter): " + q.rationales[chosen], width: width - 4) { feedback.append((l, theme.muted)) }
            }
            for l in TextLayout.wrap("Why: " + q.explanation, width: width - 4) { feedback.append((l, theme.text)) }
        }
        // Rows: the stem and options first; the feedback gets what is left above the counts line.
        let bottom = canvas.size.height - 2
        for line in TextLayout.wrap(q.stem, width: width - 4) where y < bottom - 6 {
            _ = canvas.write(line, x: 2, y: y, style: theme.text)
            y += 1
        }
        y += 1
        for (i, choice) in q.choices.prefix(4).enumerated() {
            let letter = String(UnicodeScalar(UInt8(65 + i)))
            let marker = i == cursor ? "▸ " : "  "
            let mine = chosen == i
            let suffix = mine ? "  ◂ your answer" : ""
            let lines = TextLayout.wrap(choice, width: width - 8 - suffix.count)
            for (k, line) in lines.enumerated() where y < bottom - 1 {
                let prefix = k == 0 ? marker + letter + "  " : "     "
                _ = canvas.write(prefix + line + (k == lines.count - 1 ? suffix : ""), x: 2, y: y,
                                 style: mine ? theme.selection : theme.text)
                y += 1
            }
        }
        y += 1
        for (text, style) in feedback where y < bottom {
            _ = canvas.write(text, x: 2, y: y, style: style)
            y += 1
        }
        y = min(max(y, 0), canvas.size.height - 1)
        _ = canvas.write("answered \(attempt.answeredCount) · unanswered \(attempt.unansweredCount) · flagged \(attempt.flaggedCount)",
                         x: 2, y: y, style: theme.muted)
        let clockText = ExamClockText.countdown(attempt.remaining) + " left"
        switch attempt.urgency {
        case .normal: break
        case .warning: _ = canvas.write("⏱ " + clockText, x: width - clockText.count - 4, y: y, style: theme.warning)
        case .critical: _ = canvas.write("⏱ " + clockText + "!", x: width - clockText.count - 5, y: y, style: theme.bad)
        }
        if case .goTo(let typed) = panel {
            _ = canvas.write("Go to question (1-\(attempt.count)): \(typed)▏", x: 2, y: canvas.size.height - 1, style: theme.accent)
        }
    }

    /// The grid beside the item on a wide terminal: six cells a row around the current item.
    private func renderSideGrid(into canvas: inout Canvas, x: Int) {
        let theme = canvas.theme
        for row in 0..<canvas.size.height { _ = canvas.write("│", x: x, y: row, style: theme.frame) }
        let cols = 6
        let rows = (attempt.count + cols - 1) / cols
        let visible = max(1, canvas.size.height - 3)
        let currentRow = attempt.current / cols
        let firstRow = max(0, min(currentRow - visible / 2, rows - visible))
        _ = canvas.write("● answered ○ not  ⚑ flagged", x: x + 2, y: 0, style: theme.muted)
        for r in firstRow..<min(rows, firstRow + visible) {
            for c in 0..<cols {
                let i = r * cols + c
                guard i < attempt.count else { break }
                let (text, style) = gridCell(i, cursorAt: attempt.current, theme: theme)
                _ = canvas.write(text, x: x + 2 + c * Self.gridCellWidth, y: 2 + r - firstRow, style: style)
            }
        }
    }

    private func renderGrid(into canvas: inout Canvas) {
        let theme = canvas.theme
        let cols = gridColumns
        let rows = (attempt.count + cols - 1) / cols
        let visible = max(1, canvas.size.height - 4)
        let cursorRow = gridCursor / cols
        let firstRow = max(0, min(cursorRow - visible / 2, rows - visible))
        for r in firstRow..<min(rows, firstRow + visible) {
            for c in 0..<cols {
                let i = r * cols + c
                guard i < attempt.count else { break }
                let (text, style) = gridCell(i, cursorAt: gridCursor, theme: theme)
                _ = canvas.write(text, x: 2 + c * Self.gridCellWidth, y: 1 + r - firstRow, style: style)
            }
        }
        let legendY = min(canvas.size.height - 1, 2 + min(rows, visible))
        _ = canvas.write("● answered  ○ unanswered  ⚑ flagged     arrows move  Enter go to",
                         x: 2, y: legendY, width: canvas.size.width - 4, style: theme.muted)
        if case .confirmSubmit(let dialog) = panel { dialog.render(into: &canvas, area: canvas.bounds) }
    }
}

import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A study session or drill: flashcards (front, back, grade 1-4), single-answer questions
/// (a-d, 1-4 or arrows+Enter, then feedback with the derived rating, overridable) and order
/// items (press step numbers, Backspace takes one back), then a summary.
///
/// Each answer goes to the store as `.recordReview` when the user moves on (or ends the
/// session); `u` takes back the last one (`.undoReview`), `f` flags, `-` buries until
/// tomorrow, `@` suspends after a confirmation, `e` shows the explanation again, `i` the
/// item's memory state. Time comes from the injected clock.
public struct StudyScreen: Screen {
    public let id = "study"
    public private(set) var session: StudySession
    public let heading: String
    let areaNames: [String: String]
    let clock: StudyClock
    let startedAt: Double

    /// What the screen is showing.
    public enum Phase: Sendable {
        case question(highlight: Int, visited: Set<Int>, unsure: Bool, shownAt: Double)
        case steps(picked: [Int], shownAt: Double)
        case front(shownAt: Double)
        case back(shownAt: Double)
        case feedback(Pending)
        case summary
    }

    /// An answer shown with its result but not yet sent to the store (1-4 may still change its rating).
    public struct Pending: Sendable {
        var rating: Rating
        var derived: Rating
        var correct: Bool
        var choice: Int?
        var durationMs: Int
        var presentation: ItemPresentation
        /// For steps: the order the user built.
        var picked: [Int]
    }

    public private(set) var phase: Phase = .summary
    public private(set) var showingInfo = false
    public private(set) var showingExplanation = false
    var confirmSuspend: ConfirmDialog?
    /// A one-line message (leech, flag) shown above the footer.
    public private(set) var message: String?
    /// The last question answered, for `e` from the next item.
    var lastExplained: ItemPresentation?
    /// Ring the bell on a wrong answer (Settings > Sound).
    public var sound = false

    public init(session: StudySession, heading: String, areaNames: [String: String], clock: StudyClock) {
        self.session = session
        self.heading = heading
        self.areaNames = areaNames
        self.clock = clock
        startedAt = clock.monotonic()
        phase = firstPhase()
    }

    private func firstPhase() -> Phase {
        let t = clock.monotonic()
        switch session.presentation {
        case .flashcard?: return .front(shownAt: t)
        case .single(_, let order)?: _ = order; return .question(highlight: 0, visited: [], unsure: false, shownAt: t)
        case .steps?: return .steps(picked: [], shownAt: t)
        case nil: return .summary
        }
    }

    public var title: String { heading }

    public var status: String {
        let s = session.summary
        let elapsed = Int(max(0, clock.monotonic() - startedAt))
        let time = String(format2(elapsed / 60)) + ":" + format2(elapsed % 60)
        if case .summary = phase { return "done \(s.done) · \(time)" }
        let shown = s.done + 1
        return "\(shown) of \(s.done + session.remaining) · ✓ \(s.correct) ✗ \(s.done - s.correct) · \(time)"
    }

    private func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    // MARK: keys

    public var keyBindings: [KeyBinding] {
        if confirmSuspend != nil { return ConfirmDialog.keyBindings }
        if showingInfo || showingExplanation {
            return [KeyBinding([.escape, .enter, .char("i"), .char("e"), .char("q")], "close", label: "Esc")]
        }
        let end = KeyBinding([.char("q"), .escape], "end", label: "q", help: "end the session (answers given are saved)")
        let common = [
            KeyBinding(.char("u"), "undo", help: "undo the last answer"),
            KeyBinding(.char("f"), "flag", help: "flag or unflag this item"),
            KeyBinding(.char("-"), "bury", help: "bury until tomorrow"),
            KeyBinding(.char("@"), "suspend", help: "suspend this item (asks first)"),
            KeyBinding(.char("i"), "info", help: "card info: stability, difficulty, retrievability, next due"),
        ] + (canExplain ? [KeyBinding(.char("e"), "explain", inFooter: false, help: "show the explanation again")] : [])
        switch phase {
        case .question:
            return [KeyBinding([.char("a"), .char("b"), .char("c"), .char("d"), .char("1"), .char("2"), .char("3"), .char("4")],
                               "answer", label: "a-d", help: "answer (also 1-4)"),
                    KeyBinding([.up, .down], "move", label: "↑/↓", inFooter: false),
                    KeyBinding(.enter, "answer highlighted", inFooter: false),
                    KeyBinding(.char("m"), "unsure", help: "mark unsure before answering"), end]
                + common
        case .steps(let picked, _):
            let n = stepCount
            return [KeyBinding((1...max(1, min(9, n))).map { Key.char(Character(String($0))) }, "pick step", label: "1-\(min(9, n))"),
                    KeyBinding(.backspace, "take back a step", label: "Backspace", inFooter: !picked.isEmpty), end]
                + common
        case .front:
            return [KeyBinding([.char(" "), .enter], "show answer", label: "Space/Enter"), end] + common
        case .back:
            return [KeyBinding([.char(" "), .enter], "good", label: "Space/Enter"),
                    KeyBinding([.char("1"), .char("2"), .char("3"), .char("4")], "rate", label: "1-4", help: "rate: 1 again, 2 hard, 3 good, 4 easy"), end]
                + common
        case .feedback:
            return [KeyBinding(.enter, "next", help: "next item (also Space)"),
                    KeyBinding([.char("1"), .char("2"), .char("3"), .char("4")], "change rating", label: "1-4"), end]
                + common
        case .summary:
            return [KeyBinding([.enter, .char("q"), .escape], "home", label: "Enter", help: "back to the home screen")]
        }
    }

    /// Whether `e` has an explanation to show (the answer on screen, or the last one).
    private var canExplain: Bool { phaseIsFeedback ? !(pendingPresentation.map { if case .flashcard = $0 { return true }; return false } ?? true) : lastExplained != nil }

    private var stepCount: Int {
        if case .steps(let q, _)? = session.presentation { return q.steps.count }
        return 0
    }

    // MARK: update

    public mutating func update(_ event: Event) -> [Effect] {
        switch event {
        case .key(let key): return handle(key)
        case .terminating: return commitPending()
        case .resize, .tick, .effectResult: return []
        }
    }

    private var now: Date { clock.now() }

    private mutating func handle(_ key: Key) -> [Effect] {
        if var dialog = confirmSuspend {
            guard let outcome = dialog.handle(key) else { confirmSuspend = dialog; return [] }
            confirmSuspend = nil
            guard outcome == .confirmed else { return [] }
            var out = commitPending()
            if let change = session.suspend(at: now) {
                out.append(.setItemState(itemID: change.itemID, state: change.state))
                message = "Suspended \(change.itemID) (unsuspend it in Browse)."
            }
            phase = firstPhase()
            return out
        }
        if showingInfo || showingExplanation {
            if [.escape, .enter, .char("i"), .char("e"), .char("q")].contains(key) {
                showingInfo = false; showingExplanation = false
            }
            return []
        }
        message = nil
        if case .summary = phase {
            if [.enter, .char("q"), .escape].contains(key) { return [.study(.home)] }
            return []
        }
        switch key {
        case .char("q"), .escape:
            let out = commitPending()
            phase = .summary
            return out
        case .char("u"):
            return undo()
        case .char("f"):
            if let change = session.toggleFlag(at: now) {
                message = change.state.flags.flagged ? "Flagged." : "Flag removed."
                return [.setItemState(itemID: change.itemID, state: change.state)]
            }
            return []
        case .char("-"):
            var out = commitPending()
            if let change = session.bury(at: now) {
                out.append(.setItemState(itemID: change.itemID, state: change.state))
                message = "Buried until tomorrow."
            }
            phase = firstPhase()
            return out
        case .char("@"):
            if session.current != nil {
                confirmSuspend = ConfirmDialog(title: "Suspend", message: "Suspend this item? It leaves study until you unsuspend it in Browse.",
                                               confirmLabel: "Suspend", cancelLabel: "Keep")
            }
            return []
        case .char("i"):
            showingInfo = session.current != nil
            return []
        case .char("e"):
            showingExplanation = canExplain
            return []
        default:
            break
        }
        switch phase {
        case .question(let highlight, var visited, let unsure, let shownAt):
            guard case .single(let q, let order)? = session.presentation else { return [] }
            var pick: Int?
            switch key {
            case .char(let c):
                if let i = "abcd".firstIndex(of: c).map({ "abcd".distance(from: "abcd".startIndex, to: $0) }) { pick = i }
                else if let d = c.wholeNumberValue, c.isASCII, (1...4).contains(d) { pick = d - 1 }
                else if c == "m" { phase = .question(highlight: highlight, visited: visited, unsure: !unsure, shownAt: shownAt) }
            case .up, .down:
                let next = (highlight + (key == .up ? order.count - 1 : 1)) % max(1, order.count)
                visited.insert(highlight)
                phase = .question(highlight: next, visited: visited, unsure: unsure, shownAt: shownAt)
            case .enter:
                pick = highlight
            default: break
            }
            if let shownIndex = pick, order.indices.contains(shownIndex) {
                let original = order[shownIndex]
                let correct = original == q.answer
                let seconds = clock.monotonic() - shownAt
                let answer = MultipleChoiceGrading.Answer(
                    isCorrect: correct, changedAnswer: visited.subtracting([shownIndex]).count > 0 && key == .enter,
                    markedUnsure: unsure, responseTime: seconds,
                    easyThreshold: MultipleChoiceGrading.defaultEasyThreshold(textCharacters: q.stem.count + q.choices.joined().count))
                let derived = MultipleChoiceGrading.derivedRating(for: answer)
                phase = .feedback(Pending(rating: derived, derived: derived, correct: correct, choice: original,
                                          durationMs: Int(seconds * 1000), presentation: .single(q, order: order), picked: [shownIndex]))
                return sound && !correct ? [.bell] : []
            }
            return []
        case .steps(var picked, let shownAt):
            guard case .steps(let q, let order)? = session.presentation else { return [] }
            switch key {
            case .backspace:
                if !picked.isEmpty { picked.removeLast() }
                phase = .steps(picked: picked, shownAt: shownAt)
            case .char(let c):
                guard let d = c.wholeNumberValue, c.isASCII, (1...order.count).contains(d), !picked.contains(order[d - 1]) else { return [] }
                picked.append(order[d - 1])
                if picked.count == q.steps.count {
                    let right = StepOrderGrading.correctPositions(picked)
                    let correct = right == q.steps.count
                    let seconds = clock.monotonic() - shownAt
                    let derived: Rating = correct ? .good : (right * 2 >= q.steps.count ? .hard : .again)
                    phase = .feedback(Pending(rating: derived, derived: derived, correct: correct, choice: nil,
                                              durationMs: Int(seconds * 1000), presentation: .steps(q, order: order), picked: picked))
                    return sound && !correct ? [.bell] : []
                } else {
                    phase = .steps(picked: picked, shownAt: shownAt)
                }
            default: break
            }
            return []
        case .front(let shownAt):
            if key == .char(" ") || key == .enter { phase = .back(shownAt: shownAt) }
            return []
        case .back(let shownAt):
            var rating: Rating?
            if key == .char(" ") || key == .enter { rating = .good }
            if case .char(let c) = key, let r = MultipleChoiceGrading.overrideRating(forKey: c) { rating = r }
            guard let rating, let presentation = session.presentation else { return [] }
            let ms = Int((clock.monotonic() - shownAt) * 1000)
            phase = .feedback(Pending(rating: rating, derived: rating, correct: rating != .again, choice: nil,
                                      durationMs: ms, presentation: presentation, picked: []))
            let out = commitPending()
            return out
        case .feedback(var pending):
            if case .char(let c) = key, let r = MultipleChoiceGrading.overrideRating(forKey: c) {
                pending.rating = r
                phase = .feedback(pending)
                return []
            }
            if key == .enter || key == .char(" ") { return commitPending() }
            return []
        case .summary:
            return []
        }
    }

    /// Sends the answer on screen to the store and moves to the next item.
    private mutating func commitPending() -> [Effect] {
        guard case .feedback(let pending) = phase else { return [] }
        guard let record = session.answer(rating: pending.rating, correct: pending.correct, choice: pending.choice,
                                          durationMs: pending.durationMs, at: now) else { return [] }
        if case .flashcard = pending.presentation {} else { lastExplained = pending.presentation }
        if let notice = session.leechNotice { message = notice }
        phase = firstPhase()
        return [.recordReview(record)]
    }

    private mutating func undo() -> [Effect] {
        if case .feedback = phase {
            // Not yet saved: just show the item again.
            phase = firstPhase()
            message = "Answer taken back."
            return []
        }
        guard let id = session.undo() else {
            message = "Nothing to undo."
            return []
        }
        phase = firstPhase()
        message = "Took back your answer to \(id)."
        return [.undoReview]
    }

    // MARK: drawing

    public func render(into canvas: inout Canvas) {
        let theme = canvas.theme
        let width = canvas.width
        let textWidth = width - 4
        var y = 0
        func line(_ text: String, x: Int = 2, style: Style = theme.text) {
            guard y < canvas.height else { return }
            canvas.write(text, x: x, y: y, style: style, clip: Rect(x: 0, y: y, width: width - 1, height: 1))
            y += 1
        }
        func paragraph(_ text: String, x: Int = 2, style: Style = theme.text) {
            for l in TextLayout.wrap(text, width: width - x - 2) { line(l, x: x, style: style) }
        }
        if case .summary = phase {
            renderSummary(into: &canvas)
            return
        }
        guard let presentation = (phaseIsFeedback ? pendingPresentation : session.presentation), let entry = session.current else { return }
        let area = areaNames[entry.area] ?? entry.area
        let flagged = session.states[entry.itemID]?.flags.flagged ?? false
        switch presentation {
        case .flashcard(let f):
            line("Flashcard · \(f.deck) · \(area)" + (flagged ? "  ⚑ flagged" : ""), x: 1, style: theme.muted)
            y += 2
            paragraph(f.front, x: 6)
            y += 1
            if case .front = phase {
                line("Space/Enter shows the answer", x: 6, style: theme.muted)
            } else {
                line(String(repeating: "─", count: max(0, width - 4)), x: 2, style: theme.frame)
                y += 1
                paragraph(f.back, x: 6)
                y += 2
                if let preview = session.preview(at: now) {
                    let labels = preview.labels
                    let names = ["again", "hard", "good", "easy"]
                    line((0..<4).map { "\($0 + 1) \(names[$0]) \(labels[$0])" }.joined(separator: "      "), x: 5, style: theme.key)
                }
            }
        case .single(let q, let order):
            line("\(area) · question" + (flagged ? "  ⚑ flagged" : ""), x: 1, style: theme.muted)
            canvas.write("difficulty " + String(repeating: "●", count: q.difficulty) + String(repeating: "○", count: max(0, 3 - q.difficulty)),
                         x: width - 17, y: 0, style: theme.muted)
            y += 1
            paragraph(q.stem)
            y += 1
            let letters = ["A", "B", "C", "D", "E", "F"]
            for (shown, original) in order.enumerated() {
                var marker = "  "
                var style = theme.text
                var note = ""
                if case .question(let highlight, _, _, _) = phase, highlight == shown { marker = "▸ "; style = theme.selection }
                if case .feedback(let p) = phase {
                    if original == q.answer { marker = "✓ "; style = theme.good }
                    else if p.choice == original { marker = "✗ "; style = theme.bad }
                    if p.choice == original { note = "your answer" }
                }
                let choiceLines = TextLayout.wrap(q.choices[original], width: textWidth - 12)
                for (i, l) in choiceLines.enumerated() {
                    line((i == 0 ? marker + letters[shown] + "  " : "      ") + l, x: 2, style: style)
                }
                if !note.isEmpty { canvas.write(note, x: width - 14, y: y - 1, style: theme.muted) }
            }
            if case .question(_, _, let unsure, _) = phase, unsure { y += 1; line("marked unsure", style: theme.warning) }
            if case .feedback(let p) = phase {
                y += 1
                let verdict = p.correct ? "Correct." : "Not quite: the answer is \(letters[order.firstIndex(of: q.answer) ?? 0])."
                var why = q.explanation
                if let c = p.choice, c != q.answer, q.rationales.indices.contains(c) { why += " Your pick: " + q.rationales[c] }
                paragraph(verdict + " " + why, style: p.correct ? theme.good : theme.text)
                y += 1
                ratingLine(p, into: &canvas, y: &y)
            }
        case .steps(let q, let order):
            line("\(area) · put the steps in order" + (flagged ? "  ⚑ flagged" : ""), x: 1, style: theme.muted)
            y += 1
            paragraph(q.stem)
            y += 1
            let picked: [Int]
            if case .steps(let p, _) = phase { picked = p } else if case .feedback(let p) = phase { picked = p.picked } else { picked = [] }
            for (shown, original) in order.enumerated() {
                let pos = picked.firstIndex(of: original).map { " → \($0 + 1)" } ?? ""
                line("\(shown + 1)  \(q.steps[original])\(pos)", x: 4, style: picked.contains(original) ? theme.muted : theme.text)
            }
            if case .feedback(let p) = phase {
                y += 1
                let right = StepOrderGrading.correctPositions(p.picked)
                line("\(right) of \(q.steps.count) steps in the right place. The correct order:", style: p.correct ? theme.good : theme.text)
                for (i, s) in q.steps.enumerated() { line("\(i + 1). \(s)", x: 4, style: theme.muted) }
                ratingLine(p, into: &canvas, y: &y)
            } else {
                y += 1
                line("Your order: " + (picked.isEmpty ? "(press the step numbers)" : picked.map { o in "\((order.firstIndex(of: o) ?? 0) + 1)" }.joined(separator: " ")), style: theme.muted)
            }
        }
        if let message {
            canvas.write(TextLayout.truncate(message, width: width - 4), x: 2, y: canvas.height - 1, style: theme.warning)
        }
        if showingInfo { renderInfo(into: &canvas) }
        if showingExplanation { renderExplanation(into: &canvas) }
        if let confirmSuspend { confirmSuspend.render(into: &canvas, area: canvas.bounds) }
    }

    private var phaseIsFeedback: Bool { if case .feedback = phase { return true }; return false }
    private var pendingPresentation: ItemPresentation? { if case .feedback(let p) = phase { return p.presentation }; return nil }

    private func ratingLine(_ p: Pending, into canvas: inout Canvas, y: inout Int) {
        guard let preview = session.preview(at: now), y < canvas.height else { return }
        let names = ["again", "hard", "good", "easy"]
        let labels = preview.labels
        let chosen = "Rated \(p.rating.rawValue) \(names[p.rating.rawValue - 1].capitalized), next in \(labels[p.rating.rawValue - 1])"
        let others = Rating.allCases.filter { $0 != p.rating }.map { "\($0.rawValue) \(names[$0.rawValue - 1]) \(labels[$0.rawValue - 1])" }
        let text = chosen + "    change: " + others.joined(separator: " · ")
        canvas.write(TextLayout.truncate(text, width: canvas.width - 3), x: 2, y: y, style: canvas.theme.key)
        y += 1
    }

    private func box(_ title: String, lines: [String], into canvas: inout Canvas) {
        let inner = min(canvas.width - 8, max(30, lines.map { DisplayWidth.of($0) }.max() ?? 0))
        let shown = Array(lines.prefix(canvas.height - 4))
        let rect = canvas.bounds.centred(Size(width: inner + 4, height: shown.count + 4))
        canvas.fill(rect, style: canvas.theme.text)
        _ = Panel(title: title).render(into: &canvas, area: rect)
        for (i, l) in shown.enumerated() {
            canvas.write(l, x: rect.x + 2, y: rect.y + 2 + i, style: canvas.theme.text, clip: Rect(x: rect.x + 2, y: rect.y + 2 + i, width: inner, height: 1))
        }
    }

    private func renderInfo(into canvas: inout Canvas) {
        guard let id = session.current?.itemID else { return }
        let at = now
        var lines = ["Item       \(id)"]
        if let s = session.states[id], !s.card.isNew {
            let c = s.card
            lines.append("Phase      \(c.phase == .review ? "review" : c.phase == .learning ? "learning" : "relearning")")
            lines.append("Stability  " + (c.stability.map { IntervalLabel.short(seconds: $0 * 86_400) } ?? "-"))
            lines.append("Difficulty " + (c.difficulty.map { String(Int(($0 * 10).rounded()) / 10) + "." + String(Int(($0 * 10).rounded()) % 10) } ?? "-"))
            lines.append("Recall now \(Int((session.scheduler.retrievability(of: c, at: at) * 100).rounded()))%")
            lines.append("Last seen  " + (c.lastReview.map { ISO8601Timestamp.format($0) } ?? "-"))
            lines.append("Next due   " + ISO8601Timestamp.format(c.due))
            lines.append("Lapses     \(s.flags.lapses)" + (s.flags.leech ? " · leech" : "") + (s.flags.flagged ? " · flagged" : ""))
        } else {
            lines.append("New: never studied.")
        }
        let history = session.answers.filter { $0.itemID == id }
        if !history.isEmpty {
            lines.append("This session: " + history.map { ($0.correct ? "✓" : "✗") + "\($0.rating.rawValue)" }.joined(separator: " "))
        }
        box("Card info", lines: lines, into: &canvas)
    }

    private func renderExplanation(into canvas: inout Canvas) {
        let presentation: ItemPresentation? = pendingPresentation ?? lastExplained
        guard case let p? = presentation else { return }
        var text = ""
        switch p {
        case .single(let q, _): text = q.explanation
        case .steps(let q, _): text = q.explanation + " Order: " + q.steps.joined(separator: " → ")
        case .flashcard(let f): text = f.back
        }
        box("Explanation", lines: TextLayout.wrap(text, width: canvas.width - 12), into: &canvas)
    }

    private func renderSummary(into canvas: inout Canvas) {
        let theme = canvas.theme
        let s = session.summary
        var y = 1
        canvas.write("Session summary", x: 2, y: y, style: theme.heading); y += 2
        let pct = s.done == 0 ? 0 : Int((s.accuracy * 100).rounded())
        let secs = s.durationMs / 1000
        canvas.write("Items done  \(s.done)    accuracy \(pct)%  (✓ \(s.correct) ✗ \(s.done - s.correct))    time \(secs / 60)m \(secs % 60)s",
                     x: 2, y: y, style: theme.text); y += 2
        for a in s.areas where y < canvas.height - 3 {
            let name = TextLayout.truncate(areaNames[a.id] ?? a.id, width: 36)
            canvas.write(TextLayout.pad(name, width: 38) + "\(a.correct) of \(a.done)  \(Int((Double(a.correct) * 100 / Double(max(1, a.done))).rounded()))%",
                         x: 4, y: y, style: theme.text)
            y += 1
        }
        y += 1
        let next = s.nextDue.map { due -> String in
            let wait = due.timeIntervalSince(now)
            return wait <= 0 ? "now" : "in " + IntervalLabel.short(seconds: wait)
        } ?? "-"
        canvas.write(s.done == 0 ? "Nothing answered." : "Next due: \(next)", x: 2, y: min(y, canvas.height - 2), style: theme.muted)
        if session.isFinished { canvas.write("Queue empty: well done.", x: 2, y: min(y + 1, canvas.height - 1), style: theme.good) }
        if let message { canvas.write(TextLayout.truncate(message, width: canvas.width - 4), x: 2, y: canvas.height - 1, style: theme.warning) }
    }
}

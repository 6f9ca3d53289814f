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
/// Each answer goes to the store as `.recordReview` the moment it is given (a kill right after
/// it loses nothing); changing the rating with 1-4 on the feedback replaces it (`.undoReview`
/// then a new `.recordReview`, both logged). `u` takes back the last answer, `f` flags, `-`
/// buries until tomorrow, `@` suspends after a confirmation (on the feedback, all of them act
/// on the item just answered), `e` shows the explanation of the question answered or the back
/// of the card showing, `i` the item's memory state, `n` the user's note on the item (on a
/// card's back or a question's feedback, where the note shows). Time comes from the injected clock.
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

    /// An answer shown with its result: already sent to the store; 1-4 may still change its rating.
    public struct Pending: Sendable {
        /// The item answered and its area.
        var itemID: String
        var area: String
        /// What each rating does to the item, computed when it was answered (with the fuzz applied).
        var preview: ReviewPreview?
        /// When it was answered: a changed rating is applied at the same instant.
        var answeredAt: Date
        var rating: Rating
        var derived: Rating
        var correct: Bool
        var choice: Int?
        var durationMs: Int
        var presentation: ItemPresentation
        /// For steps: the order the user built.
        var picked: [Int]
    }

    public private(set) var phase: Phase = .summary {
        didSet { if case .summary = phase, endedAt == nil { endedAt = clock.monotonic() } }
    }
    /// When the summary first showed (monotonic seconds): the session's time stops there.
    var endedAt: Double?
    public private(set) var showingInfo = false
    public private(set) var showingExplanation = false
    var confirmSuspend: ConfirmDialog?
    /// The note being written (`n`), if any.
    public private(set) var noteEditor: NoteEditor?
    /// The user's notes by item id (set by the host from the store; kept current here as
    /// notes are written), shown once an item is answered or turned.
    public var notes: [String: String] = [:]
    /// A message (leech, flag, what a drill brings in, a refused answer) shown above the
    /// footer, wrapped when it is long.
    public var message: String?
    /// The last question answered, for `e` from the next item.
    var lastExplained: ItemPresentation?
    /// Ring the bell on a wrong answer (Settings > Sound).
    public var sound = false
    /// The earliest due instant among the track's items outside this session (from the store,
    /// set by the host), so the summary's "next due" covers the whole track.
    public var trackNextDue: Date?
    /// Every earlier answer to an item, from the log (set by the host), for card info:
    /// item id to (day, rating, correct), oldest first.
    public var history: [String: [PastAnswer]] = [:]
    /// When `history` starts, if it does not reach back to the first answer (a long log is
    /// read only for its recent days); nil when it holds every answer.
    public var historySince: CalendarDay?

    /// One past answer, for card info.
    public struct PastAnswer: Sendable, Hashable {
        public var day: CalendarDay
        public var rating: Rating
        public var correct: Bool
        public init(day: CalendarDay, rating: Rating, correct: Bool) {
            self.day = day; self.rating = rating; self.correct = correct
        }
    }

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
        let elapsed = elapsedSeconds
        let time = String(format2(elapsed / 60)) + ":" + format2(elapsed % 60)
        if case .summary = phase { return "done \(s.done) · \(time)" }
        let left = session.remainingCounts
        return "new \(left.new) · learn \(left.learning) · review \(left.review) · ✓ \(s.correct) ✗ \(s.done - s.correct) · \(time)"
    }

    private func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    // MARK: keys

    public var keyBindings: [KeyBinding] {
        if confirmSuspend != nil { return ConfirmDialog.keyBindings }
        if noteEditor != nil { return NoteEditor.keyBindings }
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
            + (noteItemID != nil ? [KeyBinding([.char("n"), .char("N")], "note", label: "n", inFooter: false,
                                                help: "write or edit your note on this item (shown on the back or after answering)")] : [])
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

    /// Whether `e` has something to show: the explanation of the question just answered, the
    /// back of the card showing (once turned), or before answering a question the previous
    /// question's explanation. Never another item's text on a flashcard.
    private var canExplain: Bool {
        switch phase {
        case .feedback: return true
        case .back: return true
        case .front, .summary: return false
        case .question, .steps: return lastExplained != nil
        }
    }

    private var stepCount: Int {
        if case .steps(let q, _)? = session.presentation { return q.steps.count }
        return 0
    }

    // MARK: update

    public mutating func update(_ event: Event) -> [Effect] {
        switch event {
        case .key(let key): return handle(key)
        case .terminating: return []
        case .effectResult(.answerRefused(let itemID, let reason)):
            // Not saved and never will be: take it back, so the counts hold only saved answers.
            if session.answers.last?.itemID == itemID, session.undo() != nil { phase = firstPhase() }
            message = "Your answer to \(itemLabel(itemID)) was not saved: \(reason)"
            return []
        case .resize, .tick, .effectResult, .resumed: return []
        }
    }

    private var now: Date { clock.now() }

    private mutating func handle(_ key: Key) -> [Effect] {
        if var dialog = confirmSuspend {
            guard let outcome = dialog.handle(key) else { confirmSuspend = dialog; return [] }
            confirmSuspend = nil
            guard outcome == .confirmed else { return [] }
            var change: (itemID: String, state: ItemState)?
            if let pending = pendingAnswer {
                change = session.suspend(pending.itemID, at: now)
            } else {
                change = session.suspend(at: now)
            }
            phase = firstPhase()
            guard let change else { return [] }
            message = "Suspended \(itemLabel(change.itemID)) (unsuspend it in Browse)."
            return [.setItemState(itemID: change.itemID, state: change.state)]
        }
        if let effects = NoteEditor.route(key, editor: &noteEditor, notes: &notes, message: &message) { return effects }
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
            commitPending()
            phase = .summary
            return []
        case .char("u"):
            return undo()
        case .char("f"):
            if let pending = pendingAnswer {
                let change = session.changeFlags(of: pending.itemID, at: now) { $0.flagged.toggle() }
                message = change.state.flags.flagged ? "Flagged." : "Flag removed."
                return [.setItemState(itemID: change.itemID, state: change.state)]
            }
            if let change = session.toggleFlag(at: now) {
                message = change.state.flags.flagged ? "Flagged." : "Flag removed."
                return [.setItemState(itemID: change.itemID, state: change.state)]
            }
            return []
        case .char("-"):
            var change: (itemID: String, state: ItemState)?
            if let pending = pendingAnswer {
                change = session.bury(pending.itemID, at: now)
            } else {
                change = session.bury(at: now)
            }
            phase = firstPhase()
            guard let change else { return [] }
            message = "Buried until tomorrow."
            return [.setItemState(itemID: change.itemID, state: change.state)]
        case .char("@"):
            if session.current != nil || pendingAnswer != nil {
                confirmSuspend = ConfirmDialog(title: "Suspend", message: "Suspend this item? It leaves study until you unsuspend it in Browse.",
                                               confirmLabel: "Suspend", cancelLabel: "Keep")
            }
            return []
        case .char("i"):
            showingInfo = infoItemID != nil
            return []
        case .char("e"):
            showingExplanation = canExplain
            return []
        case .char("n"), .char("N"):
            if let id = noteItemID { noteEditor = NoteEditor(itemID: id, note: notes[id]) }
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
                let out = give(rating: derived, correct: correct, choice: original, durationMs: Int(saturating: seconds * 1000),
                               presentation: .single(q, order: order), picked: [shownIndex])
                return out + (sound && !correct ? [.bell] : [])
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
                    let out = give(rating: derived, correct: correct, choice: nil, durationMs: Int(saturating: seconds * 1000),
                                   presentation: .steps(q, order: order), picked: picked)
                    return out + (sound && !correct ? [.bell] : [])
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
            let ms = Int(saturating: (clock.monotonic() - shownAt) * 1000)
            // A card has no feedback step: rated, saved, next.
            let out = give(rating: rating, correct: rating != .again, choice: nil, durationMs: ms,
                           presentation: presentation, picked: [])
            commitPending()
            return out
        case .feedback(var pending):
            if case .char(let c) = key, let r = MultipleChoiceGrading.overrideRating(forKey: c) {
                guard r != pending.rating else { return [] }
                // Replace the saved answer: take it back, then give it again with the new rating
                // at the instant it was first given (same fuzz, so the interval shown holds).
                guard session.undo() != nil,
                      let record = session.answer(rating: r, correct: pending.correct, choice: pending.choice,
                                                  durationMs: pending.durationMs, at: pending.answeredAt) else { return [] }
                pending.rating = r
                message = session.leechNotice
                phase = .feedback(pending)
                return [.undoReview, .recordReview(record)]
            }
            if key == .enter || key == .char(" ") { commitPending() }
            return []
        case .summary:
            return []
        }
    }

    /// Answers the current item: schedules it in the session and returns the review for the
    /// store at once; the screen then shows the result (`.feedback`).
    private mutating func give(rating: Rating, correct: Bool, choice: Int?, durationMs: Int,
                               presentation: ItemPresentation, picked: [Int]) -> [Effect] {
        guard let entry = session.current else { return [] }
        let at = now
        let preview = session.preview(at: at)
        guard let record = session.answer(rating: rating, correct: correct, choice: choice, durationMs: durationMs, at: at) else { return [] }
        if let notice = session.leechNotice { message = notice }
        phase = .feedback(Pending(itemID: entry.itemID, area: entry.area, preview: preview, answeredAt: at,
                                  rating: rating, derived: rating, correct: correct, choice: choice,
                                  durationMs: durationMs, presentation: presentation, picked: picked))
        return [.recordReview(record)]
    }

    /// Leaves the feedback of an answer (already saved) for the next item.
    private mutating func commitPending() {
        guard case .feedback(let pending) = phase else { return }
        if case .flashcard = pending.presentation {} else { lastExplained = pending.presentation }
        phase = firstPhase()
    }

    /// The answer whose feedback is showing, if any.
    private var pendingAnswer: Pending? { if case .feedback(let p) = phase { return p }; return nil }

    /// The item `n` writes a note on: the card whose back shows, or the item whose feedback
    /// shows; nil before an item is turned or answered (a note could give the answer away).
    var noteItemID: String? {
        switch phase {
        case .back: return session.current?.itemID
        case .feedback(let p): return p.itemID
        default: return nil
        }
    }

    /// The note of `id` as lines of `width`, "Your note: ..." first, cut to `maxLines` with "…".
    func noteLines(_ id: String, width: Int, maxLines: Int) -> [String] {
        guard let note = notes[id], maxLines > 0 else { return [] }
        var lines = note.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { i, part in
            TextLayout.wrap((i == 0 ? "✎ Your note: " : "  ") + part, width: width)
        }
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines))
            lines[maxLines - 1] = TextLayout.truncate(lines[maxLines - 1], width: width - 1, ellipsis: "") + "…"
        }
        return lines
    }

    /// The item card info describes: the one just answered while its feedback shows, else the one showing.
    private var infoItemID: String? { pendingAnswer?.itemID ?? session.current?.itemID }

    /// How messages name an item: "the card 'Needlestick Act duties'", "the question 'Which …'".
    func itemLabel(_ id: String) -> String {
        switch session.item(id) {
        case .flashcard(let f)?: return "the card '\(TextLayout.truncate(f.front, width: 40))'"
        case .question(let q)?: return "the question '\(TextLayout.truncate(q.stem, width: 40))'"
        case nil: return "that item"
        }
    }

    private mutating func undo() -> [Effect] {
        guard let id = session.undo() else {
            message = "Nothing to undo."
            return []
        }
        phase = firstPhase()
        message = "Took back your answer to \(itemLabel(id))."
        return [.undoReview]
    }

    // MARK: drawing

    public func render(into canvas: inout Canvas) {
        let theme = canvas.theme
        let width = canvas.width
        let textWidth = width - 4
        var y = 0
        func line(_ text: String, x: Int = 2, style: Style = theme.text, room: Int? = nil) {
            guard y < canvas.height else { return }
            // Text that does not fit ends in "…".
            canvas.write(TextLayout.truncate(text, width: room ?? (width - 1 - x)), x: x, y: y, style: style,
                         clip: Rect(x: 0, y: y, width: width - 1, height: 1))
            y += 1
        }
        func paragraph(_ text: String, x: Int = 2, style: Style = theme.text) {
            for l in TextLayout.wrap(text, width: width - x - 2) { line(l, x: x, style: style) }
        }
        /// A paragraph that leaves `reserve` rows free below it (for the rating line): what
        /// does not fit ends in "…" and `e` shows it whole.
        func fittedParagraph(_ text: String, reserve: Int, style: Style) {
            var lines = TextLayout.wrap(text, width: width - 4)
            let room = max(1, canvas.height - y - reserve)
            if lines.count > room {
                lines = Array(lines.prefix(room))
                lines[room - 1] = TextLayout.truncate(lines[room - 1], width: width - 15, ellipsis: "") + "… (e: all)"
            }
            for l in lines { line(l, x: 2, style: style) }
        }
        if case .summary = phase {
            renderSummary(into: &canvas)
            return
        }
        guard let presentation = (phaseIsFeedback ? pendingPresentation : session.presentation),
              let entry = pendingAnswer.map({ QueueEntry(itemID: $0.itemID, kind: .review, area: $0.area) }) ?? session.current else { return }
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
                let note = noteLines(entry.itemID, width: width - 10, maxLines: min(4, canvas.height - y - 4))
                if !note.isEmpty { y += 1 }
                for l in note { line(l, x: 6, style: theme.accent) }
                y += 2
                if let preview = session.preview(at: now) {
                    let labels = preview.labels
                    let names = ["again", "hard", "good", "easy"]
                    line((0..<4).map { "\($0 + 1) \(names[$0]) \(labels[$0])" }.joined(separator: "      "), x: 5, style: theme.key)
                }
            }
        case .single(let q, let order):
            line("\(area) · question" + (flagged ? "  ⚑ flagged" : ""), x: 1, style: theme.muted, room: width - 20)
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
                    if p.choice == original { note = "◂ your answer" }
                }
                // Choices wrap short of the note column in every phase, so the text never runs
                // under "your answer" and nothing moves when the marks appear.
                let choiceLines = TextLayout.wrap(q.choices[original], width: textWidth - 21)
                let first = y
                for (i, l) in choiceLines.enumerated() {
                    line((i == 0 ? marker + letters[shown] + "  " : "      ") + l, x: 2, style: style)
                }
                if !note.isEmpty { canvas.write(note, x: width - 15, y: first, style: theme.muted) }
            }
            if case .question(_, _, let unsure, _) = phase, unsure { y += 1; line("marked unsure", style: theme.warning) }
            if case .feedback(let p) = phase {
                y += 1
                let verdict = p.correct ? "Correct." : "Not quite: the answer is \(letters[order.firstIndex(of: q.answer) ?? 0])."
                var why = q.explanation
                if let c = p.choice, c != q.answer, q.rationales.indices.contains(c) { why += " Your pick: " + q.rationales[c] }
                let note = noteLines(p.itemID, width: width - 6, maxLines: 3)
                fittedParagraph(verdict + " " + why, reserve: 3 + note.count, style: p.correct ? theme.good : theme.text)
                for l in note { line(l, style: theme.accent) }
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
            if case .feedback(let p) = phase {
                // The user's order, a ✓ or ✗ on each step (and where a misplaced one belongs),
                // then the explanation, then the rating line, all within the screen.
                let right = StepOrderGrading.correctPositions(p.picked)
                line("Your order: \(right) of \(q.steps.count) steps in the right place", style: p.correct ? theme.good : theme.text)
                for (pos, step) in p.picked.enumerated() {
                    let ok = step == pos
                    let tail = ok ? "" : "  (belongs at \(step + 1))"
                    let text = TextLayout.truncate("\(ok ? "✓" : "✗") \(pos + 1). \(q.steps[step])", width: width - 6 - DisplayWidth.of(tail)) + tail
                    line(text, x: 4, style: ok ? theme.good : theme.bad)
                }
                y += 1
                let note = noteLines(p.itemID, width: width - 6, maxLines: 3)
                fittedParagraph(q.explanation, reserve: 3 + note.count, style: theme.text)
                for l in note { line(l, style: theme.accent) }
                y += 1
                ratingLine(p, into: &canvas, y: &y)
            } else {
                for (shown, original) in order.enumerated() {
                    let pos = picked.firstIndex(of: original).map { " → \($0 + 1)" } ?? ""
                    line("\(shown + 1)  \(q.steps[original])\(pos)", x: 4, style: picked.contains(original) ? theme.muted : theme.text)
                }
                y += 1
                line("Your order: " + (picked.isEmpty ? "(press the step numbers)" : picked.map { o in "\((order.firstIndex(of: o) ?? 0) + 1)" }.joined(separator: " ")), style: theme.muted)
            }
        }
        if let message {
            // Wrapped, never cut (a refused answer says why in full), up from the bottom row.
            let lines = TextLayout.wrap(message, width: width - 4).suffix(4)
            for (i, l) in lines.enumerated() {
                canvas.write(l, x: 2, y: canvas.height - lines.count + i, style: theme.warning)
            }
        }
        if showingInfo { renderInfo(into: &canvas) }
        if showingExplanation { renderExplanation(into: &canvas) }
        if let confirmSuspend { confirmSuspend.render(into: &canvas, area: canvas.bounds) }
        if let noteEditor { noteEditor.render(into: &canvas, area: canvas.bounds) }
    }

    private var phaseIsFeedback: Bool { if case .feedback = phase { return true }; return false }
    private var pendingPresentation: ItemPresentation? { if case .feedback(let p) = phase { return p.presentation }; return nil }

    private func ratingLine(_ p: Pending, into canvas: inout Canvas, y: inout Int) {
        guard let preview = p.preview, y < canvas.height else { return }
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
        guard let id = infoItemID else { return }
        let at = now
        var lines = ["Item       \(id)"]
        if let s = session.states[id], !s.card.isNew {
            let c = s.card
            lines.append("Phase      \(c.phase == .review ? "review" : c.phase == .learning ? "learning" : "relearning")")
            lines.append("Stability  " + (c.stability.map { IntervalLabel.short(seconds: $0 * 86_400) } ?? "-"))
            lines.append("Difficulty " + (c.difficulty.map { String(Int(saturating: ($0 * 10).rounded()) / 10) + "." + String(Int(saturating: ($0 * 10).rounded()) % 10) } ?? "-"))
            lines.append("Recall now \(Int(saturating: (session.scheduler.retrievability(of: c, at: at) * 100).rounded()))%")
            lines.append("Last seen  " + (c.lastReview.map { ISO8601Timestamp.format($0) } ?? "-"))
            lines.append("Next due   " + ISO8601Timestamp.format(c.due))
            lines.append("Lapses     \(s.flags.lapses)" + (s.flags.leech ? " · leech" : "") + (s.flags.flagged ? " · flagged" : ""))
        } else {
            lines.append("New: never studied.")
        }
        let earlier = history[id] ?? []
        let thisSession = session.answers.filter { $0.itemID == id }
        if !earlier.isEmpty || !thisSession.isEmpty {
            lines.append("")
            lines.append(historySince.map { "History since \($0) (✓/✗ and the rating given)" } ?? "History (✓/✗ and the rating given)")
            var byDay: [(String, [String])] = []
            for a in earlier {
                let mark = (a.correct ? "✓" : "✗") + "\(a.rating.rawValue)"
                if byDay.last?.0 == a.day.description { byDay[byDay.count - 1].1.append(mark) } else { byDay.append((a.day.description, [mark])) }
            }
            for (day, marks) in byDay { lines.append("  \(day)  " + marks.joined(separator: " ")) }
            if !thisSession.isEmpty {
                lines.append("  this session  " + thisSession.map { ($0.correct ? "✓" : "✗") + "\($0.rating.rawValue)" }.joined(separator: " "))
            }
        }
        box("Card info", lines: lines, into: &canvas)
    }

    private func renderExplanation(into canvas: inout Canvas) {
        let presentation: ItemPresentation?
        switch phase {
        case .feedback: presentation = pendingPresentation
        case .back: presentation = session.presentation
        case .question, .steps: presentation = lastExplained
        case .front, .summary: presentation = nil
        }
        guard case let p? = presentation else { return }
        var text = ""
        switch p {
        case .single(let q, _): text = q.explanation
        case .steps(let q, _): text = q.explanation + " Order: " + q.steps.joined(separator: " → ")
        case .flashcard(let f): text = f.back
        }
        let title: String
        switch phase {
        case .back: title = "Answer"
        case .question, .steps: title = "Explanation of the previous question"
        default: title = "Explanation"
        }
        box(title, lines: TextLayout.wrap(text, width: canvas.width - 12), into: &canvas)
    }

    private func renderSummary(into canvas: inout Canvas) {
        let theme = canvas.theme
        let s = session.summary
        var y = 1
        canvas.write("Session summary", x: 2, y: y, style: theme.heading); y += 2
        let pct = s.done == 0 ? 0 : Int(saturating: (s.accuracy * 100).rounded())
        // One clock: the session's elapsed time, as the top border shows it.
        let secs = elapsedSeconds
        canvas.write("Items done  \(s.done)    accuracy \(pct)%  (✓ \(s.correct) ✗ \(s.done - s.correct))    time \(secs / 60)m \(secs % 60)s",
                     x: 2, y: y, style: theme.text); y += 2
        if !s.areas.isEmpty {
            let nameWidth = min(max(20, canvas.width - 30), max(12, s.areas.map { DisplayWidth.of(areaNames[$0.id] ?? $0.id) }.max() ?? 0))
            canvas.write(TextLayout.pad("Area", width: nameWidth) + "   right   done      %", x: 4, y: y, style: theme.muted); y += 1
            for a in s.areas where y < canvas.height - 3 {
                let name = TextLayout.truncate(areaNames[a.id] ?? a.id, width: nameWidth)
                let p = Int(saturating: (Double(a.correct) * 100 / Double(max(1, a.done))).rounded())
                canvas.write(TextLayout.pad(name, width: nameWidth) + "   " + TextLayout.pad("\(a.correct)", width: 5, alignment: .right)
                             + "   " + TextLayout.pad("\(a.done)", width: 4, alignment: .right)
                             + "   " + TextLayout.pad("\(p)%", width: 4, alignment: .right),
                             x: 4, y: y, style: theme.text)
                y += 1
            }
        }
        y += 1
        let next = nextDueLabel
        canvas.write(next.map { "Next due in \(trackNameForSummary): \($0)" } ?? (s.done == 0 ? "Nothing answered." : "Nothing else is scheduled yet."),
                     x: 2, y: min(y, canvas.height - 2), style: theme.muted)
        if session.isFinished { canvas.write("Queue empty: well done.", x: 2, y: min(y + 1, canvas.height - 1), style: theme.good) }
        if let message { canvas.write(TextLayout.truncate(message, width: canvas.width - 4), x: 2, y: canvas.height - 1, style: theme.warning) }
    }

    /// The exam's name for the summary ("CPT"): the heading's last part.
    private var trackNameForSummary: String {
        heading.components(separatedBy: " · ").last.map { $0.isEmpty ? "this exam" : $0 } ?? "this exam"
    }

    /// Seconds since the session started (frozen once the summary shows).
    var elapsedSeconds: Int { Int(saturating: max(0, (endedAt ?? clock.monotonic()) - startedAt)) }

    /// When the next item of the whole track is due, in words: "now", "in 3h" (later this study
    /// day), "tomorrow", "in 4 days"; nil when nothing is scheduled.
    var nextDueLabel: String? {
        let candidates = [session.summary.nextDue, trackNextDue].compactMap { $0 }
        guard let due = candidates.min() else { return nil }
        return session.day.dueLabel(due, at: now)
    }
}

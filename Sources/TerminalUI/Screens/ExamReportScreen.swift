#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import StudyCore

/// The score report of a submitted mock exam: the estimated scaled score against the
/// pass line, raw score, per-domain bars, time, pretest items revealed, what went to the
/// study queue, and the way into review mode (all, wrong, flagged or pretest items).
public struct ExamReportScreen: Screen {
    public let id = "report"
    public let attempt: ExamAttempt
    public let track: Track
    public let questions: [String: Question]
    public let report: ExamReport

    public init(attempt: ExamAttempt, track: Track, questions: [String: Question]) {
        self.attempt = attempt
        self.track = track
        self.questions = questions
        report = ExamReport(attempt: attempt, track: track) { questions[$0] }
    }

    public var title: String {
        let day = Timestamp.string(attempt.submittedAt ?? attempt.lastActiveAt).prefix(10)
        return "Result · \(track.shortName) \(attempt.form.name) · \(day)"
    }

    public let keyBindings: [KeyBinding] = [
        KeyBinding(.char("r"), "review", help: "review every item with your answer, the key and the explanations"),
        KeyBinding(.char("w"), "wrong", help: "review the items you got wrong or left unanswered"),
        KeyBinding(.char("f"), "flagged", help: "review the items you flagged"),
        KeyBinding(.char("t"), "pretest", help: "review the unscored pretest items"),
        KeyBinding([.enter, .escape, .char("q")], "done", label: "Enter"),
    ]

    public mutating func update(_ event: Event) -> [Effect] {
        guard case .key(let key) = event else { return [] }
        switch key {
        case .char("r"): return [.push(ExamReviewScreen(attempt: attempt, track: track, questions: questions, filter: .all))]
        case .char("w"): return [.push(ExamReviewScreen(attempt: attempt, track: track, questions: questions, filter: .wrong))]
        case .char("f"): return [.push(ExamReviewScreen(attempt: attempt, track: track, questions: questions, filter: .flagged))]
        case .char("t"): return [.push(ExamReviewScreen(attempt: attempt, track: track, questions: questions, filter: .pretest))]
        case .enter, .escape, .char("q"): return [.pop]
        default: return []
        }
    }

    public func render(into canvas: inout Canvas) {
        let theme = canvas.theme
        let outcomes = ExamLearning.outcomes(attempt) { questions[$0] }
        let passText = report.passed ? "PASS (\(report.passScore))" : "BELOW PASS (\(report.passScore))"
        _ = canvas.write("Estimated scaled score  \(report.scaledEstimate)", x: 2, y: 1, style: theme.heading)
        _ = canvas.write(passText, x: 32, y: 1, style: report.passed ? theme.good : theme.bad)
        let raw = "raw \(report.scoredCorrect) of \(report.scoredTotal) · \(ExamClockText.minutesSeconds(report.timeUsed)) used"
        let passEnd = 32 + passText.count + 2
        let rawOnOwnRow = canvas.size.width - raw.count - 1 < passEnd
        _ = canvas.write(raw, x: rawOnOwnRow ? 2 : canvas.size.width - raw.count - 1, y: rawOnOwnRow ? 2 : 1, style: theme.text)
        var y = rawOnOwnRow ? 4 : 3
        let slowest = report.slowestDomain?.id
        for area in report.areas where area.total > 0 && y < canvas.size.height - 8 {
            let label = TextLayout.pad(TextLayout.truncate((area.isSubdomain ? "  " : "") + area.name, width: 28), width: 28)
            _ = canvas.write(label, x: 2, y: y, style: area.isSubdomain ? theme.muted : theme.text)
            _ = canvas.write(String(format3(area.total)), x: 30, y: y, style: theme.muted)
            ProgressBar(fraction: area.percent, showsPercent: true).render(into: &canvas, area: Rect(x: 34, y: y, width: 27, height: 1))
            if area.id == slowest {
                _ = canvas.write("◂ slowest", x: 63, y: y, style: theme.warning)
            }
            y += 1
        }
        y += 1
        let pretest = "Pretest items (not scored): \(report.pretestTotal) · you got \(report.pretestCorrect) of them"
        _ = canvas.write(pretest, x: 2, y: y, style: theme.text)
        y += 1
        let avg = (report.secondsPerAnsweredItem.map { "Average \(Int(saturating: $0.rounded())) s per answered item" } ?? "No item answered")
            + (report.autoSubmitted ? " · submitted when time ran out" : "")
            + (report.unanswered > 0 ? " · \(report.unanswered) unanswered" : "")
        _ = canvas.write(avg, x: 2, y: y, width: canvas.size.width - 4, style: theme.muted)
        y += 1
        if let slow = report.slowestText {
            _ = canvas.write(slow.prefix(1).uppercased() + slow.dropFirst(), x: 2, y: y, width: canvas.size.width - 4, style: theme.muted)
            y += 1
        }
        let missed = ExamLearning.missed(outcomes).count, flagged = ExamLearning.flagged(outcomes).count
        _ = canvas.write("\(missed) missed and \(flagged) flagged items were added to your study queue.", x: 2, y: y, style: theme.text)
        y += 2
        _ = canvas.write("Estimate only: NHA does not publish how raw scores map to the scale.", x: 2, y: y, style: theme.muted)
        y += 1
        if attempt.mode == .practice {
            _ = canvas.write("Practice attempt: in your history, not counted in readiness.", x: 2, y: y,
                             width: canvas.size.width - 4, style: theme.muted)
            y += 1
        }
        y += 1
        _ = canvas.write("[r] Review all items  [w] Wrong  [f] Flagged  [t] Pretest  [Enter] Done",
                         x: 2, y: min(y, canvas.size.height - 1), style: theme.key)
    }

    private func format3(_ n: Int) -> String { String(repeating: " ", count: max(0, 3 - String(n).count)) + String(n) }
}

/// Review mode after a mock exam: every item (or only wrong, flagged or pretest ones)
/// with the user's answer, the key, the explanation, each option's rationale and the user's
/// note on the question; `N` writes or edits the note (`n` is next here). The notes are asked
/// of the host (`.loadNotes`) when the screen first shows.
public struct ExamReviewScreen: Screen {
    /// Which items are walked.
    public enum Filter: String, Sendable, Hashable, CaseIterable {
        case all, wrong, flagged, pretest
    }

    public let id = "exam-review"
    public let attempt: ExamAttempt
    public let track: Track
    public let questions: [String: Question]
    public private(set) var filter: Filter
    /// Positions on the form that pass the filter.
    public private(set) var positions: [Int]
    public private(set) var index = 0
    public private(set) var scroll = 0
    private var viewport = Size(width: 78, height: 20)
    /// The user's notes by item id: nil until the host has answered `.loadNotes`.
    public private(set) var notes: [String: String]?
    /// The note being written (`N`), if any.
    public private(set) var noteEditor: NoteEditor?
    /// What the last key did ("Note saved."), until the next key.
    public private(set) var message: String?

    public init(attempt: ExamAttempt, track: Track, questions: [String: Question], filter: Filter,
                notes: [String: String]? = nil) {
        self.notes = notes
        self.attempt = attempt
        self.track = track
        self.questions = questions
        self.filter = filter
        positions = Self.positions(attempt, questions, filter)
    }

    static func positions(_ attempt: ExamAttempt, _ questions: [String: Question], _ filter: Filter) -> [Int] {
        attempt.form.items.indices.filter { i in
            let item = attempt.form.items[i]
            switch filter {
            case .all: return true
            case .wrong: return attempt.answers[i] != questions[item.questionID]?.answer
            case .flagged: return attempt.flags[i]
            case .pretest: return item.pretest
            }
        }
    }

    public var title: String { "Review · \(track.shortName) \(attempt.form.name) · \(filter.rawValue)" }

    public var status: String { positions.isEmpty ? "no items" : "\(index + 1) of \(positions.count)" }

    public var keyBindings: [KeyBinding] {
        noteEditor != nil ? NoteEditor.keyBindings : Self.reviewBindings
    }

    static let reviewBindings: [KeyBinding] = [
        KeyBinding([.char("n"), .right], "next", label: "n"),
        KeyBinding([.char("p"), .left], "previous", label: "p"),
        KeyBinding([.up, .down], "scroll", label: "↑/↓", help: "scroll the item; past its end, the next or previous item"),
        KeyBinding([.home, .end], "first/last item", label: "Home/End", inFooter: false),
        KeyBinding(.char("w"), "wrong", help: "only the items answered wrong or left unanswered (again: all items)"),
        KeyBinding(.char("f"), "flagged", help: "only the flagged items (again: all items)"),
        KeyBinding(.char("t"), "pretest", help: "only the unscored pretest items (again: all items)"),
        KeyBinding(.char("N"), "note", label: "N", inFooter: false, help: "write or edit your note on this question (n is next here)"),
    ]

    public mutating func update(_ event: Event) -> [Effect] {
        switch event {
        case .resize(let size):
            viewport = size
            return notes == nil ? [.loadNotes] : []
        case .effectResult(.notes(let loaded)):
            notes = loaded
            return []
        default: break
        }
        guard case .key(let key) = event else { return [] }
        if noteEditor != nil {
            var known = notes ?? [:]
            defer { notes = known }
            if let effects = NoteEditor.route(key, editor: &noteEditor, notes: &known, message: &message) { return effects }
        }
        message = nil
        let last = max(0, positions.count - 1)
        switch key {
        case .char("N"):
            if index < positions.count {
                let id = attempt.form.items[positions[index]].questionID
                noteEditor = NoteEditor(itemID: id, note: notes?[id])
            }
        case .char("n"), .right: index = min(last, index + 1); scroll = 0
        case .char("p"), .left: index = max(0, index - 1); scroll = 0
        case .down:
            if scroll < maxScroll { scroll += 1 } else if index < last { index += 1; scroll = 0 }
        case .up:
            if scroll > 0 { scroll -= 1 } else if index > 0 { index -= 1; scroll = 0 }
        case .home: index = 0; scroll = 0
        case .end: index = last; scroll = 0
        case .char("w"): setFilter(filter == .wrong ? .all : .wrong)
        case .char("f"): setFilter(filter == .flagged ? .all : .flagged)
        case .char("t"): setFilter(filter == .pretest ? .all : .pretest)
        default: break
        }
        return []
    }

    /// How far the current item scrolls in the last measured body.
    private var maxScroll: Int { max(0, lines(width: viewport.width - 4).count - (viewport.height - 1)) }

    private mutating func setFilter(_ f: Filter) {
        filter = f
        positions = Self.positions(attempt, questions, f)
        index = 0
        scroll = 0
    }

    /// The lines shown for the current item.
    func lines(width: Int) -> [(String, KeyPath<Theme, Style>)] {
        guard index < positions.count else { return [("No \(filter.rawValue) items on this attempt.", \.muted)] }
        let i = positions[index]
        let item = attempt.form.items[i]
        var out: [(String, KeyPath<Theme, Style>)] = []
        let area = track.area(item.area)?.name ?? item.area
        let tags = [attempt.flags[i] ? "⚑ flagged" : nil, item.pretest ? "pretest (not scored)" : nil].compactMap { $0 }
        out.append(("Question \(i + 1) · \(area)" + (tags.isEmpty ? "" : " · " + tags.joined(separator: " · ")), \.heading))
        guard let q = questions[item.questionID] else {
            out.append(("\(item.questionID) is no longer in the bank.", \.warning))
            return out
        }
        for l in TextLayout.wrap(q.stem, width: width) { out.append((l, \.text)) }
        out.append(("", \.text))
        let chosen = attempt.answers[i]
        for (k, choice) in q.choices.enumerated() {
            let letter = String(UnicodeScalar(UInt8(65 + k)))
            var marks: [String] = []
            if k == q.answer { marks.append("✓ key") }
            if k == chosen { marks.append(k == q.answer ? "your answer" : "✗ your answer") }
            let head = "\(letter)  \(choice)" + (marks.isEmpty ? "" : "  (" + marks.joined(separator: ", ") + ")")
            let style: KeyPath<Theme, Style> = k == q.answer ? \.good : (k == chosen ? \.bad : \.text)
            for l in TextLayout.wrap(head, width: width) { out.append((l, style)) }
            if k < q.rationales.count, !q.rationales[k].isEmpty {
                for l in TextLayout.wrap("   " + q.rationales[k], width: width) { out.append((l, \.muted)) }
            }
        }
        if chosen == nil { out.append(("You left this one unanswered.", \.warning)) }
        out.append(("", \.text))
        for l in TextLayout.wrap("Why: " + q.explanation, width: width) { out.append((l, \.text)) }
        if let note = notes?[item.questionID] {
            out.append(("", \.text))
            for (k, part) in note.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for l in TextLayout.wrap((k == 0 ? "✎ Your note: " : "  ") + part, width: width) { out.append((l, \.accent)) }
            }
        }
        return out
    }

    public func render(into canvas: inout Canvas) {
        let all = lines(width: canvas.size.width - 4)
        let first = min(scroll, max(0, all.count - canvas.size.height + 1))
        for (row, line) in all.dropFirst(first).prefix(canvas.size.height - 1).enumerated() {
            _ = canvas.write(line.0, x: 2, y: row + 1, style: canvas.theme[keyPath: line.1])
        }
        if let message {
            _ = canvas.write(TextLayout.truncate(message, width: canvas.size.width - 4), x: 2, y: canvas.size.height - 1, style: canvas.theme.warning)
        }
        if let noteEditor { noteEditor.render(into: &canvas, area: canvas.bounds) }
    }
}

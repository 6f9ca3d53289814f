import Foundation
import StudyCore
import Testing
@testable import TerminalUI

/// The study session screen: what each key asks the host to save, and what it shows.
@Suite("Study screen")
struct StudyScreenTests {
    static let track = TestContent.track("cpt")

    static func screen(_ kind: QuestionKind?) -> StudyScreen {
        StudyScreenCatalog.study(TestContent.bank, track, kind: kind)
    }

    static func names(_ effects: [Effect]) -> [String] { effects.map(\.name) }

    @Test("an answer is saved the moment it is given; 1-4 replaces it (undo + new review); Enter saves nothing more")
    func answerQuestion() throws {
        var s = Self.screen(.single)
        let key = try #require(s.session.presentation?.keyPosition)
        let letter = Character(["a", "b", "c", "d"][key])
        let given = s.update(.key(.char(letter)))
        guard case .recordReview(let first)? = given.first, given.count == 1 else { Issue.record("not saved at once: \(Self.names(given))"); return }
        #expect(first.correct && first.source == .study && first.domain != nil)
        var c = Canvas(width: 78, height: 20)
        s.render(into: &c)
        #expect(c.text.contains("Correct."))
        #expect(c.text.contains("✓ \(letter.uppercased())"))
        #expect(s.status.contains("✓ 1 ✗ 0"), "the tally counts the answer as soon as it is given: \(s.status)")
        let changed = s.update(.key(.char("2")))
        #expect(Self.names(changed) == ["undoReview", "recordReview(\(first.itemID))"])
        guard case .recordReview(let r)? = changed.last else { return }
        #expect(r.rating == .hard && r.correct && r.reviewedAt == first.reviewedAt)
        #expect(s.update(.key(.char("2"))).isEmpty, "the same rating again changes nothing")
        #expect(s.update(.key(.enter)).isEmpty, "already saved: Enter only moves on")
        #expect(s.session.summary.done == 1)
        #expect(s.session.summary.areas.first?.done == 1)
    }

    @Test("an answer the store refuses is taken back: the counts hold only saved answers and the reason shows in full")
    func refusedAnswer() throws {
        var s = Self.screen(.single)
        let key = try #require(s.session.presentation?.keyPosition)
        let given = s.update(.key(.char(Character(["a", "b", "c", "d"][key]))))
        guard case .recordReview(let record)? = given.first else { Issue.record("not saved at once"); return }
        #expect(s.status.contains("✓ 1 ✗ 0"))
        let reason = "profile alice is open read-only (the data directory cannot be written); nothing can be saved until it is opened for writing again"
        _ = s.update(.effectResult(.answerRefused(itemID: record.itemID, message: reason)))
        #expect(s.status.contains("✓ 0 ✗ 0"), "the refused answer is not counted: \(s.status)")
        #expect(s.session.summary.done == 0)
        #expect(s.session.current?.itemID == record.itemID, "the item is asked again")
        var c = Canvas(width: 78, height: 20)
        s.render(into: &c)
        let flat = c.text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(flat.contains("until it is opened for writing again"), "the reason is shown in full:\n\(c.text)")
        // A refusal about another item (an older answer) leaves this session's answers alone.
        let again = s.update(.key(.char(Character(["a", "b", "c", "d"][key]))))
        #expect(again.count == 1)
        _ = s.update(.effectResult(.answerRefused(itemID: "some-other-item", message: "refused")))
        #expect(s.status.contains("✓ 1 ✗ 0"))
    }

    @Test("the interval shown after an answer is the one applied, whatever the clock's second")
    func intervalShownIsApplied() throws {
        let track = Self.track
        let bank = TestContent.bank
        let items = bank.items(for: track.id)
        guard let q = items.first(where: { if case .question(let q) = $0 { return q.kind == .single }; return false }) else { return }
        // A card in review, due now, so a right answer lands days away (where fuzz applies).
        let start = StudyScreenCatalog.now
        var card = Card.new(at: start.addingTimeInterval(-40 * 86_400))
        var rng = SeededRandom(seed: 3)
        let sched = try FSRSScheduler()
        card = sched.review(card, rating: .easy, at: start.addingTimeInterval(-40 * 86_400), random: &rng).card
        card = sched.review(card, rating: .good, at: start.addingTimeInterval(-20 * 86_400), random: &rng).card
        // A clock that moves on a second every time it is read.
        final class Ticking: @unchecked Sendable {
            var n = 0.0
            func next(_ start: Date) -> Date { n += 1; return start.addingTimeInterval(n) }
        }
        let ticking = Ticking()
        let clock = StudyClock(now: { ticking.next(start) }, monotonic: { 0 })
        let session = StudySession(trackID: track.id, entries: [QueueEntry(itemID: q.id, kind: .review, area: q.domains[track.id] ?? "")],
                                   items: items, states: [q.id: ItemState(card: card)], scheduler: sched,
                                   day: StudyScreenCatalog.day, seed: 9)
        var s = StudyScreen(session: session, heading: "Study · CPT", areaNames: [:], clock: clock)
        let key = try #require(s.session.presentation?.keyPosition)
        _ = s.update(.key(.char(Character(["a", "b", "c", "d"][key]))))
        func shownLabel(_ rating: String) -> String {
            var c = Canvas(width: 110, height: 30)
            s.render(into: &c)
            guard let line = c.text.split(separator: "\n").first(where: { $0.contains("Rated \(rating)") }) else { return "(no rating line)" }
            return String(line.split(separator: ",")[1].split(separator: " ").dropFirst(2).first ?? "")
        }
        for rating in ["3 Good", "4 Easy"] {
            let changed = s.update(.key(.char(rating.first!)))
            guard case .recordReview(let r)? = changed.last else { Issue.record("not replaced: \(Self.names(changed))"); return }
            let labels = Set((0..<5).map { _ in shownLabel(rating) })
            #expect(labels.count == 1, "the label holds from one second to the next: \(labels)")
            let applied = IntervalLabel.short(seconds: r.after.card.due.timeIntervalSince(r.reviewedAt))
            #expect(labels.first == applied, "shown \(labels), applied \(applied)")
            #expect(r.after.card.due.timeIntervalSince(r.reviewedAt) > 2 * 86_400, "days away, where fuzz applies")
        }
    }

    @Test("i right after answering shows the item's new state; e on a flashcard shows its own back or nothing")
    func infoAfterAnswerAndFlashcardExplain() throws {
        var s = Self.screen(.single)
        _ = s.update(.key(.char("a")))
        _ = s.update(.key(.char("i")))
        var c = Canvas(width: 78, height: 22)
        s.render(into: &c)
        #expect(!c.text.contains("New: never studied."), Comment(rawValue: c.text))
        #expect(c.text.contains("Next due") && c.text.contains("this session"))
        _ = s.update(.key(.escape))
        _ = s.update(.key(.enter))

        // A card after a question: e on its front shows nothing, on its back its own back.
        var f = Self.screen(.single)
        _ = f.update(.key(.char("a")))
        _ = f.update(.key(.enter))
        var card = Self.screen(nil)
        _ = card.update(.key(.char("e")))
        c = Canvas(width: 78, height: 22)
        card.render(into: &c)
        #expect(!c.text.contains("Explanation") && !c.text.contains("Answer"), "nothing to explain on a card's front")
        _ = card.update(.key(.char(" ")))
        _ = card.update(.key(.char("e")))
        c = Canvas(width: 78, height: 22)
        card.render(into: &c)
        guard case .flashcard(let fc)? = card.session.presentation else { Issue.record("not a card"); return }
        #expect(c.text.contains("Answer"))
        #expect(c.text.contains(String(TextLayout.wrap(fc.back, width: 60)[0].prefix(20))))
    }

    @Test("the top border counts what is left, Anki-style: new, learning, review")
    func remainingCounts() {
        var s = Self.screen(nil)
        #expect(s.status.hasPrefix("new 2 · learn 0 · review 0"), Comment(rawValue: s.status))
        _ = s.update(.key(.char(" ")))
        _ = s.update(.key(.char("1")))
        // Again: the card comes back as learning; one new item is left.
        #expect(s.status.hasPrefix("new 1 · learn 1 · review 0"), Comment(rawValue: s.status))
    }

    @Test("a wrong answer is Again, shows the key and the rationale of the pick; q saves it and ends with a summary")
    func wrongThenQuit() throws {
        var s = Self.screen(.single)
        let key = try #require(s.session.presentation?.keyPosition)
        _ = s.update(.key(.char(key == 0 ? "2" : "1")))
        var c = Canvas(width: 78, height: 20)
        s.render(into: &c)
        #expect(c.text.contains("Not quite"))
        #expect(c.text.contains("Rated 1 Again"))
        #expect(s.update(.key(.char("q"))).isEmpty, "saved already when given")
        #expect(s.session.summary.done == 1)
        #expect(!s.session.answers[0].correct && s.session.answers[0].rating == .again)
        var loud = Self.screen(.single)
        loud.sound = true
        #expect(Self.names(loud.update(.key(.char(key == 0 ? "2" : "1")))).last == "bell", "sound on: the bell rings on a wrong answer")
        c = Canvas(width: 78, height: 20)
        s.render(into: &c)
        #expect(c.text.contains("Items done  1"))
        #expect(Self.names(s.update(.key(.enter))) == ["study(home)"])
    }

    @Test("flashcard: Space shows the back with the four intervals; Space again is Good; u takes it back")
    func flashcardAndUndo() {
        var s = Self.screen(nil)
        _ = s.update(.key(.char(" ")))
        var c = Canvas(width: 78, height: 20)
        s.render(into: &c)
        #expect(c.text.contains("1 again 1m") && c.text.contains("3 good 10m") && c.text.contains("4 easy"))
        let saved = s.update(.key(.char(" ")))
        guard case .recordReview(let r)? = saved.first else { Issue.record("not saved"); return }
        #expect(r.rating == .good && r.answer == nil)
        #expect(Self.names(s.update(.key(.char("u")))) == ["undoReview"])
        var c2 = Canvas(width: 78, height: 20)
        s.render(into: &c2)
        #expect(c2.text.contains("Took back your answer to the card '") && !c2.text.contains(r.itemID), "no internal id in the message")
        #expect(s.session.summary.done == 0)
        #expect(s.session.current?.itemID == r.itemID)
    }

    @Test("f flags (saved at once); - buries and moves on; @ asks before suspending")
    func flagBurySuspend() {
        var s = Self.screen(.single)
        let first = s.session.current!.itemID
        guard case .setItemState(let id, let st)? = s.update(.key(.char("f"))).first else { Issue.record("flag not saved"); return }
        #expect(id == first && st?.flags.flagged == true)
        let bury = s.update(.key(.char("-")))
        guard case .setItemState(_, let buried)? = bury.first else { Issue.record("bury not saved"); return }
        #expect(buried?.flags.buriedUntil != nil)
        #expect(s.session.current?.itemID != first)
        #expect(s.update(.key(.char("@"))).isEmpty, "asks first")
        #expect(s.update(.key(.char("n"))).isEmpty, "n keeps it")
        _ = s.update(.key(.char("@")))
        guard case .setItemState(_, let suspended)? = s.update(.key(.char("y"))).first else { Issue.record("suspend not saved"); return }
        #expect(suspended?.flags.suspended == true)
        #expect(s.session.isFinished)
    }

    @Test("order item: step numbers build the order, Backspace takes one back, the result counts right places")
    func orderItem() throws {
        var s = Self.screen(.order)
        guard case .steps(let q, let order)? = s.session.presentation else { Issue.record("not an order item"); return }
        _ = s.update(.key(.char("1")))
        _ = s.update(.key(.backspace))
        // Pick the steps in the correct order: the shown number of step 0, then step 1...
        var last: [Effect] = []
        for step in q.steps.indices {
            let shown = try #require(order.firstIndex(of: step))
            last = s.update(.key(.char(Character(String(shown + 1)))))
        }
        var c = Canvas(width: 78, height: 22)
        s.render(into: &c)
        #expect(c.text.contains("\(q.steps.count) of \(q.steps.count) steps in the right place"))
        guard case .recordReview(let r)? = last.first else { Issue.record("not saved on the last step"); return }
        #expect(r.correct && r.rating == .good)
        #expect(s.update(.key(.enter)).isEmpty)
    }

    @Test("i shows the card info over the item; e the explanation after an answer")
    func infoAndExplain() {
        var s = Self.screen(.single)
        _ = s.update(.key(.char("i")))
        var c = Canvas(width: 78, height: 20)
        s.render(into: &c)
        #expect(c.text.contains("Card info") && c.text.contains("New: never studied."))
        _ = s.update(.key(.escape))
        _ = s.update(.key(.char("a")))
        _ = s.update(.key(.char("e")))
        c = Canvas(width: 78, height: 20)
        s.render(into: &c)
        #expect(c.text.contains("Explanation"))
    }
}

/// Every question of the bank at 80x24: the feedback keeps the rating line on screen and
/// "your answer" never covers a choice's text.
@Suite("Study feedback fits")
struct StudyFeedbackFitTests {
    static func feedback(_ item: StudyItem, track: Track, width: Int, height: Int) -> (screen: StudyScreen, text: String) {
        let session = StudySession(trackID: track.id, entries: [QueueEntry(itemID: item.id, kind: .new, area: item.domains[track.id] ?? "")],
                                   items: [item], states: [:], scheduler: try! FSRSScheduler(), day: StudyScreenCatalog.day, seed: 1)
        var s = StudyScreen(session: session, heading: "Study · CPT", areaNames: [:], clock: StudyScreenCatalog.clock)
        switch s.session.presentation {
        case .single(_, let order)?:
            let key = s.session.presentation!.keyPosition!
            _ = s.update(.key(.char(key == 0 ? "b" : "a")))
            _ = order
        case .steps(let q, _)?:
            for i in 1...min(9, q.steps.count) { _ = s.update(.key(.char(Character(String(i))))) }
        default: break
        }
        var c = Canvas(width: width, height: height)
        s.render(into: &c)
        return (s, c.text)
    }

    @Test("at 80x24 (a 78x20 body) every question and order item shows its rating line after an answer, and 'your answer' sits clear of the text")
    func everyItemFits() {
        let track = TestContent.track("cpt")
        var checked = 0
        for item in TestContent.bank.items(for: track.id) {
            guard case .question(let q) = item, q.steps.count <= 9 else { continue }
            let (_, text) = Self.feedback(item, track: track, width: 78, height: 20)
            #expect(text.contains("Rated "), "\(q.id): no rating line at 80x24")
            if q.kind == .single {
                let row = text.split(separator: "\n").first { $0.contains("◂ your answer") }
                #expect(row.map { $0.contains("  ◂ your answer") } ?? false, "\(q.id): the note touches the choice text")
            }
            checked += 1
        }
        #expect(checked > 100)
    }
}

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

    @Test("a right answer shows Correct and the derived rating; Enter saves it; 1-4 changes the rating first")
    func answerQuestion() throws {
        var s = Self.screen(.single)
        let key = try #require(s.session.presentation?.keyPosition)
        let letter = Character(["a", "b", "c", "d"][key])
        #expect(s.update(.key(.char(letter))).isEmpty, "nothing saved before moving on")
        var c = Canvas(width: 78, height: 20)
        s.render(into: &c)
        #expect(c.text.contains("Correct."))
        #expect(c.text.contains("✓ \(letter.uppercased())"))
        _ = s.update(.key(.char("2")))
        let effects = s.update(.key(.enter))
        guard case .recordReview(let r)? = effects.first else { Issue.record("no review: \(Self.names(effects))"); return }
        #expect(r.rating == .hard && r.correct && r.source == .study && r.domain != nil)
        #expect(s.session.summary.done == 1)
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
        let effects = s.update(.key(.char("q")))
        guard case .recordReview(let r)? = effects.first else { Issue.record("q did not save the answer"); return }
        #expect(!r.correct && r.rating == .again)
        var loud = Self.screen(.single)
        loud.sound = true
        #expect(Self.names(loud.update(.key(.char(key == 0 ? "2" : "1")))) == ["bell"], "sound on: the bell rings on a wrong answer")
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
        for step in q.steps.indices {
            let shown = try #require(order.firstIndex(of: step))
            _ = s.update(.key(.char(Character(String(shown + 1)))))
        }
        var c = Canvas(width: 78, height: 22)
        s.render(into: &c)
        #expect(c.text.contains("\(q.steps.count) of \(q.steps.count) steps in the right place"))
        guard case .recordReview(let r)? = s.update(.key(.enter)).first else { Issue.record("not saved"); return }
        #expect(r.correct && r.rating == .good)
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

import Foundation
import StudyCore
import Testing
@testable import TerminalUI

/// The note on an item: `n` opens the editor where the note shows (a card's back, a
/// question's feedback, an item open in Browse; `N` in mock-exam review), what it saves, and
/// how the note looks.
@Suite("Notes on screens")
struct NoteScreenTests {
    static let track = TestContent.track("cpt")
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]
    static let memoryAid = "Memory aid: say it aloud twice, then picture the draw chair. Why? q and ? are typed too."

    static func names(_ effects: [Effect]) -> [String] { effects.map(\.name) }

    static func type(_ text: String, into app: inout App) -> [Effect] {
        text.flatMap { app.handle(.key(.char($0))) }
    }

    static func study(_ kind: QuestionKind?, notes: [String: String] = [:]) -> StudyScreen {
        var s = StudyScreenCatalog.study(TestContent.bank, track, kind: kind)
        s.notes = notes
        return s
    }

    /// The card back with the user's note, written through the editor.
    static func cardBackWithNote(_ size: Size) -> (App, [Effect]) {
        var app = App(root: study(nil), size: size)
        _ = app.handle(.key(.char(" ")))
        var effects = app.handle(.key(.char("n")))
        effects += type(memoryAid, into: &app)
        effects += app.handle(.key(.enter))
        return (app, effects)
    }

    @Test("on a card's back, n opens the editor; q and ? are typed into it; Enter saves the note and the back shows it")
    func cardNote() throws {
        let (app, effects) = Self.cardBackWithNote(Size(width: 80, height: 24))
        let s = try #require(app.top as? StudyScreen)
        let id = try #require(s.session.current?.itemID)
        guard case .setNote(let saved, let text)? = effects.last, effects.count == 1 else {
            Issue.record("one setNote expected: \(Self.names(effects))"); return
        }
        #expect(saved == id && text == Self.memoryAid, "q and ? went into the note, not to quit or help")
        #expect(s.noteEditor == nil && s.notes[id] == Self.memoryAid)
        #expect(app.render().text.contains("✎ Your note: Memory aid"))
        #expect(app.render().text.contains("Note saved."))
    }

    @Test("? lists n with what it does, on a card's back and a question's result; Browse and review list theirs")
    func help() throws {
        var app = App(root: Self.study(nil), size: Size(width: 80, height: 24))
        _ = app.handle(.key(.char(" ")))
        _ = app.handle(.key(.char("?")))
        #expect(app.render().text.contains("write or edit your note on this item"), "\(app.render().text)")
        var review = try #require(ScreenCatalog.app(named: "exam-review", bank: TestContent.bank, size: Size(width: 80, height: 24)))
        _ = review.handle(.key(.char("?")))
        #expect(review.render().text.contains("write or edit your note on this question (n is next here)"), "\(review.render().text)")
    }

    @Test("before a card is turned or a question answered, n does nothing and no note shows (it could give the answer away)")
    func hiddenBefore() throws {
        for kind in [nil, QuestionKind.single] {
            var s = Self.study(kind)
            let id = try #require(s.session.current?.itemID)
            s.notes = [id: "the answer is B"]
            #expect(s.update(.key(.char("n"))).isEmpty)
            #expect(s.noteEditor == nil)
            var c = Canvas(width: 80, height: 22)
            s.render(into: &c)
            #expect(!c.text.contains("the answer is B"))
            #expect(!s.keyBindings.contains { $0.matches(.char("n")) })
        }
    }

    @Test("after answering a question the note shows under the explanation; n edits it; Esc keeps it; an emptied note is deleted")
    func questionNote() throws {
        var s = Self.study(.single)
        let id = try #require(s.session.current?.itemID)
        let key = try #require(s.session.presentation?.keyPosition)
        s.notes = [id: "Lavender first? No: blue."]
        _ = s.update(.key(.char(key == 0 ? "b" : "a")))
        var c = Canvas(width: 78, height: 20)
        s.render(into: &c)
        #expect(c.text.contains("✎ Your note: Lavender first? No: blue."))
        #expect(c.text.contains("Rated 1 Again"), "the rating line still fits")
        #expect(s.keyBindings.contains { $0.matches(.char("n")) && $0.label == "n" && $0.help.contains("note") })

        _ = s.update(.key(.char("n")))
        #expect(s.noteEditor?.text == "Lavender first? No: blue.")
        _ = s.update(.key(.backspace))
        #expect(s.update(.key(.escape)).isEmpty, "Esc cancels: nothing saved")
        #expect(s.notes[id] == "Lavender first? No: blue.")

        _ = s.update(.key(.char("n")))
        _ = s.update(.key(.control("u")))
        let deleted = s.update(.key(.enter))
        guard case .setNote(let did, let text)? = deleted.first else { Issue.record("\(Self.names(deleted))"); return }
        #expect(did == id && text == nil && s.notes[id] == nil)
        #expect(s.message == "Note deleted.")
        _ = s.update(.key(.char("n")))
        #expect(s.update(.key(.enter)).isEmpty, "saving an unchanged (empty) note writes nothing")
    }

    @Test("a note is at most 1000 characters: more typing is not taken")
    func maxLength() {
        var e = NoteEditor(itemID: "x", note: String(repeating: "a", count: ItemNotes.maxLength - 1))
        _ = e.handle(.char("b"))
        _ = e.handle(.char("c"))
        #expect(e.text.count == ItemNotes.maxLength && e.text.hasSuffix("b"))
        #expect(e.handle(.enter) == .saved(e.text))
    }

    @Test("Browse: n on an open item writes the note, the item shows it, and note: finds it")
    func browse() throws {
        let items = TestContent.bank.items(for: Self.track.id)
        var app = App(root: BrowseScreen(items: items, track: Self.track, states: [:], due: [], query: "", notes: [:]),
                      size: Size(width: 100, height: 30))
        _ = app.handle(.key(.enter))
        var effects = app.handle(.key(.char("n")))
        effects += Self.type("tube colours", into: &app)
        effects += app.handle(.key(.enter))
        let first = items[0].id
        #expect(Self.names(effects) == ["setNote(\(first))"])
        #expect(app.render().text.contains("✎ Your note: tube colours"))
        _ = app.handle(.key(.escape))
        _ = app.handle(.key(.char("/")))
        _ = Self.type("note:colour", into: &app)
        _ = app.handle(.key(.enter))
        let b = try #require(app.top as? BrowseScreen)
        #expect(b.shown.map { b.items[$0].id } == [first])
        #expect(app.render().text.contains("1 of \(b.items.count) items"))
    }

    @Test("mock-exam review asks for the notes when it shows, shows the question's note, and N edits it")
    func review() throws {
        var app = try #require(ScreenCatalog.app(named: "exam-review", bank: TestContent.bank, size: Size(width: 100, height: 30)))
        let r = try #require(app.top as? ExamReviewScreen)
        #expect(r.notes == nil)
        // What the host answers to .loadNotes (the effect itself is asserted on a fresh push below).
        let all = Dictionary(uniqueKeysWithValues: TestContent.bank.questions.map { ($0.id, "note on \($0.id)") })
        _ = app.handle(.effectResult(.notes(all)))
        let id = r.attempt.form.items[r.positions[0]].questionID
        #expect(app.render().text.contains("✎ Your note: note on \(id)"))
        var effects = app.handle(.key(.char("N")))
        effects += app.handle(.key(.control("u")))
        effects += Self.type("new", into: &app)
        effects += app.handle(.key(.enter))
        #expect(Self.names(effects) == ["setNote(\(id))"])
        #expect(app.render().text.contains("✎ Your note: new"))

        var fresh = App(root: r, size: Size(width: 80, height: 24))
        #expect(Self.names(fresh.apply([.push(ExamReviewScreen(attempt: r.attempt, track: r.track, questions: r.questions, filter: .all))]))
                == ["loadNotes"])
    }

    @Test("snapshots: a card's back and a question's feedback with a note", arguments: sizes)
    func snapshots(_ size: Size) throws {
        assertSnapshot(Self.cardBackWithNote(size).0.render().text, named: "flashcard-note-\(size)")
        var s = Self.study(.single)
        let id = try #require(s.session.current?.itemID)
        let key = try #require(s.session.presentation?.keyPosition)
        s.notes = [id: Self.memoryAid]
        var app = App(root: s, size: size)
        _ = app.handle(.key(.char(key == 0 ? "b" : "a")))
        assertSnapshot(app.render().text, named: "study-feedback-note-\(size)")
        _ = app.handle(.key(.char("n")))
        assertSnapshot(app.render().text, named: "note-editor-\(size)")
    }
}

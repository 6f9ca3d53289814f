import Foundation
import StudyCore
import Testing
@testable import TerminalUI

/// Browse on imported cards: `e` edits the front, back and tags; `x` removes the card (asks
/// first); built-in items offer neither. Drill by domain lists the personal decks.
@Suite("Browse: personal cards")
struct PersonalCardBrowseTests {
    static let track = TestContent.bank.track("cpt")!
    static let mine = Flashcard(id: "my-00000000000000a1", deck: "Vitals", front: "Pulse", back: "60-100",
                                domains: ["cpt": PersonalDeck.ownArea], tags: ["v"])

    static func browse() -> BrowseScreen {
        let items = TestContent.bank.items(for: "cpt") + [.flashcard(mine)]
        var b = BrowseScreen(items: items, track: track, states: [:], due: [])
        _ = b.update(.key(.char("/")))
        for c in "Pulse" { _ = b.update(.key(.char(c))) }
        _ = b.update(.key(.enter))
        return b
    }

    @Test("e edits an imported card; Enter saves the front, back and tags; the card shows the new text")
    func edit() {
        var b = Self.browse()
        #expect(b.shown.count >= 1)
        let row = b.shown.firstIndex { b.items[$0].id == Self.mine.id }!
        for _ in 0..<row { _ = b.update(.key(.down)) }
        _ = b.update(.key(.enter))
        #expect(b.keyBindings.contains { $0.keys == [.char("e")] })
        _ = b.update(.key(.char("e")))
        #expect(b.editor != nil)
        _ = b.update(.key(.control("u")))
        _ = b.update(.key(.enter))
        #expect(b.editor?.problem == "The front cannot be empty.", "an empty front is refused")
        for c in "Pulse, adult q?" { _ = b.update(.key(.char(c))) }
        _ = b.update(.key(.tab))
        _ = b.update(.key(.control("j")))
        for c in "a minute" { _ = b.update(.key(.char(c))) }
        _ = b.update(.key(.tab))
        for c in " vitals" { _ = b.update(.key(.char(c))) }
        let effects = b.update(.key(.enter))
        guard case .editPersonalCard(let id, let front, let back, let tags)? = effects.first else {
            Issue.record("not saved: \(effects.map(\.name))"); return
        }
        #expect(id == Self.mine.id && front == "Pulse, adult q?" && back == "60-100\na minute" && tags == ["v", "vitals"])
        #expect(b.editor == nil)
        var canvas = Canvas(width: 80, height: 24)
        b.render(into: &canvas)
        #expect(canvas.text.contains("Pulse, adult q?") && canvas.text.contains("my deck Vitals"))
    }

    @Test("in the running app, q and ? are typed into the card, not quit or help")
    func typedInApp() {
        var app = App(root: Self.browse(), size: Size(width: 80, height: 24))
        let row = Self.browse().shown.firstIndex { Self.browse().items[$0].id == Self.mine.id }!
        for _ in 0..<row { _ = app.handle(.key(.down)) }
        _ = app.handle(.key(.enter))
        _ = app.handle(.key(.char("e")))
        for c in " q?" { _ = app.handle(.key(.char(c))) }
        let effects = app.handle(.key(.enter))
        #expect(effects.map(\.name) == ["editPersonalCard(\(Self.mine.id))"])
        guard case .editPersonalCard(_, let front, _, _)? = effects.first else { return }
        #expect(front == "Pulse q?" && !app.isFinished)
    }

    @Test("x removes an imported card after asking; Esc in the editor changes nothing")
    func remove() {
        var b = Self.browse()
        let row = b.shown.firstIndex { b.items[$0].id == Self.mine.id }!
        for _ in 0..<row { _ = b.update(.key(.down)) }
        _ = b.update(.key(.enter))
        _ = b.update(.key(.char("e")))
        _ = b.update(.key(.char("z")))
        #expect(b.update(.key(.escape)).isEmpty && b.editor == nil)
        #expect(b.update(.key(.char("x"))).isEmpty, "asks first")
        #expect(b.update(.key(.char("y"))).map(\.name) == ["removePersonalCard(\(Self.mine.id))"])
        #expect(b.open == nil && !b.items.contains { $0.id == Self.mine.id })
    }

    @Test("built-in items cannot be edited or removed")
    func builtIn() {
        var b = BrowseScreen(items: TestContent.bank.items(for: "cpt"), track: Self.track, states: [:], due: [])
        _ = b.update(.key(.enter))
        #expect(!b.keyBindings.contains { $0.keys == [.char("e")] || $0.keys == [.char("x")] })
        #expect(b.update(.key(.char("e"))).isEmpty && b.editor == nil)
        #expect(b.update(.key(.char("x"))).isEmpty)
    }

    @Test("Drill by domain lists the personal decks after the areas and drills one")
    func drillPicker() {
        var p = DomainPickerScreen(track: Self.track, personalDecks: ["Vitals"])
        var canvas = Canvas(width: 80, height: 24)
        p.render(into: &canvas)
        #expect(canvas.text.contains("My deck: Vitals"))
        _ = p.update(.key(.end))
        #expect(p.update(.key(.enter)).map(\.name) == ["study(drill(deck(\"Vitals\")))"])
    }
}

import StudyCore
import Testing
@testable import TerminalUI

/// The `?` overlay must list every key a screen reacts to: any key that changes what
/// is drawn, returns an effect or ends the app has to be in the overlay, and every
/// key in the overlay is actually drawn there.
@Suite("Help overlay lists every key")
struct HelpOverlayCompletenessTests {
    /// The screens checked. Add a screen here once it is in the catalog; a screen with a
    /// text field (where letters are typed, not bound) needs its own probe list.
    static let screens = ScreenCatalog.names(for: TestContent.bank).filter { $0 == "exam-choice" || $0.hasPrefix("about-") }
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 70)]

    /// Keys a user might try: navigation, editing, function keys, letters, digits, punctuation.
    static let probes: [Key] = [.up, .down, .left, .right, .enter, .escape, .backspace, .tab, .backTab, .delete,
                                .pageUp, .pageDown, .home, .end, .function(1), .control("a"), .control("l"), .char(" ")]
        + "abcdefghijklmnopqrstuvwxyz0123456789?/.,-=+@!".map { Key.char($0) }

    /// The app showing `name`, optionally after some keys.
    func app(_ name: String, _ size: Size, after keys: [Key] = []) throws -> App {
        var app = try #require(ScreenCatalog.app(named: name, bank: TestContent.bank, size: size, theme: .standard))
        for k in keys { _ = app.handle(.key(k)) }
        return app
    }

    @Test("a key that does something is in the overlay", arguments: screens, sizes)
    func everyActiveKeyIsListed(_ name: String, _ size: Size) throws {
        // From the first state, and from the far end of a scrolling screen (where ↑ and Home act).
        for start in [[], [Key.end]] {
            let base = try app(name, size, after: start)
            let listed = base.helpBindings.flatMap(\.keys)
            let before = base.render().text
            for key in Self.probes {
                var probe = base
                let effects = probe.handle(.key(key))
                let acted = !effects.isEmpty || probe.isFinished || probe.render().text != before
                    || probe.top.id != base.top.id
                if acted {
                    #expect(listed.contains(key), "\(name) at \(size): \(key) does something but the ? overlay does not list it")
                }
            }
        }
    }

    @Test("every listed binding is drawn in the overlay with its description", arguments: screens, sizes)
    func overlayShowsEveryBinding(_ name: String, _ size: Size) throws {
        var app = try app(name, size)
        let bindings = app.helpBindings
        _ = app.handle(.key(.char("?")))
        #expect(app.isHelpVisible)
        let text = app.render().text
        for b in bindings {
            #expect(text.contains(b.label), "\(name) at \(size): overlay lacks the key \(b.label)")
            #expect(text.contains(b.help), "\(name) at \(size): overlay lacks \"\(b.help)\"")
        }
    }
}

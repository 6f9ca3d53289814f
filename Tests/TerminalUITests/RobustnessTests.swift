import Testing
@testable import TerminalUI

/// No screen crashes or draws outside its rows at any size, whatever keys arrive.
@Suite("Robustness at odd sizes")
struct RobustnessTests {
    static let sizes = [Size(width: 1, height: 1), Size(width: 2, height: 2), Size(width: 20, height: 5),
                        Size(width: 79, height: 24), Size(width: 80, height: 23), Size(width: 80, height: 24),
                        Size(width: 81, height: 25), Size(width: 250, height: 70), Size(width: 300, height: 100)]
    static let keys: [Key] = [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .tab, .backTab, .enter,
                              .char("?"), .char("?"), .char(" "), .char("j"), .char("k"), .backspace, .delete,
                              .function(5), .control("l"), .char("血"), .enter, .escape, .escape]

    @Test("every screen renders every row at exactly the terminal width", arguments: ScreenCatalog.names(for: TestContent.bank))
    func widths(_ name: String) throws {
        for size in Self.sizes {
            var app = try #require(ScreenCatalog.app(named: name, bank: TestContent.bank, size: size))
            check(app, size)
            for key in Self.keys {
                _ = app.handle(.key(key))
                _ = app.handle(.tick(now: 1_800_000_000))
                check(app, size)
            }
        }
    }

    @Test("resizing through tiny and huge sizes and back keeps the screen intact")
    func resizeCycle() throws {
        var app = try #require(ScreenCatalog.app(named: "about-ccma", bank: TestContent.bank, size: Size(width: 80, height: 24)))
        _ = app.handle(.key(.end))
        let before = app.render().text
        for size in Self.sizes + [Size(width: 80, height: 24)] {
            _ = app.handle(.resize(size))
            check(app, size)
        }
        #expect(app.render().text == before)
    }

    func check(_ app: App, _ size: Size, sourceLocation: SourceLocation = #_sourceLocation) {
        let canvas = app.render()
        #expect(canvas.size == size, sourceLocation: sourceLocation)
        for (i, line) in canvas.lines.enumerated() where DisplayWidth.of(line) != size.width {
            Issue.record("row \(i) is \(DisplayWidth.of(line)) columns at \(size): \(line)", sourceLocation: sourceLocation)
        }
    }
}

/// What the footer and help promise is what the keys do.
@Suite("Key bindings")
struct KeyBindingTests {
    @Test("every key a screen declares changes what is shown or asks for something", arguments: ScreenCatalog.names(for: TestContent.bank))
    func declaredKeysWork(_ name: String) throws {
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
            let start = try #require(ScreenCatalog.app(named: name, bank: TestContent.bank, size: size))
            guard !start.isHelpVisible else { continue }
            for binding in start.top.keyBindings {
                var worked = false
                for from in [start, start.after(.end), start.after(.pageDown)] {
                    for key in binding.keys {
                        var app = from
                        let before = app.render().text
                        let effects = app.handle(.key(key))
                        if !effects.isEmpty || app.render().text != before || app.stack.count != from.stack.count
                            || app.isFinished != from.isFinished { worked = true }
                    }
                }
                #expect(worked, "\(name): \(binding.label) (\(binding.action)) does nothing")
            }
        }
    }

    @Test("the help overlay of every screen lists each of its keys")
    func helpListsKeys() throws {
        for name in ScreenCatalog.names(for: TestContent.bank) {
            var app = try #require(ScreenCatalog.app(named: name, bank: TestContent.bank, size: Size(width: 100, height: 40)))
            if !app.isHelpVisible { _ = app.handle(.key(.char("?"))) }
            let text = app.render().text
            for b in app.helpBindings {
                #expect(text.contains(b.label) && text.contains(b.help), "\(name): help lacks \(b.label) \(b.help)")
            }
        }
    }
}

extension App {
    /// This app after one key.
    func after(_ key: Key) -> App {
        var copy = self
        _ = copy.handle(.key(key))
        return copy
    }
}

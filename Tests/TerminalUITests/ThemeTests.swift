import Testing
@testable import TerminalUI

@Suite("Themes")
struct ThemeTests {
    @Test("NO_COLOR with any value, or --no-color, selects monochrome")
    func noColor() {
        #expect(Theme.select(noColorFlag: true, environment: [:], terminalColors: 256).kind == .monochrome)
        #expect(Theme.select(noColorFlag: false, environment: ["NO_COLOR": "1"], terminalColors: 256).kind == .monochrome)
        #expect(Theme.select(noColorFlag: false, environment: ["NO_COLOR": ""], terminalColors: 256).kind == .monochrome)
    }

    @Test("the terminal's colour count picks the theme")
    func byColors() {
        #expect(Theme.select(noColorFlag: false, environment: [:], terminalColors: 256).kind == .standard)
        #expect(Theme.select(noColorFlag: false, environment: [:], terminalColors: 88).kind == .eightColor)
        #expect(Theme.select(noColorFlag: false, environment: [:], terminalColors: 8).kind == .eightColor)
        #expect(Theme.select(noColorFlag: false, environment: [:], terminalColors: 0).kind == .monochrome)
    }

    @Test("monochrome uses no colour at all, only reverse, bold and underline")
    func monochromeHasNoColour() {
        for style in Theme.monochrome.allStyles {
            #expect(style.foreground == .default && style.background == .default)
            #expect(!style.attributes.contains(.dim))
        }
        #expect(Theme.monochrome.selection.attributes.contains(.reverse))
    }

    @Test("the 8-colour theme uses only the 8 basic colours")
    func eightColour() {
        for style in Theme.eightColor.allStyles {
            for c in [style.foreground, style.background] {
                if case .indexed = c { Issue.record("indexed colour \(c) in the 8-colour theme") }
            }
        }
    }

    @Test("in every theme the selection stands out without colour")
    func selectionWithoutColour() {
        for theme in [Theme.standard, .eightColor, .monochrome] {
            #expect(theme.selection.attributes.contains(.reverse), "\(theme.kind)")
        }
    }
}

@Suite("Screens without colour")
struct MonochromeScreenTests {
    @Test("every screen in the monochrome theme uses no colour, and the choice still shows by ▸ and reverse",
          arguments: ScreenCatalog.names(for: TestContent.bank))
    func noColourAnywhere(_ name: String) throws {
        let app = try #require(ScreenCatalog.app(named: name, bank: TestContent.bank, size: Size(width: 80, height: 24), theme: .monochrome))
        let canvas = app.render()
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                let s = canvas.style(x: x, y: y)
                #expect(s.foreground == .default && s.background == .default, "colour at \(x),\(y)")
            }
        }
        if name == "exam-choice" {
            let (x, y) = try #require(canvas.find("▸ CPT"))
            #expect(canvas.style(x: x, y: y).attributes.contains(.reverse))
        }
    }
}

@Suite("Theme names from Settings")
struct ThemeNameTests {
    @Test("each Settings name gives its theme; no colour always wins; light needs 256 colours; high contrast uses basic colours only")
    func named() {
        #expect(Theme.named("light", noColorFlag: false, environment: [:], terminalColors: 256).kind == .light)
        #expect(Theme.named("light", noColorFlag: false, environment: [:], terminalColors: 8).kind == .eightColor)
        #expect(Theme.named("high-contrast", noColorFlag: false, environment: [:], terminalColors: 8).kind == .highContrast)
        #expect(Theme.named("monochrome", noColorFlag: false, environment: [:], terminalColors: 256).kind == .monochrome)
        #expect(Theme.named("default", noColorFlag: false, environment: [:], terminalColors: 256).kind == .standard)
        for name in Theme.settingNames {
            #expect(Theme.named(name, noColorFlag: false, environment: ["NO_COLOR": "1"], terminalColors: 256).kind == .monochrome)
        }
        for style in Theme.highContrast.allStyles {
            for c in [style.foreground, style.background] {
                if case .indexed = c { Issue.record("indexed colour \(c) in the high-contrast theme") }
            }
        }
        #expect(Theme.light.selection.attributes.contains(.reverse) && Theme.highContrast.selection.attributes.contains(.reverse))
    }
}

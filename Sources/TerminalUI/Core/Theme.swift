/// The styles every screen and widget draws with, by role.
///
/// The themes: `standard` (256 colours, for dark terminals), `eightColor` (the 8 basic
/// colours), `light` (256 colours, for light terminals), `highContrast` (bold basic
/// colours, no greys) and `monochrome` (reverse, bold and underline only). Screens never pick colours
/// themselves, and anything a colour says is also said in text or a glyph, so the
/// monochrome theme loses no information.
public struct Theme: Sendable, Hashable {
    /// Which theme this is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case standard, eightColor = "8-colour", monochrome, light, highContrast = "high-contrast"
    }

    public var kind: Kind
    /// Body text.
    public var text: Style
    /// Secondary text: hints, units, "more below".
    public var muted: Style
    /// Section headings inside a screen.
    public var heading: Style
    /// Box-drawing lines of frames and panels.
    public var frame: Style
    /// The screen title in the top border.
    public var title: Style
    /// The status text at the right of the top border.
    public var status: Style
    /// A key name in the footer and the help overlay ("Esc", "q").
    public var key: Style
    /// The selected row of a list or the chosen button.
    public var selection: Style
    /// Values that deserve attention (numbers in a comparison, the current choice).
    public var accent: Style
    /// Correct / pass.
    public var good: Style
    /// Wrong / fail.
    public var bad: Style
    /// Time running out, a warning message.
    public var warning: Style
    /// The filled part of a bar.
    public var barFilled: Style
    /// The empty part of a bar.
    public var barEmpty: Style
    /// Heatmap levels from none (0) to most (4).
    public var heat: [Style]

    public static let standard = Theme(
        kind: .standard,
        text: .plain,
        muted: Style(foreground: .indexed(245)),
        heading: Style(foreground: .indexed(111), attributes: .bold),
        frame: Style(foreground: .indexed(244)),
        title: Style(foreground: .indexed(81), attributes: .bold),
        status: Style(foreground: .indexed(250)),
        key: Style(foreground: .indexed(221), attributes: .bold),
        selection: Style(attributes: [.reverse, .bold]),
        accent: Style(foreground: .indexed(81), attributes: .bold),
        good: Style(foreground: .indexed(114), attributes: .bold),
        bad: Style(foreground: .indexed(203), attributes: .bold),
        warning: Style(foreground: .indexed(214), attributes: .bold),
        barFilled: Style(foreground: .indexed(75)),
        barEmpty: Style(foreground: .indexed(239)),
        heat: [Style(foreground: .indexed(239)), Style(foreground: .indexed(22)), Style(foreground: .indexed(28)),
               Style(foreground: .indexed(34)), Style(foreground: .indexed(40))]
    )

    public static let eightColor = Theme(
        kind: .eightColor,
        text: .plain,
        muted: .plain,
        heading: Style(foreground: .blue, attributes: .bold),
        frame: .plain,
        title: Style(foreground: .cyan, attributes: .bold),
        status: .plain,
        key: Style(foreground: .yellow, attributes: .bold),
        selection: Style(attributes: [.reverse, .bold]),
        accent: Style(foreground: .cyan, attributes: .bold),
        good: Style(foreground: .green, attributes: .bold),
        bad: Style(foreground: .red, attributes: .bold),
        warning: Style(foreground: .yellow, attributes: .bold),
        barFilled: Style(foreground: .blue),
        barEmpty: .plain,
        heat: [.plain, Style(foreground: .green), Style(foreground: .green), Style(foreground: .green, attributes: .bold),
               Style(foreground: .green, attributes: .bold)]
    )

    public static let monochrome = Theme(
        kind: .monochrome,
        text: .plain,
        muted: .plain,
        heading: Style(attributes: .bold),
        frame: .plain,
        title: Style(attributes: .bold),
        status: .plain,
        key: Style(attributes: .bold),
        selection: Style(attributes: .reverse),
        accent: Style(attributes: .bold),
        good: Style(attributes: .bold),
        bad: Style(attributes: [.bold, .underline]),
        warning: Style(attributes: .reverse),
        barFilled: .plain,
        barEmpty: .plain,
        heat: [.plain, .plain, .plain, .plain, .plain]
    )

    /// Dark colours for a terminal with a light background.
    public static let light = Theme(
        kind: .light,
        text: .plain,
        muted: Style(foreground: .indexed(242)),
        heading: Style(foreground: .indexed(25), attributes: .bold),
        frame: Style(foreground: .indexed(246)),
        title: Style(foreground: .indexed(24), attributes: .bold),
        status: Style(foreground: .indexed(240)),
        key: Style(foreground: .indexed(130), attributes: .bold),
        selection: Style(attributes: [.reverse, .bold]),
        accent: Style(foreground: .indexed(25), attributes: .bold),
        good: Style(foreground: .indexed(28), attributes: .bold),
        bad: Style(foreground: .indexed(160), attributes: .bold),
        warning: Style(foreground: .indexed(166), attributes: .bold),
        barFilled: Style(foreground: .indexed(33)),
        barEmpty: Style(foreground: .indexed(250)),
        heat: [Style(foreground: .indexed(252)), Style(foreground: .indexed(151)), Style(foreground: .indexed(114)),
               Style(foreground: .indexed(71)), Style(foreground: .indexed(28))]
    )

    /// Bold basic colours and no greys: the most legible on any terminal with colour.
    public static let highContrast = Theme(
        kind: .highContrast,
        text: .plain,
        muted: .plain,
        heading: Style(foreground: .cyan, attributes: [.bold, .underline]),
        frame: .plain,
        title: Style(attributes: .bold),
        status: Style(attributes: .bold),
        key: Style(foreground: .yellow, attributes: .bold),
        selection: Style(attributes: [.reverse, .bold]),
        accent: Style(foreground: .cyan, attributes: .bold),
        good: Style(foreground: .green, attributes: .bold),
        bad: Style(foreground: .red, attributes: [.bold, .underline]),
        warning: Style(foreground: .yellow, attributes: [.bold, .reverse]),
        barFilled: Style(attributes: .reverse),
        barEmpty: .plain,
        heat: [.plain, Style(foreground: .green), Style(foreground: .green, attributes: .bold),
               Style(foreground: .green, attributes: [.bold, .reverse]), Style(attributes: [.bold, .reverse])]
    )

    /// The names a user picks in Settings, in the order Enter cycles through them.
    public static let settingNames = ["default", "light", "high-contrast", "monochrome"]

    /// The theme for a Settings name, within what the terminal and the user allow: no colour
    /// (`--no-color`, `NO_COLOR`, a terminal without colours) always means monochrome; `light`
    /// needs 256 colours (else the 8-colour theme); `default` is `select`'s choice.
    public static func named(_ name: String, noColorFlag: Bool, environment: [String: String], terminalColors: Int) -> Theme {
        let base = select(noColorFlag: noColorFlag, environment: environment, terminalColors: terminalColors)
        if base.kind == .monochrome { return .monochrome }
        switch name {
        case "monochrome": return .monochrome
        case "high-contrast": return .highContrast
        case "light": return terminalColors >= 256 ? .light : .eightColor
        default: return base
        }
    }

    /// Every style of the theme, for checks such as "monochrome uses no colour".
    public var allStyles: [Style] {
        [text, muted, heading, frame, title, status, key, selection, accent, good, bad, warning, barFilled, barEmpty] + heat
    }

    /// The heat style for a level, clamped to the available levels.
    public func heat(level: Int) -> Style { heat[min(max(level, 0), heat.count - 1)] }

    /// Picks the theme: monochrome when the user asked for no colour (`--no-color`, or
    /// `NO_COLOR` set to any value) or the terminal has no colours; 8-colour when it
    /// has fewer than 256; the standard theme otherwise.
    public static func select(noColorFlag: Bool, environment: [String: String], terminalColors: Int) -> Theme {
        if noColorFlag || environment["NO_COLOR"] != nil || terminalColors < 8 { return .monochrome }
        return terminalColors >= 256 ? .standard : .eightColor
    }
}

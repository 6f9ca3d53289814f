/// The app runtime: a stack of screens, the frame around the top one, the help
/// overlay and the too-small guard. Pure: it takes events and returns the effects
/// it cannot perform itself (save, start exam...) for the host to carry out.
///
/// Keys a screen does not bind itself have a standard meaning: `?` shows the help
/// overlay, Esc and `q` go back (at the first screen `q` quits).
public struct App: Sendable {
    /// Below this the app shows only the "Terminal too small" message.
    public static let minimumSize = Size(width: 80, height: 24)

    public private(set) var stack: [any Screen]
    public private(set) var size: Size
    public var theme: Theme
    /// Whether the help overlay (`?`) is showing.
    public private(set) var isHelpVisible = false
    /// Set once the user quit (or the last screen closed).
    public private(set) var isFinished = false
    /// A message for the user from a failed effect, shown in the footer until the next key.
    public private(set) var notice: String?
    /// Turns a Settings theme name into the theme to draw with; the terminal loop sets it
    /// from what the terminal and the user allow (see `Theme.named`).
    public var themeNamed: @Sendable (String) -> Theme = { name in
        Theme.named(name, noColorFlag: false, environment: [:], terminalColors: 256)
    }

    public init(root: any Screen, size: Size, theme: Theme = .standard) {
        stack = [root]
        self.size = size
        self.theme = theme
        _ = resizeTop()
    }

    /// The screen on top (the one shown and receiving keys).
    public var top: any Screen { stack[stack.count - 1] }

    /// Whether the terminal is below the minimum size.
    public var isTooSmall: Bool { !size.fits(App.minimumSize) }

    /// Where a screen's body goes inside the frame: everything but the border,
    /// the footer divider and the footer line.
    public static func bodyRect(for size: Size) -> Rect {
        Rect(x: 1, y: 1, width: size.width - 2, height: size.height - 4)
    }

    // MARK: events

    /// Handles one event and returns the effects for the host to perform.
    public mutating func handle(_ event: Event) -> [Effect] {
        guard !isFinished else { return [] }
        switch event {
        case .resize(let newSize):
            size = newSize
            return resizeTop()
        case .key(let key):
            return handleKey(key)
        case .effectResult(.navigate(let navigation)):
            return apply(navigation.effects)
        case .effectResult(.refreshed(let fresh)):
            if let text = fresh.notice { notice = text }
            // The newest screen of that kind takes the figures; the others are refreshed when they resume.
            guard let i = stack.lastIndex(where: { $0.id == fresh.screen.id }) else { return [] }
            stack[i].refresh(from: fresh.screen)
            return i == stack.count - 1 ? resizeTop() : []
        case .resumed:
            return updateTop(.resumed)
        case .tick, .effectResult:
            if case .effectResult(.failed(let effect, let message)) = event {
                notice = "\(effect) failed: \(message)"
            }
            return updateTop(event)
        case .terminating:
            return terminate()
        }
    }

    /// Shows a message in the footer until the next key (what the store did on its own when the
    /// profile opened, for example).
    public mutating func showNotice(_ text: String) { notice = text }

    /// Asks every screen, top first, what to do before the app exits (e.g. save)
    /// and returns those effects; navigation is ignored at this point.
    public mutating func terminate() -> [Effect] {
        var out: [Effect] = []
        for i in stack.indices.reversed() {
            out += stack[i].update(.terminating).filter { !$0.isNavigation }
        }
        isFinished = true
        return out
    }

    private mutating func handleKey(_ key: Key) -> [Effect] {
        notice = nil
        if isTooSmall {
            // Nothing of the screen is visible: only quitting makes sense.
            if key == .char("q") { isFinished = true }
            return []
        }
        if isHelpVisible {
            if [.char("?"), .escape, .char("q"), .enter].contains(key) { isHelpVisible = false }
            return []
        }
        let bound = top.keyBindings.contains { $0.matches(key) }
        if !bound {
            switch key {
            case .char("?"):
                isHelpVisible = true
                return []
            case .escape:
                return stack.count > 1 ? apply([.pop]) : []
            case .char("q"):
                return apply([.pop])
            default:
                break
            }
        }
        return updateTop(.key(key))
    }

    private mutating func updateTop(_ event: Event) -> [Effect] {
        let effects = stack[stack.count - 1].update(event)
        return apply(effects)
    }

    private mutating func resizeTop() -> [Effect] {
        let body = App.bodyRect(for: size).size
        return updateTop(.resize(body))
    }

    /// Performs navigation effects and returns the others, in order, for the host.
    public mutating func apply(_ effects: [Effect]) -> [Effect] {
        var external: [Effect] = []
        for effect in effects {
            guard !isFinished else { break }
            switch effect {
            case .push(let screen):
                stack.append(screen)
                isHelpVisible = false
                external += resizeTop()
            case .pop:
                if stack.count > 1 {
                    stack.removeLast()
                    external += resizeTop()
                    // The screen below is showing again: it may ask for fresh figures.
                    external += updateTop(.resumed)
                } else {
                    isFinished = true
                }
            case .replace(let screen):
                stack[stack.count - 1] = screen
                external += resizeTop()
            case .reset(let screen):
                stack = [screen]
                isHelpVisible = false
                external += resizeTop()
            case .quit:
                isFinished = true
            case .applyTheme(let name):
                theme = themeNamed(name)
            default:
                external.append(effect)
            }
        }
        return external
    }

    // MARK: keys

    /// What `?`, Esc and `q` do here, leaving out those the screen binds itself.
    private func globalBindings(screen own: [KeyBinding]) -> [KeyBinding] {
        var out = [KeyBinding(.char("?"), "show or hide this help")]
        if stack.count > 1 {
            out.append(KeyBinding([.escape, .char("q")], "back", label: "Esc/q"))
        } else {
            out.append(KeyBinding(.char("q"), "quit"))
        }
        return out.filter { binding in !binding.keys.allSatisfy { k in own.contains { $0.matches(k) } } }
    }

    /// Every key of the current screen, for the help overlay: its own, then the global ones.
    public var helpBindings: [KeyBinding] {
        let own = top.keyBindings
        return own + globalBindings(screen: own)
    }

    /// The footer: the screen's footer bindings, then `? help` and back or quit.
    public var footer: KeyHintBar {
        let screenBindings = top.keyBindings
        let own = screenBindings.filter(\.inFooter).map { KeyHintBar.Hint($0.label, $0.action) }
        var pinned: [KeyHintBar.Hint] = []
        for b in globalBindings(screen: screenBindings) {
            switch b.keys.first {
            case .char("?"): pinned.append(.init("?", "help"))
            case .escape: pinned.append(.init("Esc", "back"))
            default: pinned.append(.init("q", "quit"))
            }
        }
        return KeyHintBar(hints: own, pinned: pinned)
    }

    // MARK: drawing

    /// The whole frame as a canvas of the current size.
    public func render() -> Canvas {
        var canvas = Canvas(size: size, theme: theme)
        render(into: &canvas)
        return canvas
    }

    /// Draws the whole frame into `canvas` (which should have the app's size).
    public func render(into canvas: inout Canvas) {
        canvas.theme = theme
        canvas.clear()
        let full = canvas.bounds
        guard !isTooSmall else {
            TooSmallView(size: canvas.size, minimum: App.minimumSize).render(into: &canvas)
            return
        }
        let screen = top
        Panel(title: screen.title, status: screen.status, statusStyle: screen.statusTone.style(in: theme))
            .render(into: &canvas, area: full)
        Panel.divider(into: &canvas, y: full.maxY - 3, from: 0, width: full.width)
        let footerRow = Rect(x: 2, y: full.maxY - 2, width: full.width - 4, height: 1)

        let bodyRect = App.bodyRect(for: canvas.size)
        var body = Canvas(size: bodyRect.size, theme: theme)
        screen.render(into: &body)
        canvas.draw(body, x: bodyRect.x, y: bodyRect.y)

        if isHelpVisible {
            HelpOverlay(title: screen.title, bindings: helpBindings).render(into: &canvas, area: bodyRect)
            KeyHintBar(hints: [], pinned: [.init("?/Esc", "close help")]).render(into: &canvas, area: footerRow)
        } else if let notice {
            // A long notice is wrapped, never cut: it grows upwards from the footer row over the
            // bottom of the body, under a divider of its own.
            let lines = TextLayout.wrap("! " + notice, width: footerRow.width)
            let above = min(lines.count - 1, max(0, footerRow.y - 3))
            if above > 0 {
                let top = footerRow.y - above
                canvas.fill(Rect(x: 1, y: top - 1, width: full.width - 2, height: above + 1))
                Panel.divider(into: &canvas, y: top - 1, from: 0, width: full.width)
                // The usual divider's row now holds notice text: plain side borders there.
                canvas.write("│", x: 0, y: footerRow.y - 1, style: theme.frame)
                canvas.write("│", x: full.width - 1, y: footerRow.y - 1, style: theme.frame)
                for (i, line) in lines.prefix(above).enumerated() {
                    canvas.write(line, x: footerRow.x, y: top + i, style: theme.warning,
                                 clip: Rect(x: footerRow.x, y: top + i, width: footerRow.width, height: 1))
                }
            }
            // What does not fit even so ends the last row in '…'.
            let last = TextLayout.truncate(lines.dropFirst(above).joined(separator: " "), width: footerRow.width)
            canvas.write(last, x: footerRow.x, y: footerRow.y, style: theme.warning, clip: footerRow)
        } else {
            footer.render(into: &canvas, area: footerRow)
        }
    }
}

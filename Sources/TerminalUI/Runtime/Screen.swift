/// One screen of the app, Elm style: a value holding its state, a pure `update`
/// that changes the state and returns effects, and a `render` that draws the state.
///
/// The `App` runtime draws the frame around a screen (title, status, key footer)
/// and gives `render` a canvas the size of the body inside it.
public protocol Screen: Sendable {
    /// A stable name for the screen kind (`exam-choice`, `about-exam`).
    var id: String { get }
    /// The title shown in the top border.
    var title: String { get }
    /// Text shown at the right of the top border (progress, timer); empty for none.
    var status: String { get }
    /// How the status text is drawn: a countdown running out takes `.warning`, then `.critical`.
    var statusTone: StatusTone { get }
    /// The keys this screen handles. A screen that binds Esc or `q` handles them
    /// itself; otherwise the runtime uses them to go back.
    var keyBindings: [KeyBinding] { get }
    /// Reacts to an event; returns what should happen next.
    mutating func update(_ event: Event) -> [Effect]
    /// Draws the screen's body. `canvas` is exactly the body's size.
    func render(into canvas: inout Canvas)
    /// Takes the figures of `fresh`, a screen of the same kind just built by the host from the
    /// store (the answer to `.refresh(id)`). The default replaces the whole screen; a screen with
    /// state of its own worth keeping (a selection, a panel) copies only the figures.
    mutating func refresh(from fresh: any Screen)
}

extension Screen {
    public var status: String { "" }
    public var statusTone: StatusTone { .normal }

    public mutating func refresh(from fresh: any Screen) {
        if let same = fresh as? Self { self = same }
    }
}

/// The style of a screen's status text: the theme's status style, its warning style, or
/// its "bad" style (in monochrome: plain, reverse, bold underlined).
public enum StatusTone: Sendable, Hashable {
    case normal, warning, critical

    public func style(in theme: Theme) -> Style {
        switch self {
        case .normal: return theme.status
        case .warning: return theme.warning
        case .critical: return theme.bad
        }
    }
}

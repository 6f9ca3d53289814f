/// A key (or keys) a screen responds to, with what it does.
///
/// Screens declare their bindings; the footer shows those marked `inFooter` and the
/// help overlay (`?`) lists them all, so what is shown is what works.
public struct KeyBinding: Sendable, Hashable {
    /// The keys that trigger it (e.g. `[.up, .char("k")]`).
    public var keys: [Key]
    /// How the keys are written (defaults to the keys joined by "/").
    public var label: String
    /// What it does, in a few words ("move", "open the exam facts").
    public var action: String
    /// Whether the one-line footer shows it (the help overlay shows every binding).
    public var inFooter: Bool
    /// The longer description the help overlay shows (defaults to `action`).
    public var help: String

    public init(_ keys: [Key], _ action: String, label: String? = nil, inFooter: Bool = true, help: String? = nil) {
        self.keys = keys
        self.action = action
        self.label = label ?? keys.map(\.description).joined(separator: "/")
        self.inFooter = inFooter
        self.help = help ?? action
    }

    public init(_ key: Key, _ action: String, label: String? = nil, inFooter: Bool = true, help: String? = nil) {
        self.init([key], action, label: label, inFooter: inFooter, help: help)
    }

    /// Whether this binding is triggered by `key`.
    public func matches(_ key: Key) -> Bool { keys.contains(key) }
}

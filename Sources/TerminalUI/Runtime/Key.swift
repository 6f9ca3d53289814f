/// A key the user pressed, independent of the terminal that reported it.
public enum Key: Sendable, Hashable, CustomStringConvertible {
    /// A printable character (letters, digits, punctuation, any script).
    case char(Character)
    case up, down, left, right
    case enter, escape, backspace, tab, backTab, delete
    case pageUp, pageDown, home, end
    /// F1...F24.
    case function(Int)
    /// Ctrl plus a letter, as `Ctrl-A` ... `Ctrl-Z` (those that are not Tab, Enter or Backspace).
    case control(Character)

    /// How the key is written in footers and the help overlay.
    public var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .delete: return "Del"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .function(let n): return "F\(n)"
        case .control(let c): return "Ctrl-\(c.uppercased())"
        }
    }
}

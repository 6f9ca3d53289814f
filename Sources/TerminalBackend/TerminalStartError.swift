/// Why the full-screen app cannot start in this terminal; each has a message for
/// the user and an exit status.
public enum TerminalStartError: Error, Equatable, CustomStringConvertible {
    /// stdin or stdout is a pipe or file.
    case notATerminal
    /// No UTF-8 locale could be set; the codeset that was found.
    case notUTF8(codeset: String)
    /// `$TERM` has no terminfo entry (or is unset, given as "").
    case unknownTerminal(String)
    /// `$TERM` cannot position the cursor (e.g. `dumb`).
    case noCursorAddressing(String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "the full-screen app needs a terminal, but standard input or output is a pipe or a file; "
                + "run statdeck in a terminal (subcommands such as 'statdeck snapshot' work anywhere)"
        case .notUTF8(let codeset):
            return "no UTF-8 locale is available (codeset \(codeset)); set LANG=C.UTF-8"
        case .unknownTerminal(""):
            return "TERM is not set, so the terminal type is unknown; try TERM=xterm-256color"
        case .unknownTerminal(let name):
            return "unknown terminal type '\(name)'; try TERM=xterm-256color"
        case .noCursorAddressing(let name):
            return "terminal type '\(name)' cannot position the cursor, which a full-screen app needs; try TERM=xterm-256color"
        }
    }

    /// 2 when there is no terminal at all (a usage problem), 1 for an unusable one.
    public var exitStatus: Int32 {
        switch self {
        case .notATerminal: return 2
        case .notUTF8, .unknownTerminal, .noCursorAddressing: return 1
        }
    }
}

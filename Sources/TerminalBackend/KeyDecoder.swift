import CNcursesw
import TerminalUI

/// Translates what `wget_wch` returns into `Key`s. Pure, so it is tested without a terminal.
public enum KeyDecoder {
    /// A key code (`wget_wch` returned `KEY_CODE_YES`); nil for codes the app does not use.
    public static func key(code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_ENTER: return .enter            // keypad Enter (see define_key in start)
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_BTAB: return .backTab
        case cnc_key_f(1)...cnc_key_f(24): return .function(Int(code - cnc_key_f(0)))
        default: return nil
        }
    }

    /// A character (`wget_wch` returned `OK`): Enter arrives as `\n`, Esc as 27,
    /// Backspace as 127 or 8, Ctrl-letters as 1-26.
    public static func key(character wc: UInt32) -> Key? {
        switch wc {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(wc) + 96)))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(wc) else { return nil }
            return .char(Character(scalar))
        }
    }
}

import CNcursesw
import Glibc

/// The process locale, set up so ncursesw can draw and read UTF-8.
public enum TerminalLocale {
    /// Adopts the user's locale (`setlocale(LC_ALL, "")`). When that is not UTF-8
    /// (LANG unset, `LC_ALL=C`), falls back to `C.UTF-8` for character handling only:
    /// in a non-UTF-8 locale ncursesw turns every non-ASCII character into garbage.
    public static func adoptUTF8() throws(TerminalStartError) {
        setlocale(LC_ALL, "")
        if codeset == "UTF-8" { return }
        for fallback in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, fallback) != nil {
            if codeset == "UTF-8" { return }
        }
        throw .notUTF8(codeset: codeset)
    }

    /// The character set of the current `LC_CTYPE` (e.g. `UTF-8`, `ANSI_X3.4-1968`).
    public static var codeset: String { String(cString: nl_langinfo(nl_item(CODESET))) }
}

/// The rules for a profile name, which is also the name of the profile's folder: 1 to 32
/// characters of ASCII letters, digits, `-`, `_` and `.`; no leading dot or dash; no `..`.
///
/// ASCII keeps a name the same folder on every file system and the same width in every
/// terminal; names that differ only in case are one profile (see `conflict`).
public enum ProfileName {
    public static let maxLength = 32

    /// What is wrong with `name`, in a sentence; nil when it is a valid name.
    public static func problem(with name: String, what: String = "a profile name") -> String? {
        if name.isEmpty { return "\(what) cannot be empty" }
        for (i, scalar) in name.unicodeScalars.enumerated() {
            let at = "at character \(i + 1)"
            switch scalar {
            case "\0":
                return "\(what) cannot contain a NUL character (\(at))"
            case "/":
                return "\(what) cannot contain '/' (\(at))"
            case _ where scalar.properties.generalCategory == .control:
                return "\(what) cannot contain control characters (U+\(hex(scalar.value)) \(at))"
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".":
                continue
            default:
                return "\(what) cannot contain '\(scalar)' (\(at)): use letters A-Z and a-z, digits 0-9, '-', '_' and '.'"
            }
        }
        if name.hasPrefix(".") { return "\(what) cannot start with '.'" }
        if name.hasPrefix("-") { return "\(what) cannot start with '-' (it would read as an option)" }
        if name.contains("..") { return "\(what) cannot contain '..'" }
        if name.count > maxLength { return "\(what) has at most \(maxLength) characters; \"\(name)\" has \(name.count)" }
        return nil
    }

    /// The existing name that `name` would clash with (equal ignoring case), if any.
    /// `except` is left out, so a profile can be renamed to a different case of its own name.
    public static func conflict(_ name: String, among existing: [String], except: String? = nil) -> String? {
        let folded = name.lowercased()
        return existing.first { $0 != except && $0.lowercased() == folded }
    }

    private static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}

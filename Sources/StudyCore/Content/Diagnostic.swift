/// One problem found in content or user files, pointing at the file, line and item.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    public var severity: Severity
    public var file: String
    /// 1-based line, or 0 when the problem concerns the whole file or track.
    public var line: Int
    public var itemID: String?
    public var message: String

    public init(_ severity: Severity, file: String, line: Int, item: String? = nil, _ message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.itemID = item
        self.message = message
    }

    /// `file:line: item-id: message`, with "warning: " before warnings.
    public var description: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        s += ": "
        if severity == .warning { s += "warning: " }
        if let itemID { s += "\(itemID): " }
        return s + message
    }
}

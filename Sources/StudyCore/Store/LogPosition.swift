#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A point in the review log: how many bytes and lines come before it, and the number of
/// the last entry before it. Snapshots record the point they cover, so opening a profile
/// reads only what comes after.
public struct LogPosition: Sendable, Hashable, CustomStringConvertible {
    public var bytes: Int
    public var lines: Int
    public var seq: Int

    public init(bytes: Int, lines: Int, seq: Int) {
        self.bytes = bytes; self.lines = lines; self.seq = seq
    }

    /// The start of a log: nothing covered, not even the header line.
    public static let start = LogPosition(bytes: 0, lines: 0, seq: 0)

    public var description: String { "\(lines) lines (\(bytes) bytes, up to entry \(seq))" }

    func write(into w: inout JSONWriter) {
        w.raw("{\"bytes\":"); w.int(bytes)
        w.raw(",\"lines\":"); w.int(lines)
        w.raw(",\"seq\":"); w.int(seq)
        w.raw("}")
    }

    /// Opens a file that covers this point: `{`, `schemaVersion`, `savedAt` and `covers`, one
    /// per line, ready for the file's last member.
    func writeFileHeader(schemaVersion: Int, savedAt: Date, into w: inout JSONWriter) {
        w.raw("{\n\"schemaVersion\": "); w.int(schemaVersion)
        w.raw(",\n\"savedAt\": "); w.date(savedAt)
        w.raw(",\n\"covers\": "); write(into: &w)
        w.raw(",\n")
    }

    static func read(_ node: JSONNode) throws(FieldError) -> LogPosition {
        let r = try FieldReader(node, "\"covers\"")
        return LogPosition(bytes: try r.int("bytes", in: 0...Int.max), lines: try r.int("lines", in: 0...Int.max),
                           seq: try r.int("seq", in: 0...Int.max))
    }
}

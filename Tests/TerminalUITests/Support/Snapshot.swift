import Foundation
import Testing

/// Compares text with `Snapshots/<name>.txt` beside the tests. With
/// `RECORD_SNAPSHOTS=1` the file is (re)written instead; without it a missing or
/// different file fails with a line-by-line diff.
func assertSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots")
    let file = dir.appendingPathComponent(name + ".txt")
    let text = actual + "\n"
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        do { try text.write(to: file, atomically: true, encoding: .utf8) } catch {
            Issue.record("could not write snapshot \(file.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("no snapshot \(file.path); run with RECORD_SNAPSHOTS=1 to record it. Rendered:\n\(text)",
                     sourceLocation: sourceLocation)
        return
    }
    if expected != text {
        let message = "snapshot \(name) changed (re-record with RECORD_SNAPSHOTS=1 if intended):\n"
            + lineDiff(expected: expected, actual: text)
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
}

/// The lines that differ, numbered, as `- expected` / `+ actual` pairs.
func lineDiff(expected: String, actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(e.count, a.count) {
        let el = i < e.count ? String(e[i]) : nil
        let al = i < a.count ? String(a[i]) : nil
        if el != al {
            let n = String(i + 1)
            let label = String(repeating: " ", count: max(0, 3 - n.count)) + n
            out.append("\(label) - " + (el.map { "|\($0)|" } ?? "(no line)"))
            out.append("\(label) + " + (al.map { "|\($0)|" } ?? "(no line)"))
        }
    }
    return out.joined(separator: "\n")
}

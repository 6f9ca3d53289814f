import Foundation
import TerminalUI

/// A screen captured in a Markdown file: a `<!-- snapshot: NAME WxH -->` marker and the
/// fenced block after it (the format `scripts/update-doc-snapshots.sh` writes).
struct DocSnapshot: Equatable {
    var file: String
    /// 1-based line of the marker.
    var line: Int
    var screen: String
    var size: Size
    /// The block's contents, or nil when the marker has no fenced block after it.
    var captured: String?

    /// Every marked block in `text`, or a message for a malformed marker or unclosed block.
    static func parse(_ text: String, file: String) -> (blocks: [DocSnapshot], problems: [String]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [DocSnapshot] = [], problems: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i].trimmingCharacters(in: .whitespaces)
            defer { i += 1 }
            guard line.hasPrefix("<!-- snapshot:") else { continue }
            let spec = line.dropFirst("<!-- snapshot:".count).replacingOccurrences(of: "-->", with: "")
                .split(separator: " ").map(String.init)
            guard line.hasSuffix("-->"), (1...2).contains(spec.count),
                  let size = spec.count == 2 ? Size(parsing: spec[1]) : Size(width: 80, height: 24) else {
                problems.append("\(file):\(i + 1): malformed marker (want <!-- snapshot: NAME WxH -->): \(lines[i])")
                continue
            }
            var block = DocSnapshot(file: file, line: i + 1, screen: spec[0], size: size, captured: nil)
            if i + 1 < lines.count, lines[i + 1].hasPrefix("```") {
                guard let end = lines[(i + 2)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "```" }) else {
                    problems.append("\(file):\(i + 2): the captured block is not closed with ```")
                    break
                }
                block.captured = lines[(i + 2)..<end].joined(separator: "\n")
                i = end
            }
            blocks.append(block)
        }
        return (blocks, problems)
    }
}

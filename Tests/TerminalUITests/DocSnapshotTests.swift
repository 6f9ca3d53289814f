import Foundation
import StudyCore
import Testing
@testable import TerminalUI

/// Screens captured in README.md and docs/*.md (marked `<!-- snapshot: NAME WxH -->`)
/// must be what the app draws now; `scripts/update-doc-snapshots.sh` regenerates them.
@Suite("Screens captured in the docs")
struct DocSnapshotTests {
    /// README.md and every Markdown file under docs/, relative to the package root.
    static let files: [String] = {
        let root = TestContent.packageRoot
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }()

    static func blocks() throws -> (blocks: [DocSnapshot], problems: [String]) {
        var all: [DocSnapshot] = [], problems: [String] = []
        for file in files {
            let text = try String(contentsOf: TestContent.packageRoot.appendingPathComponent(file), encoding: .utf8)
            let parsed = DocSnapshot.parse(text, file: file)
            all += parsed.blocks
            problems += parsed.problems
        }
        return (all, problems)
    }

    @Test("every captured screen is current (fix: scripts/update-doc-snapshots.sh)")
    func current() throws {
        let (blocks, problems) = try Self.blocks()
        #expect(problems.isEmpty, Comment(rawValue: problems.joined(separator: "\n")))
        let names = ScreenCatalog.names(for: TestContent.bank)
        for block in blocks {
            guard let app = ScreenCatalog.app(named: block.screen, bank: TestContent.bank, size: block.size) else {
                Issue.record("\(block.file):\(block.line): unknown screen '\(block.screen)'; screens: \(names.joined(separator: ", "))")
                continue
            }
            let now = app.render().text
            guard let captured = block.captured else {
                Issue.record("\(block.file):\(block.line): the marker for \(block.screen) has no captured block; run scripts/update-doc-snapshots.sh")
                continue
            }
            if captured != now {
                Issue.record(Comment(rawValue: "\(block.file):\(block.line): the captured \(block.screen) \(block.size) has drifted; "
                    + "run scripts/update-doc-snapshots.sh\n" + lineDiff(expected: captured, actual: now)))
            }
        }
    }

    @Test("the user guide and README show the exam screens")
    func coverage() throws {
        let (blocks, _) = try Self.blocks()
        let shown = Set(blocks.map { "\($0.file) \($0.screen)" })
        for expected in ["README.md exam-choice", "README.md about-cpt", "docs/user-guide.md exam-choice",
                         "docs/user-guide.md about-ccma"] {
            #expect(shown.contains(expected), "no captured \(expected)")
        }
    }

    @Test("markers: a size is optional, a block may be missing, malformed ones are reported")
    func parsing() {
        let text = """
            intro
            <!-- snapshot: about-cpt 100x30 -->
            ```
            a
            b
            ```
            <!-- snapshot: exam-choice -->
            text
            <!-- snapshot: x 80by24 -->
            <!-- snapshot: y -->
            ```
            never closed
            """
        let (blocks, problems) = DocSnapshot.parse(text, file: "f.md")
        #expect(blocks == [
            DocSnapshot(file: "f.md", line: 2, screen: "about-cpt", size: Size(width: 100, height: 30), captured: "a\nb"),
            DocSnapshot(file: "f.md", line: 7, screen: "exam-choice", size: Size(width: 80, height: 24), captured: nil),
        ])
        #expect(problems == ["f.md:9: malformed marker (want <!-- snapshot: NAME WxH -->): <!-- snapshot: x 80by24 -->",
                             "f.md:11: the captured block is not closed with ```"])
    }
}

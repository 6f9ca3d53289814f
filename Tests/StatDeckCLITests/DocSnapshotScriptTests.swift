import Foundation
import Testing

/// `scripts/update-doc-snapshots.sh`: redraws every marked screen in a Markdown file with
/// `statdeck snapshot`, leaves everything else alone, and changes nothing on an error.
@Suite("Updating the screens captured in the docs")
struct DocSnapshotScriptTests {
    static let script = StatDeckBinary.packageRoot.appendingPathComponent("scripts/update-doc-snapshots.sh").path

    func run(_ files: [String]) throws -> Shell.Result {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        var env = ProcessInfo.processInfo.environment
        env["STATDECK_BIN"] = StatDeckBinary.path
        return Shell.run(["bash", Self.script] + files, environment: env)
    }

    func snapshot(_ args: [String]) -> String {
        Shell.run([StatDeckBinary.path, "snapshot"] + args).stdout
    }

    func tempFile(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-doc-\(UUID().uuidString).md")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("stale and missing blocks are redrawn at their size; text around them is kept; a second run changes nothing")
    func redraws() throws {
        let file = try tempFile("""
            # Title

            <!-- snapshot: about-cpt -->
            ```
            an old capture
            ```
            between
            <!-- snapshot: exam-choice 90x25 -->
            after

            """)
        defer { try? FileManager.default.removeItem(at: file) }
        let first = try run([file.path])
        #expect(first.status == 0, Comment(rawValue: first.stderr))
        #expect(first.stdout.contains("updated \(file.path)"))
        let expected = "# Title\n\n<!-- snapshot: about-cpt -->\n```\n" + snapshot(["about-cpt"]) + "```\nbetween\n"
            + "<!-- snapshot: exam-choice 90x25 -->\n```\n" + snapshot(["exam-choice", "--size", "90x25"]) + "```\nafter\n"
        #expect(try String(contentsOf: file, encoding: .utf8) == expected)
        let second = try run([file.path])
        #expect(second.status == 0)
        #expect(second.stdout.isEmpty)
        #expect(try String(contentsOf: file, encoding: .utf8) == expected)
    }

    @Test("an unknown screen or a malformed marker fails naming the line, and the file is left as it was")
    func errors() throws {
        let text = "a\n<!-- snapshot: about-cpt -->\n```\nold\n```\n<!-- snapshot: no-such-screen -->\n```\n```\n<!-- snapshot: x 80by24 -->\n"
        let file = try tempFile(text)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try run([file.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(file.path):7: statdeck snapshot no-such-screen --size 80x24 failed"), Comment(rawValue: r.stderr))
        #expect(r.stderr.contains("\(file.path):9: malformed marker"), Comment(rawValue: r.stderr))
        #expect(try String(contentsOf: file, encoding: .utf8) == text)
    }
}

import Foundation
import StudyCore
import Testing

/// A returning user's start with the content cache, through the real binary in tmux: the
/// home screen comes from the cached index, a question file edited between two starts shows
/// its new text at the next start, a key pressed at once on the home screen still gets the
/// full items, and a damaged cache is rebuilt without a word.
@Suite("Content cache end to end (tmux)", .serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests skipped (apt-get install tmux)"))
final class ContentCacheEndToEndTests {
    let root: URL
    var content: String { root.appendingPathComponent("content").path }
    var home: String { root.appendingPathComponent("home").path }
    var cache: String { root.appendingPathComponent("cache").path }
    static let now = "2026-12-02T10:00:00Z"

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-cache-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLIRunner.root + "/Data", toPath: content)
        try ProfileLibrary(data: DataDirectory(path: home)).add("alice", settings: ProfileSettings(track: "cpt"))
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func app() throws -> TmuxSession {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let t = try TmuxSession(command: [StatDeckBinary.path],
                                environment: ["STATDECK_HOME": home, "STATDECK_NOW": Self.now,
                                              "STATDECK_CONTENT": content, "XDG_CACHE_HOME": cache])
        t.timeout = 20
        return t
    }

    /// The saved index for the content copy.
    var cacheFile: String { ContentCache.file(for: content, in: cache + "/statdeck") }

    /// Puts "Edited: " before the stem of every question of the bank.
    func editEveryStem() throws {
        let questions = content + "/questions"
        for rel in FileManager.default.subpaths(atPath: questions) ?? [] where rel.hasSuffix(".json") {
            let path = questions + "/" + rel
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: "\"stem\": \"", with: "\"stem\": \"Edited: ")
                .write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    @Test("a question edited between two starts shows its new text on the home screen, and Enter at once opens it in full")
    func editShowsAtNextStart() throws {
        let first = try app()
        first.waitFor("Question of the day")
        #expect(!first.screen().contains("Edited:"))
        first.send("q")
        _ = first.waitForExit()
        #expect(FileManager.default.fileExists(atPath: cacheFile), "the first start saves the content index")

        try editEveryStem()
        let second = try app()
        second.waitFor("Question of the day")
        second.waitFor("Edited:")
        // Enter answers the question of the day at once, before the banks may be decoded:
        // the study screen waits for them and shows the question in full, choices and all.
        second.send("Enter")
        second.waitFor("the question in full, choices A to D") {
            $0.contains("Edited:") && $0.contains("A  ") && $0.contains("  B  ") && $0.contains("  D  ") && !$0.contains("[Enter] answer it")
        }
    }

    @Test("a damaged or foreign cache is rebuilt at the next start without a message",
          arguments: ["junk", "truncated"])
    func damagedCache(_ damage: String) throws {
        let first = try app()
        first.waitFor("Question of the day")
        // The missed count follows the first frame (the log is read in the background).
        first.waitFor("Missed questions (")
        let before = first.screen()
        first.send("q")
        _ = first.waitForExit()
        let saved = try Data(contentsOf: URL(fileURLWithPath: cacheFile))
        let damaged = damage == "junk" ? Data("not an index\n".utf8) : saved.prefix(saved.count / 3)
        try damaged.write(to: URL(fileURLWithPath: cacheFile))

        let second = try app()
        second.waitFor("Question of the day")
        second.waitFor("Missed questions (")
        #expect(second.screen() == before, "the same home screen from the rebuilt index")
        second.send("q")
        _ = second.waitForExit()
        // Saved whole again: the same index. Only the files' stat signature may differ (none is
        // kept while the files are under 2 s old, see ContentFingerprint.statSignature).
        func unsigned(_ data: Data) -> ContentIndex? {
            var index = ContentIndex.decode([UInt8](data))
            index?.statSignature = 0
            return index
        }
        let rebuilt = try #require(unsigned(try Data(contentsOf: URL(fileURLWithPath: cacheFile))), "the index is saved whole again")
        #expect(rebuilt == unsigned(saved))
    }
}

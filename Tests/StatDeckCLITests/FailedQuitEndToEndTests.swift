import Foundation
import StudyCore
import Testing

/// Quitting while an answer could not be saved (a full disk, played by
/// `STATDECK_DEBUG_FAIL=disk-full`): the app says so plainly, writes a named recovery file
/// when asked, and the next start adds the answer to the log (issue 23).
@Suite("Failed quit end to end (tmux)", .serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests skipped (apt-get install tmux)"))
final class FailedQuitEndToEndTests {
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-failedquit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: home) }

    private func reviewCount() throws -> Int {
        let store = try ProgressStore.open(profile: "alice", in: DataDirectory(path: home.path), access: .readOnly)
        var n = 0
        try store.replayLog { if case .review = $0.event { n += 1 } }
        return n
    }

    @Test("an unsaved answer at a quit: said plainly, written to a recovery file on 'w', added back at the next start")
    func recoveryFile() throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let add = try UsersCLI.run(["users", "add", "alice", "--track", "cpt", "--data-dir", home.path])
        #expect(add.status == 0, "\(add)")
        let sh = try ShellSession(environment: ["STATDECK_HOME": home.path, "STATDECK_NOW": "2026-11-28T10:00:00Z"])
        sh.tmux.timeout = 20
        sh.start("STATDECK_DEBUG_FAIL=disk-full \(StatDeckBinary.path)")
        sh.tmux.waitFor("alice · CPT")
        sh.tmux.send("s")
        sh.tmux.waitFor("Study · CPT")
        // One answer, whatever the first item is.
        let screen = sh.tmux.screen()
        if screen.contains("Space/Enter shows the answer") {
            sh.tmux.send("Space")
            sh.tmux.waitFor("1 again")
            sh.tmux.send("3")
        } else if screen.contains("put the steps in order") {
            var n = 1
            while !sh.tmux.screen().contains("steps in the right place") && n <= 9 {
                sh.tmux.send(String(n))
                n += 1
                sh.tmux.waitFor("step \(n - 1) taken") { $0.contains("→ \(n - 1)") || $0.contains("steps in the right place") }
            }
        } else {
            sh.tmux.send("a")
        }
        sh.tmux.waitFor("the disk is full") { $0.contains("saving your answer to") }
        sh.tmux.send("Escape")
        sh.tmux.send("q")
        sh.tmux.send("q")
        sh.tmux.send("q")
        sh.tmux.waitFor("Your choice:") { $0.contains("Your choice:") }
        // Joined as the terminal wrapped it (at column 80, mid-word).
        let said = sh.tmux.screen().replacingOccurrences(of: "\n", with: "")
        #expect(said.contains("could not be saved after 3 tries") && said.contains("the disk is full"), "\(said)")
        #expect(said.contains("go back to StatDeck") && said.contains("recovery file") && said.contains("quit without them"))
        sh.tmux.type("w")
        sh.tmux.send("Enter")
        sh.tmux.waitFor("the recovery file") { $0.replacingOccurrences(of: "\n", with: "").contains("adds them back") }
        #expect(sh.lastStatus() == 1)
        #expect(try reviewCount() == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: home.path + "/profiles/alice")
        #expect(files.contains { $0.hasPrefix("reviews.recovery-") && $0.hasSuffix(".jsonl") }, "\(files)")

        sh.start(StatDeckBinary.path)
        sh.tmux.waitFor("the import notice") { $0.replacingOccurrences(of: "\n", with: " ").contains("saved at the last") }
        sh.tmux.send("q")
        #expect(sh.waitForNoApp())
        #expect(try reviewCount() == 1)
    }
}

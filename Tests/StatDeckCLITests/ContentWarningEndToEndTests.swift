import Foundation
import Testing

/// Content that does not load whole (a folder named like a bank) is an error for `validate`
/// and a visible warning in the app, which runs without those items.
@Suite("Content warning in the app (tmux)", .serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests skipped (apt-get install tmux)"))
final class ContentWarningEndToEndTests {
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-content-warning-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: home) }

    @Test("a bank path that is a folder: validate names it, the app opens and says the content has an error")
    func folderBank() throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let content = home.appendingPathComponent("Data").path
        try FileManager.default.copyItem(atPath: CLIRunner.root + "/Data", toPath: content)
        try FileManager.default.createDirectory(atPath: content + "/questions/cpt/extra.json", withIntermediateDirectories: true)

        let v = try CLIRunner.run(["validate", content])
        #expect(v.status == 1)
        #expect(v.stdout.contains("questions/cpt/extra.json: is a folder, not a file"), "\(v.stdout)")

        let data = home.appendingPathComponent("data").path
        let add = try CLIRunner.run(["users", "add", "ana", "--track", "cpt", "--data-dir", data])
        #expect(add.status == 0, "\(add.stderr)")
        let t = try TmuxSession(command: [StatDeckBinary.path, "--content", content],
                                environment: ["STATDECK_HOME": data, "XDG_CACHE_HOME": home.appendingPathComponent("cache").path])
        t.timeout = 20
        t.waitFor("ana · CPT")
        t.waitFor("the content has 1 error")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
    }
}

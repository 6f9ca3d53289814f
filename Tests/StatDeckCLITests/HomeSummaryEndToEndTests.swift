import Foundation
import StudyCore
import Testing

/// A returning user's first frame from the home summary saved at the last quit, through
/// the real binary in tmux (issue 17). Which frame came from where is made visible by
/// changing one figure in the saved summary by hand (its hash made anew, as the app would
/// write it): the first frame shows that figure only when the summary is trusted, and the
/// store's own figure replaces it as soon as the profile is open.
@Suite("Home summary end to end (tmux)", .serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests skipped (apt-get install tmux)"))
final class HomeSummaryEndToEndTests {
    let root: URL
    var home: String { root.appendingPathComponent("home").path }
    var cache: String { root.appendingPathComponent("cache").path }
    var profile: String { home + "/profiles/alice" }
    /// 10:00 UTC; the study day starts at 04:00.
    static let quitAt = "2026-12-02T10:00:00Z"
    static let later = "2026-12-02T10:30:00Z"
    var environment: [String: String] {
        ["STATDECK_HOME": home, "STATDECK_CONTENT": CLIRunner.root + "/Data", "XDG_CACHE_HOME": cache, "TZ": "UTC"]
    }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-summary-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try ProfileLibrary(data: DataDirectory(path: home)).add("alice", settings: ProfileSettings(track: "cpt"))
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// A session that opens the profile, waits for the figures read from the log, and quits:
    /// the quit saves the summary.
    func studyAndQuit() throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        var env = environment
        env["STATDECK_NOW"] = Self.quitAt
        let t = try TmuxSession(command: [StatDeckBinary.path], environment: env)
        t.timeout = 20
        t.waitFor("Missed questions (")
        #expect(t.screen().contains("Flagged (0)"))
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
    }

    /// The saved summary with the flagged count set to 777.
    func forgeFlagged() throws {
        let dir = cache + "/statdeck"
        var saved = try #require(HomeSummaryCache.load(profileDirectory: profile, cacheDirectory: dir), "the quit saved a summary")
        #expect(saved.summary.profile == "alice" && saved.summary.trackID == "cpt")
        saved.summary.flagged = 777
        saved.save(in: dir)
    }

    /// Everything the app writes to the terminal up to its first frame, and its exit status.
    func firstFrame(now: String, extra: [String: String] = [:], arguments: [String] = []) throws -> (output: String, status: Int?) {
        let sh = try ShellSession(environment: environment.merging(extra) { $1 })
        sh.tmux.timeout = 20
        let raw = root.appendingPathComponent("frame-\(UUID().uuidString).txt").path
        sh.tmux.tmux(["pipe-pane", "-o", "-t", sh.tmux.name, "cat >> '\(raw)'"])
        let r = sh.run((["STATDECK_NOW=\(now)", "STATDECK_EXIT_AFTER_FIRST_FRAME=1", StatDeckBinary.path] + arguments).joined(separator: " "))
        // The pipe may lag the screen: wait until the file has the status line the shell prints
        // after the app (`@@doneN rc=0`; the command line typed before it reads `rc=$?`).
        func finished(_ text: String) -> Bool { text.range(of: #"@@done[0-9]+ rc=[0-9]"#, options: .regularExpression) != nil }
        var output = ""
        let deadline = Date().addingTimeInterval(sh.tmux.timeout)
        while Date() < deadline {
            output = (try? String(contentsOfFile: raw, encoding: .utf8)) ?? ""
            if finished(output) { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        sh.tmux.tmux(["pipe-pane", "-t", sh.tmux.name])
        #expect(finished(output), "the terminal output was captured whole")
        return (output, r.status)
    }

    @Test("the first frame comes from the saved summary; the store's figures replace it as soon as the profile is open")
    func trusted() throws {
        try studyAndQuit()
        try forgeFlagged()
        let frame = try firstFrame(now: Self.later)
        #expect(frame.status == 0)
        #expect(frame.output.contains("Flagged (777)"), "drawn from the summary: \(frame.output.suffix(600))")
        #expect(frame.output.contains("alice · CPT"))
        // A whole session: the summary's frame first, then the store's.
        var env = environment
        env["STATDECK_NOW"] = Self.later
        let t = try TmuxSession(command: [StatDeckBinary.path], environment: env)
        t.timeout = 20
        t.waitFor("Flagged (0)")
        t.waitFor("Missed questions (")
        #expect(!t.screen().contains("777"))
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
        // That quit saved the store's figures again.
        let saved = try #require(HomeSummaryCache.load(profileDirectory: profile, cacheDirectory: cache + "/statdeck"))
        #expect(saved.summary.flagged == 0)
    }

    @Test("Switch user saves the summary of the profile left behind; its next start with --user draws from it")
    func switchUser() throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        try ProfileLibrary(data: DataDirectory(path: home)).add("bob", settings: ProfileSettings(track: "ccma"))
        var env = environment
        env["STATDECK_NOW"] = Self.quitAt
        let t = try TmuxSession(command: [StatDeckBinary.path, "--user", "alice"], environment: env)
        t.timeout = 20
        t.waitFor("alice · CPT")
        t.waitFor("Missed questions (")
        t.send("u")
        t.waitFor("Who is studying?")
        t.waitFor("▸ alice")
        t.send("Down")
        t.waitFor("▸ bob")
        t.send("Enter")
        t.waitFor("bob · CCMA")
        // alice's summary was saved when she was left, before bob's quit.
        try forgeFlagged()
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
        let bob = try #require(HomeSummaryCache.load(profileDirectory: home + "/profiles/bob", cacheDirectory: cache + "/statdeck"))
        #expect(bob.summary.trackID == "ccma")
        let frame = try firstFrame(now: Self.later, arguments: ["--user", "alice"])
        #expect(frame.status == 0)
        #expect(frame.output.contains("Flagged (777)"), "\(frame.output.suffix(600))")
    }

    @Test("not trusted once the profile changed, on another day, before it was saved, in another time zone, or while another StatDeck has the profile",
          arguments: ["profile changed", "next day", "earlier", "time zone", "locked", "content elsewhere"])
    func refused(_ what: String) throws {
        try studyAndQuit()
        try forgeFlagged()
        var now = Self.later
        var extra: [String: String] = [:]
        var holder: TmuxSession?
        switch what {
        case "profile changed":
            // The same settings written again in place: same bytes, new times.
            let path = profile + "/settings.json"
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            try bytes.write(to: URL(fileURLWithPath: path))
        case "next day": now = "2026-12-03T10:00:00Z"
        case "earlier": now = "2026-12-02T09:00:00Z"
        case "time zone": extra["TZ"] = "CST+06"  // POSIX rule: six hours west of UTC, no tz database needed
        case "content elsewhere":
            let copy = root.appendingPathComponent("content").path
            try FileManager.default.copyItem(atPath: CLIRunner.root + "/Data", toPath: copy)
            extra["STATDECK_CONTENT"] = copy
        default:
            var env = environment
            env["STATDECK_NOW"] = Self.later
            holder = try TmuxSession(command: [StatDeckBinary.path], environment: env)
            holder?.timeout = 20
            holder?.waitFor("Missed questions (")
        }
        let frame = try firstFrame(now: now, extra: extra)
        #expect(!frame.output.contains("777"), "\(frame.output.suffix(600))")
        if what == "locked" {
            #expect(frame.status == 1)
            #expect(frame.output.contains("open in another StatDeck"), "the message says who has it: \(frame.output.suffix(400))")
            holder?.send("q")
            #expect(holder?.waitForExit() == "exit 0")
        } else {
            #expect(frame.status == 0)
            #expect(frame.output.contains("Flagged (0)"), "\(frame.output.suffix(600))")
        }
    }
}

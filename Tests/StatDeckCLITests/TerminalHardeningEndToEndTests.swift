import Foundation
import Testing

/// The app against hostile terminals (issue 23): an absurd reported size is capped, and a
/// terminal that goes away ends the app even when it sits idle.
@Suite("Terminal hardening end to end (tmux)", .serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests skipped (apt-get install tmux)"))
final class TerminalHardeningEndToEndTests {
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: home) }

    /// Resident memory of a process in kB, from /proc.
    private func residentKB(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") }
    }

    /// True once the process is gone or a zombie, polling until the tmux timeout.
    private func waitGone(_ pid: Int32) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            if stat.contains(") Z ") { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    @Test("COLUMNS=10000 LINES=10000 draws a capped screen in little memory and quits normally")
    func hugeSize() throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let t = try TmuxSession(command: [StatDeckBinary.path], environment: ["STATDECK_HOME": home.path, "COLUMNS": "10000", "LINES": "10000"])
        t.waitFor("q quit")
        let pid = try #require(Int32(t.pane("#{pane_pid}")))
        let rss = try #require(residentKB(pid))
        #expect(rss < 400_000, "resident memory \(rss) kB")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
    }

    @Test("a terminal that reports 1500x1200 gets a frame of at most 1000x1000 in little memory")
    func hugeTerminal() throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let t = try TmuxSession(command: [StatDeckBinary.path], width: 1500, height: 1200, environment: ["STATDECK_HOME": home.path])
        t.waitFor("q quit")
        let pid = try #require(Int32(t.pane("#{pane_pid}")))
        let rss = try #require(residentKB(pid))
        #expect(rss < 400_000, "resident memory \(rss) kB")
        let rows = t.screen().split(separator: "\n", omittingEmptySubsequences: false)
        let framed = rows.filter { $0.hasPrefix("│") || $0.hasPrefix("┌") || $0.hasPrefix("└") }
        #expect(framed.count <= 1000 && framed.allSatisfy { $0.count <= 1000 }, "the frame is capped")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
    }

    @Test("closing the terminal ends an idle app")
    func closedTerminal() throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let t = try TmuxSession(command: [StatDeckBinary.path], environment: ["STATDECK_HOME": home.path])
        t.waitFor("q quit")
        let pid = try #require(Int32(t.pane("#{pane_pid}")))
        t.tmux(["kill-server"])
        #expect(waitGone(pid), "statdeck pid \(pid) outlived its terminal")
    }
}

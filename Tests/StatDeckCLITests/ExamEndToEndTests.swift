import Foundation
import Testing

/// `statdeck exam` driven in a private tmux server: answer, flag, watch the countdown,
/// SIGKILL, resume where it was with the time it had, submit and read the report.
@Suite("Mock exam end to end (tmux)", .serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests skipped (apt-get install tmux)"))
final class ExamEndToEndTests {
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-exam-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: home) }

    func exam(_ args: [String]) throws -> TmuxSession {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let t = try TmuxSession(command: [StatDeckBinary.path, "exam"] + args, environment: ["STATDECK_HOME": home.path])
        t.timeout = 20
        return t
    }

    /// The countdown in the top border (`Question 3 of 120 · 1:59:41`), in seconds.
    static func countdown(_ screen: String) -> Int? {
        guard let first = screen.split(separator: "\n").first,
              let dot = first.range(of: " · ", options: .backwards) else { return nil }
        let parts = first[dot.upperBound...].prefix { $0.isNumber || $0 == ":" }.split(separator: ":").compactMap { Int($0) }
        guard parts.count >= 2 else { return nil }
        return parts.reduce(0) { $0 * 60 + $1 }
    }

    @Test("a CPT exam: answer and flag, the countdown runs, SIGKILL, resume at the same item with the time kept, submit, report")
    func killAndResume() throws {
        let t = try exam(["cpt", "--form", "1"])
        t.waitFor("Question 1 of 120")
        t.send("b")
        t.waitFor("answered 1 · unanswered 119 · flagged 0")
        t.send("f")
        t.waitFor("⚑ flagged")
        t.send("n")
        t.waitFor("Question 2 of 120")
        t.send("3")
        t.waitFor("answered 2 · unanswered 118 · flagged 1")
        t.send("n")
        t.waitFor("Question 3 of 120")

        let first = try #require(Self.countdown(t.screen()))
        #expect(first <= 120 * 60 && first > 119 * 60)
        t.waitFor("the countdown to go down") { (Self.countdown($0) ?? first) < first }
        let beforeKill = try #require(Self.countdown(t.screen()))
        #expect(beforeKill < first)

        let pid = try #require(Int32(t.pane("#{pane_pid}")))
        #expect(kill(pid, SIGKILL) == 0)
        #expect(t.waitForExit() == "signal 9")

        let again = try exam(["cpt"])
        again.waitFor("▸ Resume Form 1 · question 3 of 120")
        again.send("Enter")
        again.waitFor("Question 3 of 120")
        again.waitFor("answered 2 · unanswered 118 · flagged 1")
        let resumed = try #require(Self.countdown(again.screen()))
        // Exam conditions: the time away counts, so the clock reads a little less, never more.
        #expect(resumed <= beforeKill, "the countdown did not go back")
        #expect(resumed >= beforeKill - 30, "the countdown kept its time (it was \(beforeKill) s, now \(resumed) s)")
        again.send("p")
        again.waitFor("Question 2 of 120")
        again.waitFor("◂ your answer")

        again.send("s")
        again.waitFor("Submit the exam?")
        again.waitFor("118 unanswered and 1 flagged")
        again.send("y")
        again.waitFor("Estimated scaled score")
        let report = again.screen()
        #expect(report.contains("Result · CPT Form 1"))
        #expect(report.contains("of 100 ·"))
        #expect(report.contains("Pretest items (not scored): 20"))
        #expect(report.contains("flagged items were added to your study queue"))
        #expect(report.contains("NHA does not publish"))
        again.send("Enter")
        again.waitFor("Choose a form")  // back on the start screen it was resumed from
        // Refreshed when it shows again: the submitted attempt is no longer offered for resuming.
        again.waitFor("the resume row gone") { !$0.contains("Resume Form 1") }
        again.waitFor("the submitted attempt's score in the history") { $0.contains("raw ") && !$0.contains("in progress (") }
        again.send("q")
        #expect(again.waitForExit() == "exit 0")

        let list = try CLIRunner.run(["exam", "--list"], environment: ["STATDECK_HOME": home.path])
        #expect(list.status == 0)
        #expect(list.stdout.contains("CPT  Form 1  exam"))
        #expect(list.stdout.contains("raw "))
        let check = try CLIRunner.run(["users", "check", "default"], environment: ["STATDECK_HOME": home.path])
        #expect(check.status == 0, "\(check.stdout)")
    }
}

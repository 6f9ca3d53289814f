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
        t.waitFor("Press Enter to begin")
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("default/exams").path),
                "no attempt before the clock starts")
        t.send("Enter")
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
        again.waitFor("Past attempts")  // back on the start screen it was resumed from, read afresh
        again.waitFor("raw ")
        #expect(!again.screen().contains("Resume"), "the submitted attempt is no longer in progress")
        again.send("q")
        #expect(again.waitForExit() == "exit 0")

        let list = try CLIRunner.run(["exam", "--list"], environment: ["STATDECK_HOME": home.path])
        #expect(list.status == 0)
        #expect(list.stdout.contains("CPT  Form 1  exam"))
        #expect(list.stdout.contains("raw "))
        let check = try CLIRunner.run(["users", "check", "default"], environment: ["STATDECK_HOME": home.path])
        #expect(check.status == 0, "\(check.stdout)")
    }

    /// Starts a short attempt from the instructions screen and answers its first item.
    func startShort(_ t: TmuxSession) {
        t.waitFor("Press Enter to begin")
        t.send("Enter")
        t.waitFor("Question 1 of 12")
        t.send("b")
        t.waitFor("answered 1 · unanswered 11")
    }

    @Test("q leaves an attempt: the start screen shows Resume first with the cursor on it; Enter resumes it")
    func leaveAndResume() throws {
        let t = try exam(["cpt", "--items", "12"])
        startShort(t)
        t.send("n")
        t.waitFor("Question 2 of 12")
        t.send("q")
        t.waitFor("In progress")
        let screen = t.screen()
        let resume = try #require(screen.split(separator: "\n").first { $0.contains("Resume") })
        #expect(resume.contains("▸ Resume Random form (12 items) · question 2 of 12 ·"))
        #expect(screen.contains("1 in progress"))
        t.send("Enter")
        t.waitFor("Question 2 of 12")
        t.waitFor("answered 1 · unanswered 11")
        t.send("q")
        t.waitFor("▸ Resume Random form (12 items) · question 2 of 12")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
    }

    @Test("two attempts: --items is honoured while one runs, starting it asks first, both are listed and resumable; abandon keeps it as abandoned")
    func twoAttemptsAndAbandon() throws {
        let first = try exam(["cpt", "--items", "12"])
        startShort(first)
        first.send("q")
        first.waitFor("▸ Resume Random form (12 items) · question 1 of 12")
        first.send("q")
        #expect(first.waitForExit() == "exit 0")

        let second = try exam(["cpt", "--items", "6"])
        second.waitFor("▸ Resume Random form (12 items) · question 1 of 12")
        second.waitFor("  New: Random form (6 items, 6 min)")
        second.send("Down")
        second.send("Enter")
        second.waitFor("Start a new attempt?")
        second.send("y")
        second.waitFor("6 items (5 scored, 1 pretest) · 6 minutes")
        second.send("Enter")
        second.waitFor("Question 1 of 6")
        second.send("q")
        second.waitFor("2 in progress")
        second.waitFor("▸ Resume Random form (6 items) · question 1 of 6")
        second.waitFor("  Resume Random form (12 items) · question 1 of 12")
        // The older one resumes too.
        second.send("Down")
        second.send("Enter")
        second.waitFor("Question 1 of 12")
        second.waitFor("answered 1 · unanswered 11")
        second.send("q")
        second.waitFor("▸ Resume Random form (12 items) · question 1 of 12")
        second.send("a")
        second.waitFor("Abandon this attempt?")
        second.send("y")
        second.waitFor("1 in progress")
        second.waitFor("abandoned · 1/12 answered")
        second.send("q")
        #expect(second.waitForExit() == "exit 0")

        let list = try CLIRunner.run(["exam", "--list", "--user", "default"], environment: ["STATDECK_HOME": home.path])
        #expect(list.stdout.contains("abandoned, 1 of 12 answered, not scored"), "\(list.stdout)")
        #expect(list.stdout.contains("in progress, 0 of 6 answered"), "\(list.stdout)")
        let stats = try CLIRunner.run(["stats", "--json", "--user", "default", "--track", "cpt"], environment: ["STATDECK_HOME": home.path])
        #expect(stats.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let mocks = try #require(json["mocks"] as? [Any], "\(json.keys)")
        #expect(mocks.isEmpty, "neither an abandoned nor a running attempt is a mock result")
    }

    @Test("off a terminal, or with TERM=dumb, statdeck exam refuses before it creates anything")
    func refusesWithoutTerminal() throws {
        let pipe = try CLIRunner.run(["exam", "ccma", "--items", "12"], environment: ["STATDECK_HOME": home.path])
        #expect(pipe.status == 2)
        #expect(pipe.stderr.contains("the full-screen app needs a terminal"))
        let sh = try ShellSession(environment: ["STATDECK_HOME": home.path])
        let dumb = sh.run("TERM=dumb \(StatDeckBinary.path) exam cpt --items 12")
        #expect(dumb.status == 1)
        #expect(dumb.screen.contains("cannot position the cursor"))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: home.path)) ?? []
        #expect(left.isEmpty, "nothing was created: \(left)")
    }
}

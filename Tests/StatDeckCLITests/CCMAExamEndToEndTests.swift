import Foundation
import Testing

/// A CCMA candidate sits a whole fixed form on the real binary: 180 items in 3 hours,
/// every item answered, submitted, and the report read with every domain of the 2022
/// test plan and every Clinical Patient Care subarea.
@Suite("CCMA mock exam end to end (tmux)", .serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests skipped (apt-get install tmux)"))
final class CCMAExamEndToEndTests {
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-ccma-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: home) }

    @Test("a full CCMA form: 180 items answered under --now, submitted, a report with all seven domains and the six Clinical Patient Care subareas")
    func fullForm() throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let list = try CLIRunner.run(["exam", "--list"], environment: ["STATDECK_HOME": home.path])
        #expect(list.stdout.contains("CCMA: Form 1..Form 6 (180 items, 180 min)"), "\(list.stdout)")

        let t = try TmuxSession(command: [StatDeckBinary.path, "exam", "ccma", "--form", "3", "--now", "2027-03-01T09:00:00Z"],
                                width: 120, height: 50, environment: ["STATDECK_HOME": home.path])
        t.timeout = 30
        t.waitFor("Press Enter to begin")
        let instructions = t.screen()
        #expect(instructions.contains("180"))
        t.send("Enter")
        t.waitFor("Question 1 of 180")
        // Choices A-D in turn: every item answered, then on to the next.
        for n in 1...180 {
            t.send(["a", "b", "c", "d"][n % 4])
            if n < 180 {
                t.send("n")
                t.waitFor("Question \(n + 1) of 180")
            }
        }
        t.waitFor("answered 180 · unanswered 0")
        t.send("s")
        t.waitFor("Submit the exam?")
        t.send("y")
        t.waitFor("Estimated scaled score")
        let report = t.screen()
        #expect(report.contains("Result · CCMA Form 3"))
        #expect(report.contains("of 150 ·"), "150 scored items")
        #expect(report.contains("Pretest items (not scored): 30"))
        let domains = ["Foundational Knowledge", "Anatomy and Physiology", "Clinical Patient Care",
                       "Patient Care Coordination", "Administrative Assisting", "Communication and Customer",
                       "Medical Law and Ethics"]
        let subareas = ["Patient Intake and Vitals", "General Patient Care", "Infection Control",
                        "Point of Care Testing", "Phlebotomy", "EKG and Cardiovascular"]
        for name in domains + subareas {
            #expect(report.contains(name), "the report names \(name)\n\(report)")
        }
        t.send("Enter")
        t.waitFor("Past attempts")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")

        let after = try CLIRunner.run(["exam", "--list", "--user", "default"], environment: ["STATDECK_HOME": home.path])
        #expect(after.stdout.contains("CCMA  Form 3  exam"), "\(after.stdout)")
        let check = try CLIRunner.run(["users", "check", "default"], environment: ["STATDECK_HOME": home.path])
        #expect(check.status == 0, "\(check.stdout)")
    }
}

import Foundation
import StudyCore
import Testing

/// Exam-day planning through the real binary in tmux: with an exam date the planner fills
/// the day up to the budget; Settings turns it off and the daily new-item limit is back.
@Suite("Exam-day planning end to end (tmux)", .serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests skipped (apt-get install tmux)"))
final class ExamPlanningEndToEndTests {
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: home) }

    @Test("with an exam date the home screen shows the planner's day (the budget), Settings turns planning off and the limit is back")
    func toggle() throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let r = Shell.run([StatDeckBinary.path, "users", "add", "zoe", "--track", "cpt", "--exam-date", "2027-01-20", "--data-dir", home.path])
        #expect(r.status == 0, "\(r.stderr)")
        let t = try TmuxSession(command: [StatDeckBinary.path], environment: ["STATDECK_HOME": home.path, "STATDECK_NOW": "2026-11-28T10:00:00Z"])
        t.timeout = 20
        t.waitFor("zoe · CPT")
        t.waitFor("New    100   of 100 a day")
        t.send(",")
        t.waitFor("Exam-day planning       on · the most recall on the exam date")
        t.waitFor("Daily budget            100 reviews a day")
        for _ in 0..<11 { t.send("Down") }
        t.waitFor("▸ Exam-day planning")
        t.send("Space")
        t.waitFor("off (plain FSRS)")
        t.send("s")
        t.waitFor("zoe · CPT")
        t.waitFor("New     20   of 20 a day")
        t.send("q")
        #expect(t.waitForExit() == "exit 0")
        let store = try ProgressStore.open(profile: "zoe", in: DataDirectory(path: home.path), access: .readOnly)
        #expect(store.settings.examPlanning == false)
    }
}

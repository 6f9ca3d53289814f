import Foundation
import Testing
@testable import StudyCore

@Suite("Profile check")
struct ProfileCheckTests {
    /// A profile with reviews, an undo, an edit, snapshots and two mock exams.
    private func busyProfile(_ dir: TemporaryDirectory, _ clock: TestClock) throws -> (DataDirectory, ProfileFiles) {
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, snapshotEvery: 7))
        for n in 0..<20 {
            try store.record(Fixture.review("q\(n % 6)", n, at: clock.now, domain: "d\(n % 3)", correct: n % 4 != 0))
            clock.advance(3_000)
        }
        try store.undoLastReview()
        try store.updateFlags(of: "q2") { $0.suspended = true }
        for form in ["A", "B"] {
            var attempt = Fixture.attempt(id: store.newAttemptID(startedAt: clock.now), track: "cpt", form: form,
                                          itemIDs: ["x", "y", "z"], startedAt: clock.now)
            try store.saveAttempt(attempt)
            attempt.answers[1] = 3
            try store.saveAttempt(attempt)
            clock.advance(1)
        }
        try store.close()
        return (data, ProfileFiles(directory: data.profilePath("alice")))
    }

    @Test("a sound profile checks clean, and the check changes nothing")
    func clean() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let (data, files) = try busyProfile(dir, clock)
        let before = snapshotTree(files.directory)
        let report = try ProfileCheck.run(profile: "alice", in: data)
        #expect(report.problems == [])
        #expect(report.isClean)
        #expect(report.logEntries == 22)
        #expect(report.attempts == 2)
        #expect(snapshotTree(files.directory) == before)
    }

    @Test("each damaged file is reported with its file, line and what is wrong; nothing is changed", arguments: [
        "settings", "log line", "cut short", "sequence", "snapshot", "daily", "attempt", "index", "backup",
    ])
    func damage(kind: String) throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let (data, files) = try busyProfile(dir, clock)
        let exam = try FileManager.default.contentsOfDirectory(atPath: files.exams).filter { $0.hasSuffix(".json") }.sorted()[0]
        func edit(_ path: String, _ change: (String) -> String) {
            let old = String(decoding: bytes(path)!, as: UTF8.self)
            let new = change(old)
            precondition(new != old, "the damage must change \(path)")
            write(Array(new.utf8), to: path)
        }
        func logLine(_ n: Int, _ change: @escaping (String) -> String) {
            edit(files.log) { text in
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                lines[n - 1] = change(lines[n - 1])
                return lines.joined(separator: "\n")
            }
        }
        let expected: String
        switch kind {
        case "settings":
            write(Array("{\n  \"schemaVersion\" : 1,\n  \"dailyNewLimit\" : -3\n}\n".utf8), to: files.settings)
            expected = "\(files.settings):3:21: \"dailyNewLimit\": should be from 0 to 9999"
        case "log line":
            logLine(5) { $0.replacingOccurrences(of: "\"rating\":3", with: "\"rating\":9") }
            expected = "\(files.log):5:112: \"rating\" should be 1 (again), 2 (hard), 3 (good) or 4 (easy)"
        case "cut short":
            append(Array("{\"seq\":23,\"ty".utf8), to: files.log)
            expected = "\(files.log):24: the last line is cut short (13 bytes without an end of line)"
        case "sequence":
            logLine(23) { $0 + "\n" + $0 }  // the last entry written twice
            expected = "\(files.log):24: entry 22 comes again (or out of order) after entry 22"
        case "snapshot":
            edit(files.cards) { $0.replacingOccurrences(of: "\"q1\": {\"phase\":2", with: "\"q1\": {\"phase\":3") }
            expected = "\(files.cards): item q1 differs from its state in the review log up to line 23"
        case "daily":
            edit(files.daily) { text in  // one more review on the first day than the log has
                let at = text.range(of: "{\"reviews\":")!.upperBound
                return String(text[..<at]) + "1" + String(text[at...])
            }
            expected = "\(files.daily): the totals for 2026-11-18 do not match the review log up to line 23"
        case "attempt":
            edit(files.exams + "/" + exam) { $0.replacingOccurrences(of: "\"current\" : 0", with: "\"current\" : 5") }
            expected = "\(files.exams)/\(exam):13:15: \"current\": is 5, outside the 3 items"
        case "index":
            try FileManager.default.removeItem(atPath: files.exams + "/" + exam)
            expected = "\(files.index): it lists mock exam \(exam.dropLast(5)), but \(files.exams)/\(exam) does not exist"
        default:
            edit(files.cards + ".bak") { String($0.dropLast(3)) }
            expected = "\(files.cards).bak:"
        }
        let before = snapshotTree(files.directory)
        let report = try ProfileCheck.run(profile: "alice", in: data)
        let text = report.problems.map(\.description)
        #expect(text.count == 1 && text[0].hasPrefix(expected), "\(text)")
        #expect(!report.isClean)
        #expect(snapshotTree(files.directory) == before)
    }

    @Test("all problems are listed in one run")
    func manyProblems() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let (data, files) = try busyProfile(dir, clock)
        write(Array("[]".utf8), to: files.settings)
        write(Array("{".utf8), to: files.index)
        append(Array("{\"seq\"".utf8), to: files.log)
        let report = try ProfileCheck.run(profile: "alice", in: data)
        #expect(report.problems.map(\.file) == [files.settings, files.index, files.log])
    }
}

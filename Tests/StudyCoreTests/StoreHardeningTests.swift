import Foundation
import Testing
@testable import StudyCore
#if canImport(Glibc)
import Glibc
#endif

/// Hand-edited, damaged and hostile profile folders (issue 23): every number is range-checked
/// at load with its field named, nothing is read or written through a link, a FIFO or a device,
/// attempts missing from the index come back, and damaged daily totals are rebuilt with a notice.
@Suite("Progress store hardening")
struct StoreHardeningTests {
    /// A profile with reviews, a snapshot, daily totals and one attempt in progress.
    private func profile(_ dir: TemporaryDirectory, _ clock: TestClock) throws -> (DataDirectory, ProfileFiles, String) {
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, snapshotEvery: 4))
        for n in 0..<6 {
            try store.record(Fixture.review("q\(n)", n, at: clock.now))
            clock.advance(600)
        }
        let attempt = Fixture.attempt(id: store.newAttemptID(startedAt: clock.now), track: "cpt", form: "A",
                                      itemIDs: ["x", "y", "z"], startedAt: clock.now)
        try store.saveAttempt(attempt)
        try store.close()
        return (data, ProfileFiles(directory: data.profilePath("alice")), attempt.id)
    }

    /// Replaces the first `"key":VALUE` (or `"key" : VALUE`) in a file with `replacement`.
    private func edit(_ path: String, key: String, to replacement: String) throws {
        var text = String(decoding: try #require(bytes(path)), as: UTF8.self)
        let pattern = try NSRegularExpression(pattern: "\"\(key)\"\\s*:\\s*\\[?\\s*(-?[0-9.eE+]+)")
        let match = try #require(pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), "\(key) in \(path)")
        text = (text as NSString).replacingCharacters(in: match.range(at: 1), with: replacement)
        write(Array(text.utf8), to: path)
    }

    private func openError(_ data: DataDirectory, _ clock: TestClock) -> StoreError? {
        do {
            let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
            _ = try store.dailyTotals()
            for a in try store.attempts() { _ = try store.attempt(id: a.id) }
            try store.close()
            return nil
        } catch {
            return error
        }
    }

    @Test("out-of-range numbers are refused at load as file:line:column: field: value out of range",
          arguments: [
            ("cards.json", "stability", "1e300"), ("cards.json", "stability", "-2.5"), ("cards.json", "difficulty", "11"),
            ("reviews.jsonl", "stability", "1e300"), ("reviews.jsonl", "ms", "99999999999999999"),
            ("daily.json", "reviews", "-4"), ("profile.json", "reviewCount", "-1"),
            ("exams/ID.json", "minutes", "9000000000000000000"), ("exams/ID.json", "elapsed", "1e300"),
            ("exams/ID.json", "timeOnItem", "1e200"),
          ])
    func outOfRange(file: String, key: String, value: String) throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let (data, files, id) = try profile(dir, clock)
        let path = files.directory + "/" + file.replacingOccurrences(of: "ID", with: id)
        if file == "reviews.jsonl" {
            // A line after the snapshot, so the open reads it.
            do {
                // Dropped without close: the line stays after the snapshot.
                let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
                try store.record(Fixture.review("late", 3, at: clock.now))
            }
            var lines = String(decoding: bytes(path)!, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let last = lines.count - 2
            let re = try NSRegularExpression(pattern: "\"\(key)\":(-?[0-9.eE+]+)")
            let m = try #require(re.firstMatch(in: lines[last], range: NSRange(lines[last].startIndex..., in: lines[last])))
            lines[last] = (lines[last] as NSString).replacingCharacters(in: m.range(at: 1), with: value)
            write(Array(lines.joined(separator: "\n").utf8), to: path)
        } else {
            try edit(path, key: key, to: value)
        }
        let before = snapshotTree(files.directory).filter { $0.key != "lock" }
        if file == "daily.json" {
            // Damaged totals are rebuilt from the log, and the open says which field was wrong.
            let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
            _ = try store.dailyTotals()
            let notice = try #require(store.notices.first { $0.kind == .dailyTotalsRebuilt })
            #expect(notice.message.hasPrefix(path + ":") && notice.message.contains("\"\(key)\": \(value) out of range"), "\(notice)")
            let report = try ProfileCheck.run(profile: "alice", in: data)
            #expect(report.problems.contains { $0.file == path && notice.message.contains($0.message) }, "\(report.problems)")
            return
        }
        let error = try #require(openError(data, clock))
        let (problem, _) = try #require(corruption(error), "\(error)")
        #expect(problem.file == path)
        #expect(problem.line != nil && problem.column != nil)
        #expect(problem.message.hasPrefix("\"\(key)\": ") && problem.message.contains(" out of range"), "\(problem)")
        #expect(!"\(problem)".contains("not valid JSON"))
        #expect(changedFiles(before, snapshotTree(files.directory).filter { $0.key != "lock" }) == [])
        // users check blames the same file, with the same words.
        let report = try ProfileCheck.run(profile: "alice", in: data)
        #expect(report.problems.contains { $0.file == path && $0.message == problem.message }, "\(report.problems)")
    }

    @Test("display conversions of huge or impossible times never trap")
    func totalConversions() {
        #expect(ExamClockText.countdown(1e300) == ExamClockText.countdown(Double(Int.max)))
        #expect(!ExamClockText.minutesSeconds(-.infinity).isEmpty)
        #expect(Int(saturating: .nan) == 0)
        #expect(Int(saturating: 1e300) == Int.max)
        #expect(Int(saturating: -1e300) == Int.min)
        #expect(Int(saturating: 41.9) == 41)
        #expect(IntervalLabel.short(seconds: 1e300).isEmpty == false)
    }

    @Test("a FIFO, a device link or a folder in place of a profile file is refused at once, naming the file",
          arguments: ["fifo", "devzero", "folder", "huge"])
    func fileKinds(kind: String) throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let (data, files, _) = try profile(dir, clock)
        let path = files.settings
        try FileManager.default.removeItem(atPath: path)
        switch kind {
        case "fifo": #expect(mkfifo(path, 0o600) == 0)
        case "devzero": try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
        case "folder": try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        default:
            let fd = open(path, O_CREAT | O_WRONLY, 0o600)
            #expect(ftruncate(fd, off_t(StoreLimits.maxFileBytes + 1)) == 0)
            close(fd)
        }
        let error = try #require(openError(data, clock))
        #expect("\(error)".contains(path), "\(error)")
        let report = try ProfileCheck.run(profile: "alice", in: data)
        #expect(report.problems.contains { $0.file == path }, "\(report.problems)")
    }

    @Test("a lock or log that is a link to someone else's file is never written through, and check reports it",
          arguments: ["lock", "reviews.jsonl", "settings.json"])
    func symlinks(name: String) throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let (data, files, _) = try profile(dir, clock)
        let victim = dir.path + "/bashrc"
        write(Array("export PATH=/precious\n".utf8), to: victim)
        let path = files.directory + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: victim)
        let error = openError(data, clock)
        #expect(error != nil)
        #expect("\(error.map { "\($0)" } ?? "")".contains("symbolic link"))
        #expect(bytes(victim) == Array("export PATH=/precious\n".utf8))
        let report = try ProfileCheck.run(profile: "alice", in: data)
        #expect(report.problems.contains { $0.file == path && $0.message.contains("symbolic link") })
        #expect(bytes(victim) == Array("export PATH=/precious\n".utf8))
    }

    @Test("an atomic write replaces a link in its place instead of writing through it")
    func atomicWriteOverLink() throws {
        let dir = TemporaryDirectory()
        let victim = dir.path + "/victim", target = dir.path + "/file.json"
        write(Array("mine".utf8), to: victim)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/.file.json.tmp", withDestinationPath: victim)
        try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: victim)
        try POSIXFileIO(syncing: false).writeAtomically(Array("new".utf8), to: target, keepBackup: true)
        #expect(bytes(victim) == Array("mine".utf8))
        #expect(bytes(target) == Array("new".utf8))
        #expect(!POSIXFileIO().isSymbolicLink(target))
    }

    @Test("attempts dropped from profile.json are added back when the index is read")
    func indexRebuiltFromAttemptFiles() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let (data, files, id) = try profile(dir, clock)
        var text = String(decoding: bytes(files.index)!, as: UTF8.self)
        let start = try #require(text.range(of: "\"attempts\" : ["))
        let end = try #require(text.range(of: "],\n  \"createdAt\""))
        text.replaceSubrange(start.upperBound..<end.lowerBound, with: "\n\n  ")
        write(Array(text.utf8), to: files.index)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(try store.attempts().map(\.id) == [id])
        #expect(store.notices.contains { $0.kind == .indexRebuilt })
        try store.close()
        #expect(String(decoding: bytes(files.index)!, as: UTF8.self).contains(id))
    }

    @Test("damaged daily totals are rebuilt from the log with a notice; newer ones are left alone (read at first use or ahead)",
          arguments: [false, true], [false, true])
    func dailyTotals(newer: Bool, ahead: Bool) throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let (data, files, _) = try profile(dir, clock)
        let expected = try ProgressStore.open(profile: "alice", in: data, access: .readOnly, options: Fixture.options(clock)).dailyTotals()
        let damaged: [UInt8] = newer ? Array("{\"schemaVersion\": 9, \"days\": {}}\n".utf8) : Array("{\"schemaVersion\": 1, \"days\": [".utf8)
        write(damaged, to: files.daily)
        var options = Fixture.options(clock)
        options.readDailyTotalsAhead = ahead
        let store = try ProgressStore.open(profile: "alice", in: data, options: options)
        #expect(try store.dailyTotals() == expected)
        let notice = try #require(store.notices.first { $0.kind == .dailyTotalsRebuilt })
        #expect(notice.message.contains(files.daily))
        try store.record(Fixture.review("more", 1, at: clock.now))
        try store.close()
        let sides = try FileManager.default.contentsOfDirectory(atPath: files.directory).filter { $0.hasPrefix("daily.json.damaged-") }
        if newer {
            #expect(bytes(files.daily) == damaged)
        } else {
            #expect(sides.contains { bytes(files.directory + "/" + $0) == damaged })
        }
    }

    @Test("reviews that cannot be saved at a quit go to a named recovery file, and the next open adds them to the log")
    func recoveryFile() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let (data, files, _) = try profile(dir, clock)
        let io = FaultyFileIO()
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, io: io))
        let seqBefore = store.lastSeq
        io.fail(.write, path: "reviews.jsonl", code: ENOSPC)
        #expect(throws: StoreError.self) { try store.record(Fixture.review("r1", 1, at: clock.now)) }
        #expect(throws: StoreError.self) { try store.record(Fixture.review("r2", 2, at: clock.now)) }
        #expect(throws: StoreError.self) { try store.undoLastReview() }
        #expect(throws: StoreError.self) { try store.close() }
        let path = try store.writePendingRecovery()
        #expect(path.hasPrefix(files.directory + "/reviews.recovery-") && path.hasSuffix(".jsonl"))
        let logBefore = bytes(files.log)
        #expect(bytes(files.log) == logBefore)
        _ = consume store  // the process ends without the reviews in the log

        let reopened = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(reopened.lastSeq == seqBefore + 3)
        #expect(reopened.state(of: "r1") != nil && reopened.state(of: "r2") == nil, "r2 was undone")
        #expect(reopened.notices.contains { $0.kind == .recoveryImported && $0.message.contains("added 3 reviews") })
        var undone: Int?
        try reopened.replayLog { if case .undo(let u) = $0.event { undone = u.undoes } }
        #expect(undone == seqBefore + 2)
        try reopened.close()
        #expect(bytes(path) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: files.directory).contains { $0.hasSuffix(".jsonl.imported") })
        // Not imported twice.
        let again = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(again.lastSeq == seqBefore + 3)
        try again.close()
        #expect(try ProfileCheck.run(profile: "alice", in: data).isClean)
    }

    @Test("a profile folder that cannot be written (read-only file system) opens read-only and says so")
    func readOnlyFolder() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let (data, files, id) = try profile(dir, clock)
        try FileManager.default.removeItem(atPath: files.lock)
        // The tests may run as root, who can write a chmod-ed folder: the file layer plays EROFS.
        let io = FaultyFileIO()
        io.fail(.open, path: "/alice/lock", code: EROFS)
        let before = snapshotTree(files.directory)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, io: io))
        #expect(store.access == .readOnly)
        let notice = try #require(store.notices.first { $0.kind == .openedReadOnly })
        #expect(notice.message.contains("read-only") && notice.message.contains("nothing you do is saved"))
        #expect(store.items.count == 6)
        #expect(try store.attempts().map(\.id) == [id])
        #expect(try store.dailyTotals().days.values.reduce(0) { $0 + $1.reviews } == 6)
        #expect(throws: StoreError.readOnly(profile: "alice")) { try store.record(Fixture.review("x", 1, at: clock.now)) }
        try store.close()
        #expect(snapshotTree(files.directory) == before)
    }
}

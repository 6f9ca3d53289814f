import Foundation
import Testing
@testable import StudyCore
#if canImport(Glibc)
import Glibc
#endif

@Suite("Progress store faults")
struct StoreFaultTests {
    // MARK: Two processes

    @Test("a second StatDeck on an open profile is told who has it and can open it read-only")
    func locked() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let first = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        do {
            _ = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
            Issue.record("the second open should be refused")
        } catch {
            #expect(error == .locked(profile: "alice", pid: getpid()))
            #expect(error.description == "profile alice is open in another StatDeck (pid \(getpid()))")
        }
        let viewer = try ProgressStore.open(profile: "alice", in: data, access: .readOnly, options: Fixture.options(clock))
        #expect(viewer.access == .readOnly)
        try first.close()
        let next = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(next.notices.isEmpty, "a clean close leaves no stale lock")
    }

    @Test("a released lock (no pid in it) still held by a copy of its file is refused after a short wait, and opens once the copy closes")
    func releasedLockHeldByACopy() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock)).close()
        // The copy: the lock file opened and locked elsewhere, with no pid in it (a released lock).
        let path = data.profilePath("alice") + "/lock"
        let copy = open(path, O_RDWR)
        #expect(copy >= 0 && flock(copy, LOCK_EX | LOCK_NB) == 0)
        #expect(throws: StoreError.locked(profile: "alice", pid: nil)) {
            try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        }
        // Once the copy lets go, the profile opens.
        Glibc.close(copy)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(store.access == .readWrite)
        try store.close()
    }

    @Test("a lock left by a process that is no longer running is taken over, with a notice")
    func staleLock() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier
        write(Array("\(dead)\n".utf8), to: data.profilePath("alice") + "/lock")
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(store.notices.map(\.kind) == [.staleLockTakenOver])
        #expect(store.notices.first?.message.contains("pid \(dead)") == true)
        #expect(bytes(data.profilePath("alice") + "/lock") == Array("\(getpid())\n".utf8))
    }

    // MARK: A cut-short last line

    @Test("a cut-short last log line is dropped with a notice and kept in a side file; every complete line stays")
    func truncatedLine() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        let items = try recordWithoutClosing(3, data, clock)
        let complete = bytes(files.log)!
        let partial = Array(#"{"seq":4,"type":"review","item":"q9","domain":"cp"#.utf8)
        append(partial, to: files.log)

        let again = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(again.items == items)
        #expect(again.lastSeq == 3)
        let notice = try #require(again.notices.first { $0.kind == .truncatedLogLine })
        #expect(notice.message.contains("line 5 was cut short"))
        #expect(bytes(files.log) == complete, "the log is back to its complete lines")
        let side = try FileManager.default.contentsOfDirectory(atPath: files.directory).filter { $0.hasPrefix("reviews.jsonl.damaged-") }
        #expect(side.count == 1)
        #expect(bytes(files.directory + "/" + side[0]) == partial)
        // And the log goes on cleanly from there.
        try again.record(Fixture.review("q4", 4, at: clock.now))
        try again.close()
        #expect(try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock)).lastSeq == 4)
    }

    @Test("read-only leaves a cut-short line where it is")
    func truncatedLineReadOnly() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        append(Array(#"{"seq":1,"type":"rev"#.utf8), to: files.log)
        let before = bytes(files.log)
        let viewer = try ProgressStore.open(profile: "alice", in: data, access: .readOnly, options: Fixture.options(clock))
        #expect(viewer.notices.map(\.kind) == [.truncatedLogLine])
        #expect(bytes(files.log) == before)
    }

    // MARK: Damaged files

    @Test("a damaged card snapshot is named with line and column, left untouched, and restored from its backup")
    func corruptSnapshot() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, snapshotEvery: 3))
        for n in 0..<8 { try store.record(Fixture.review("q\(n)", n, at: clock.now)) }
        let items = store.items
        try store.close()

        var text = String(decoding: bytes(files.cards)!, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"q3\": {\"phase\":2", with: "\"q3\": {\"phase\":2,,")
        write(Array(text.utf8), to: files.cards)
        let damaged = bytes(files.cards)!
        var recovery: [Recovery] = []
        do {
            _ = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
            Issue.record("a damaged snapshot must not open")
        } catch {
            let (problem, ways) = try #require(corruption(error))
            #expect(problem.file == files.cards)
            #expect(problem.line == 9)
            #expect(problem.column == 18)
            #expect(problem.message.contains("expected a quoted key"))
            #expect(error.description.contains("left as it is"))
            recovery = ways
        }
        #expect(bytes(files.cards) == damaged, "the damaged file is left as it is")
        #expect(recovery == [.restoreBackup(file: files.cards, backup: files.cards + ".bak"), .rebuild(file: files.cards)])

        try ProgressStore.restoreFromBackup(file: files.cards, profile: "alice", in: data, options: Fixture.options(clock))
        let restored = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(restored.items == items, "the older backup plus the longer log tail give every review back")
        let kept = try FileManager.default.contentsOfDirectory(atPath: files.directory).filter { $0.hasPrefix("cards.json.damaged-") }
        #expect(kept.count == 1)
        #expect(bytes(files.directory + "/" + kept[0]) == damaged)
    }

    @Test("a damaged snapshot with no good backup is rebuilt from the review log")
    func rebuildSnapshot() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        for n in 0..<5 { try store.record(Fixture.review("q\(n % 2)", n, at: clock.now)) }
        let items = store.items
        try store.close()
        write(Array("{\"schemaVersion\": 1, \"cards\": [".utf8), to: files.cards)
        write(Array("not json".utf8), to: files.cards + ".bak")
        #expect(throws: StoreError.self) {
            try ProgressStore.restoreFromBackup(file: files.cards, profile: "alice", in: data, options: Fixture.options(clock))
        }
        try ProgressStore.recover(.rebuild(file: files.cards), profile: "alice", in: data, options: Fixture.options(clock))
        #expect(try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock)).items == items)
    }

    @Test("a missing snapshot and missing daily totals are rebuilt from the whole log")
    func missingDerivedFiles() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        for n in 0..<6 { try store.record(Fixture.review("q\(n % 4)", n, at: clock.now, correct: n != 2)) }
        let items = store.items
        let totals = try store.dailyTotals()
        try store.close()
        for path in [files.cards, files.cards + ".bak", files.daily, files.daily + ".bak"] { try? FileManager.default.removeItem(atPath: path) }

        let again = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(again.items == items)
        #expect(again.notices.map(\.kind) == [.rebuiltFromLog])
        #expect(try again.dailyTotals() == totals)
        #expect(FileManager.default.fileExists(atPath: files.cards), "the snapshot is written again at once")
    }

    @Test("damaged settings without a backup can be reset to defaults; progress is kept")
    func corruptSettings() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        try store.record(Fixture.review("q1", 1, at: clock.now))
        try store.close()
        write(Array("{\n  \"schemaVersion\": 1,\n  \"track\": cpt\n}".utf8), to: files.settings)
        do {
            _ = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
            Issue.record("damaged settings must not open")
        } catch {
            let (problem, ways) = try #require(corruption(error))
            #expect(problem.description.hasSuffix("settings.json:3:12: expected a JSON value but found 'c'"))
            #expect(ways == [.useDefaults(file: files.settings)])
            try ProgressStore.recover(ways[0], profile: "alice", in: data, options: Fixture.options(clock))
        }
        let store2 = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(store2.settings == ProfileSettings())
        #expect(store2.state(of: "q1") != nil)
    }

    @Test("a damaged line in the log tail names the file, line and column and changes nothing")
    func corruptLogLine() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        _ = try recordWithoutClosing(3, data, clock)
        var lines = String(decoding: bytes(files.log)!, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: "\"correct\":true", with: "\"correct\":\"yes\"")
        let column = lines[2].distance(from: lines[2].startIndex, to: lines[2].range(of: "\"yes\"")!.lowerBound) + 1
        write(Array(lines.joined(separator: "\n").utf8), to: files.log)
        let before = snapshotTree(files.directory)
        do {
            _ = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
            Issue.record("a damaged log line must not open")
        } catch {
            let (problem, _) = try #require(corruption(error))
            #expect(problem.file == files.log)
            #expect(problem.line == 3)
            #expect(problem.column == column)
            #expect(problem.message == "\"correct\" should be true or false but is a string")
        }
        var after = snapshotTree(files.directory)
        after["lock"] = before["lock"]
        #expect(after == before)
    }

    @Test("a snapshot from another log is refused, not replayed onto the wrong history")
    func mismatchedSnapshot() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        for n in 0..<3 { try store.record(Fixture.review("q\(n)", n, at: clock.now)) }
        try store.close()
        var text = String(decoding: bytes(files.cards)!, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"seq\":3}", with: "\"seq\":2}")
        write(Array(text.utf8), to: files.cards)
        // Make the log look one entry longer than the snapshot knows.
        let extra = LogLineCodec.encode(LogEntry(seq: 4, event: .review(Fixture.review("q9", 9, at: clock.now), before: nil)))
        append(extra, to: files.log)
        do {
            _ = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
            Issue.record("expected a mismatch")
        } catch {
            let (problem, ways) = try #require(corruption(error))
            #expect(problem.file == files.cards)
            #expect(problem.message.contains("do not belong together"))
            #expect(ways.contains(.rebuild(file: files.cards)))
        }
    }

    // MARK: Disk full, permission denied, read-only

    @Test("disk full while saving a review: a clear error, the review stays queued, the log is not damaged, and the next save writes it once")
    func diskFull() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        let io = FaultyFileIO()
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, io: io))
        try store.record(Fixture.review("q1", 1, at: clock.now))
        let saved = bytes(files.log)

        io.fail(.write, path: "reviews.jsonl", code: ENOSPC, halfWrite: true)
        do {
            try store.record(Fixture.review("q2", 2, at: clock.now))
            Issue.record("a full disk must be reported")
        } catch {
            #expect(error.description.contains("could not save your review of q2 to \(files.log): the disk is full"))
            #expect(error.description.contains("1 unsaved change is kept in memory"))
        }
        #expect(store.state(of: "q2") != nil, "the session goes on with the review in memory")
        #expect(store.unsavedCount == 1)
        #expect(bytes(files.log) == saved, "the half-written line was cut back off")
        #expect(throws: StoreError.self) { try store.record(Fixture.review("q3", 3, at: clock.now)) }
        #expect(store.unsavedCount == 2)

        io.heal()
        try store.save()
        #expect(store.unsavedCount == 0)
        let expected = store.items
        try store.close()
        let again = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(again.items == expected)
        var seen: [Int] = []
        try again.replayLog { seen.append($0.seq) }
        #expect(seen == [1, 2, 3])
    }

    @Test("a failing flush is retried without writing a review twice")
    func syncFailure() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let io = FaultyFileIO()
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, io: io))
        io.fail(.sync, path: "reviews.jsonl", code: EIO, times: 1)
        #expect(throws: StoreError.self) { try store.record(Fixture.review("q1", 1, at: clock.now)) }
        try store.record(Fixture.review("q2", 2, at: clock.now))
        try store.close()
        var items: [String] = []
        try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock)).replayLog { items.append($0.itemID) }
        #expect(items == ["q1", "q2"])
    }

    @Test("permission denied on the settings: a clear error, the old file intact, saved at the next try")
    func permissionDenied() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        let io = FaultyFileIO()
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, io: io))
        let before = bytes(files.settings)
        io.fail(.open, path: ".settings.json.tmp", code: EACCES)
        var s = store.settings
        s.theme = "high-contrast"
        do {
            try store.updateSettings(s)
            Issue.record("expected permission denied")
        } catch {
            #expect(error.description.hasPrefix("could not save your settings to \(files.directory)/.settings.json.tmp: permission denied"))
        }
        #expect(store.settings.theme == "high-contrast")
        #expect(bytes(files.settings) == before)
        io.heal()
        try store.save()
        try store.close()
        #expect(try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock)).settings.theme == "high-contrast")
    }

    @Test("a read-only file system during a snapshot rewrite: reviews are still saved, the old snapshot is intact")
    func readOnlySnapshot() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        let io = FaultyFileIO()
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, io: io, snapshotEvery: 2))
        let snapshot = bytes(files.cards)
        io.fail(.rename, path: "cards.json", code: EROFS)
        for n in 0..<3 { try store.record(Fixture.review("q\(n)", n, at: clock.now)) }
        #expect(store.notices.contains { $0.kind == .snapshotNotSaved && $0.message.contains("read-only") })
        #expect(bytes(files.cards) == snapshot)
        #expect(try FileManager.default.contentsOfDirectory(atPath: files.directory).filter { $0.hasSuffix(".tmp") }.isEmpty)
        let items = store.items
        withExtendedLifetime(store) {}
        #expect(try ProgressStore.open(profile: "alice", in: data, access: .readOnly, options: Fixture.options(clock)).items == items)
    }

    @Test("a mock exam that cannot be saved stays in memory and is saved at the next try")
    func attemptNotSaved() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let io = FaultyFileIO()
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, io: io))
        var attempt = Fixture.attempt(id: store.newAttemptID(startedAt: clock.now), track: "cpt", form: "A",
                                      itemIDs: ["a", "b"], startedAt: clock.now)
        try store.saveAttempt(attempt)
        io.fail(.write, path: "/exams/", code: ENOSPC)
        attempt.answers[0] = 1
        #expect(throws: StoreError.self) { try store.saveAttempt(attempt) }
        #expect(try store.attempt(id: attempt.id) == attempt)
        io.heal()
        try store.close()
        #expect(try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock)).attempt(id: attempt.id) == attempt)
    }

    /// Records `count` reviews and drops the store without closing it, as a crash would.
    private func recordWithoutClosing(_ count: Int, _ data: DataDirectory, _ clock: TestClock) throws -> [String: ItemState] {
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        for n in 0..<count { try store.record(Fixture.review("q\(n)", n, at: clock.now)) }
        return store.items
    }
}

import Foundation
import Testing
@testable import StudyCore

@Suite("Progress store")
struct ProgressStoreTests {
    @Test("the recent log: every entry since a date, in order, without reading from the start; undos and unsaved entries included")
    func recentLog() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock).unsynced)
        // 60 days, 5 reviews a day.
        for n in 0..<300 {
            try store.record(Fixture.review("cpt-\(n % 40)", n, at: clock.now))
            clock.advance(n % 5 == 4 ? 86_400 - 4 * 60 : 60)
        }
        try store.undoLastReview()
        let since = clock.now.addingTimeInterval(-30 * 86_400)
        var all: [LogEntry] = []
        try store.replayLog { all.append($0) }
        var recent: [LogEntry] = []
        let complete = try store.replayRecentLog(since: since, firstWindow: 2_000) { recent.append($0) }
        #expect(!complete, "a small first window does not reach the start")
        #expect(recent.count < all.count)
        #expect(recent == Array(all.suffix(recent.count)), "the newest entries, in order, ending with the undo")
        let wanted = all.filter { ProgressStore.time(of: $0) >= since }
        #expect(recent.count >= wanted.count && recent.suffix(wanted.count) == wanted[...], "every entry since the date")
        var whole: [LogEntry] = []
        #expect(try store.replayRecentLog(since: Fixture.start.addingTimeInterval(-86_400)) { whole.append($0) })
        #expect(whole == all)
    }

    @Test("reviews, states and daily totals survive closing and reopening")
    func roundTrip() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        var expected: [String: ItemState] = [:]
        for n in 0..<5 {
            let r = Fixture.review("cpt-\(n % 3)", n, at: clock.now.addingTimeInterval(0.0004 * Double(n)),
                                   domain: n % 2 == 0 ? "cpt.1" : "cpt.2", correct: n != 3)
            #expect(try store.record(r) == n + 1)
            expected[r.itemID] = r.after.normalized
            clock.advance(30)
        }
        #expect(store.items == expected)
        try store.close()

        let again = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(again.items == expected)
        #expect(again.lastSeq == 5)
        #expect(again.settings.track == "cpt")
        let day = try #require(try again.dailyTotals().days[CalendarDay(containing: Fixture.start)])
        #expect(day.reviews == 5)
        #expect(day.correct == 4)
        #expect(day.durationMs == 20_000)
        #expect(day.newItems == 3)
        #expect(day.newCorrect == 3)
        // Per domain, with first answers: cpt-0 and cpt-2 first seen under cpt.1, cpt-1 under cpt.2.
        #expect(day.domains["cpt.1"] == DomainTotals(reviews: 3, correct: 3, newItems: 2, newCorrect: 2))
        #expect(day.domains["cpt.2"] == DomainTotals(reviews: 2, correct: 1, newItems: 1, newCorrect: 1))
        #expect(again.notices.isEmpty)
    }

    @Test("times are kept to the millisecond, so memory equals what a reopen reads")
    func millisecondTimes() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        let odd = Date(timeIntervalSince1970: 1_795_000_000.123456789)
        try store.record(Fixture.review("q1", 7, at: odd))
        let inMemory = try #require(store.state(of: "q1"))
        #expect(inMemory.card.lastReview == Timestamp.date(milliseconds: 1_795_000_000_123))
        try store.close()
        let again = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(again.state(of: "q1") == inMemory)
    }

    @Test("opening reads only the log after the snapshot point")
    func tailOnly() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, snapshotEvery: 10))
        for n in 0..<13 { try store.record(Fixture.review("q\(n)", n, at: clock.now)); clock.advance(5) }
        let items = store.items
        // No clean close: the snapshot covers 10 entries and the log holds 13.
        let snapshotText = String(decoding: bytes(files.cards)!, as: UTF8.self)
        #expect(snapshotText.contains("\"seq\":10}"))

        // Damage a line the snapshot covers: opening must not even look at it.
        var log = bytes(files.log)!
        let secondLine = log.firstIndex(of: 0x0A)! + 1
        log[secondLine + 2] = UInt8(ascii: "#")
        write(log, to: files.log)
        withExtendedLifetime(store) {}
        let reopened = try ProgressStore.open(profile: "alice", in: data, access: .readOnly, options: Fixture.options(clock))
        #expect(reopened.items == items)
        #expect(reopened.lastSeq == 13)
    }

    @Test("each snapshot rewrite keeps the previous snapshot as cards.json.bak")
    func snapshotBackup() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, snapshotEvery: 4))
        for n in 0..<4 { try store.record(Fixture.review("q\(n)", n, at: clock.now)) }
        let first = bytes(files.cards)!
        for n in 4..<8 { try store.record(Fixture.review("q\(n)", n, at: clock.now)) }
        #expect(bytes(files.cards.appending(".bak")) == first)
        #expect(bytes(files.cards) != first)
        #expect(bytes(files.daily.appending(".bak")) != nil)
    }

    @Test("undo restores the state before and takes the review out of the day's totals, across a reopen")
    func undo() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        try store.record(Fixture.review("q1", 1, at: clock.now))
        let afterFirst = store.state(of: "q1")
        _ = try store.dailyTotals()  // loaded: kept up to date from now on
        clock.advance(60)
        try store.record(Fixture.review("q1", 2, at: clock.now, correct: false, ms: 9_000))
        try store.record(Fixture.review("q2", 3, at: clock.now))
        #expect(try store.undoLastReview()?.itemID == "q2")
        #expect(store.state(of: "q2") == nil)
        #expect(try store.undoLastReview()?.itemID == "q1")
        #expect(store.state(of: "q1") == afterFirst)
        let day = try #require(try store.dailyTotals().days[CalendarDay(containing: clock.now)])
        #expect(day.reviews == 1 && day.correct == 1 && day.durationMs == 4_000 && day.newItems == 1)
        try store.close()

        let again = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(again.state(of: "q1") == afterFirst)
        #expect(again.state(of: "q2") == nil)
        #expect(try again.dailyTotals().days[CalendarDay(containing: clock.now)] == day)
        #expect(try again.undoLastReview() == nil, "undo is for this session's reviews only")
    }

    @Test("undo goes back at most undoLimit reviews")
    func undoLimit() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock).unsynced)
        for n in 0..<(ProgressStore.undoLimit + 5) { try store.record(Fixture.review("q\(n)", n, at: clock.now)) }
        #expect(store.undoableCount == ProgressStore.undoLimit)
        while try store.undoLastReview() != nil {}
        #expect(store.items.keys.sorted() == ["q0", "q1", "q2", "q3", "q4"])
    }

    @Test("flags, suspensions and burials are logged and come back")
    func flags() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        try store.record(Fixture.review("q1", 1, at: clock.now))
        try store.updateFlags(of: "q1") { $0.flagged = true; $0.buriedUntil = clock.now.addingTimeInterval(86_400) }
        try store.updateFlags(of: "never-seen") { $0.suspended = true }
        let expected = store.items
        #expect(expected["never-seen"]?.card.isNew == true)
        #expect(expected["q1"]?.flags.flagged == true)
        let day = try store.dailyTotals().days.values.first
        #expect(day?.reviews == 1, "edits are not reviews")
        withExtendedLifetime(store) {}
        try store.close()
        let again = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(again.items == expected)
    }

    @Test("daily totals load from daily.json plus the log after it, at first use or read ahead while the profile opens",
          arguments: [false, true])
    func dailyCatchUp(ahead: Bool) throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, snapshotEvery: 5))
        var reviews = 0
        for day in 0..<3 {
            for n in 0..<4 {
                try store.record(Fixture.review("q\(n)", n + day, at: clock.now, domain: "d\(n % 2)", correct: n > 0))
                reviews += 1
                clock.advance(60)
            }
            clock.advance(86_400)
        }
        let live = try store.dailyTotals()
        #expect(live.days.count == 3)
        #expect(live.days.values.map(\.reviews).reduce(0, +) == reviews)
        // Dropped without closing: daily.json covers only up to the last snapshot.
        withExtendedLifetime(store) {}
        var options = Fixture.options(clock)
        options.readDailyTotalsAhead = ahead
        let again = try ProgressStore.open(profile: "alice", in: data, access: .readOnly, options: options)
        #expect(try again.dailyTotals() == live)
    }

    @Test("the study day starts at the day-start hour in the user's time zone")
    func studyDay() {
        let t = Timestamp.parse("2026-03-10T02:30:00.000Z")!
        #expect(CalendarDay(containing: t).description == "2026-03-10")
        #expect(CalendarDay(containing: t, utcOffsetSeconds: 0, dayStartHour: 4).description == "2026-03-09")
        #expect(CalendarDay(containing: t, utcOffsetSeconds: -5 * 3600, dayStartHour: 0).description == "2026-03-09")
        #expect(CalendarDay(containing: t, utcOffsetSeconds: 9 * 3600, dayStartHour: 4).description == "2026-03-10")
    }

    @Test("a mock exam saved after every change resumes exactly; the index lists it")
    func attempts() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        let id = store.newAttemptID(startedAt: clock.now)
        #expect(id == "20261118T110640Z")
        var attempt = Fixture.attempt(id: id, track: "cpt", form: "A",
                                      itemIDs: (0..<120).map { "cpt-\($0)" }, startedAt: clock.now)
        try store.saveAttempt(attempt)
        attempt.answers[0] = 2; try store.saveAttempt(attempt)
        attempt.flags[1] = true; try store.saveAttempt(attempt)
        attempt.current = 2; attempt.elapsed = 95.5; try store.saveAttempt(attempt)
        #expect(store.newAttemptID(startedAt: clock.now) == id + "-2")
        try store.close()

        let again = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(try again.attempt(id: id) == attempt)
        #expect(try again.attempts().map(\.id) == [id])
        #expect(try again.attempts().first?.submittedAt == nil)
        attempt.submittedAt = clock.now.addingTimeInterval(3600)
        try again.saveAttempt(attempt)
        #expect(try again.attempts().first?.submittedAt == Timestamp.normalized(attempt.submittedAt!))
        #expect(throws: StoreError.attemptNotFound(id: "nope")) { try again.attempt(id: "nope") }
        var broken = attempt
        broken.answers.removeLast()
        #expect(throws: StoreError.self) { try again.saveAttempt(broken) }
    }

    @Test("a version-1 attempt file (before the exam engine) is read as an ExamAttempt and rewritten as version 2")
    func attemptMigration() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        try FileManager.default.createDirectory(atPath: files.exams, withIntermediateDirectories: true)
        let v1 = """
        {"answers": [2, null, 0], "currentIndex": 1, "elapsedSeconds": 95.5, "flags": [false, true, false],
         "form": "A", "id": "20261128T100000Z", "itemIDs": ["cpt-0012", "cpt-0044", "cpt-0107"], "mode": "timed",
         "schemaVersion": 1, "startedAt": "2026-11-28T10:00:00.000Z", "submittedAt": null, "track": "cpt"}
        """
        try v1.write(toFile: files.attempt("20261128T100000Z"), atomically: true, encoding: .utf8)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        var attempt = try store.attempt(id: "20261128T100000Z")
        #expect(attempt.form.items.map(\.questionID) == ["cpt-0012", "cpt-0044", "cpt-0107"])
        #expect(attempt.form.trackID == "cpt" && attempt.form.name == "A" && attempt.mode == .exam)
        #expect(attempt.answers == [2, nil, 0] && attempt.flags == [false, true, false])
        #expect(attempt.current == 1 && attempt.elapsed == 95.5 && !attempt.isSubmitted)
        attempt.next(now: clock.now)
        try store.saveAttempt(attempt)
        try store.close()
        let text = try String(contentsOfFile: files.attempt(attempt.id), encoding: .utf8)
        #expect(text.contains("\"schemaVersion\" : 2"))
        #expect(try ProfileCheck.run(profile: "alice", in: data).isClean)
    }

    @Test("a scored attempt keeps its result in the file and in the exam history")
    func scoredAttempt() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        var attempt = Fixture.attempt(id: store.newAttemptID(startedAt: clock.now), track: "cpt", form: "Form 1",
                                      itemIDs: ["a", "b", "c", "d"], startedAt: clock.now)
        try store.saveAttempt(attempt)
        #expect(try store.attempts().first?.score == nil)
        attempt.advance(by: 130, now: clock.now)
        attempt.submit(at: clock.now)
        attempt.score = ExamScore(scoredCorrect: 3, scoredTotal: 4, scaledEstimate: 390, passed: true)
        try store.saveAttempt(attempt)
        try store.close()
        let again = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        let summary = try #require(try again.attempts().first)
        #expect(summary.score?.scaledEstimate == 390 && summary.score?.passed == true)
        #expect(summary.elapsed == 130 && summary.form == "Form 1" && summary.mode == "exam")
        #expect(try again.attempt(id: attempt.id).score == attempt.score)
    }

    @Test("an abandoned attempt stays in the history as abandoned, not in progress; delete removes the file, its backup and the index line")
    func abandonAndDelete() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        var a = Fixture.attempt(id: store.newAttemptID(startedAt: clock.now), track: "cpt", form: "Form 1",
                                itemIDs: ["a", "b", "c", "d"], startedAt: clock.now)
        a.answer(1, now: clock.now)
        try store.saveAttempt(a)
        clock.advance(60)
        let b = Fixture.attempt(id: store.newAttemptID(startedAt: clock.now), track: "cpt", form: "Form 2",
                                itemIDs: ["e", "f"], startedAt: clock.now)
        try store.saveAttempt(b)
        #expect(try store.attempts().filter(\.isInProgress).count == 2)
        a.abandon(at: clock.now)
        a.advance(by: 100, now: clock.now)  // an abandoned attempt's clock stays stopped
        a.answer(2, now: clock.now)         // and its answers fixed
        #expect(a.elapsed == 0 && a.answers[0] == 1)
        try store.saveAttempt(a)
        try store.close()

        let again = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        let summaries = try again.attempts()
        #expect(summaries.map(\.isAbandoned) == [true, false])
        #expect(summaries.map(\.isInProgress) == [false, true])
        #expect(try again.attempt(id: a.id).isAbandoned)
        #expect(bytes(files.attempt(b.id) + ".bak") != nil || bytes(files.attempt(b.id)) != nil)
        try again.saveAttempt(b)  // a second save leaves a backup beside it
        try again.deleteAttempt(id: b.id)
        #expect(bytes(files.attempt(b.id)) == nil && bytes(files.attempt(b.id) + ".bak") == nil)
        #expect(try again.attempts().map(\.id) == [a.id])
        #expect(throws: StoreError.self) { try again.attempt(id: b.id) }
        #expect(throws: StoreError.self) { try again.deleteAttempt(id: b.id) }
        try again.close()
        #expect(try ProfileCheck.run(profile: "alice", in: data).isClean)
    }

    @Test("settings are saved with a backup; missing keys take defaults; values out of range are refused with line and column")
    func settings() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        var s = store.settings
        s.examDate = CalendarDay("2026-12-21")
        s.dailyNewLimit = 35
        try store.updateSettings(s)
        #expect(bytes(files.settings + ".bak") != nil)
        s.desiredRetention = 1.5
        #expect(throws: StoreError.self) { try store.updateSettings(s) }
        try store.close()
        let text = String(decoding: bytes(files.settings)!, as: UTF8.self)
        #expect(text.contains("\"examDate\" : \"2026-12-21\""))

        write(Array("{\"schemaVersion\": 1, \"track\": \"ccma\"}".utf8), to: files.settings)
        let defaults = try ProgressStore.open(profile: "alice", in: data, access: .readOnly, options: Fixture.options(clock))
        #expect(defaults.settings == ProfileSettings(track: "ccma"))

        write(Array("{\n  \"schemaVersion\": 1,\n  \"dayStartHour\": 27\n}".utf8), to: files.settings)
        do {
            _ = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
            Issue.record("expected the settings to be refused")
        } catch {
            let (problem, _) = try #require(corruption(error))
            #expect(problem.file == files.settings)
            #expect(problem.line == 3 && problem.column == 19)
            #expect(problem.message.contains("dayStartHour") && problem.message.contains("0 to 23"))
        }
    }

    @Test("a file from a newer StatDeck is refused with a clear message and left byte for byte", arguments: [
        "settings.json", "cards.json", "reviews.jsonl",
    ])
    func newerSchema(file: String) throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let path = data.profilePath("alice") + "/" + file
        let text = String(decoding: bytes(path)!, as: UTF8.self)
        let newer = Array(text.replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 7")
            .replacingOccurrences(of: "\"schemaVersion\": 1", with: "\"schemaVersion\": 7")
            .replacingOccurrences(of: "\"schemaVersion\":1", with: "\"schemaVersion\":7").utf8)
        #expect(newer != Array(text.utf8))
        write(newer, to: path)
        let before = snapshotTree(data.profilePath("alice"))
        #expect(throws: StoreError.newerSchema(file: path, found: 7, supported: 1)) {
            _ = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        }
        #expect(StoreError.newerSchema(file: path, found: 7, supported: 1).description.contains("update StatDeck"))
        var after = snapshotTree(data.profilePath("alice"))
        after["lock"] = before["lock"]
        #expect(after == before)
    }

    @Test("an older file is migrated on load and written in the new version at its next save")
    func migration() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        // Pretend settings are at version 2, where version 1 called the new-card limit "newPerDay".
        var migrations = SchemaMigrations.standard
        migrations.current[.settings] = 2
        migrations.steps[.settings] = [1: { node in
            guard case .object(let members) = node.value else { return node }
            return JSONNode(.object(members.map { $0.key == "newPerDay" ? (key: "dailyNewLimit", node: $0.node) : $0 }), at: node.position)
        }]
        write(Array("{\"schemaVersion\": 1, \"newPerDay\": 42}".utf8), to: files.settings)
        var options = Fixture.options(clock)
        options.migrations = migrations
        let store = try ProgressStore.open(profile: "alice", in: data, options: options)
        #expect(store.settings.dailyNewLimit == 42)
        try store.updateSettings(store.settings)
        try store.close()
        let text = String(decoding: bytes(files.settings)!, as: UTF8.self)
        #expect(text.contains("\"schemaVersion\" : 2") && text.contains("\"dailyNewLimit\" : 42"))

        // A version with no way up is refused, not guessed at.
        migrations.current[.settings] = 3
        options.migrations = migrations
        #expect(throws: StoreError.self) { _ = try ProgressStore.open(profile: "alice", in: data, options: options) }
    }

    @Test("read-only sees everything and refuses to write")
    func readOnly() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        try store.record(Fixture.review("q1", 1, at: clock.now))
        let viewer = try ProgressStore.open(profile: "alice", in: data, access: .readOnly, options: Fixture.options(clock))
        #expect(viewer.items == store.items)
        #expect(throws: StoreError.readOnly(profile: "alice")) { try viewer.record(Fixture.review("q2", 2, at: clock.now)) }
    }

    @Test("values a file cannot hold are refused before anything is written")
    func invalidRecords() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        var r = Fixture.review("q1", 1, at: clock.now)
        r.after.card.stability = .nan
        #expect(throws: StoreError.self) { try store.record(r) }
        r = Fixture.review("", 1, at: clock.now)
        #expect(throws: StoreError.self) { try store.record(r) }
        #expect(store.lastSeq == 0 && store.items.isEmpty)
    }
}

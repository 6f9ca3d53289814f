import Foundation
import Testing
@testable import StudyCore
#if canImport(Glibc)
import Glibc
#endif

@Suite("Notes on items")
struct ItemNotesTests {
    @Test("a note is set, replaced and deleted; each change is in notes.json with schemaVersion, the previous in notes.json.bak, and survives a reopen")
    func roundTrip() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(store.notes.notes.isEmpty)
        try store.setNote("  MI = myocardial infarction \r\n", for: "fc-1")
        try store.setNote("Lavender = EDTA", for: "q-2")
        #expect(store.notes["fc-1"] == "MI = myocardial infarction")
        clock.advance(60)
        try store.setNote("MI: heart attack\nthink 'my infarct'", for: "fc-1")
        try store.setNote("   ", for: "q-2")  // only spaces deletes
        #expect(store.unsavedCount == 0)
        let files = store.files
        let saved = String(decoding: try #require(bytes(files.notes)), as: UTF8.self)
        #expect(saved.contains("\"schemaVersion\" : 1"))
        #expect(saved.contains("think 'my infarct'") && !saved.contains("q-2"))
        let backup = String(decoding: try #require(bytes(files.notes + ".bak")), as: UTF8.self)
        #expect(backup.contains("MI: heart attack") && backup.contains("q-2"), "the backup is the version before the last write (q-2 still there)")
        try store.close()

        let again = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(again.notes.texts == ["fc-1": "MI: heart attack\nthink 'my infarct'"])
        #expect(again.notes.notes["fc-1"]?.updated == clock.now)
    }

    @Test("a note too long, with a control character or without an item id is refused and nothing is written")
    func refused() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        for (text, id, words) in [(String(repeating: "x", count: ItemNotes.maxLength + 1), "fc-1", "at most 1000"),
                                  ("bell\u{07}", "fc-1", "control character"), ("fine", "", "item id")] {
            do {
                try store.setNote(text, for: id)
                Issue.record("\(words) should be refused")
            } catch {
                #expect("\(error)".contains(words), "\(error)")
            }
        }
        #expect(store.notes.notes.isEmpty && bytes(store.files.notes) == nil)
        try store.setNote(String(repeating: "y", count: ItemNotes.maxLength), for: "fc-1")
        #expect(store.notes["fc-1"]?.count == ItemNotes.maxLength)
    }

    @Test("a note that cannot be written (disk full) stays in memory, the file is untouched, and the next save writes it")
    func diskFull() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let io = FaultyFileIO()
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, io: io))
        try store.setNote("first", for: "fc-1")
        let before = bytes(store.files.notes)
        io.fail(.write, path: ".notes.json.tmp", code: ENOSPC, halfWrite: true)
        do {
            try store.setNote("second", for: "fc-1")
            Issue.record("a full disk must be reported")
        } catch {
            #expect("\(error)".contains("could not save your notes"), "\(error)")
            #expect("\(error)".contains("disk is full"), "\(error)")
        }
        #expect(store.notes["fc-1"] == "second")
        #expect(store.unsavedCount == 1)
        #expect(bytes(store.files.notes) == before)
        #expect(FileManager.default.fileExists(atPath: store.files.directory + "/.notes.json.tmp") == false)
        io.heal()
        try store.save()
        #expect(store.unsavedCount == 0)
        try store.close()
        #expect(try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock)).notes["fc-1"] == "second")
    }

    @Test("a damaged notes.json stops the open with file, line and column and changes nothing; the backup or an empty file gets it open, the damaged one kept")
    func damaged() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        try store.setNote("kept", for: "fc-1")
        try store.setNote("kept too", for: "fc-2")
        let files = store.files
        try store.close()
        write(Array("{\"schemaVersion\":1,\n\"notes\":{\"fc-1\":{\"text\":\"\",\"updated\":\"2026-11-18T11:06:40.000Z\"}}}".utf8), to: files.notes)
        let tree = snapshotTree(files.directory)
        var recoveries: [Recovery] = []
        do {
            _ = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
            Issue.record("a damaged notes file must stop the open")
        } catch {
            let (problem, ways) = try #require(corruption(error))
            #expect(problem.file == files.notes && problem.line == 2, "\(problem)")
            #expect(problem.message.contains("empty"), "\(problem)")
            recoveries = ways
        }
        #expect(snapshotTree(files.directory) == tree)
        #expect(recoveries == [.restoreBackup(file: files.notes, backup: files.notes + ".bak"), .useDefaults(file: files.notes)])
        #expect(recoveries[1].description.contains("start notes.json empty"))

        try ProgressStore.recover(recoveries[0], profile: "alice", in: data, options: Fixture.options(clock))
        #expect(try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock)).notes.texts == ["fc-1": "kept"])

        write(Array("not json".utf8), to: files.notes)
        try ProgressStore.recover(.useDefaults(file: files.notes), profile: "alice", in: data, options: Fixture.options(clock))
        #expect(try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock)).notes.notes.isEmpty)
        let names = try FileManager.default.contentsOfDirectory(atPath: files.directory)
        #expect(names.filter { $0.hasPrefix("notes.json.damaged-") }.count == 2, "\(names)")
    }

    // The opens here are read-only (no lock): the test process spawns children for the CLI
    // tests, and a child copies the fd table between fork and exec, so a lock released a moment
    // ago can still be held by it. Taking the lock hundreds of times in a row would meet that.
    @Test("300 mutated or truncated notes.json files: each opens with valid notes or is refused unchanged, offering the backup, which reads cleanly")
    func fuzz() throws {
        let dir = TemporaryDirectory("notes-fuzz"), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let options = Fixture.options(clock, io: POSIXFileIO(syncing: false))
        let store = try ProgressStore.open(profile: "alice", in: data, options: options)
        try store.setNote("first\nsecond line", for: "ccma-fc-1")
        try store.setNote("Lavender = EDTA \u{2714}", for: "ccma-q-2")
        try store.setNote("MI", for: "fc-3")
        let files = store.files
        try store.close()
        let good = try #require(bytes(files.notes)), backup = try #require(bytes(files.notes + ".bak"))
        var rng = SplitMix64(seed: 0x0_7E5)
        var outcomes: [String: Int] = [:]
        let tokens = ["null", "1e999", "-1", "[]", "{}", "\"\"", "\"x\"", "true", "\"\\u0007\"", "\"2026-02-30T00:00:00Z\"", "2", ","]
        for n in 0..<300 {
            var b = good
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let at = Int(rng.next() % UInt64(max(1, b.count)))
                switch rng.next() % 5 {
                case 0: b.removeLast(b.count - at)
                case 1: if at < b.count { b[at] ^= UInt8(1 << (rng.next() % 8)) }
                case 2: b.insert(contentsOf: Array(tokens[Int(rng.next() % UInt64(tokens.count))].utf8), at: at)
                case 3: b.removeSubrange(at..<min(b.count, at + 1 + Int(rng.next() % 30)))
                default: if at < b.count { b[at] = Array("\"{}[],:0\\ ".utf8)[Int(rng.next() % 10)] }
                }
            }
            write(b, to: files.notes)
            write(backup, to: files.notes + ".bak")
            let before = snapshotTree(files.directory).filter { $0.key != "lock" }
            do {
                let opened = try ProgressStore.open(profile: "alice", in: data, access: .readOnly, options: options)
                #expect(opened.notes.notes.allSatisfy { ItemNotes.problem(id: $0.key, text: $0.value.text) == nil }, "case \(n)")
                try opened.close()
                outcomes["opened", default: 0] += 1
            } catch .newerSchema {
                outcomes["newer", default: 0] += 1
            } catch .corrupt(let problem, let recovery) {
                #expect(problem.file == files.notes, "case \(n): \(problem)")
                #expect(changedFiles(before, snapshotTree(files.directory).filter { $0.key != "lock" }) == [], "case \(n)")
                #expect(recovery == [.restoreBackup(file: files.notes, backup: files.notes + ".bak"), .useDefaults(file: files.notes)], "case \(n)")
                try ProgressStore.validate(backup, kind: .notes, file: files.notes + ".bak", options: options)
                outcomes["refused", default: 0] += 1
            } catch {
                Issue.record("case \(n): unexpected \(error)")
            }
        }
        #expect(outcomes["refused", default: 0] > 150 && outcomes["opened", default: 0] > 0, "\(outcomes)")
    }

    @Test("a notes.json from a newer StatDeck is refused and left byte for byte")
    func newer() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let path = data.profilePath("alice") + "/notes.json"
        write(Array("{\"schemaVersion\":2,\"notes\":{}}".utf8), to: path)
        #expect(throws: StoreError.self) { try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock)) }
        #expect(bytes(path) == Array("{\"schemaVersion\":2,\"notes\":{}}".utf8))
    }

    @Test("users check counts the notes and reports a damaged notes file or backup; rename carries the notes")
    func checkAndRename() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(try ProfileCheck.run(profile: "alice", in: data).notes.allSatisfy { !$0.contains("notes.json") },
                "no notes yet is not worth a remark")
        try store.setNote("one", for: "fc-1")
        try store.setNote("two", for: "q-2")
        let files = store.files
        try store.close()
        var report = try ProfileCheck.run(profile: "alice", in: data)
        #expect(report.isClean && report.noteCount == 2, "\(report.problems)")

        try ProfileLibrary(data: data, options: Fixture.options(clock)).rename("alice", to: "alicia")
        let renamed = try ProgressStore.open(profile: "alicia", in: data, options: Fixture.options(clock))
        #expect(renamed.notes.texts == ["fc-1": "one", "q-2": "two"])
        try renamed.close()
        report = try ProfileCheck.run(profile: "alicia", in: data)
        #expect(report.isClean && report.noteCount == 2)

        let moved = renamed.files
        #expect(moved.notes != files.notes)
        var text = String(decoding: bytes(moved.notes)!, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"one\"", with: "1")
        write(Array(text.utf8), to: moved.notes)
        write(Array("{".utf8), to: moved.notes + ".bak")
        let before = snapshotTree(moved.directory)
        report = try ProfileCheck.run(profile: "alicia", in: data)
        #expect(report.problems.map(\.file) == [moved.notes, moved.notes + ".bak"], "\(report.problems)")
        #expect(report.problems.first?.description.contains("should be a string") == true, "\(report.problems)")
        #expect(snapshotTree(moved.directory) == before)
    }
}

@Suite("Browse search: note:")
struct BrowseNoteSearchTests {
    static let card = StudyItem.flashcard(Flashcard(id: "ccma-fc-001", deck: "Terminology", front: "Meaning of -itis",
                                                    back: "Inflammation", domains: ["ccma": "ccma.1"]))

    func m(_ query: String, note: String?) throws -> Bool {
        try BrowseQuery.parse(query).matches(Self.card, areaIDs: ["ccma.1"], state: nil, isDue: false, note: note)
    }

    @Test("note: alone keeps items with a note; note:WORD and note:\"a phrase\" look in the note only, case ignored")
    func noteFilter() throws {
        #expect(try m("note:", note: "fire = inflamed"))
        #expect(try !m("note:", note: nil))
        #expect(try m("note:FIRE", note: "Fire = inflamed"))
        #expect(try !m("note:fire", note: "water"))
        #expect(try !m("note:fire", note: nil))
        #expect(try m("note:\"on fire\"", note: "the joint is ON FIRE"))
        #expect(try !m("note:\"on fire\"", note: "fire on"))
        #expect(try m("note:fire itis", note: "fire"), "the other words still search the item's text")
        #expect(try !m("note:fire heart", note: "fire"))
        #expect(try !m("inflamed", note: "inflamed"), "a plain word does not search notes")
        #expect(try m("itis", note: nil), "without note: an item without a note still matches")
        let q = try BrowseQuery.parse("note:a note:\"b c\" word")
        #expect(q.hasNote && q.noteWords == ["a", "b c"] && q.words == ["word"])
    }
}

import Foundation
import StudyCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A note on a card through the real binary in tmux: written on a CCMA card's back, on disk
/// the moment it is saved (the app is then killed), and after a restart shown on the card
/// again in study (it comes back in learning) and found by Browse's `note:` search.
@Suite("Notes end to end (tmux)", .serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests skipped (apt-get install tmux)"))
final class NoteEndToEndTests {
    let home: URL
    static let start = "2026-11-28T10:00:00Z"
    static let note = "ROYGBIV? q: think rainbow"

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-notes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: home) }

    func app(now: String = NoteEndToEndTests.start) throws -> TmuxSession {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        let t = try TmuxSession(command: [StatDeckBinary.path], environment: ["STATDECK_HOME": home.path, "STATDECK_NOW": now])
        t.timeout = 20
        return t
    }

    /// The first line of the card's front: the first text row below the "Flashcard ·" header.
    static func cardFront(_ screen: String) -> String? {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "│ "))
        }
        guard let header = rows.firstIndex(where: { $0.hasPrefix("Flashcard ·") }) else { return nil }
        return rows[(header + 1)...].first { !$0.isEmpty }
    }

    /// Answers the question or order item showing and waits for the next item.
    func answerQuestion(_ t: TmuxSession) {
        if t.screen().contains("put the steps in order") {
            var n = 1
            while !t.screen().contains("steps in the right place") && n <= 9 {
                t.send(String(n))
                n += 1
                t.waitFor("step \(n - 1) taken") { $0.contains("→ \(n - 1)") || $0.contains("steps in the right place") }
            }
        } else {
            t.send("b")
        }
        t.waitFor("Rated")
        t.send("Enter")
        t.waitFor("the next item") { !$0.contains("Rated ") }
    }

    /// Answers items until a card's front shows (with `front` as its first line, if given);
    /// returns how many items came before it.
    @discardableResult
    func studyUntilCard(_ t: TmuxSession, front: String? = nil) throws -> Int {
        for n in 0..<30 {
            let screen = t.screen()
            if screen.contains("Space/Enter shows the answer") {
                if front == nil || Self.cardFront(screen) == front { return n }
                t.send("Space")
                t.waitFor("1 again")
                t.send("3")
                t.waitFor("the next item") { !$0.contains("1 again") }
            } else {
                answerQuestion(t)
            }
        }
        Issue.record("no card\(front.map { " '\($0)'" } ?? "") in 30 items; the screen was:\n\(t.screen())")
        throw E2EError("card not found")
    }

    @Test("write a note on a CCMA card (in a session that mixes questions), kill the app, restart: the card's back shows the note and note: finds it")
    func noteSurvivesRestart() throws {
        let t = try app()
        t.waitFor("CPT or CCMA?")
        t.send("Right")
        t.waitFor("c choose CCMA")
        t.send("c")
        t.waitFor("New profile · CCMA")
        t.type("alice")
        t.send("Enter")
        t.waitFor("step 2 of 3")
        t.send("Enter")
        t.waitFor("step 3 of 3")
        t.send("Enter")
        t.waitFor("alice · CCMA")
        t.send("s")
        t.waitFor("Study · CCMA")
        let before = try studyUntilCard(t)
        let front = try #require(Self.cardFront(t.screen()))
        // n on the front does nothing (a note could give the answer away): were an editor to
        // open, Space would be typed into it and the back would never show.
        t.send("n")
        t.send("Space")
        t.waitFor("1 again")
        t.send("n")
        t.waitFor("New note")
        t.type(Self.note)
        t.waitFor("\(Self.note.count)/1000")
        t.send("Enter")
        t.waitFor("Note saved.")
        t.waitFor("✎ Your note: \(Self.note)")

        // On disk at once: read it without the lock, then kill the app without a chance to save.
        let files = ProfileFiles(directory: DataDirectory(path: home.path).profilePath("alice"))
        let saved = try ProgressStore.open(profile: "alice", in: DataDirectory(path: home.path), access: .readOnly)
        #expect(saved.notes.texts.values.contains(Self.note))
        #expect(FileManager.default.fileExists(atPath: files.notes))
        // Rate the card Again: it is in learning, due in a minute, so a restart a quarter of an
        // hour later shows it among the first items (learning comes first, soonest due first).
        t.send("1")
        t.waitFor("the next item") { !$0.contains("✎ Your note") }
        // The same CCMA session mixes questions with the cards: one came before the card, or
        // one comes after it.
        var questionSeen = before > 0
        for _ in 0..<20 where !questionSeen {
            guard t.screen().contains("Space/Enter shows the answer") else { questionSeen = true; break }
            t.send("Space")
            t.waitFor("1 again")
            t.send("3")
            t.waitFor("the next item") { !$0.contains("1 again") }
        }
        #expect(questionSeen, "a CCMA study session shows questions as well as cards")
        let pid = try #require(Int32(t.pane("#{pane_pid}")))
        kill(pid, SIGKILL)
        #expect(t.waitForExit() == "signal 9")

        let again = try app(now: "2026-11-28T10:15:00Z")
        again.waitFor("alice · CCMA")
        again.send("s")
        again.waitFor("Study · CCMA")
        let ahead = try studyUntilCard(again, front: front)
        #expect(ahead <= before, "only the items answered before it, in learning too, may come first: \(ahead) > \(before)")
        #expect(!again.screen().contains("Your note"), "the note waits for the back")
        again.send("Space")
        again.waitFor("✎ Your note: \(Self.note)")
        again.send("3")
        again.send("q")
        again.waitFor("Items done")
        again.send("Enter")
        again.waitFor("alice · CCMA")
        again.send("b")
        again.waitFor("Search:")
        again.send("/")
        again.type("note:rainbow")
        again.send("Enter")
        again.waitFor("1 of ")
        again.send("Enter")
        again.waitFor(front)
        again.waitFor("✎ Your note: \(Self.note)")
    }
}

/// `statdeck users rename` and `users check` with notes, through the built binary.
@Suite("statdeck users with notes")
struct UsersNotesCommandTests {
    @Test("rename carries the notes; check counts them, and names a damaged notes.json with line and column")
    func renameAndCheck() throws {
        let data = try UsersCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        var r = try UsersCLI.run(["users", "add", "bob", "--track", "ccma", "--data-dir", data])
        #expect(r.status == 0, "\(r)")
        let store = try ProgressStore.open(profile: "bob", in: DataDirectory(path: data))
        try store.setNote("-ectomy: cut it out", for: "ccma-fc-1")
        try store.setNote("lavender = EDTA", for: "ccma-q-2")
        try store.close()
        r = try UsersCLI.run(["users", "rename", "bob", "robert", "--data-dir", data])
        #expect(r.status == 0 && r.out == "renamed profile bob to robert\n", "\(r)")
        let renamed = try ProgressStore.open(profile: "robert", in: DataDirectory(path: data), access: .readOnly)
        #expect(renamed.notes.texts == ["ccma-fc-1": "-ectomy: cut it out", "ccma-q-2": "lavender = EDTA"])
        r = try UsersCLI.run(["users", "check", "robert", "--data-dir", data])
        #expect(r.status == 0 && r.out == "profile robert: no problems (0 log entries, 0 items, 0 mock exams, 2 notes)\n", "\(r)")

        let path = data + "/profiles/robert/notes.json"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"lavender = EDTA\"", with: "true")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        r = try UsersCLI.run(["users", "check", "robert", "--data-dir", data])
        #expect(r.status == 1, "\(r)")
        #expect(r.out.contains("notes.json:") && r.out.contains("\"text\" should be a string"), "\(r)")
        #expect(r.out.hasSuffix("1 problem (0 log entries, 0 items, 0 mock exams); nothing was changed\n"), "\(r)")
    }
}

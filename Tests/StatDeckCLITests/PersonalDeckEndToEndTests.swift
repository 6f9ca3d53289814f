import Foundation
import StudyCore
import Testing

/// Imported cards in the real app (tmux): found in Browse, edited there and saved, drilled
/// as a deck from "Drill by domain", and studied in the daily queue.
@Suite("Personal decks end to end (tmux)", .serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests skipped (apt-get install tmux)"))
final class PersonalDeckEndToEndTests {
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-decks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: home) }

    func run(_ args: [String]) throws -> UsersCLI.Result {
        try UsersCLI.run(args, environment: ["STATDECK_HOME": home.path])
    }

    @Test("import a file, edit a card in Browse, drill the deck; the edit is on disk")
    func importEditDrill() throws {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        #expect(try run(["users", "add", "alice", "--track", "cpt"]).status == 0)
        let file = home.appendingPathComponent("Vitals.txt").path
        try "Zebra pulse\t60 to 100\nZebra temp\t98.6 F\n".write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try run(["import", file])
        #expect(imported.status == 0, "\(imported)")

        let t = try TmuxSession(command: [StatDeckBinary.path], environment: ["STATDECK_HOME": home.path])
        t.timeout = 20
        t.waitFor("alice · CPT")
        t.send("b")
        t.waitFor("Search:")
        t.send("/")
        t.type("zebra pulse")
        t.send("Enter")
        t.waitFor("1 of ")
        t.send("Enter")
        t.waitFor("my deck Vitals")
        t.send("e")
        t.waitFor("Edit card")
        t.send("Tab")
        t.send("C-u")
        t.type("60 to 100 a minute")
        t.send("Enter")
        t.waitFor("60 to 100 a minute") { $0.contains("60 to 100 a minute") && !$0.contains("Edit card") }
        t.send("Escape")
        t.send("Escape")
        t.waitFor("alice · CPT")
        t.send("d")
        t.waitFor("My deck: Vitals")
        t.send("End")
        t.send("Enter")
        t.waitFor("Drill · Vitals")
        t.waitFor("Space/Enter shows the answer")
        #expect(t.screen().contains("Zebra"), "a card of the deck")
        t.send("q")
        t.waitFor("Session summary")
        t.send("Enter")
        t.waitFor("alice · CPT")
        t.send("q")
        _ = t.waitForExit()

        let store = try ProgressStore.open(profile: "alice", in: DataDirectory(path: home.path), access: .readOnly)
        let cards = try store.personalDecks().deck(named: "Vitals")?.cards ?? []
        #expect(cards.first { $0.front == "Zebra pulse" }?.back == "60 to 100 a minute")
        #expect(try run(["users", "check", "alice"]).status == 0)
    }
}

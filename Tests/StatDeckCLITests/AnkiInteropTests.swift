import Foundation
import StudyCore
import Testing

/// `statdeck import` and `statdeck export` against the real Anki: the official `anki` Python
/// package (Anki's own Rust backend), driven by scripts/anki-interop.py. `.ci/run` installs it.
@Suite("Anki interop with the real Anki", .serialized)
struct AnkiInteropTests {
    static let script = CLIRunner.root + "/scripts/anki-interop.py"
    static let content = CLIRunner.root + "/Data"

    struct Fixture {
        let dir: String
        var data: String { dir + "/data" }

        init() throws {
            dir = try UsersCLI.temporaryDirectory()
        }

        func statdeck(_ args: [String]) throws -> UsersCLI.Result {
            let content = ["import", "export"].contains(args.first ?? "") ? ["--content", AnkiInteropTests.content] : []
            return try UsersCLI.run(args + ["--data-dir", data] + content)
        }

        func write(_ name: String, _ text: String) throws -> String {
            let path = dir + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    /// Runs the Anki helper; fails the test (not skips it) when Anki is not installed.
    static func anki(_ args: [String]) throws -> String {
        let r = Shell.run(["python3", script] + args)
        guard r.status == 0 else {
            throw UsersCLI.CLIError(message: "anki-interop.py \(args.joined(separator: " ")) failed (is `pip install anki` done? .ci/run does it):\n\(r.stderr)")
        }
        return r.stdout
    }

    static func inspect(_ apkg: String) throws -> [String: Any] {
        let out = try anki(["inspect", apkg])
        return try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
    }

    /// The CPT notes StatDeck exports: every question and flashcard of the track.
    static func builtInCount(_ track: String) -> Int {
        let bank = ContentLoader.load(from: content).bank
        return bank.questions(for: track).count + bank.flashcards(for: track).count
    }

    @Test("export anki --with-schedule: Anki imports every note, the decks by domain, due dates, memory states and history")
    func exportWithSchedule() throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(atPath: f.dir) }
        #expect(try f.statdeck(["users", "add", "alice", "--track", "cpt"]).status == 0)
        let csv = try f.write("bio.csv", "front,back,tags\nMitosis,Cell division,bio\nOsmosis,\"Water across\na membrane\",bio\n")
        let imported = try f.statdeck(["import", csv, "--deck", "Bio"])
        #expect(imported.status == 0, "\(imported)")

        // Two reviews: a built-in question and a personal card, both now in Review.
        let now = Date()
        let data = DataDirectory(path: f.data)
        let store = try ProgressStore.open(profile: "alice", in: data)
        let personalID = try store.personalDecks().decks[0].cards[0].id
        let bank = ContentLoader.load(from: Self.content).bank
        let questionID = bank.questions(for: "cpt")[0].id
        let reviewed = now.addingTimeInterval(-2 * 86_400)
        for (id, stability, difficulty, days) in [(questionID, 12.5, 4.25, 10.0), (personalID, 30.75, 6.5, 25.0)] {
            let after = ItemState(card: Card(phase: .review, step: nil, stability: stability, difficulty: difficulty,
                                             due: now.addingTimeInterval(days * 86_400), lastReview: reviewed))
            try store.record(ReviewRecord(itemID: id, domain: nil, rating: .good, reviewedAt: reviewed,
                                          day: CalendarDay(containing: reviewed), durationMs: 4_000, correct: true,
                                          answer: nil, source: .study, after: after))
        }
        // A card in learning, suspended: Anki gets a learning card, suspended.
        let learningID = bank.questions(for: "cpt")[1].id
        let learning = ItemState(card: Card(phase: .learning, step: 1, stability: 2.3, difficulty: 5.0,
                                            due: now.addingTimeInterval(600), lastReview: now.addingTimeInterval(-60)),
                                 flags: ItemFlags(suspended: true))
        try store.record(ReviewRecord(itemID: learningID, domain: nil, rating: .good, reviewedAt: now.addingTimeInterval(-60),
                                      day: CalendarDay(containing: now), durationMs: 3_000, correct: true, answer: 1,
                                      source: .study, after: learning))
        try store.close()

        let out = f.dir + "/alice.apkg"
        let r = try f.statdeck(["export", "anki", out, "--with-schedule"])
        #expect(r.status == 0 && r.out.contains("3 cards carry their schedule, with 3 reviews"), "\(r)")
        let summary = try Self.inspect(out)
        let expected = Self.builtInCount("cpt") + 2
        #expect(summary["notes"] as? Int == expected)
        #expect(summary["cards"] as? Int == expected)
        #expect(summary["revlog"] as? Int == 3)
        let decks = summary["decks"] as! [String]
        #expect(decks.contains("StatDeck CPT::My decks::Bio"))
        let domain = bank.track("cpt")!.domains[0].name
        #expect(decks.contains("StatDeck CPT::" + domain), "\(decks)")

        let notes = summary["byGuid"] as! [String: [String: Any]]
        for (id, stability, difficulty, days) in [(questionID, 12.5, 4.25, 10), (personalID, 30.75, 6.5, 25)] {
            let note = try #require(notes["statdeck:" + id], "note of \(id)")
            let card = (note["cards"] as! [[String: Any]])[0]
            #expect(card["type"] as? Int == 2, "\(id) is a review card in Anki")
            let due = card["daysUntilDue"] as! Int
            #expect(abs(due - days) <= 1, "\(id): due in \(due) days in Anki, \(days) in StatDeck")
            #expect(abs((card["stability"] as! Double) - stability) < 0.01)
            #expect(abs((card["difficulty"] as! Double) - difficulty) < 0.01)
            #expect(card["reviews"] as? Int == 1)
        }
        let learningCard = (notes["statdeck:" + learningID]!["cards"] as! [[String: Any]])[0]
        #expect(learningCard["type"] as? Int == 1 && learningCard["queue"] as? Int == -1, "\(learningCard)")
        #expect(abs((learningCard["stability"] as! Double) - 2.3) < 0.01)

        // A question: stem and lettered choices on the front, the key and explanation on the back.
        let q = bank.question(questionID)!
        let fields = notes["statdeck:" + questionID]!["fields"] as! [String]
        #expect(fields[0].contains("A. " + HTMLText.html(fromText: q.choices[0])))
        #expect(fields[1].hasPrefix(["A", "B", "C", "D"][q.answer] + ". "))
        let tags = notes["statdeck:" + questionID]!["tags"] as! [String]
        #expect(tags.contains(q.domains["cpt"]!) && q.facts.allSatisfy { tags.contains($0) }, "\(tags)")
    }

    @Test("round trip: export, import into Anki, export from Anki (current format), import into StatDeck keeps every card")
    func roundTrip() throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(atPath: f.dir) }
        #expect(try f.statdeck(["users", "add", "alice", "--track", "ccma"]).status == 0)
        #expect(try f.statdeck(["users", "add", "bob", "--track", "ccma"]).status == 0)
        let tsv = try f.write("vitals.txt", "Normal adult pulse\t60 to 100 beats a minute\nNormal respirations\t12 to 20 a minute\n")
        #expect(try f.statdeck(["import", tsv, "--user", "alice"]).status == 0)
        let first = f.dir + "/first.apkg", second = f.dir + "/second.apkg"
        #expect(try f.statdeck(["export", "anki", first, "--user", "alice"]).status == 0)
        _ = try Self.anki(["reexport", first, second])
        let total = Self.builtInCount("ccma") + 2

        // Back into the same profile: the built-in cards are recognised, the personal ones unchanged.
        var r = try f.statdeck(["import", second, "--user", "alice"])
        #expect(r.status == 0, "\(r)")
        #expect(r.out.contains("0 new, 0 updated, 2 unchanged"), "\(r)")
        #expect(r.out.contains("\(total - 2) cards are StatDeck's own"), "\(r)")
        // Into another profile: every personal card arrives.
        r = try f.statdeck(["import", second, "--user", "bob"])
        #expect(r.status == 0 && r.out.contains("2 new, 0 updated, 0 unchanged"), "\(r)")
        let store = try ProgressStore.open(profile: "bob", in: DataDirectory(path: f.data), access: .readOnly)
        let cards = try store.personalDecks().decks.flatMap(\.cards)
        #expect(Set(cards.map(\.front)) == ["Normal adult pulse", "Normal respirations"])
        #expect(Set(cards.map(\.back)) == ["60 to 100 beats a minute", "12 to 20 a minute"])
    }

    @Test("a package made by Anki imports: Basic, reversed and cloze cards, HTML as text, media skipped", arguments: [false, true])
    func ankiMadePackage(legacy: Bool) throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(atPath: f.dir) }
        #expect(try f.statdeck(["users", "add", "alice", "--track", "cpt"]).status == 0)
        let apkg = f.dir + "/biology.apkg"
        _ = try Self.anki(["make", apkg] + (legacy ? ["--legacy"] : []))
        let r = try f.statdeck(["import", apkg])
        #expect(r.status == 0, "\(r)")
        #expect(r.out.contains("imported 6 cards") && r.out.contains("1 media file was skipped"), "\(r)")
        let store = try ProgressStore.open(profile: "alice", in: DataDirectory(path: f.data), access: .readOnly)
        let decks = try store.personalDecks()
        #expect(decks.decks.map(\.name) == ["Biology", "Biology::Cells"])
        let cards = decks.decks.flatMap(\.cards)
        let byFront = Dictionary(cards.map { ($0.front, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byFront["Mitosis"]?.back == "Cell division into two identical cells")
        #expect(byFront["Water moving across a membrane"]?.back == "Osmosis", "the reversed card")
        #expect(byFront["Organelle that makes ATP?"]?.back == "Mitochondrion")
        #expect(byFront["The [...] holds the DNA."]?.back == "The nucleus holds the DNA.\n\nExtra & more")
        #expect(byFront["The nucleus holds the [genetic material]."] != nil)
        #expect(byFront["Mitosis"]?.tags == ["bio"])
    }

    @Test("export csv: Anki's own CSV importer reads every note")
    func csvIntoAnki() throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(atPath: f.dir) }
        #expect(try f.statdeck(["users", "add", "alice", "--track", "cpt"]).status == 0)
        let out = f.dir + "/cards.csv"
        let r = try f.statdeck(["export", "csv", out])
        #expect(r.status == 0, "\(r)")
        let summary = try JSONSerialization.jsonObject(with: Data(try Self.anki(["inspect-csv", out]).utf8)) as! [String: Any]
        #expect(summary["notes"] as? Int == Self.builtInCount("cpt"), "\(summary)")
    }
}

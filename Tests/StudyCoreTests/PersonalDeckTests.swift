import Foundation
import Testing
@testable import StudyCore

/// Personal decks: reading import files, turning notes into cards, merging by key, the
/// `decks.json` file and its checks, and studying the cards with the built-in ones.
@Suite("Personal decks")
struct PersonalDeckTests {
    static let now = Date(timeIntervalSince1970: 1_795_860_000)

    static func cards(_ text: String, file: String = "f.txt") -> (cards: [ImportedCard], problems: [String]) {
        let read = TextCardReader(file: file).read(Array(text.utf8))
        let made = CardImport.cards(from: read.notes, file: file, forcedDeck: nil)
        return (made.cards, (read.problems + made.problems).map(\.description))
    }

    @Test("HTML fields are reduced to the text a reader sees")
    func html() {
        #expect(HTMLText.text(fromHTML: "<div>One</div><div>Two &amp; <b>three</b></div>") == "One\nTwo & three")
        #expect(HTMLText.text(fromHTML: "a<br>b<br/>c&nbsp;&nbsp;d &#x41;&#66;") == "a\nb\nc d AB")
        #expect(HTMLText.text(fromHTML: "<style>.x{}</style>Kept<img src=\"a.png\">") == "Kept")
        #expect(HTMLText.text(fromHTML: "5 < 6 and R&D") == "5 < 6 and R&D")
        #expect(HTMLText.html(fromText: "a < b & \"c\"\nd") == "a &lt; b &amp; &quot;c&quot;<br>d")
    }

    @Test("a cloze note gives one card per deletion number, blanked on the front")
    func cloze() {
        let text = "{{c1::Lavender}} tops hold {{c2::heparin::an anticoagulant}}, {{c1::EDTA}} does not clot"
        #expect(Cloze.numbers(in: text) == [1, 2])
        #expect(Cloze.front(text, number: 1) == "[...] tops hold heparin, [...] does not clot")
        #expect(Cloze.front(text, number: 2) == "Lavender tops hold [an anticoagulant], EDTA does not clot")
        #expect(Cloze.answer(text) == "Lavender tops hold heparin, EDTA does not clot")
        let made = Self.cards("{{c1::Six}} tubes\tExtra\n")
        #expect(made.cards.map(\.front) == ["[...] tubes"] && made.cards[0].back == "Six tubes\n\nExtra")
    }

    @Test("separators are found: tab for Quizlet text, comma for .csv, the #separator header")
    func separators() {
        #expect(Self.cards("a\tb, c\n").cards.map(\.back) == ["b, c"])
        #expect(Self.cards("a,b\n", file: "x.csv").cards.map(\.back) == ["b"])
        #expect(Self.cards("#separator:Pipe\na|b\n").cards.map(\.back) == ["b"])
        #expect(Self.cards("#separator:Wavy\na~b\n").problems == ["f.txt:1: #separator:Wavy is not a separator (expected Tab, Comma, Semicolon, Space, Pipe, Colon or one character)"])
    }

    @Test("problems name the line: an unclosed quote, an empty front, a missing back, a repeated front")
    func problems() {
        #expect(Self.cards("a\tb\n\"open\tc\nd\te\n").problems == ["f.txt:2: a quoted field starts here and is never closed"])
        #expect(Self.cards("a\tb\n\n\tx\ny\n").problems == ["f.txt:3: the front is empty", "f.txt:4: there is a front but no back (1 field; expected front and back)"])
        #expect(Self.cards("a\tb\na\tc\n").problems == ["f.txt:2: the same front as line 1 (a deck holds one card per front)"])
        // Lines are counted past Anki's header lines and quoted newlines.
        #expect(Self.cards("#separator:tab\n#html:false\n\"x\ny\"\tz\n\tq\n").problems == ["f.txt:5: the front is empty"])
    }

    @Test("re-importing updates by key and keeps ids; a StatDeck export's own cards are recognised")
    func merge() {
        let first = Self.cards("Pulse\t60-100\nTemp\t98.6 F\n").cards
        let (decks, s1) = CardImport.merge(first, into: PersonalDecks(), forcedDeck: nil, defaultDeck: "Vitals", track: "cpt",
                                           domain: nil, trackGiven: false, source: "v.txt", now: Self.now, isBuiltIn: { _ in false })
        #expect(s1.added == 2 && decks.decks.map(\.name) == ["Vitals"] && decks.decks[0].domain == PersonalDeck.ownArea)
        let second = Self.cards("Pulse\t60 to 100\nTemp\t98.6 F\nBP\t120/80\n").cards
        let (again, s2) = CardImport.merge(second, into: decks, forcedDeck: nil, defaultDeck: "Vitals", track: "cpt",
                                           domain: "processing", trackGiven: false, source: "v.txt", now: Self.now, isBuiltIn: { _ in false })
        #expect((s2.added, s2.updated, s2.unchanged) == (1, 1, 1))
        #expect(again.decks[0].cards[0].id == decks.decks[0].cards[0].id && again.decks[0].cards[0].back == "60 to 100")
        #expect(again.decks[0].domain == "processing", "a given --domain refiles the deck")

        let exported = [
            ImportedCard(origin: .note(1), key: "guid:statdeck:" + decks.decks[0].cards[1].id, front: "Temp", back: "37 C",
                         tags: ["personal"], deck: "StatDeck CPT::My decks::Vitals"),
            ImportedCard(origin: .note(2), key: "guid:statdeck:cpt-0001", front: "Q", back: "A", tags: [], deck: "X"),
        ]
        let (back, s3) = CardImport.merge(exported, into: again, forcedDeck: nil, defaultDeck: "x", track: "cpt", domain: nil,
                                          trackGiven: false, source: "a.apkg", now: Self.now, isBuiltIn: { $0 == "cpt-0001" })
        #expect((s3.added, s3.updated, s3.builtIn) == (0, 1, 1))
        #expect(back.decks.count == 1 && back.decks[0].cards[1].back == "37 C")
    }

    @Test("decks.json is written atomically with a backup, read back whole, and checked by users check")
    func file() throws {
        let dir = TemporaryDirectory("decks")
        let clock = TestClock()
        try ProfileLibrary(data: dir.data, options: StoreOptions(now: { clock.now })).add("alice")
        let store = try ProgressStore.open(profile: "alice", in: dir.data, options: StoreOptions(now: { clock.now }))
        #expect(try store.personalDecks().decks.isEmpty)
        let deck = PersonalDeck(name: "Bio \"1\"", track: "ccma", domain: PersonalDeck.ownArea, source: "b.csv", updatedAt: clock.now,
                                cards: [PersonalCard(id: "my-1", key: "k\n1", front: "Front\twith tab", back: "é ✓", tags: ["x", "y"]),
                                        PersonalCard(id: "my-2", key: "k2", front: "F2", back: "")])
        try store.savePersonalDecks(PersonalDecks(decks: [deck]))
        try store.savePersonalDecks(PersonalDecks(decks: [deck, PersonalDeck(name: "Empty", track: "cpt", domain: "processing", source: "e", updatedAt: clock.now, cards: [])]))
        try store.close()
        let files = ProfileFiles(directory: dir.data.profilePath("alice"))
        #expect(FileManager.default.fileExists(atPath: files.decks + ".bak"))
        let reopened = try ProgressStore.open(profile: "alice", in: dir.data, access: .readOnly)
        let read = try reopened.personalDecks()
        #expect(read.decks.count == 2 && read.decks[0] == deck)
        #expect(read.flashcards(for: "ccma").map(\.id) == ["my-1", "my-2"] && read.flashcards(for: "ccma")[0].domains == ["ccma": "personal"])
        #expect(try ProfileCheck.run(profile: "alice", in: dir.data).isClean)

        // A card listed twice: users check names the file, line and column; the store refuses to open the decks.
        var text = try String(contentsOfFile: files.decks, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"id\":\"my-2\"", with: "\"id\":\"my-1\"")
        try text.write(toFile: files.decks, atomically: true, encoding: .utf8)
        let report = try ProfileCheck.run(profile: "alice", in: dir.data)
        #expect(report.problems.map(\.description) == ["\(files.decks):7:1: card my-1 is listed twice"], "\(report.problems)")
        let again = try ProgressStore.open(profile: "alice", in: dir.data, access: .readOnly)
        #expect(throws: StoreError.self) { try again.personalDecks() }
    }

    @Test("a newer decks.json is refused and left as it is")
    func newer() throws {
        let dir = TemporaryDirectory("decks")
        try ProfileLibrary(data: dir.data).add("alice")
        let files = ProfileFiles(directory: dir.data.profilePath("alice"))
        let text = "{\"schemaVersion\": 2, \"savedAt\": \"2026-01-01T00:00:00.000Z\", \"decks\": []}\n"
        try text.write(toFile: files.decks, atomically: true, encoding: .utf8)
        let store = try ProgressStore.open(profile: "alice", in: dir.data)
        #expect(throws: StoreError.self) { try store.personalDecks() }
        #expect(throws: StoreError.self) { try store.savePersonalDecks(PersonalDecks()) }
        #expect(try String(contentsOfFile: files.decks, encoding: .utf8) == text)
    }

    @Test("personal cards outside the test plan are introduced as new items like an average area")
    func studiedAsNew() {
        let track = StudyQueueTests.track
        let builtIn = StudyQueueTests.items(perArea: 20)
        let personal = (0..<20).map { i in
            StudyItem.flashcard(Flashcard(id: "my-\(i)", deck: "Mine", front: "f\(i)", back: "b", domains: ["cpt": PersonalDeck.ownArea]))
        }
        let q = StudyQueueTests.queue.build(track: track, items: builtIn + personal, state: { _ in .unseen }, now: StudyQueueTests.start,
                                            newLimit: 30, newDoneToday: 0)
        let mine = q.filter { $0.area == PersonalDeck.ownArea }.count
        #expect(q.count == 30 && mine >= 4 && mine <= 7, "\(mine) of 30 new items are personal cards")
        let drill = DrillSelection(track: track, items: builtIn + personal, scheduler: StudyQueueTests.queue.scheduler)
            .deck("Mine", state: { _ in nil }, now: StudyQueueTests.start)
        #expect(drill.count == 20 && drill.allSatisfy { $0.itemID.hasPrefix("my-") })
    }

    @Test("the export: questions with lettered choices, the key and explanation; decks by domain; tags by domain and fact")
    func export() {
        let bank = ContentLoader.load(from: Repo.data).bank
        let track = bank.track("cpt")!
        let decks = PersonalDecks(decks: [PersonalDeck(name: "Mine", track: "cpt", domain: "processing", source: "m", updatedAt: Self.now,
                                                       cards: [PersonalCard(id: "my-1", key: "k", front: "F", back: "B", tags: ["own tag"])])])
        let notes = DeckExport.notes(track: track, bank: bank, decks: decks)
        #expect(notes.count == bank.questions(for: "cpt").count + bank.flashcards(for: "cpt").count + 1)
        let q = bank.questions(for: "cpt").first { $0.kind == .single }!
        let n = notes.first { $0.itemID == q.id }!
        #expect(n.front == q.stem + "\n" + q.choices.enumerated().map { "\(["A", "B", "C", "D"][$0.offset]). \($0.element)" }.joined(separator: "\n"))
        #expect(n.back == "\(["A", "B", "C", "D"][q.answer]). \(q.choices[q.answer])\n\n\(q.explanation)")
        #expect(n.deck == "StatDeck CPT::" + track.area(q.domains["cpt"]!)!.name)
        #expect(n.tags == [q.domains["cpt"]!] + q.facts)
        let mine = notes.last!
        #expect(mine.deck == "StatDeck CPT::My decks::Mine" && mine.tags == ["processing", "own_tag"] && mine.guid == "statdeck:my-1")
    }
}

import Foundation
import StudyCore
import Testing

/// `statdeck import` and `statdeck export csv` on the built binary: formats, errors that change
/// nothing, re-import, dry run, a large file.
@Suite("statdeck import")
struct ImportCommandTests {
    typealias Fixture = AnkiInteropTests.Fixture

    static func decks(_ f: Fixture, _ user: String = "alice") throws -> PersonalDecks {
        let store = try ProgressStore.open(profile: user, in: DataDirectory(path: f.data), access: .readOnly)
        return try store.personalDecks()
    }

    static func profile(_ f: Fixture, track: String = "cpt") throws {
        let r = try f.statdeck(["users", "add", "alice", "--track", track])
        #expect(r.status == 0, "\(r)")
    }

    @Test("Quizlet's term<TAB>definition export: one card per line, the deck named after the file")
    func quizlet() throws {
        let f = try Fixture(); defer { try? FileManager.default.removeItem(atPath: f.dir) }
        try Self.profile(f)
        let file = try f.write("Lab values.txt", "Potassium\t3.5 to 5.0 mEq/L\nSodium\t135 to 145 mEq/L\nGlucose, fasting\t70 to 99 mg/dL\n")
        let r = try f.statdeck(["import", file])
        #expect(r.status == 0 && r.out.hasPrefix("imported 3 cards from \(file) into \"Lab values\" (profile alice, CPT): 3 new"), "\(r)")
        #expect(r.err.contains("import \(file): reading"), "a progress line on stderr")
        let deck = try #require(try Self.decks(f).deck(named: "Lab values"))
        #expect(deck.cards.map(\.front) == ["Potassium", "Sodium", "Glucose, fasting"])
        #expect(deck.cards[2].back == "70 to 99 mg/dL")
        #expect(deck.track == "cpt" && deck.domain == PersonalDeck.ownArea)
        let check = try f.statdeck(["users", "check", "alice"])
        #expect(check.status == 0, "\(check)")
    }

    @Test("Anki's Notes in Plain Text: headers honoured, HTML reduced to text, tags column")
    func ankiText() throws {
        let f = try Fixture(); defer { try? FileManager.default.removeItem(atPath: f.dir) }
        try Self.profile(f)
        let text = """
        #separator:Semicolon
        #html:true
        #deck:Anatomy::Heart
        #columns:Front;Back;Tags
        #tags column:3
        Chambers of the heart;"<b>Four</b>:<br>two atria &amp; two ventricles";anatomy heart
        "Valve between the left atrium; and ventricle";"Mitral (bicuspid)&nbsp;valve";anatomy

        """
        let file = try f.write("anki-notes.txt", text)
        let r = try f.statdeck(["import", file])
        #expect(r.status == 0 && r.out.contains("into \"Anatomy::Heart\""), "\(r)")
        let cards = try #require(try Self.decks(f).deck(named: "Anatomy::Heart")).cards
        #expect(cards.count == 2)
        #expect(cards[0].back == "Four:\ntwo atria & two ventricles")
        #expect(cards[0].tags == ["anatomy", "heart"])
        #expect(cards[1].front == "Valve between the left atrium; and ventricle")
        #expect(cards[1].back == "Mitral (bicuspid) valve")
    }

    @Test("a CSV with a header row, quoted fields over several lines, and tags")
    func csvWithHeader() throws {
        let f = try Fixture(); defer { try? FileManager.default.removeItem(atPath: f.dir) }
        try Self.profile(f)
        let file = try f.write("cards.csv", "Term,Definition,Tags\n\"Hemolysis\",\"Red cells broken,\nserum pink\",\"lab pre-analytic\"\nLipemia,Cloudy serum,lab\n")
        let r = try f.statdeck(["import", file, "--deck", "Lab", "--domain", "processing"])
        #expect(r.status == 0, "\(r)")
        let deck = try #require(try Self.decks(f).deck(named: "Lab"))
        #expect(deck.domain == "processing")
        #expect(deck.cards.map(\.front) == ["Hemolysis", "Lipemia"])
        #expect(deck.cards[0].back == "Red cells broken,\nserum pink" && deck.cards[0].tags == ["lab", "pre-analytic"])
    }

    @Test("a file with bad lines imports nothing and names each line; --skip-bad imports the rest")
    func badLines() throws {
        let f = try Fixture(); defer { try? FileManager.default.removeItem(atPath: f.dir) }
        try Self.profile(f)
        let file = try f.write("bad.tsv", "Good\tcard\n\tno front\nlonely\nGood\tagain\nFine\tcard\n")
        var r = try f.statdeck(["import", file])
        #expect(r.status == 1, "\(r)")
        #expect(r.err.contains("\(file):2: the front is empty"), "\(r)")
        #expect(r.err.contains("\(file):3: there is a front but no back"), "\(r)")
        #expect(r.err.contains("\(file):4: the same front as line 1"), "\(r)")
        #expect(r.err.contains("nothing was imported: 3 problems in \(file)"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: f.data + "/profiles/alice/decks.json"), "nothing written")
        r = try f.statdeck(["import", file, "--skip-bad"])
        #expect(r.status == 0 && r.out.contains("imported 2 cards") && r.out.contains("3 bad notes were skipped"), "\(r)")
        #expect(try Self.decks(f).cardCount == 2)
    }

    @Test("re-importing updates cards by their key and keeps their ids (and so their schedule)")
    func reimport() throws {
        let f = try Fixture(); defer { try? FileManager.default.removeItem(atPath: f.dir) }
        try Self.profile(f)
        let file = try f.write("v.tsv", "Pulse\t60-100\nTemp\t97.8-99.1 F\n")
        #expect(try f.statdeck(["import", file]).status == 0)
        let before = try Self.decks(f).decks[0].cards
        _ = try f.write("v.tsv", "Pulse\t60 to 100 a minute\nTemp\t97.8-99.1 F\nBP\t<120/80\n")
        let r = try f.statdeck(["import", file])
        #expect(r.out.contains("1 new, 1 updated, 1 unchanged"), "\(r)")
        let after = try Self.decks(f).decks[0].cards
        #expect(after.count == 3 && after[0].id == before[0].id && after[0].back == "60 to 100 a minute")
        #expect(FileManager.default.fileExists(atPath: f.data + "/profiles/alice/decks.json.bak"), "the previous file kept")
    }

    @Test("--dry-run says what would change and changes nothing")
    func dryRun() throws {
        let f = try Fixture(); defer { try? FileManager.default.removeItem(atPath: f.dir) }
        try Self.profile(f)
        let file = try f.write("v.tsv", "Pulse\t60-100\n")
        let r = try f.statdeck(["import", file, "--dry-run"])
        #expect(r.status == 0 && r.out.contains("would import 1 card") && r.out.contains("dry run: nothing was changed"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: f.data + "/profiles/alice/decks.json"))
    }

    @Test("arguments are checked before anything is read or written", arguments: [
        (["--domain", "cpt.99"], "--domain cpt.99 is not an area of CPT"),
        (["--track", "rn"], "--track must be cpt or ccma"),
        (["--user", "zed"], "no profile named zed"),
    ])
    func badArguments(extra: [String], message: String) throws {
        let f = try Fixture(); defer { try? FileManager.default.removeItem(atPath: f.dir) }
        try Self.profile(f)
        let file = try f.write("v.tsv", "Pulse\t60-100\n")
        let r = try f.statdeck(["import", file] + extra)
        #expect(r.status != 0 && r.err.contains(message), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: f.data + "/profiles/alice/decks.json"))
    }

    @Test("a file that is not a package, and one that is not UTF-8, are refused with the file named")
    func notAPackage() throws {
        let f = try Fixture(); defer { try? FileManager.default.removeItem(atPath: f.dir) }
        try Self.profile(f)
        let apkg = try f.write("fake.apkg", "hello")
        var r = try f.statdeck(["import", apkg])
        #expect(r.status == 1 && r.err.contains("\(apkg): this is not an Anki package"), "\(r)")
        let latin1 = f.dir + "/latin1.txt"
        try Data([0x41, 0x09, 0x42, 0x0A, 0x43, 0xE9, 0x09, 0x44, 0x0A]).write(to: URL(fileURLWithPath: latin1))
        r = try f.statdeck(["import", latin1])
        #expect(r.status == 1 && r.err.contains("\(latin1):2: this is not UTF-8 text"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: f.data + "/profiles/alice/decks.json"))
    }

    @Test("100,000 rows import whole, and again as an update")
    func largeFile() throws {
        let f = try Fixture(); defer { try? FileManager.default.removeItem(atPath: f.dir) }
        try Self.profile(f)
        var text = ""
        text.reserveCapacity(4_000_000)
        for i in 0..<100_000 { text += "term \(i)\tdefinition number \(i)\n" }
        let file = try f.write("big.tsv", text)
        var r = try f.statdeck(["import", file])
        #expect(r.status == 0 && r.out.contains("100000 new"), "\(r)")
        r = try f.statdeck(["import", file])
        #expect(r.status == 0 && r.out.contains("0 new, 0 updated, 100000 unchanged"), "\(r)")
        #expect(try f.statdeck(["users", "check", "alice"]).status == 0)
    }

    @Test("export csv writes a header row and every note, personal cards included")
    func exportCSV() throws {
        let f = try Fixture(); defer { try? FileManager.default.removeItem(atPath: f.dir) }
        try Self.profile(f, track: "ccma")
        let file = try f.write("v.tsv", "Pulse\t\"60, to 100\"\n")
        #expect(try f.statdeck(["import", file]).status == 0)
        let out = f.dir + "/out.csv"
        let r = try f.statdeck(["export", "csv", out])
        #expect(r.status == 0 && r.out.contains("(1 from personal decks)"), "\(r)")
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        #expect(csv.hasPrefix("id,front,back,tags,deck\n"))
        #expect(csv.contains(",Pulse,\"60, to 100\",personal,StatDeck CCMA::My decks::v\n"), "\(csv.suffix(200))")
        // And it imports back: the header row is recognised.
        let back = try f.statdeck(["import", out, "--dry-run"])
        #expect(back.status == 0, "\(back)")
    }
}

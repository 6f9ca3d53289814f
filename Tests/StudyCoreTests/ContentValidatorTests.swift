import Foundation
import Testing
@testable import StudyCore

@Suite("Content validation")
struct ContentValidatorTests {
    static let fixture = Repo.fixture("invalid-content")

    /// Every seeded defect is reported with its file, line and item id.
    @Test("each seeded defect is reported with file, line and id", arguments: [
        ("questions/cpt/defects.json", 15, "cpt-sc-0002", "needs exactly 4 choices, has 3"),
        ("questions/cpt/defects.json", 27, "cpt-sc-0003", "answer 5 is out of range 0-3"),
        ("questions/cpt/defects.json", 27, "cpt-sc-0003", "no all/none of the above"),
        ("questions/cpt/defects.json", 39, "cpt-sc-0001", "duplicate id (first used at"),
        ("questions/cpt/defects.json", 39, "cpt-sc-0001", "unknown cpt domain \"safty-compliance\""),
        ("questions/cpt/defects.json", 39, "cpt-sc-0001", "fact \"F99\" is not in the blueprint"),
        ("questions/cpt/defects.json", 39, "cpt-sc-0001", "difficulty 4 is out of range 1-3"),
        ("questions/cpt/defects.json", 39, "cpt-sc-0001", "rationale 3 is empty"),
        ("questions/cpt/defects.json", 51, "cpt-sc-0005", "duplicate of cpt-sc-0001"),
        ("questions/cpt/defects.json", 63, "cpt-ord-0001", "needs 3-8 steps, has 2"),
        ("questions/cpt/defects.json", 75, "cpt-sc-0007", "unknown type \"multiple\""),
        ("questions/cpt/defects.json", 79, "cpt-sc-0007", "\"difficulty\" must be a whole number"),
        ("flashcards/cards.json", 3, "fc-2", "unknown exam \"ccma\""),
        ("flashcards/cards.json", 3, "fc-2", "front and back are the same"),
        ("flashcards/cards.json", 4, "fc-3", "missing field \"front\""),
    ])
    func seededDefects(file: String, line: Int, id: String, message: String) {
        let report = ContentValidator.validate(directory: Self.fixture, displayPrefix: "fx")
        let match = report.errors.first {
            $0.file == "fx/" + file && $0.line == line && $0.itemID == id && $0.message.contains(message)
        }
        #expect(match != nil, "no error \(file):\(line): \(id): \(message) in\n\(report.errors.map(\.description).joined(separator: "\n"))")
        #expect(match?.description.hasPrefix("fx/\(file):\(line): \(id): ") == true)
    }

    @Test("a JSON syntax error names the line and column and the rest still loads")
    func syntaxError() {
        let report = ContentValidator.validate(directory: Self.fixture, displayPrefix: "fx")
        let e = report.errors.first { $0.file == "fx/questions/cpt/broken.json" }
        #expect(e?.line == 5)
        #expect(e?.message.contains("column 5") == true)
        #expect(report.bank.questions.contains { $0.id == "cpt-sc-0007" } == false, "items with schema errors are left out")
        #expect(report.bank.flashcards.contains { $0.id == "fc-3" } == false)
        #expect(report.bank.flashcards.contains { $0.id == "fc-1" })
    }

    @Test("a fact marked [UNSURE] is a warning, not an error")
    func unsureFact() {
        let report = ContentValidator.validate(directory: Self.fixture)
        #expect(report.warnings.contains { $0.itemID == "cpt-sc-0005" && $0.message.contains("[UNSURE]") })
        #expect(!report.errors.contains { $0.itemID == "cpt-sc-0005" && $0.message.contains("F3") })
    }

    @Test("no error goes unreported: the fixture has exactly its seeded errors")
    func errorCount() {
        let report = ContentValidator.validate(directory: Self.fixture)
        #expect(report.errors.count == 16, "\(report.errors.map(\.description).joined(separator: "\n"))")
    }

    @Test("a missing directory is an error naming it")
    func missingDirectory() {
        let report = ContentValidator.validate(directory: "/nonexistent/statdeck-data")
        #expect(report.errors.first?.description.contains("/nonexistent/statdeck-data") == true)
    }

    @Test("key balance and coverage warnings")
    func balanceAndCoverage() {
        let track = Track(id: "t", name: "T", shortName: "T", planVersion: "1", totalItems: 12, scoredItems: 10,
                          pretestItems: 2, minutes: 12, scale: ScoreScale(min: 200, max: 500, pass: 390),
                          domains: [Domain(id: "a", name: "A", scoredItems: 6), Domain(id: "b", name: "B", scoredItems: 4)])
        // 24 items in domain a, all keyed on A except three.
        let questions = (0..<24).map { i in
            Question(id: "t-\(i)", kind: .single, domains: ["t": "a"], stem: "Distinct stem number \(i) about topic \(i * 7)?",
                     choices: ["w\(i)", "x\(i)", "y\(i)", "z\(i)"], answer: i < 21 ? 0 : (i % 3) + 1,
                     explanation: "Because the standard says so, plainly.", rationales: ["r", "r", "r", "r"],
                     difficulty: 2, facts: ["F1"])
        }
        let report = ContentValidator.check(ContentBank(tracks: [track], questions: questions, flashcards: []))
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.warnings.contains { $0.message.contains("key position A holds 87.5%") })
        #expect(report.warnings.contains { $0.message.contains("key position B holds 4.2%") })
        #expect(report.warnings.contains { $0.message == "b has 0 questions; one exam form needs 5" })
        #expect(!report.warnings.contains { $0.message.hasPrefix("a has") }, "a has 24, needs 8")
    }

    /// Four choices keyed on `answer`, the key `keyLength` characters and the others `other`.
    static func sized(_ id: String, answer: Int, keyLength: Int, other: Int, note: String? = nil) -> Question {
        let choices = (0..<4).map { i in
            String(repeating: "abcd".map(String.init)[i], count: i == answer ? keyLength : other)
        }
        return Question(id: id, kind: .single, domains: ["t": "a"], stem: "Distinct stem about \(id) and nothing else?",
                        choices: choices, answer: answer, explanation: "Because the standard says so, plainly.",
                        rationales: ["r", "r", "r", "r"], difficulty: 2, facts: ["F1"], reviewNote: note)
    }

    static let lengthTrack = Track(id: "t", name: "T", shortName: "T", planVersion: "1", totalItems: 12, scoredItems: 10,
                                   pretestItems: 2, minutes: 12, scale: ScoreScale(min: 200, max: 500, pass: 390),
                                   domains: [Domain(id: "a", name: "A", scoredItems: 10)])

    @Test("a key longer than every distractor by more than 20% is a length cue; a near tie is not")
    func keyLengthCue() {
        let report = ContentValidator.check(ContentBank(tracks: [Self.lengthTrack], questions: [
            Self.sized("cue", answer: 1, keyLength: 60, other: 40),
            Self.sized("tie", answer: 2, keyLength: 44, other: 40),
            Self.sized("short", answer: 3, keyLength: 5, other: 4),
        ], flashcards: []))
        let cues = report.warnings.filter { $0.message.contains("longer than every distractor by more than 20%") && $0.itemID != nil }
        #expect(cues.map(\.itemID) == ["cue"], "\(report.warnings)")
        #expect(cues.first?.message.contains("(60 characters)") == true)
        #expect(cues.first?.message.contains("longest distractor 40") == true)
    }

    @Test("each track's key positions and key-length shares are reported, with warnings past the limits")
    func optionStatistics() throws {
        // 40 items, each key the longest: 10 of them by far.
        let questions = (0..<40).map { i in
            Self.sized("q\(i)", answer: i % 4, keyLength: i < 10 ? 70 : 42, other: 40)
        }
        let report = ContentValidator.check(ContentBank(tracks: [Self.lengthTrack], questions: questions, flashcards: []))
        let stats = try #require(report.counts.first?.options)
        #expect(stats.singles == 40 && stats.keyPositions == [10, 10, 10, 10])
        #expect(stats.keyLongest == 40 && stats.keyMuchLonger == 10)
        #expect(report.optionLines == ["t: 40 single items; keys A 25.0% B 25.0% C 25.0% D 25.0%; key strictly longest in 100.0% (limit 25%); key >20% longer than every distractor in 25.0% (limit 3%)"])
        #expect(report.warnings.contains { $0.message.contains("strictly longest option in 100.0%") })
        #expect(report.warnings.contains { $0.message.contains("more than 20% in 25.0%") })
        #expect(!report.warnings.contains { $0.message.hasPrefix("key position") })
    }

    @Test("a reviewNote accepts the item's warnings: they move to the reviewed list with the reason")
    func reviewNoteAcceptsWarnings() {
        let report = ContentValidator.check(ContentBank(tracks: [Self.lengthTrack], questions: [
            Self.sized("noted", answer: 0, keyLength: 60, other: 40, note: "the key names a whole procedure; shortening it loses meaning"),
            Self.sized("plain", answer: 1, keyLength: 60, other: 40),
        ], flashcards: []))
        #expect(report.warnings.contains { $0.itemID == "plain" })
        #expect(!report.warnings.contains { $0.itemID == "noted" })
        #expect(report.reviewed.map(\.itemID) == ["noted"])
        #expect(report.reviewed.first?.message.hasSuffix("(accepted: the key names a whole procedure; shortening it loses meaning)") == true)
        #expect(report.summary.contains("(1 more accepted by a reviewNote)"))
    }

    @Test("a folder named like a bank and an absurdly long field are errors naming the file and item")
    func folderBankAndHugeField() throws {
        let dir = TemporaryDirectory("sizes")
        try FileManager.default.copyItem(atPath: Repo.fixture("invalid-content"), toPath: dir.path + "/c")
        try FileManager.default.createDirectory(atPath: dir.path + "/c/questions/cpt/more.json", withIntermediateDirectories: true)
        var long = Self.sized("huge", answer: 0, keyLength: 10, other: 9)
        long.stem = String(repeating: "x", count: 10_000_000)
        let report = ContentValidator.validate(directory: dir.path + "/c", displayPrefix: "fx")
        #expect(report.errors.contains { $0.file == "fx/questions/cpt/more.json" && $0.message.contains("is a folder, not a file") },
                "\(report.errors)")
        let sized = ContentValidator.check(ContentBank(tracks: [Self.lengthTrack], questions: [long], flashcards: []))
        #expect(sized.errors.contains { $0.itemID == "huge" && $0.message == "stem is 10000000 characters long; a text field may hold at most 4000" })
    }

    @Test("a JSON file that no loader reads is reported by name")
    func strayFile() throws {
        let dir = TemporaryDirectory("stray")
        try FileManager.default.copyItem(atPath: Repo.fixture("invalid-content"), toPath: dir.path + "/c")
        try "[]".write(toFile: dir.path + "/c/questions.json", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir.path + "/c/extra", withIntermediateDirectories: true)
        try "{}".write(toFile: dir.path + "/c/extra/bank.json", atomically: true, encoding: .utf8)
        let report = ContentValidator.validate(directory: dir.path + "/c", displayPrefix: "fx")
        let stray = report.warnings.filter { $0.message.hasPrefix("no loader reads this file") }
        #expect(stray.map(\.file).sorted() == ["fx/extra/bank.json", "fx/questions.json"], "\(report.warnings)")
    }

    @Test("near-duplicate stems are flagged; different ones are not")
    func nearDuplicates() {
        func q(_ id: String, _ stem: String) -> Question {
            Question(id: id, kind: .single, domains: [:], stem: stem, choices: ["Lavender", "Gray", "Light blue", "Gold"],
                     answer: 0, explanation: "x", rationales: [], difficulty: 1)
        }
        let diags = ContentValidator.duplicateStems([
            q("a", "A patient needs a CBC drawn in the outpatient lab this morning. Which tube does the phlebotomist choose for the CBC?"),
            q("b", "A patient needs a CBC drawn in the outpatient lab this afternoon. Which tube does the phlebotomist choose for the CBC?"),
            q("c", "Which additive prevents glycolysis in a specimen held for a glucose test?"),
        ])
        #expect(diags.count == 1)
        #expect(diags.first?.itemID == "b")
        #expect(diags.first?.message.contains("near-duplicate of a") == true)
    }

    @Test("the shipped content has no errors")
    func shippedContent() {
        let report = ContentValidator.validate(directory: Repo.data, displayPrefix: "Data")
        #expect(report.errors.isEmpty, "\(report.errors.map(\.description).joined(separator: "\n"))")
        #expect(report.bank.tracks.map(\.id).sorted() == ["ccma", "cpt"])
    }

    @Test("the shipped tracks match the NHA test plans")
    func shippedTracks() throws {
        let bank = ContentLoader.load(from: Repo.data).bank
        let cpt = try #require(bank.track("cpt"))
        #expect(cpt.totalItems == 120 && cpt.scoredItems == 100 && cpt.pretestItems == 20 && cpt.minutes == 120)
        #expect(cpt.domains.map(\.scoredItems) == [26, 20, 28, 12, 14])
        let ccma = try #require(bank.track("ccma"))
        #expect(ccma.totalItems == 180 && ccma.scoredItems == 150 && ccma.pretestItems == 30 && ccma.minutes == 180)
        #expect(ccma.domains.map(\.scoredItems) == [15, 8, 84, 12, 12, 12, 7])
        #expect(ccma.area("clinical-patient-care")?.subdomains.map(\.scoredItems) == [14, 28, 15, 9, 12, 6])
        #expect(ccma.scale == ScoreScale(min: 200, max: 500, pass: 390))
    }
}

@Suite("Content locator")
struct ContentLocatorTests {
    @Test("--content wins, then STATDECK_CONTENT, then Data/ above the executable, then the installed path")
    func order() {
        let dirs: Set<String> = ["/opt/x", "/opt/x/tracks", "/env", "/env/tracks", "/repo/Data", "/repo/Data/tracks",
                                 "/usr/local/share/statdeck/Data", "/usr/local/share/statdeck/Data/tracks"]
        let isDir: @Sendable (String) -> Bool = { dirs.contains($0) }
        #expect(ContentLocator(explicit: "/opt/x", environment: ["STATDECK_CONTENT": "/env"], executablePath: "/repo/.build/debug/statdeck",
                               isDirectory: isDir).locate() == .found("/opt/x"))
        #expect(ContentLocator(environment: ["STATDECK_CONTENT": "/env"], executablePath: "/repo/.build/debug/statdeck",
                               isDirectory: isDir).locate() == .found("/env"))
        #expect(ContentLocator(environment: [:], executablePath: "/repo/.build/x86_64-unknown-linux-gnu/release/statdeck",
                               isDirectory: isDir).locate() == .found("/repo/Data"))
        #expect(ContentLocator(environment: [:], executablePath: "/usr/bin/statdeck", isDirectory: isDir).locate()
                == .found("/usr/local/share/statdeck/Data"))
        let prefixed: Set<String> = ["/home/u/.local/share/statdeck/Data", "/home/u/.local/share/statdeck/Data/tracks"]
        #expect(ContentLocator(environment: [:], executablePath: "/home/u/.local/bin/statdeck",
                               isDirectory: { prefixed.contains($0) }).locate() == .found("/home/u/.local/share/statdeck/Data"))
    }

    @Test("when nothing is found, every place looked at is listed")
    func notFound() {
        let outcome = ContentLocator(environment: [:], executablePath: "/a/b/statdeck", isDirectory: { _ in false }).locate()
        #expect(outcome == .notFound(tried: ["/a/b/Data", "/a/Data", "/Data", "/a/share/statdeck/Data", "/usr/local/share/statdeck/Data"]))
        let explicit = ContentLocator(explicit: "/missing", environment: [:], executablePath: nil, isDirectory: { _ in false }).locate()
        #expect(explicit == .notFound(tried: ["/missing"]))
    }
}

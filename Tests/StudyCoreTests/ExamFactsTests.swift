import Foundation
import Testing
@testable import StudyCore

@Suite("Exam facts (the about object of a track)")
struct ExamFactsTests {
    static let shipped = ContentLoader.loadTracks(from: Repo.data, displayPrefix: "Data")

    func track(_ id: String) throws -> Track {
        try #require(Self.shipped.tracks.first { $0.id == id })
    }

    @Test("both shipped tracks have dated facts with every required topic", arguments: ["cpt", "ccma"])
    func shippedFacts(_ id: String) throws {
        #expect(Self.shipped.diagnostics.isEmpty)
        let about = try #require(try track(id).about)
        #expect(about.reviewed >= CalendarDate(parsing: "2026-11-01")!)
        for topic in ExamFacts.Topic.required {
            #expect(!about.points(topic).isEmpty, "\(id) has no \(topic) points")
        }
        #expect(about.source == "blueprints/\(id).md")
    }

    @Test("values the blueprints mark [UNSURE] are flagged: the 12-month wait after a third failure, eligibility windows")
    func unsureValues() throws {
        for id in ["cpt", "ccma"] {
            let about = try #require(try track(id).about)
            let twelve = try #require(about.points(.retakes).first { $0.text.contains("12 months") })
            #expect(twelve.unsure)
            let thirty = try #require(about.points(.retakes).first { $0.text.contains("30 days") })
            #expect(!thirty.unsure)
            #expect(about.points(.eligibility).contains { $0.unsure })
        }
        let cpt = try #require(try track("cpt").about)
        #expect(cpt.points(.time).allSatisfy { $0.unsure })
        #expect(cpt.points(.domains).contains { $0.unsure && $0.text.contains("Special Collections") })
        // No raw-percent pass mark is stated as fact anywhere.
        for id in ["cpt", "ccma"] {
            let all = try #require(try track(id).about).sections.flatMap(\.points).map(\.text).joined(separator: " ")
            #expect(!all.contains("%"), "\(id) states a percentage")
        }
    }

    /// Loads one track file with `about` set to `json` and returns the diagnostics.
    func load(about json: String) throws -> (Track?, [String]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-about-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("tracks"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = """
            {"id": "t", "name": "Test", "planVersion": "1", "totalItems": 2, "scoredItems": 1, "pretestItems": 1,
             "minutes": 2, "scale": {"min": 200, "max": 500, "pass": 390},
             "domains": [{"id": "d", "name": "D", "scoredItems": 1, "subdomains": []}],
             "about": \(json)}
            """
        try text.write(to: dir.appendingPathComponent("tracks/t.json"), atomically: true, encoding: .utf8)
        let r = ContentLoader.loadTracks(from: dir.path, displayPrefix: "Data")
        return (r.tracks.first, r.diagnostics.map(\.description))
    }

    static let minimalSections = """
        [{"topic": "eligibility", "points": [{"text": "e"}]}, {"topic": "retakes", "points": [{"text": "r", "unsure": true}]},
         {"topic": "renewal", "points": [{"text": "n"}]}, {"topic": "tips", "points": [{"text": "t"}]}]
        """

    @Test("a well-formed about object loads with its points in order")
    func wellFormed() throws {
        let (track, diags) = try load(about: #"{"reviewed": "2026-02-28", "sections": \#(Self.minimalSections)}"#)
        #expect(diags.isEmpty)
        let about = try #require(track?.about)
        #expect(about.reviewed.description == "2026-02-28")
        #expect(about.reviewed.longText == "28 February 2026")
        #expect(about.sections.map(\.topic) == [.eligibility, .retakes, .renewal, .tips])
        #expect(about.points(.retakes) == [ExamFacts.Point("r", unsure: true)])
        #expect(about.points(.format).isEmpty)
    }

    @Test("bad about objects are reported with file and line; the track still loads without them", arguments: [
        (#"{"reviewed": "2026-02-30", "sections": SECTIONS}"#, #"Data/tracks/t.json:4: "reviewed" must be a date as YYYY-MM-DD, found "2026-02-30""#),
        (#"{"sections": SECTIONS}"#, #"Data/tracks/t.json:4: missing field "reviewed""#),
        (#"{"reviewed": "2026-01-01", "sections": []}"#, #"Data/tracks/t.json:4: "about" has no "eligibility" section"#),
        (#"{"reviewed": "2026-01-01", "sections": [{"topic": "fees", "points": [{"text": "x"}]}]}"#,
         #"Data/tracks/t.json:4: unknown topic "fees" (expected one of format, time, scoring, domains, eligibility, retakes, renewal, tips)"#),
        (#"{"reviewed": "2026-01-01", "sections": [{"topic": "tips", "points": []}]}"#, #"Data/tracks/t.json:4: "points" of "tips" must be a non-empty array"#),
        (#"{"reviewed": "2026-01-01", "sections": [{"topic": "tips", "points": [{"text": "a", "unsure": "yes"}]}]}"#,
         #"Data/tracks/t.json:4: "unsure" must be true or false, found a string"#),
        (#"{"reviewed": "2026-01-01", "sections": [{"topic": "tips", "points": [{"text": " "}]}]}"#, #"Data/tracks/t.json:4: "text" is empty"#),
        (#""soon""#, #"Data/tracks/t.json:4: "about" must be an object, found a string"#),
    ])
    func badAbout(json: String, message: String) throws {
        let (track, diags) = try load(about: json.replacingOccurrences(of: "SECTIONS", with: Self.minimalSections))
        #expect(diags.contains(message), "got \(diags)")
        #expect(track != nil)
        #expect(track?.about == nil)
    }

    @Test("a topic given twice and an unknown field are reported")
    func duplicateAndTypo() throws {
        let sections = Self.minimalSections.replacingOccurrences(of: "]}]", with: "]}, {\"topic\": \"tips\", \"points\": [{\"text\": \"again\"}]}]")
        let (_, diags) = try load(about: #"{"reviewed": "2026-01-01", "sectons": 1, "sections": \#(sections)}"#)
        #expect(diags.contains { $0.hasSuffix(#"topic "tips" appears twice"#) }, "got \(diags)")
        #expect(diags.contains { $0.contains(#"unknown field "sectons" in "about" (typo?)"#) }, "got \(diags)")
    }

    @Test("calendar dates: real days only, leap years, ordering")
    func calendarDates() {
        #expect(CalendarDate(parsing: "2028-02-29") != nil)
        #expect(CalendarDate(parsing: "2026-02-29") == nil)
        #expect(CalendarDate(parsing: "2026-13-01") == nil)
        #expect(CalendarDate(parsing: "2026-1-01") == nil)
        #expect(CalendarDate(parsing: "26-01-01") == nil)
        #expect(CalendarDate(parsing: "2026-04-31") == nil)
        #expect(CalendarDate(parsing: "2026-01-02")! > CalendarDate(parsing: "2025-12-31")!)
    }
}

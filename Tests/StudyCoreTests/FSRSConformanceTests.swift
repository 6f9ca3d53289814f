import Testing
@testable import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the committed py-fsrs vectors live (regenerate with scripts/regen-fsrs-vectors.sh).
let fsrsVectorsPath: String = {
    let here = #filePath
    let dir = here[..<here.lastIndex(of: "/")!]
    return dir + "/Fixtures/fsrs-vectors.json"
}()

/// The fixture's text, read once.
let fsrsVectorsText: String = {
    String(decoding: FileManager.default.contents(atPath: fsrsVectorsPath) ?? Data(), as: UTF8.self)
}()

@Suite("FSRS conformance with py-fsrs 6.3.2")
struct FSRSConformanceTests {
    @Test("every sequence, unit table and fuzz row of the fixture replays with no mismatch")
    func fixtureReplays() throws {
        let file = try FSRSVectorFile.load(path: fsrsVectorsPath)
        #expect(file.sequences.count == 200)
        #expect(file.sequences.reduce(0) { $0 + $1.reviews.count } == 3408)
        #expect(file.units.count == 3)
        let report = FSRSConformance.run(file)
        // 3,408 reviews x 11 checks + 3 x 439 unit checks + 31 x 6 fuzz checks, as verify_vectors.py counts.
        #expect(report.checks == 38_991)
        #expect(report.mismatchCount == 0, "\(report.firstMismatches.map(\.description).joined(separator: "\n"))")
        #if os(Linux)
        // With glibc's pow (CPython's here) the port is bit-identical, not merely within tolerance.
        #expect(report.exact == report.checks)
        #endif
    }

    @Test("a changed stability, due date and fuzz result are each reported with where and what")
    func mutatedFileReportsMismatches() throws {
        var text = fsrsVectorsText
        // The first review of sequence 0 is Good on a new card: S = 2.3065 (w2), due +10 min.
        let original = #""stability":2.3065,"difficulty":2.118103970459016,"due":"2024-07-14T08:14:48+00:00""#
        let mutated = #""stability":2.3066,"difficulty":2.118103970459016,"due":"2024-07-14T08:15:48+00:00""#
        let range = try #require(text.firstRange(of: original))
        text.replaceSubrange(range, with: mutated)
        // Fuzz row for interval 3 (max 36500): py-fsrs gives 2,3,3,4,4,5 for the six draws.
        let fuzzRow = "[36500,3,[2,3,3,4,4,5]]"
        let fuzzRange = try #require(text.firstRange(of: fuzzRow))
        text.replaceSubrange(fuzzRange, with: "[36500,3,[2,3,3,4,4,6]]")

        let file = try FSRSVectorFile.parse(Array(text.utf8), file: "mutated.json")
        let report = FSRSConformance.run(file)
        #expect(report.checks == 38_991)
        #expect(report.mismatchCount == 3)
        let lines = report.firstMismatches.map(\.description)
        #expect(lines.contains("sequence 0, review 0, stability: got 2.3065, want 2.3066"))
        #expect(lines.contains("sequence 0, review 0, due: got 2024-07-14T08:14:48+00:00, want 2024-07-14T08:15:48+00:00"))
        #expect(lines.contains("fuzz, fuzz(interval=3, max=36500, u=0.999999): got 5, want 6"))
        #expect(report.summary == "38991 checks, 3 mismatches")
    }

    @Test("a stability off by less than the tolerance passes, by more fails")
    func tolerance() throws {
        var text = fsrsVectorsText
        let original = #""stability":2.3065,"difficulty":2.118103970459016,"due":"2024-07-14T08:14:48+00:00""#
        let range = try #require(text.firstRange(of: original))
        text.replaceSubrange(range, with: #""stability":2.30650000001,"difficulty":2.118103970459016,"due":"2024-07-14T08:14:48+00:00""#)
        let file = try FSRSVectorFile.parse(Array(text.utf8), file: "near.json")
        let loose = FSRSConformance.run(file)
        #expect(loose.mismatchCount == 0)
        #expect(loose.exact == loose.checks - 1)
        let strict = FSRSConformance.run(file, tolerance: 1e-13)
        #expect(strict.mismatchCount == 1)
    }

    @Test("malformed files are rejected with the file, position, path and problem", arguments: [
        ("{\"format_version\": 1, \"configs\": [", "broken.json:1:35: not valid JSON: unexpected end of file"),
        ("[1, 2]", "broken.json:1:1: (top level): expected an object, found an array"),
        ("{\"format_version\": 2, \"configs\": [], \"sequences\": []}", "broken.json:1:20: format_version: version 2 is not supported"),
        ("{\"format_version\": 1, \"sequences\": []}", "(top level): missing \"configs\""),
    ])
    func malformed(text: String, expected: String) {
        do {
            _ = try FSRSVectorFile.parse(Array(text.utf8), file: "broken.json")
            Issue.record("accepted a malformed file")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test("bad values inside the real file are located by JSON path")
    func badValues() throws {
        func error(replacing old: String, with new: String) throws -> String {
            var text = fsrsVectorsText
            let range = try #require(text.firstRange(of: old))
            text.replaceSubrange(range, with: new)
            do {
                _ = try FSRSVectorFile.parse(Array(text.utf8), file: "v.json")
                return "accepted"
            } catch {
                return error.description
            }
        }
        // The first rating in the file.
        let rating = try error(replacing: #""kind":"first","rating":3"#, with: #""kind":"first","rating":7"#)
        #expect(rating.contains("sequences[0].reviews[0].rating: rating 7 is not 1 (Again) to 4 (Easy)"), "\(rating)")
        let date = try error(replacing: #""t":"2024-07-14T08:04:48+00:00""#, with: #""t":"yesterday""#)
        #expect(date.contains("sequences[0].reviews[0].t: 'yesterday' is not an ISO-8601 date-time"), "\(date)")
        let weight = try error(replacing: #""scheduler":{"parameters":[0.212,1.2931,2.3065,8.2956,6.4133"#,
                               with: #""scheduler":{"parameters":[0.212,1.2931,2.3065,8.2956,16.4133"#)
        #expect(weight.contains("configs[0].scheduler.parameters: parameter w4 (initial difficulty base) = 16.4133 is above its upper bound 10.0"), "\(weight)")
        let config = try error(replacing: #"{"id":0,"config":0,"#, with: #"{"id":0,"config":42,"#)
        #expect(config.contains("sequences[0].config: config 42 is not in \"configs\""), "\(config)")
    }

    @Test("a missing file is named")
    func missingFile() {
        #expect(throws: FSRSVectorFileError(file: "/nonexistent/v.json", message: "no such file")) {
            try FSRSVectorFile.load(path: "/nonexistent/v.json")
        }
    }
}

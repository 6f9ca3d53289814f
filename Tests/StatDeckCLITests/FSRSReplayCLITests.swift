import Foundation
import Testing

@Suite("statdeck fsrs replay")
struct FSRSReplayCLITests {
    let fixture = CLIRunner.root + "/Tests/StudyCoreTests/Fixtures/fsrs-vectors.json"

    func temporaryFile(_ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-fsrs-\(UUID().uuidString).json").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: StatDeckBinary.path),
                     "build the app first (swift build): \(StatDeckBinary.path) is missing")
    }

    @Test("the committed vectors replay with no mismatch and exit 0")
    func fixturePasses() throws {
        let result = try CLIRunner.run(["fsrs", "replay", fixture])
        #expect(result.status == 0)
        #expect(result.stdout == "38991 checks, 0 mismatches\n")
    }

    @Test("a tampered copy lists its mismatches and exits 1")
    func mutatedFails() throws {
        var text = try String(contentsOfFile: fixture, encoding: .utf8)
        text = text.replacingOccurrences(
            of: #""stability":2.3065,"difficulty":2.118103970459016,"due":"2024-07-14T08:14:48+00:00""#,
            with: #""stability":2.4065,"difficulty":2.118103970459016,"due":"2024-07-14T08:14:49+00:00""#)
        let path = try temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try CLIRunner.run(["fsrs", "replay", path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "38991 checks, 2 mismatches")
        #expect(lines.contains("  sequence 0, review 0, stability: got 2.3065, want 2.4065"))
        #expect(lines.contains("  sequence 0, review 0, due: got 2024-07-14T08:14:48+00:00, want 2024-07-14T08:14:49+00:00"))
    }

    @Test("a malformed file gets an error naming the file and the problem, exit 65")
    func malformedFile() throws {
        let path = try temporaryFile("{\"format_version\": 1,\n \"configs\": [}")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try CLIRunner.run(["fsrs", "replay", path])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(path):2:14: not valid JSON"), "\(result.stderr)")
    }

    @Test("a missing file is named, a missing argument is a usage error")
    func missing() throws {
        let gone = try CLIRunner.run(["fsrs", "replay", "/nonexistent/vectors.json"])
        #expect(gone.status == 65)
        #expect(gone.stderr.contains("/nonexistent/vectors.json: no such file"))
        let usage = try CLIRunner.run(["fsrs", "replay"])
        #expect(usage.status == 64)
    }
}

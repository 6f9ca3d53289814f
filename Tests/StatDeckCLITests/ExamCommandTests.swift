import Foundation
import Testing

/// `statdeck exam` without a terminal: usage errors, `--list`, and a refusal off a terminal.
@Suite("statdeck exam (no terminal)")
struct ExamCommandTests {
    @Test("usage errors exit 64 and say what is wrong", arguments: [
        ([] as [String], "name the exam"),
        (["xyz"], "unknown exam xyz"),
        (["cpt", "--items", "3"], "--items must be at least 6"),
        (["cpt", "--items", "500"], "--items must be at most 120"),
        (["cpt", "--form", "0"], "--form must be 1 or more"),
        (["cpt", "--feedback"], "--feedback needs --practice"),
        (["cpt", "--form", "99"], "--form 99 is not a fixed CPT form; choose 1 to "),
        (["cpt", "--items", "12", "--form", "999"], "--form 999 is not a fixed CPT form of 12 items; choose 1 to "),
    ])
    func usage(_ args: [String], _ message: String) throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-exam-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let r = try CLIRunner.run(["exam"] + args, environment: ["STATDECK_HOME": home])
        #expect(r.status == 64, "\(r)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home), "a usage error creates nothing")
    }

    @Test("--help states --items' minimum and where the forms are listed")
    func help() throws {
        let r = try CLIRunner.run(["exam", "--help"])
        let flat = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("N is 6 or more"), "\(r.stdout)")
        #expect(flat.contains("'statdeck exam --list' shows how many exist"))
        #expect(flat.contains("Enter on the instructions screen"))
    }

    @Test("--list names the fixed forms per exam, or what the bank lacks, and the attempts")
    func list() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-exam-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        _ = try CLIRunner.run(["users", "add", "zoe"], environment: ["STATDECK_HOME": home])
        let r = try CLIRunner.run(["exam", "--list"], environment: ["STATDECK_HOME": home])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("CPT: Form 1..Form"))
        #expect(r.stdout.contains("(120 items, 120 min), or a random form"))
        #expect(r.stdout.contains("CCMA:"))
        #expect(r.stdout.contains("Attempts (zoe):\n  none yet"))
    }

    @Test("a form the bank cannot fill says what each area lacks and creates nothing (while the CCMA bank is short)")
    func bankShort() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-exam-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let list = try CLIRunner.run(["exam", "--list"], environment: ["STATDECK_HOME": home])
        guard let line = list.stdout.split(separator: "\n").first(where: { $0.hasPrefix("CCMA: no full form: ") }) else { return }
        let r = try CLIRunner.run(["exam", "ccma"], environment: ["STATDECK_HOME": home])
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.contains(String(line.dropFirst("CCMA: no full form: ".count))), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home + "/profiles"), "no profile was created")
    }
}

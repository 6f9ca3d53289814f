import Foundation
import Testing

/// `statdeck` run without a terminal: refusal of the interactive app, `snapshot`, help.
@Suite("Command line without a terminal")
struct NoTerminalCommandTests {
    func statdeck(_ args: [String], environment: [String: String] = [:]) throws -> Shell.Result {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        return Shell.run([StatDeckBinary.path] + args, environment: env)
    }

    @Test("the interactive app refuses to run on a pipe with a clear message and status 2")
    func notATerminal() throws {
        let r = try statdeck([])
        #expect(r.status == 2)
        #expect(r.stderr.contains("statdeck: the full-screen app needs a terminal"))
        #expect(r.stdout.isEmpty)
    }

    @Test("plain statdeck (which skips the parser when it can) answers exactly as the parser does for statdeck --no-color",
          arguments: ["no terminal", "data directory is a file", "bad STATDECK_NOW", "empty STATDECK_CONTENT folder"])
    func plainMatchesApp(_ situation: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-plain-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var env = ["STATDECK_HOME": dir + "/home"]
        switch situation {
        case "data directory is a file":
            try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/home"))
        case "bad STATDECK_NOW":
            env["STATDECK_NOW"] = "yesterday-ish"
        case "empty STATDECK_CONTENT folder":
            try FileManager.default.createDirectory(atPath: dir + "/content", withIntermediateDirectories: true)
            env["STATDECK_CONTENT"] = dir + "/content"
        default:
            break
        }
        let plain = try statdeck([], environment: env)
        if situation == "data directory is a file" {
            // The parser's own answer to a bare `statdeck` it refuses: the error, then the root help.
            #expect(plain.status == 64)
            #expect(plain.stderr.hasPrefix("Error: the data directory \(dir)/home (from $STATDECK_HOME) is not a folder\n"), "\(plain.stderr)")
            #expect(plain.stderr.contains("USAGE: statdeck <subcommand>"))
            return
        }
        // Any argument sends the start through the parser; --no-color changes nothing here.
        let app = try statdeck(["--no-color"], environment: env)
        #expect(plain.status != 0)
        #expect(plain.status == app.status, "\(plain.stderr)")
        #expect(plain.stderr == app.stderr)
        #expect(plain.stdout == app.stdout)
        #expect(!FileManager.default.fileExists(atPath: dir + "/home/profiles"), "nothing is created")
    }

    @Test("snapshot prints the named screen as plain text at 80x24 by default")
    func snapshot() throws {
        let r = try statdeck(["snapshot", "exam-choice"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 24)
        #expect(lines.first?.hasPrefix("┌─ CPT or CCMA? ") == true)
        #expect(r.stdout.contains("120 items in 2 hours"))
        #expect(!r.stdout.contains("\u{1B}["))
    }

    @Test("snapshot honours --size, and shows the too-small message below 80x24")
    func snapshotSize() throws {
        let big = try statdeck(["snapshot", "about-ccma", "--size", "120x40", "--user", "alice", "--data-dir", "/tmp"])
        #expect(big.status == 0)
        #expect(big.stdout.split(separator: "\n").first?.count == 120)
        #expect(big.stdout.contains("Medical Law and Ethics"))
        let small = try statdeck(["snapshot", "about-ccma", "--size", "60x20"])
        #expect(small.stdout.contains("Terminal too small: need 80x24, have 60x20"))
    }

    @Test("statdeck study --domain with an id that is not a domain is a usage error (64) that lists the domains")
    func studyUnknownDomain() throws {
        let r = try statdeck(["study", "--domain", "nowhere"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--domain nowhere is not a test-plan domain; domains: "))
        #expect(r.stderr.contains("processing"))
    }

    @Test("a wrong screen name or size is a usage error (64) that lists the screens")
    func snapshotErrors() throws {
        let wrong = try statdeck(["snapshot", "nowhere"])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("unknown screen 'nowhere'; available screens: exam-choice, exam-choice-help, about-cpt, about-ccma, home, study-question"))
        let size = try statdeck(["snapshot", "exam-choice", "--size", "80by24"])
        #expect(size.status == 64)
        #expect(size.stderr.contains("--size must be WIDTHxHEIGHT"))
    }

    @Test("help lists the snapshot screens and the app's options")
    func help() throws {
        let snap = try statdeck(["help", "snapshot"])
        #expect(snap.stdout.contains("exam-choice") && snap.stdout.contains("about-TRACK"))
        let root = try statdeck(["--help"])
        for entry in ["app (default)", "--no-color", "snapshot", "validate", "users", "fsrs"] {
            #expect(root.stdout.contains(entry), "--help lacks \(entry)")
        }
        let app = try statdeck(["help", "app"])
        for option in ["--no-color", "--data-dir", "--content"] {
            #expect(app.stdout.contains(option), "help app lacks \(option)")
        }
    }
}

import Foundation
import Testing

/// `statdeck users ...` run as a user would run it: the built binary, a temporary data directory.
@Suite("statdeck users")
struct UsersCommandTests {
    @Test("add, list, rename, remove --yes and check, with --data-dir")
    func lifecycle() throws {
        let data = try UsersCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        var r = try UsersCLI.run(["users", "list", "--data-dir", data])
        #expect(r.status == 0 && r.out.contains("no profiles yet"))
        r = try UsersCLI.run(["users", "add", "alice", "--track", "cpt", "--exam-date", "2026-12-21", "--data-dir", data],
                             environment: ["STATDECK_NOW": "2026-11-28T10:00:00Z"])
        #expect(r.status == 0 && r.out == "added profile alice in \(data)/profiles/alice\n", "\(r)")
        r = try UsersCLI.run(["users", "add", "bob", "--data-dir", data])
        r = try UsersCLI.run(["users", "list", "--data-dir", data])
        #expect(r.out == "alice  0 reviews, 0 mock exams\nbob    0 reviews, 0 mock exams\n", "\(r)")
        r = try UsersCLI.run(["users", "rename", "bob", "robert", "--data-dir", data])
        #expect(r.status == 0 && r.out == "renamed profile bob to robert\n")
        r = try UsersCLI.run(["users", "check", "alice", "--data-dir", data])
        #expect(r.status == 0 && r.out == "profile alice: no problems (0 log entries, 0 items, 0 mock exams)\n", "\(r)")
        r = try UsersCLI.run(["users", "remove", "robert", "--yes", "--data-dir", data])
        #expect(r.status == 0 && r.out.hasPrefix("moved profile robert to \(data)/trash/robert."), "\(r)")
        #expect(try UsersCLI.run(["users", "--data-dir", data]).out == "alice  0 reviews, 0 mock exams\n")
    }

    @Test("--exam-date: a past date is refused as the app refuses it; US-style dates are accepted; a bad one names both formats")
    func examDates() throws {
        let data = try UsersCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let now = ["STATDECK_NOW": "2026-11-28T10:00:00Z", "TZ": "UTC"]
        var r = try UsersCLI.run(["users", "add", "old", "--exam-date", "2026-11-27", "--data-dir", data], environment: now)
        #expect(r.status == 64 && r.err.contains("--exam-date 2026-11-27 has passed; give today (2026-11-28) or a later date"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: data + "/profiles/old"), "nothing is created")
        r = try UsersCLI.run(["users", "add", "today", "--exam-date", "2026-11-28", "--data-dir", data], environment: now)
        #expect(r.status == 0, "\(r)")
        r = try UsersCLI.run(["users", "add", "us", "--exam-date", "1/20/2027", "--data-dir", data], environment: now)
        #expect(r.status == 0, "\(r)")
        let settings = try String(contentsOfFile: data + "/profiles/us/settings.json", encoding: .utf8)
        #expect(settings.contains("2027-01-20"), "\(settings)")
        r = try UsersCLI.run(["users", "add", "bad", "--exam-date", "20.01.2027", "--data-dir", data], environment: now)
        #expect(r.status == 64 && r.err.contains("YYYY-MM-DD or MM/DD/YYYY"), "\(r)")
    }

    @Test("the data directory comes from $STATDECK_HOME when there is no --data-dir")
    func environment() throws {
        let data = try UsersCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let r = try UsersCLI.run(["users", "add", "zoe"], environment: ["STATDECK_HOME": data + "/home"])
        #expect(r.status == 0 && r.out == "added profile zoe in \(data)/home/profiles/zoe\n", "\(r)")
    }

    @Test("bad names are usage errors (exit 64) with the rule they break", arguments: [
        (".hidden", "cannot start with '.'"),
        ("a/b", "cannot contain '/'"),
        ("a..b", "cannot contain '..'"),
        ("tab\tx", "control characters"),
        (String(repeating: "x", count: 40), "at most 32 characters"),
    ])
    func badNames(name: String, message: String) throws {
        let data = try UsersCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let r = try UsersCLI.run(["users", "add", name, "--data-dir", data])
        #expect(r.status == 64 && r.err.contains(message), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: data + "/profiles/" + name))
    }

    @Test("a name that differs only in case from an existing profile is refused")
    func caseConflict() throws {
        let data = try UsersCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        _ = try UsersCLI.run(["users", "add", "Alice", "--data-dir", data])
        let r = try UsersCLI.run(["users", "add", "alice", "--data-dir", data])
        #expect(r.status == 1 && r.err == "error: cannot use the name alice: a profile named Alice already exists, and names that differ only in case are the same profile\n", "\(r)")
    }

    @Test("remove without --yes and without a terminal refuses and keeps the profile")
    func removeNeedsConfirmation() throws {
        let data = try UsersCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        _ = try UsersCLI.run(["users", "add", "alice", "--data-dir", data])
        let r = try UsersCLI.run(["users", "remove", "alice", "--data-dir", data], stdin: "y\n")
        #expect(r.status == 64 && r.err.contains("standard input is not a terminal. Pass --yes"), "\(r)")
        #expect(FileManager.default.fileExists(atPath: data + "/profiles/alice/reviews.jsonl"))
    }

    @Test("remove on a terminal asks first: no keeps the profile, yes moves it to the trash")
    func removeAsks() throws {
        let data = try UsersCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        _ = try UsersCLI.run(["users", "add", "alice", "--data-dir", data])
        // script(1) gives the command a pseudo-terminal, as a user at a shell has.
        let command = "\(try UsersCLI.binary()) users remove alice --data-dir \(data)"
        var r = try UsersCLI.run(["-qec", command, "/dev/null"], stdin: "n\n", executable: "/usr/bin/script")
        #expect(r.out.contains("Move profile alice (0 reviews) to \(data)/trash? [y/N]") && r.out.contains("kept profile alice"), "\(r)")
        #expect(FileManager.default.fileExists(atPath: data + "/profiles/alice"))
        r = try UsersCLI.run(["-qec", command, "/dev/null"], stdin: "y\n", executable: "/usr/bin/script")
        #expect(r.status == 0 && r.out.contains("moved profile alice to \(data)/trash/alice."), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: data + "/profiles/alice"))
    }

    @Test("check reports each problem as file:line and exits 1, changing nothing")
    func check() throws {
        let data = try UsersCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        _ = try UsersCLI.run(["users", "add", "alice", "--data-dir", data])
        let settings = data + "/profiles/alice/settings.json"
        let damaged = Data("{\n  \"schemaVersion\" : 1,\n  \"theme\" : 7\n}\n".utf8)
        try damaged.write(to: URL(fileURLWithPath: settings))
        let r = try UsersCLI.run(["users", "check", "alice", "--data-dir", data])
        #expect(r.status == 1)
        #expect(r.out.hasPrefix("settings.json:3:13: \"theme\" should be a string\n"), "\(r)")
        #expect(r.out.hasSuffix("profile alice: 1 problem (0 log entries, 0 items, 0 mock exams); nothing was changed\n"), "\(r)")
        #expect(FileManager.default.contents(atPath: settings) == damaged)
        let missing = try UsersCLI.run(["users", "check", "nobody", "--data-dir", data])
        #expect(missing.status == 1 && missing.err == "error: no profile named nobody in \(data)\n", "\(missing)")
    }
}

/// Runs the built `statdeck` binary.
enum UsersCLI {
    struct Result: CustomStringConvertible {
        var status: Int32
        var out: String
        var err: String
        var description: String { "status \(status)\nstdout: \(out)\nstderr: \(err)" }
    }

    static func binary() throws -> String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let path = URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("statdeck").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CLIError(message: "no statdeck binary at \(path): build it first (swift build)")
        }
        return path
    }

    struct CLIError: Error { var message: String }

    /// Runs statdeck (or `executable`) with `arguments`; stdin is a pipe holding `stdin`.
    static func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:],
                    executable: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable ?? binary())
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["STATDECK_HOME"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let input = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "/statdeck-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

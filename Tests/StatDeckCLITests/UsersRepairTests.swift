import Foundation
import Testing

/// `statdeck users repair` and the store's guards, run on the built binary with real files
/// (issue 23).
@Suite("statdeck users repair")
struct UsersRepairTests {
    /// A data directory with profile alice holding `count` reviews and snapshots with backups.
    private func profile(count: Int = 30) throws -> (data: String, dir: String) {
        let data = try UsersCLI.temporaryDirectory()
        var r = try UsersCLI.run(["users", "add", "alice", "--track", "cpt", "--data-dir", data])
        #expect(r.status == 0, "\(r)")
        r = try UsersCLI.run(["_crash-writer", "--data-dir", data, "--profile", "alice", "--run", "1", "--count", "\(count)", "--snapshot-every", "7"])
        #expect(r.status == 0, "\(r)")
        return (data, data + "/profiles/alice")
    }

    @Test("a damaged snapshot: the command says what is wrong and changes nothing; --rebuild and --from-backup repair it")
    func repairSnapshot() throws {
        for flag in ["--rebuild", "--from-backup"] {
            let (data, dir) = try profile()
            defer { try? FileManager.default.removeItem(atPath: data) }
            try "{\"schemaVersion\": 1, \"cards\": [".write(toFile: dir + "/cards.json", atomically: false, encoding: .utf8)
            var r = try UsersCLI.run(["stats", "--user", "alice", "--data-dir", data])
            #expect(r.status == 1 && r.err.contains("cards.json:1:") && r.err.contains("To repair it: statdeck users repair alice --from-backup or --rebuild"), "\(r)")
            r = try UsersCLI.run(["users", "repair", "alice", "--data-dir", data])
            #expect(r.status == 1 && r.out.contains("Nothing was changed") && r.out.contains("--from-backup") && r.out.contains("--rebuild"), "\(r)")
            #expect(try String(contentsOfFile: dir + "/cards.json", encoding: .utf8) == "{\"schemaVersion\": 1, \"cards\": [")
            r = try UsersCLI.run(["users", "repair", "ALICE", flag, "--data-dir", data])
            #expect(r.status == 0 && r.out.contains("profile alice opens again"), "\(flag): \(r)")
            let sides = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("cards.json.damaged-") }
            #expect(sides.count == 1)
            r = try UsersCLI.run(["users", "check", "alice", "--data-dir", data])
            #expect(r.status == 0, "\(flag): \(r)")
        }
    }

    @Test("a damaged backup is not offered")
    func damagedBackupNotOffered() throws {
        let (data, dir) = try profile()
        defer { try? FileManager.default.removeItem(atPath: data) }
        try "garbage".write(toFile: dir + "/cards.json", atomically: false, encoding: .utf8)
        try "garbage too".write(toFile: dir + "/cards.json.bak", atomically: false, encoding: .utf8)
        var r = try UsersCLI.run(["users", "repair", "alice", "--data-dir", data])
        #expect(r.status == 1 && !r.out.contains("--from-backup") && r.out.contains("--rebuild"), "\(r)")
        r = try UsersCLI.run(["users", "repair", "alice", "--from-backup", "--data-dir", data])
        #expect(r.status == 1 && r.out.contains("That repair does not apply here"), "\(r)")
        #expect(try String(contentsOfFile: dir + "/cards.json", encoding: .utf8) == "garbage")
    }

    @Test("an out-of-range value names the field in users check and in the open alike")
    func checkAndOpenAgree() throws {
        let (data, dir) = try profile()
        defer { try? FileManager.default.removeItem(atPath: data) }
        var text = try String(contentsOfFile: dir + "/cards.json", encoding: .utf8)
        let r0 = try #require(text.range(of: #""difficulty":[0-9.]+"#, options: .regularExpression))
        text.replaceSubrange(r0, with: "\"difficulty\":77")
        try text.write(toFile: dir + "/cards.json", atomically: false, encoding: .utf8)
        let check = try UsersCLI.run(["users", "check", "alice", "--data-dir", data])
        let open = try UsersCLI.run(["stats", "--user", "alice", "--data-dir", data])
        #expect(check.status == 1 && open.status == 1)
        let line = try #require(check.out.split(separator: "\n").first { $0.hasPrefix("cards.json:") })
        #expect(line.contains("\"difficulty\": 77 out of range (should be 1 to 10)"), "\(check)")
        #expect(open.err.contains(dir + "/" + line), "\(open)")
    }

    @Test("clocks at the ends of the calendar, and empty values, are refused up front", arguments: [
        "0001-01-01T00:00:00Z", "9999-12-31T12:00:00Z", "",
    ])
    func calendarEnds(now: String) throws {
        let (data, dir) = try profile(count: 3)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let before = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        let r = try UsersCLI.run(["stats", "--user", "alice", "--now", now, "--data-dir", data])
        #expect(r.status == 64, "\(r)")
        #expect(r.err.contains(now.isEmpty ? "--now" : "between the years 1900 and 9800"), "\(r)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == before)
    }

    @Test("users check reports a link in the profile folder, and nothing writes through it")
    func linkReported() throws {
        let (data, dir) = try profile(count: 3)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let victim = data + "/bashrc"
        try "keep me\n".write(toFile: victim, atomically: false, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: dir + "/lock")
        try FileManager.default.createSymbolicLink(atPath: dir + "/lock", withDestinationPath: victim)
        var r = try UsersCLI.run(["users", "check", "alice", "--data-dir", data])
        #expect(r.status == 1 && r.out.contains("lock: is a symbolic link"), "\(r)")
        r = try UsersCLI.run(["users", "rename", "alice", "bob", "--data-dir", data])
        #expect(r.status == 1 && r.err.contains("symbolic link"), "\(r)")
        r = try UsersCLI.run(["_crash-writer", "--data-dir", data, "--profile", "alice", "--run", "2", "--count", "1"])
        #expect(r.status != 0 && r.err.contains("symbolic link"), "\(r)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me\n")
    }

    @Test("stats prints the store's notices (damaged daily totals rebuilt) and fails when its output cannot be written")
    func noticesAndOutputErrors() throws {
        let (data, dir) = try profile()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let good = try UsersCLI.run(["stats", "--user", "alice", "--json", "--now", "2030-01-01T00:00:00Z", "--data-dir", data])
        #expect(good.status == 0 && good.err.isEmpty, "\(good)")
        try "{\"schemaVersion\": 1, \"days\": [".write(toFile: dir + "/daily.json", atomically: false, encoding: .utf8)
        let r = try UsersCLI.run(["stats", "--user", "alice", "--json", "--now", "2030-01-01T00:00:00Z", "--data-dir", data])
        func figures(_ json: String) -> String {
            json.replacingOccurrences(of: #""generatedAt":"[^"]*""#, with: "", options: .regularExpression)
        }
        #expect(r.status == 0 && figures(r.out) == figures(good.out), "the totals rebuilt from the log are the same: \(r)")
        #expect(r.err.contains("statdeck: note: \(dir)/daily.json:1:") && r.err.contains("rebuilt from the review log"), "\(r)")
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try UsersCLI.binary())
        process.arguments = ["stats", "--user", "alice", "--json", "--data-dir", data]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1 && message.contains("could not write the output"), "\(message)")
    }

    @Test("usage errors before anything is created: a name starting with '-', an empty --data-dir, a data directory that is a file")
    func smallerUsageErrors() throws {
        let data = try UsersCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        var r = try UsersCLI.run(["users", "add", "--data-dir", data, "--", "-bob"])
        #expect(r.status == 64 && r.err.contains("cannot start with '-'"), "\(r)")
        r = try UsersCLI.run(["users", "list", "--data-dir", ""])
        #expect(r.status == 64 && r.err.contains("--data-dir cannot be empty"), "\(r)")
        try "x".write(toFile: data + "/file", atomically: false, encoding: .utf8)
        r = try UsersCLI.run(["users", "add", "zoe"], environment: ["STATDECK_HOME": data + "/file"])
        #expect(r.status == 64 && r.err.contains("is not a folder"), "\(r)")
        #expect(try String(contentsOfFile: data + "/file", encoding: .utf8) == "x")
        #expect(!FileManager.default.fileExists(atPath: data + "/profiles"))
    }
}

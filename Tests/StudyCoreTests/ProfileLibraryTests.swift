import Foundation
import Testing
@testable import StudyCore

@Suite("Profiles")
struct ProfileLibraryTests {
    @Test("profile names follow the rules, with a message saying what is wrong", arguments: [
        ("alice", nil),
        ("Bob_2.0-x", nil),
        (String(repeating: "a", count: 32), nil),
        ("", "cannot be empty"),
        (String(repeating: "a", count: 33), "at most 32 characters"),
        (".hidden", "cannot start with '.'"),
        ("..", "cannot start with '.'"),
        ("a..b", "cannot contain '..'"),
        ("a/b", "cannot contain '/' (at character 2)"),
        ("a\0b", "cannot contain a NUL character"),
        ("tab\there", "cannot contain control characters (U+0009 at character 4)"),
        ("bell\u{7}", "control characters (U+0007"),
        ("José", "cannot contain 'é' (at character 4): use letters A-Z and a-z"),
        ("two words", "cannot contain ' '"),
    ] as [(String, String?)])
    func names(name: String, problem: String?) {
        let found = ProfileName.problem(with: name)
        if let problem {
            #expect(found?.contains(problem) == true, "\(found ?? "nil")")
        } else {
            #expect(found == nil)
        }
    }

    @Test("add, list, rename and remove; removed profiles go to the trash folder")
    func lifecycle() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let library = ProfileLibrary(data: dir.data, options: Fixture.options(clock))
        #expect(try library.names() == [])
        try library.add("bob")
        try library.add("Alice")
        #expect(try library.names() == ["Alice", "bob"])
        #expect(library.summary(of: "bob")?.createdAt == clock.now)

        try library.rename("bob", to: "robert")
        #expect(try library.names() == ["Alice", "robert"])
        try library.rename("Alice", to: "alice")  // a change of case only
        #expect(try library.names() == ["alice", "robert"])

        let store = try ProgressStore.open(profile: "robert", in: dir.data, options: Fixture.options(clock))
        try store.record(Fixture.review("q1", 1, at: clock.now))
        try store.close()
        let trash = try library.remove("robert")
        #expect(trash == dir.data.trashPath + "/robert.20261118T110640Z")
        #expect(try library.names() == ["alice"])
        #expect(FileManager.default.fileExists(atPath: trash + "/reviews.jsonl"), "nothing is deleted")
        try library.add("robert")
        #expect(try library.remove("robert") == trash + "-2")
    }

    @Test("names that differ only in case from an existing profile are refused")
    func caseConflicts() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let library = ProfileLibrary(data: dir.data, options: Fixture.options(clock))
        try library.add("Alice")
        #expect(throws: StoreError.profileExists(name: "Alice")) { try library.add("Alice") }
        #expect(throws: StoreError.nameDiffersOnlyInCase(name: "alice", existing: "Alice")) { try library.add("alice") }
        #expect(StoreError.nameDiffersOnlyInCase(name: "alice", existing: "Alice").description
            == "cannot use the name alice: a profile named Alice already exists, and names that differ only in case are the same profile")
        try library.add("bob")
        #expect(throws: StoreError.self) { try library.rename("bob", to: "ALICE") }
        #expect(throws: StoreError.invalidProfileName("a profile name cannot contain '/' (at character 3)")) { try library.add("../x") }
        #expect(try library.names() == ["Alice", "bob"])
    }

    @Test("a profile open in a StatDeck cannot be renamed or removed")
    func openProfile() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let library = ProfileLibrary(data: dir.data, options: Fixture.options(clock))
        try library.add("alice")
        let store = try ProgressStore.open(profile: "alice", in: dir.data, options: Fixture.options(clock))
        #expect(throws: StoreError.locked(profile: "alice", pid: getpid())) { try library.remove("alice") }
        #expect(throws: StoreError.locked(profile: "alice", pid: getpid())) { try library.rename("alice", to: "al") }
        try store.close()
        try library.rename("alice", to: "al")
    }

    @Test("the data folder and profile folders are private (mode 0700)")
    func permissions() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        try ProfileLibrary(data: dir.data, options: Fixture.options(clock)).add("alice")
        for path in [dir.data.path, dir.data.profilesPath, dir.data.profilePath("alice")] {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o700, "\(path)")
        }
        let file = try FileManager.default.attributesOfItem(atPath: dir.data.profilePath("alice") + "/reviews.jsonl")
        #expect(file[.posixPermissions] as? Int == 0o600)
    }

    @Test("the data directory: --data-dir, then $STATDECK_HOME, then $XDG_DATA_HOME/statdeck, then ~/.local/share/statdeck")
    func dataDirectory() {
        let env = ["STATDECK_HOME": "/srv/sd", "XDG_DATA_HOME": "/x/data", "HOME": "/home/u"]
        #expect(DataDirectory.resolve(explicit: "/flag", environment: env).path == "/flag")
        #expect(DataDirectory.resolve(explicit: "rel", environment: env, currentDirectory: "/work").path == "/work/rel")
        #expect(DataDirectory.resolve(explicit: nil, environment: env).path == "/srv/sd")
        var e = env
        e["STATDECK_HOME"] = ""
        #expect(DataDirectory.resolve(explicit: nil, environment: e).path == "/x/data/statdeck")
        e["XDG_DATA_HOME"] = "relative/ignored"
        #expect(DataDirectory.resolve(explicit: nil, environment: e).path == "/home/u/.local/share/statdeck")
        e["XDG_DATA_HOME"] = nil
        #expect(DataDirectory.resolve(explicit: nil, environment: e).source == "~/.local/share")
    }

    @Test("opening a profile that does not exist says so")
    func missing() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        #expect(throws: StoreError.profileNotFound(name: "zoe", dataDirectory: dir.data.path)) {
            _ = try ProgressStore.open(profile: "zoe", in: dir.data, options: Fixture.options(clock))
        }
    }
}

@Suite("Timestamps")
struct TimestampTests {
    @Test("times are written as UTC ISO 8601 to the millisecond and read back exactly")
    func roundTrip() {
        let date = Date(timeIntervalSince1970: 1_795_000_000.4567)
        #expect(Timestamp.string(date) == "2026-11-18T11:06:40.457Z")
        #expect(Timestamp.parse("2026-11-18T11:06:40.457Z") == Timestamp.normalized(date))
        #expect(Timestamp.parse("2026-11-18T11:06:40Z") == Date(timeIntervalSince1970: 1_795_000_000))
        #expect(Timestamp.string(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500Z")
        for bad in ["2026-02-30T00:00:00Z", "2026-11-18 11:06:40Z", "2026-11-18T24:00:00Z", "2026-11-18T11:06:40.1234Z", ""] {
            #expect(Timestamp.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("calendar days: leap years, day arithmetic and strict parsing")
    func days() {
        #expect(CalendarDay("2024-02-29")?.adding(days: 1).description == "2024-03-01")
        #expect(CalendarDay("2023-02-29") == nil)
        #expect(CalendarDay("2026-1-05") == nil)
        #expect(CalendarDay(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(CalendarDay("2000-03-01")!.daysSinceEpoch == 11_017)
        for n in stride(from: -800_000, through: 2_900_000, by: 7_919) {
            #expect(CalendarDay(daysSinceEpoch: n).daysSinceEpoch == n)
        }
    }
}

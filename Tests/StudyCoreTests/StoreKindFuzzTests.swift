import Foundation
import Testing
@testable import StudyCore
#if canImport(Glibc)
import Glibc
#endif

/// Seeded fuzzing of a profile folder by what a hand edit or a hostile copy does (issue 23):
/// numbers swapped for huge, negative or fractional ones, values of the wrong type, and files
/// replaced by FIFOs, folders, empty files or links to someone else's file or to /dev/zero.
/// Every case must end without a crash or a hang, with an error or notice naming the file,
/// and with nothing overwritten: the mutated file and the link's target stay as they were.
@Suite("Progress store fuzzing: numbers, types and file kinds")
struct StoreKindFuzzTests {
    static let cases = 120

    @Test("mutated numbers, types and file kinds: no crash, no hang, the file named, nothing overwritten")
    func fuzz() throws {
        let dir = TemporaryDirectory("kindfuzz"), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        let options = Fixture.options(clock, io: POSIXFileIO(syncing: false), snapshotEvery: 4)
        do {
            let store = try ProgressStore.open(profile: "alice", in: data, options: options)
            for n in 0..<9 {
                try store.record(Fixture.review("q\(n % 4)", n, at: clock.now))
                clock.advance(900)
            }
            var attempt = Fixture.attempt(id: store.newAttemptID(startedAt: clock.now), track: "cpt", form: "A",
                                          itemIDs: ["a", "b", "c"], startedAt: clock.now)
            try store.saveAttempt(attempt)
            attempt.answers[1] = 2
            attempt.timeOnItem[1] = 41.5
            try store.saveAttempt(attempt)
            try store.record(Fixture.review("tail", 3, at: clock.now))
        }
        let victim = dir.path + "/victim"
        let victimBytes = Array("someone else's file\n".utf8)
        write(victimBytes, to: victim)
        let base = snapshotTree(files.directory).filter { $0.key != "lock" }
        let targets = base.keys.filter { !$0.hasSuffix(".bak") }.sorted() + ["lock"]

        var rng = SplitMix64(seed: 0x23_2026)
        var outcomes: [String: Int] = [:]
        let started = Date()
        for n in 0..<Self.cases {
            restore(files.directory, to: base)
            let target = targets[n % targets.count]
            let path = files.directory + "/" + target
            var content = base[target] ?? []
            var kind = "regular"
            switch rng.next(upTo: 10) {
            case 0...3: mutateNumber(&content, &rng)
            case 4...6: mutateType(&content, &rng)
            default:
                try? FileManager.default.removeItem(atPath: path)
                kind = ["fifo", "folder", "empty", "link", "devzero"][rng.next(upTo: 5)]
                switch kind {
                case "fifo": #expect(mkfifo(path, 0o600) == 0)
                case "folder": try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
                case "empty": write([], to: path)
                case "link": try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: victim)
                default: try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
                }
            }
            if kind == "regular" { write(content, to: path) }
            let before = snapshotTree(files.directory).filter { $0.key != "lock" }

            var said: [String] = []
            var failed = false
            do {
                let store = try ProgressStore.open(profile: "alice", in: data, options: options)
                do {
                    _ = try store.dailyTotals()
                    for a in try store.attempts() { _ = try store.attempt(id: a.id) }
                    try store.replayLog { _ in }
                    try store.record(Fixture.review("fuzz", 1, at: clock.now))
                    try store.close()
                } catch {
                    said.append("\(error)")
                    failed = true
                }
                said += store.notices.map(\.message)
            } catch {
                said.append("\(error)")
                failed = true
            }
            let report = try ProfileCheck.run(profile: "alice", in: data, options: options)
            let checkNames = report.problems.contains { $0.file == path } || report.notes.contains { $0.contains(path) }
            #expect(bytes(victim) == victimBytes, "case \(n) (\(target), \(kind)): the link's target was written")
            if kind != "regular" && target != "lock" {
                #expect(said.contains { $0.contains(path) }, "case \(n) (\(target), \(kind)): nothing names the file: \(said)")
                #expect(checkNames, "case \(n) (\(target), \(kind)): users check does not name the file")
            }
            if kind == "link" || kind == "devzero" || kind == "fifo" || kind == "folder" {
                #expect(kind == "folder" ? FileManager.default.fileExists(atPath: path) : (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil || kind == "fifo",
                        "case \(n): the \(kind) in place of \(target) was replaced")
            }
            if failed && kind == "regular" {
                // A refused file is left exactly as it was (a cut-short log line aside).
                let after = snapshotTree(files.directory).filter { $0.key != "lock" }
                if target != "reviews.jsonl" {
                    #expect(after[target] == before[target], "case \(n) (\(target)): the damaged file was changed: \(said)")
                }
                #expect(said.contains { $0.contains(files.directory) }, "case \(n) (\(target)): the message names no file: \(said)")
            }
            outcomes[failed ? "refused" : (said.isEmpty ? "opened" : "opened with a notice"), default: 0] += 1
        }
        let seconds = Date().timeIntervalSince(started)
        print("kind fuzz: \(Self.cases) cases in \(String(format: "%.1f", seconds)) s: \(outcomes.sorted { $0.key < $1.key })")
        #expect(outcomes["refused", default: 0] > 0 && outcomes["opened", default: 0] > 0)
    }

    /// Replaces one number in the file with an extreme or impossible one.
    private func mutateNumber(_ b: inout [UInt8], _ rng: inout SplitMix64) {
        let spans = numberSpans(b)
        guard !spans.isEmpty else { return }
        let span = spans[rng.next(upTo: spans.count)]
        let values = ["1e308", "-1e308", "-1", "0", "1e20", "2.5", "99999999999999999999", "1e-320", "-0.000001", "9007199254740993", "36501"]
        b.replaceSubrange(span, with: Array(values[rng.next(upTo: values.count)].utf8))
    }

    /// Replaces one value (a number, a string, true or false) with one of another type.
    private func mutateType(_ b: inout [UInt8], _ rng: inout SplitMix64) {
        var spans = numberSpans(b)
        var i = 0
        while i < b.count {   // strings that follow a colon (values, not keys)
            if b[i] == UInt8(ascii: ":") {
                var j = i + 1
                while j < b.count, b[j] == 0x20 { j += 1 }
                if j < b.count, b[j] == UInt8(ascii: "\"") {
                    var k = j + 1
                    while k < b.count, b[k] != UInt8(ascii: "\"") { k += 1 }
                    if k < b.count { spans.append(j..<(k + 1)) }
                }
            }
            i += 1
        }
        guard !spans.isEmpty else { return }
        let span = spans[rng.next(upTo: spans.count)]
        let values = ["\"x\"", "[]", "{}", "null", "true", "[1,2]", "{\"a\":1}", "\"\""]
        b.replaceSubrange(span, with: Array(values[rng.next(upTo: values.count)].utf8))
    }

    /// The byte ranges of the numbers after a colon or in an array.
    private func numberSpans(_ b: [UInt8]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var i = 0
        func isNumberByte(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || c == UInt8(ascii: "+") }
        var inString = false
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") { inString.toggle(); i += 1; continue }
            if !inString, (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") {
                var j = i
                while j < b.count, isNumberByte(b[j]) { j += 1 }
                spans.append(i..<j)
                i = j
                continue
            }
            i += 1
        }
        return spans
    }

    /// Puts the profile folder back exactly as `tree` describes it (whatever replaced a file).
    private func restore(_ directory: String, to tree: [String: [UInt8]]) {
        let fm = FileManager.default
        for sub in ["", "exams/"] {
            for name in (try? fm.contentsOfDirectory(atPath: directory + "/" + sub)) ?? [] where name != "exams" {
                let path = directory + "/" + sub + name
                if !isRegular(path) || (tree[sub + name] == nil && name != "lock") { try? fm.removeItem(atPath: path) }
            }
        }
        for (rel, content) in tree where bytes(directory + "/" + rel) != content {
            write(content, to: directory + "/" + rel)
        }
    }

    private func isRegular(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }
}

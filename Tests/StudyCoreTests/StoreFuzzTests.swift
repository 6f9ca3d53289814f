import Foundation
import Testing
@testable import StudyCore

/// Mutated and truncated versions of every kind of profile file, fed to the loader: each case
/// ends in an error or a recovery, never a crash, and an error leaves every file as it was.
@Suite("Progress store fuzzing")
struct StoreFuzzTests {
    static let cases = 3_000

    @Test("mutated and truncated files give an error or a recovery, never a crash")
    func fuzz() throws {
        let dir = TemporaryDirectory("fuzz"), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let files = ProfileFiles(directory: data.profilePath("alice"))
        try makeBusy(data, clock)
        let base = snapshotTree(files.directory).filter { $0.key != "lock" }
        let exam = try #require(base.keys.first { $0.hasPrefix("exams/") && $0.hasSuffix(".json") })
        let targets = ["settings.json", "profile.json", "cards.json", "daily.json", "reviews.jsonl", exam, "cards.json.bak"]
        let snapshotCovers = try CardSnapshot.decode(base["cards.json"]!, file: "cards.json", migrations: .standard).covers.bytes

        var rng = SplitMix64(seed: 0xF022_2026)
        var outcomes: [String: Int] = [:]
        // FUZZ_CASE=n runs case n alone and prints the file it damaged, to reproduce a failure.
        let only = ProcessInfo.processInfo.environment["FUZZ_CASE"].flatMap { Int($0) }
        for n in 0..<Self.cases {
            restore(files.directory, to: base)
            let target = targets[n % targets.count]
            var content = base[target]!
            var truncatedOnly = true
            for _ in 0..<(1 + rng.next(upTo: 3)) {
                truncatedOnly = mutate(&content, &rng) && truncatedOnly
            }
            write(content, to: files.directory + "/" + target)
            if let only, only != n { continue }
            if only != nil { print("case \(n): \(target)"); print(String(decoding: content, as: UTF8.self)) }
            if target == "cards.json.bak" {
                // A damaged backup matters only when it is restored.
                do {
                    try ProgressStore.restoreFromBackup(file: files.cards, profile: "alice", in: data, options: Fixture.options(clock, io: POSIXFileIO(syncing: false)))
                    outcomes["backup restored", default: 0] += 1
                } catch {
                    outcomes["backup refused", default: 0] += 1
                }
                continue
            }
            // Whatever the fast path accepts, the positioned parser must read the same way.
            if target == "reviews.jsonl" {
                for line in content.split(separator: 0x0A).map(Array.init) {
                    if let fast = FastDecoder.logEntry(line) { #expect(fast == (try? LogLineCodec.decodeWithPositions(line)), "case \(n)") }
                }
            } else if target == "cards.json", let fast = FastDecoder.snapshot(content, schemaVersion: 1) {
                #expect(fast == (try? CardSnapshot.decodeWithPositions(content, file: target, migrations: .standard)), "case \(n)")
            } else if target == "daily.json", let fast = FastDecoder.daily(content, schemaVersion: 1) {
                let slow = try? DailyTotals.decodeWithPositions(content, file: target, migrations: .standard)
                #expect(slow.map { $0.0 == fast.0 && $0.covers == fast.1 } == true, "case \(n)")
            }
            var before = base
            before[target] = content
            let store: ProgressStore
            do {
                store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, io: POSIXFileIO(syncing: false), snapshotEvery: 5))
            } catch {
                switch error {
                case .corrupt, .newerSchema:
                    let after = snapshotTree(files.directory).filter { $0.key != "lock" }
                    #expect(changedFiles(before, after) == [], "case \(n) (\(target)): a refused profile is left as it was: \(error)")
                    if target == "reviews.jsonl" && truncatedOnly && content.count >= snapshotCovers {
                        Issue.record("case \(n): a log cut after the snapshot point must open, but: \(error)")
                    }
                    if case .corrupt(_, let recovery) = error, let way = recovery.first {
                        recover(way, data, clock, &outcomes)
                    } else {
                        outcomes["refused", default: 0] += 1
                    }
                case .io:
                    outcomes["repair not possible", default: 0] += 1
                default:
                    Issue.record("case \(n) (\(target)): unexpected \(error)")
                }
                if n % 2 == 0 { _ = try ProfileCheck.run(profile: "alice", in: data, options: Fixture.options(clock, io: POSIXFileIO(syncing: false))) }
                continue
            }
            if target == "reviews.jsonl" && truncatedOnly {
                let complete = content.split(separator: 0x0A, omittingEmptySubsequences: false).count - 1
                #expect(store.lastSeq == complete - 1, "case \(n): every complete line is kept")
            }
            do {
                try exercise(store, clock)
                outcomes["opened", default: 0] += 1
            } catch {
                // Damage the open did not need to read shows up later (a full replay, the daily
                // totals): still an error, and the damaged file itself is never written over.
                switch error {
                case .corrupt(let problem, _) where problem.file.hasSuffix("/" + target):
                    let now = bytes(problem.file)!
                    if target == "reviews.jsonl" && now != content {
                        // Only a cut-short last line may have gone, into a side file.
                        let cut = Array(content[now.count...])
                        let sides = try FileManager.default.contentsOfDirectory(atPath: files.directory).filter { $0.hasPrefix("reviews.jsonl.damaged-") }
                        #expect(content.starts(with: now) && !cut.contains(0x0A) && sides.contains { bytes(files.directory + "/" + $0) == cut },
                                "case \(n): the log lost more than a cut-short last line")
                    } else {
                        #expect(now == content, "case \(n): \(target) was changed after: \(error)")
                    }
                case .newerSchema(let file, _, _) where file.hasSuffix("/" + target):
                    #expect(bytes(file) == content, "case \(n): \(target) was changed after: \(error)")
                default:
                    break
                }
                outcomes["opened, then an error", default: 0] += 1
            }
            if n % 2 == 0 { _ = try ProfileCheck.run(profile: "alice", in: data, options: Fixture.options(clock, io: POSIXFileIO(syncing: false))) }
        }
        print("fuzz: \(Self.cases) cases: \(outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        #expect(outcomes["opened", default: 0] > 0 && outcomes.keys.contains { $0.hasPrefix("recovered") })
    }

    /// A profile with a snapshot, a log tail after it, an undo, an edit, daily totals and mock exams.
    private func makeBusy(_ data: DataDirectory, _ clock: TestClock) throws {
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, snapshotEvery: 9))
        var s = store.settings
        s.examDate = CalendarDay("2027-01-15")
        try store.updateSettings(s)
        for n in 0..<21 {
            try store.record(Fixture.review("q\(n % 7)", n, at: clock.now, domain: "d\(n % 3)", correct: n % 3 != 0))
            clock.advance(7_000)
        }
        try store.undoLastReview()
        try store.updateFlags(of: "q3") { $0.flagged = true; $0.buriedUntil = clock.now }
        var attempt = Fixture.attempt(id: store.newAttemptID(startedAt: clock.now), track: "ccma", form: "B",
                                      itemIDs: ["a", "b", "c", "d"], startedAt: clock.now)
        try store.saveAttempt(attempt)
        attempt.answers[2] = 1
        attempt.flags[3] = true
        try store.saveAttempt(attempt)
        try store.record(Fixture.review("q9", 99, at: clock.now))  // a tail after the last snapshot
    }

    /// Uses everything an open store offers, then writes and closes.
    private func exercise(_ store: ProgressStore, _ clock: TestClock) throws(StoreError) {
        do {
            _ = try store.dailyTotals()
            for summary in try store.attempts() { _ = try? store.attempt(id: summary.id) }
        } catch {
            guard case .corrupt = error else { throw error }
        }
        try store.replayLog { _ in }
        try store.record(Fixture.review("fuzz", 5, at: clock.now))
        try store.close()
    }

    private func recover(_ way: Recovery, _ data: DataDirectory, _ clock: TestClock, _ outcomes: inout [String: Int]) {
        do {
            try ProgressStore.recover(way, profile: "alice", in: data, options: Fixture.options(clock, io: POSIXFileIO(syncing: false)))
            let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock, io: POSIXFileIO(syncing: false)))
            try store.close()
            outcomes["recovered", default: 0] += 1
        } catch {
            outcomes["recovery refused", default: 0] += 1
        }
    }

    /// Puts the profile folder back exactly as `tree` describes it.
    private func restore(_ directory: String, to tree: [String: [UInt8]]) {
        let fm = FileManager.default
        for sub in ["", "exams/"] {
            for name in (try? fm.contentsOfDirectory(atPath: directory + "/" + sub)) ?? []
            where tree[sub + name] == nil && name != "lock" && name != "exams" {
                try? fm.removeItem(atPath: directory + "/" + sub + name)
            }
        }
        for (rel, content) in tree where bytes(directory + "/" + rel) != content {
            write(content, to: directory + "/" + rel)
        }
    }

    /// Applies one random mutation; returns true when it only cut the end off.
    private func mutate(_ b: inout [UInt8], _ rng: inout SplitMix64) -> Bool {
        guard !b.isEmpty else { b = Array("{".utf8); return false }
        let at = rng.next(upTo: b.count)
        switch rng.next(upTo: 8) {
        case 0:
            b.removeLast(b.count - at)
            return true
        case 1:
            b[at] ^= UInt8(1 << rng.next(upTo: 8))
        case 2:
            let specials: [UInt8] = Array("\"{}[],:\n0-e.\\ ".utf8) + [0, 0xFF, 0xC3]
            b[at] = specials[rng.next(upTo: specials.count)]
        case 3:
            b.removeSubrange(at..<min(b.count, at + 1 + rng.next(upTo: 40)))
        case 4:
            let end = min(b.count, at + 1 + rng.next(upTo: 200))
            b.insert(contentsOf: b[at..<end], at: rng.next(upTo: b.count))
        case 5:
            let tokens = ["null", "1e999", "-1", "[]", "{}", "\"x\"", "99999999999999999999", "true", "0.5", "\"2026-02-30T00:00:00Z\"", "2"]
            b.insert(contentsOf: Array(tokens[rng.next(upTo: tokens.count)].utf8), at: at)
        case 6:
            // Replace a digit run with another number.
            guard let digit = b[at...].firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            let end = b[digit...].firstIndex { !($0 >= 0x30 && $0 <= 0x39) } ?? b.count
            let numbers = ["0", "7", "12345678901234567", "3", "999", "-5"]
            b.replaceSubrange(digit..<end, with: Array(numbers[rng.next(upTo: numbers.count)].utf8))
        default:
            // Swap two lines.
            var lines = b.split(separator: 0x0A, omittingEmptySubsequences: false)
            guard lines.count > 2 else { return false }
            lines.swapAt(rng.next(upTo: lines.count), rng.next(upTo: lines.count))
            b = Array(lines.joined(separator: [0x0A]))
        }
        return false
    }
}

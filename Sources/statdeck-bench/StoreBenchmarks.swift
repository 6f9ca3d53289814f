import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The progress store on a heavy profile: 2,000 items, three years of daily study
/// (300,000 reviews) and 200 mock exams, generated in a temporary folder.
enum StoreBenchmarks {
    static let all: [Benchmark] = [
        Benchmark(name: "store.heavy", summary: "open, save a review, rewrite the snapshot on a 300,000-review profile") { ctx in
            let reviews = ctx.quick ? 30_000 : 300_000
            let heavy = try HeavyProfile(reviews: reviews, days: 3 * 365, attempts: ctx.quick ? 20 : 200)
            defer { heavy.remove() }
            ctx.figure("log size", Double(heavy.logBytes) / 1_048_576, unit: "MiB")
            ctx.figure("cards.json size", Double(heavy.fileSize("cards.json")) / 1024, unit: "KiB")

            for _ in 0..<(ctx.quick ? 5 : 30) {
                _ = try ctx.sample("open (tail 0)") { try heavy.open() }
            }
            try heavy.addTail(999)  // the most the log can hold after the snapshot
            for _ in 0..<(ctx.quick ? 5 : 30) {
                _ = try ctx.sample("open (tail 999)") { try heavy.open() }
            }

            // Memory is measured in a fresh process: this one still holds what generating took.
            if let (baseline, peak) = try openInFreshProcess(heavy.data.path) {
                ctx.figure("resident memory, fresh process", baseline / 1_048_576, unit: "MiB before opening")
                ctx.figure("peak memory of opening", (peak - baseline) / 1_048_576, unit: "MiB above that (tail 999)")
            }

            let store = try heavy.open()
            _ = try ctx.sample("daily totals, first use") { try store.dailyTotals() }
            _ = try ctx.sample("attempt list") { try store.attempts() }
            // What home's missed count and card info read: the log's last 31 days only.
            let since = heavy.date(day: heavy.lastDay - 31, second: 0)
            for _ in 0..<(ctx.quick ? 3 : 10) {
                var digest = ReviewDigest()
                _ = try ctx.sample("recent log, 31 days (review digest)") { try store.replayRecentLog(since: since) { digest.apply($0) } }
            }
            var day = heavy.lastDay
            for n in 0..<(ctx.quick ? 200 : 2_000) {
                if n % 300 == 0 { day += 1 }
                let review = heavy.review(n, day: day)
                _ = try ctx.sample("save one review (fsync)") { try store.record(review) }
            }
            for _ in 0..<(ctx.quick ? 3 : 10) {
                try ctx.sample("snapshot rewrite (3 files, fsync)") { try store.rewriteSnapshot() }
            }
            var attempt = try store.attempt(id: try store.attempts().last!.id)
            attempt.submittedAt = nil
            for i in 0..<(ctx.quick ? 20 : 100) {
                attempt.answers[i % attempt.answers.count] = i % 4
                attempt.current = i % attempt.count
                try ctx.sample("mock exam save (atomic)") { try store.saveAttempt(attempt) }
            }
            try store.close()
            let saves = Stats(ctx.samples["save one review (fsync)"] ?? [])
            ctx.figure("save one review p99", saves.p99 * 1000, unit: "ms")
            ctx.figure("save one review max", (ctx.samples["save one review (fsync)"]?.max() ?? 0) * 1000,
                       unit: "ms (a save that also rewrites the snapshot, every 1000)")
            if let peak = peakResidentBytes() { ctx.figure("peak memory (whole run)", peak / 1_048_576, unit: "MiB") }
        },
        Benchmark(name: "store.open-memory", summary: "(started by store.heavy in a fresh process) peak memory of one open") { ctx in
            guard let path = ProcessInfo.processInfo.environment[openMemoryVariable] else {
                ctx.note("measured by store.heavy, which starts this in a fresh process")
                return
            }
            let baseline = currentResidentBytes() ?? 0
            resetPeakMemory()
            let store = try ProgressStore.open(profile: "heavy", in: DataDirectory(path: path), access: .readOnly)
            let peak = peakResidentBytes() ?? 0
            withExtendedLifetime(store) {}
            let fd = open(path + "/open-memory.txt", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            _ = Array("\(baseline) \(peak)\n".utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        },
        Benchmark(name: "store.flat", summary: "open time as the history doubles: 300,000 vs 600,000 reviews") { ctx in
            let sizes = ctx.quick ? [30_000, 60_000] : [300_000, 600_000]
            let profiles = try sizes.map { reviews in
                let heavy = try HeavyProfile(reviews: reviews, days: 3 * 365 * reviews / 300_000, attempts: 0)
                try heavy.addTail(500)
                return heavy
            }
            defer { profiles.forEach { $0.remove() } }
            // Interleaved, so a busy moment on the machine hits both sizes alike.
            for _ in 0..<(ctx.quick ? 5 : 40) {
                for (reviews, heavy) in zip(sizes, profiles) {
                    _ = try ctx.sample("open, \(reviews / 1000)k reviews (tail 500)") { try heavy.open() }
                }
            }
            for (reviews, heavy) in zip(sizes, profiles) {
                ctx.figure("log size, \(reviews / 1000)k reviews", Double(heavy.logBytes) / 1_048_576, unit: "MiB")
            }
        },
    ]
}

/// A profile filled through the store itself (with fsync turned off to generate it quickly).
struct HeavyProfile {
    let root: String
    let data: DataDirectory
    let items: [String]
    let firstDay: CalendarDay
    let lastDay: Int
    /// The domain logged with each item's reviews (default: a made-up one).
    let areas: [String: String]
    var logBytes: Int { fileSize("reviews.jsonl") }

    /// `itemIDs` and `areas` (item id to domain) default to 2,000 made-up items.
    init(reviews: Int, days: Int, attempts: Int, itemIDs: [String]? = nil, areas: [String: String] = [:]) throws {
        var template = Array("/tmp/statdeck-bench-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw BenchError("cannot make a temporary folder")
        }
        root = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        data = DataDirectory(path: root + "/data")
        items = itemIDs ?? (0..<2_000).map { $0 < 800 ? "cpt-\($0)" : "ccma-\($0)" }
        self.areas = areas
        firstDay = CalendarDay("2024-01-01")!
        lastDay = days
        let fast = StoreOptions(io: POSIXFileIO(syncing: false))
        try ProfileLibrary(data: data, options: fast).add("heavy", settings: ProfileSettings(track: "cpt"))
        let store = try ProgressStore.open(profile: "heavy", in: data, options: fast)
        for n in 0..<reviews {
            try store.record(review(n, day: n * days / reviews))
        }
        for a in 0..<attempts {
            let started = date(day: a * days / max(attempts, 1), second: 50_000)
            let count = a % 2 == 0 ? 120 : 180
            let ids = (0..<count).map { items[(a * 7 + $0 * 11) % items.count] }
            let track = a % 2 == 0 ? "cpt" : "ccma"
            let form = ExamForm(trackID: track, name: "Form \(a % 4 + 1)", minutes: count,
                                items: ids.enumerated().map { ExamForm.Item(questionID: $1, area: track + ".1", pretest: $0 % 6 == 0) })
            var attempt = ExamAttempt(id: store.newAttemptID(startedAt: started), form: form, mode: .exam, startedAt: started)
            attempt.answers = ids.indices.map { $0 % 9 == 0 ? nil : $0 % 4 }
            attempt.flags = ids.indices.map { $0 % 13 == 0 }
            attempt.elapsed = Double(count * 45)
            attempt.timeOnItem = ids.indices.map { _ in 45 }
            attempt.submittedAt = started.addingTimeInterval(attempt.elapsed)
            attempt.score = Self.score(attempt)
            try store.saveAttempt(attempt)
        }
        try store.close()
        sync()  // generated without fsync: flush it now so the first timed save does not pay for it
    }

    /// The score a submit keeps in the attempt and the index, as `ExamHost` does; the
    /// generated items have no bank, so choice 1 stands in for the key.
    static func score(_ attempt: ExamAttempt) -> ExamScore {
        var right = 0, total = 0
        var perArea: [String: (correct: Int, total: Int, answered: Int)] = [:]
        for (i, item) in attempt.form.items.enumerated() where !item.pretest {
            let ok = attempt.answers[i] == 1
            total += 1
            if ok { right += 1 }
            perArea[item.area, default: (0, 0, 0)].correct += ok ? 1 : 0
            perArea[item.area, default: (0, 0, 0)].total += 1
            perArea[item.area, default: (0, 0, 0)].answered += attempt.answers[i] == nil ? 0 : 1
        }
        let scaled = ScaledScore.estimate(percent: Double(right) / Double(max(total, 1)), scale: ScoreScale(min: 200, max: 500, pass: 390))
        return ExamScore(scoredCorrect: right, scoredTotal: total, scaledEstimate: scaled, passed: scaled >= 390,
                         areas: perArea.keys.sorted().map { ExamScore.AreaScore(area: $0, correct: perArea[$0]!.correct, total: perArea[$0]!.total,
                                                                                answered: perArea[$0]!.answered) })
    }

    func date(day: Int, second: Int) -> Date {
        Date(timeIntervalSince1970: Double(firstDay.daysSinceEpoch + day) * 86_400 + Double(second))
    }

    /// The `n`th review of the generated history, on day `day`.
    func review(_ n: Int, day: Int) -> ReviewRecord {
        let at = date(day: day, second: 43_200 + (n * 37) % 30_000)
        let item = items[(n &* 7_919) % items.count]
        let stability = 0.5 + Double(n % 997) / 7
        let after = ItemState(card: Card(phase: n % 10 == 0 ? .relearning : .review, step: n % 10 == 0 ? 0 : nil,
                                         stability: stability, difficulty: 1 + Double(n % 89) / 10,
                                         due: at.addingTimeInterval(stability * 86_400), lastReview: at),
                              flags: ItemFlags(flagged: n % 53 == 0, lapses: n % 10 == 0 ? 1 + n % 4 : 0))
        return ReviewRecord(itemID: item, domain: areas[item] ?? "\(item.hasPrefix("cpt") ? "cpt" : "ccma").d\(n % 8)",
                            rating: n % 10 == 0 ? .again : .good, reviewedAt: at, day: CalendarDay(containing: at),
                            durationMs: 3_000 + n % 20_000, correct: n % 10 != 0, answer: n % 4, source: .study, after: after)
    }

    /// Opens the profile as the app does (read-write, locked); dropped without closing it.
    func open() throws -> ProgressStore {
        try ProgressStore.open(profile: "heavy", in: data)
    }

    /// Logs `count` more reviews without a snapshot after them.
    func addTail(_ count: Int) throws {
        let store = try ProgressStore.open(profile: "heavy", in: data,
                                           options: StoreOptions(io: POSIXFileIO(syncing: false), snapshotEvery: count + 1))
        for n in 0..<count { try store.record(review(1_000_000 + n, day: lastDay)) }
        sync()
    }

    func fileSize(_ name: String) -> Int {
        var st = stat()
        return stat(data.profilePath("heavy") + "/" + name, &st) == 0 ? Int(st.st_size) : 0
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

private struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

private let openMemoryVariable = "STATDECK_BENCH_OPEN_MEMORY"

/// Runs `store.open-memory` in a new process on the profile in `dataPath`; returns its resident
/// memory before opening and its peak after, in bytes.
private func openInFreshProcess(_ dataPath: String) throws -> (Double, Double)? {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var pid: pid_t = 0
    let args = [exe, "store.open-memory"]
    let env = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" } + ["\(openMemoryVariable)=\(dataPath)"]
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions) }
    let cArgs = args.map { strdup($0) } + [nil]
    let cEnv = env.map { strdup($0) } + [nil]
    defer { (cArgs + cEnv).forEach { free($0) } }
    guard posix_spawn(&pid, exe, &actions, nil, cArgs, cEnv) == 0 else { return nil }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    guard let text = FileManager.default.contents(atPath: dataPath + "/open-memory.txt") else { return nil }
    let numbers = String(decoding: text, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
    return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
}

/// Resident memory now, in bytes (from /proc/self/status VmRSS).
private func currentResidentBytes() -> Double? {
    guard let data = FileManager.default.contents(atPath: "/proc/self/status") else { return nil }
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Double(String(line.filter(\.isNumber))).map { $0 * 1024 }
    }
    return nil
}

/// Resets the kernel's peak-memory mark to the current size (Linux: `5` to clear_refs).
private func resetPeakMemory() {
    let fd = open("/proc/self/clear_refs", O_WRONLY)
    guard fd >= 0 else { return }
    _ = write(fd, "5", 1)
    close(fd)
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import StudyCore
import TerminalUI

/// The terminal UI: drawing a frame, reacting to a key, and the app's start-up to
/// its first full frame in a real pseudo-terminal.
enum UIBenchmarks {
    static let all: [Benchmark] = [
        Benchmark(name: "ui.render", summary: "draw one whole frame (frame, screen, footer) into a Canvas") { ctx in
            guard let bank = loadBank(&ctx) else { return }
            for (screen, size) in [("exam-choice", Size(width: 80, height: 24)), ("about-ccma", Size(width: 80, height: 24)),
                                   ("exam-choice", Size(width: 250, height: 70)), ("about-ccma", Size(width: 250, height: 70))] {
                let app = ScreenCatalog.app(named: screen, bank: bank, size: size, theme: .standard)!
                var canvas = Canvas(size: size, theme: .standard)
                for _ in 0..<(ctx.quick ? 20 : 400) {
                    ctx.sample("\(screen) \(size)") { app.render(into: &canvas) }
                }
            }
        },
        Benchmark(name: "ui.keystroke", summary: "a key through App.handle to a redrawn Canvas") { ctx in
            guard let bank = loadBank(&ctx) else { return }
            for size in [Size(width: 80, height: 24), Size(width: 250, height: 70)] {
                var choice = ScreenCatalog.app(named: "exam-choice", bank: bank, size: size, theme: .standard)!
                var about = ScreenCatalog.app(named: "about-ccma", bank: bank, size: size, theme: .standard)!
                var canvas = Canvas(size: size, theme: .standard)
                for i in 0..<(ctx.quick ? 20 : 400) {
                    ctx.sample("→ switch exam \(size)") {
                        _ = choice.handle(.key(.right))
                        choice.render(into: &canvas)
                    }
                    ctx.sample("↓ scroll facts \(size)") {
                        _ = about.handle(.key(i % 20 < 10 ? .down : .up))
                        about.render(into: &canvas)
                    }
                }
            }
        },
        Benchmark(name: "ui.startup", summary: "spawn statdeck in a pty until its first frame (first run, a profile, the heavy profile on doubled content); stats, exam --list, validate processes") { ctx in
            guard let binary = siblingBinary("statdeck") else {
                ctx.note("no statdeck binary beside statdeck-bench; build it in the same configuration")
                return
            }
            guard let pty = PseudoTerminal.open() else {
                ctx.note("could not open a pseudo-terminal; skipped")
                return
            }
            defer { close(pty.master) }
            ctx.note(linksSwiftRuntimeDynamically(binary)
                     ? "\(binary) loads the Swift runtime and Foundation as shared libraries: the shipped build (scripts/install.sh) links them in; build both with swift build -c release --static-swift-stdlib to measure that"
                     : "\(binary) has the Swift runtime and Foundation linked in (--static-swift-stdlib), as scripts/install.sh builds it")
            var env = ["TERM=xterm-256color", "LINES=24", "COLUMNS=80", "LANG=C.UTF-8",
                       "PATH=/usr/bin:/bin", "STATDECK_EXIT_AFTER_FIRST_FRAME=1"]
            if let home = getenv("HOME") { env.append("HOME=" + String(cString: home)) }
            let runs = ctx.quick ? 5 : 40
            // Process start alone, for comparison: the same binary printing its version.
            for _ in 0..<runs {
                _ = ctx.sample("statdeck --version (baseline)") { pty.spawn(binary, ["--version"], env: env) }
            }
            // Nothing of the user's: an empty data directory and content cache for every case.
            let scratch = SyntheticBank.temporaryDirectory("statdeck-bench-scratch")
            defer { scratch.map(SyntheticBank.remove) }
            if let scratch {
                env = setting(env, ["STATDECK_HOME=\(scratch)/first-run", "XDG_CACHE_HOME=\(scratch)/cache"])
            }
            for _ in 0..<runs {
                let r = ctx.sample("first frame, first run (shipped Data/)") { pty.spawn(binary, [], env: env) }
                if r.status != 0 { ctx.note("statdeck exited with \(r.status): \(r.output.suffix(200))") ; return }
            }
            if access(PeakMemoryHelper.time, X_OK) != 0 { ctx.note("no /usr/bin/time (GNU time): peak memory not measured") }
            ctx.figure("peak RSS, floor (/usr/bin/time on /bin/true)", PeakMemoryHelper.peakMB(pty, "/bin/true", [], env: env), unit: "MB")
            ctx.figure("peak RSS, first run", PeakMemoryHelper.peakMB(pty, binary, [], env: env), unit: "MB")
            // A returning user: the home screen counts what is due, so the banks are decoded first.
            var template = "/tmp/statdeck-bench-home-XXXXXX".utf8CString
            if let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) {
                let home = String(cString: made)
                defer { SyntheticBank.remove(home) }
                _ = pty.spawn(binary, ["users", "add", "bench", "--track", "cpt", "--data-dir", home], env: env)
                for _ in 0..<runs {
                    _ = ctx.sample("first frame, home screen of a profile (shipped Data/)") { pty.spawn(binary, [], env: setting(env, ["STATDECK_HOME=" + home])) }
                }
            }
            heavyProfile(&ctx, binary: binary, pty: pty, env: env, runs: runs)
        },
    ]

    /// The heavy profile of `progress.heavy` (300,000 reviews over three years, 200 mock
    /// exams) on both tracks' full banks plus a generated bank as large again: the home
    /// screen's first frame with the content cache cold (content just changed) and warm,
    /// and whole `stats --json`, `exam --list` and `validate` processes.
    static func heavyProfile(_ ctx: inout BenchContext, binary: String, pty: PseudoTerminal, env: [String], runs: Int) {
        guard case .found(let data) = ContentLocator().locate() else { return }
        let shipped = ContentLoader.load(from: data).bank
        guard let content = SyntheticBank.doubled(data, bank: shipped) else {
            ctx.note("could not write the doubled content; heavy profile skipped")
            return
        }
        defer { SyntheticBank.remove(content) }
        let bank = ContentLoader.load(from: content).bank
        ctx.figure("items, doubled content", Double(bank.questions.count + bank.flashcards.count), unit: "questions and cards")
        var areas: [String: String] = [:]
        for item in bank.items(for: "cpt") { areas[item.id] = item.domains["cpt"] }
        for item in bank.items(for: "ccma") where areas[item.id] == nil { areas[item.id] = item.domains["ccma"] }
        let heavy: HeavyProfile
        do {
            heavy = try HeavyProfile(reviews: ctx.quick ? 30_000 : 300_000, days: 3 * 365, attempts: ctx.quick ? 20 : 200,
                                     itemIDs: areas.keys.sorted(), areas: areas)
        } catch {
            ctx.note("could not build the heavy profile: \(error)")
            return
        }
        defer { heavy.remove() }
        // The 133 MiB just written would otherwise be flushed to disk under the timed rows below.
        sync()
        let cache = heavy.root + "/cache"
        // For profiling by hand: STATDECK_BENCH_KEEP=DIR keeps a copy of the workload there.
        if let keep = getenv("STATDECK_BENCH_KEEP").map({ String(cString: $0) }) {
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            try? FileManager.default.copyItem(atPath: content, toPath: keep + "/content")
            try? FileManager.default.copyItem(atPath: heavy.data.path, toPath: keep + "/data")
            ctx.note("workload kept in \(keep): STATDECK_CONTENT=\(keep)/content STATDECK_HOME=\(keep)/data")
        }
        let heavyEnv = setting(env, ["STATDECK_HOME=" + heavy.data.path, "STATDECK_CONTENT=" + content, "XDG_CACHE_HOME=" + cache])
        // Cold: the cache is gone (first start after the content changed): a full load first.
        for _ in 0..<(ctx.quick ? 2 : 5) {
            SyntheticBank.remove(cache)
            let r = ctx.sample("first frame, heavy home, cache cold") { pty.spawn(binary, [], env: heavyEnv) }
            if r.status != 0 { ctx.note("statdeck exited with \(r.status): \(r.output.suffix(300))"); return }
        }
        // Without the saved home summary (the first start of a study day, or after the profile
        // changed): the profile is read for the first frame. (Quitting at once, `=1`, saves no
        // summary; the quit of a real session does.)
        let summary = HomeSummaryCache.file(profileDirectory: heavy.data.profilePath("heavy"), in: cache + "/statdeck")
        unlink(summary)
        for _ in 0..<runs {
            _ = ctx.sample("first frame, heavy home, profile read (index cached, no usable summary)") { pty.spawn(binary, [], env: heavyEnv) }
        }
        // A returning user the same day: the first frame from the summary saved when a whole
        // session (banks decoded, log read) quit.
        _ = pty.spawn(binary, [], env: setting(heavyEnv, ["STATDECK_EXIT_AFTER_FIRST_FRAME=settled"]))
        if access(summary, F_OK) != 0 { ctx.note("no home summary was saved at the quit: the next row reads the profile") }
        // Alternating with `--version`, so that both see the machine in the same state (the
        // baseline row at the start of the run can be a millisecond off either way).
        for _ in 0..<runs {
            _ = ctx.sample("statdeck --version, alternating with the next row") { pty.spawn(binary, ["--version"], env: heavyEnv) }
            _ = ctx.sample("first frame, heavy home, from the saved summary") { pty.spawn(binary, [], env: heavyEnv) }
        }
        for _ in 0..<runs {
            let r = ctx.sample("process: stats --json, heavy") { pty.spawn(binary, ["stats", "--json", "--user", "heavy"], env: heavyEnv) }
            if r.status != 0 { ctx.note("stats exited with \(r.status): \(r.output.suffix(300))"); break }
        }
        for _ in 0..<runs {
            let r = ctx.sample("process: exam --list, heavy") { pty.spawn(binary, ["exam", "--list", "--user", "heavy"], env: heavyEnv) }
            if r.status != 0 { ctx.note("exam --list exited with \(r.status): \(r.output.suffix(300))"); break }
        }
        for _ in 0..<(ctx.quick ? 3 : 10) {
            _ = ctx.sample("process: validate, doubled content") { pty.spawn(binary, ["validate"], env: heavyEnv) }
        }
        // In process, what the home screen's first frame is made of (the host builds it from these).
        let tracks = ContentLoader.loadTracks(from: content).tracks
        for _ in 0..<runs {
            _ = ctx.sample("in process: tracks") { ContentLoader.loadTracks(from: content) }
            _ = ctx.sample("in process: stat signature of content (checked at every start)") { ContentFingerprint.statSignature(content) }
            _ = ctx.sample("in process: fingerprint of content (hashed when the signature differs)") { ContentFingerprint.of(content) }
            _ = ctx.sample("in process: home items from the cached index (both tracks)") {
                let source = ContentSource(directory: content, tracks: tracks, cacheDirectory: cache + "/statdeck")
                return tracks.map { source.outlineItems(for: $0.id).count }
            }
            _ = ctx.sample("in process: profile signature (checked when a summary is saved)") { ProfileSignature.of(heavy.data.profilePath("heavy")) }
            _ = ctx.sample("in process: saved home summary read") {
                HomeSummaryCache.load(profileDirectory: heavy.data.profilePath("heavy"), cacheDirectory: cache + "/statdeck")
            }
            let store = try? ctx.sample("in process: open heavy profile") { try ProgressStore.open(profile: "heavy", in: heavy.data) }
            _ = ctx.sample("in process: daily totals") { try? store?.dailyTotals() }
            try? store?.close()
        }
        // Peak memory, each through the helper (see `PeakMemoryHelper`). "Settled": the app
        // stays until the background decode of the banks and the scan of the review log are
        // done, as when the user reads the home screen, then quits.
        let settled = setting(heavyEnv, ["STATDECK_EXIT_AFTER_FIRST_FRAME=settled"])
        ctx.figure("peak RSS, heavy home, first frame", PeakMemoryHelper.peakMB(pty, binary, [], env: heavyEnv), unit: "MB")
        ctx.figure("peak RSS, heavy home, settled", PeakMemoryHelper.peakMB(pty, binary, [], env: settled), unit: "MB")
        ctx.figure("peak RSS, stats --json, heavy", PeakMemoryHelper.peakMB(pty, binary, ["stats", "--json", "--user", "heavy"], env: heavyEnv), unit: "MB")
        ctx.figure("peak RSS, exam --list, heavy", PeakMemoryHelper.peakMB(pty, binary, ["exam", "--list", "--user", "heavy"], env: heavyEnv), unit: "MB")
        ctx.figure("peak RSS, validate, doubled content", PeakMemoryHelper.peakMB(pty, binary, ["validate"], env: heavyEnv), unit: "MB")
    }

    /// `env` with the variables of `overrides` replaced (getenv takes the first match).
    static func setting(_ env: [String], _ overrides: [String]) -> [String] {
        let keys = Set(overrides.map { String($0.prefix { $0 != "=" }) })
        return env.filter { !keys.contains(String($0.prefix { $0 != "=" })) } + overrides
    }

    static func loadBank(_ ctx: inout BenchContext) -> ContentBank? {
        guard case .found(let dir) = ContentLocator().locate() else {
            ctx.note("no Data/ found; skipped")
            return nil
        }
        return ContentLoader.load(from: dir).bank
    }

    /// Whether the ELF file names `libswiftCore.so` as a library to load (a dynamic build).
    static func linksSwiftRuntimeDynamically(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return true }
        let needle = Array("libswiftCore.so".utf8)
        return data.withUnsafeBytes { raw in
            let b = raw.bindMemory(to: UInt8.self)
            guard b.count >= needle.count else { return false }
            var i = 0
            while i <= b.count - needle.count {
                if b[i] == needle[0] && b[i + 1] == needle[1] && Array(b[i..<(i + needle.count)]) == needle { return true }
                i += 1
            }
            return false
        }
    }

    /// An executable in the same directory as this benchmark program.
    static func siblingBinary(_ name: String) -> String? {
        guard let exe = ContentLocator.currentExecutablePath(), let slash = exe.lastIndex(of: "/") else { return nil }
        let path = String(exe[..<slash]) + "/" + name
        return access(path, X_OK) == 0 ? path : nil
    }
}

/// Peak memory of a spawned program. Linux carries a parent's peak resident size into a
/// child that it spawns with `posix_spawn` (exec records the old address space's high-water
/// mark), so a child of this benchmark, which holds a generated 300,000-review profile, would
/// report at least the benchmark's own peak. GNU time (`/usr/bin/time`) forks from its own
/// small process instead, so its `%M` is the program's own peak (at least time's size, about
/// 2 MB: `floor`, measured with `/bin/true`).
enum PeakMemoryHelper {
    static let time = "/usr/bin/time"

    /// The peak RSS in KB of `path args` run in `pty` under GNU time; nil when it failed.
    static func measure(_ pty: PseudoTerminal, _ path: String, _ args: [String], env: [String]) -> Int? {
        guard access(time, X_OK) == 0 else { return nil }
        let file = "/tmp/statdeck-bench-peak-\(getpid())"
        defer { unlink(file) }
        _ = pty.spawn(time, ["-f", "%M", "-o", file, path] + args, env: env)
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        // GNU time puts "Command exited with non-zero status N" first when it did.
        return String(decoding: data, as: UTF8.self).split(separator: "\n").last.flatMap { Int($0) }
    }

    /// The largest of three measured runs, in MB (0 when GNU time is not installed).
    static func peakMB(_ pty: PseudoTerminal, _ path: String, _ args: [String], env: [String]) -> Double {
        Double((0..<3).compactMap { _ in measure(pty, path, args, env: env) }.max() ?? 0) / 1024
    }
}

/// A pseudo-terminal to run the full-screen app in without a real terminal. The
/// pty functions are looked up at run time: Swift's Glibc module does not export them.
struct PseudoTerminal {
    let master: Int32
    let slavePath: String

    /// The outcome of one run.
    struct Run {
        var status: Int32
        var peakKB: Int
        var output: String
    }

    static func open() -> PseudoTerminal? {
        typealias IntFn = @convention(c) (Int32) -> Int32
        typealias NameFn = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32
        guard let lib = dlopen(nil, RTLD_NOW),
              let o = dlsym(lib, "posix_openpt"), let g = dlsym(lib, "grantpt"),
              let u = dlsym(lib, "unlockpt"), let n = dlsym(lib, "ptsname_r") else { return nil }
        let fd = unsafeBitCast(o, to: IntFn.self)(O_RDWR | O_NOCTTY)
        guard fd >= 0, unsafeBitCast(g, to: IntFn.self)(fd) == 0, unsafeBitCast(u, to: IntFn.self)(fd) == 0 else { return nil }
        var name = [CChar](repeating: 0, count: 128)
        guard unsafeBitCast(n, to: NameFn.self)(fd, &name, name.count) == 0 else { return nil }
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return PseudoTerminal(master: fd, slavePath: path)
    }

    /// Runs `path args` with the pty as stdin, stdout and stderr; drains its output
    /// until it exits; returns its exit status and peak memory.
    func spawn(_ path: String, _ args: [String], env: [String]) -> Run {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        let argv = ([path] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else { return Run(status: -1, peakKB: 0, output: "") }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var status: Int32 = 0
        var usage = rusage()
        while true {
            var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, 2) > 0 {
                let n = read(master, &buffer, buffer.count)
                if n > 0 { output += buffer[0..<n] }
            }
            if wait4(pid, &status, WNOHANG, &usage) == pid { break }
        }
        // What is still buffered in the pty belongs to this run.
        var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        while poll(&p, 1, 0) > 0, read(master, &buffer, buffer.count) > 0 {}
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Run(status: code, peakKB: Int(usage.ru_maxrss), output: String(decoding: output, as: UTF8.self))
    }
}

/// Throwaway content directories for the benchmarks.
enum SyntheticBank {
    static func temporaryDirectory(_ prefix: String) -> String? {
        var template = "/tmp/\(prefix)-XXXXXX".utf8CString
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { return nil }
        return String(cString: made)
    }

    /// A copy of the shipped content (`data`, loaded as `bank`) plus generated questions, as
    /// many as the shipped questions and cards together, spread over both tracks' leaf
    /// areas in files of 150: twice the items.
    static func doubled(_ data: String, bank: ContentBank) -> String? {
        guard let dir = temporaryDirectory("statdeck-bench-content") else { return nil }
        let fm = FileManager.default
        do {
            for sub in ["tracks", "facts", "questions", "flashcards"] {
                try fm.copyItem(atPath: "\(data)/\(sub)", toPath: "\(dir)/\(sub)")
            }
            try fm.createDirectory(atPath: "\(dir)/questions/generated", withIntermediateDirectories: true)
            let count = bank.questions.count + bank.flashcards.count
            var areas: [(track: String, area: String, facts: [String])] = []
            for track in bank.tracks {
                for leaf in track.leafAreas {
                    let facts = bank.questions.first { $0.domains[track.id] == leaf.id }?.facts ?? []
                    if !facts.isEmpty { areas.append((track.id, leaf.id, facts)) }
                }
            }
            guard !areas.isEmpty else { remove(dir); return nil }
            // Wording drawn from the real bank's words (seeded), so items are as long as real
            // ones and as different from each other (the validator compares every pair).
            var vocabulary = Set<String>()
            for q in bank.questions {
                for w in (q.stem + " " + q.choices.joined(separator: " ") + " " + q.explanation).split(separator: " ") {
                    let word = w.filter { $0.isLetter || $0.isNumber }
                    if word.count > 2 { vocabulary.insert(word) }
                }
            }
            let words = vocabulary.sorted()
            guard words.count > 100 else { remove(dir); return nil }
            var rng = SeededRandom(seed: 2026)
            func text(_ n: Int) -> String { (0..<n).map { _ in words[rng.stableIndex(below: words.count)] }.joined(separator: " ") }
            var file = 0
            var start = 0
            while start < count {
                let end = min(count, start + 150)
                var json = "[\n"
                for i in start..<end {
                    let a = areas[i % areas.count]
                    let facts = a.facts.map { "\"\($0)\"" }.joined(separator: ", ")
                    let choices = (0..<4).map { _ in "\"" + text(4 + rng.stableIndex(below: 6)) + "\"" }.joined(separator: ", ")
                    let rationales = (0..<4).map { _ in "\"" + text(8 + rng.stableIndex(below: 8)) + ".\"" }.joined(separator: ", ")
                    json += """
                          {
                            "id": "gen-\(a.track)-\(i)",
                            "type": "single",
                            "domains": {"\(a.track)": "\(a.area)"},
                            "stem": "\(text(12 + rng.stableIndex(below: 14)))?",
                            "choices": [\(choices)],
                            "answer": \(i % 4),
                            "explanation": "\(text(25 + rng.stableIndex(below: 20))).",
                            "rationales": [\(rationales)],
                            "difficulty": \(1 + i % 3),
                            "facts": [\(facts)],
                            "tags": ["generated"]
                          }
                        """
                    json += i + 1 < end ? ",\n" : "\n]\n"
                }
                try json.write(toFile: "\(dir)/questions/generated/part-\(file).json", atomically: true, encoding: .utf8)
                file += 1
                start = end
            }
            return dir
        } catch {
            remove(dir)
            return nil
        }
    }

    static func remove(_ dir: String) { try? FileManager.default.removeItem(atPath: dir) }
}

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
        Benchmark(name: "ui.startup", summary: "spawn statdeck in a pty until its first full frame is drawn and it exits") { ctx in
            guard let binary = siblingBinary("statdeck") else {
                ctx.note("no statdeck binary beside statdeck-bench; build it in the same configuration")
                return
            }
            guard let pty = PseudoTerminal.open() else {
                ctx.note("could not open a pseudo-terminal; skipped")
                return
            }
            defer { close(pty.master) }
            var env = ["TERM=xterm-256color", "LINES=24", "COLUMNS=80", "LANG=C.UTF-8",
                       "PATH=/usr/bin:/bin", "STATDECK_EXIT_AFTER_FIRST_FRAME=1"]
            if let home = getenv("HOME") { env.append("HOME=" + String(cString: home)) }
            let runs = ctx.quick ? 5 : 40
            var peak = 0
            // Process start alone, for comparison: the same binary printing its version.
            for _ in 0..<runs {
                _ = ctx.sample("statdeck --version (baseline)") { pty.spawn(binary, ["--version"], env: env) }
            }
            for _ in 0..<runs {
                let r = ctx.sample("first frame, shipped Data/") { pty.spawn(binary, [], env: env) }
                peak = max(peak, r.peakKB)
                if r.status != 0 { ctx.note("statdeck exited with \(r.status): \(r.output.suffix(200))") ; return }
            }
            ctx.figure("peak RSS, shipped Data/", Double(peak) / 1024, unit: "MB")
            // A returning user: the home screen counts what is due, so the banks are decoded first.
            var template = "/tmp/statdeck-bench-home-XXXXXX".utf8CString
            if let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) {
                let home = String(cString: made)
                defer { SyntheticBank.remove(home) }
                _ = pty.spawn(binary, ["users", "add", "bench", "--track", "cpt", "--data-dir", home], env: env)
                var homePeak = 0
                for _ in 0..<runs {
                    let r = ctx.sample("first frame, home screen of a profile") { pty.spawn(binary, [], env: env + ["STATDECK_HOME=" + home]) }
                    homePeak = max(homePeak, r.peakKB)
                }
                ctx.figure("peak RSS, home screen of a profile", Double(homePeak) / 1024, unit: "MB")
            }
            // A bank of 2,000 questions, to see what loading it before the first frame costs.
            if let dir = SyntheticBank.write(questions: ctx.quick ? 200 : 2000) {
                defer { SyntheticBank.remove(dir) }
                var bigPeak = 0
                for _ in 0..<runs {
                    let r = ctx.sample("first frame, 2,000-item bank") { pty.spawn(binary, [], env: env + ["STATDECK_CONTENT=" + dir]) }
                    bigPeak = max(bigPeak, r.peakKB)
                }
                ctx.figure("peak RSS, 2,000-item bank", Double(bigPeak) / 1024, unit: "MB")
            }
        },
    ]

    static func loadBank(_ ctx: inout BenchContext) -> ContentBank? {
        guard case .found(let dir) = ContentLocator().locate() else {
            ctx.note("no Data/ found; skipped")
            return nil
        }
        return ContentLoader.load(from: dir).bank
    }

    /// An executable in the same directory as this benchmark program.
    static func siblingBinary(_ name: String) -> String? {
        guard let exe = ContentLocator.currentExecutablePath(), let slash = exe.lastIndex(of: "/") else { return nil }
        let path = String(exe[..<slash]) + "/" + name
        return access(path, X_OK) == 0 ? path : nil
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

/// A throwaway content directory: the shipped tracks plus generated questions.
enum SyntheticBank {
    static func write(questions count: Int) -> String? {
        guard case .found(let data) = ContentLocator().locate() else { return nil }
        var template = "/tmp/statdeck-bench-XXXXXX".utf8CString
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { return nil }
        let dir = String(cString: made)
        let fm = FileManager.default
        do {
            for sub in ["tracks", "facts"] {
                try fm.createDirectory(atPath: "\(dir)/\(sub)", withIntermediateDirectories: true)
                for f in (try? fm.contentsOfDirectory(atPath: "\(data)/\(sub)")) ?? [] {
                    try fm.copyItem(atPath: "\(data)/\(sub)/\(f)", toPath: "\(dir)/\(sub)/\(f)")
                }
            }
            try fm.createDirectory(atPath: "\(dir)/questions/cpt", withIntermediateDirectories: true)
            let domains = ["safety-compliance", "patient-preparation", "routine-collections", "special-collections", "processing"]
            var json = "[\n"
            for i in 0..<count {
                let d = domains[i % domains.count]
                json += """
                    {"id": "bench-\(i)", "type": "single", "domains": {"cpt": "\(d)"},
                     "stem": "Benchmark question \(i): which of these tubes is drawn after the blood cultures in a routine multi-tube draw?",
                     "choices": ["Light blue \(i)", "Lavender \(i)", "Gold \(i)", "Gray \(i)"], "answer": \(i % 4),
                     "explanation": "Generated for timing only; the wording is not content.",
                     "rationales": ["a", "b", "c", "d"], "difficulty": \(1 + i % 3), "facts": ["F1"], "tags": ["bench"]}
                    """
                json += i + 1 < count ? ",\n" : "\n]\n"
            }
            try json.write(toFile: "\(dir)/questions/cpt/bench.json", atomically: true, encoding: .utf8)
            return dir
        } catch {
            remove(dir)
            return nil
        }
    }

    static func remove(_ dir: String) { try? FileManager.default.removeItem(atPath: dir) }
}

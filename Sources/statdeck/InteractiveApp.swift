import ArgumentParser
import Glibc
import StudyCore
import TerminalBackend
import TerminalUI

/// The full-screen app: checks the terminal, loads the content, runs the screens.
struct InteractiveApp {
    var contentOptions: ContentOptions
    var noColor: Bool
    /// Where the profiles live.
    var data: DataDirectory
    /// The profile to open (`--user`); nil: the only one, or the picker.
    var user: String? = nil
    var clock: StudyClock = .system
    /// What to open first instead of the home screen (`statdeck study`).
    var request: StudyRequest? = nil

    /// Environment switches for tests and benchmarks (not for users):
    /// `STATDECK_EXIT_AFTER_FIRST_FRAME=1` quits once the first frame is drawn (`=settled`:
    /// once the background decode of the banks and scan of the review log are done too);
    /// `STATDECK_DEBUG_FAIL=crash|throw` crashes or throws right after it, to test
    /// that the terminal is restored on those paths.
    enum Switch {
        static let exitAfterFirstFrame = "STATDECK_EXIT_AFTER_FIRST_FRAME"
        static let debugFail = "STATDECK_DEBUG_FAIL"
    }

    /// An error thrown on purpose by `STATDECK_DEBUG_FAIL=throw`.
    struct DebugFailure: Error, CustomStringConvertible {
        var description: String { "failed on purpose (STATDECK_DEBUG_FAIL=throw)" }
    }

    /// Before any full-screen command creates anything: a UTF-8 locale, a terminal on both
    /// stdin and stdout (exit 2 with a message otherwise; subcommands without a screen still
    /// work), and a `$TERM` that can position the cursor (exit 1).
    static func checkTerminal() throws {
        do {
            try TerminalLocale.adoptUTF8()
        } catch {
            Stderr.write("statdeck: \(error)\n")
            throw ExitCode(error.exitStatus)
        }
        do {
            try CursesTerminal.preflight()
        } catch {
            Stderr.write("statdeck: \(error)\n")
            throw ExitCode(error.exitStatus)
        }
    }

    func run() throws {
        let env = ProcessEnvironment.current
        try InteractiveApp.checkTerminal()
        let dir = try contentOptions.contentDirectory()
        // Only the tracks are read here. The home screen counts from the content index
        // (cached under $XDG_CACHE_HOME/statdeck); the banks are decoded in the background
        // once the first frame is drawn, or at once when a screen needs them first.
        let loaded = ContentLoader.loadTracks(from: dir)
        guard !loaded.tracks.isEmpty else {
            for d in loaded.diagnostics.filter({ $0.severity == .error }).prefix(10) { Stderr.write("\(d)\n") }
            Stderr.write("statdeck: no exam tracks could be loaded from \(dir); run 'statdeck validate' for details\n")
            throw ExitCode(1)
        }

        let content = ContentSource(directory: dir, tracks: loaded.tracks, cacheDirectory: ContentCache.directory(environment: env))
        let host = StudyHost(content: content, data: data, clock: clock)
        let root: any Screen
        do {
            root = try host.firstScreen(user: user, request: request)
        } catch {
            Stderr.write("statdeck: \(error)\n")
            throw ExitCode(1)
        }
        let app = App(root: root, size: App.minimumSize)
        // Settings > Theme; a change in Settings applies at once (`Effect.applyTheme`).
        let options = TerminalLoop.Options(noColor: noColor, environment: env,
                                           exitAfterFirstFrame: env[Switch.exitAfterFirstFrame] != nil,
                                           themeName: host.store?.settings.theme ?? "default")
        let debugFail = env[Switch.debugFail]
        let outcome: TerminalLoop.Outcome
        do {
            outcome = try MainActor.assumeIsolated {
                try TerminalLoop.run(app, options: options, perform: { try host.perform($0) }, afterFirstFrame: {
                    // While the user reads the first screen: the banks and the review log.
                    host.firstFrameDrawn = true
                    // Not when quitting at once (`=1`, benchmarks): the threads would only be cut short.
                    if env[Switch.exitAfterFirstFrame] == nil || env[Switch.exitAfterFirstFrame] == "settled" {
                        host.content.decodeInBackground()
                        host.digestInBackground()
                    }
                    if env[Switch.exitAfterFirstFrame] == "settled" {
                        _ = host.content.bank
                        _ = host.digest()
                    }
                    if debugFail == "crash" { fatalError("crashed on purpose (STATDECK_DEBUG_FAIL=crash)") }
                    if debugFail == "throw" { throw DebugFailure() }
                })
            }
        } catch let error as TerminalStartError {
            Stderr.write("statdeck: \(error)\n")
            throw ExitCode(error.exitStatus)
        } catch {
            // The terminal is already restored: say what went wrong on the normal screen.
            Stderr.write("statdeck: \(error)\n")
            throw ExitCode(1)
        }
        do {
            try host.close()
        } catch {
            Stderr.write("statdeck: your progress could not be saved: \(error)\n")
            throw ExitCode(1)
        }
        if case .signal(let sig) = outcome { Signals.reraise(sig) }
    }
}

/// Writes to standard error without touching the C `stderr` global.
enum Stderr {
    static func write(_ text: String) {
        var s = text
        s.withUTF8 { buf in _ = Glibc.write(STDERR_FILENO, buf.baseAddress, buf.count) }
    }
}

/// The process environment as a dictionary.
enum ProcessEnvironment {
    static var current: [String: String] {
        var out: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { out[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return out
    }
}

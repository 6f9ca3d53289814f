import ArgumentParser
import Foundation
import Glibc
import StudyCore
import TerminalBackend
import TerminalUI

/// The full-screen app: checks the terminal, loads the content, runs the screens.
struct InteractiveApp {
    /// The content directory given with `--content` (nil: found as usual).
    var content: String?
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
    /// that the terminal is restored on those paths; `STATDECK_DEBUG_FAIL=disk-full` makes
    /// every write to the review log fail as on a full disk (the failed-quit test).
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
        let dir = try ContentOptions.contentDirectory(explicit: content)
        // Only the tracks are read here. The home screen counts from the content index
        // (cached under $XDG_CACHE_HOME/statdeck); the banks are decoded in the background
        // once the first frame is drawn, or at once when a screen needs them first.
        let loaded = ContentLoader.loadTracks(from: dir)
        guard !loaded.tracks.isEmpty else {
            for d in loaded.diagnostics.filter({ $0.severity == .error }).prefix(10) { Stderr.write("\(d)\n") }
            Stderr.write("statdeck: no exam tracks could be loaded from \(dir); run 'statdeck validate' for details\n")
            throw ExitCode(1)
        }

        let cacheDirectory = ContentCache.directory(environment: env)
        let content = ContentSource(directory: dir, tracks: loaded.tracks, cacheDirectory: cacheDirectory)
        let host = StudyHost(content: content, data: data, clock: clock)
        host.summaryCacheDirectory = cacheDirectory
        // Everything after the first frame is done, except when quitting at once (`=1`,
        // benchmarks): then not the profile's open, the background work or the quit's summary.
        let carriesOn = env[Switch.exitAfterFirstFrame] == nil || env[Switch.exitAfterFirstFrame] == "settled"
        host.savesHomeSummary = carriesOn
        if env[Switch.debugFail] == "disk-full" { host.storeIO = DiskFullLogIO() }
        var app = try firstApp(host)
        let debugFail = env[Switch.debugFail]
        while true {
            let outcome: TerminalLoop.Outcome
            // Settings > Theme; a change in Settings applies at once (`Effect.applyTheme`).
            let options = TerminalLoop.Options(noColor: noColor, environment: env,
                                               exitAfterFirstFrame: env[Switch.exitAfterFirstFrame] != nil,
                                               themeName: host.store?.settings.theme ?? host.deferredTheme ?? "default")
            do {
                outcome = try MainActor.assumeIsolated { [app] in
                    try TerminalLoop.run(app, options: options, perform: { try host.perform($0) }, afterFirstFrame: {
                        // A first frame from the saved home summary: the profile now.
                        if carriesOn { try host.openDeferred() }
                        // While the user reads the first screen: the banks and the review log.
                        host.firstFrameDrawn = true
                        if carriesOn {
                            host.content.decodeInBackground()
                            host.digestInBackground(after: host.content.backgroundDecode)
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
            } catch let error as StoreError where host.deferredProfile != nil {
                // The profile behind a first frame from its saved summary did not open (the
                // terminal is restored, nothing was changed): as for any start.
                try offerRepair(error)
                host.forgetDeferred()
                app = try firstApp(host)
                continue
            } catch {
                // The terminal is already restored: say what went wrong on the normal screen.
                Stderr.write("statdeck: \(error)\n")
                saveOrRecover(host, interactive: false)
                throw ExitCode(1)
            }
            var interactive = isatty(STDIN_FILENO) == 1
            if case .signal = outcome { interactive = false }
            if case .firstFrameShown = outcome { interactive = false }
            switch saveOrRecover(host, interactive: interactive) {
            case .saved:
                if case .signal(let sig) = outcome { Signals.reraise(sig) }
                // Everything is saved and the terminal restored: quit now, without freeing
                // the banks and the profile object by object on the way out.
                Glibc.exit(0)
            case .goBack:
                app = App(root: host.home(), size: App.minimumSize)
                continue
            case .notSaved:
                if case .signal(let sig) = outcome { Signals.reraise(sig) }
                throw ExitCode(1)
            }
        }
    }

    /// The app on its first screen: the home screen of the profile (drawn from its saved
    /// summary when that still holds, see `StudyHost.savedHome`), the picker, or "CPT or
    /// CCMA?"; a damaged file is offered its repairs first.
    func firstApp(_ host: StudyHost) throws -> App {
        var root: any Screen
        while true {
            do {
                root = try host.firstScreen(user: user, request: request)
                break
            } catch {
                try offerRepair(error)
            }
        }
        var app = App(root: root, size: App.minimumSize)
        if let notice = host.startNotice() { app.showNotice(notice) }
        return app
    }

    /// A profile that could not be opened: a damaged file's repairs on the normal screen (it
    /// returns once one is made, to try again), else the error and exit status 1.
    func offerRepair(_ error: any Error) throws {
        guard let error = error as? StoreError else {
            Stderr.write("statdeck: \(error)\n")
            throw ExitCode(1)
        }
        guard case .corrupt(_, let recovery) = error, !recovery.isEmpty, isatty(STDIN_FILENO) == 1,
              let way = Self.chooseRepair(error, recovery) else {
            Stderr.write("statdeck: \(error)\n" + repairHint(error))
            throw ExitCode(1)
        }
        do {
            try ProgressStore.recover(way, profile: Self.profileName(of: way.file), in: data)
            Stderr.write("statdeck: repaired: \(way) (the damaged file was kept beside it)\n")
        } catch {
            Stderr.write("statdeck: the repair failed: \(error)\n")
            throw ExitCode(1)
        }
    }

    enum CloseOutcome { case saved, goBack, notSaved }

    /// Shows a damaged-file error and its repairs as a numbered list; nil when the user quits.
    static func chooseRepair(_ error: StoreError, _ recovery: [Recovery]) -> Recovery? {
        var text = "statdeck: \(error)\n"
        for (n, way) in recovery.enumerated() { text += "  \(n + 1)  \(way)\n" }
        text += "  q  quit (nothing is changed)\nYour choice: "
        Stderr.write(text)
        guard let answer = readLine()?.trimmingCharacters(in: .whitespaces), let n = Int(answer),
              (1...recovery.count).contains(n) else { return nil }
        return recovery[n - 1]
    }

    /// The profile a profile file belongs to (`.../profiles/NAME/...`).
    static func profileName(of file: String) -> String {
        guard let range = file.range(of: "/profiles/", options: .backwards) else { return "" }
        return String(file[range.upperBound...].prefix { $0 != "/" })
    }

    /// Closes the profile, retrying a few times. When changes still cannot be saved, says so
    /// plainly and (at a terminal) offers to go back into the app or to write them to a
    /// recovery file the next start imports; without a terminal it writes that file at once.
    @discardableResult
    func saveOrRecover(_ host: StudyHost, interactive: Bool) -> CloseOutcome {
        var lastError: (any Error)?
        for attempt in 0..<3 {
            do {
                try host.close()
                return .saved
            } catch {
                lastError = error
                if attempt < 2 { usleep(300_000) }
            }
        }
        guard let store = host.store, store.unsavedCount > 0 else {
            Stderr.write("statdeck: \(lastError.map { "\($0)" } ?? "the profile could not be closed")\n")
            return .notSaved
        }
        let count = store.unsavedCount
        let what = "\(count) unsaved change\(count == 1 ? "" : "s") (reviews, settings or a mock exam)"
        Stderr.write("statdeck: \(what) could not be saved after 3 tries: \(lastError.map(plain) ?? "unknown error")\n")
        var choice = "w"
        if interactive {
            Stderr.write("""
              Enter  go back to StatDeck (the changes stay in memory; it tries again at your next answer and when you quit)
              w      write them to a recovery file in the profile folder; the next start adds them back
              q      quit without them (they are lost)
            Your choice: 
            """)
            choice = (readLine() ?? "w").trimmingCharacters(in: .whitespaces).lowercased()
        }
        switch choice {
        case "":
            return .goBack
        case "q":
            Stderr.write("statdeck: quit without saving \(what).\n")
            return .notSaved
        default:
            do {
                let home = ProcessEnvironment.current["HOME"].map { [$0] } ?? []
                let path = try store.writePendingRecovery(fallbackDirectories: home)
                Stderr.write("statdeck: the unsaved reviews were written to \(path); the next start of StatDeck adds them back"
                             + (path.hasPrefix(store.files.directory + "/") ? "" : " once you move the file into \(store.files.directory)") + ".\n")
            } catch {
                Stderr.write("statdeck: the unsaved reviews could not be written anywhere either (\(plain(error))): they are lost.\n")
            }
            return .notSaved
        }
    }

    private func plain(_ error: any Error) -> String {
        // The store's own "kept in memory and will be saved at the next try" is not true at a quit.
        "\(error)".replacingOccurrences(of: #" \d+ unsaved changes? (is|are) kept in memory and will be saved at the next try\."#,
                                         with: "", options: .regularExpression)
    }
}

/// A file layer whose writes to the review log fail as on a full disk (`STATDECK_DEBUG_FAIL=disk-full`).
struct DiskFullLogIO: FileIO {
    let base = POSIXFileIO()
    func open(_ path: String, _ access: FileAccess) throws(FileIOError) -> OpenFile { try base.open(path, access) }
    func close(_ file: OpenFile) { base.close(file) }
    func read(_ file: OpenFile, count: Int, at offset: Int) throws(FileIOError) -> [UInt8] { try base.read(file, count: count, at: offset) }
    func write(_ file: OpenFile, _ bytes: [UInt8], at offset: Int) throws(FileIOError) {
        if file.path.hasSuffix("/reviews.jsonl") { throw FileIOError(.write, file.path, code: ENOSPC) }
        try base.write(file, bytes, at: offset)
    }
    func sync(_ file: OpenFile) throws(FileIOError) { try base.sync(file) }
    func truncate(_ file: OpenFile, to size: Int) throws(FileIOError) { try base.truncate(file, to: size) }
    func size(_ file: OpenFile) throws(FileIOError) -> Int { try base.size(file) }
    func lock(_ file: OpenFile) throws(FileIOError) -> Bool { try base.lock(file) }
    func syncDirectory(_ path: String) throws(FileIOError) { try base.syncDirectory(path) }
    func rename(_ from: String, to: String) throws(FileIOError) { try base.rename(from, to: to) }
    func link(_ from: String, to: String) throws(FileIOError) { try base.link(from, to: to) }
    func remove(_ path: String) throws(FileIOError) { try base.remove(path) }
    func makeDirectory(_ path: String) throws(FileIOError) { try base.makeDirectory(path) }
    func entries(of directory: String) throws(FileIOError) -> [String] { try base.entries(of: directory) }
    func kind(of path: String) -> FileKind? { base.kind(of: path) }
}

/// Writes to standard error without touching the C `stderr` global.
enum Stderr {
    static func write(_ text: String) {
        var s = text
        s.withUTF8 { buf in _ = Glibc.write(STDERR_FILENO, buf.baseAddress, buf.count) }
    }
}

/// The process environment as a dictionary, read once (StatDeck sets no variable it reads).
enum ProcessEnvironment {
    static let current: [String: String] = read()

    private static func read() -> [String: String] {
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

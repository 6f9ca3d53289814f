import Foundation
import Testing

/// A private tmux server (`tmux -L <unique socket> -f /dev/null`) with one detached
/// session, for driving the real binary like a user. Every wait is a bounded poll of
/// `capture-pane`; nothing sleeps for a fixed time to let the app "settle".
final class TmuxSession {
    static var isAvailable: Bool { Shell.which("tmux") != nil }

    private static let counter = Counter()
    let socket: String
    let name = "e2e"
    /// Seconds a wait gives up after. Generous: the machine may be busy building or testing.
    var timeout: Double = 10

    /// Starts `command` in a new detached session of `width` x `height`, with extra
    /// environment variables. The pane stays after the program exits, so its exit
    /// status can be read.
    init(command: [String], width: Int = 80, height: Int = 24, environment: [String: String] = [:]) throws {
        socket = "statdeck-e2e-\(getpid())-\(TmuxSession.counter.next())"
        var args = ["set-option", "-g", "remain-on-exit", "on", ";", "new-session", "-d", "-s", name,
                    "-x", String(width), "-y", String(height)]
        for (k, v) in environment.sorted(by: { $0.key < $1.key }) { args += ["-e", "\(k)=\(v)"] }
        args += command
        // The server (and so every pane) starts from this environment. NO_COLOR is
        // dropped so each test decides it (SwiftPM sets it for test processes).
        var base = ProcessInfo.processInfo.environment
        base["NO_COLOR"] = nil
        base["TMUX"] = nil
        let r = Shell.run(["tmux", "-L", socket, "-f", "/dev/null"] + args, environment: base)
        guard r.status == 0 else { throw E2EError("tmux new-session failed: \(r.stderr)") }
        socketPath = tmux(["display-message", "-p", "#{socket_path}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Where the server's socket file is, to remove it afterwards.
    private var socketPath = ""

    deinit {
        _ = tmux(["kill-server"])
        if !socketPath.isEmpty { unlink(socketPath) }
    }

    @discardableResult
    func tmux(_ args: [String]) -> Shell.Result {
        Shell.run(["tmux", "-L", socket, "-f", "/dev/null"] + args)
    }

    /// The screen as plain text (`-N` keeps trailing blanks, so every row has its full width).
    func screen(keepBlanks: Bool = false) -> String {
        tmux(["capture-pane", "-p", "-t", name] + (keepBlanks ? ["-N"] : [])).stdout
    }

    /// The screen with its colours and attributes as SGR escape sequences.
    func screenWithStyles() -> String { tmux(["capture-pane", "-p", "-e", "-t", name]).stdout }

    /// A tmux format for the pane, e.g. `#{alternate_on}`.
    func pane(_ format: String) -> String {
        tmux(["display-message", "-p", "-t", name, format]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func send(_ keys: String...) { tmux(["send-keys", "-t", name] + keys) }
    func type(_ text: String) { tmux(["send-keys", "-t", name, "-l", text]) }

    func resize(width: Int, height: Int) {
        tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// Waits until `condition` holds for the screen; fails the test with the last screen if it never does.
    @discardableResult
    func waitFor(_ what: String, sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = screen()
            if condition(last) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record(Comment(rawValue: "timed out after \(timeout) s waiting for \(what); the screen was:\n\(last)"),
                     sourceLocation: sourceLocation)
        return false
    }

    /// Waits until a pane format (e.g. `#{alternate_on}`) reads `expected`: tmux may still be
    /// parsing the program's last output when its exit is first seen.
    @discardableResult
    func waitForPane(_ format: String, toRead expected: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = pane(format)
            if last == expected { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record(Comment(rawValue: "timed out after \(timeout) s waiting for \(format) to read '\(expected)'; it read '\(last)'"),
                     sourceLocation: sourceLocation)
        return false
    }

    /// Waits until the screen shows `text`.
    @discardableResult
    func waitFor(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        waitFor("'\(text)'", sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// Waits until the pane's program has exited and returns its status
    /// (`exit N` or `signal N`). Nudges the server with SIGCHLD when the exit is
    /// seen without a status: Debian's tmux can lose the SIGCHLD (tmux#311).
    func waitForExit(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let st = pane("#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}")
            let parts = st.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if parts.count == 3, parts[0] == "1" {
                if !parts[1].isEmpty { return "exit \(parts[1])" }
                if !parts[2].isEmpty { return "signal \(parts[2])" }
                if let pid = Int32(pane("#{pid}")) { kill(pid, SIGCHLD) }
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("timed out waiting for the program to exit", sourceLocation: sourceLocation)
        return nil
    }

    private final class Counter: @unchecked Sendable {
        private var n = 0
        private let lock = NSLock()
        func next() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
    }
}

/// An interactive bash in a tmux pane, for what only a shell shows: exit statuses
/// after signals, the terminal modes (`stty`) before and after, job control.
final class ShellSession {
    let tmux: TmuxSession
    private var marker = 0

    init(environment: [String: String] = [:]) throws {
        var env = environment
        env["PS1"] = "$ "
        tmux = try TmuxSession(command: ["bash", "--norc", "--noprofile", "-i"], environment: env)
        tmux.waitFor("the shell prompt") { $0.contains("$") }
    }

    /// Runs a command line and waits for it to finish; returns its exit status and the
    /// screen. (Do not use it for commands killed by SIGINT: bash drops the rest of the line.)
    @discardableResult
    func run(_ command: String, sourceLocation: SourceLocation = #_sourceLocation) -> (status: Int?, screen: String) {
        marker += 1
        let tag = "@@done\(marker)"
        tmux.send("clear; \(command); echo \"\(tag) rc=$?\"", "Enter")
        func status(_ screen: String) -> Int? {
            for line in screen.split(separator: "\n") where line.hasPrefix("\(tag) rc=") {
                if let n = Int(line.dropFirst(tag.count + 4).prefix { $0.isNumber }) { return n }
            }
            return nil
        }
        tmux.waitFor("'\(tag)'", sourceLocation: sourceLocation) { status($0) != nil }
        let screen = tmux.screen()
        return (status(screen), screen)
    }

    /// Starts a command in the foreground without waiting for it.
    func start(_ command: String) { tmux.send("clear; \(command)", "Enter") }

    /// The exit status (`$?`) of the command that just finished.
    func lastStatus(sourceLocation: SourceLocation = #_sourceLocation) -> Int? {
        marker += 1
        let tag = "@@rc\(marker)="
        tmux.send("echo \"\(tag)$?\"", "Enter")
        func status(_ screen: String) -> Int? {
            for line in screen.split(separator: "\n") where line.hasPrefix(tag) {
                if let n = Int(line.dropFirst(tag.count).prefix { $0.isNumber }) { return n }
            }
            return nil
        }
        tmux.waitFor("'\(tag)'", sourceLocation: sourceLocation) { status($0) != nil }
        return status(tmux.screen())
    }

    /// The pid of the shell in the pane.
    var shellPID: Int32 { Int32(tmux.pane("#{pane_pid}")) ?? -1 }

    /// Waits until the shell has no `statdeck` child left.
    func waitForNoApp(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let deadline = Date().addingTimeInterval(tmux.timeout)
        while Date() < deadline {
            if Shell.children(of: shellPID, named: "statdeck").isEmpty { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("statdeck is still running", sourceLocation: sourceLocation)
        return false
    }

    /// The terminal modes that a full-screen program changes and must put back.
    func sttyFlags() -> String {
        let r = run("stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo|isig|icrnl|opost|onlcr|ixon)' | tr '\\n' ' '; echo")
        return r.screen.split(separator: "\n").first { $0.contains("icanon") }.map(String.init) ?? ""
    }
}

/// Running programs and finding processes, without a shell.
enum Shell {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program (looked up in PATH) to completion. Output goes to temporary files,
    /// not pipes: `tmux new-session` leaves a server running that must not hold a pipe
    /// open, and posix_spawn + waitpid avoid Foundation's `Process` missing a child's exit.
    static func run(_ args: [String], environment: [String: String]? = nil) -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-run-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outPath = dir.appendingPathComponent("out").path, errPath = dir.appendingPathComponent("err").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let env = environment ?? ProcessInfo.processInfo.environment
        let argv = (["/usr/bin/env"] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        // The test runner blocks most signals and holds pipes open; a tmux server that
        // inherited either would never reap its children or never let the run end.
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        closeOnExec()

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/usr/bin/env", &actions, &attr, argv, envp)
        guard rc == 0 else { return Result(status: -1, stdout: "", stderr: "posix_spawn failed: \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7f == 0
        let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Result(status: code, stdout: out, stderr: err)
    }

    /// Marks every inherited descriptor above stderr close-on-exec.
    private static func closeOnExec() {
        guard let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for entry in fds {
            guard let fd = Int32(entry), fd > 2 else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 && flags & FD_CLOEXEC == 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Processes named `name` whose parent is `parent`, from /proc (no procps needed).
    static func children(of parent: Int32, named name: String) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var out: [Int32] = []
        for entry in entries {
            guard let pid = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { continue }
            let comm = stat[stat.index(after: open)..<close]
            let rest = stat[stat.index(after: close)...].split(separator: " ")
            if comm == name, rest.count > 1, Int32(rest[1]) == parent { out.append(pid) }
        }
        return out
    }
}

struct E2EError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The built `statdeck` in `<package>/.build/debug`, found from this file's path.
enum StatDeckBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `.build/debug/statdeck`, or the binary named by `STATDECK_TEST_BINARY` (to run the
    /// same tests against a release or installed build).
    static let path = ProcessInfo.processInfo.environment["STATDECK_TEST_BINARY"]
        ?? packageRoot.appendingPathComponent(".build/debug/statdeck").path
    static var exists: Bool { FileManager.default.isExecutableFile(atPath: path) }
    static let missingMessage = "build the app first: .build/debug/statdeck is missing (scripts/test.sh runs swift build)"
}

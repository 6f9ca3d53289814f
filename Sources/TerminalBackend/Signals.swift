import CNcursesw
import Glibc
import Synchronization

/// The termination signal (SIGINT, SIGTERM, SIGHUP) that arrived, or 0. The handler
/// only stores it; the main loop notices, saves, restores the terminal and re-raises.
let pendingSignal = Atomic<Int32>(0)

/// Signal handling for the full-screen app.
public enum Signals {
    /// The signals that end the app in an orderly way.
    public static let termination: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the SIGINT/SIGTERM/SIGHUP handlers. Call before `newterm`: ncurses
    /// installs its own (which exit with status 1, without saving) only where it
    /// finds the default action. SIGTSTP (Ctrl-Z) and SIGWINCH stay with ncurses.
    /// The signals are also unblocked: a parent that launched the app with them blocked
    /// would otherwise leave it deaf to SIGTERM, Ctrl-Z and resizes.
    public static func installTerminationHandlers() {
        for sig in termination {
            signal(sig) { s in pendingSignal.store(s, ordering: .relaxed) }
        }
        var set = sigset_t()
        sigemptyset(&set)
        for sig in termination + [SIGTSTP, SIGCONT, SIGWINCH] { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// The signal that asked the app to stop, if any.
    public static var pending: Int32? {
        let s = pendingSignal.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }

    /// Dies by `signal` with its default action, so the parent sees the usual status
    /// (130 for SIGINT, 143 for SIGTERM). Call after the terminal is restored.
    public static func reraise(_ signal: Int32) -> Never {
        Glibc.signal(signal, SIG_DFL)
        raise(signal)
        exit(128 + signal)
    }

    /// On a crash signal, restores the terminal (`endwin`) and then lets the previous
    /// handler (the Swift runtime's backtracer) run, so the backtrace is readable and
    /// the shell is usable afterwards. Call before `newterm`.
    public static func installCrashCleanup() {
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { s in
                endwin()
                _ = sigaction(s, savedCrashActions + Int(s), nil)
                // SIGILL/SIGSEGV/... fault again on return and reach the saved handler;
                // SIGABRT and SIGTRAP were raised on purpose, so raise them again.
                if s == SIGABRT || s == SIGTRAP { raise(s) }
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            _ = sigaction(sig, &action, savedCrashActions + Int(sig))
        }
    }
}

/// The handlers that were in place before `installCrashCleanup`, by signal number.
/// Written once at install time, read only by the crash handler.
nonisolated(unsafe) private let savedCrashActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

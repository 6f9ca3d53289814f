import Glibc
import TerminalUI

/// Runs an `App` in the terminal: reads keys, sends a tick every second, redraws,
/// performs effects, and gives the terminal back on every way out.
@MainActor
public enum TerminalLoop {
    /// How the loop ended.
    public enum Outcome: Sendable, Equatable {
        /// The user quit.
        case quit
        /// A termination signal arrived; re-raise it once everything is cleaned up.
        case signal(Int32)
        /// Stopped after the first frame (`exitAfterFirstFrame`).
        case firstFrameShown
    }

    /// Settings of a run.
    public struct Options: Sendable {
        /// The user asked for no colour (`--no-color`).
        public var noColor: Bool
        /// The environment, for `NO_COLOR`.
        public var environment: [String: String]
        /// Quit right after the first full frame (for start-up benchmarks).
        public var exitAfterFirstFrame: Bool
        /// The theme chosen in Settings (`Theme.settingNames`).
        public var themeName: String
        /// Deliver `.resumed` to the first screen once its first frame is drawn, so a screen
        /// shown before slow figures were ready asks for them (`Effect.refresh`).
        public var resumeAfterFirstFrame = true

        public init(noColor: Bool = false, environment: [String: String] = [:], exitAfterFirstFrame: Bool = false,
                    themeName: String = "default") {
            self.themeName = themeName
            self.noColor = noColor
            self.environment = environment
            self.exitAfterFirstFrame = exitAfterFirstFrame
        }
    }

    /// Performs an effect the app cannot (save, start an exam...) and says how it went.
    public typealias Performer = (Effect) throws -> EffectResult?

    /// Takes over the terminal and runs `app` until the user quits or a signal
    /// arrives. The terminal is restored before this returns or throws. Before it
    /// is restored, the screens get `.terminating` and their effects (e.g. save) are performed.
    ///
    /// - Parameter afterFirstFrame: called once the first frame is on the screen.
    public static func run(_ app: App, options: Options, perform: Performer,
                           afterFirstFrame: () throws -> Void = {}) throws -> Outcome {
        var app = app
        Signals.installTerminationHandlers()
        Signals.installCrashCleanup()
        let terminal = try CursesTerminal.start()
        defer { terminal.end() }

        let colors = terminal.colorCount
        app.themeNamed = { name in
            Theme.named(name, noColorFlag: options.noColor, environment: options.environment, terminalColors: colors)
        }
        app.theme = app.themeNamed(options.themeName)
        var canvas = Canvas(size: terminal.size, theme: app.theme)

        func deliver(_ event: Event) throws {
            var queue = app.handle(event)
            while !queue.isEmpty {
                let effect = queue.removeFirst()
                if let result = try perform(effect) {
                    queue += app.handle(.effectResult(result))
                }
            }
        }
        func redraw() {
            let size = terminal.size
            if canvas.size != size || canvas.theme != app.theme { canvas = Canvas(size: size, theme: app.theme) }
            app.render(into: &canvas)
            terminal.draw(canvas)
        }
        func finish() throws {
            for effect in app.terminate() { _ = try perform(effect) }
        }

        try deliver(.resize(terminal.size))
        redraw()
        try afterFirstFrame()
        if options.exitAfterFirstFrame {
            try finish()
            return .firstFrameShown
        }
        if options.resumeAfterFirstFrame {
            try deliver(.resumed)
            redraw()
        }

        var nextTick = (wallClock() + 1).rounded(.down)
        while true {
            let timeout = Int32(max(10, min(1000, ((nextTick - wallClock()) * 1000).rounded(.up))))
            let input = terminal.read(timeoutMs: timeout)
            if let sig = Signals.pending {
                try finish()
                return .signal(sig)
            }
            switch input {
            case .key(let key)?:
                try deliver(.key(key))
            case .resize?:
                try deliver(.resize(terminal.size))
            case .closed?:
                // The terminal went away without a SIGHUP reaching us: save and go, as for one.
                try finish()
                return .signal(SIGHUP)
            case nil:
                break
            }
            let now = wallClock()
            if now >= nextTick {
                try deliver(.tick(now: now))
                nextTick = (now + 1).rounded(.down)
            }
            if app.isFinished {
                try finish()
                return .quit
            }
            redraw()
        }
    }

    /// Wall-clock seconds since 1970.
    static func wallClock() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

import ArgumentParser
import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `statdeck` (or `statdeck app`): the full-screen app. It is the default subcommand, so
/// the root command has no options of its own to shadow a subcommand's `--data-dir`.
struct AppCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "Open the full-screen app (the default when no subcommand is given).",
        discussion: """
            Starts on "CPT or CCMA?", the two exams side by side; Enter opens the facts \
            about the highlighted exam. Every screen lists its keys in the footer and all \
            of them under ?. Esc goes back, q quits from the first screen.

            Needs a terminal of at least 80x24 and a UTF-8 locale (it switches to C.UTF-8 \
            when the current locale is not UTF-8). Colours follow the terminal; NO_COLOR \
            (any value) or --no-color uses bold, underline and reverse video only.

            Examples:
              statdeck app
              statdeck app --no-color
              statdeck app --data-dir /media/usb/statdeck
            """
    )

    @OptionGroup var contentOptions: ContentOptions

    @Flag(name: .customLong("no-color"), help: "Draw without colour (also: NO_COLOR set to any value).")
    var noColor = false

    @OptionGroup var session: SessionOptions

    /// The app as `statdeck` with no arguments runs it, when every default checks out (nil
    /// otherwise: the parser then reports the problem). Mirrors `DataOptions.validate` and
    /// `SessionOptions.clock`.
    static func plainStart() -> InteractiveApp? {
        let env = ProcessEnvironment.current
        let data = DataDirectory.resolve(explicit: nil, environment: env)
        if DataOptions.isNotAFolder(data) { return nil }
        guard let clock = try? StudyClock.resolve(override: nil, environment: env) else { return nil }
        return InteractiveApp(content: nil, noColor: false, data: data, user: nil, clock: clock)
    }

    func run() throws {
        try InteractiveApp(content: contentOptions.content, noColor: noColor, data: session.dataOptions.dataDirectory(),
                           user: session.user, clock: session.clock()).run()
    }
}

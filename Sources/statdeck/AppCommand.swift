import ArgumentParser
import StudyCore

/// `statdeck` (or `statdeck app`): the full-screen app. It is the default subcommand, so
/// the root command has no options of its own to shadow a subcommand's `--data-dir`.
struct AppCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "Open the full-screen app (the default when no subcommand is given)."
    )

    @OptionGroup var contentOptions: ContentOptions

    @Flag(name: .customLong("no-color"), help: "Draw without colour (also: NO_COLOR set to any value).")
    var noColor = false

    @OptionGroup var session: SessionOptions

    func run() throws {
        try InteractiveApp(contentOptions: contentOptions, noColor: noColor, data: session.dataOptions.dataDirectory(),
                           user: session.user, clock: session.clock()).run()
    }
}

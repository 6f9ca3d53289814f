import ArgumentParser
import StudyCore
import TerminalUI

/// `statdeck study`: opens a study session of the items due today, straight away (the home
/// screen's Study now), optionally one domain's part of the queue.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Open a study session of today's due items (the home screen's Study now).",
        discussion: """
            Starts the daily queue at once: learning items due now, then reviews due today \
            (weakest memory first), then new items up to the daily limit. With --domain, only \
            that test-plan domain or subdomain. When nothing is due (or the profile has no exam \
            chosen yet) the app opens where it would without a subcommand.

            Examples:
              statdeck study
              statdeck study --user alice --domain processing
              statdeck study --now 2026-12-02T08:00:00Z
            """
    )

    @OptionGroup var contentOptions: ContentOptions

    @Flag(name: .customLong("no-color"), help: "Draw without colour (also: NO_COLOR set to any value).")
    var noColor = false

    @Option(name: .long, help: ArgumentHelp("Only this test-plan domain or subdomain id (e.g. cpt-routine).", valueName: "id"))
    var domain: String?

    @OptionGroup var session: SessionOptions

    func run() throws {
        if let domain {
            let tracks = ContentLoader.loadTracks(from: try contentOptions.contentDirectory()).tracks
            let ids = tracks.flatMap(\.allAreas).map(\.id)
            guard ids.contains(domain) else {
                throw ValidationError("--domain \(domain) is not a test-plan domain; domains: \(ids.joined(separator: ", "))")
            }
        }
        try InteractiveApp(content: contentOptions.content, noColor: noColor, data: session.dataOptions.dataDirectory(),
                           user: session.user, clock: session.clock(), request: .due(domain: domain)).run()
    }
}

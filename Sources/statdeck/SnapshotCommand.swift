import ArgumentParser
import StudyCore
import TerminalUI

/// `statdeck snapshot SCREEN`: a screen drawn to plain text, with no terminal.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print a screen of the app as plain text, without a terminal.",
        discussion: """
            Renders the named screen with the real content, exactly as the app draws it \
            at the given size, and prints it (no colours). Below 80x24 it shows what the \
            app shows: the "Terminal too small" message.

            Screens: exam-choice (CPT or CCMA? side by side), exam-choice-help (its ? \
            help overlay), about-TRACK for each track in the content (about-cpt, about-ccma); \
            home, study-question, study-feedback, study-order, flashcard, study-summary, setup, \
            settings, browse, profiles, drill-domain (a new CPT profile on 2026-11-28).
            """
    )

    @Argument(help: ArgumentHelp("The screen to render (see the list below).", valueName: "screen"))
    var screen: String

    @Option(name: .long, help: ArgumentHelp("Terminal size as WIDTHxHEIGHT.", valueName: "WxH"))
    var size: String = "80x24"

    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Where progress is kept (default: $STATDECK_HOME).", valueName: "dir"))
    var dataDir: String?

    @Option(name: .long, help: ArgumentHelp("Whose progress to show.", valueName: "name"))
    var user: String?

    @OptionGroup var contentOptions: ContentOptions

    /// Largest size accepted, to keep a typo from allocating gigabytes.
    static let maxSide = 1000

    func validate() throws {
        guard let s = Size(parsing: size) else {
            throw ValidationError("--size must be WIDTHxHEIGHT with positive numbers, like 80x24 (got '\(size)')")
        }
        guard s.width <= Self.maxSide, s.height <= Self.maxSide else {
            throw ValidationError("--size \(size) is too large; each side must be at most \(Self.maxSide)")
        }
    }

    func run() throws {
        let dir = try contentOptions.contentDirectory()
        let bank = ContentLoader.load(from: dir).bank
        let size = Size(parsing: self.size)!
        guard let app = ScreenCatalog.app(named: screen, bank: bank, size: size) else {
            let names = ScreenCatalog.names(for: bank).joined(separator: ", ")
            throw ValidationError("unknown screen '\(screen)'; available screens: \(names)")
        }
        print(app.render().text)
    }
}

import ArgumentParser
import StudyCore
import TerminalUI
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
            settings, browse, profiles, drill-domain (a new CPT profile on 2026-11-28); progress \
            (the Progress screen on a generated five-month CPT learner, or with --user the \
            profile's own data). An unknown name prints the list of every screen.

            Examples:
              statdeck snapshot exam-choice
              statdeck snapshot about-ccma --size 100x40
              statdeck snapshot progress --user alice
            """
    )

    @Argument(help: ArgumentHelp("The screen to render (see the list below).", valueName: "screen"))
    var screen: String

    @Option(name: .long, help: ArgumentHelp("Terminal size as WIDTHxHEIGHT.", valueName: "WxH"))
    var size: String = "80x24"

    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Where progress is kept (default: $STATDECK_HOME).", valueName: "dir"))
    var dataDir: String?

    @Option(name: .long, help: ArgumentHelp("Whose progress to show (progress: this profile's own data; STATDECK_NOW sets the time).", valueName: "name"))
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
        if screen == "progress", let user = user {
            // The user's own progress instead of the generated learner.
            let data = DataDirectory.resolve(explicit: dataDir, environment: ProcessInfo.processInfo.environment)
            // `--user` matches a profile name ignoring case, as in every command.
            let names = try storeCall { try ProfileLibrary(data: data).names() }
            let profile = names.first { $0.lowercased() == user.lowercased() } ?? user
            let store = try storeCall { try ProgressStore.open(profile: profile, in: data, access: .readOnly) }
            guard let track = bank.track(store.settings.track ?? "cpt") else { throw CLIError("no track \(store.settings.track ?? "cpt") in \(dir)") }
            let now = try StudyClock.resolve(override: nil, environment: ProcessInfo.processInfo.environment).now()
            let report = try storeCall { try ProgressSource.report(store: store, track: track, bank: bank, now: now) }
            printStoreNotices(store)
            print(App(root: ProgressScreen(report: report), size: size, theme: .monochrome).render().text)
            return
        }
        guard let app = ScreenCatalog.app(named: screen, bank: bank, size: size) else {
            let names = ScreenCatalog.names(for: bank).joined(separator: ", ")
            throw ValidationError("unknown screen '\(screen)'; available screens: \(names)")
        }
        print(app.render().text)
    }
}

import ArgumentParser
import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `statdeck stats [--user NAME] [--json]`: the Progress screen's figures without a terminal.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print readiness, mastery, forecast, history and the study plan for a profile.",
        discussion: """
            Prints the figures of the Progress screen as a readable report, or with --json as a \
            stable JSON document (schema: docs/stats-json.md), so an instructor or a script can \
            collect them. Opens the profile read-only: it works while the app has it open.

            Examples:
              statdeck stats
              statdeck stats --user alice --json
              statdeck stats --user alice --now 2026-12-20T09:00:00Z
            """
    )

    @OptionGroup var session: SessionOptions
    @OptionGroup var contentOptions: ContentOptions

    @Flag(name: .long, help: "Print a JSON document instead of text.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("The exam to report on: cpt or ccma (default: the profile's).", valueName: "track"))
    var track: String?

    func validate() throws {
        if let track, !ProfileSettings.tracks.contains(track) { throw ValidationError("--track must be cpt or ccma, not \(track)") }
    }

    func run() throws {
        let clock = try session.clock()
        guard let name = try session.profileName() else {
            throw CLIError("no profiles yet in \(session.dataOptions.dataDirectory().path); add one with: statdeck users add NAME")
        }
        let dir = try contentOptions.contentDirectory()
        // The report needs item ids, areas and keys, not their text: the content index
        // (cached, see ContentCache) gives them without decoding the banks.
        let tracks = ContentLoader.loadTracks(from: dir).tracks
        let content = ContentSource(directory: dir, tracks: tracks,
                                    cacheDirectory: ContentCache.directory(environment: ProcessInfo.processInfo.environment))
        // The outline and the daily totals are read on other threads while the profile opens.
        content.readOutlineAhead()
        let store = try storeCall {
            try ProgressStore.open(profile: name, in: session.dataOptions.dataDirectory(), access: .readOnly,
                                   options: StoreOptions(readDailyTotalsAhead: true))
        }
        let bank = content.outline
        guard let trackID = track ?? store.settings.track else {
            throw CLIError("profile \(name) has no exam chosen yet; pass --track cpt or --track ccma")
        }
        guard let t = bank.track(trackID) else { throw CLIError("the content in \(dir) has no track \(trackID)") }
        let report = try storeCall { try ProgressSource.report(store: store, track: t, bank: bank, now: clock.now()) }
        printStoreNotices(store)
        try writeOutput(json ? report.json() : report.text())
    }
}

import ArgumentParser
import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the profiles live; shared by every command that reads or writes progress.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Data directory (default: $STATDECK_HOME, then $XDG_DATA_HOME/statdeck, then ~/.local/share/statdeck).",
        valueName: "dir"))
    var dataDir: String?

    func dataDirectory() -> DataDirectory {
        DataDirectory.resolve(explicit: dataDir, environment: ProcessInfo.processInfo.environment)
    }
}

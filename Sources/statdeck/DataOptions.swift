import ArgumentParser
import Glibc
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

    /// An empty `--data-dir`, or a data directory (from either place) that is a file, is a
    /// usage error before anything is created.
    func validate() throws {
        if let dataDir, dataDir.isEmpty { throw ValidationError("--data-dir cannot be empty") }
        let dir = dataDirectory()
        if Self.isNotAFolder(dir) {
            throw ValidationError("the data directory \(dir.path) (from \(dir.source)) is not a folder")
        }
    }

    /// Whether something other than a folder is where the data directory should be.
    static func isNotAFolder(_ dir: DataDirectory) -> Bool {
        var st = stat()
        return stat(dir.path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFDIR
    }

    func dataDirectory() -> DataDirectory {
        DataDirectory.resolve(explicit: dataDir, environment: ProcessInfo.processInfo.environment)
    }
}

import ArgumentParser
import StudyCore

/// Where the content lives; shared by every command that reads `Data/`.
struct ContentOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Content directory (default: $STATDECK_CONTENT, then a Data/ beside the program).", valueName: "dir"))
    var content: String?

    func validate() throws {
        if let content, content.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--content needs a content directory, not an empty value")
        }
    }

    /// The content directory, or a usage error that lists every place looked at.
    func contentDirectory() throws -> String { try Self.contentDirectory(explicit: content) }

    /// The content directory for `--content DIR` (nil: not given), or the usage error.
    static func contentDirectory(explicit content: String?) throws -> String {
        switch ContentLocator(explicit: content, environment: ProcessEnvironment.current).locate() {
        case .found(let dir):
            return dir
        case .notFound(let tried):
            throw CLIError("no StatDeck content found; looked in: \(tried.joined(separator: ", ")). Pass --content DIR or set STATDECK_CONTENT.")
        }
    }
}

/// A failure to report as `Error: message` with exit code 1 (not a usage error).
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

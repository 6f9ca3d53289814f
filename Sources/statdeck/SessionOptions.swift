import ArgumentParser
import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Who is studying and when: `--user`, `--data-dir` and `--now`, shared by every command
/// that opens a profile (the app, study, exam, stats, snapshot).
struct SessionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The profile to open (default: the only profile, or the one studied last).", valueName: "name"))
    var user: String?

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .long, help: ArgumentHelp("Pretend it is this time (ISO 8601, e.g. 2026-12-01T09:00:00Z); also STATDECK_NOW.", valueName: "time"))
    var now: String?

    /// The clock for this run (`--now`, then `STATDECK_NOW`, else the system clock).
    func clock() throws -> StudyClock {
        do {
            return try StudyClock.resolve(override: now, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The profile named by `--user`, else the only one, else the one studied most recently.
    /// Nil when there are no profiles yet (first run). Throws when a named profile
    /// does not exist, listing the names there are.
    func profileName() throws -> String? {
        let library = ProfileLibrary(data: dataOptions.dataDirectory())
        let names: [String]
        do { names = try library.names() } catch { throw CLIError("\(error)") }
        if let user {
            guard let match = names.first(where: { $0.lowercased() == user.lowercased() }) else {
                throw CLIError("no profile named \(user) in \(library.data.path)"
                               + (names.isEmpty ? "" : "; profiles: \(names.joined(separator: ", "))"))
            }
            return match
        }
        if names.count <= 1 { return names.first }
        // Several profiles: the one studied most recently (the picker in the app lets the user choose).
        func lastUsed(_ name: String) -> Date {
            let s = library.summary(of: name)
            return s?.lastReviewAt ?? s?.createdAt ?? .distantPast
        }
        return names.max { lastUsed($0) < lastUsed($1) }
    }
}

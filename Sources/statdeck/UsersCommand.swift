import ArgumentParser
import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `statdeck users list|add|remove|rename|check`: the profiles in the data directory.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "List, add, rename, remove and check user profiles.",
        discussion: """
            Each profile is a folder under DIR/profiles holding that user's settings, progress \
            and mock exams. Names are 1-32 letters A-Z a-z, digits, '-', '_' and '.', not \
            starting with '.'; names that differ only in case are the same profile. DIR is \
            --data-dir, else $STATDECK_HOME, else $XDG_DATA_HOME/statdeck, else \
            ~/.local/share/statdeck.

            Examples:
              statdeck users                     list the profiles
              statdeck users add alice --track ccma --exam-date 2027-03-15
              statdeck users rename alice alice.b
              statdeck users check alice
              statdeck users remove alice
            """,
        subcommands: [List.self, Add.self, Remove.self, Rename.self, Check.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the profiles.",
            discussion: """
                One line per profile: its name, its number of reviews and of mock exams. \
                With no profiles it says how to add one.

                Examples:
                  statdeck users list
                  statdeck users list --data-dir /media/usb/statdeck
                """)
        @OptionGroup var data: DataOptions

        func run() throws {
            let dir = data.dataDirectory()
            let library = ProfileLibrary(data: dir)
            let names = try storeCall { try library.names() }
            if names.isEmpty {
                print("no profiles yet in \(dir.path); add one with: statdeck users add NAME")
                return
            }
            let width = names.map(\.count).max() ?? 0
            for name in names {
                var line = name + String(repeating: " ", count: width + 2 - name.count)
                if let summary = library.summary(of: name) {
                    line += "\(summary.reviewCount) review\(summary.reviewCount == 1 ? "" : "s"), "
                        + "\(summary.attempts.count) mock exam\(summary.attempts.count == 1 ? "" : "s")"
                } else {
                    line += "(index unreadable: run statdeck users check \(name))"
                }
                print(line)
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Create a profile.",
            discussion: """
                Creates an empty profile. The exam (track) and exam date can also be set \
                or changed later in the app's settings.

                Examples:
                  statdeck users add alice
                  statdeck users add bob --track cpt --exam-date 2027-01-20
                """)
        @Argument(help: "The new profile's name.") var name: String
        @Option(help: ArgumentHelp("The exam to prepare for: cpt or ccma.", valueName: "track")) var track: String?
        @Option(help: ArgumentHelp("The exam date, YYYY-MM-DD or MM/DD/YYYY, today or later.", valueName: "date")) var examDate: String?
        @OptionGroup var data: DataOptions

        func validate() throws {
            if let problem = ProfileName.problem(with: name) { throw ValidationError(problem) }
            if let track, !ProfileSettings.tracks.contains(track) { throw ValidationError("--track must be cpt or ccma, not \(track)") }
            if let examDate {
                guard let day = CalendarDay.userInput(examDate) else {
                    throw ValidationError("--exam-date must be a date written \(CalendarDay.inputFormats), not \(examDate)")
                }
                // As the app does: an exam date is today (the calendar date here) or later.
                let now = try StudyClock.resolve(override: nil, environment: ProcessInfo.processInfo.environment).now()
                let today = CalendarDay.calendarToday(at: now, utcOffsetSeconds: StudyDay.systemUTCOffset(now))
                if day < today { throw ValidationError("--exam-date \(examDate) has passed; give today (\(today)) or a later date") }
            }
        }

        func run() throws {
            let dir = data.dataDirectory()
            let settings = ProfileSettings(track: track, examDate: examDate.flatMap(CalendarDay.userInput))
            try storeCall { try ProfileLibrary(data: dir).add(name, settings: settings) }
            print("added profile \(name) in \(dir.profilePath(name))")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Move a profile to the trash folder (nothing is deleted).",
            discussion: """
                Asks for confirmation on a terminal; without one it refuses unless --yes is \
                given. The profile's folder is moved to DIR/trash/NAME.TIME, from where it can be \
                moved back into DIR/profiles by hand.

                Examples:
                  statdeck users remove alice
                  statdeck users remove alice --yes
                """)
        @Argument(help: "The profile to remove.") var name: String
        @Flag(name: .long, help: "Do not ask for confirmation.") var yes = false
        @OptionGroup var data: DataOptions

        func run() throws {
            let dir = data.dataDirectory()
            let library = ProfileLibrary(data: dir)
            guard try storeCall({ try library.names() }).contains(name) else {
                throw storeFailure(.profileNotFound(name: name, dataDirectory: dir.path))
            }
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    FileHandleOutput.standardError("error: refusing to remove profile \(name) without confirmation: standard input is not a terminal. Pass --yes to remove it.\n")
                    throw ExitCode.validationFailure
                }
                let reviews = library.summary(of: name).map { " (\($0.reviewCount) reviews)" } ?? ""
                print("Move profile \(name)\(reviews) to \(dir.trashPath)? [y/N] ", terminator: "")
                guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                    print("kept profile \(name)")
                    return
                }
            }
            let destination = try storeCall { try library.remove(name) }
            print("moved profile \(name) to \(destination)")
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rename", abstract: "Rename a profile.",
            discussion: """
                Keeps all of the profile's progress. The new name follows the same rules as \
                for 'users add'.

                Example:
                  statdeck users rename alice alice.b
                """)
        @Argument(help: "The profile's name now.") var old: String
        @Argument(help: "Its new name.") var new: String
        @OptionGroup var data: DataOptions

        func validate() throws {
            if let problem = ProfileName.problem(with: new) { throw ValidationError(problem) }
        }

        func run() throws {
            try storeCall { try ProfileLibrary(data: data.dataDirectory()).rename(old, to: new) }
            print("renamed profile \(old) to \(new)")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Read every file of a profile and report each problem, changing nothing.",
            discussion: """
                Prints file:line:column: problem for each. Exits 0 when all is well, 1 otherwise. \
                The files are described in docs/progress-files.md.

                Example:
                  statdeck users check alice
                """)
        @Argument(help: "The profile to check.") var name: String
        @OptionGroup var data: DataOptions

        func run() throws {
            let dir = data.dataDirectory()
            let report = try storeCall { try ProfileCheck.run(profile: name, in: dir) }
            let prefix = dir.profilePath(name) + "/"
            func short(_ text: String) -> String {
                text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text
            }
            for problem in report.problems { print(short(problem.description)) }
            for note in report.notes { print("note: " + short(note)) }
            let counts = "\(report.logEntries) log entries, \(report.items) items, \(report.attempts) mock exam\(report.attempts == 1 ? "" : "s")"
                + (report.noteCount == 0 ? "" : ", \(report.noteCount) note\(report.noteCount == 1 ? "" : "s")")
            if report.isClean {
                print("profile \(name): no problems (\(counts))")
            } else {
                let n = report.problems.count
                print("profile \(name): \(n) problem\(n == 1 ? "" : "s") (\(counts)); nothing was changed")
                throw ExitCode(1)
            }
        }
    }
}

/// Runs a store call; its error is printed as `error: ...` with exit status 1, or 64 (usage)
/// when it is a name that breaks the rules.
func storeCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StoreError {
        throw storeFailure(error)
    }
}

func storeFailure(_ error: StoreError) -> any Error {
    FileHandleOutput.standardError("error: \(error)\n")
    if case .invalidProfileName = error { return ExitCode.validationFailure }
    return ExitCode(1)
}

/// Writes straight to a file descriptor (no buffering to lose).
enum FileHandleOutput {
    static func standardError(_ text: String) { write(2, text) }
    static func standardOutput(_ text: String) { write(1, text) }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n <= 0 { return }
            done += n
        }
    }
}

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
              statdeck users repair alice --rebuild
              statdeck users remove alice
            """,
        subcommands: [List.self, Add.self, Remove.self, Rename.self, Check.self, Repair.self],
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

extension UsersCommand {
    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "repair",
            abstract: "Repair a profile that does not open: restore damaged files from their backups or rebuild them from the log.",
            discussion: """
                Without an option it says what is damaged and which repairs apply, changing \
                nothing. --from-backup puts back the last good copy (NAME.bak) of each damaged \
                file, after checking that the copy reads cleanly; --rebuild rebuilds the card \
                snapshot, the daily totals or the index from the review log and the attempt \
                files (and resets damaged settings to the defaults). Every damaged file is kept \
                beside the repaired one as NAME.damaged-TIME. The review log itself is never \
                changed: a damaged line in it is shown with its line and column to fix by hand.

                Examples:
                  statdeck users repair alice
                  statdeck users repair alice --from-backup
                  statdeck users repair alice --rebuild
                """)
        @Argument(help: "The profile to repair.") var name: String
        @Flag(name: .long, help: "Restore each damaged file from its checked backup.") var fromBackup = false
        @Flag(name: .long, help: "Rebuild each damaged file from the review log and the attempt files.") var rebuild = false
        @OptionGroup var data: DataOptions

        func validate() throws {
            if fromBackup && rebuild { throw ValidationError("give --from-backup or --rebuild, not both") }
        }

        func run() throws {
            let dir = data.dataDirectory()
            let library = ProfileLibrary(data: dir)
            let names = try storeCall { try library.names() }
            guard let profile = names.first(where: { $0.lowercased() == name.lowercased() }) else {
                throw storeFailure(.profileNotFound(name: name, dataDirectory: dir.path))
            }
            var repaired = 0
            // Each pass repairs the first damaged file; another may show once it reads.
            for _ in 0..<20 {
                guard let damage = try storeCall({ try ProgressStore.firstDamage(profile: profile, in: dir) }) else {
                    print(repaired == 0 ? "profile \(profile): nothing to repair" : "profile \(profile) opens again (\(repaired) file\(repaired == 1 ? "" : "s") repaired)")
                    return
                }
                guard case .corrupt(let problem, let recovery) = damage else {
                    FileHandleOutput.standardError("error: \(damage)\n")
                    throw ExitCode(1)
                }
                let wanted = recovery.first { way in
                    switch way {
                    case .restoreBackup: return fromBackup
                    case .rebuild, .useDefaults: return rebuild
                    }
                }
                guard let way = wanted else {
                    print("\(problem)")
                    if recovery.isEmpty {
                        print("No automatic repair applies: fix the line by hand (nothing was changed).")
                    } else {
                        let options = recovery.map { way -> String in
                            switch way {
                            case .restoreBackup: return "  statdeck users repair \(profile) --from-backup   # \(way)"
                            case .rebuild, .useDefaults: return "  statdeck users repair \(profile) --rebuild       # \(way)"
                            }
                        }
                        print((fromBackup || rebuild ? "That repair does not apply here. " : "") + "Nothing was changed. To repair:\n" + options.joined(separator: "\n"))
                    }
                    throw ExitCode(1)
                }
                try storeCall { try ProgressStore.recover(way, profile: profile, in: dir) }
                print("repaired: \(way) (the damaged file was kept beside it)")
                repaired += 1
            }
            FileHandleOutput.standardError("error: profile \(profile) still does not open after 20 repairs\n")
            throw ExitCode(1)
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
    FileHandleOutput.standardError("error: \(error)\n" + repairHint(error))
    if case .invalidProfileName = error { return ExitCode.validationFailure }
    return ExitCode(1)
}

/// Prints what the store did on its own (a stale lock taken over, a cut-short line set aside,
/// totals rebuilt...) to standard error, once each.
func printStoreNotices(_ store: ProgressStore, from index: Int = 0) {
    for notice in store.notices.dropFirst(index) { FileHandleOutput.standardError("statdeck: note: \(notice)\n") }
}

/// Writes a command's output to standard output, or fails with status 1 when it cannot be
/// written (`> /dev/full`, a closed pipe).
func writeOutput(_ text: String) throws {
    if let error = FileHandleOutput.standardOutputChecked(text) {
        FileHandleOutput.standardError("statdeck: could not write the output: \(error)\n")
        throw ExitCode(1)
    }
}

/// Writes straight to a file descriptor (no buffering to lose).
enum FileHandleOutput {
    /// Writes everything or returns what went wrong.
    static func standardOutputChecked(_ text: String) -> String? {
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return String(cString: strerror(errno)) }
            done += n
        }
        return nil
    }

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

/// For a damaged file with ways out: the command that carries them out.
func repairHint(_ error: StoreError) -> String {
    guard case .corrupt(let problem, let recovery) = error, !recovery.isEmpty,
          let range = problem.file.range(of: "/profiles/", options: .backwards) else { return "" }
    let name = problem.file[range.upperBound...].prefix { $0 != "/" }
    var flags: [String] = []
    if recovery.contains(where: { if case .restoreBackup = $0 { return true }; return false }) { flags.append("--from-backup") }
    if recovery.contains(where: { if case .restoreBackup = $0 { return false }; return true }) { flags.append("--rebuild") }
    return "To repair it: statdeck users repair \(name) \(flags.joined(separator: " or "))\n"
}

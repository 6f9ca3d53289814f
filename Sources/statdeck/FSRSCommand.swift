import ArgumentParser
import StudyCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `statdeck fsrs ...`: tools for the FSRS scheduler.
struct FSRSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fsrs",
        abstract: "Check the FSRS scheduler against the py-fsrs reference.",
        discussion: """
            StatDeck schedules reviews with FSRS-6. 'replay' proves that its scheduler gives \
            the same results as the py-fsrs reference implementation (docs/scheduling.md).

            Example:
              statdeck fsrs replay Tests/StudyCoreTests/Fixtures/fsrs-vectors.json
            """,
        subcommands: [FSRSReplayCommand.self]
    )
}

/// `statdeck fsrs replay FILE`: replays a py-fsrs vector file and counts mismatches.
struct FSRSReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a py-fsrs vector file through StatDeck's scheduler.",
        discussion: """
            Reads a vector file (format version 1, as made by scripts/regen-fsrs-vectors.sh, \
            with any seed or number of sequences), replays every review sequence, unit table \
            and fuzz row, and prints 'N checks, M mismatches' followed by the first mismatches \
            (sequence id, review index, field, got and want). States, steps, due dates, \
            intervals and fuzz must be equal; stability, difficulty and retrievability within \
            the tolerance, relative. Exit status: 0 when nothing mismatches, 1 when something \
            does, 65 when the file cannot be read as a vector file.

            Examples:
              statdeck fsrs replay Tests/StudyCoreTests/Fixtures/fsrs-vectors.json
              statdeck fsrs replay vectors.json --show 50 --tolerance 1e-6
            """
    )

    @Argument(help: ArgumentHelp("The vector file (JSON).", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("How many mismatches to list.", valueName: "n"))
    var show: Int = 10

    @Option(name: .long, help: ArgumentHelp("Relative tolerance for stability, difficulty and retrievability.", valueName: "x"))
    var tolerance: Double = FSRSConformance.defaultTolerance

    func validate() throws {
        guard show >= 0 else { throw ValidationError("--show must be 0 or more, not \(show)") }
        guard tolerance.isFinite, tolerance >= 0, tolerance < 1 else {
            throw ValidationError("--tolerance must be at least 0 and below 1, not \(tolerance)")
        }
    }

    func run() throws {
        let vectors: FSRSVectorFile
        do {
            vectors = try FSRSVectorFile.load(path: file)
        } catch {
            printError("statdeck fsrs replay: \(error.description)")
            throw ExitCode(65)
        }
        let report = FSRSConformance.run(vectors, tolerance: tolerance, keep: show)
        print(report.summary)
        if !report.passed {
            for m in report.firstMismatches { print("  \(m)") }
            let more = report.mismatchCount - report.firstMismatches.count
            if more > 0 { print("  ... and \(more) more") }
            throw ExitCode(1)
        }
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    bytes.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count) }
}

import ArgumentParser
import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `statdeck validate [DIR]`: checks every content file and reports every problem.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the question banks, flashcards and tracks for errors.",
        discussion: """
            Prints each problem as file:line: item-id: what is wrong. Exits 1 when there is \
            any error, 0 with a one-line summary of counts per track and domain when clean. \
            Warnings (key balance, length cues, coverage, near-duplicates, [UNSURE] facts, \
            files no loader reads) do not fail; an item's "reviewNote" accepts its warnings. \
            Each track's single items per area, key positions and key-length shares, and its \
            flashcard decks, are \
            printed after the summary. \
            The rules are in docs/content-format.md.

            Examples:
              statdeck validate                  check the content the app uses
              statdeck validate Data --quiet     errors only, for a content folder
              statdeck validate --json > report.json
              statdeck validate --reviewed       also the warnings a reviewNote accepts
            """
    )

    @Argument(help: ArgumentHelp("Content directory (default: the one the app uses).", valueName: "dir"))
    var directory: String?

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    @Flag(name: .long, help: "Hide warnings.")
    var quiet = false

    @Flag(name: .long, help: "Also list the warnings accepted by an item's reviewNote, with its reason.")
    var reviewed = false

    @OptionGroup var contentOptions: ContentOptions

    func run() throws {
        let dir = try directory ?? contentOptions.contentDirectory()
        let report = ContentValidator.validate(directory: dir)
        // The report holds the whole bank and the process ends once it is printed: it is left
        // to the exit rather than freed item by item (a tenth of the run on large content).
        KeptUntilExit.keep(report)
        if json {
            print(try ValidationJSON(report).encoded())
        } else {
            for d in report.diagnostics where !(quiet && d.severity == .warning) {
                print(d.description)
            }
            if report.errors.isEmpty {
                print(report.summary)
                for line in report.areaLines { print(line) }
                for line in report.optionLines { print(line) }
                for line in report.deckLines { print(line) }
                if reviewed {
                    for d in report.reviewed { print(d.description) }
                }
            } else {
                let e = report.errors.count, w = report.warnings.count
                print("\(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s") in \(dir)")
            }
        }
        if !report.errors.isEmpty { throw ExitCode(1) }
    }
}

/// The `--json` form of a validation report.
struct ValidationJSON: Encodable {
    struct Problem: Encodable {
        var file: String
        var line: Int
        var item: String?
        var message: String
    }
    var ok: Bool
    var errors: [Problem]
    var warnings: [Problem]
    /// Warnings an item's `reviewNote` accepts, with the reason appended.
    var reviewed: [Problem]
    var counts: [ContentValidator.TrackCount]

    init(_ report: ContentValidator.Report) {
        func problem(_ d: Diagnostic) -> Problem { Problem(file: d.file, line: d.line, item: d.itemID, message: d.message) }
        ok = report.errors.isEmpty
        errors = report.errors.map(problem)
        warnings = report.warnings.map(problem)
        reviewed = report.reviewed.map(problem)
        counts = report.counts
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

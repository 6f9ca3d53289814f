import ArgumentParser
import StudyCore

/// The `statdeck` command: the interactive app by default, plus terminal-free subcommands.
@main
struct StatDeck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statdeck",
        abstract: "Study for the NHA CPT and CCMA exams in your terminal.",
        discussion: """
            Run with no subcommand to open the full-screen app (it needs a terminal of at \
            least 80x24; press ? in any screen for its keys). The subcommands below work \
            without a terminal, for scripts and checks. NO_COLOR (any value) or --no-color \
            draws with bold, underline and reverse video only.

            Progress is kept per profile under $STATDECK_HOME, else $XDG_DATA_HOME/statdeck, \
            else ~/.local/share/statdeck (--data-dir overrides). The content (questions, \
            flashcards, exam facts) comes from --content, else $STATDECK_CONTENT, else a \
            Data/ folder above the program, else PREFIX/share/statdeck/Data for an installed \
            program. The user guide is docs/user-guide.md.

            Examples:
              statdeck                           open the app
              statdeck --no-color                open it without colours
              statdeck users add alice --track cpt
              statdeck snapshot about-cpt        print the CPT exam facts
              statdeck validate                  check the content
            """,
        version: StatDeckVersion.current,
        subcommands: [
            AppCommand.self,
            StudyCommand.self,
            ValidateCommand.self,
            FSRSCommand.self,
            SnapshotCommand.self,
            ExamCommand.self,
            UsersCommand.self,
            StatsCommand.self,
            ImportCommand.self,
            ExportCommand.self,
            CrashWriterCommand.self,
        ],
        defaultSubcommand: AppCommand.self
    )

    /// Plain `statdeck`, the way a candidate starts it several times a day, opens the app
    /// straight away: parsing, even of the app command alone, first describes its options by
    /// reflection (about 2 ms) only to find none given. Whatever the parser would refuse (a
    /// data directory that is a file, a bad `STATDECK_NOW`) goes the parser's way, so its
    /// messages stay the same; errors of the app itself are reported as `main` reports them.
    static func main() {
        guard CommandLine.arguments.count <= 1, let app = AppCommand.plainStart() else {
            return main(nil)
        }
        do {
            try app.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// The version printed by `statdeck --version`.
enum StatDeckVersion {
    static let current = "0.1.0"
}

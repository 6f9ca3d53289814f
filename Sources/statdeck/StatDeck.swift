import ArgumentParser
import StudyCore

/// The `statdeck` command: the interactive app by default, plus terminal-free subcommands.
@main
struct StatDeck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statdeck",
        abstract: "Study for the NHA CPT and CCMA exams in your terminal.",
        discussion: """
            Run with no subcommand to open the full-screen app. The subcommands below work \
            without a terminal, for scripts and checks.
            """,
        version: StatDeckVersion.current,
        subcommands: [
            ValidateCommand.self,
            UsersCommand.self,
            CrashWriterCommand.self,
        ]
    )
}

/// The version printed by `statdeck --version`.
enum StatDeckVersion {
    static let current = "0.1.0"
}

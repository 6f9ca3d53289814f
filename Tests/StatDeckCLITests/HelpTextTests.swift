import Foundation
import Testing

/// `statdeck --help` and every subcommand's help: an overview, a discussion, examples
/// that use only options the command has, and no subcommand left out.
@Suite("Help texts")
struct HelpTextTests {
    func statdeck(_ args: [String]) throws -> Shell.Result {
        try #require(StatDeckBinary.exists, Comment(rawValue: StatDeckBinary.missingMessage))
        return Shell.run([StatDeckBinary.path] + args, environment: ProcessInfo.processInfo.environment)
    }

    /// The names under SUBCOMMANDS: in a help text (`app (default)` gives `app`).
    static func subcommands(in help: String) -> [String] {
        guard let start = help.range(of: "SUBCOMMANDS:\n") else { return [] }
        return help[start.upperBound...].split(separator: "\n").compactMap { line in
            // Entries are indented by two spaces; wrapped abstracts by many more.
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else { return nil }
            return String(name)
        }.filter { !$0.isEmpty && $0 != "See" }
    }

    /// Every command path below the root, depth first: ["app"], ["users"], ["users", "add"], ...
    func allCommands() throws -> [[String]] {
        var out: [[String]] = []
        func walk(_ path: [String]) throws {
            let help = try statdeck(["help"] + path).stdout
            for name in Self.subcommands(in: help) {
                out.append(path + [name])
                try walk(path + [name])
            }
        }
        try walk([])
        return out
    }

    @Test("the root help names every command a user has, and its examples")
    func root() throws {
        let r = try statdeck(["--help"])
        #expect(r.status == 0)
        let listed = Self.subcommands(in: r.stdout)
        #expect(listed.first == "app")
        for name in ["app", "validate", "fsrs", "snapshot", "users"] {
            #expect(listed.contains(name), "--help lacks \(name): \(listed)")
        }
        #expect(!r.stdout.contains("_crash-writer"))
        for text in ["press ? in any screen for its keys", "NO_COLOR", "$STATDECK_HOME", "~/.local/share/statdeck",
                     "$STATDECK_CONTENT", "docs/user-guide.md", "Examples:"] {
            #expect(r.stdout.contains(text), "--help lacks \(text)")
        }
    }

    @Test("every command's help has an overview, a discussion and examples that use its own options")
    func everyCommand() throws {
        let commands = try allCommands()
        #expect(commands.count >= 11, "found only \(commands)")
        for path in commands {
            let name = path.joined(separator: " ")
            let r = try statdeck(["help"] + path)
            #expect(r.status == 0, "help \(name)")
            let text = r.stdout
            #expect(text.hasPrefix("OVERVIEW: "), "help \(name) has no overview")
            // The discussion: text between the overview and USAGE, beyond the abstract.
            let beforeUsage = text.components(separatedBy: "\nUSAGE: ").first ?? ""
            let paragraphs = beforeUsage.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            #expect(paragraphs.count >= 3, "help \(name) has no discussion and examples:\n\(text)")
            let examples = beforeUsage.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.hasPrefix("statdeck ") }
            #expect(!examples.isEmpty, "help \(name) has no examples")
            let usage = text.components(separatedBy: "\nUSAGE: ").dropFirst().first?.components(separatedBy: "\n\n").first ?? ""
            for example in examples {
                let words = example.split(separator: " ").map(String.init)
                // An example of `users add` starts with `statdeck users add` (a group's examples may name its subcommands).
                let prefix = Array(words.dropFirst().prefix(path.count))
                #expect(prefix == path, "help \(name): example '\(example)' is not for this command")
                // The command the example runs: the longest run of words after `statdeck` that is a command.
                let args = Array(words.dropFirst())
                let target = (0...args.count).reversed().map { Array(args.prefix($0)) }
                    .first { $0.isEmpty || commands.contains($0) } ?? []
                let targetUsage = target == path ? usage
                    : (try statdeck(["help"] + target).stdout.components(separatedBy: "\nUSAGE: ").dropFirst().first ?? "")
                for option in words where option.hasPrefix("--") {
                    #expect(targetUsage.contains(option), "help \(name): example '\(example)' uses \(option), which the command does not have")
                }
            }
        }
    }

    @Test("the help of an option shared by several commands says what it defaults to")
    func defaults() throws {
        for path in [["app"], ["users", "list"], ["validate"]] {
            let text = try statdeck(["help"] + path).stdout
            if text.contains("--data-dir") { #expect(text.contains("$STATDECK_HOME"), "help \(path)") }
            if text.contains("--content") { #expect(text.contains("$STATDECK_CONTENT"), "help \(path)") }
        }
    }
}

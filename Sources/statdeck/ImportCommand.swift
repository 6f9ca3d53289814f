import AnkiPackage
import ArgumentParser
import StudyCore
import Foundation

/// `statdeck import FILE`: cards from a CSV/TSV, an Anki text export or an `.apkg` into a
/// personal deck of a profile. Everything is checked before anything is written.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import your own cards (CSV/TSV, Anki text export, .apkg) into a personal deck.",
        discussion: """
            FILE may be CSV or TSV (front, back, optional tags; a header row naming the columns \
            is recognised; Quizlet's "term<TAB>definition" export works as is), Anki's "Notes in \
            Plain Text" export (its #separator:, #html:, #columns:, #deck: and #tags column: \
            headers are honoured and HTML is reduced to text), or an Anki package (.apkg, old or \
            current format: Basic, Basic and reversed, and cloze notes; media are skipped).

            The cards become a personal deck of the profile (default name: the file's #deck: or \
            Anki deck, else the file name), studied in the daily queue and drills like the \
            built-in cards. Importing the same file again updates its cards instead of adding \
            copies (a text file's cards are matched by their front, a package's by note). A file \
            with any bad line imports nothing (each problem is printed as file:line: problem) \
            unless --skip-bad is given.

            Examples:
              statdeck import quizlet.txt --deck "Lab values"
              statdeck import biology.apkg --user alice --track cpt --dry-run
              statdeck import cards.csv --domain processing --skip-bad
            """
    )

    @Argument(help: ArgumentHelp("The file to import (.csv, .tsv, .txt or .apkg).", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Put every card in this deck.", valueName: "name"))
    var deck: String?

    @Option(name: .long, help: ArgumentHelp("The exam the deck is studied with: cpt or ccma (default: the profile's).", valueName: "track"))
    var track: String?

    @Option(name: .long, help: ArgumentHelp("The test-plan area the cards count toward, e.g. processing (default: none, \"Personal cards\").", valueName: "id"))
    var domain: String?

    @Option(name: .long, help: ArgumentHelp("The profile (default: the only profile).", valueName: "name"))
    var user: String?

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var contentOptions: ContentOptions

    @Flag(name: .long, help: "Check the file and say what would change, without changing anything.")
    var dryRun = false

    @Flag(name: .long, help: "Import the good notes of a file with problems (the problems are still printed).")
    var skipBad = false

    func validate() throws {
        if let track, !ProfileSettings.tracks.contains(track) { throw ValidationError("--track must be cpt or ccma, not \(track)") }
        if let deck, !deck.contains(where: { !$0.isWhitespace }) { throw ValidationError("--deck needs a name") }
    }

    func run() throws {
        let data = dataOptions.dataDirectory()
        let library = ProfileLibrary(data: data)
        let names: [String]
        do { names = try library.names() } catch { throw CLIError("\(error)") }
        let profile: String
        if let user {
            guard let match = names.first(where: { $0.lowercased() == user.lowercased() }) else {
                throw CLIError("no profile named \(user) in \(data.path)" + (names.isEmpty ? "" : "; profiles: \(names.joined(separator: ", "))"))
            }
            profile = match
        } else {
            guard !names.isEmpty else { throw CLIError("no profiles yet in \(data.path); add one with: statdeck users add NAME") }
            guard names.count == 1 else { throw CLIError("there are several profiles (\(names.joined(separator: ", "))); say which with --user NAME") }
            profile = names[0]
        }
        guard FileManager.default.isReadableFile(atPath: file) else { throw CLIError("\(file): no such file, or it cannot be read") }

        let bank = ContentLoader.load(from: try contentOptions.contentDirectory()).bank
        let store = try storeCall { try ProgressStore.open(profile: profile, in: data, access: dryRun ? .readOnly : .readWrite) }
        defer { try? store.close() }
        guard let trackID = track ?? store.settings.track else {
            throw CLIError("profile \(profile) has no exam chosen yet; pass --track cpt or --track ccma")
        }
        if let domain {
            guard let t = bank.track(trackID) else { throw CLIError("the content has no track \(trackID)") }
            guard domain == PersonalDeck.ownArea || t.leafAreas.contains(where: { $0.id == domain }) else {
                throw ValidationError("--domain \(domain) is not an area of \(t.shortName) that items are filed under; use one of: "
                                      + t.leafAreas.map(\.id).joined(separator: ", "))
            }
        }

        let progress = ProgressLine()
        progress.show("import \(file): reading")
        let display = file
        var notes: [ImportNote]
        var problems: [ImportProblem]
        var fileDeck: String?
        var media = 0
        if file.lowercased().hasSuffix(".apkg") || file.lowercased().hasSuffix(".colpkg") {
            do {
                let contents = try AnkiPackageReader.read(path: file, displayName: display)
                notes = contents.notes
                problems = contents.problems
                media = contents.mediaCount
            } catch {
                progress.end()
                FileHandleOutput.standardError("\(error)\n")
                throw ExitCode(1)
            }
        } else {
            let bytes: [UInt8]
            do { bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file))) } catch { throw CLIError("\(file): cannot be read: \(error.localizedDescription)") }
            let read = TextCardReader(file: display).read(bytes)
            notes = read.notes
            problems = read.problems
            fileDeck = read.deck
        }
        progress.show("import \(file): \(notes.count) notes read, making cards")
        let made = CardImport.cards(from: notes, file: display, forcedDeck: deck)
        problems += made.problems
        problems.sort { ($0.origin.map(Self.order) ?? 0) < ($1.origin.map(Self.order) ?? 0) }
        progress.end()
        for p in problems.prefix(50) { FileHandleOutput.standardError("\(p)\n") }
        if problems.count > 50 { FileHandleOutput.standardError("... and \(problems.count - 50) more problems\n") }
        if !problems.isEmpty && !skipBad {
            FileHandleOutput.standardError("nothing was imported: \(problems.count) problem\(problems.count == 1 ? "" : "s") in \(file). Fix \(problems.count == 1 ? "it" : "them"), or pass --skip-bad to import the other \(made.cards.count) card\(made.cards.count == 1 ? "" : "s").\n")
            throw ExitCode(1)
        }
        if made.cards.isEmpty {
            FileHandleOutput.standardError("nothing was imported: \(file) has no cards\n")
            throw ExitCode(1)
        }
        let current = try storeCall { try store.personalDecks() }
        let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let merged = CardImport.merge(made.cards, into: current, forcedDeck: deck, defaultDeck: fileDeck ?? base,
                                      track: trackID, domain: domain, trackGiven: track != nil,
                                      source: URL(fileURLWithPath: file).lastPathComponent, now: Date(),
                                      isBuiltIn: { bank.item($0) != nil })
        let s = merged.summary
        if !dryRun {
            progress.show("import \(file): saving \(merged.decks.cardCount) cards")
            try storeCall { try store.savePersonalDecks(merged.decks) }
            progress.end()
        }
        var lines: [String] = []
        let verb = dryRun ? "would import" : "imported"
        lines.append("\(verb) \(made.cards.count) card\(made.cards.count == 1 ? "" : "s") from \(file) into \(s.decks.map { "\"\($0)\"" }.joined(separator: ", ")) (profile \(profile), \(trackID.uppercased())): \(s.added) new, \(s.updated) updated, \(s.unchanged) unchanged")
        if s.builtIn > 0 { lines.append("\(s.builtIn) card\(s.builtIn == 1 ? " is" : "s are") StatDeck's own (exported earlier) and \(s.builtIn == 1 ? "was" : "were") left as \(s.builtIn == 1 ? "it is" : "they are")") }
        if media > 0 { lines.append("\(media) media file\(media == 1 ? " was" : "s were") skipped (StatDeck shows text only)") }
        if !problems.isEmpty { lines.append("\(problems.count) bad note\(problems.count == 1 ? " was" : "s were") skipped (--skip-bad)") }
        if dryRun { lines.append("dry run: nothing was changed") }
        print(lines.joined(separator: "\n"))
    }

    static func order(_ o: ImportOrigin) -> Int64 {
        switch o {
        case .line(let n): return Int64(n)
        case .note(let id): return id
        }
    }
}

/// Progress on stderr: one line redrawn in place on a terminal, a line per stage otherwise.
final class ProgressLine {
    private let terminal = isatty(2) != 0
    private var shown = false

    func show(_ text: String) {
        FileHandleOutput.standardError(terminal ? "\r\u{1B}[K" + text : text + "\n")
        shown = true
    }

    func end() {
        guard terminal, shown else { return }
        FileHandleOutput.standardError("\n")
        shown = false
    }
}

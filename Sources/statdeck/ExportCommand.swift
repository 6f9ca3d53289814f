import AnkiPackage
import ArgumentParser
import StudyCore
import Foundation

/// `statdeck export anki|csv OUT`: the track's questions and flashcards plus the profile's
/// personal decks, for Anki (on a phone) or a spreadsheet.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the cards to an Anki package (.apkg) or a CSV file.",
        discussion: """
            Exports the built-in questions and flashcards of the track and the profile's \
            personal decks. Questions become notes with the stem and lettered choices on the \
            front and the key and explanation on the back. Decks are named by test-plan domain \
            ("StatDeck CPT::Safety and Compliance"), personal decks "StatDeck CPT::My decks::NAME"; \
            notes are tagged with their domain and fact ids. With --with-schedule, each card's \
            FSRS state (due date, stability, difficulty, interval) and its review history go \
            along, so studying continues in Anki where it stopped. The profile is opened \
            read-only. An existing OUT is replaced only when the new file is complete.

            Examples:
              statdeck export anki cpt.apkg
              statdeck export anki phone.apkg --user alice --with-schedule
              statdeck export csv cards.csv --track ccma
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case anki, csv }

    @Argument(help: ArgumentHelp("anki or csv.", valueName: "format"))
    var format: Format

    @Argument(help: ArgumentHelp("The file to write (.apkg for anki).", valueName: "out"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("The profile whose personal decks (and schedule) go along (default: the only profile).", valueName: "name"))
    var user: String?

    @Option(name: .long, help: ArgumentHelp("The exam: cpt or ccma (default: the profile's).", valueName: "track"))
    var track: String?

    @Flag(name: .long, help: "Anki only: carry each card's FSRS state and review history.")
    var withSchedule = false

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var contentOptions: ContentOptions

    func validate() throws {
        if let track, !ProfileSettings.tracks.contains(track) { throw ValidationError("--track must be cpt or ccma, not \(track)") }
        if withSchedule && format == .csv { throw ValidationError("--with-schedule is for export anki only") }
        if format == .anki && !out.lowercased().hasSuffix(".apkg") { throw ValidationError("the Anki package should end in .apkg: \(out)") }
        let dir = URL(fileURLWithPath: out).deletingLastPathComponent().path
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) || !isDir.boolValue {
            throw ValidationError("the folder of \(out) does not exist")
        }
    }

    func run() throws {
        let data = dataOptions.dataDirectory()
        let names: [String]
        do { names = try ProfileLibrary(data: data).names() } catch { throw CLIError("\(error)") }
        var profile: String?
        if let user {
            guard let match = names.first(where: { $0.lowercased() == user.lowercased() }) else {
                throw CLIError("no profile named \(user) in \(data.path)" + (names.isEmpty ? "" : "; profiles: \(names.joined(separator: ", "))"))
            }
            profile = match
        } else if names.count == 1 {
            profile = names[0]
        } else if names.count > 1 {
            throw CLIError("there are several profiles (\(names.joined(separator: ", "))); say which with --user NAME")
        }
        if withSchedule && profile == nil { throw CLIError("--with-schedule needs a profile; there are none in \(data.path)") }
        let store = try profile.map { p in try storeCall { try ProgressStore.open(profile: p, in: data, access: .readOnly) } }
        guard let trackID = track ?? store?.settings.track else {
            throw CLIError(profile.map { "profile \($0) has no exam chosen yet; pass --track cpt or --track ccma" } ?? "pass --track cpt or --track ccma")
        }
        let dir = try contentOptions.contentDirectory()
        let bank = ContentLoader.load(from: dir).bank
        guard let t = bank.track(trackID) else { throw CLIError("the content in \(dir) has no track \(trackID)") }
        let decks = try store.map { s in try storeCall { try s.personalDecks() } } ?? PersonalDecks()
        let notes = DeckExport.notes(track: t, bank: bank, decks: decks)
        let personal = decks.decks.filter { $0.track == trackID }.reduce(0) { $0 + $1.cards.count }

        switch format {
        case .csv:
            let tmp = out + ".partial"
            do {
                try Data(DeckExport.csv(notes).utf8).write(to: URL(fileURLWithPath: tmp))
                if rename(tmp, out) != 0 { throw CLIError("could not write \(out): \(String(cString: strerror(errno)))") }
            } catch {
                try? FileManager.default.removeItem(atPath: tmp)
                throw CLIError("could not write \(out): \(error)")
            }
            print("wrote \(notes.count) notes (\(personal) from personal decks) to \(out)")
        case .anki:
            let now = Date()
            let settings = store?.settings ?? ProfileSettings()
            let day = StudyDay(startHour: settings.dayStartHour, utcOffset: StudyDay.systemUTCOffset)
            let start = day.startOfDay(containing: now)
            var scheduled = 0
            var reviewRows = 0
            var history: [String: [(review: ReviewRecord, before: ItemState?)]] = [:]
            if withSchedule, let store {
                var bySeq: [Int: (ReviewRecord, ItemState?)] = [:]
                try storeCall {
                    try store.replayLog { entry in
                        switch entry.event {
                        case .review(let r, let before): bySeq[entry.seq] = (r, before)
                        case .undo(let u): bySeq[u.undoes] = nil
                        case .edit: break
                        }
                    }
                }
                for seq in bySeq.keys.sorted() {
                    let (r, before) = bySeq[seq]!
                    history[r.itemID, default: []].append((r, before))
                }
            }
            let ankiNotes = notes.map { n -> AnkiExportNote in
                var note = AnkiExportNote(guid: n.guid, front: HTMLText.html(fromText: n.front), back: HTMLText.html(fromText: n.back),
                                          tags: n.tags, deck: n.deck)
                if withSchedule, let state = store?.state(of: n.itemID) {
                    let reviews = history[n.itemID] ?? []
                    note.schedule = AnkiScheduleExport.schedule(state: state, reviews: reviews,
                                                                desiredRetention: settings.desiredRetention, collectionStart: start)
                    scheduled += 1
                    reviewRows += reviews.count
                }
                return note
            }
            do {
                try AnkiPackageWriter.write(ankiNotes, to: out, collectionCreated: start, now: now)
            } catch {
                throw CLIError("could not write \(out): \(error)")
            }
            var line = "wrote \(ankiNotes.count) notes (\(personal) from personal decks) in \(Set(ankiNotes.map(\.deck)).count) decks to \(out)"
            if withSchedule { line += "; \(scheduled) cards carry their schedule, with \(reviewRows) reviews" }
            print(line)
        }
    }
}

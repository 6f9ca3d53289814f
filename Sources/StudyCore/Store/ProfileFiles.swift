/// Where each file of one profile lives:
///
/// ```
/// profiles/NAME/
///   profile.json     index: counts and the list of mock-exam attempts
///   settings.json    the user's choices
///   cards.json       snapshot of every item's state, as of a point in the log
///   daily.json       per-day totals, as of a point in the log
///   reviews.jsonl    the append-only review log
///   exams/ID.json    one mock-exam attempt each
///   decks.json       the personal decks (imported cards)
///   notes.json       the user's notes on items
///   lock             the advisory lock and its holder's pid
/// ```
/// Every whole-file rewrite keeps the previous version as `NAME.bak`; damaged files set aside
/// are kept as `NAME.damaged-TIME`.
public struct ProfileFiles: Sendable, Hashable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public var index: String { directory + "/" + ProfileIndex.fileName }
    public var settings: String { directory + "/" + ProfileSettings.fileName }
    public var cards: String { directory + "/" + CardSnapshot.fileName }
    public var daily: String { directory + "/" + DailyTotals.fileName }
    public var log: String { directory + "/" + ReviewLogFile.fileName }
    public var lock: String { directory + "/" + ProfileLock.fileName }
    public var exams: String { directory + "/exams" }
    public var decks: String { directory + "/" + PersonalDecks.fileName }
    public var notes: String { directory + "/" + ItemNotes.fileName }

    public func attempt(_ id: String) -> String { exams + "/" + id + ".json" }

    /// What kind of file `path` is (its backup counts as the same kind), if it is one of ours.
    public func kind(of path: String) -> ProfileFileKind? {
        let p = path.hasSuffix(".bak") ? String(path.dropLast(4)) : path
        switch p {
        case index: return .index
        case settings: return .settings
        case cards: return .cards
        case daily: return .daily
        case log: return .log
        case decks: return .decks
        case notes: return .notes
        default: return p.hasPrefix(exams + "/") && p.hasSuffix(".json") ? .attempt : nil
        }
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a note came from in an import file: a line of a text file or a note of an `.apkg`.
public enum ImportOrigin: Sendable, Hashable {
    case line(Int)
    case note(Int64)
}

/// A problem with one note (or the whole file) of an import, printed `file:line: problem`
/// or `file: note ID: problem`.
public struct ImportProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var origin: ImportOrigin?
    public var message: String

    public init(file: String, origin: ImportOrigin?, message: String) {
        self.file = file; self.origin = origin; self.message = message
    }

    public var description: String {
        switch origin {
        case .line(let n): return "\(file):\(n): \(message)"
        case .note(let id): return "\(file): note \(id): \(message)"
        case nil: return "\(file): \(message)"
        }
    }
}

/// One note as a reader found it, its fields already plain text.
public struct ImportNote: Sendable, Hashable {
    public var origin: ImportOrigin
    /// A stable key from the file (an Anki guid); nil means the front is the key.
    public var guid: String?
    public var fields: [String]
    public var tags: [String]
    /// The deck the file gives the note, if any.
    public var deck: String?
    /// Which cards of a two-field note exist (0 front to back, 1 back to front); nil means [0].
    public var cardNumbers: [Int]?
    /// A cloze note: one card per deletion number.
    public var isCloze: Bool

    public init(origin: ImportOrigin, guid: String? = nil, fields: [String], tags: [String] = [], deck: String? = nil,
                cardNumbers: [Int]? = nil, isCloze: Bool = false) {
        self.origin = origin; self.guid = guid; self.fields = fields; self.tags = tags; self.deck = deck
        self.cardNumbers = cardNumbers; self.isCloze = isCloze
    }
}

/// A card made from a note, ready to merge into the personal decks.
public struct ImportedCard: Sendable, Hashable {
    public var origin: ImportOrigin
    public var key: String
    public var front: String
    public var back: String
    public var tags: [String]
    public var deck: String?
}

/// What an import did (or, with `--dry-run`, would do).
public struct ImportSummary: Sendable, Hashable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    /// Cards that are StatDeck's own (exported earlier and coming back): left as they are.
    public var builtIn = 0
    /// The decks the cards went to, in order.
    public var decks: [String] = []
    public init() {}
}

/// Turns notes into cards and merges them into a profile's personal decks. Pure: the
/// caller reads the file and saves the result.
public enum CardImport {
    /// The cards of the notes, with a problem for each note that cannot become cards (an
    /// empty front, a missing back column, a cloze with no deletion, a key met twice).
    public static func cards(from notes: [ImportNote], file: String, forcedDeck: String?) -> (cards: [ImportedCard], problems: [ImportProblem]) {
        var cards: [ImportedCard] = []
        cards.reserveCapacity(notes.count)
        var problems: [ImportProblem] = []
        var seen: [String: ImportOrigin] = [:]
        for note in notes {
            func problem(_ m: String) { problems.append(ImportProblem(file: file, origin: note.origin, message: m)) }
            guard let first = note.fields.first, first.contains(where: { !$0.isWhitespace }) else {
                problem("the front is empty")
                continue
            }
            var made: [ImportedCard] = []
            let base = note.guid.map { "guid:" + $0 } ?? first
            if note.isCloze || !Cloze.numbers(in: first).isEmpty {
                let numbers = Cloze.numbers(in: first)
                if numbers.isEmpty { problem("the cloze note has no deletion like {{c1::...}}"); continue }
                let extra = note.fields.dropFirst().first { $0.contains(where: { !$0.isWhitespace }) }
                let answer = Cloze.answer(first) + (extra.map { "\n\n" + $0 } ?? "")
                for n in numbers {
                    made.append(ImportedCard(origin: note.origin, key: base + "#c\(n)", front: Cloze.front(first, number: n),
                                             back: answer, tags: note.tags, deck: note.deck))
                }
            } else {
                guard note.fields.count >= 2 else {
                    problem("there is a front but no back (1 field; expected front and back)")
                    continue
                }
                for number in note.cardNumbers ?? [0] {
                    let (front, back) = number == 1 ? (note.fields[1], note.fields[0]) : (note.fields[0], note.fields[1])
                    if !front.contains(where: { !$0.isWhitespace }) {
                        problem("the front of the reversed card (the back field) is empty")
                        continue
                    }
                    made.append(ImportedCard(origin: note.origin, key: number == 0 ? base : base + "#\(number)",
                                             front: front, back: back, tags: note.tags, deck: note.deck))
                }
            }
            for card in made {
                let deckKey = (forcedDeck ?? card.deck ?? "") + "\u{1F}" + card.key
                if let earlier = seen[deckKey] {
                    let where_: String
                    switch earlier {
                    case .line(let n): where_ = "line \(n)"
                    case .note(let id): where_ = "note \(id)"
                    }
                    problem(note.guid == nil ? "the same front as \(where_) (a deck holds one card per front)"
                                             : "the same card as \(where_)")
                    continue
                }
                seen[deckKey] = card.origin
                cards.append(card)
            }
        }
        return (cards, problems)
    }

    /// Merges cards into the decks. A card whose key a deck already has is updated in place
    /// (its id, and so its schedule, stays); a key of the form `guid:statdeck:ID` (a card
    /// StatDeck exported) updates personal card ID wherever it is, or is left alone when ID is
    /// one of StatDeck's own items (`isBuiltIn`).
    ///
    /// `forcedDeck` (from `--deck`) puts every card in one deck; otherwise a card goes to the
    /// deck the file gave it or `defaultDeck`. A new deck is filed under `track` and `domain`
    /// (`PersonalDeck.ownArea` when nil); an existing one changes only when they are given.
    public static func merge(_ cards: [ImportedCard], into decks: PersonalDecks, forcedDeck: String?, defaultDeck: String,
                             track: String, domain: String?, trackGiven: Bool, source: String, now: Date,
                             isBuiltIn: (String) -> Bool) -> (decks: PersonalDecks, summary: ImportSummary) {
        var result = decks
        var summary = ImportSummary()
        var deckIndex: [String: Int] = [:]
        for (i, d) in result.decks.enumerated() { deckIndex[d.name] = i }
        var keyIndex: [Int: [String: Int]] = [:]
        var idIndex: [String: (Int, Int)] = [:]
        for (d, deck) in result.decks.enumerated() {
            for (c, card) in deck.cards.enumerated() { idIndex[card.id] = (d, c) }
        }
        var touched: Set<Int> = []
        func noteDeck(_ d: Int) {
            if touched.insert(d).inserted { summary.decks.append(result.decks[d].name) }
        }
        for card in cards {
            if card.key.hasPrefix("guid:statdeck:") {
                let raw = card.key.dropFirst("guid:statdeck:".count)
                let id = String(raw.prefix(while: { $0 != "#" }))
                if let (d, c) = idIndex[id] {
                    // The export tagged the card with its deck's area; that tag is not the card's own.
                    var own = card
                    own.tags.removeAll { $0 == DeckExport.tag(result.decks[d].domain) }
                    update(&result.decks[d].cards[c], with: own, &summary)
                    noteDeck(d)
                    continue
                }
                if isBuiltIn(id) { summary.builtIn += 1; continue }
            }
            let name = forcedDeck ?? card.deck ?? defaultDeck
            let d: Int
            if let existing = deckIndex[name] {
                d = existing
                if trackGiven { result.decks[d].track = track }
                if let domain { result.decks[d].domain = domain }
            } else {
                result.decks.append(PersonalDeck(name: name, track: track, domain: domain ?? PersonalDeck.ownArea,
                                                 source: source, updatedAt: now, cards: []))
                d = result.decks.count - 1
                deckIndex[name] = d
            }
            noteDeck(d)
            if keyIndex[d] == nil {
                var keys: [String: Int] = [:]
                for (c, existing) in result.decks[d].cards.enumerated() { keys[existing.key] = c }
                keyIndex[d] = keys
            }
            if let c = keyIndex[d]![card.key] {
                update(&result.decks[d].cards[c], with: card, &summary)
            } else {
                var id = PersonalCard.id(deck: name, key: card.key)
                var salt = 1
                while idIndex[id] != nil { id = PersonalCard.id(deck: name, key: card.key + "\u{1F}\(salt)"); salt += 1 }
                result.decks[d].cards.append(PersonalCard(id: id, key: card.key, front: card.front, back: card.back, tags: card.tags))
                let c = result.decks[d].cards.count - 1
                keyIndex[d]![card.key] = c
                idIndex[id] = (d, c)
                summary.added += 1
            }
        }
        for d in touched {
            result.decks[d].source = source
            result.decks[d].updatedAt = now
        }
        return (result, summary)
    }

    private static func update(_ card: inout PersonalCard, with new: ImportedCard, _ summary: inout ImportSummary) {
        if card.front == new.front && card.back == new.back && card.tags == new.tags {
            summary.unchanged += 1
        } else {
            card.front = new.front; card.back = new.back; card.tags = new.tags
            summary.updated += 1
        }
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One card the user brought in (from a CSV, an Anki text export or an `.apkg`).
///
/// `key` is what re-importing matches on (the front for text files, the note's guid and card
/// number for Anki packages), so importing the same file again updates the card in place; `id`
/// is fixed at the first import and is what the review log knows the card by.
public struct PersonalCard: Sendable, Hashable {
    public var id: String
    public var key: String
    public var front: String
    public var back: String
    public var tags: [String]

    public init(id: String, key: String, front: String, back: String, tags: [String] = []) {
        self.id = id; self.key = key; self.front = front; self.back = back; self.tags = tags
    }

    /// The id a card of `deck` with `key` gets: `my-` and 16 hex digits of a stable hash.
    public static func id(deck: String, key: String) -> String {
        let h = String(stableHash(deck + "\u{1F}" + key), radix: 16)
        return "my-" + String(repeating: "0", count: 16 - h.count) + h
    }
}

/// A personal deck of a profile: cards filed under one track and one area of it.
public struct PersonalDeck: Sendable, Hashable {
    public var name: String
    /// The track (`cpt` or `ccma`) the cards are studied with.
    public var track: String
    /// The test-plan area the cards count toward, or `PersonalDeck.ownArea`.
    public var domain: String
    /// The file the deck was last imported from, as given.
    public var source: String
    public var updatedAt: Date
    public var cards: [PersonalCard]

    /// The area of cards imported without `--domain`: studied in the daily queue and drills
    /// beside the test plan's areas, never counted toward a test-plan domain.
    public static let ownArea = "personal"
    public static let ownAreaName = "Personal cards"

    public init(name: String, track: String, domain: String, source: String, updatedAt: Date, cards: [PersonalCard]) {
        self.name = name; self.track = track; self.domain = domain; self.source = source
        self.updatedAt = updatedAt; self.cards = cards
    }

    /// The cards as study items of the deck's track.
    public var flashcards: [Flashcard] {
        cards.map { Flashcard(id: $0.id, deck: name, front: $0.front, back: $0.back, domains: [track: domain], tags: $0.tags) }
    }
}

/// Every personal deck of a profile (`decks.json`), in the order they were first imported.
public struct PersonalDecks: Sendable, Hashable {
    public var decks: [PersonalDeck]

    public init(decks: [PersonalDeck] = []) { self.decks = decks }

    public var cardCount: Int { decks.reduce(0) { $0 + $1.cards.count } }

    public func deck(named name: String) -> PersonalDeck? { decks.first { $0.name == name } }

    /// The deck and position of a card id.
    public func locate(_ id: String) -> (deck: Int, card: Int)? {
        for (d, deck) in decks.enumerated() {
            if let c = deck.cards.firstIndex(where: { $0.id == id }) { return (d, c) }
        }
        return nil
    }

    /// Every card of the decks filed under a track, as flashcards.
    public func flashcards(for track: String) -> [Flashcard] {
        decks.filter { $0.track == track }.flatMap(\.flashcards)
    }

    /// Changes a card's front, back and tags; false when there is no such card or the new
    /// front is empty.
    public mutating func edit(_ id: String, front: String, back: String, tags: [String], now: Date) -> Bool {
        guard let (d, c) = locate(id), front.contains(where: { !$0.isWhitespace }) else { return false }
        decks[d].cards[c].front = front
        decks[d].cards[c].back = back
        decks[d].cards[c].tags = tags
        decks[d].updatedAt = now
        return true
    }

    /// Removes one card (a deck left empty goes too); false when there is no such card.
    public mutating func remove(_ id: String) -> Bool {
        guard let (d, c) = locate(id) else { return false }
        decks[d].cards.remove(at: c)
        if decks[d].cards.isEmpty { decks.remove(at: d) }
        return true
    }

    /// Removes a whole deck; false when there is none of that name.
    public mutating func removeDeck(named name: String) -> Bool {
        guard let i = decks.firstIndex(where: { $0.name == name }) else { return false }
        decks.remove(at: i)
        return true
    }

    static let fileName = "decks.json"

    // MARK: decks.json

    /// The file: one card per line, so a problem is reported at the card's line.
    ///
    /// ```
    /// {
    /// "schemaVersion": 1,
    /// "savedAt": "2026-12-07T05:00:00.000Z",
    /// "decks": [
    /// {"name":"Bio","track":"cpt","domain":"personal","source":"bio.csv","updatedAt":"...","cards":[
    /// {"id":"my-0123456789abcdef","key":"mitosis","front":"mitosis","back":"cell division","tags":["bio"]}
    /// ]}
    /// ]
    /// }
    /// ```
    func encoded(schemaVersion: Int, savedAt: Date) -> [UInt8] {
        var w = JSONWriter(capacity: 64 + cardCount * 160)
        w.raw("{\n\"schemaVersion\": "); w.int(schemaVersion)
        w.raw(",\n\"savedAt\": "); w.date(savedAt)
        w.raw(",\n\"decks\": [")
        for (i, deck) in decks.enumerated() {
            w.raw(i == 0 ? "\n{" : ",\n{")
            w.key("name"); w.string(deck.name)
            w.raw(","); w.key("track"); w.string(deck.track)
            w.raw(","); w.key("domain"); w.string(deck.domain)
            w.raw(","); w.key("source"); w.string(deck.source)
            w.raw(","); w.key("updatedAt"); w.date(deck.updatedAt)
            w.raw(","); w.key("cards"); w.raw("[")
            for (j, card) in deck.cards.enumerated() {
                w.raw(j == 0 ? "\n{" : ",\n{")
                w.key("id"); w.string(card.id)
                w.raw(","); w.key("key"); w.string(card.key)
                w.raw(","); w.key("front"); w.string(card.front)
                w.raw(","); w.key("back"); w.string(card.back)
                if !card.tags.isEmpty {
                    w.raw(","); w.key("tags"); w.raw("[")
                    for (k, t) in card.tags.enumerated() {
                        if k > 0 { w.raw(",") }
                        w.string(t)
                    }
                    w.raw("]")
                }
                w.raw("}")
            }
            w.raw(deck.cards.isEmpty ? "]}" : "\n]}")
        }
        w.raw(decks.isEmpty ? "]\n}\n" : "\n]\n}\n")
        return w.bytes
    }

    static func decode(_ bytes: [UInt8], file: String, migrations: SchemaMigrations) throws(StoreError) -> PersonalDecks {
        let (root, _) = try ProfileFileFormat.parse(bytes, kind: .decks, file: file, migrations: migrations)
        do throws(FieldError) {
            let r = try FieldReader(root, "the file")
            _ = try r.date("savedAt")
            let decksNode = try r.required("decks")
            guard let array = decksNode.array else { throw r.mismatch("decks", decksNode, "an array") }
            var decks: [PersonalDeck] = []
            var names: Set<String> = []
            var ids: Set<String> = []
            for node in array {
                let d = try FieldReader(node, "a deck")
                let name = try d.string("name")
                if name.isEmpty { throw FieldError(position: node.position, message: "a deck has an empty name") }
                if !names.insert(name).inserted { throw FieldError(position: node.position, message: "deck \"\(name)\" is listed twice") }
                let track = try d.string("track")
                if !ProfileSettings.tracks.contains(track) {
                    throw FieldError(position: try d.required("track").position, message: "\"track\" should be \"cpt\" or \"ccma\"")
                }
                let cardsNode = try d.required("cards")
                guard let cardArray = cardsNode.array else { throw d.mismatch("cards", cardsNode, "an array") }
                var cards: [PersonalCard] = []
                cards.reserveCapacity(cardArray.count)
                var keys: Set<String> = []
                for cn in cardArray {
                    let c = try FieldReader(cn, "a card")
                    let id = try c.string("id")
                    if !id.hasPrefix("my-") { throw FieldError(position: cn.position, message: "card id \(id) should start with \"my-\"") }
                    if !ids.insert(id).inserted { throw FieldError(position: cn.position, message: "card \(id) is listed twice") }
                    let key = try c.string("key")
                    if !keys.insert(key).inserted { throw FieldError(position: cn.position, message: "deck \"\(name)\" has two cards with the key \"\(key)\"") }
                    var tags: [String] = []
                    if let tn = c.optional("tags") {
                        guard let ta = tn.array else { throw c.mismatch("tags", tn, "an array") }
                        for t in ta {
                            guard let s = t.string else { throw FieldError(position: t.position, message: "a tag should be a string but is \(t.typeName)") }
                            tags.append(s)
                        }
                    }
                    cards.append(PersonalCard(id: id, key: key, front: try c.string("front"), back: try c.string("back"), tags: tags))
                }
                decks.append(PersonalDeck(name: name, track: track, domain: try d.string("domain"), source: try d.string("source"),
                                          updatedAt: try d.date("updatedAt"), cards: cards))
            }
            return PersonalDecks(decks: decks)
        } catch {
            throw ProfileFileFormat.corrupt(file, error)
        }
    }
}

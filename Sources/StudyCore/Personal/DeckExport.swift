/// One note of an export (Anki or CSV), in plain text: a question with its lettered
/// choices on the front and the key and explanation on the back, a flashcard, or a card
/// of a personal deck.
public struct ExportNote: Sendable, Hashable {
    /// The StatDeck item id; the Anki guid is `statdeck:` followed by it, so importing an
    /// export again (into Anki or back into StatDeck) updates instead of duplicating.
    public var itemID: String
    public var front: String
    public var back: String
    /// The area id and fact ids (and a personal card's own tags), without spaces.
    public var tags: [String]
    /// `StatDeck CPT::Domain::Subdomain`, or `StatDeck CPT::My decks::NAME`.
    public var deck: String

    public var guid: String { "statdeck:" + itemID }
}

/// Builds the notes of an export from the content and a profile's personal decks.
public enum DeckExport {
    public static func notes(track: Track, bank: ContentBank, decks: PersonalDecks) -> [ExportNote] {
        let root = "StatDeck " + track.shortName
        func deckName(_ area: String) -> String {
            guard let top = track.topDomain(of: area) else {
                return area == PersonalDeck.ownArea ? root + "::" + PersonalDeck.ownAreaName : root
            }
            if top.id == area { return root + "::" + clean(top.name) }
            return root + "::" + clean(top.name) + "::" + clean(track.area(area)?.name ?? area)
        }
        func tags(_ area: String, _ facts: [String], _ own: [String]) -> [String] {
            var out = [tag(area)]
            for f in facts + own where !out.contains(tag(f)) { out.append(tag(f)) }
            return out.filter { !$0.isEmpty }
        }
        var notes: [ExportNote] = []
        for q in bank.questions(for: track.id) {
            let area = q.domains[track.id] ?? ""
            var front = q.stem
            var back: String
            switch q.kind {
            case .single:
                for (i, c) in q.choices.enumerated() { front += "\n" + letter(i) + ". " + c }
                back = q.choices.indices.contains(q.answer) ? letter(q.answer) + ". " + q.choices[q.answer] : ""
            case .order:
                let shown = q.steps.sorted()
                front += "\nPut in order:"
                for (i, s) in shown.enumerated() { front += "\n" + letter(i) + ". " + s }
                back = q.steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
            }
            if !q.explanation.isEmpty { back += "\n\n" + q.explanation }
            notes.append(ExportNote(itemID: q.id, front: front, back: back, tags: tags(area, q.facts, []), deck: deckName(area)))
        }
        for f in bank.flashcards(for: track.id) {
            let area = f.domains[track.id] ?? ""
            notes.append(ExportNote(itemID: f.id, front: f.front, back: f.back, tags: tags(area, f.facts, []), deck: deckName(area)))
        }
        for deck in decks.decks where deck.track == track.id {
            for c in deck.cards {
                notes.append(ExportNote(itemID: c.id, front: c.front, back: c.back, tags: tags(deck.domain, [], c.tags),
                                        deck: root + "::My decks::" + clean(deck.name)))
            }
        }
        return notes
    }

    static func letter(_ i: Int) -> String { String(UnicodeScalar(UInt8(65 + i % 26))) }

    /// A tag cannot hold blanks in Anki.
    static func tag(_ s: String) -> String { String(s.map { $0.isWhitespace ? "_" : $0 }) }

    /// A deck name level cannot hold `::`.
    static func clean(_ s: String) -> String { s.split(separator: "::", omittingEmptySubsequences: false).joined(separator: ":") }

    /// The notes as CSV (RFC 4180, CRLF-free): a header row `id,front,back,tags,deck`.
    public static func csv(_ notes: [ExportNote]) -> String {
        var out = "id,front,back,tags,deck\n"
        for n in notes {
            out += [n.itemID, n.front, n.back, n.tags.joined(separator: " "), n.deck].map(quote).joined(separator: ",") + "\n"
        }
        return out
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}

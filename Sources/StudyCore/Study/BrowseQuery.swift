#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A Browse search: words to find in the item's text or id, `"phrases in quotes"` found as
/// written, plus `domain:ID`, `tag:TAG`, `is:due|new|suspended|flagged|leech` and `note:`
/// filters (Anki's search syntax, in small). Every part must match. `note:` alone keeps the
/// items with a note of the user's; `note:WORD` (or `note:"a phrase"`) those whose note
/// holds it.
public struct BrowseQuery: Sendable, Hashable {
    /// The `is:` states.
    public enum State: String, Sendable, Hashable, CaseIterable {
        case due, new, suspended, flagged, leech
    }

    /// Words and phrases (a phrase keeps its spaces), lowercased.
    public var words: [String] = []
    public var domains: [String] = []
    public var tags: [String] = []
    public var states: [State] = []
    /// Whether only items with a note match (`note:`, or any `note:WORD`).
    public var hasNote = false
    /// Words or phrases the item's note must hold, lowercased.
    public var noteWords: [String] = []

    public init() {}

    /// Reads a search. Throws a message naming the part that is wrong (an unknown `is:`
    /// state or an empty filter).
    public static func parse(_ text: String) throws(BrowseQueryError) -> BrowseQuery {
        var q = BrowseQuery()
        var noteBefore = false
        for token in try tokens(text) {
            defer { noteBefore = !token.phrase && token.text == "note:" }
            if token.phrase {
                // `note:"a phrase"`: the phrase is the note's.
                if noteBefore { if !token.text.isEmpty { q.noteWords.append(token.text) }; continue }
                if !token.text.isEmpty { q.words.append(token.text) }
                continue
            }
            let token = token.text
            if let value = token.dropPrefix("note:") {
                q.hasNote = true
                if !value.isEmpty { q.noteWords.append(value) }
            } else if let value = token.dropPrefix("domain:") {
                guard !value.isEmpty else { throw BrowseQueryError("domain: needs a domain id, e.g. domain:processing") }
                q.domains.append(value)
            } else if let value = token.dropPrefix("tag:") {
                guard !value.isEmpty else { throw BrowseQueryError("tag: needs a tag, e.g. tag:tubes") }
                q.tags.append(value)
            } else if let value = token.dropPrefix("is:") {
                guard let state = State(rawValue: value) else {
                    throw BrowseQueryError("is:\(value) is not a state; use is:due, is:new, is:suspended, is:flagged or is:leech")
                }
                q.states.append(state)
            } else {
                q.words.append(token)
            }
        }
        return q
    }

    /// Splits a search into words and quoted phrases, lowercased.
    static func tokens(_ text: String) throws(BrowseQueryError) -> [(text: String, phrase: Bool)] {
        var out: [(String, Bool)] = []
        var current = ""
        var inQuote = false
        for c in text.lowercased() {
            if c == "\"" {
                if inQuote { out.append((current.trimmingWhitespace(), true)); current = "" }
                else if !current.isEmpty { out.append((current, false)); current = "" }
                inQuote.toggle()
            } else if !inQuote && (c == " " || c == "\t") {
                if !current.isEmpty { out.append((current, false)); current = "" }
            } else {
                current.append(c)
            }
        }
        if inQuote { throw BrowseQueryError("a phrase needs its closing quote: \"\(current)") }
        if !current.isEmpty { out.append((current, false)) }
        return out
    }

    /// Where the search's words and phrases occur in `text` (case ignored), as character
    /// offsets and lengths, for highlighting; overlapping matches are merged.
    public func matchRanges(in text: String) -> [(start: Int, length: Int)] {
        let lower = Array(text.lowercased())
        guard lower.count == text.count else { return [] }
        var marked = Array(repeating: false, count: lower.count)
        for w in words {
            let needle = Array(w)
            guard !needle.isEmpty, needle.count <= lower.count else { continue }
            var i = 0
            while i + needle.count <= lower.count {
                if Array(lower[i..<(i + needle.count)]) == needle {
                    for k in i..<(i + needle.count) { marked[k] = true }
                    i += needle.count
                } else { i += 1 }
            }
        }
        var out: [(Int, Int)] = []
        var i = 0
        while i < marked.count {
            if marked[i] {
                let start = i
                while i < marked.count && marked[i] { i += 1 }
                out.append((start, i - start))
            } else { i += 1 }
        }
        return out
    }

    /// Whether `item` matches. `area` is its domain or subdomain id in the track and
    /// `areaIDs` that id with its parent domain's; `isDue` says whether it is due now; `note`
    /// is the user's note on it, if any.
    public func matches(_ item: StudyItem, areaIDs: [String], state: ItemState?, isDue: Bool, note: String? = nil) -> Bool {
        if hasNote {
            guard let note else { return false }
            let lower = note.lowercased()
            for w in noteWords where !lower.contains(w) { return false }
        }
        for d in domains where !areaIDs.contains(where: { $0.lowercased() == d }) { return false }
        let tags = item.tags.map { $0.lowercased() }
        for t in self.tags where !tags.contains(t) { return false }
        for s in states {
            switch s {
            case .due: if !(isDue && state != nil && !(state!.card.isNew)) { return false }
            case .new: if !(state?.card.isNew ?? true) { return false }
            case .suspended: if !(state?.flags.suspended ?? false) { return false }
            case .flagged: if !(state?.flags.flagged ?? false) { return false }
            case .leech: if !(state?.flags.leech ?? false) { return false }
            }
        }
        guard !words.isEmpty else { return true }
        let text = Self.searchText(of: item)
        return words.allSatisfy { text.contains($0) }
    }

    /// The lowercased text a word search looks in: id, stem or front and back, choices, steps.
    public static func searchText(of item: StudyItem) -> String {
        switch item {
        case .question(let q): return ([q.id, q.stem] + q.choices + q.steps + [q.explanation]).joined(separator: "\n").lowercased()
        case .flashcard(let f): return [f.id, f.front, f.back, f.deck].joined(separator: "\n").lowercased()
        }
    }
}

/// A Browse search that cannot be read.
public struct BrowseQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

private extension String {
    func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}

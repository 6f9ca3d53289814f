#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A user's personal notes (memory aids) on cards and questions, in `notes.json`: one short
/// text per item id, with the time it was last written.
///
/// The file is rewritten whole and atomically on every change, the previous version kept as
/// `notes.json.bak`, like the settings. A note is 1 to `maxLength` characters of text, on one
/// or more lines; other control characters are refused.
public struct ItemNotes: Codable, Sendable, Hashable {
    /// One note.
    public struct Note: Codable, Sendable, Hashable {
        public var text: String
        /// When it was last written.
        public var updated: Date

        public init(text: String, updated: Date) {
            self.text = text
            self.updated = updated
        }
    }

    /// Item id to its note.
    public var notes: [String: Note]

    /// The longest note, in characters.
    public static let maxLength = 1000

    public init(notes: [String: Note] = [:]) { self.notes = notes }

    enum CodingKeys: String, CodingKey { case notes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        notes = try c.decode([String: Note].self, forKey: .notes)
        for (id, note) in notes {
            if let problem = Self.problem(id: id, text: note.text) {
                let key = NoteKey(stringValue: id)
                let inner = try c.nestedContainer(keyedBy: NoteKey.self, forKey: .notes)
                throw DecodingError.dataCorruptedError(forKey: key, in: inner, debugDescription: problem)
            }
        }
    }

    /// Every note's text, by item id.
    public var texts: [String: String] { notes.mapValues(\.text) }

    /// The text of an item's note; nil when it has none.
    public subscript(itemID: String) -> String? { notes[itemID]?.text }

    /// What is wrong with a note, in words; nil when it can be saved.
    public static func problem(id: String, text: String) -> String? {
        if id.isEmpty { return "a note needs an item id" }
        if text.isEmpty { return "the note of \(id) is empty" }
        if text.count > maxLength { return "the note of \(id) is \(text.count) characters long; a note holds at most \(maxLength)" }
        if text.unicodeScalars.contains(where: { $0 != "\n" && ($0.value < 0x20 || $0.value == 0x7F) }) {
            return "the note of \(id) holds a control character"
        }
        return nil
    }

    /// A note as it is saved: spaces and line breaks trimmed at both ends, carriage returns dropped; nil
    /// when nothing is left (an empty note deletes the note).
    public static func normalized(_ text: String) -> String? {
        let t = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\r" })).trimmingWhitespace()
        return t.isEmpty ? nil : t
    }

    static let fileName = "notes.json"
}

private struct NoteKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

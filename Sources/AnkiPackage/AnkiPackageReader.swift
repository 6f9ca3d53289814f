import Foundation
import StudyCore
import ZIPFoundation

/// What an `.apkg` holds, as notes StatDeck can import.
public struct AnkiPackageContents: Sendable {
    public var notes: [ImportNote] = []
    /// Problems with single notes (an unknown note type, a card StatDeck cannot show).
    public var problems: [ImportProblem] = []
    /// Media files in the package; StatDeck shows text only, so they are skipped.
    public var mediaCount = 0
    /// The collection file read: `collection.anki21b` (current, zstd), `collection.anki21` or `collection.anki2`.
    public var collection = ""
}

/// Reads an Anki package: a ZIP holding the collection (an SQLite database; the current
/// `collection.anki21b` is zstd-compressed and preferred over the legacy `collection.anki2`,
/// which newer Anki versions fill with a single "please update" note) and numbered media files.
///
/// Each note becomes an `ImportNote` keyed by its guid, its fields reduced from HTML to text;
/// the cards the package has for it say which directions exist (Basic, Basic and reversed),
/// and a cloze note type gives one card per deletion.
public enum AnkiPackageReader {
    public static func read(path: String, displayName: String) throws(ImportProblem) -> AnkiPackageContents {
        func fail(_ m: String) -> ImportProblem { ImportProblem(file: displayName, origin: nil, message: m) }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw fail("this is not an Anki package (not a ZIP file: \(error))")
        }
        var contents = AnkiPackageContents()
        var entries: [String: Entry] = [:]
        for entry in archive {
            entries[entry.path] = entry
            if !entry.path.isEmpty && entry.path.allSatisfy({ $0.isASCII && $0.isNumber }) { contents.mediaCount += 1 }
        }
        guard let name = ["collection.anki21b", "collection.anki21", "collection.anki2"].first(where: { entries[$0] != nil }),
              let entry = entries[name] else {
            throw fail("this ZIP holds no Anki collection (collection.anki21b or collection.anki2); is it a .colpkg or another kind of file?")
        }
        contents.collection = name
        var bytes = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { bytes.append($0) }
        } catch {
            throw fail("\(name) cannot be read from the package: \(error)")
        }
        var raw = [UInt8](bytes)
        if name.hasSuffix("b") {
            do { raw = try Zstd.decompress(raw) } catch { throw fail("\(name) is not valid zstd data: \(error)") }
        }
        guard raw.starts(with: Array("SQLite format 3\0".utf8)) else { throw fail("\(name) is not an SQLite database") }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-apkg-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).db").path
        guard FileManager.default.createFile(atPath: tmp, contents: Data(raw), attributes: [.posixPermissions: 0o600]) else {
            throw fail("cannot write a temporary copy of the collection to \(tmp)")
        }
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        do {
            let db = try SQLiteDatabase(path: tmp, readOnly: true)
            try readNotes(db, &contents, displayName)
        } catch let e as SQLiteError {
            throw fail("\(name) cannot be read: \(e.message)")
        } catch {
            throw fail("\(name) cannot be read: \(error)")
        }
        return contents
    }

    private struct NoteType { var name: String; var isCloze: Bool }

    private static func readNotes(_ db: SQLiteDatabase, _ contents: inout AnkiPackageContents, _ file: String) throws {
        var types: [Int64: NoteType] = [:]
        var decks: [Int64: String] = [:]
        if try db.hasTable("notetypes") {
            try db.query("select id, name, config from notetypes") { row in
                types[row.int(0)] = NoteType(name: row.text(1), isCloze: Protobuf.varint(field: 1, in: row.blob(2)) == 1)
            }
            try db.query("select id, name from decks") { row in
                decks[row.int(0)] = row.text(1).replacingOccurrences(of: "\u{1F}", with: "::")
            }
        } else {
            try db.query("select models, decks from col") { row in
                if let models = try? JSONSerialization.jsonObject(with: Data(row.text(0).utf8)) as? [String: Any] {
                    for (id, m) in models {
                        guard let m = m as? [String: Any], let nid = Int64(id) else { continue }
                        types[nid] = NoteType(name: m["name"] as? String ?? id, isCloze: (m["type"] as? Int) == 1)
                    }
                }
                if let ds = try? JSONSerialization.jsonObject(with: Data(row.text(1).utf8)) as? [String: Any] {
                    for (id, d) in ds {
                        guard let d = d as? [String: Any], let did = Int64(id) else { continue }
                        decks[did] = d["name"] as? String
                    }
                }
            }
        }
        var cardsOf: [Int64: (ords: [Int], deck: Int64)] = [:]
        try db.query("select nid, ord, did from cards order by nid, ord") { row in
            let nid = row.int(0)
            var entry = cardsOf[nid] ?? ([], row.int(2))
            entry.ords.append(Int(row.int(1)))
            cardsOf[nid] = entry
        }
        try db.query("select id, guid, mid, tags, flds from notes order by id") { row in
            let id = row.int(0)
            let origin = ImportOrigin.note(id)
            guard let type = types[row.int(2)] else {
                contents.problems.append(ImportProblem(file: file, origin: origin, message: "its note type (\(row.int(2))) is not in the package"))
                return
            }
            let fields = row.text(4).split(separator: "\u{1F}", omittingEmptySubsequences: false).map { f in
                HTMLText.text(fromHTML: stripSounds(String(f)))
            }
            let tags = row.text(3).split(separator: " ").map(String.init)
            let cards = cardsOf[id]
            var numbers: [Int]?
            if !type.isCloze {
                let ords = cards?.ords ?? [0]
                let beyond = ords.filter { $0 > 1 }
                if !beyond.isEmpty {
                    contents.problems.append(ImportProblem(file: file, origin: origin, message: "note type \"\(type.name)\" makes card \(beyond[0] + 1) of this note; StatDeck imports Basic, Basic and reversed, and cloze notes (the first two cards of a note)"))
                    return
                }
                numbers = ords
            }
            contents.notes.append(ImportNote(origin: origin, guid: row.text(1), fields: fields, tags: tags,
                                             deck: cards.flatMap { decks[$0.deck] }, cardNumbers: numbers, isCloze: type.isCloze))
        }
    }

    /// `[sound:x.mp3]` references name media, which StatDeck skips.
    static func stripSounds(_ field: String) -> String {
        guard field.contains("[sound:") else { return field }
        var out = ""
        var rest = Substring(field)
        while let start = rest.range(of: "[sound:") {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "]") else { rest = rest[start.upperBound...]; break }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }
}

/// Just enough protobuf to read one varint field of a message (a note type's kind).
enum Protobuf {
    static func varint(field wanted: Int, in bytes: [UInt8]) -> UInt64? {
        var i = 0
        func readVarint() -> UInt64? {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while i < bytes.count {
                let b = bytes[i]; i += 1
                v |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return v }
                shift += 7
                if shift > 63 { return nil }
            }
            return nil
        }
        while i < bytes.count {
            guard let tag = readVarint() else { return nil }
            let field = Int(tag >> 3)
            switch tag & 7 {
            case 0:
                guard let v = readVarint() else { return nil }
                if field == wanted { return v }
            case 1: i += 8
            case 2:
                guard let n = readVarint() else { return nil }
                i += Int(n)
            case 5: i += 4
            default: return nil
            }
        }
        return nil
    }
}

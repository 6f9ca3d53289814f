import Foundation
import StudyCore
import ZIPFoundation

/// One note of an export: two HTML fields, tags, the deck, and optionally the card's schedule.
public struct AnkiExportNote: Sendable {
    public var guid: String
    public var front: String
    public var back: String
    public var tags: [String]
    /// Deck name, levels separated by `::`.
    public var deck: String
    public var schedule: AnkiCardSchedule?

    public init(guid: String, front: String, back: String, tags: [String], deck: String, schedule: AnkiCardSchedule? = nil) {
        self.guid = guid; self.front = front; self.back = back; self.tags = tags; self.deck = deck; self.schedule = schedule
    }
}

/// A card's scheduling in Anki's terms (cards table and FSRS memory state) and its history.
public struct AnkiCardSchedule: Sendable {
    /// 0 new, 1 learning, 2 review, 3 relearning.
    public var type: Int
    /// As `type`, or -1 when suspended.
    public var queue: Int
    /// Review cards: the day number counted from the collection's creation day; learning
    /// cards: a Unix time in seconds.
    public var due: Int64
    public var interval: Int
    public var reps: Int
    public var lapses: Int
    public var stability: Double?
    public var difficulty: Double?
    public var desiredRetention: Double
    public var lastReview: Date?
    public var reviews: [AnkiReview]

    public init(type: Int, queue: Int, due: Int64, interval: Int, reps: Int, lapses: Int, stability: Double?,
                difficulty: Double?, desiredRetention: Double, lastReview: Date?, reviews: [AnkiReview]) {
        self.type = type; self.queue = queue; self.due = due; self.interval = interval; self.reps = reps
        self.lapses = lapses; self.stability = stability; self.difficulty = difficulty
        self.desiredRetention = desiredRetention; self.lastReview = lastReview; self.reviews = reviews
    }
}

/// One row of Anki's review log.
public struct AnkiReview: Sendable {
    public var at: Date
    /// 1 again ... 4 easy.
    public var ease: Int
    /// Days when positive, seconds when negative (Anki's convention).
    public var interval: Int
    public var lastInterval: Int
    public var milliseconds: Int
    /// 0 learning, 1 review, 2 relearning.
    public var kind: Int

    public init(at: Date, ease: Int, interval: Int, lastInterval: Int, milliseconds: Int, kind: Int) {
        self.at = at; self.ease = ease; self.interval = interval; self.lastInterval = lastInterval
        self.milliseconds = milliseconds; self.kind = kind
    }
}

/// Writes an `.apkg` in the legacy layout every Anki version imports: a ZIP of
/// `collection.anki2` (SQLite, collection schema 11, one two-field note type "StatDeck Basic")
/// and an empty `media` index. The package is built beside `path` and renamed over it, so a
/// failure leaves no partial file.
public enum AnkiPackageWriter {
    public static func write(_ notes: [AnkiExportNote], to path: String, collectionCreated: Date, now: Date) throws {
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("statdeck-export-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        let dbPath = work.appendingPathComponent("collection.anki2").path
        try writeCollection(notes, dbPath: dbPath, created: collectionCreated, now: now)

        let target = URL(fileURLWithPath: path)
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial")
        try? fm.removeItem(at: partial)
        do {
            let archive = try Archive(url: partial, accessMode: .create)
            try archive.addEntry(with: "collection.anki2", fileURL: URL(fileURLWithPath: dbPath), compressionMethod: .deflate)
            let media = Data("{}".utf8)
            try archive.addEntry(with: "media", type: .file, uncompressedSize: Int64(media.count), compressionMethod: .none) { pos, size in
                media.subdata(in: Int(pos)..<Int(pos) + size)
            }
        } catch {
            try? fm.removeItem(at: partial)
            throw error
        }
        if rename(partial.path, target.path) != 0 {
            let e = String(cString: strerror(errno))
            try? fm.removeItem(at: partial)
            throw SQLiteError(message: "could not move the package into place at \(path): \(e)")
        }
    }

    static let schema = """
    create table col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
      ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
      models text not null, decks text not null, dconf text not null, tags text not null);
    create table notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
      usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
      flags integer not null, data text not null);
    create table cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
      mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
      ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null,
      odue integer not null, odid integer not null, flags integer not null, data text not null);
    create table revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
      ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
    create table graves (usn integer not null, oid integer not null, type integer not null);
    create index ix_notes_usn on notes (usn);
    create index ix_cards_usn on cards (usn);
    create index ix_revlog_usn on revlog (usn);
    create index ix_cards_nid on cards (nid);
    create index ix_cards_sched on cards (did, queue, due);
    create index ix_revlog_cid on revlog (cid);
    create index ix_notes_csum on notes (csum);
    """

    static func json(_ value: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Anki's note checksum: the first 8 hex digits of the SHA-1 of the sort field's text.
    static func checksum(_ text: String) -> Int64 {
        let digest = SHA1.hash(Array(text.utf8))
        return Int64(digest[0]) << 24 | Int64(digest[1]) << 16 | Int64(digest[2]) << 8 | Int64(digest[3])
    }

    static func writeCollection(_ notes: [AnkiExportNote], dbPath: String, created: Date, now: Date) throws {
        let db = try SQLiteDatabase(path: dbPath, readOnly: false)
        try db.execute(schema)
        let nowSec = Int64(now.timeIntervalSince1970)
        let nowMs = nowSec * 1000
        let modelID: Int64 = 1_600_000_000_001
        var deckIDs: [String: Int64] = [:]
        for n in notes where deckIDs[n.deck] == nil { deckIDs[n.deck] = 1_600_000_001_000 + Int64(deckIDs.count) }
        func deck(_ id: Int64, _ name: String) -> [String: Any] {
            ["id": id, "name": name, "mod": nowSec, "usn": -1, "desc": "", "dyn": 0, "conf": 1, "collapsed": false,
             "browserCollapsed": false, "extendNew": 0, "extendRev": 0, "newToday": [0, 0], "revToday": [0, 0],
             "lrnToday": [0, 0], "timeToday": [0, 0]]
        }
        var decks: [String: Any] = ["1": deck(1, "Default")]
        for (name, id) in deckIDs { decks[String(id)] = deck(id, name) }
        let field: (String, Int) -> [String: Any] = { name, ord in
            ["name": name, "ord": ord, "sticky": false, "rtl": false, "font": "Arial", "size": 20, "media": []]
        }
        let model: [String: Any] = [
            "id": modelID, "name": "StatDeck Basic", "type": 0, "mod": nowSec, "usn": -1, "sortf": 0,
            "did": deckIDs.values.min() ?? 1, "tags": [], "vers": [],
            "css": ".card { font-family: arial; font-size: 20px; text-align: left; }",
            "latexPre": "\\documentclass[12pt]{article}\n\\begin{document}\n", "latexPost": "\\end{document}",
            "flds": [field("Front", 0), field("Back", 1)],
            "tmpls": [["name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}",
                       "bqfmt": "", "bafmt": "", "did": NSNull(), "bfont": "", "bsize": 0] as [String: Any]],
            "req": [[0, "any", [0]]],
        ]
        let dconf: [String: Any] = [
            "id": 1, "mod": 0, "name": "Default", "usn": 0, "maxTaken": 60, "autoplay": true, "timer": 0,
            "replayq": true, "dyn": false,
            "new": ["bury": false, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 0], "order": 1, "perDay": 20],
            "lapse": ["delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0],
            "rev": ["bury": false, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200, "hardFactor": 1.2],
        ]
        let conf: [String: Any] = ["nextPos": notes.count + 1, "fsrs": true, "curModel": modelID, "activeDecks": [1]]
        try db.insert("insert into col values (1,?,?,?,11,0,0,0,?,?,?,?,'{}')", rows: [[
            .int(Int64(created.timeIntervalSince1970)), .int(nowMs), .int(nowMs), .text(json(conf)),
            .text(json([String(modelID): model])), .text(json(decks)), .text(json(["1": dconf])),
        ]])
        try db.execute("begin")
        var noteRows: [[SQLiteDatabase.Value]] = []
        var cardRows: [[SQLiteDatabase.Value]] = []
        var revRows: [[SQLiteDatabase.Value]] = []
        var usedRevIDs: Set<Int64> = []
        let base: Int64 = 1_600_000_100_000
        for (i, n) in notes.enumerated() {
            let id = base + Int64(i)
            let sortText = HTMLText.text(fromHTML: n.front)
            noteRows.append([.int(id), .text(n.guid), .int(modelID), .int(nowSec), .int(-1),
                             .text(n.tags.isEmpty ? "" : " " + n.tags.joined(separator: " ") + " "),
                             .text(n.front + "\u{1F}" + n.back), .text(sortText), .int(checksum(sortText))])
            let did = deckIDs[n.deck]!
            if let s = n.schedule {
                var data: [String: Any] = ["dr": s.desiredRetention]
                if let st = s.stability { data["s"] = (st * 10_000).rounded() / 10_000 }
                if let d = s.difficulty { data["d"] = (d * 10_000).rounded() / 10_000 }
                if let lr = s.lastReview { data["lrt"] = Int64(lr.timeIntervalSince1970) }
                cardRows.append([.int(id), .int(id), .int(did), .int(nowSec), .int(Int64(s.type)), .int(Int64(s.queue)),
                                 .int(s.due), .int(Int64(s.interval)), .int(s.type == 0 ? 0 : 2500), .int(Int64(s.reps)),
                                 .int(Int64(s.lapses)), .text(json(data))])
                for r in s.reviews {
                    var rid = Int64((r.at.timeIntervalSince1970 * 1000).rounded())
                    while !usedRevIDs.insert(rid).inserted { rid += 1 }
                    revRows.append([.int(rid), .int(id), .int(Int64(r.ease)), .int(Int64(r.interval)), .int(Int64(r.lastInterval)),
                                    .int(2500), .int(Int64(min(r.milliseconds, 3_600_000))), .int(Int64(r.kind))])
                }
            } else {
                cardRows.append([.int(id), .int(id), .int(did), .int(nowSec), .int(0), .int(0), .int(Int64(i + 1)), .int(0),
                                 .int(0), .int(0), .int(0), .text("")])
            }
        }
        try db.insert("insert into notes values (?,?,?,?,?,?,?,?,?,0,'')", rows: noteRows)
        try db.insert("insert into cards values (?,?,?,0,?,-1,?,?,?,?,?,?,?,0,0,0,0,?)", rows: cardRows)
        try db.insert("insert into revlog values (?,?,-1,?,?,?,?,?,?)", rows: revRows)
        try db.execute("commit")
    }
}

/// SHA-1, for Anki's note checksums (not for security).
enum SHA1 {
    static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        var m = message
        let bitLength = UInt64(message.count) * 8
        m.append(0x80)
        while m.count % 64 != 56 { m.append(0) }
        for i in (0..<8).reversed() { m.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: m.count, by: 64) {
            for t in 0..<16 {
                w[t] = UInt32(m[chunk + 4 * t]) << 24 | UInt32(m[chunk + 4 * t + 1]) << 16 | UInt32(m[chunk + 4 * t + 2]) << 8 | UInt32(m[chunk + 4 * t + 3])
            }
            for t in 16..<80 {
                let x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]
                w[t] = x << 1 | x >> 31
            }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for t in 0..<80 {
                let f: UInt32, k: UInt32
                switch t {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5A827999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9EBA1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC
                default: f = b ^ c ^ d; k = 0xCA62C1D6
                }
                let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[t]
                e = d; d = c; c = b << 30 | b >> 2; b = a; a = temp
            }
            h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d; h[4] = h[4] &+ e
        }
        return h.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32($0))) } }
    }
}

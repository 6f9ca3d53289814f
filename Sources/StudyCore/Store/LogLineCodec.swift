#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The first line of a review log.
public struct LogHeader: Sendable, Hashable {
    public var schemaVersion: Int
    public var profile: String
    public var created: Date
}

/// Writes and reads review-log lines and item states by hand: one compact JSON object per
/// line, keys in a fixed order, times as `Timestamp` strings.
///
/// ```
/// {"seq":7,"type":"review","item":"cpt-0012","domain":"cpt.2","at":"2026-11-28T10:00:05.120Z",
///  "day":"2026-11-28","rating":3,"correct":true,"answer":2,"ms":5120,"source":"study",
///  "before":{...state...},"after":{...state...}}
/// ```
/// (one line in the file). Undo lines hold the whole review they take back; edit lines hold
/// the item's state before and after.
enum LogLineCodec {
    // MARK: Writing

    static func encode(_ entry: LogEntry) -> [UInt8] {
        var w = JSONWriter(capacity: 512)
        w.raw("{\"seq\":")
        w.int(entry.seq)
        switch entry.event {
        case .review(let r, let before):
            w.raw(",\"type\":\"review\",")
            writeReview(r, before: before, into: &w)
        case .undo(let u):
            w.raw(",\"type\":\"undo\",")
            w.key("at"); w.date(u.at)
            w.raw(",\"undoes\":"); w.int(u.undoes)
            w.raw(",\"review\":{")
            writeReview(u.review, before: u.restored, into: &w)
            w.raw("}")
        case .edit(let e):
            w.raw(",\"type\":\"edit\",")
            w.key("item"); w.string(e.itemID)
            w.raw(",\"at\":"); w.date(e.at)
            w.raw(",\"before\":"); writeOptionalState(e.before, into: &w)
            w.raw(",\"after\":"); writeOptionalState(e.after, into: &w)
        }
        w.raw("}\n")
        return w.bytes
    }

    static func encode(_ header: LogHeader) -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\"schemaVersion\":"); w.int(header.schemaVersion)
        w.raw(",\"type\":\"header\",\"profile\":"); w.string(header.profile)
        w.raw(",\"created\":"); w.date(header.created)
        w.raw("}\n")
        return w.bytes
    }

    private static func writeReview(_ r: ReviewRecord, before: ItemState?, into w: inout JSONWriter) {
        w.key("item"); w.string(r.itemID)
        if let domain = r.domain { w.raw(",\"domain\":"); w.string(domain) }
        w.raw(",\"at\":"); w.date(r.reviewedAt)
        w.raw(",\"day\":\""); Timestamp.appendDay(r.day, to: &w.bytes); w.raw("\"")
        w.raw(",\"rating\":"); w.int(r.rating.rawValue)
        w.raw(",\"correct\":"); w.bool(r.correct)
        if let answer = r.answer { w.raw(",\"answer\":"); w.int(answer) }
        w.raw(",\"ms\":"); w.int(r.durationMs)
        w.raw(",\"source\":"); w.string(r.source.rawValue)
        w.raw(",\"before\":"); writeOptionalState(before, into: &w)
        w.raw(",\"after\":"); writeState(r.after, into: &w)
    }

    static func writeOptionalState(_ s: ItemState?, into w: inout JSONWriter) {
        if let s { writeState(s, into: &w) } else { w.null() }
    }

    /// `{"phase":2,"step":0,"stability":..,"difficulty":..,"due":..,"lastReview":..}` plus the
    /// flags that are set (`lapses`, `flagged`, `suspended`, `buriedUntil`, `leech`).
    static func writeState(_ s: ItemState, into w: inout JSONWriter) {
        w.raw("{\"phase\":"); w.int(s.card.phase.rawValue)
        if let step = s.card.step { w.raw(",\"step\":"); w.int(step) }
        if let v = s.card.stability { w.raw(",\"stability\":"); w.number(v) }
        if let v = s.card.difficulty { w.raw(",\"difficulty\":"); w.number(v) }
        w.raw(",\"due\":"); w.date(s.card.due)
        if let d = s.card.lastReview { w.raw(",\"lastReview\":"); w.date(d) }
        let f = s.flags
        if f.lapses != 0 { w.raw(",\"lapses\":"); w.int(f.lapses) }
        if f.flagged { w.raw(",\"flagged\":true") }
        if f.suspended { w.raw(",\"suspended\":true") }
        if let d = f.buriedUntil { w.raw(",\"buriedUntil\":"); w.date(d) }
        if f.leech { w.raw(",\"leech\":true") }
        w.raw("}")
    }

    // MARK: Reading

    /// Parses one log line (without its newline): the fast path first, then the positioned parser
    /// for anything it does not take. Positions in the error are within the line.
    static func decode(_ line: [UInt8]) throws(FieldError) -> LogEntry {
        if let entry = FastDecoder.logEntry(line) { return entry }
        return try decodeWithPositions(line)
    }

    /// The slow path alone: `JSONParser`, then the fields one by one.
    static func decodeWithPositions(_ line: [UInt8]) throws(FieldError) -> LogEntry {
        let root: JSONNode
        do { root = try JSONParser.parse(line) } catch { throw FieldError(position: error.position, message: error.message) }
        return try decode(root)
    }

    /// A log entry from a parsed (and, if need be, migrated) line.
    static func decode(_ root: JSONNode) throws(FieldError) -> LogEntry {
        let r = try FieldReader(root, "the log line")
        let seq = try r.int("seq", in: 1...Int.max)
        let typeNode = try r.required("type")
        switch typeNode.string {
        case "review":
            let (review, before) = try readReview(r)
            return LogEntry(seq: seq, event: .review(review, before: before))
        case "undo":
            let inner = try FieldReader(try r.required("review"), "the undone review")
            let (review, restored) = try readReview(inner)
            let undo = UndoRecord(undoes: try r.int("undoes", in: 1...Int.max), at: try r.date("at"),
                                  review: review, restored: restored)
            return LogEntry(seq: seq, event: .undo(undo))
        case "edit":
            let item = try r.string("item")
            let edit = EditRecord(itemID: item, at: try r.date("at"),
                                  before: try readOptionalState(r.optional("before"), item),
                                  after: try readOptionalState(r.optional("after"), item))
            return LogEntry(seq: seq, event: .edit(edit))
        case "header":
            throw FieldError(position: typeNode.position, message: "a second header line (a header belongs on line 1 only)")
        default:
            throw FieldError(position: typeNode.position,
                             message: "\"type\" should be \"review\", \"undo\" or \"edit\" but is \(typeNode.string.map { "\"\($0)\"" } ?? typeNode.typeName)")
        }
    }

    private static func readReview(_ r: FieldReader) throws(FieldError) -> (ReviewRecord, ItemState?) {
        let item = try r.string("item")
        let ratingNode = try r.required("rating")
        guard let ratingValue = ratingNode.int, let rating = Rating(rawValue: ratingValue) else {
            throw FieldError(position: ratingNode.position, message: "\"rating\" should be 1 (again), 2 (hard), 3 (good) or 4 (easy)")
        }
        let correctNode = try r.required("correct")
        guard let correct = correctNode.bool else { throw r.mismatch("correct", correctNode, "true or false") }
        let review = ReviewRecord(
            itemID: item, domain: try r.optionalString("domain"), rating: rating,
            reviewedAt: try r.date("at"), day: try r.day("day"),
            durationMs: try r.int("ms", in: StoreLimits.reviewMs), correct: correct,
            answer: try r.optionalInt("answer", in: 0...Int.max),
            source: ReviewSource(rawValue: try r.string("source")),
            after: try readState(try r.required("after"), item))
        return (review, try readOptionalState(r.optional("before"), item))
    }

    static func readOptionalState(_ node: JSONNode?, _ item: String) throws(FieldError) -> ItemState? {
        guard let node else { return nil }
        return try readState(node, item)
    }

    /// An item state written by `writeState`.
    static func readState(_ node: JSONNode, _ item: String) throws(FieldError) -> ItemState {
        let r = try FieldReader(node, "the state of \(item)")
        let phaseNode = try r.required("phase")
        guard let p = phaseNode.int, let phase = CardPhase(rawValue: p) else {
            throw FieldError(position: phaseNode.position, message: "\"phase\" should be 1 (learning), 2 (review) or 3 (relearning)")
        }
        let card = Card(phase: phase, step: try r.optionalInt("step", in: StoreLimits.step),
                        stability: try r.optionalDouble("stability", in: StoreLimits.stability),
                        difficulty: try r.optionalDouble("difficulty", in: StoreLimits.difficulty),
                        due: try r.date("due"), lastReview: try r.optionalDate("lastReview"))
        let flags = ItemFlags(flagged: try r.bool("flagged", default: false),
                              suspended: try r.bool("suspended", default: false),
                              buriedUntil: try r.optionalDate("buriedUntil"),
                              leech: try r.bool("leech", default: false),
                              lapses: try r.optionalInt("lapses", in: StoreLimits.lapses) ?? 0)
        return ItemState(card: card, flags: flags)
    }

    /// The header line of a log.
    static func decodeHeader(_ root: JSONNode) throws(FieldError) -> LogHeader {
        let r = try FieldReader(root, "the header line")
        let typeNode = try r.required("type")
        guard typeNode.string == "header" else {
            throw FieldError(position: typeNode.position, message: "line 1 should be the log header (\"type\": \"header\")")
        }
        return LogHeader(schemaVersion: try r.int("schemaVersion", in: 1...Int.max),
                         profile: try r.string("profile"), created: try r.date("created"))
    }
}

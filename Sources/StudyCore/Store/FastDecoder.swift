#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The fast path for reading what the store writes itself: review-log lines, the card
/// snapshot and the daily totals, read straight from the bytes without building a JSON tree.
///
/// It accepts a strict subset of JSON in the exact shape `LogLineCodec`, `CardSnapshot` and
/// `DailyTotals` write. Anything else (an unknown or repeated key, an escape, a null where a value is
/// needed, a number it cannot convert exactly) makes it give up and return nil; the caller
/// then decodes with `JSONParser`, which accepts any valid spelling and names the line and
/// column of a real problem. For input it accepts, it gives exactly what the slow path gives.
struct FastDecoder {
    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

    // MARK: Entry points

    /// A log line (without its newline), or nil to take the slow path.
    static func logEntry(_ line: [UInt8]) -> LogEntry? {
        line.withUnsafeBufferPointer { buffer in
            var d = FastDecoder(buffer)
            guard let entry = d.entry(), d.atEnd() else { return nil }
            return entry
        }
    }

    /// A card snapshot at `schemaVersion`, or nil to take the slow path.
    static func snapshot(_ bytes: [UInt8], schemaVersion: Int) -> CardSnapshot? {
        coveredFile(bytes, schemaVersion: schemaVersion, body: "cards") { $0.cards() }
            .map { CardSnapshot(covers: $0.covers, savedAt: $0.savedAt, items: $0.body) }
    }

    /// Daily totals at `schemaVersion`, or nil to take the slow path.
    static func daily(_ bytes: [UInt8], schemaVersion: Int) -> (DailyTotals, LogPosition)? {
        coveredFile(bytes, schemaVersion: schemaVersion, body: "days") { $0.days() }
            .map { (DailyTotals(days: $0.body), $0.covers) }
    }

    /// A file that covers a point of the log: `schemaVersion`, `savedAt`, `covers` and one
    /// more member, `body`, read by `read`.
    private static func coveredFile<T>(_ bytes: [UInt8], schemaVersion: Int, body: StaticString,
                                       _ read: (inout FastDecoder) -> T?) -> (body: T, covers: LogPosition, savedAt: Date)? {
        bytes.withUnsafeBufferPointer { buffer in
            var d = FastDecoder(buffer)
            var version: Int?, savedAt: Date?, covers: LogPosition?, content: T?
            let ok = d.object { d, key in
                if d.is(key, "schemaVersion") { guard version == nil else { return false }; version = d.int(); return version != nil }
                if d.is(key, "savedAt") { guard savedAt == nil else { return false }; savedAt = d.date(); return savedAt != nil }
                if d.is(key, "covers") { guard covers == nil else { return false }; covers = d.position(); return covers != nil }
                if d.is(key, body) { guard content == nil else { return false }; content = read(&d); return content != nil }
                return false
            }
            guard ok, d.atEnd(), version == schemaVersion, let savedAt, let covers, let content else { return nil }
            return (content, covers, savedAt)
        }
    }

    // MARK: Shapes

    private mutating func days() -> [CalendarDay: DayTotals]? {
        var days: [CalendarDay: DayTotals] = [:]
        // The same few domain names come back every day: each is made a String once (three
        // years of totals name them some 20,000 times), and each day's table is sized for as
        // many as the day before had.
        var names: [(bytes: Range<Int>, name: String)] = []
        var lastCount = 0
        let ok = object { d, key in
            guard key.count == 10, let name = d.text(key), let day = CalendarDay(name) else { return false }
            var reviews: Int?, correct: Int?, ms: Int?, new: Int?, domains: [String: DomainTotals]?
            var newOk: Int?, mature: Int?, matureOk: Int?
            let ok = d.object { d, key in
                if d.is(key, "newOk") { guard newOk == nil else { return false }; newOk = d.int(); return newOk.map(StoreLimits.count.contains) ?? false }
                if d.is(key, "mature") { guard mature == nil else { return false }; mature = d.int(); return mature.map(StoreLimits.count.contains) ?? false }
                if d.is(key, "matureOk") { guard matureOk == nil else { return false }; matureOk = d.int(); return matureOk.map(StoreLimits.count.contains) ?? false }
                if d.is(key, "reviews") { guard reviews == nil else { return false }; reviews = d.int(); return reviews.map(StoreLimits.count.contains) ?? false }
                if d.is(key, "correct") { guard correct == nil else { return false }; correct = d.int(); return correct.map(StoreLimits.count.contains) ?? false }
                if d.is(key, "ms") { guard ms == nil else { return false }; ms = d.int(); return ms.map(StoreLimits.dayMs.contains) ?? false }
                if d.is(key, "new") { guard new == nil else { return false }; new = d.int(); return new.map(StoreLimits.count.contains) ?? false }
                if d.is(key, "domains") {
                    guard domains == nil else { return false }
                    var list: [String: DomainTotals] = Dictionary(minimumCapacity: lastCount)
                    let ok = d.object { d, key in
                        guard let name = d.interned(key, in: &names) else { return false }
                        var reviews: Int?, correct: Int?, new: Int?, newOk: Int?
                        let ok = d.object { d, key in
                            if d.is(key, "reviews") { guard reviews == nil else { return false }; reviews = d.int(); return reviews.map(StoreLimits.count.contains) ?? false }
                            if d.is(key, "correct") { guard correct == nil else { return false }; correct = d.int(); return correct.map(StoreLimits.count.contains) ?? false }
                            if d.is(key, "new") { guard new == nil else { return false }; new = d.int(); return new.map(StoreLimits.count.contains) ?? false }
                            if d.is(key, "newOk") { guard newOk == nil else { return false }; newOk = d.int(); return newOk.map(StoreLimits.count.contains) ?? false }
                            return false
                        }
                        guard ok, let reviews, let correct else { return false }
                        return list.updateValue(DomainTotals(reviews: reviews, correct: correct, newItems: new ?? 0, newCorrect: newOk ?? 0),
                                                forKey: name) == nil
                    }
                    domains = list
                    lastCount = list.count
                    return ok
                }
                return false
            }
            guard ok, let reviews, let correct, let ms, let new, days[day] == nil else { return false }
            days[day] = DayTotals(reviews: reviews, correct: correct, durationMs: ms, newItems: new, newCorrect: newOk ?? 0,
                                  matureReviews: mature ?? 0, matureCorrect: matureOk ?? 0, domains: domains ?? [:])
            return true
        }
        return ok ? days : nil
    }

    private mutating func entry() -> LogEntry? {
        var seq: Int?, type: Int?  // 0 review, 1 undo, 2 edit
        var review = ReviewFields()
        var at: Date?, undoes: Int?, inner: (ReviewRecord, ItemState?)?
        var item: String?, before: ItemState??, after: ItemState??
        let ok = object { d, key in
            if d.is(key, "seq") { guard seq == nil, let v = d.int(), v >= 1 else { return false }; seq = v; return true }
            if d.is(key, "type") {
                guard type == nil, let t = d.rawString() else { return false }
                type = d.is(t, "review") ? 0 : d.is(t, "undo") ? 1 : d.is(t, "edit") ? 2 : nil
                return type != nil
            }
            if d.is(key, "undoes") { guard undoes == nil, let v = d.int(), v >= 1 else { return false }; undoes = v; return true }
            if d.is(key, "review") { guard inner == nil, let r = d.reviewObject() else { return false }; inner = r; return true }
            // "item", "at", "before" and "after" belong to reviews and edits alike.
            if d.is(key, "item") { guard item == nil, let s = d.string() else { return false }; item = s; return true }
            if d.is(key, "at") { guard at == nil, let v = d.date() else { return false }; at = v; return true }
            if d.is(key, "before") { guard before == nil, let s = d.optionalState() else { return false }; before = s; return true }
            if d.is(key, "after") { guard after == nil, let s = d.optionalState() else { return false }; after = s; return true }
            return d.reviewField(key, &review)
        }
        guard ok, let seq, let type else { return nil }
        switch type {
        case 0:
            review.item = item; review.at = at; review.before = before; review.after = after
            guard undoes == nil, inner == nil, let (r, b) = review.record() else { return nil }
            return LogEntry(seq: seq, event: .review(r, before: b))
        case 1:
            guard review.isEmpty, item == nil, before == nil, after == nil, let at, let undoes, let (r, restored) = inner else { return nil }
            return LogEntry(seq: seq, event: .undo(UndoRecord(undoes: undoes, at: at, review: r, restored: restored)))
        default:
            guard review.isEmpty, undoes == nil, inner == nil, let item, let at else { return nil }
            return LogEntry(seq: seq, event: .edit(EditRecord(itemID: item, at: at, before: before ?? nil, after: after ?? nil)))
        }
    }

    /// The fields of a review, gathered in any order.
    private struct ReviewFields {
        var item: String?, domain: String??, at: Date?, day: CalendarDay?, rating: Rating?, correct: Bool?
        var answer: Int??, ms: Int?, source: String?, before: ItemState??, after: ItemState??

        var isEmpty: Bool {
            domain == nil && day == nil && rating == nil && correct == nil && answer == nil && ms == nil && source == nil
        }

        func record() -> (ReviewRecord, ItemState?)? {
            guard let item, let at, let day, let rating, let correct, let ms, let source, let after = after ?? nil else { return nil }
            return (ReviewRecord(itemID: item, domain: domain ?? nil, rating: rating, reviewedAt: at, day: day, durationMs: ms,
                                 correct: correct, answer: answer ?? nil, source: ReviewSource(rawValue: source), after: after),
                    before ?? nil)
        }
    }

    private mutating func reviewField(_ key: Range<Int>, _ r: inout ReviewFields) -> Bool {
        if self.is(key, "domain") { guard r.domain == nil, let v = optional({ $0.string() }) else { return false }; r.domain = v; return true }
        if self.is(key, "day") {
            guard r.day == nil, let s = rawString(), s.count == 10 else { return false }
            r.day = CalendarDay(String(decoding: UnsafeBufferPointer(rebasing: b[s]), as: UTF8.self))
            return r.day != nil
        }
        if self.is(key, "rating") { guard r.rating == nil, let v = int() else { return false }; r.rating = Rating(rawValue: v); return r.rating != nil }
        if self.is(key, "correct") { guard r.correct == nil, let v = bool() else { return false }; r.correct = v; return true }
        if self.is(key, "answer") {
            guard r.answer == nil, let v = optional({ $0.int() }), (v ?? 0) >= 0 else { return false }
            r.answer = v
            return true
        }
        if self.is(key, "ms") { guard r.ms == nil, let v = int(), StoreLimits.reviewMs.contains(v) else { return false }; r.ms = v; return true }
        if self.is(key, "source") { guard r.source == nil, let v = string() else { return false }; r.source = v; return true }
        return false
    }

    /// The nested review of an undo line.
    private mutating func reviewObject() -> (ReviewRecord, ItemState?)? {
        var r = ReviewFields()
        let ok = object { d, key in
            if d.is(key, "item") { guard r.item == nil, let s = d.string() else { return false }; r.item = s; return true }
            if d.is(key, "at") { guard r.at == nil, let v = d.date() else { return false }; r.at = v; return true }
            if d.is(key, "before") { guard r.before == nil, let s = d.optionalState() else { return false }; r.before = s; return true }
            if d.is(key, "after") { guard r.after == nil, let s = d.optionalState() else { return false }; r.after = s; return true }
            return d.reviewField(key, &r)
        }
        return ok ? r.record() : nil
    }

    private mutating func optionalState() -> ItemState?? {
        optional { $0.state() }
    }

    /// An item state as `LogLineCodec.writeState` writes it.
    private mutating func state() -> ItemState? {
        var phase: CardPhase?, step: Int??, stability: Double??, difficulty: Double??, due: Date?, lastReview: Date??
        var lapses: Int??, flagged: Bool??, suspended: Bool??, buried: Date??, leech: Bool??
        let ok = object { d, key in
            if d.is(key, "phase") { guard phase == nil, let v = d.int() else { return false }; phase = CardPhase(rawValue: v); return phase != nil }
            if d.is(key, "step") { guard step == nil, let v = d.optional({ $0.int() }), StoreLimits.step.contains(v ?? 0) else { return false }; step = v; return true }
            if d.is(key, "stability") { guard stability == nil, let v = d.optional({ $0.number() }), v.map(StoreLimits.stability.contains) ?? true else { return false }; stability = v; return true }
            if d.is(key, "difficulty") { guard difficulty == nil, let v = d.optional({ $0.number() }), v.map(StoreLimits.difficulty.contains) ?? true else { return false }; difficulty = v; return true }
            if d.is(key, "due") { guard due == nil, let v = d.date() else { return false }; due = v; return true }
            if d.is(key, "lastReview") { guard lastReview == nil, let v = d.optional({ $0.date() }) else { return false }; lastReview = v; return true }
            if d.is(key, "lapses") { guard lapses == nil, let v = d.optional({ $0.int() }), StoreLimits.lapses.contains(v ?? 0) else { return false }; lapses = v; return true }
            if d.is(key, "flagged") { guard flagged == nil, let v = d.optional({ $0.bool() }) else { return false }; flagged = v; return true }
            if d.is(key, "suspended") { guard suspended == nil, let v = d.optional({ $0.bool() }) else { return false }; suspended = v; return true }
            if d.is(key, "buriedUntil") { guard buried == nil, let v = d.optional({ $0.date() }) else { return false }; buried = v; return true }
            if d.is(key, "leech") { guard leech == nil, let v = d.optional({ $0.bool() }) else { return false }; leech = v; return true }
            return false
        }
        guard ok, let phase, let due else { return nil }
        return ItemState(card: Card(phase: phase, step: step ?? nil, stability: stability ?? nil, difficulty: difficulty ?? nil,
                                    due: due, lastReview: lastReview ?? nil),
                         flags: ItemFlags(flagged: (flagged ?? nil) ?? false, suspended: (suspended ?? nil) ?? false,
                                          buriedUntil: buried ?? nil, leech: (leech ?? nil) ?? false, lapses: (lapses ?? nil) ?? 0))
    }

    private mutating func cards() -> [String: ItemState]? {
        var items: [String: ItemState] = [:]
        items.reserveCapacity(b.count / 180)
        let ok = object { d, key in
            guard let id = d.text(key), let s = d.state() else { return false }
            return items.updateValue(s, forKey: id) == nil
        }
        return ok ? items : nil
    }

    private mutating func position() -> LogPosition? {
        var bytes: Int?, lines: Int?, seq: Int?
        let ok = object { d, key in
            if d.is(key, "bytes") { guard bytes == nil, let v = d.int(), v >= 0 else { return false }; bytes = v; return true }
            if d.is(key, "lines") { guard lines == nil, let v = d.int(), v >= 0 else { return false }; lines = v; return true }
            if d.is(key, "seq") { guard seq == nil, let v = d.int(), v >= 0 else { return false }; seq = v; return true }
            return false
        }
        guard ok, let bytes, let lines, let seq else { return nil }
        return LogPosition(bytes: bytes, lines: lines, seq: seq)
    }

    // MARK: JSON pieces

    /// Calls `member` for each key (its byte range) with the scanner at the value; `member`
    /// reads the value and returns false to give up.
    private mutating func object(_ member: (inout FastDecoder, Range<Int>) -> Bool) -> Bool {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return false }
        skipSpace()
        if take(UInt8(ascii: "}")) { return true }
        while true {
            skipSpace()
            guard let key = rawString() else { return false }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return false }
            skipSpace()
            guard member(&self, key) else { return false }
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "}"))
        }
    }

    /// `null` as `.some(nil)`, a value as `.some(value)`, anything else as nil.
    private mutating func optional<T>(_ value: (inout FastDecoder) -> T?) -> T?? {
        if i + 4 <= b.count, b[i] == UInt8(ascii: "n"), b[i + 1] == UInt8(ascii: "u"), b[i + 2] == UInt8(ascii: "l"), b[i + 3] == UInt8(ascii: "l") {
            i += 4
            return .some(nil)
        }
        guard let v = value(&self) else { return nil }
        return .some(v)
    }

    /// The byte range inside a string without escapes or control characters.
    private mutating func rawString() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") { i += 1; return start..<(i - 1) }
            if c < 0x20 || c == UInt8(ascii: "\\") { return nil }
            i += 1
        }
        return nil
    }

    private func text(_ r: Range<Int>) -> String? {
        String(validating: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
    }

    private mutating func string() -> String? {
        guard let r = rawString() else { return nil }
        return text(r)
    }

    private mutating func date() -> Date? {
        guard let r = rawString() else { return nil }
        return Timestamp.parse(bytes: UnsafeBufferPointer(rebasing: b[r]))
    }

    private mutating func bool() -> Bool? {
        if i + 4 <= b.count, b[i] == UInt8(ascii: "t"), b[i + 1] == UInt8(ascii: "r"), b[i + 2] == UInt8(ascii: "u"), b[i + 3] == UInt8(ascii: "e") {
            i += 4
            return true
        }
        if i + 5 <= b.count, b[i] == UInt8(ascii: "f"), b[i + 1] == UInt8(ascii: "a"), b[i + 2] == UInt8(ascii: "l"),
           b[i + 3] == UInt8(ascii: "s"), b[i + 4] == UInt8(ascii: "e") {
            i += 5
            return false
        }
        return nil
    }

    /// A whole number written as plain digits, as the slow path's `JSONNode.int` would take it.
    private mutating func int() -> Int? {
        let start = i
        let negative = take(UInt8(ascii: "-"))
        var value = 0
        var digits = 0
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
            value = value * 10 + Int(b[i] - 0x30)
            digits += 1
            i += 1
            if digits > 15 { return nil }
        }
        guard digits > 0, !(digits > 1 && b[start + (negative ? 1 : 0)] == 0x30), i < b.count,
              b[i] != UInt8(ascii: "."), b[i] != UInt8(ascii: "e"), b[i] != UInt8(ascii: "E") else { return nil }
        return negative ? -value : value
    }

    /// A finite number in strict JSON syntax. Up to 16 digits and a power of ten up to 22 are
    /// converted exactly by one multiplication or division (Clinger's fast path); longer ones by
    /// the standard library, as the slow path does.
    private mutating func number() -> Double? {
        let start = i
        func digit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        let negative = take(UInt8(ascii: "-"))
        var mantissa: UInt64 = 0
        var digits = 0  // significant digits in `mantissa`
        var scale = 0   // value = mantissa / 10^scale
        guard i < b.count, digit(b[i]) else { return nil }
        if b[i] == 0x30 {
            i += 1
            if i < b.count, digit(b[i]) { return nil }  // no leading zeros
        }
        while i < b.count, digit(b[i]) {
            if digits < 17 { mantissa = mantissa * 10 + UInt64(b[i] - 0x30); digits += 1 } else { scale -= 1 }
            i += 1
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard i < b.count, digit(b[i]) else { return nil }
            while i < b.count, digit(b[i]) {
                if digits < 17 {
                    mantissa = mantissa * 10 + UInt64(b[i] - 0x30)
                    if mantissa > 0 { digits += 1 }
                    scale += 1
                } else {
                    digits += 1
                }
                i += 1
            }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            let minus = take(UInt8(ascii: "-"))
            if !minus { _ = take(UInt8(ascii: "+")) }
            guard i < b.count, digit(b[i]) else { return nil }
            var e = 0
            while i < b.count, digit(b[i]) { e = min(e * 10 + Int(b[i] - 0x30), 100_000); i += 1 }
            scale += minus ? e : -e
        }
        guard i < b.count else { return nil }
        let value: Double
        if digits <= 16 && mantissa <= 1 << 53 && abs(scale) <= 22 {
            let m = Double(mantissa)
            value = scale >= 0 ? m / Self.powersOfTen[scale] : m * Self.powersOfTen[-scale]
            return negative ? -value : value
        }
        guard let parsed = Self.parseDouble(UnsafeBufferPointer(rebasing: b[start..<i])), parsed.isFinite else { return nil }
        return parsed
    }

    #if canImport(Glibc)
    /// glibc's `strtod_l` with a C locale for numbers (the decimal point is then "." whatever
    /// the user's locale, which the app adopts), looked up at run time: Swift's Glibc module
    /// does not export these GNU functions. Nil where they are missing.
    private typealias StrtodL = @convention(c) (UnsafePointer<CChar>, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, OpaquePointer) -> Double
    nonisolated(unsafe) private static let strtodC: (StrtodL, OpaquePointer)? = {
        typealias NewLocale = @convention(c) (Int32, UnsafePointer<CChar>, OpaquePointer?) -> OpaquePointer?
        guard let lib = dlopen(nil, RTLD_NOW), let s = dlsym(lib, "strtod_l"), let n = dlsym(lib, "newlocale"),
              let locale = unsafeBitCast(n, to: NewLocale.self)(1 << LC_NUMERIC, "C", nil) else { return nil }
        return (unsafeBitCast(s, to: StrtodL.self), locale)
    }()
    #endif

    /// Whether long numbers go through the C library (else through a String).
    static var readsLongNumbersInC: Bool {
        #if canImport(Glibc)
        return strtodC != nil
        #else
        return false
        #endif
    }

    /// A number too long for the fast path (FSRS stabilities are written with 17 digits),
    /// correctly rounded by the C library as `Double(String)` would round it, without making
    /// a String first.
    static func parseDouble(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        #if canImport(Glibc)
        if text.count < 64, let (strtod, locale) = strtodC {
            return withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) { buffer -> Double? in
                for k in 0..<text.count { buffer[k] = CChar(bitPattern: text[k]) }
                buffer[text.count] = 0
                var end: UnsafeMutablePointer<CChar>?
                let value = strtod(buffer.baseAddress!, &end, locale)
                guard let end, end - buffer.baseAddress! == text.count else { return nil }
                return value
            }
        }
        #endif
        return Double(String(decoding: text, as: UTF8.self))
    }

    /// 10^0 ... 10^22, each exact in a Double.
    private static let powersOfTen: [Double] = {
        var p: [Double] = [1]
        for _ in 1...22 { p.append(p[p.count - 1] * 10) }
        return p
    }()

    /// The text of `r`, taken from `names` when the same bytes were seen before (and added
    /// to it otherwise); nil when they are not UTF-8.
    private func interned(_ r: Range<Int>, in names: inout [(bytes: Range<Int>, name: String)]) -> String? {
        for known in names where known.bytes.count == r.count {
            var same = true
            for k in 0..<r.count where b[known.bytes.lowerBound + k] != b[r.lowerBound + k] { same = false; break }
            if same { return known.name }
        }
        guard let name = text(r) else { return nil }
        if names.count < 64 { names.append((r, name)) }
        return name
    }

    private func `is`(_ r: Range<Int>, _ s: StaticString) -> Bool {
        guard r.count == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        for k in 0..<r.count where b[r.lowerBound + k] != p[k] { return false }
        return true
    }

    private mutating func take(_ c: UInt8) -> Bool {
        guard i < b.count, b[i] == c else { return false }
        i += 1
        return true
    }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private mutating func atEnd() -> Bool {
        skipSpace()
        return i == b.count
    }
}

import Foundation
import Testing
@testable import StudyCore

@Suite("Fast decoding of log lines and snapshots")
struct FastDecoderTests {
    @Test("long numbers are read through the C library exactly as Double(String) reads them")
    func longNumbers() {
        #if os(Linux)
        #expect(FastDecoder.readsLongNumbersInC)
        #endif
        var rng = SplitMix64(seed: 11)
        var texts = ["133.64285714285714", "0.30000000000000004", "1.7976931348623157e308", "4.9406564584124654e-324",
                     "2.2250738585072011e-308", "123456789012345678901234567890", "9007199254740993", "0.1e-400", "1e400",
                     "-0.000000000000000000000000001"]
        for _ in 0..<2000 { texts.append("\(Double(rng.next()) / Double(UInt64.max) * pow(10, Double(rng.next(upTo: 40)) - 20))") }
        for text in texts {
            let bytes = Array(text.utf8)
            let parsed = bytes.withUnsafeBufferPointer { FastDecoder.parseDouble($0) }
            #expect(parsed?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    /// Varied entries: every event kind, nil and set fields, long and tiny numbers, odd ids.
    private func entries(_ count: Int) -> [LogEntry] {
        var rng = SplitMix64(seed: 77)
        let ids = ["cpt-0001", "ccma-α-12", "quote\"d", "tab\tid", "x"]
        func number() -> Double? {
            switch rng.next(upTo: 6) {
            case 0: return nil
            case 1: return Double(rng.next(upTo: 100))
            case 2: return 0.1 + 0.2  // 17 significant digits
            case 3: return Double(rng.next()) / Double(UInt64.max) * 36_500
            case 4: return 1e-7 * Double(rng.next(upTo: 1000))
            default: return 1 + Double(rng.next(upTo: 50)) / 3
            }
        }
        // Stored values within their ranges (StoreLimits): out-of-range ones are refused by both paths.
        func stability() -> Double? { number().map { max($0, StoreLimits.stability.lowerBound) } }
        func difficulty() -> Double? { number().map { min(max($0, 1), 10) } }
        func date() -> Date { Date(timeIntervalSince1970: Double(rng.next(upTo: 4_000_000_000)) + Double(rng.next(upTo: 1000)) / 1000) }
        func state() -> ItemState? {
            if rng.next(upTo: 5) == 0 { return nil }
            return ItemState(card: Card(phase: CardPhase(rawValue: 1 + rng.next(upTo: 3))!, step: rng.next(upTo: 2) == 0 ? nil : rng.next(upTo: 4),
                                        stability: stability(), difficulty: difficulty(), due: date(), lastReview: rng.next(upTo: 3) == 0 ? nil : date()),
                             flags: ItemFlags(flagged: rng.next(upTo: 2) == 0, suspended: rng.next(upTo: 4) == 0,
                                              buriedUntil: rng.next(upTo: 4) == 0 ? date() : nil, leech: rng.next(upTo: 5) == 0, lapses: rng.next(upTo: 6)))
        }
        func review() -> ReviewRecord {
            let at = date()
            return ReviewRecord(itemID: ids[rng.next(upTo: ids.count)], domain: rng.next(upTo: 3) == 0 ? nil : "cpt.\(rng.next(upTo: 9))",
                                rating: Rating(rawValue: 1 + rng.next(upTo: 4))!, reviewedAt: at, day: CalendarDay(containing: at),
                                durationMs: rng.next(upTo: 100_000), correct: rng.next(upTo: 2) == 0,
                                answer: rng.next(upTo: 3) == 0 ? nil : rng.next(upTo: 5), source: ["study", "drill", "exam"][rng.next(upTo: 3)],
                                after: state() ?? ItemState(card: .new(at: at)))
        }
        return (1...count).map { seq in
            switch rng.next(upTo: 4) {
            case 0: return LogEntry(seq: seq, event: .undo(UndoRecord(undoes: max(1, seq - 1), at: date(), review: review(), restored: state())))
            case 1: return LogEntry(seq: seq, event: .edit(EditRecord(itemID: ids[rng.next(upTo: ids.count)], at: date(), before: state(), after: state())))
            default: return LogEntry(seq: seq, event: .review(review(), before: state()))
            }
        }
    }

    @Test("log lines: the fast path takes what the store writes and agrees with the positioned parser")
    func logLines() throws {
        var taken = 0
        for entry in entries(3_000) {
            let line = Array(LogLineCodec.encode(entry).dropLast())
            let slow = try LogLineCodec.decodeWithPositions(line)
            if let fast = FastDecoder.logEntry(line) {
                #expect(fast == slow)
                taken += 1
            } else {
                #expect(line.contains(UInt8(ascii: "\\")), "only escaped strings may need the slow path: \(String(decoding: line, as: UTF8.self))")
            }
        }
        #expect(taken > 1_500)
    }

    @Test("the card snapshot: fast and positioned decoding agree")
    func snapshot() throws {
        var items: [String: ItemState] = [:]
        for (n, entry) in entries(2_000).enumerated() {
            if let s = entry.stateAfter { items["item-\(n)"] = s.normalized }
        }
        let snap = CardSnapshot(covers: LogPosition(bytes: 123, lines: 4, seq: 3), savedAt: Fixture.start, items: items)
        let bytes = snap.encoded(schemaVersion: 1)
        let fast = try #require(FastDecoder.snapshot(bytes, schemaVersion: 1))
        #expect(fast == snap)
        #expect(try CardSnapshot.decodeWithPositions(bytes, file: "cards.json", migrations: .standard) == snap)
        #expect(FastDecoder.snapshot(bytes, schemaVersion: 2) == nil, "another version goes to the slow path and its migrations")
    }

    @Test("daily totals: fast and positioned decoding agree")
    func daily() throws {
        var totals = DailyTotals()
        // Undos here take back reviews never applied (the generator draws them at random), which
        // would give negative counts no real log can produce: leave them out.
        for entry in entries(3_000) {
            if case .undo = entry.event { continue }
            totals.apply(entry)
        }
        #expect(totals.days.count > 500)
        let covers = LogPosition(bytes: 9, lines: 2, seq: 1)
        let bytes = totals.encoded(covers: covers, savedAt: Fixture.start, schemaVersion: 1)
        let fast = try #require(FastDecoder.daily(bytes, schemaVersion: 1))
        #expect(fast.0 == totals && fast.1 == covers)
        let slow = try DailyTotals.decodeWithPositions(bytes, file: "daily.json", migrations: .standard)
        #expect(slow.0 == totals && slow.covers == covers)
    }

    @Test("spellings the writer never uses go to the slow path, which still reads them", arguments: [
        #"{"seq":1,"type":"edit","item":"a","at":"2026-01-01T00:00:00.000Z","after":{"phase":1,"due":"2026-01-01T00:00:00Z","step":0.0}}"#,
        #"{"seq":1,"type":"edit","item":"a","at":"2026-01-01T00:00:00.000Z","extra":7,"after":null}"#,
        #"{"seq":1,"type":"edit","item":"\u0061","at":"2026-01-01T00:00:00.000Z"}"#,
        #"{"seq":1,"seq":2,"type":"edit","item":"a","at":"2026-01-01T00:00:00.000Z"}"#,
        #" {"seq":1, "type": "edit", "item": "a", "at": "2026-01-01T00:00:00.000Z", "before": {"phase": 2, "due": "2026-01-01T00:00:00.000Z", "stability": 1E+2}} "#,
    ])
    func unusualSpellings(line: String) throws {
        let bytes = Array(line.utf8)
        let slow = try LogLineCodec.decodeWithPositions(bytes)
        if let fast = FastDecoder.logEntry(bytes) { #expect(fast == slow) }
        #expect(try LogLineCodec.decode(bytes) == slow)
    }
}

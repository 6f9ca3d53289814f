#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Gathers what a `ProgressReport` needs from an open store and the content bank: the
/// track's items, the item states, the daily totals and the submitted mock exams.
///
/// The mock results are read here, in one function (`mockResults`), so that a change in how
/// attempts are saved touches only this file.
public enum ProgressSource {
    /// The track's bank items with the leaf area each is filed under.
    public static func items(of track: Track, in bank: ContentBank) -> [(id: String, area: String)] {
        let leaves = Set(track.leafAreas.map(\.id))
        return bank.items(for: track.id).compactMap { item in
            guard let area = item.domains[track.id], leaves.contains(area) else { return nil }
            return (item.id, area)
        }
    }

    /// Every submitted mock exam of the track, scored against the bank, oldest first.
    public static func mockResults(store: ProgressStore, track: Track, bank: ContentBank) throws(StoreError) -> [MockResult] {
        var out: [MockResult] = []
        let version = SchemaMigrations.standard.currentVersion(.attempt)
        for summary in try store.attempts() where summary.track == track.id && summary.submittedAt != nil {
            // One parse of the few fields scoring needs; anything unexpected takes the full, checked decode.
            let quick = try store.attemptBytes(id: summary.id).flatMap { quickAttempt($0, schemaVersion: version) }
            let attempt: MockExamAttempt
            if let quick { attempt = quick } else { attempt = try store.attempt(id: summary.id) }
            out.append(MockResult(attempt: attempt, track: track) { id in
                guard let q = bank.question(id), let area = q.domains[track.id] else { return nil }
                return (q.answer, area)
            })
        }
        return out
    }

    /// The id, track, items, answers and times of a saved attempt, read straight from the bytes
    /// (no JSON tree); nil when the file is not plainly the current schema's shape (an escape in
    /// a string, a missing or repeated key...), and the caller then takes the full decode.
    static func quickAttempt(_ bytes: [UInt8], schemaVersion: Int) -> MockExamAttempt? {
        var scanner = AttemptScanner(bytes: bytes)
        return scanner.attempt(schemaVersion: schemaVersion)
    }

    /// The report for the store's profile on `track`, at `now`.
    public static func report(store: ProgressStore, track: Track, bank: ContentBank, now: Date,
                              utcOffset: @escaping @Sendable (Date) -> Int = StudyDay.systemUTCOffset) throws -> ProgressReport {
        let settings = store.settings
        let scheduler = try FSRSScheduler(SchedulerConfiguration(
            desiredRetention: settings.desiredRetention, learningSteps: settings.learningSteps.map(Double.init),
            relearningSteps: settings.relearningSteps.map(Double.init), fuzzEnabled: false))
        return ProgressReport(profile: store.profile, track: track, items: items(of: track, in: bank), states: store.items,
                              daily: try store.dailyTotals(), mocks: try mockResults(store: store, track: track, bank: bank),
                              settings: settings, scheduler: scheduler,
                              day: StudyDay(startHour: settings.dayStartHour, utcOffset: utcOffset), now: now)
    }
}

/// A minimal reader of one attempt file's top-level keys (see `ProgressSource.quickAttempt`).
private struct AttemptScanner {
    let bytes: [UInt8]
    var i = 0

    mutating func attempt(schemaVersion: Int) -> MockExamAttempt? {
        var version: Int?, id: String?, track: String?, form: String?, mode: String?
        var ids: [String]?, answers: [Int?]?, started: Date?, submitted: Date?, sawSubmitted = false
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return nil }
        while true {
            skipSpace()
            if take(UInt8(ascii: "}")) { break }
            guard let key = string() else { return nil }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            switch key {
            case "schemaVersion": guard version == nil, let v = int() else { return nil }; version = v
            case "id": guard id == nil else { return nil }; id = string()
            case "track": guard track == nil else { return nil }; track = string()
            case "form": guard form == nil else { return nil }; form = string()
            case "mode": guard mode == nil else { return nil }; mode = string()
            case "startedAt": guard started == nil, let t = string() else { return nil }; started = Timestamp.parse(t)
            case "submittedAt":
                guard !sawSubmitted else { return nil }
                sawSubmitted = true
                if !literal("null") { guard let t = string(), let d = Timestamp.parse(t) else { return nil }; submitted = d }
            case "itemIDs":
                guard ids == nil else { return nil }
                var list: [String] = []
                guard array({ s in guard let v = s.string() else { return false }; list.append(v); return true }) else { return nil }
                ids = list
            case "answers":
                guard answers == nil else { return nil }
                var list: [Int?] = []
                guard array({ s in
                    if s.literal("null") { list.append(nil); return true }
                    guard let v = s.int(), v >= 0 else { return false }
                    list.append(v); return true
                }) else { return nil }
                answers = list
            default:
                guard skipValue() else { return nil }
            }
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            skipSpace()
            guard take(UInt8(ascii: "}")) else { return nil }
            break
        }
        guard version == schemaVersion, let id, let track, let form, let mode, let ids, let answers,
              ids.count == answers.count, let started else { return nil }
        return MockExamAttempt(id: id, track: track, form: form, mode: mode, itemIDs: ids, answers: answers,
                               startedAt: started, submittedAt: submitted)
    }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    mutating func take(_ c: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == c else { return false }
        i += 1
        return true
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { w in (0..<n).allSatisfy { bytes[i + $0] == w[$0] } }
        if matches { i += n }
        return matches
    }

    /// A string without escapes (an escape sends the caller to the full decode).
    mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        defer { i += 1 }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    mutating func int() -> Int? {
        let start = i
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        var v = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            v = v &* 10 &+ Int(bytes[i] - 0x30)
            i += 1
            if i - start > 15 { return nil }
        }
        guard i > start, bytes[start] != UInt8(ascii: "-") || i > start + 1 else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") { return nil }
        return bytes[start] == UInt8(ascii: "-") ? -v : v
    }

    mutating func array(_ element: (inout AttemptScanner) -> Bool) -> Bool {
        guard take(UInt8(ascii: "[")) else { return false }
        skipSpace()
        if take(UInt8(ascii: "]")) { return true }
        while true {
            skipSpace()
            guard element(&self) else { return false }
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "]"))
        }
    }

    /// Skips a value the figures do not need (flags, numbers, booleans).
    mutating func skipValue() -> Bool {
        skipSpace()
        guard i < bytes.count else { return false }
        switch bytes[i] {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "["): return array { $0.skipValue() }
        case UInt8(ascii: "{"): return false
        default:
            let start = i
            while i < bytes.count, !(bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: "}") || bytes[i] == UInt8(ascii: "]")
                                     || bytes[i] == 0x20 || bytes[i] == 0x0A) { i += 1 }
            return i > start
        }
    }
}

import Foundation
import Testing
@testable import StudyCore
#if canImport(Glibc)
import Glibc
#endif

/// A fresh folder under the system temp dir, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init(_ label: String = "store") {
        var template = Array((NSTemporaryDirectory() + "/statdeck-\(label)-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var data: DataDirectory { DataDirectory(path: path + "/data") }
}

/// A settable clock for the store.
final class TestClock {
    var now: Date
    init(_ now: Date = Date(timeIntervalSince1970: 1_795_000_000)) { self.now = now }
    func advance(_ seconds: Double) { now = now.addingTimeInterval(seconds) }
}

/// A file layer that fails chosen calls with a chosen errno, to play disk full, permission
/// denied, read-only file systems and failing disks.
final class FaultyFileIO: FileIO {
    struct Rule {
        var operation: FileIOError.Operation
        var path: String
        var code: Int32
        /// Calls left to fail; nil fails forever.
        var remaining: Int?
        /// For writes: write the first half before failing (a short write on a full disk).
        var halfWrite: Bool
    }

    private let base = POSIXFileIO()
    private(set) var rules: [Rule] = []
    private(set) var failures = 0

    func fail(_ operation: FileIOError.Operation, path: String, code: Int32, times: Int? = nil, halfWrite: Bool = false) {
        rules.append(Rule(operation: operation, path: path, code: code, remaining: times, halfWrite: halfWrite))
    }

    func heal() { rules.removeAll() }

    private func check(_ op: FileIOError.Operation, _ path: String, beforeFailing: () -> Void = {}) throws(FileIOError) {
        guard let i = rules.firstIndex(where: { $0.operation == op && path.contains($0.path) && ($0.remaining ?? 1) > 0 }) else { return }
        if let r = rules[i].remaining { rules[i].remaining = r - 1 }
        if rules[i].halfWrite { beforeFailing() }
        failures += 1
        throw FileIOError(op, path, code: rules[i].code)
    }

    func open(_ path: String, _ access: FileAccess) throws(FileIOError) -> OpenFile {
        try check(.open, path)
        return try base.open(path, access)
    }
    func close(_ file: OpenFile) { base.close(file) }
    func read(_ file: OpenFile, count: Int, at offset: Int) throws(FileIOError) -> [UInt8] {
        try check(.read, file.path)
        return try base.read(file, count: count, at: offset)
    }
    func write(_ file: OpenFile, _ bytes: [UInt8], at offset: Int) throws(FileIOError) {
        try check(.write, file.path) { try? base.write(file, Array(bytes.prefix(bytes.count / 2)), at: offset) }
        try base.write(file, bytes, at: offset)
    }
    func sync(_ file: OpenFile) throws(FileIOError) { try check(.sync, file.path); try base.sync(file) }
    func truncate(_ file: OpenFile, to size: Int) throws(FileIOError) { try check(.truncate, file.path); try base.truncate(file, to: size) }
    func size(_ file: OpenFile) throws(FileIOError) -> Int { try check(.stat, file.path); return try base.size(file) }
    func lock(_ file: OpenFile) throws(FileIOError) -> Bool { try check(.lock, file.path); return try base.lock(file) }
    func syncDirectory(_ path: String) throws(FileIOError) { try check(.sync, path); try base.syncDirectory(path) }
    func rename(_ from: String, to: String) throws(FileIOError) { try check(.rename, to); try base.rename(from, to: to) }
    func link(_ from: String, to: String) throws(FileIOError) { try check(.link, to); try base.link(from, to: to) }
    func remove(_ path: String) throws(FileIOError) { try check(.remove, path); try base.remove(path) }
    func makeDirectory(_ path: String) throws(FileIOError) { try check(.makeDirectory, path); try base.makeDirectory(path) }
    func entries(of directory: String) throws(FileIOError) -> [String] {
        try check(.listDirectory, directory)
        return try base.entries(of: directory)
    }
    func kind(of path: String) -> FileKind? { base.kind(of: path) }
}

/// Builds reviews and states for tests.
enum Fixture {
    /// A mock-exam attempt over `itemIDs` (one minute per item, Exam conditions).
    static func attempt(id: String, track: String, form: String, itemIDs: [String], startedAt: Date) -> ExamAttempt {
        let items = itemIDs.map { ExamForm.Item(questionID: $0, area: track + ".1", pretest: false) }
        return ExamAttempt(id: id, form: ExamForm(trackID: track, name: form, minutes: max(1, itemIDs.count), items: items),
                           mode: .exam, startedAt: startedAt)
    }

    static let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T11:06:40Z

    static func state(_ n: Int, at date: Date, lapses: Int = 0) -> ItemState {
        ItemState(card: Card(phase: .review, step: nil, stability: 1.5 + Double(n) * 0.37, difficulty: 4.25 + Double(n % 5) / 3,
                             due: date.addingTimeInterval(86_400 * Double(1 + n % 9)), lastReview: date),
                  flags: ItemFlags(lapses: lapses))
    }

    static func review(_ item: String, _ n: Int, at date: Date, domain: String? = "cpt.1", correct: Bool = true,
                       rating: Rating = .good, ms: Int = 4_000, source: ReviewSource = .study) -> ReviewRecord {
        ReviewRecord(itemID: item, domain: domain, rating: rating, reviewedAt: date, day: CalendarDay(containing: date),
                     durationMs: ms, correct: correct, answer: n % 4, source: source, after: state(n, at: date))
    }

    static func options(_ clock: TestClock, io: any FileIO = POSIXFileIO(), snapshotEvery: Int = 1000) -> StoreOptions {
        StoreOptions(io: io, now: { clock.now }, snapshotEvery: snapshotEvery)
    }

    /// A data directory with one profile, `alice`.
    static func profile(_ dir: TemporaryDirectory, _ clock: TestClock, name: String = "alice") throws -> DataDirectory {
        let data = dir.data
        try ProfileLibrary(data: data, options: options(clock)).add(name, settings: ProfileSettings(track: "cpt"))
        return data
    }
}

extension StoreOptions {
    /// The same options without waiting for the disk, for tests about content, not durability.
    var unsynced: StoreOptions {
        var o = self
        o.io = POSIXFileIO(syncing: false)
        return o
    }
}

func bytes(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) }
}

func write(_ bytes: [UInt8], to path: String) {
    precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
}

func append(_ bytes: [UInt8], to path: String) {
    let handle = FileHandle(forWritingAtPath: path)!
    handle.seekToEndOfFile()
    handle.write(Data(bytes))
    handle.closeFile()
}

/// Every file below `path` with its bytes, for "nothing changed" checks.
func snapshotTree(_ path: String) -> [String: [UInt8]] {
    var out: [String: [UInt8]] = [:]
    let fm = FileManager.default
    for case let rel as String in fm.enumerator(atPath: path)! {
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
            out[rel] = bytes(path + "/" + rel)
        }
    }
    return out
}

/// The corrupt-file problem of an error, or nil.
func corruption(_ error: StoreError) -> (StoreProblem, [Recovery])? {
    if case let .corrupt(problem, recovery) = error { return (problem, recovery) }
    return nil
}

/// The files that differ between two trees (added, removed or changed).
func changedFiles(_ a: [String: [UInt8]], _ b: [String: [UInt8]]) -> [String] {
    Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
}

extension RandomNumberGenerator {
    /// A uniform integer in `0..<bound`, for seeded test data and kill moments.
    mutating func next(upTo bound: Int) -> Int { stableIndex(below: bound) }
}

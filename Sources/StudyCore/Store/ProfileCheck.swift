#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `statdeck users check NAME`: reads every file of a profile, reports every problem it finds
/// (file, line, what is wrong) and changes nothing, not even the lock file.
///
/// Beyond reading each file, it replays the whole review log and checks that the card
/// snapshot and the daily totals match the log at the point they say they cover, and that the
/// index and the attempt files agree.
public enum ProfileCheck {
    /// What a check found.
    public struct Report: Sendable {
        /// Damage or disagreement; any makes the check fail.
        public var problems: [StoreProblem] = []
        /// Things worth knowing that are not damage (a missing file StatDeck rebuilds, ...).
        public var notes: [String] = []
        public var filesRead = 0
        public var logEntries = 0
        public var items = 0
        public var attempts = 0
        /// Notes in `notes.json`.
        public var noteCount = 0
        public var isClean: Bool { problems.isEmpty }
    }

    /// At most this many item or day mismatches are listed one by one.
    static let mismatchLimit = 10

    public static func run(profile: String, in data: DataDirectory,
                           options: StoreOptions = StoreOptions()) throws(StoreError) -> Report {
        if let problem = ProfileName.problem(with: profile) { throw StoreError.invalidProfileName(problem) }
        let io = options.io
        let files = ProfileFiles(directory: data.profilePath(profile))
        guard io.kind(of: files.directory) == .directory else {
            throw StoreError.profileNotFound(name: profile, dataDirectory: data.path)
        }
        var report = Report()
        // Links are never followed (a copied folder's `lock -> ~/.bashrc` must not be written
        // through), so a link in place of a profile file is a problem to fix by hand.
        for dir in [files.directory, files.exams] {
            for name in ((try? io.entries(of: dir)) ?? []).sorted() where io.isSymbolicLink(dir + "/" + name) {
                report.problems.append(StoreProblem(file: dir + "/" + name, message: "is a symbolic link; StatDeck never reads or writes through links in a profile folder: replace it with the file itself or remove it"))
            }
        }
        if let pid = ProfileLock.holder(directory: files.directory, io: io), ProfileLock.isRunning(pid) {
            report.notes.append("profile \(profile) is open in StatDeck pid \(pid); a line being written right now may look cut short")
        }

        // Whole files and their backups.
        var snapshot: CardSnapshot?
        var daily: (totals: DailyTotals, covers: LogPosition)?
        var index: ProfileIndex?
        for (path, kind) in [(files.settings, ProfileFileKind.settings), (files.index, .index), (files.cards, .cards), (files.daily, .daily),
                             (files.decks, .decks), (files.notes, .notes)] {
            for candidate in [path, AtomicFile.backupPath(path)] {
                guard let bytes = read(candidate, &report, io) else {
                    if candidate == path && kind != .decks && kind != .notes {
                        report.notes.append(kind == .settings
                            ? "\(candidate) is missing: the default settings are used"
                            : "\(candidate) is missing: StatDeck rebuilds it when the profile is opened")
                    }
                    continue
                }
                do {
                    if candidate != path {
                        try ProgressStore.validate(bytes, kind: kind, file: candidate, options: options)
                        continue
                    }
                    switch kind {
                    case .cards: snapshot = try CardSnapshot.decode(bytes, file: path, migrations: options.migrations)
                    case .daily: daily = try DailyTotals.decode(bytes, file: path, migrations: options.migrations)
                    case .notes:
                        report.noteCount = try ProfileFileFormat.decode(ItemNotes.self, from: bytes, kind: .notes, file: path,
                                                                        migrations: options.migrations).notes.count
                    case .index:
                        index = try ProfileFileFormat.decode(ProfileIndex.self, from: bytes, kind: .index, file: path, migrations: options.migrations)
                    default: try ProgressStore.validate(bytes, kind: kind, file: path, options: options)
                    }
                } catch {
                    report.problems.append(problem(error, candidate))
                }
            }
        }

        // Mock-exam attempts.
        var attemptIDs: Set<String> = []
        if io.kind(of: files.exams) == .directory {
            let names = ((try? io.entries(of: files.exams)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            for name in names where name.hasSuffix(".json") || name.hasSuffix(".json.bak") {
                let path = files.exams + "/" + name
                guard let bytes = read(path, &report, io) else { continue }
                do {
                    let attempt = try ProfileFileFormat.decode(ExamAttempt.self, from: bytes, kind: .attempt, file: path,
                                                               migrations: options.migrations)
                    let stem = name.hasSuffix(".bak") ? String(name.dropLast(9)) : String(name.dropLast(5))
                    if attempt.id != stem {
                        report.problems.append(StoreProblem(file: path, message: "the attempt inside has id \(attempt.id), not \(stem)"))
                    } else if !name.hasSuffix(".bak") {
                        attemptIDs.insert(stem)
                    }
                } catch {
                    report.problems.append(problem(error, path))
                }
            }
        }
        report.attempts = attemptIDs.count
        if let index {
            for a in index.attempts where !attemptIDs.contains(a.id) && io.kind(of: files.attempt(a.id)) == nil {
                report.problems.append(StoreProblem(file: files.index, message: "it lists mock exam \(a.id), but \(files.attempt(a.id)) does not exist"))
            }
            let listed = Set(index.attempts.map(\.id))
            for id in attemptIDs.sorted() where !listed.contains(id) {
                report.notes.append("mock exam \(id) is not in the index yet (it is added back when the profile is next opened)")
            }
        }

        // The review log, line by line, replayed against the snapshot and the daily totals.
        checkLog(files, profile: profile, snapshot: snapshot, daily: daily, options: options, into: &report)
        for name in ((try? io.entries(of: files.directory)) ?? []).sorted() where name.contains(".damaged-") {
            report.notes.append("\(files.directory)/\(name) holds damaged data set aside earlier (kept for you; StatDeck does not read it)")
        }
        return report
    }

    private static func checkLog(_ files: ProfileFiles, profile: String, snapshot: CardSnapshot?,
                                 daily: (totals: DailyTotals, covers: LogPosition)?, options: StoreOptions,
                                 into report: inout Report) {
        let io = options.io
        let path = files.log
        guard io.kind(of: path) != nil else {
            if (snapshot?.covers.bytes ?? 0) > 0 {
                report.problems.append(StoreProblem(file: path, message: "the review log is missing, but \(files.cards) covers \(snapshot!.covers)"))
            } else {
                report.notes.append("\(path) does not exist yet: no reviews")
            }
            return
        }
        let file: OpenFile
        do { file = try io.open(path, .readOnly) } catch { report.problems.append(StoreProblem(file: path, message: "\(error)")); return }
        defer { io.close(file) }
        report.filesRead += 1
        let size: Int
        let header: LogHeader
        let afterHeader: LogPosition
        do throws(StoreError) {
            do { size = try io.size(file) } catch { throw StoreError.io(what: "read the review log", error) }
            let (h, after) = try ReviewLogFile.readHeader(file, size: size, path: path, io: io, migrations: options.migrations)
            guard let h else {
                report.problems.append(StoreProblem(file: path, line: 1, message: "the header line is cut short (StatDeck stopped while creating the log); StatDeck repairs it when the profile is opened"))
                return
            }
            header = h
            afterHeader = after
        } catch {
            report.problems.append(problem(error, path))
            return
        }
        let log = ReviewLogFile(path: path, file: file, header: header, afterHeader: afterHeader, end: afterHeader)

        var items: [String: ItemState] = [:]
        var totals = DailyTotals()
        var seq: Int? = 0  // nil after a line that could not be read: its number is unknown
        var damagedLines = 0
        var itemsAtSnapshot: [String: ItemState]? = snapshot.flatMap { $0.covers.bytes <= afterHeader.bytes ? [:] : nil }
        var totalsAtDaily: DailyTotals? = daily.flatMap { $0.covers.bytes <= afterHeader.bytes ? DailyTotals() : nil }
        var snapshotOnLine = itemsAtSnapshot != nil, snapshotDamage = 0
        var dailyOnLine = totalsAtDaily != nil, dailyDamage = 0
        do throws(StoreError) {
            let (end, partial) = try ReviewLogFile.lines(of: file, from: afterHeader.bytes, upTo: size, io: io) { line, at throws(StoreError) in
                let number = afterHeader.lines + at.lines
                if !ReviewLogFile.isBlank(line) {
                    do throws(StoreError) {
                        let entry = try log.decodeLine(line, number, migrations: options.migrations)
                        if let previous = seq, entry.seq != previous + 1 {
                            report.problems.append(StoreProblem(file: path, line: number, message: ReviewLogFile.sequenceProblem(entry.seq, after: previous)))
                            // A line written twice is skipped; after a gap, numbering goes on from the line.
                            if entry.seq <= previous { return }
                        }
                        seq = entry.seq
                        items[entry.itemID] = entry.stateAfter
                        totals.apply(entry)
                        report.logEntries += 1
                    } catch {
                        report.problems.append(problem(error, path))
                        seq = nil
                        damagedLines += 1
                    }
                }
                if let s = snapshot, s.covers.bytes == at.bytes {
                    itemsAtSnapshot = items
                    snapshotOnLine = s.covers.lines == number && (seq == nil || s.covers.seq == seq)
                    snapshotDamage = damagedLines
                }
                if let d = daily, d.covers.bytes == at.bytes {
                    totalsAtDaily = totals
                    dailyOnLine = d.covers.lines == number && (seq == nil || d.covers.seq == seq)
                    dailyDamage = damagedLines
                }
            }
            if !partial.isEmpty {
                report.problems.append(StoreProblem(file: path, line: afterHeader.lines + end.lines + 1,
                    message: "the last line is cut short (\(partial.count) bytes without an end of line): StatDeck stopped while saving it. It is set aside when the profile is next opened."))
            }
        } catch {
            report.problems.append(problem(error, path))
            return
        }
        report.items = items.count

        if let s = snapshot {
            if snapshotDamage > 0 {
                report.notes.append("\(files.cards) was not compared with the review log, which has damaged lines before the point it covers")
            } else if let replayed = itemsAtSnapshot, snapshotOnLine {
                compare(s.items, replayed, file: files.cards, at: s.covers, into: &report)
            } else {
                report.problems.append(StoreProblem(file: files.cards, message: "it says it covers \(s.covers) of the review log, which does not end a line there: the two files do not belong together"))
            }
        }
        if let d = daily {
            if dailyDamage > 0 {
                report.notes.append("\(files.daily) was not compared with the review log, which has damaged lines before the point it covers")
            } else if let replayed = totalsAtDaily, dailyOnLine {
                var listed = 0
                for day in Set(d.totals.days.keys).union(replayed.days.keys).sorted() where d.totals.days[day] != replayed.days[day] {
                    listed += 1
                    if listed <= mismatchLimit {
                        report.problems.append(StoreProblem(file: files.daily, message: "the totals for \(day) do not match the review log up to line \(d.covers.lines)"))
                    }
                }
                if listed > mismatchLimit {
                    report.problems.append(StoreProblem(file: files.daily, message: "\(listed - mismatchLimit) more days do not match the review log"))
                }
            } else {
                report.problems.append(StoreProblem(file: files.daily, message: "it says it covers \(d.covers) of the review log, which does not end a line there: the two files do not belong together"))
            }
        }
    }

    private static func compare(_ saved: [String: ItemState], _ replayed: [String: ItemState], file: String,
                                at covers: LogPosition, into report: inout Report) {
        var listed = 0
        for id in Set(saved.keys).union(replayed.keys).sorted() where saved[id] != replayed[id] {
            listed += 1
            guard listed <= mismatchLimit else { continue }
            let message: String
            switch (saved[id], replayed[id]) {
            case (nil, _): message = "item \(id) is missing, but the review log up to line \(covers.lines) has it"
            case (_, nil): message = "item \(id) is listed, but the review log up to line \(covers.lines) does not have it"
            default: message = "item \(id) differs from its state in the review log up to line \(covers.lines)"
            }
            report.problems.append(StoreProblem(file: file, message: message))
        }
        if listed > mismatchLimit {
            report.problems.append(StoreProblem(file: file, message: "\(listed - mismatchLimit) more items differ from the review log"))
        }
    }

    private static func read(_ path: String, _ report: inout Report, _ io: any FileIO) -> [UInt8]? {
        do {
            let bytes = try io.readFile(path)
            report.filesRead += 1
            return bytes
        } catch {
            if error.code != ENOENT { report.problems.append(StoreProblem(file: path, message: "\(error)")) }
            return nil
        }
    }

    private static func problem(_ error: StoreError, _ path: String) -> StoreProblem {
        switch error {
        case .corrupt(let problem, _): return problem
        default: return StoreProblem(file: path, message: "\(error)")
        }
    }
}

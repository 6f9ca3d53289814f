import Dispatch
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

/// How a store reaches the disk and the clock; tests swap in failing file layers and fixed times.
public struct StoreOptions {
    public var io: any FileIO
    public var now: () -> Date
    /// Log lines after the snapshot that make the store rewrite it.
    public var snapshotEvery: Int
    /// The schema migrations: `SchemaMigrations.standard` unless set (tests). The standard
    /// tables are built when a file is first read, not with every set of options (the app's
    /// first frame from a saved home summary reads none).
    public var migrations: SchemaMigrations {
        get { chosenMigrations ?? .standard }
        set { chosenMigrations = newValue }
    }
    private var chosenMigrations: SchemaMigrations?
    /// The pid written into the lock file.
    public var pid: Int32
    /// Decode `daily.json` on a background thread while the profile opens, for a caller that
    /// will ask for `dailyTotals()` at once (the home screen, `stats`); the answer is the same.
    public var readDailyTotalsAhead: Bool

    public init(io: any FileIO = POSIXFileIO(), now: @escaping () -> Date = { Date() }, snapshotEvery: Int = 1000,
                migrations: SchemaMigrations? = nil, pid: Int32 = getpid(), readDailyTotalsAhead: Bool = false) {
        self.io = io; self.now = now; self.snapshotEvery = snapshotEvery
        chosenMigrations = migrations; self.pid = pid; self.readDailyTotalsAhead = readDailyTotalsAhead
    }
}

/// One user's progress, open: item states in memory, the review log open for appending, and
/// the profile locked against a second StatDeck.
///
/// Opening reads the settings, the card snapshot and only the log lines after it, so it takes
/// the same time however long the history is. Every change is applied in memory and written
/// at once; a change that cannot be written (disk full, permission denied) throws
/// `StoreError.notSaved` but stays in memory, queued, and the next save retries it.
///
/// All state changes of a profile go through this type, on one thread.
public final class ProgressStore {
    /// Whether the store may write.
    public enum Access: Sendable, Hashable {
        case readWrite
        /// Looks without locking: for a profile open in another StatDeck, or for checks.
        case readOnly
    }

    public let profile: String
    public let files: ProfileFiles
    public let access: Access
    public private(set) var settings: ProfileSettings
    /// The state of every item the user has seen, by item id.
    public private(set) var items: [String: ItemState]
    /// The user's notes on items (`notes.json`), read when the profile opens.
    public private(set) var notes: ItemNotes
    /// What the store did on its own (a cut-short line set aside, a stale lock taken over...).
    public private(set) var notices: [StoreNotice]

    /// Told of every entry this store appends to the log (reviews, undos, edits), after it is
    /// applied in memory: lets a reader that scanned the log once keep up without rescanning.
    public var onAppend: ((LogEntry) -> Void)?

    private let io: any FileIO
    private let options: StoreOptions
    private var log: ReviewLogFile
    private var lock: ProfileLock?
    private var snapshotCovers: LogPosition
    /// Loaded on first use; afterwards kept up to date with every entry.
    private var daily: DailyTotals?
    private var index: ProfileIndex?
    /// Reviews of this session that can be taken back, newest last (at most `undoLimit`).
    private var undoable: [(seq: Int, review: ReviewRecord, before: ItemState?)] = []
    /// How many reviews back `undoLastReview` can go.
    public static let undoLimit = 100
    private var settingsUnsaved = false
    private var notesUnsaved = false
    private var attemptsUnsaved: [String: ExamAttempt] = [:]
    private var indexUnsaved = false
    /// After a failed snapshot rewrite, the log line count at which to try again.
    private var nextSnapshotTry = 0
    private var isClosed = false
    /// `decks.json`, read on first use.
    private var decks: PersonalDecks?
    /// Set when `daily.json` is newer or its damage could not be set aside: it is then never written.
    private var dailyFrozen = false
    /// `daily.json` read and decoded on a background thread (`StoreOptions.readDailyTotalsAhead`),
    /// until `loadDailyTotals` takes it.
    private var dailyAhead: DailyAhead?

    private init(profile: String, files: ProfileFiles, access: Access, settings: ProfileSettings, notes: ItemNotes,
                 items: [String: ItemState], notices: [StoreNotice], options: StoreOptions, log: ReviewLogFile,
                 lock: ProfileLock?, snapshotCovers: LogPosition) {
        self.profile = profile; self.files = files; self.access = access; self.settings = settings; self.notes = notes
        self.items = items; self.notices = notices; self.io = options.io; self.options = options
        self.log = log; self.lock = lock; self.snapshotCovers = snapshotCovers
    }

    deinit {
        if !isClosed {
            log.close(io: io)
            lock?.release()
        }
    }

    // MARK: Opening

    /// Opens a profile. With `.readWrite` the profile is locked; if another StatDeck has it,
    /// this throws `.locked` with that process's pid, and `.readOnly` can be used instead.
    /// A damaged file throws `.corrupt` with the ways out (`recover`); nothing is changed.
    ///
    /// With `lease` (from `lease(profile:in:options:)`), the lock it holds is the one the store
    /// keeps, so the profile is never free between the two.
    public static func open(profile: String, in data: DataDirectory, access: Access = .readWrite,
                            options: StoreOptions = StoreOptions(), lease: ProfileLease? = nil) throws(StoreError) -> ProgressStore {
        let io = options.io
        let files = try existingProfile(profile, in: data, io: io)
        var notices: [StoreNotice] = []
        var lock: ProfileLock?
        var access = access
        if access == .readWrite, let held = lease?.take(profile: profile, directory: files.directory) {
            lock = held.0
            if let notice = held.1 { notices.append(notice) }
        } else if access == .readWrite {
            do {
                let (taken, notice) = try ProfileLock.acquire(directory: files.directory, profile: profile, io: io, pid: options.pid)
                lock = taken
                if let notice { notices.append(notice) }
            } catch let StoreError.io(_, error) where [EROFS, EACCES, EPERM].contains(error.code) && io.kind(of: files.lock) != .other {
                // A read-only data directory (a backup, a write-protected stick): look, don't touch.
                access = .readOnly
                notices.append(StoreNotice(kind: .openedReadOnly,
                                           message: "profile \(profile) is open read-only because \(files.directory) cannot be written (\(error.reason)): you can browse, see your progress and past mock exams, but nothing you do is saved"))
            }
        }
        // Started before the snapshot is decoded, so that the two decodes overlap.
        let dailyAhead = options.readDailyTotalsAhead ? DailyAhead.start(files.daily, options) : nil
        do throws(StoreError) {
            let settings = try loadSettings(files, options)
            let notes = try loadNotes(files, options)
            let snapshot = try loadSnapshot(files, options)
            var items = snapshot?.items ?? [:]
            let opened: ReviewLogFile.Opened
            do {
                opened = try ReviewLogFile.open(directory: files.directory, profile: profile, writable: access == .readWrite,
                                            covers: snapshot?.covers ?? .start, coverFile: files.cards, io: io,
                                            migrations: options.migrations, now: options.now()) { entry in
                    items[entry.itemID] = entry.stateAfter
                }
            } catch let StoreError.corrupt(problem, _) where problem.file == files.cards {
                throw StoreError.corrupt(problem, recovery: snapshotRecoveries(files, io))
            }
            notices += opened.notices
            if snapshot == nil && opened.log.end.seq > 0 {
                notices.append(StoreNotice(kind: .rebuiltFromLog, message: "\(CardSnapshot.fileName) was missing; the card states were rebuilt from the whole review log"))
            }
            let store = ProgressStore(profile: profile, files: files, access: access, settings: settings, notes: notes, items: items,
                                      notices: notices, options: options, log: opened.log, lock: lock,
                                      snapshotCovers: snapshot?.covers ?? opened.log.afterHeader)
            store.dailyAhead = dailyAhead
            if access == .readWrite && (snapshot == nil || opened.tailCount >= options.snapshotEvery) {
                store.rewriteSnapshotIfDue(force: true)
            }
            store.importRecoveryFiles()
            return store
        } catch {
            lock?.release()
            throw error
        }
    }

    /// The files of profile `profile`: refused when the name breaks the rules or there is no
    /// such profile folder.
    static func existingProfile(_ profile: String, in data: DataDirectory, io: any FileIO) throws(StoreError) -> ProfileFiles {
        if let problem = ProfileName.problem(with: profile) { throw StoreError.invalidProfileName(problem) }
        let files = ProfileFiles(directory: data.profilePath(profile))
        guard io.kind(of: files.directory) == .directory else {
            throw StoreError.profileNotFound(name: profile, dataDirectory: data.path)
        }
        return files
    }

    private static func loadSettings(_ files: ProfileFiles, _ options: StoreOptions) throws(StoreError) -> ProfileSettings {
        guard let bytes = try readIfPresent(files.settings, options.io, "read the settings") else { return ProfileSettings() }
        do {
            return try ProfileFileFormat.decode(ProfileSettings.self, from: bytes, kind: .settings,
                                                file: files.settings, migrations: options.migrations)
        } catch let StoreError.corrupt(problem, _) {
            throw StoreError.corrupt(problem, recovery: backupRecovery(files.settings, options.io) + [.useDefaults(file: files.settings)])
        }
    }

    private static func loadNotes(_ files: ProfileFiles, _ options: StoreOptions) throws(StoreError) -> ItemNotes {
        guard let bytes = try readIfPresent(files.notes, options.io, "read your notes") else { return ItemNotes() }
        do {
            return try ProfileFileFormat.decode(ItemNotes.self, from: bytes, kind: .notes, file: files.notes, migrations: options.migrations)
        } catch let StoreError.corrupt(problem, _) {
            throw StoreError.corrupt(problem, recovery: backupRecovery(files.notes, options.io) + [.useDefaults(file: files.notes)])
        }
    }

    private static func loadSnapshot(_ files: ProfileFiles, _ options: StoreOptions) throws(StoreError) -> CardSnapshot? {
        guard let bytes = try readIfPresent(files.cards, options.io, "read the card snapshot") else { return nil }
        do {
            return try CardSnapshot.decode(bytes, file: files.cards, migrations: options.migrations)
        } catch let StoreError.corrupt(problem, _) {
            throw StoreError.corrupt(problem, recovery: snapshotRecoveries(files, options.io))
        }
    }

    static func readIfPresent(_ path: String, _ io: any FileIO, _ what: String) throws(StoreError) -> [UInt8]? {
        do {
            return try io.readFile(path)
        } catch where error.code == ENOENT {
            return nil
        } catch {
            throw StoreError.io(what: what, error)
        }
    }

    /// Restoring `path.bak`, offered only when the backup is there and reads cleanly.
    static func backupRecovery(_ path: String, _ io: any FileIO) -> [Recovery] {
        let backup = AtomicFile.backupPath(path)
        guard !io.isSymbolicLink(backup), io.kind(of: backup) == .file, let bytes = try? io.readFile(backup) else { return [] }
        let (directory, _) = AtomicFile.split(path)
        let files = ProfileFiles(directory: directory.hasSuffix("/exams") ? String(directory.dropLast(6)) : directory)
        guard let kind = files.kind(of: path), kind != .log,
              (try? validate(bytes, kind: kind, file: backup, options: StoreOptions(io: io))) != nil else { return [] }
        return [.restoreBackup(file: path, backup: backup)]
    }

    static func snapshotRecoveries(_ files: ProfileFiles, _ io: any FileIO) -> [Recovery] {
        backupRecovery(files.cards, io) + [.rebuild(file: files.cards)]
    }

    // MARK: Reading

    /// The state of one item; nil when the user has never seen it.
    public func state(of itemID: String) -> ItemState? { items[itemID] }

    /// Changes made in memory but not yet on disk (reviews, settings, attempts).
    public var unsavedCount: Int {
        log.pending.count + (settingsUnsaved ? 1 : 0) + (notesUnsaved ? 1 : 0) + attemptsUnsaved.count + (indexUnsaved ? 1 : 0)
    }

    /// The number of the newest log entry.
    public var lastSeq: Int { log.lastSeq }

    /// Reviews of this session that `undoLastReview` can still take back.
    public var undoableCount: Int { undoable.count }

    /// Per-day totals, read on first use from `daily.json` plus the log after it, then kept up
    /// to date as reviews are recorded.
    public func dailyTotals() throws(StoreError) -> DailyTotals {
        if let daily { return daily }
        do {
            return try loadDailyTotals()
        } catch let StoreError.corrupt(problem, _) where problem.file == files.daily {
            // Damaged totals are rebuilt from the log, with a notice; the damaged file is kept
            // beside the one the next snapshot writes.
            if access == .readWrite {
                let copy = ReviewLogFile.uniquePath(files.daily + ".damaged-" + Timestamp.compact(options.now()), io: io)
                do { try io.keepCopy(of: files.daily, as: copy) } catch { dailyFrozen = true }
            } else {
                dailyFrozen = true
            }
            notices.append(StoreNotice(kind: .dailyTotalsRebuilt, message: "\(problem). The daily totals (today's new items, Done, the streak) were rebuilt from the review log" + (dailyFrozen ? "; the damaged file was left as it is." : "; the damaged file was kept as a .damaged copy.")))
            return try rebuildDailyFromLog()
        } catch let StoreError.newerSchema(file, found, supported) where file == files.daily {
            dailyFrozen = true
            notices.append(StoreNotice(kind: .dailyTotalsRebuilt, message: "\(StoreError.newerSchema(file: file, found: found, supported: supported)) Until then the daily totals are counted from the review log and \(DailyTotals.fileName) is not written."))
            return try rebuildDailyFromLog()
        }
    }

    private func rebuildDailyFromLog() throws(StoreError) -> DailyTotals {
        var totals = DailyTotals()
        try replayLog { totals.apply($0) }
        daily = totals
        return totals
    }

    func loadDailyTotals() throws(StoreError) -> DailyTotals {
        var totals = DailyTotals()
        var covers = log.afterHeader
        let read: (DailyTotals, covers: LogPosition)?
        do {
            if let ahead = dailyAhead {
                dailyAhead = nil
                read = try ahead.result()
            } else {
                read = try DailyAhead.read(files.daily, options)
            }
        } catch let StoreError.corrupt(problem, _) {
            throw StoreError.corrupt(problem, recovery: Self.backupRecovery(files.daily, io) + [.rebuild(file: files.daily)])
        }
        if let read {
            (totals, covers) = read
            if covers.bytes == 0 { covers = log.afterHeader }
        }
        // The ways out are worked out only when needed: checking the backup means decoding it.
        let files = self.files, io = self.io
        func recovery() -> [Recovery] { Self.backupRecovery(files.daily, io) + [.rebuild(file: files.daily)] }
        do {
            try log.check(covers, coverFile: files.daily, io: io)
        } catch let StoreError.corrupt(problem, _) {
            throw StoreError.corrupt(problem, recovery: recovery())
        }
        var first = true
        _ = try log.scan(from: covers, upTo: log.end.bytes, io: io, migrations: options.migrations, checkFirst: false) { entry throws(StoreError) in
            if first && entry.seq != covers.seq + 1 {
                throw StoreError.corrupt(StoreProblem(file: files.daily, message: "it covers the review log up to entry \(covers.seq), but the next line of the log is entry \(entry.seq): the two files do not belong together"), recovery: recovery())
            }
            first = false
            totals.apply(entry)
        }
        for entry in log.pending { totals.apply(entry) }
        daily = totals
        return totals
    }

    /// Reads the whole review log from the start, handing each entry to `body` in order. This
    /// reads every line: it is for exports and checks, never for opening or study.
    public func replayLog(_ body: (LogEntry) -> Void) throws(StoreError) {
        _ = try log.scan(from: log.afterHeader, upTo: log.end.bytes, io: io, migrations: options.migrations) { body($0) }
        for entry in log.pending { body(entry) }
    }

    /// Reads the log's entries from `since` on (every entry logged at or after it, and maybe a
    /// few before), in order, without reading the whole log: it scans back from the end in
    /// windows that double until it meets an entry older than `since` or the start. Returns
    /// whether it read the whole log. For figures about recent days (missed questions).
    @discardableResult
    public func replayRecentLog(since: Date, firstWindow: Int = 1 << 20, _ body: (LogEntry) -> Void) throws(StoreError) -> Bool {
        let end = log.end.bytes
        let first = log.afterHeader.bytes
        var window = max(1, firstWindow)
        // Entries read so far cover [covered, end); each round reads only the part before them.
        var covered = end
        var entries: [LogEntry] = []
        var complete = false
        while true {
            let from = max(first, end - window)
            var earlier: [LogEntry] = []
            if from <= first {
                _ = try log.scan(from: log.afterHeader, upTo: covered, io: io, migrations: options.migrations) { earlier.append($0) }
                covered = first
                complete = true
            } else if let start = try log.lineStart(atOrAfter: from, upTo: covered, io: io), start < covered {
                _ = try log.scan(from: LogPosition(bytes: start, lines: 0, seq: 0), upTo: covered, io: io,
                                 migrations: options.migrations, checkFirst: false) { earlier.append($0) }
                covered = start
            }
            entries = earlier + entries
            if complete || (entries.first.map { Self.time(of: $0) < since } ?? false) { break }
            // Not far enough back: guess the bytes per second so far and reach `since` in one more
            // round if the pace holds (at least doubling).
            var next = window * 2
            if let oldest = entries.first, let newest = entries.last {
                let span = Self.time(of: newest).timeIntervalSince(Self.time(of: oldest))
                let need = Self.time(of: newest).timeIntervalSince(since)
                if span > 0 { next = max(next, Int(Double(end - covered) * need / span * 1.1)) }
            }
            window = next
        }
        for e in entries { body(e) }
        for e in log.pending { body(e) }
        return complete
    }

    /// When an entry was logged.
    static func time(of entry: LogEntry) -> Date {
        switch entry.event {
        case .review(let r, _): return r.reviewedAt
        case .undo(let u): return u.at
        case .edit(let e): return e.at
        }
    }

    // MARK: Recording

    /// Logs a review and applies its `after` state. Returns the entry's number.
    ///
    /// The review is on disk (fsync'd) when this returns. If it cannot be written, this throws
    /// `.notSaved`; the review is still applied and queued, and the next save writes it.
    @discardableResult
    public func record(_ review: ReviewRecord) throws(StoreError) -> Int {
        try checkWritable()
        if review.itemID.isEmpty { throw StoreError.invalidRecord("a review needs an item id") }
        if let problem = review.after.problem { throw StoreError.invalidRecord("the state after reviewing \(review.itemID) cannot be saved: \(problem)") }
        if !Timestamp.isWritable(review.reviewedAt) { throw StoreError.invalidRecord("the review of \(review.itemID) has a time outside the years 1-9999") }
        if review.durationMs < 0 { throw StoreError.invalidRecord("the review of \(review.itemID) has a negative duration") }
        if let answer = review.answer, answer < 0 { throw StoreError.invalidRecord("the review of \(review.itemID) has a negative answer index") }
        let r = review.normalized
        let before = items[r.itemID]
        let entry = LogEntry(seq: log.lastSeq + 1, event: .review(r, before: before))
        append(entry)
        undoable.append((entry.seq, r, before))
        if undoable.count > Self.undoLimit { undoable.removeFirst(undoable.count - Self.undoLimit) }
        try flushLog(what: "your review of \(r.itemID)")
        rewriteSnapshotIfDue()
        return entry.seq
    }

    /// Takes back the newest review of this session (up to `undoLimit` reviews back): the item
    /// returns to its state before, and the day's totals lose the review. Returns the review
    /// taken back, or nil when there is none.
    @discardableResult
    public func undoLastReview() throws(StoreError) -> ReviewRecord? {
        try checkWritable()
        guard let last = undoable.popLast() else { return nil }
        let undo = UndoRecord(undoes: last.seq, at: Timestamp.normalized(options.now()), review: last.review, restored: last.before)
        append(LogEntry(seq: log.lastSeq + 1, event: .undo(undo)))
        try flushLog(what: "the undo of your review of \(last.review.itemID)")
        rewriteSnapshotIfDue()
        return last.review
    }

    /// Sets an item's state outside a review (flag, suspend, bury, reset); nil forgets the item.
    public func setState(_ state: ItemState?, of itemID: String) throws(StoreError) {
        try checkWritable()
        if itemID.isEmpty { throw StoreError.invalidRecord("an item id cannot be empty") }
        if let problem = state?.problem { throw StoreError.invalidRecord("the state of \(itemID) cannot be saved: \(problem)") }
        let edit = EditRecord(itemID: itemID, at: Timestamp.normalized(options.now()), before: items[itemID], after: state?.normalized)
        append(LogEntry(seq: log.lastSeq + 1, event: .edit(edit)))
        try flushLog(what: "the change to \(itemID)")
        rewriteSnapshotIfDue()
    }

    /// Changes an item's flags; an item never seen gets a new card, due now.
    public func updateFlags(of itemID: String, _ change: (inout ItemFlags) -> Void) throws(StoreError) {
        var state = items[itemID] ?? ItemState(card: .new(at: options.now()))
        change(&state.flags)
        try setState(state, of: itemID)
    }

    /// Replaces the settings and saves them (the old file is kept as `settings.json.bak`).
    public func updateSettings(_ new: ProfileSettings) throws(StoreError) {
        try checkWritable()
        if let (key, message) = new.problem { throw StoreError.invalidRecord("setting \"\(key.stringValue)\" \(message)") }
        settings = new
        settingsUnsaved = true
        try saveSettings()
    }

    /// Sets, replaces or (with nil or only spaces) deletes the user's note on an item and saves
    /// the notes at once (the old file is kept as `notes.json.bak`). The text is trimmed
    /// (`ItemNotes.normalized`). If it cannot be written this throws `.notSaved`; the note stays
    /// in memory and the next save writes it.
    public func setNote(_ text: String?, for itemID: String) throws(StoreError) {
        try checkWritable()
        let clean = text.flatMap(ItemNotes.normalized)
        if let clean, let problem = ItemNotes.problem(id: itemID, text: clean) { throw StoreError.invalidRecord(problem) }
        if itemID.isEmpty { throw StoreError.invalidRecord("a note needs an item id") }
        guard notes[itemID] != clean else { return }
        notes.notes[itemID] = clean.map { ItemNotes.Note(text: $0, updated: Timestamp.normalized(options.now())) }
        notesUnsaved = true
        try saveNotes()
    }

    private func saveNotes() throws(StoreError) {
        let bytes = ProfileFileFormat.encode(notes, kind: .notes, migrations: options.migrations)
        do {
            try io.writeAtomically(bytes, to: files.notes, keepBackup: true)
            notesUnsaved = false
        } catch {
            throw StoreError.notSaved(what: "your notes", error, pending: unsavedCount)
        }
    }

    /// Writes everything still unsaved: queued reviews, settings, notes, attempts, the index.
    public func save() throws(StoreError) {
        try checkWritable()
        try flushLog(what: "your reviews")
        if settingsUnsaved { try saveSettings() }
        if notesUnsaved { try saveNotes() }
        for attempt in attemptsUnsaved.values.sorted(by: { $0.id < $1.id }) { try writeAttempt(attempt) }
        if indexUnsaved { try saveIndex() }
    }

    /// Saves what is unsaved, rewrites the snapshot if the log grew, and lets go of the profile.
    /// If something cannot be saved this throws and the store stays open, so the caller can
    /// retry or give up (dropping the store releases the lock too).
    ///
    /// `beforeUnlock` runs once everything is written, while the lock is still held and the
    /// store still readable (the app saves its home summary there, see `HomeSummaryCache`);
    /// not when the save fails.
    public func close(beforeUnlock: (() -> Void)? = nil) throws(StoreError) {
        guard !isClosed else { return }
        if access == .readWrite {
            try save()
            if log.end.lines > snapshotCovers.lines { rewriteSnapshotIfDue(force: true) }
        }
        beforeUnlock?()
        log.close(io: io)
        lock?.release()
        lock = nil
        isClosed = true
    }

    private func checkWritable() throws(StoreError) {
        precondition(!isClosed, "the progress store of \(profile) is closed")
        if access == .readOnly { throw StoreError.readOnly(profile: profile) }
    }

    private func append(_ entry: LogEntry) {
        items[entry.itemID] = entry.stateAfter
        daily?.apply(entry)
        log.enqueue(entry)
        onAppend?(entry)
    }

    private func flushLog(what: String) throws(StoreError) {
        do {
            try log.flush(io: io)
        } catch {
            throw StoreError.notSaved(what: what, error, pending: unsavedCount)
        }
    }

    private func saveSettings() throws(StoreError) {
        let bytes = ProfileFileFormat.encode(settings, kind: .settings, migrations: options.migrations)
        do {
            try io.writeAtomically(bytes, to: files.settings, keepBackup: true)
            settingsUnsaved = false
        } catch {
            throw StoreError.notSaved(what: "your settings", error, pending: unsavedCount)
        }
    }

    // MARK: Recovery files (see PendingRecovery.swift)

    /// Log entries in memory that are not on disk yet.
    var pendingLogEntries: [LogEntry] { log.pending }
    var recoveryIO: any FileIO { io }
    func recoveryClock() -> Date { options.now() }
    func appendNotice(_ notice: StoreNotice) { notices.append(notice) }

    /// Appends entries read from a recovery file, renumbered after the log's end, and saves them.
    func importEntries(_ entries: [LogEntry]) throws(StoreError) -> Int {
        guard let firstSeq = entries.first?.seq else { return 0 }
        let offset = log.lastSeq + 1 - firstSeq
        for e in entries {
            var event = e.event
            if case .undo(var u) = event, u.undoes >= firstSeq {
                // It undoes a review of the same file, renumbered with it.
                u.undoes += offset
                event = .undo(u)
            }
            append(LogEntry(seq: log.lastSeq + 1, event: event))
        }
        try flushLog(what: "the reviews of a recovery file")
        return entries.count
    }

    // MARK: Snapshot

    /// Writes `cards.json` and `daily.json` as of the end of the log (keeping the previous ones
    /// as `.bak`) and refreshes the index. The log must be fully saved first.
    public func rewriteSnapshot() throws(StoreError) {
        try checkWritable()
        try flushLog(what: "your reviews")
        let now = Timestamp.normalized(options.now())
        let covers = log.end
        let cards = CardSnapshot(covers: covers, savedAt: now, items: items)
            .encoded(schemaVersion: options.migrations.currentVersion(.cards))
        do {
            try io.writeAtomically(cards, to: files.cards, keepBackup: true)
        } catch {
            throw StoreError.notSaved(what: "the card snapshot", error, pending: 0)
        }
        snapshotCovers = covers
        do {
            let totals = try dailyTotals()
            let bytes = totals.encoded(covers: covers, savedAt: now, schemaVersion: options.migrations.currentVersion(.daily))
            do {
                if !dailyFrozen { try io.writeAtomically(bytes, to: files.daily, keepBackup: true) }
            } catch {
                throw StoreError.notSaved(what: "the daily totals", error, pending: 0)
            }
            var index = try loadIndex()
            index.reviewCount = totals.days.values.reduce(0) { $0 + $1.reviews }
            index.itemCount = items.count
            index.lastReviewAt = items.values.compactMap(\.card.lastReview).max()
            self.index = index
            try saveIndex()
        } catch {
            notices.append(StoreNotice(kind: .snapshotNotSaved, message: "\(error)"))
        }
    }

    /// Rewrites the snapshot when the log has grown by `snapshotEvery` lines since the last one
    /// (or always, with `force`). A failure is a notice, not an error: the log has everything.
    private func rewriteSnapshotIfDue(force: Bool = false) {
        let grown = log.end.lines - snapshotCovers.lines
        guard force || (grown >= options.snapshotEvery && log.end.lines >= nextSnapshotTry), log.pending.isEmpty else { return }
        do {
            try rewriteSnapshot()
        } catch {
            nextSnapshotTry = log.end.lines + max(1, options.snapshotEvery / 4)
            notices.append(StoreNotice(kind: .snapshotNotSaved, message: "\(error) The review log holds every review, so nothing is lost."))
        }
    }

    // MARK: Personal decks

    /// The profile's personal decks (`decks.json`; none when the file does not exist).
    public func personalDecks() throws(StoreError) -> PersonalDecks {
        if let decks { return decks }
        var loaded = PersonalDecks()
        if let bytes = try Self.readIfPresent(files.decks, io, "read the personal decks") {
            do {
                loaded = try PersonalDecks.decode(bytes, file: files.decks, migrations: options.migrations)
            } catch let StoreError.corrupt(problem, _) {
                throw StoreError.corrupt(problem, recovery: Self.backupRecovery(files.decks, io))
            }
        }
        decks = loaded
        return loaded
    }

    /// Replaces the personal decks and writes `decks.json` atomically (the old file is kept as
    /// `decks.json.bak`). On failure nothing changes, in memory or on disk. A `decks.json` that
    /// cannot be read (damaged, or from a newer StatDeck) is refused, never written over.
    public func savePersonalDecks(_ new: PersonalDecks) throws(StoreError) {
        try checkWritable()
        // A damaged or newer file is never written over: it must read first.
        _ = try personalDecks()
        var ids: Set<String> = []
        for deck in new.decks {
            if deck.name.isEmpty { throw StoreError.invalidRecord("a personal deck needs a name") }
            for card in deck.cards where !ids.insert(card.id).inserted {
                throw StoreError.invalidRecord("card \(card.id) is in the personal decks twice")
            }
        }
        let bytes = new.encoded(schemaVersion: options.migrations.currentVersion(.decks), savedAt: Timestamp.normalized(options.now()))
        do {
            try io.writeAtomically(bytes, to: files.decks, keepBackup: true)
        } catch {
            throw StoreError.notSaved(what: "the personal decks", error, pending: unsavedCount)
        }
        decks = new
    }

    // MARK: Mock exams

    /// A new attempt id, from the time it started: `20261128T235217Z`, or with `-2`, `-3`...
    public func newAttemptID(startedAt: Date) -> String {
        let base = Timestamp.compact(startedAt)
        var id = base
        var n = 2
        while io.kind(of: files.attempt(id)) != nil || attemptsUnsaved[id] != nil { id = base + "-\(n)"; n += 1 }
        return id
    }

    /// Saves an attempt (atomically: the file holds this version or the one before). Call it after
    /// every answer, flag and move. The index is updated when an attempt starts or is submitted.
    public func saveAttempt(_ attempt: ExamAttempt) throws(StoreError) {
        try checkWritable()
        if let (key, message) = attempt.problem {
            throw StoreError.invalidRecord("mock exam \(attempt.id) cannot be saved: \"\(key.stringValue)\" \(message)")
        }
        var a = attempt
        a.startedAt = Timestamp.normalized(a.startedAt)
        a.submittedAt = a.submittedAt.map(Timestamp.normalized)
        a.lastActiveAt = Timestamp.normalized(a.lastActiveAt)
        a.abandonedAt = a.abandonedAt.map(Timestamp.normalized)
        a.lastAnsweredAt = a.lastAnsweredAt.map(Timestamp.normalized)
        attemptsUnsaved[a.id] = a
        try writeAttempt(a)
        var index = try loadIndex(skipping: a.id)
        let summary = AttemptSummary(a)
        if let i = index.attempts.firstIndex(where: { $0.id == a.id }) {
            guard index.attempts[i] != summary else { return }
            index.attempts[i] = summary
        } else {
            index.attempts.append(summary)
        }
        self.index = index
        indexUnsaved = true
        try saveIndex()
    }

    private func writeAttempt(_ attempt: ExamAttempt) throws(StoreError) {
        let bytes = ProfileFileFormat.encode(attempt, kind: .attempt, migrations: options.migrations)
        do {
            if io.kind(of: files.exams) == nil { try io.makeDirectory(files.exams) }
            try io.writeAtomically(bytes, to: files.attempt(attempt.id), keepBackup: true)
            attemptsUnsaved[attempt.id] = nil
        } catch {
            throw StoreError.notSaved(what: "mock exam \(attempt.id)", error, pending: unsavedCount)
        }
    }

    /// Reads one attempt (an unsaved newer version in memory wins).
    public func attempt(id: String) throws(StoreError) -> ExamAttempt {
        if let a = attemptsUnsaved[id] { return a }
        if ProfileName.problem(with: id, what: "an attempt id") != nil { throw StoreError.attemptNotFound(id: id) }
        let path = files.attempt(id)
        guard let bytes = try Self.readIfPresent(path, io, "read mock exam \(id)") else { throw StoreError.attemptNotFound(id: id) }
        do {
            return try ProfileFileFormat.decode(ExamAttempt.self, from: bytes, kind: .attempt, file: path, migrations: options.migrations)
        } catch let StoreError.corrupt(problem, _) {
            throw StoreError.corrupt(problem, recovery: Self.backupRecovery(path, io))
        }
    }

    /// Deletes an attempt for good: its file, the file's backup and its line in the index.
    /// Reviews it already fed to study stay in the log.
    public func deleteAttempt(id: String) throws(StoreError) {
        try checkWritable()
        if ProfileName.problem(with: id, what: "an attempt id") != nil { throw StoreError.attemptNotFound(id: id) }
        var index = try loadIndex()
        let path = files.attempt(id)
        guard index.attempts.contains(where: { $0.id == id }) || io.kind(of: path) != nil else {
            throw StoreError.attemptNotFound(id: id)
        }
        attemptsUnsaved[id] = nil
        do {
            for file in [path, AtomicFile.backupPath(path)] where io.kind(of: file) != nil { try io.remove(file) }
        } catch {
            throw StoreError.notSaved(what: "the deletion of mock exam \(id)", error, pending: unsavedCount)
        }
        index.attempts.removeAll { $0.id == id }
        self.index = index
        indexUnsaved = true
        try saveIndex()
    }

    /// Every attempt, oldest first, from the index.
    public func attempts() throws(StoreError) -> [AttemptSummary] {
        try loadIndex().attempts
    }

    private func loadIndex(skipping newAttempt: String? = nil) throws(StoreError) -> ProfileIndex {
        if let index { return index }
        let loaded: ProfileIndex
        if let bytes = try Self.readIfPresent(files.index, io, "read the profile index") {
            do {
                loaded = try ProfileFileFormat.decode(ProfileIndex.self, from: bytes, kind: .index, file: files.index, migrations: options.migrations)
            } catch let StoreError.corrupt(problem, _) {
                throw StoreError.corrupt(problem, recovery: Self.backupRecovery(files.index, io) + [.rebuild(file: files.index)])
            }
        } else {
            loaded = try Self.rebuiltIndex(files, createdAt: log.header.created, options)
            indexUnsaved = true
        }
        index = addingUnlistedAttempts(to: loaded, skipping: newAttempt)
        if indexUnsaved && access == .readWrite { try? saveIndex() }
        return index!
    }

    /// The index with every attempt file it does not list added back (an index restored from
    /// a backup or edited by hand can miss the attempt in progress); a damaged attempt file is
    /// left out with a notice.
    private func addingUnlistedAttempts(to index: ProfileIndex, skipping newAttempt: String?) -> ProfileIndex {
        guard io.kind(of: files.exams) == .directory, let names = try? io.entries(of: files.exams) else { return index }
        var index = index
        let listed = Set(index.attempts.map(\.id))
        var added = false
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let id = String(name.dropLast(5))
            guard !listed.contains(id), id != newAttempt else { continue }
            do {
                let attempt = try self.attempt(id: id)
                index.attempts.append(AttemptSummary(attempt))
                added = true
            } catch {
                notices.append(StoreNotice(kind: .attemptNotListed, message: "mock exam \(id) is not in \(ProfileIndex.fileName) and could not be added back: \(error)"))
            }
        }
        guard added else { return index }
        index.attempts.sort { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
        indexUnsaved = true
        notices.append(StoreNotice(kind: .indexRebuilt, message: "\(ProfileIndex.fileName) did not list every mock exam; the missing ones were added back from \(files.exams)"))
        return index
    }

    private func saveIndex() throws(StoreError) {
        guard let index else { return }
        let bytes = ProfileFileFormat.encode(index, kind: .index, migrations: options.migrations)
        do {
            try io.writeAtomically(bytes, to: files.index, keepBackup: true)
            indexUnsaved = false
        } catch {
            throw StoreError.notSaved(what: "the profile index", error, pending: unsavedCount)
        }
    }

    /// An index made from the attempt files (counts are filled in at the next snapshot).
    static func rebuiltIndex(_ files: ProfileFiles, createdAt: Date, _ options: StoreOptions) throws(StoreError) -> ProfileIndex {
        let io = options.io
        var attempts: [AttemptSummary] = []
        if io.kind(of: files.exams) == .directory {
            let names: [String]
            do { names = try io.entries(of: files.exams) } catch { throw StoreError.io(what: "list the mock exams", error) }
            for name in names where name.hasSuffix(".json") && !name.hasPrefix(".") {
                let path = files.exams + "/" + name
                guard let bytes = try readIfPresent(path, io, "read mock exam \(name)") else { continue }
                do {
                    attempts.append(AttemptSummary(try ProfileFileFormat.decode(ExamAttempt.self, from: bytes, kind: .attempt,
                                                                                file: path, migrations: options.migrations)))
                } catch let StoreError.corrupt(problem, _) {
                    throw StoreError.corrupt(problem, recovery: backupRecovery(path, io))
                }
            }
        }
        attempts.sort { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
        return ProfileIndex(createdAt: createdAt, attempts: attempts)
    }
}

/// `daily.json` read and decoded on a background thread while the profile opens; the result
/// (or the error) is handed over through a `DispatchGroup` (written before `leave`, read after
/// `wait`).
private final class DailyAhead: @unchecked Sendable {
    private let group = DispatchGroup()
    private var outcome: Result<(DailyTotals, covers: LogPosition)?, StoreError>?

    /// Reads and decodes the file now; nil when there is none.
    static func read(_ path: String, _ options: StoreOptions) throws(StoreError) -> (DailyTotals, covers: LogPosition)? {
        guard let bytes = try ProgressStore.readIfPresent(path, options.io, "read the daily totals") else { return nil }
        return try DailyTotals.decode(bytes, file: path, migrations: options.migrations)
    }

    static func start(_ path: String, _ options: StoreOptions) -> DailyAhead {
        let ahead = DailyAhead()
        nonisolated(unsafe) let options = options
        ahead.group.enter()
        BackgroundThread.run {
            do throws(StoreError) {
                ahead.outcome = .success(try read(path, options))
            } catch {
                ahead.outcome = .failure(error)
            }
            ahead.group.leave()
        }
        return ahead
    }

    /// Waits for the read; what `read` would have returned or thrown.
    func result() throws(StoreError) -> (DailyTotals, covers: LogPosition)? {
        group.wait()
        return try outcome!.get()
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The ways out of a damaged profile file that `StoreError.corrupt` offers. Each keeps the
/// damaged file beside the repaired one as `NAME.damaged-TIME`; none touches the review log.
extension ProgressStore {
    /// Carries out one of the recoveries a `.corrupt` error listed. The profile must not be
    /// open (the lock is taken for the repair).
    public static func recover(_ recovery: Recovery, profile: String, in data: DataDirectory,
                               options: StoreOptions = StoreOptions()) throws(StoreError) {
        switch recovery {
        case .restoreBackup(let file, _):
            try restoreFromBackup(file: file, profile: profile, in: data, options: options)
        case .rebuild(let file):
            try withLock(profile, data, options) { files throws(StoreError) in try rebuild(file, files, profile, options) }
        case .useDefaults(let file):
            try withLock(profile, data, options) { files throws(StoreError) in
                guard file == files.settings || file == files.notes else {
                    throw StoreError.recoveryUnavailable("only the settings and the notes have defaults")
                }
                try setAsideDamaged(file, options)
                if file == files.notes {
                    try write(ProfileFileFormat.encode(ItemNotes(), kind: .notes, migrations: options.migrations),
                              to: file, what: "an empty notes file", options)
                    return
                }
                try write(ProfileFileFormat.encode(ProfileSettings(), kind: .settings, migrations: options.migrations),
                          to: file, what: "the default settings", options)
            }
        }
    }

    /// The first damaged file of a profile, as the open and the reads after it meet it: the
    /// settings, the card snapshot and the log (opening), then the daily totals, the index and
    /// every attempt. Nil when all of them read. Changes nothing.
    public static func firstDamage(profile: String, in data: DataDirectory,
                                   options: StoreOptions = StoreOptions()) throws(StoreError) -> StoreError? {
        do {
            let store = try open(profile: profile, in: data, access: .readOnly, options: options)
            _ = try store.loadDailyTotals()
            for a in try store.attempts() { _ = try store.attempt(id: a.id) }
            return nil
        } catch {
            switch error {
            case .corrupt, .newerSchema: return error
            default: throw error
            }
        }
    }

    /// Puts `file.bak` back in place of a damaged `file`, after checking the backup reads
    /// cleanly. The damaged file is kept as `file.damaged-TIME`.
    public static func restoreFromBackup(file: String, profile: String, in data: DataDirectory,
                                         options: StoreOptions = StoreOptions()) throws(StoreError) {
        try withLock(profile, data, options) { files throws(StoreError) in
            let io = options.io
            let backup = AtomicFile.backupPath(file)
            guard let kind = files.kind(of: file), kind != .log else {
                throw StoreError.recoveryUnavailable("\(file) is not a profile file with a backup")
            }
            guard let bytes = try readIfPresent(backup, io, "read the backup") else {
                throw StoreError.recoveryUnavailable("there is no backup of \(AtomicFile.split(file).name) (\(backup))")
            }
            do {
                try validate(bytes, kind: kind, file: backup, options: options)
            } catch {
                throw StoreError.recoveryUnavailable("the backup \(backup) is damaged too: \(error)")
            }
            try setAsideDamaged(file, options)
            try write(bytes, to: file, what: "the restored \(AtomicFile.split(file).name)", options)
        }
    }

    /// Decodes a file as what it is, throwing its first problem.
    static func validate(_ bytes: [UInt8], kind: ProfileFileKind, file: String, options: StoreOptions) throws(StoreError) {
        let m = options.migrations
        switch kind {
        case .settings: _ = try ProfileFileFormat.decode(ProfileSettings.self, from: bytes, kind: kind, file: file, migrations: m)
        case .index: _ = try ProfileFileFormat.decode(ProfileIndex.self, from: bytes, kind: kind, file: file, migrations: m)
        case .attempt: _ = try ProfileFileFormat.decode(ExamAttempt.self, from: bytes, kind: kind, file: file, migrations: m)
        case .cards: _ = try CardSnapshot.decode(bytes, file: file, migrations: m)
        case .daily: _ = try DailyTotals.decode(bytes, file: file, migrations: m)
        case .decks: _ = try PersonalDecks.decode(bytes, file: file, migrations: m)
        case .notes: _ = try ProfileFileFormat.decode(ItemNotes.self, from: bytes, kind: kind, file: file, migrations: m)
        case .log: break
        }
    }

    private static func withLock(_ profile: String, _ data: DataDirectory, _ options: StoreOptions,
                                 _ body: (ProfileFiles) throws(StoreError) -> Void) throws(StoreError) {
        if let problem = ProfileName.problem(with: profile) { throw StoreError.invalidProfileName(problem) }
        let files = ProfileFiles(directory: data.profilePath(profile))
        guard options.io.kind(of: files.directory) == .directory else {
            throw StoreError.profileNotFound(name: profile, dataDirectory: data.path)
        }
        let (lock, _) = try ProfileLock.acquire(directory: files.directory, profile: profile, io: options.io, pid: options.pid)
        defer { lock.release() }
        try body(files)
    }

    private static func rebuild(_ file: String, _ files: ProfileFiles, _ profile: String, _ options: StoreOptions) throws(StoreError) {
        let now = Timestamp.normalized(options.now())
        var items: [String: ItemState] = [:]
        var totals = DailyTotals()
        let needsLog = file == files.cards || file == files.daily
        guard needsLog || file == files.index else {
            throw StoreError.recoveryUnavailable("\(file) cannot be rebuilt from the review log")
        }
        let opened = try ReviewLogFile.open(directory: files.directory, profile: profile, writable: true, covers: .start,
                                        coverFile: file, io: options.io, migrations: options.migrations, now: now) { entry in
            guard needsLog else { return }
            items[entry.itemID] = entry.stateAfter
            totals.apply(entry)
        }
        opened.log.close(io: options.io)
        let end = opened.log.end
        let bytes: [UInt8]
        if file == files.cards {
            bytes = CardSnapshot(covers: end, savedAt: now, items: items).encoded(schemaVersion: options.migrations.currentVersion(.cards))
        } else if file == files.daily {
            bytes = totals.encoded(covers: end, savedAt: now, schemaVersion: options.migrations.currentVersion(.daily))
        } else {
            let index = try rebuiltIndex(files, createdAt: opened.log.header.created, options)
            bytes = ProfileFileFormat.encode(index, kind: .index, migrations: options.migrations)
        }
        try setAsideDamaged(file, options)
        try write(bytes, to: file, what: "the rebuilt \(AtomicFile.split(file).name)", options)
    }

    /// Keeps a copy of a damaged file as `NAME.damaged-TIME` before it is replaced.
    private static func setAsideDamaged(_ file: String, _ options: StoreOptions) throws(StoreError) {
        let io = options.io
        guard !io.isSymbolicLink(file), io.kind(of: file) == .file else { return }
        let copy = ReviewLogFile.uniquePath(file + ".damaged-" + Timestamp.compact(options.now()), io: io)
        do { try io.keepCopy(of: file, as: copy) } catch { throw StoreError.io(what: "keep a copy of the damaged \(file)", error) }
    }

    private static func write(_ bytes: [UInt8], to file: String, what: String, _ options: StoreOptions) throws(StoreError) {
        do {
            try options.io.writeAtomically(bytes, to: file, keepBackup: false)
        } catch {
            throw StoreError.notSaved(what: what, error, pending: 0)
        }
    }
}

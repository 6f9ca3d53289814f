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

/// The profiles in a data directory: listing, adding, renaming and removing them.
///
/// A new profile is built in a hidden folder and renamed into place, so it appears whole or
/// not at all. Removing moves the folder to `trash/NAME.TIME` rather than deleting it. A profile
/// open in a StatDeck cannot be renamed or removed.
public struct ProfileLibrary {
    public let data: DataDirectory
    let io: any FileIO
    let now: () -> Date
    let options: StoreOptions
    var migrations: SchemaMigrations { options.migrations }
    let pid: Int32

    public init(data: DataDirectory, options: StoreOptions = StoreOptions()) {
        self.data = data
        io = options.io
        now = options.now
        self.options = options
        pid = options.pid
    }

    /// Every profile name, sorted ignoring case. Empty when the data directory does not exist yet.
    public func names() throws(StoreError) -> [String] {
        guard io.kind(of: data.profilesPath) == .directory else { return [] }
        let entries: [String]
        do { entries = try io.entries(of: data.profilesPath) } catch { throw StoreError.io(what: "list the profiles", error) }
        return entries
            .filter { !$0.hasPrefix(".") && io.kind(of: data.profilePath($0)) == .directory }
            .sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
    }

    /// The index of a profile, when it can be read (for listings; problems are left to `check`).
    public func summary(of name: String) -> ProfileIndex? {
        let path = ProfileFiles(directory: data.profilePath(name)).index
        guard let bytes = try? io.readFile(path) else { return nil }
        return try? ProfileFileFormat.decode(ProfileIndex.self, from: bytes, kind: .index, file: path, migrations: migrations)
    }

    /// Creates a profile with the given settings. Refuses invalid names and names that
    /// differ only in case from an existing one.
    public func add(_ name: String, settings: ProfileSettings = ProfileSettings()) throws(StoreError) {
        if let problem = ProfileName.problem(with: name) { throw StoreError.invalidProfileName(problem) }
        try data.create(io: io)
        if let existing = ProfileName.conflict(name, among: try names()) {
            throw existing == name ? StoreError.profileExists(name: name) : StoreError.nameDiffersOnlyInCase(name: name, existing: existing)
        }
        let created = Timestamp.normalized(now())
        let staging = data.profilesPath + "/.new-\(name)-\(pid)"
        let files = ProfileFiles(directory: staging)
        do {
            try io.makeDirectory(staging)
            let header = LogLineCodec.encode(LogHeader(schemaVersion: migrations.currentVersion(.log), profile: name, created: created))
            try io.writeAtomically(header, to: files.log, keepBackup: false)
            let covers = LogPosition(bytes: header.count, lines: 1, seq: 0)
            try io.writeAtomically(ProfileFileFormat.encode(settings, kind: .settings, migrations: migrations), to: files.settings, keepBackup: false)
            try io.writeAtomically(CardSnapshot(covers: covers, savedAt: created, items: [:])
                .encoded(schemaVersion: migrations.currentVersion(.cards)), to: files.cards, keepBackup: false)
            try io.writeAtomically(DailyTotals().encoded(covers: covers, savedAt: created, schemaVersion: migrations.currentVersion(.daily)),
                                   to: files.daily, keepBackup: false)
            try io.writeAtomically(ProfileFileFormat.encode(ProfileIndex(createdAt: created), kind: .index, migrations: migrations),
                                   to: files.index, keepBackup: false)
            try io.rename(staging, to: data.profilePath(name))
            try io.syncDirectory(data.profilesPath)
        } catch {
            removeTree(staging)
            if error.code == EEXIST || error.code == ENOTEMPTY { throw StoreError.profileExists(name: name) }
            throw StoreError.io(what: "create profile \(name)", error)
        }
    }

    /// Renames a profile (its folder). A change of case only is allowed.
    public func rename(_ old: String, to new: String) throws(StoreError) {
        if let problem = ProfileName.problem(with: new) { throw StoreError.invalidProfileName(problem) }
        let all = try names()
        guard all.contains(old) else { throw StoreError.profileNotFound(name: old, dataDirectory: data.path) }
        if let existing = ProfileName.conflict(new, among: all, except: old) {
            throw existing == new ? StoreError.profileExists(name: new) : StoreError.nameDiffersOnlyInCase(name: new, existing: existing)
        }
        guard old != new else { return }
        try withLock(old) { () throws(StoreError) in
            do throws(FileIOError) {
                // rename(2) would replace an empty folder of that name; refuse instead.
                if io.kind(of: data.profilePath(new)) != nil && old.lowercased() != new.lowercased() {
                    throw FileIOError(.rename, data.profilePath(new), code: EEXIST)
                }
                try io.rename(data.profilePath(old), to: data.profilePath(new))
                try io.syncDirectory(data.profilesPath)
            } catch {
                if error.code == EEXIST || error.code == ENOTEMPTY { throw StoreError.profileExists(name: new) }
                throw StoreError.io(what: "rename profile \(old) to \(new)", error)
            }
        }
    }

    /// Moves a profile to the trash folder; returns where it went.
    @discardableResult
    public func remove(_ name: String) throws(StoreError) -> String {
        guard try names().contains(name) else { throw StoreError.profileNotFound(name: name, dataDirectory: data.path) }
        var destination = ""
        try withLock(name) { () throws(StoreError) in
            do throws(FileIOError) {
                try io.makeDirectories(data.trashPath)
                destination = ReviewLogFile.uniquePath(data.trashPath + "/" + name + "." + Timestamp.compact(now()), io: io)
                try io.rename(data.profilePath(name), to: destination)
                try io.syncDirectory(data.profilesPath)
                try io.syncDirectory(data.trashPath)
            } catch {
                throw StoreError.io(what: "move profile \(name) to the trash", error)
            }
        }
        return destination
    }

    private func withLock(_ name: String, _ body: () throws(StoreError) -> Void) throws(StoreError) {
        let (lock, _) = try ProfileLock.acquire(directory: data.profilePath(name), profile: name, io: io, pid: pid)
        defer { lock.release() }
        try body()
    }

    /// Removes a half-built profile folder (only ever one made by `add`, holding plain files).
    private func removeTree(_ path: String) {
        for name in (try? io.entries(of: path)) ?? [] { try? io.remove(path + "/" + name) }
        _ = rmdir(path)
    }
}

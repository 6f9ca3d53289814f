#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The advisory lock that keeps two StatDecks from writing one profile: `flock` on the file
/// `lock` in the profile folder, which also holds the owner's pid for the message the second
/// one shows.
///
/// The kernel drops a `flock` when its process dies, so a lock left by a crash is simply free
/// again; the pid it names is then reported as a stale lock taken over.
struct ProfileLock {
    static let fileName = "lock"
    /// How many 5 ms waits a lock with no pid in its file gets before it counts as held.
    static let releasedLockRetries = 40

    let file: OpenFile
    let io: any FileIO

    /// Takes the lock or throws `.locked` with the holder's pid.
    static func acquire(directory: String, profile: String, io: any FileIO,
                        pid: Int32) throws(StoreError) -> (ProfileLock, StoreNotice?) {
        let path = directory + "/" + fileName
        let file: OpenFile
        do { file = try io.open(path, .readWrite) } catch { throw StoreError.io(what: "lock profile \(profile)", error) }
        let previous = (try? io.read(file, count: 32, at: 0)).flatMap(parsePID)
        var taken: Bool
        do {
            taken = try io.lock(file)
            // A lock released a moment ago (its pid cleared) can stay held for an instant by a
            // child process being spawned elsewhere in this program, which shares the open lock
            // file until it execs. Give that a moment; a StatDeck really holding the lock has
            // its pid in the file and is refused at once.
            var tries = 0
            while !taken, tries < Self.releasedLockRetries,
                  (try? io.read(file, count: 32, at: 0)).flatMap(parsePID) == nil {
                usleep(5_000)
                tries += 1
                taken = try io.lock(file)
            }
        } catch where [ENOLCK, EOPNOTSUPP, ENOSYS, EINVAL].contains(error.code) {
            // No flock on this file system: the pid in the file is all there is to go on.
            taken = !(previous.map { $0 != pid && isRunning($0) } ?? false)
        } catch {
            io.close(file)
            throw StoreError.io(what: "lock profile \(profile)", error)
        }
        guard taken else {
            io.close(file)
            throw StoreError.locked(profile: profile, pid: previous)
        }
        // Best effort: the lock holds even where the pid cannot be written.
        try? io.truncate(file, to: 0)
        try? io.write(file, Array("\(pid)\n".utf8), at: 0)
        var notice: StoreNotice?
        if let previous, previous != pid {
            notice = StoreNotice(kind: .staleLockTakenOver,
                                 message: "took over the lock on profile \(profile) left by StatDeck pid \(previous), which is no longer running")
        }
        return (ProfileLock(file: file, io: io), notice)
    }

    /// Clears the pid and lets go of the lock. The lock is dropped explicitly before the file
    /// is closed: a process being started at that moment shares the open file until it
    /// execs, and would otherwise keep the lock held a little longer.
    func release() {
        try? io.truncate(file, to: 0)
        _ = flock(file.descriptor, LOCK_UN)
        io.close(file)
    }

    /// The pid in the lock file of a profile, when one is written there.
    static func holder(directory: String, io: any FileIO) -> Int32? {
        guard let bytes = try? io.readFile(directory + "/" + fileName) else { return nil }
        return parsePID(bytes)
    }

    static func parsePID(_ bytes: [UInt8]) -> Int32? {
        let text = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        guard let pid = Int32(text), pid > 0 else { return nil }
        return pid
    }

    static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}

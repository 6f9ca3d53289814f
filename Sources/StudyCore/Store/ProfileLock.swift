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
            // A lock let go a moment ago can still be held for a few milliseconds by a child
            // process between its fork and its exec (another StatDeck just quitting, or a
            // program this process started): wait a little before calling the profile taken.
            var tries = 0
            while !taken && tries < 20 {
                usleep(10_000)
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

    /// Clears the pid and lets go of the lock.
    func release() {
        try? io.truncate(file, to: 0)
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

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `stat` signature of a profile folder: each entry but the lock (name, kind, size,
/// inode, device, and modification and status-change times to the nanosecond), and the
/// folder and its `exams` folder themselves, whose times move whenever a file in them is
/// added, removed or replaced.
///
/// The store only ever replaces a file whole under a new name (a new inode) or appends to
/// the review log (a new size), and only while it holds the lock; a status-change time
/// cannot be set back. So a signature equal to one taken while the lock was held means the
/// profile's files are still exactly those of that moment. The lock file is left out: every
/// open writes its pid there.
public enum ProfileSignature {
    /// nil when the folder or one of its entries cannot be looked at.
    public static func of(_ directory: String) -> UInt64? {
        var hasher = FastHasher()
        guard add(directory, name: ".", to: &hasher), add(directory + "/exams", name: "exams/", to: &hasher, missingIsFine: true) else { return nil }
        for name in FileSystem.entries(of: directory) where name != "lock" {
            guard add(directory + "/" + name, name: name, to: &hasher) else { return nil }
        }
        // 0 is how a saved summary says "no signature".
        return max(hasher.finalize(), 1)
    }

    private static func add(_ path: String, name: String, to hasher: inout FastHasher, missingIsFine: Bool = false) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if missingIsFine && errno == ENOENT { hasher.combine(0); return true }
            return false
        }
        var bytes = Array(name.utf8)
        bytes.append(0)
        hasher.combine(bytes)
        hasher.combine(UInt64(truncatingIfNeeded: st.st_mode))
        hasher.combine(status: st)
        return true
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and crash-safe whole-file writes on top of `FileIO`.
///
/// A write goes to a hidden temporary file in the same folder, is flushed to disk,
/// then renamed over the old file, and the folder itself is flushed: after a crash at any
/// moment the file holds either all of the old content or all of the new. With
/// `keepBackup`, the old content stays beside it as `NAME.bak`.
extension FileIO {
    /// The whole content of a file.
    public func readFile(_ path: String) throws(FileIOError) -> [UInt8] {
        let file = try open(path, .readOnly)
        defer { close(file) }
        // One byte more than the size shows the end; more means the file grew since it was measured.
        let expected = try size(file)
        if expected > StoreLimits.maxFileBytes { throw FileIOError(.read, path, code: FileIOError.tooLarge) }
        var bytes = try read(file, count: expected + 1, at: 0)
        if bytes.count <= expected { return bytes }
        while true {
            let more = try read(file, count: 1 << 16, at: bytes.count)
            if more.isEmpty { return bytes }
            bytes += more
            if bytes.count > StoreLimits.maxFileBytes { throw FileIOError(.read, path, code: FileIOError.tooLarge) }
        }
    }

    /// Replaces the file at `path` with `bytes` atomically and durably.
    /// On failure the old file is untouched and no temporary file is left.
    public func writeAtomically(_ bytes: [UInt8], to path: String, keepBackup: Bool) throws(FileIOError) {
        let (directory, name) = AtomicFile.split(path)
        let temporary = directory + "/." + name + ".tmp"
        // A link left in the temporary file's place is removed, never written through.
        if isSymbolicLink(temporary) { try remove(temporary) }
        let file = try open(temporary, .replace)
        do {
            try write(file, bytes, at: 0)
            try sync(file)
            close(file)
        } catch {
            close(file)
            try? remove(temporary)
            throw error
        }
        do {
            if keepBackup && !isSymbolicLink(path) && kind(of: path) == .file { try keepCopy(of: path, as: AtomicFile.backupPath(path)) }
            try rename(temporary, to: path)
        } catch {
            try? remove(temporary)
            throw error
        }
        try syncDirectory(directory)
    }

    /// Makes `copy` hold what `path` holds now, replacing it atomically (a hard link when
    /// the file system allows one, else a flushed copy).
    func keepCopy(of path: String, as copy: String) throws(FileIOError) {
        let (directory, name) = AtomicFile.split(copy)
        let temporary = directory + "/." + name + ".tmp"
        if kind(of: temporary) != nil || isSymbolicLink(temporary) { try remove(temporary) }
        do {
            do {
                try link(path, to: temporary)
            } catch where error.code == EPERM || error.code == EXDEV || error.code == EMLINK || error.code == ENOTSUP {
                let bytes = try readFile(path)
                let file = try open(temporary, .replace)
                defer { close(file) }
                try write(file, bytes, at: 0)
                try sync(file)
            }
            try rename(temporary, to: copy)
        } catch {
            try? remove(temporary)
            throw error
        }
    }

    /// Creates `path` and any missing parent folders, each with mode 0700.
    public func makeDirectories(_ path: String) throws(FileIOError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            switch kind(of: prefix) {
            case .directory:
                continue
            case nil:
                do { try makeDirectory(prefix) } catch where error.code == EEXIST {}
            case .file, .other:
                throw FileIOError(.makeDirectory, prefix, code: ENOTDIR)
            }
        }
    }
}

/// Naming rules shared by atomic writes and backups.
public enum AtomicFile {
    /// Where the previous version of `path` is kept.
    public static func backupPath(_ path: String) -> String { path + ".bak" }

    /// The folder and the file name of a path.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let dir = String(path[..<slash])
        return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
    }
}

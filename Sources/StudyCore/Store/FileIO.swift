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

/// The file operations the progress store needs, one system call each, so tests can
/// put a layer in between that fails chosen calls with ENOSPC, EACCES or EIO.
///
/// Every failure is a `FileIOError` naming the operation, the path and the errno.
public protocol FileIO {
    func open(_ path: String, _ access: FileAccess) throws(FileIOError) -> OpenFile
    func close(_ file: OpenFile)
    /// Reads up to `count` bytes at `offset`; fewer only at the end of the file.
    func read(_ file: OpenFile, count: Int, at offset: Int) throws(FileIOError) -> [UInt8]
    /// Writes all of `bytes` at `offset` (retrying short writes) or throws.
    func write(_ file: OpenFile, _ bytes: [UInt8], at offset: Int) throws(FileIOError)
    func sync(_ file: OpenFile) throws(FileIOError)
    func truncate(_ file: OpenFile, to size: Int) throws(FileIOError)
    func size(_ file: OpenFile) throws(FileIOError) -> Int
    /// Takes an exclusive advisory lock without waiting: true when taken, false when
    /// another open file holds it.
    func lock(_ file: OpenFile) throws(FileIOError) -> Bool
    func syncDirectory(_ path: String) throws(FileIOError)
    func rename(_ from: String, to: String) throws(FileIOError)
    func link(_ from: String, to: String) throws(FileIOError)
    func remove(_ path: String) throws(FileIOError)
    /// Creates one directory with mode 0700.
    func makeDirectory(_ path: String) throws(FileIOError)
    /// Names in a directory, without `.` and `..`, unsorted.
    func entries(of directory: String) throws(FileIOError) -> [String]
    /// What is at `path` (following links), or nil when nothing is.
    func kind(of path: String) -> FileKind?
    /// True when `path` itself is a symbolic link (which StatDeck never follows in a profile).
    func isSymbolicLink(_ path: String) -> Bool
}

extension FileIO {
    public func isSymbolicLink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }
}

/// How a file is opened.
public enum FileAccess: Sendable, Hashable {
    case readOnly
    /// Read and write; created with mode 0600 when missing.
    case readWrite
    /// Write only, created with mode 0600 or emptied.
    case replace
}

/// What a path names.
public enum FileKind: Sendable, Hashable {
    case file
    case directory
    case other
}

/// An open file descriptor and the path it was opened from (for messages).
public struct OpenFile: Sendable, Hashable {
    public let descriptor: Int32
    public let path: String
    public init(descriptor: Int32, path: String) { self.descriptor = descriptor; self.path = path }
}

/// One failed file operation.
public struct FileIOError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The system call that failed.
    public enum Operation: String, Sendable, Hashable {
        case open, read, write, sync, truncate, stat, lock, rename, link, remove, makeDirectory, listDirectory
    }
    public var operation: Operation
    public var path: String
    public var code: Int32

    public init(_ operation: Operation, _ path: String, code: Int32) {
        self.operation = operation; self.path = path; self.code = code
    }

    /// The code of a path that names a FIFO, a device or a folder where a file should be.
    public static let notRegularFile: Int32 = -1001
    /// The code of a file larger than StatDeck reads whole (`StoreLimits.maxFileBytes`).
    public static let tooLarge: Int32 = -1002

    /// True when the disk or the user's quota is full.
    public var isDiskFull: Bool { code == ENOSPC || code == EDQUOT }

    /// What went wrong in words a user can act on.
    public var reason: String {
        switch code {
        case ENOSPC: return "the disk is full"
        case EDQUOT: return "the disk quota is used up"
        case EROFS: return "the file system is read-only"
        case EACCES, EPERM: return "permission denied"
        case ENOENT: return "no such file or directory"
        case EIO: return "an input/output error (a failing disk?)"
        case ELOOP: return "it is a symbolic link, and StatDeck does not follow links in a profile folder"
        case FileIOError.notRegularFile: return "it is not a regular file (a FIFO, a device or a folder?)"
        case FileIOError.tooLarge: return "it is larger than \(StoreLimits.maxFileBytes >> 20) MB, far more than StatDeck ever writes"
        default: return String(cString: strerror(code))
        }
    }

    public var description: String { "could not \(verb) \(path): \(reason)" }

    private var verb: String {
        switch operation {
        case .open: return "open"
        case .read, .stat: return "read"
        case .write, .truncate: return "write"
        case .sync: return "save (flush to disk)"
        case .lock: return "lock"
        case .rename, .link: return "replace"
        case .remove: return "remove"
        case .makeDirectory: return "create the folder"
        case .listDirectory: return "list the folder"
        }
    }
}

/// `FileIO` straight onto POSIX calls.
public struct POSIXFileIO: FileIO, Sendable {
    /// False skips every fsync: only for generating throwaway data (benchmarks, tests about
    /// content), never for a user's progress.
    public let syncing: Bool

    public init(syncing: Bool = true) { self.syncing = syncing }

    public func open(_ path: String, _ access: FileAccess) throws(FileIOError) -> OpenFile {
        let flags: Int32
        switch access {
        case .readOnly: flags = O_RDONLY
        case .readWrite: flags = O_RDWR | O_CREAT
        case .replace: flags = O_WRONLY | O_CREAT | O_TRUNC
        }
        // Never a symbolic link (a `lock -> ~/.bashrc` would be emptied), never a wait on a
        // FIFO, and only a regular file.
        let fd = retryingEINTR { posixOpen(path, flags | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600) }
        guard fd >= 0 else {
            let code = errno
            throw FileIOError(.open, path, code: code == ELOOP || code == EMLINK ? ELOOP : code == ENXIO ? FileIOError.notRegularFile : code)
        }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            posixClose(fd)
            throw FileIOError(.open, path, code: FileIOError.notRegularFile)
        }
        return OpenFile(descriptor: fd, path: path)
    }

    public func close(_ file: OpenFile) { posixClose(file.descriptor) }

    public func read(_ file: OpenFile, count: Int, at offset: Int) throws(FileIOError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { buf in
                retryingEINTR { pread(file.descriptor, buf.baseAddress! + done, count - done, off_t(offset + done)) }
            }
            if n < 0 { throw FileIOError(.read, file.path, code: errno) }
            if n == 0 { break }
            done += n
        }
        if done < count { out.removeLast(count - done) }
        return out
    }

    public func write(_ file: OpenFile, _ bytes: [UInt8], at offset: Int) throws(FileIOError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buf in
                retryingEINTR { pwrite(file.descriptor, buf.baseAddress! + done, bytes.count - done, off_t(offset + done)) }
            }
            if n < 0 { throw FileIOError(.write, file.path, code: errno) }
            done += n
        }
    }

    public func sync(_ file: OpenFile) throws(FileIOError) {
        guard syncing else { return }
        if retryingEINTR({ fsync(file.descriptor) }) != 0 { throw FileIOError(.sync, file.path, code: errno) }
    }

    public func truncate(_ file: OpenFile, to size: Int) throws(FileIOError) {
        if retryingEINTR({ ftruncate(file.descriptor, off_t(size)) }) != 0 {
            throw FileIOError(.truncate, file.path, code: errno)
        }
    }

    public func size(_ file: OpenFile) throws(FileIOError) -> Int {
        var st = stat()
        if fstat(file.descriptor, &st) != 0 { throw FileIOError(.stat, file.path, code: errno) }
        return Int(st.st_size)
    }

    public func lock(_ file: OpenFile) throws(FileIOError) -> Bool {
        if retryingEINTR({ flock(file.descriptor, LOCK_EX | LOCK_NB) }) == 0 { return true }
        if errno == EWOULDBLOCK { return false }
        throw FileIOError(.lock, file.path, code: errno)
    }

    public func syncDirectory(_ path: String) throws(FileIOError) {
        guard syncing else { return }
        let fd = retryingEINTR { posixOpen(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0) }
        guard fd >= 0 else { throw FileIOError(.open, path, code: errno) }
        defer { posixClose(fd) }
        // Some file systems cannot sync a directory; the rename is then as durable as they allow.
        if retryingEINTR({ fsync(fd) }) != 0 && errno != EINVAL && errno != EROFS {
            throw FileIOError(.sync, path, code: errno)
        }
    }

    public func rename(_ from: String, to: String) throws(FileIOError) {
        if posixRename(from, to) != 0 { throw FileIOError(.rename, to, code: errno) }
    }

    public func link(_ from: String, to: String) throws(FileIOError) {
        if posixLink(from, to) != 0 { throw FileIOError(.link, to, code: errno) }
    }

    public func remove(_ path: String) throws(FileIOError) {
        if unlink(path) != 0 { throw FileIOError(.remove, path, code: errno) }
    }

    public func makeDirectory(_ path: String) throws(FileIOError) {
        if mkdir(path, 0o700) != 0 { throw FileIOError(.makeDirectory, path, code: errno) }
    }

    public func entries(of directory: String) throws(FileIOError) -> [String] {
        guard let dir = opendir(directory) else { throw FileIOError(.listDirectory, directory, code: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public func kind(of path: String) -> FileKind? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }
}

@inline(__always)
private func retryingEINTR<T: BinaryInteger>(_ call: () -> T) -> T {
    while true {
        let r = call()
        if r < 0 && errno == EINTR { continue }
        return r
    }
}

// The libc calls whose names the methods above reuse.
private func posixOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func posixClose(_ fd: Int32) { _ = close(fd) }
private func posixRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
private func posixLink(_ from: String, _ to: String) -> Int32 { link(from, to) }

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

/// `reviews.jsonl`, the append-only log of every review, undo and edit: the one file from
/// which everything else in a profile can be rebuilt.
///
/// Line 1 is a header with the `schemaVersion`; each later line is one `LogEntry`. Entries are
/// written at the known end of the file in one `pwrite` and flushed with `fsync` before
/// `flush` returns. A failed write is cut back off, so the file never holds a partial line that
/// StatDeck knows about, and the entries stay queued for the next try. A line cut short by a
/// crash is set aside in a side file when the log is next opened for writing.
struct ReviewLogFile {
    static let fileName = "reviews.jsonl"

    let path: String
    /// nil only for a read-only look at a profile whose log does not exist yet.
    let file: OpenFile?
    let header: LogHeader
    /// Just after the header line.
    let afterHeader: LogPosition
    /// The end of what is safely on disk.
    private(set) var end: LogPosition
    /// Entries applied in memory but not yet on disk, oldest first.
    private(set) var pending: [LogEntry] = []
    private var pendingBytes: [UInt8] = []

    init(path: String, file: OpenFile?, header: LogHeader, afterHeader: LogPosition, end: LogPosition) {
        self.path = path; self.file = file; self.header = header; self.afterHeader = afterHeader; self.end = end
    }

    /// The number of the newest entry, saved or not.
    var lastSeq: Int { pending.last?.seq ?? end.seq }

    // MARK: Opening

    /// What `open` found after the snapshot's point.
    struct Opened {
        var log: ReviewLogFile
        /// Entries read after the snapshot's point.
        var tailCount: Int
        var notices: [StoreNotice]
    }

    /// Opens the log and reads every entry after `covers`, the point a snapshot (`coverFile`)
    /// says it covers, handing each to `body`. A line cut short at the end is set aside (when
    /// `writable`) with a notice.
    static func open(directory: String, profile: String, writable: Bool, covers: LogPosition, coverFile: String,
                     io: any FileIO, migrations: SchemaMigrations, now: Date,
                     _ body: (LogEntry) -> Void) throws(StoreError) -> Opened {
        let path = directory + "/" + fileName
        var notices: [StoreNotice] = []
        if io.kind(of: path) == nil {
            if covers.bytes > 0 {
                throw StoreError.corrupt(StoreProblem(file: path, message: "the review log is missing, but \(AtomicFile.split(coverFile).name) says it covers \(covers)"), recovery: [])
            }
            let header = LogHeader(schemaVersion: migrations.currentVersion(.log), profile: profile, created: now)
            if !writable {
                let start = LogPosition(bytes: 0, lines: 0, seq: 0)
                return Opened(log: ReviewLogFile(path: path, file: nil, header: header, afterHeader: start, end: start),
                              tailCount: 0, notices: [])
            }
            try create(path: path, header: header, io: io)
        }
        let file: OpenFile
        do { file = try io.open(path, writable ? .readWrite : .readOnly) } catch { throw StoreError.io(what: "open the review log", error) }
        do throws(StoreError) {
            var size = try readSize(file, io)
            var (header, afterHeader) = try readHeader(file, size: size, path: path, io: io, migrations: migrations)
            if header == nil {
                // The header itself was cut short: the log was being created when StatDeck stopped.
                guard covers.bytes == 0 else {
                    throw StoreError.corrupt(StoreProblem(file: path, line: 1, message: "line 1 is not a complete log header"), recovery: [])
                }
                guard writable else { throw StoreError.corrupt(StoreProblem(file: path, line: 1, message: "line 1 is not a complete log header; open the profile for writing to repair it"), recovery: []) }
                let partial = try read(file, 0, size, io)
                notices.append(try setAside(partial, line: 1, completeLines: 0, log: file, cutAt: 0, now: now, io: io))
                let fresh = LogHeader(schemaVersion: migrations.currentVersion(.log), profile: profile, created: now)
                let bytes = LogLineCodec.encode(fresh)
                try write(file, bytes, at: 0, io)
                size = bytes.count
                header = fresh
                afterHeader = LogPosition(bytes: bytes.count, lines: 1, seq: 0)
            }
            let start = covers.bytes == 0 ? afterHeader : covers
            try checkBoundary(start, file: file, size: size, coverFile: coverFile, io: io)
            var log = ReviewLogFile(path: path, file: file, header: header!, afterHeader: afterHeader, end: start)
            var tailCount = 0
            let scan = try log.scan(from: start, upTo: size, io: io, migrations: migrations, checkFirst: false) { entry throws(StoreError) in
                if tailCount == 0 && entry.seq != start.seq + 1 {
                    throw StoreError.corrupt(StoreProblem(file: coverFile, message: "it covers the review log up to entry \(start.seq), but the next line of the log is entry \(entry.seq): the two files do not belong together"), recovery: [])
                }
                tailCount += 1
                body(entry)
            }
            log.end = scan.end
            if !scan.partial.isEmpty {
                let line = scan.end.lines + 1
                if writable {
                    notices.append(try setAside(scan.partial, line: line, completeLines: scan.end.lines, log: file,
                                                cutAt: scan.end.bytes, now: now, io: io))
                } else {
                    notices.append(StoreNotice(kind: .truncatedLogLine, message: "\(fileName) line \(line) was cut short (StatDeck stopped while saving it); it is left out. Every complete line before it is kept."))
                }
            }
            return Opened(log: log, tailCount: tailCount, notices: notices)
        } catch {
            io.close(file)
            throw error
        }
    }

    private static func create(path: String, header: LogHeader, io: any FileIO) throws(StoreError) {
        do {
            let file = try io.open(path, .readWrite)
            defer { io.close(file) }
            try io.write(file, LogLineCodec.encode(header), at: 0)
            try io.sync(file)
            try io.syncDirectory(AtomicFile.split(path).directory)
        } catch {
            throw StoreError.io(what: "create the review log", error)
        }
    }

    /// The header and the position after it; a nil header when line 1 has no newline yet.
    static func readHeader(_ file: OpenFile, size: Int, path: String, io: any FileIO,
                                   migrations: SchemaMigrations) throws(StoreError) -> (LogHeader?, LogPosition) {
        let first = try read(file, 0, min(size, 4096), io)
        guard let newline = first.firstIndex(of: 0x0A) else {
            if size <= 4096 { return (nil, .start) }
            throw StoreError.corrupt(StoreProblem(file: path, line: 1, message: "line 1 is not a log header (no end of line in its first 4096 bytes)"), recovery: [])
        }
        let line = Array(first[..<newline])
        let root: JSONNode
        do { root = try JSONParser.parse(line) } catch { throw ProfileFileFormat.corrupt(path, error.position, error.message) }
        _ = try migrations.version(of: root, kind: .log, file: path)
        do {
            let header = try LogLineCodec.decodeHeader(root)
            return (header, LogPosition(bytes: newline + 1, lines: 1, seq: 0))
        } catch {
            throw ProfileFileFormat.corrupt(path, error)
        }
    }

    /// Checks that a point a snapshot (`coverFile`) says it covers lies within what is on disk,
    /// at the start of a line.
    func check(_ p: LogPosition, coverFile: String, io: any FileIO) throws(StoreError) {
        guard let file else {
            if p.bytes > 0 { throw StoreError.corrupt(StoreProblem(file: coverFile, message: "it covers \(p) of a review log that does not exist"), recovery: []) }
            return
        }
        try Self.checkBoundary(p, file: file, size: end.bytes, coverFile: coverFile, io: io)
    }

    /// A snapshot's point must be inside the log and at the start of a line.
    private static func checkBoundary(_ p: LogPosition, file: OpenFile, size: Int, coverFile: String,
                                      io: any FileIO) throws(StoreError) {
        let name = AtomicFile.split(coverFile).name
        if p.bytes > size {
            throw StoreError.corrupt(StoreProblem(file: coverFile, message: "it covers the first \(p.bytes) bytes of \(fileName), but the log has only \(size): the log was cut or replaced"), recovery: [])
        }
        if p.bytes > 0, try read(file, p.bytes - 1, 1, io) != [0x0A] {
            throw StoreError.corrupt(StoreProblem(file: coverFile, message: "\(name) covers the first \(p.bytes) bytes of \(fileName), which do not end a line there: the two files do not belong together"), recovery: [])
        }
    }

    /// Moves a damaged last line to `reviews.jsonl.damaged-TIME` and cuts it off the log.
    private static func setAside(_ bytes: [UInt8], line: Int, completeLines: Int, log: OpenFile, cutAt: Int,
                                 now: Date, io: any FileIO) throws(StoreError) -> StoreNotice {
        let directory = AtomicFile.split(log.path).directory
        let side = uniquePath(directory + "/" + fileName + ".damaged-" + Timestamp.compact(now), io: io)
        do {
            try io.writeAtomically(bytes, to: side, keepBackup: false)
            try io.truncate(log, to: cutAt)
            try io.sync(log)
        } catch {
            throw StoreError.io(what: "set aside the cut-short last line of the review log", error)
        }
        return StoreNotice(kind: .truncatedLogLine,
                           message: "\(fileName) line \(line) was cut short (StatDeck stopped while saving it). It was dropped and its \(bytes.count) bytes kept in \(AtomicFile.split(side).name); the \(completeLines) complete lines before it are kept.")
    }

    /// `path`, or `path-2`, `path-3`... whichever does not exist yet.
    static func uniquePath(_ path: String, io: any FileIO) -> String {
        var candidate = path
        var n = 2
        while io.kind(of: candidate) != nil { candidate = path + "-\(n)"; n += 1 }
        return candidate
    }

    // MARK: Reading

    /// Decodes every entry in `[from.bytes, upTo)` in order, checking that entry numbers follow
    /// on. Returns the position after the last complete line and any bytes after it that have no
    /// newline. With `checkFirst` false the first entry may have any number (the caller checks it).
    func scan(from: LogPosition, upTo: Int, io: any FileIO, migrations: SchemaMigrations, checkFirst: Bool = true,
              _ body: (LogEntry) throws(StoreError) -> Void) throws(StoreError) -> (end: LogPosition, partial: [UInt8]) {
        guard let file else { return (from, []) }
        var seq = from.seq
        var first = true
        let (end, partial) = try Self.lines(of: file, from: from.bytes, upTo: upTo, io: io) { line, offset throws(StoreError) in
            let lineNumber = from.lines + offset.lines
            guard !Self.isBlank(line) else { return }
            let entry = try decodeLine(line, lineNumber, migrations: migrations)
            guard entry.seq == seq + 1 || (!checkFirst && first) else {
                throw StoreError.corrupt(StoreProblem(file: path, line: lineNumber, message: Self.sequenceProblem(entry.seq, after: seq)),
                                         recovery: [])
            }
            first = false
            seq = entry.seq
            try body(entry)
        }
        return (LogPosition(bytes: end.bytes, lines: from.lines + end.lines, seq: seq), partial)
    }

    /// The offset of the first line that starts at or after `offset` (within `[offset, upTo)`),
    /// or nil when no line starts there.
    func lineStart(atOrAfter offset: Int, upTo: Int, io: any FileIO) throws(StoreError) -> Int? {
        guard let file else { return nil }
        if offset <= afterHeader.bytes { return afterHeader.bytes }
        // A line starts after the newline that ends the line holding `offset - 1`.
        var at = offset - 1
        while at < upTo {
            let chunk = try Self.read(file, at, min(1 << 16, upTo - at), io)
            if chunk.isEmpty { return nil }
            if let nl = chunk.firstIndex(of: 0x0A) { return at + nl + 1 < upTo ? at + nl + 1 : nil }
            at += chunk.count
        }
        return nil
    }

    static func sequenceProblem(_ seq: Int, after previous: Int) -> String {
        seq <= previous
            ? "entry \(seq) comes again (or out of order) after entry \(previous)"
            : "entry \(seq) follows entry \(previous): entries \(previous + 1)-\(seq - 1) are missing"
    }

    static func isBlank(_ line: [UInt8]) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// Calls `body` with each complete line in `[from, upTo)` (without its newline), reading in
    /// chunks, and where it ends: the byte offset after it and its count of lines so far.
    /// Returns the end of the last complete line and the bytes after it that have no newline.
    static func lines(of file: OpenFile, from: Int, upTo: Int, io: any FileIO,
                      _ body: ([UInt8], (bytes: Int, lines: Int)) throws(StoreError) -> Void) throws(StoreError) -> (end: (bytes: Int, lines: Int), partial: [UInt8]) {
        var carry: [UInt8] = []
        var offset = from
        var position = (bytes: from, lines: 0)
        while offset < upTo {
            let chunk = try read(file, offset, min(1 << 20, upTo - offset), io)
            if chunk.isEmpty { break }
            offset += chunk.count
            var lineStart = 0
            while let newline = chunk[lineStart...].firstIndex(of: 0x0A) {
                let line: [UInt8]
                if carry.isEmpty {
                    line = Array(chunk[lineStart..<newline])
                } else {
                    line = carry + chunk[lineStart..<newline]
                    carry = []
                }
                position = (position.bytes + line.count + 1, position.lines + 1)
                try body(line, position)
                lineStart = newline + 1
            }
            carry += chunk[lineStart...]
        }
        return (position, carry)
    }

    func decodeLine(_ line: [UInt8], _ number: Int, migrations: SchemaMigrations) throws(StoreError) -> LogEntry {
        let version = header.schemaVersion
        do {
            if version == migrations.currentVersion(.log) { return try LogLineCodec.decode(line) }
            let root: JSONNode
            do { root = try JSONParser.parse(line) } catch { throw FieldError(position: error.position, message: error.message) }
            let upgraded = try migrations.upgrade(root, kind: .log, from: version, file: path, line: number)
            return try LogLineCodec.decode(upgraded)
        } catch let error as FieldError {
            throw StoreError.corrupt(StoreProblem(file: path, line: number, column: error.position.column, message: error.message), recovery: [])
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.corrupt(StoreProblem(file: path, line: number, message: "\(error)"), recovery: [])
        }
    }

    // MARK: Writing

    /// Queues an entry; `flush` writes it.
    mutating func enqueue(_ entry: LogEntry) {
        pending.append(entry)
        pendingBytes += LogLineCodec.encode(entry)
    }

    /// Writes every queued entry at the end of the log and waits for the disk. On failure the
    /// log is cut back to what it held before and the entries stay queued.
    mutating func flush(io: any FileIO) throws(FileIOError) {
        guard !pending.isEmpty, let file else { return }
        do {
            try io.write(file, pendingBytes, at: end.bytes)
            try io.sync(file)
        } catch {
            try? io.truncate(file, to: end.bytes)
            throw error
        }
        end = LogPosition(bytes: end.bytes + pendingBytes.count, lines: end.lines + pending.count, seq: pending.last!.seq)
        pending.removeAll()
        pendingBytes.removeAll()
    }

    func close(io: any FileIO) {
        if let file { io.close(file) }
    }

    // MARK: Helpers

    private static func read(_ file: OpenFile, _ offset: Int, _ count: Int, _ io: any FileIO) throws(StoreError) -> [UInt8] {
        do { return try io.read(file, count: count, at: offset) } catch { throw StoreError.io(what: "read the review log", error) }
    }

    private static func readSize(_ file: OpenFile, _ io: any FileIO) throws(StoreError) -> Int {
        do { return try io.size(file) } catch { throw StoreError.io(what: "read the review log", error) }
    }

    private static func write(_ file: OpenFile, _ bytes: [UInt8], at offset: Int, _ io: any FileIO) throws(StoreError) {
        do {
            try io.truncate(file, to: offset)
            try io.write(file, bytes, at: offset)
            try io.sync(file)
        } catch {
            throw StoreError.io(what: "repair the review log header", error)
        }
    }
}

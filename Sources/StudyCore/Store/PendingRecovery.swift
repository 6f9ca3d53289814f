#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The last way out for reviews that could not be saved when StatDeck quits (a full disk):
/// they are written, as log lines, to a named recovery file, and the next open of the profile
/// adds them to the log and sets the file aside.
///
/// A recovery file is `reviews.recovery-TIME.jsonl` in the profile folder (or wherever the
/// user puts it when the folder cannot be written; moving it into the folder imports it).
/// Importing first renames it to `….importing`, appends, then renames it to `….imported`, so a
/// crash in between never adds the same reviews twice.
extension ProgressStore {
    static let recoveryPrefix = "reviews.recovery-"

    /// Writes the changes not yet in the log to a recovery file and returns its path. Tries
    /// the profile folder, then each of `fallbackDirectories`. Throws the first folder's error
    /// if none can be written.
    public func writePendingRecovery(fallbackDirectories: [String] = []) throws(StoreError) -> String {
        let entries = pendingLogEntries
        guard !entries.isEmpty else { throw StoreError.recoveryUnavailable("there are no unsaved reviews to write") }
        var bytes: [UInt8] = []
        for e in entries { bytes += LogLineCodec.encode(e) }
        let name = Self.recoveryPrefix + Timestamp.compact(recoveryClock()) + ".jsonl"
        var firstError: FileIOError?
        for dir in [files.directory] + fallbackDirectories {
            let path = ReviewLogFile.uniquePath(dir + "/" + name, io: recoveryIO)
            do {
                try recoveryIO.writeAtomically(bytes, to: path, keepBackup: false)
                return path
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        throw StoreError.notSaved(what: "the recovery file of your unsaved reviews", firstError!, pending: entries.count)
    }

    /// Adds the reviews of recovery files in the profile folder to the log (open, read-write).
    func importRecoveryFiles() {
        guard access == .readWrite, let names = try? recoveryIO.entries(of: files.directory) else { return }
        for name in names.sorted() where name.hasPrefix(Self.recoveryPrefix) && name.hasSuffix(".jsonl") {
            let path = files.directory + "/" + name
            let importing = path + ".importing"
            do {
                let bytes = try recoveryIO.readFile(path)
                var entries: [LogEntry] = []
                for (n, line) in bytes.split(separator: 0x0A).enumerated() where !ReviewLogFile.isBlank(Array(line)) {
                    do {
                        entries.append(try LogLineCodec.decode(Array(line)))
                    } catch {
                        throw StoreError.corrupt(StoreProblem(file: path, line: n + 1, column: error.position.column, message: error.message), recovery: [])
                    }
                }
                try recoveryIO.rename(path, to: importing)
                let count = try importEntries(entries)
                try? recoveryIO.rename(importing, to: ReviewLogFile.uniquePath(path + ".imported", io: recoveryIO))
                appendNotice(StoreNotice(kind: .recoveryImported, message: "added \(count) review\(count == 1 ? "" : "s") saved at the last quit from \(path) to the review log"))
            } catch {
                appendNotice(StoreNotice(kind: .recoveryImported, message: "could not add the reviews in \(path) to the log: \(error). The file was kept; StatDeck tries again at the next open."))
            }
        }
    }
}

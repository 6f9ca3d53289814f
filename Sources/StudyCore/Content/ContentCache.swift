#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The content index saved between runs, under `$XDG_CACHE_HOME/statdeck` (by default
/// `~/.cache/statdeck`), one file per content directory, keyed by the fingerprint of the
/// content files.
///
/// The cache is never trusted blindly: a file that is missing, cut short, altered, of
/// another format version, for another content directory or for other file contents is
/// ignored, the content is loaded in full and the index written again. Nothing about the
/// cache is ever an error: when it cannot be written the app simply loads in full next time.
public enum ContentCache {
    /// How the index was obtained.
    public enum Outcome: Sendable {
        /// Read from the cache: nothing was decoded.
        case cached(ContentIndex)
        /// The cache was missing or unusable: the content was loaded in full (the load is
        /// returned, so nobody decodes it twice) and the index rebuilt (nil when the content
        /// cannot be indexed, e.g. an id with a tab in it).
        case rebuilt(ContentIndex?, ContentLoader.Result, reason: String)
    }

    /// `$XDG_CACHE_HOME/statdeck`, else `$HOME/.cache/statdeck`; nil when neither is set.
    public static func directory(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/statdeck" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/statdeck" }
        return nil
    }

    /// The cache file for a content directory: named by a hash of its absolute path, so two
    /// content directories (an install and a checkout) keep separate indexes.
    public static func file(for contentDirectory: String, in cacheDirectory: String) -> String {
        cacheDirectory + "/content-" + String(stableHash(absolute(contentDirectory)), radix: 16) + ".index"
    }

    /// The index of `contentDirectory`: from the cache when it is whole and matches the
    /// files, else rebuilt from a full load and saved (when `cacheDirectory` is given).
    ///
    /// The files' `stat` signature is checked first: when it is the one saved with the index,
    /// the files are as they were when they were hashed, and the index is used without
    /// reading them. Otherwise (files copied, touched, edited, or too fresh to trust their
    /// times; see `ContentFingerprint.statSignature`) their bytes are hashed: the same
    /// fingerprint still uses the index (and saves the new signature), another rebuilds it.
    public static func load(content contentDirectory: String, cacheDirectory: String?, settleSeconds: Double = 2) -> Outcome {
        let signature = ContentFingerprint.statSignature(contentDirectory, settleSeconds: settleSeconds)
        let whole = absolute(contentDirectory)
        let path = cacheDirectory.map { file(for: contentDirectory, in: $0) }
        let io = POSIXFileIO(syncing: false)
        var reason = cacheDirectory == nil ? "no cache directory" : "no cache yet"
        var fingerprint: UInt64?
        if let path, let bytes = try? io.readFile(path) {
            if var index = ContentIndex.decode(bytes) {
                if index.directory != whole {
                    reason = "cache of another content directory"
                } else if let signature, index.statSignature == signature {
                    return .cached(index)
                } else {
                    fingerprint = ContentFingerprint.of(contentDirectory)
                    if let fingerprint, index.fingerprint == fingerprint {
                        // Unchanged bytes under new times: keep the new signature, if it held while hashing.
                        if let signature, let cacheDirectory,
                           ContentFingerprint.statSignature(contentDirectory, settleSeconds: settleSeconds) == signature {
                            index.statSignature = signature
                            save(index, to: path, cacheDirectory: cacheDirectory)
                        }
                        return .cached(index)
                    }
                    reason = "content changed"
                }
            } else {
                reason = "cache unreadable"
            }
        }
        let before = fingerprint ?? ContentFingerprint.of(contentDirectory)
        let loaded = ContentLoader.load(from: contentDirectory)
        // The files are fingerprinted again after the load: if they changed meanwhile, the
        // index would not describe what was loaded, so none is saved. The signature is kept
        // only when it held from before the first hash to after the second.
        guard let before, ContentFingerprint.of(contentDirectory) == before,
              var index = ContentIndex.build(from: loaded, directory: whole, fingerprint: before) else {
            return .rebuilt(nil, loaded, reason: reason)
        }
        if let signature, ContentFingerprint.statSignature(contentDirectory, settleSeconds: settleSeconds) == signature {
            index.statSignature = signature
        }
        if let path, let cacheDirectory {
            save(index, to: path, cacheDirectory: cacheDirectory)
        }
        return .rebuilt(index, loaded, reason: reason)
    }

    /// Writes the index (atomically: another process never sees half of it); failures are
    /// ignored, as a missing cache only costs a full load.
    static func save(_ index: ContentIndex, to path: String, cacheDirectory: String) {
        let io = POSIXFileIO(syncing: false)
        try? io.makeDirectories(cacheDirectory)
        try? io.writeAtomically(index.encoded(), to: path, keepBackup: false)
    }

    static func absolute(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

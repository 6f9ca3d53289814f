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

/// The folder that holds every profile: `--data-dir` if given, else `$STATDECK_HOME`, else
/// `$XDG_DATA_HOME/statdeck`, else `~/.local/share/statdeck`.
///
/// Layout: `profiles/NAME/` per user and `trash/` for removed profiles. Folders are created
/// with mode 0700 (progress is personal).
public struct DataDirectory: Sendable, Hashable {
    public let path: String
    /// Where the path came from, for messages ("--data-dir", "$STATDECK_HOME", ...).
    public let source: String

    public init(path: String, source: String = "--data-dir") {
        self.path = path
        self.source = source
    }

    /// Resolves the data directory the documented way. `environment` is normally
    /// `ProcessInfo.processInfo.environment`; relative paths are taken from `currentDirectory`.
    public static func resolve(explicit: String?, environment: [String: String],
                               currentDirectory: String? = nil) -> DataDirectory {
        func absolute(_ p: String) -> String {
            if p.hasPrefix("/") { return p }
            let cwd = currentDirectory ?? DataDirectory.currentDirectory()
            return cwd.hasSuffix("/") ? cwd + p : cwd + "/" + p
        }
        func nonEmpty(_ key: String) -> String? {
            guard let v = environment[key], !v.isEmpty else { return nil }
            return v
        }
        if let explicit, !explicit.isEmpty { return DataDirectory(path: absolute(explicit), source: "--data-dir") }
        if let home = nonEmpty("STATDECK_HOME") { return DataDirectory(path: absolute(home), source: "$STATDECK_HOME") }
        // The XDG spec says a relative $XDG_DATA_HOME is invalid and must be ignored.
        if let xdg = nonEmpty("XDG_DATA_HOME"), xdg.hasPrefix("/") {
            return DataDirectory(path: xdg + "/statdeck", source: "$XDG_DATA_HOME")
        }
        let home = nonEmpty("HOME") ?? passwdHome() ?? "/"
        return DataDirectory(path: (home.hasSuffix("/") ? home : home + "/") + ".local/share/statdeck",
                             source: "~/.local/share")
    }

    public var profilesPath: String { path + "/profiles" }
    public var trashPath: String { path + "/trash" }
    public func profilePath(_ name: String) -> String { profilesPath + "/" + name }

    /// Creates the folder (and `profiles/`) when missing, mode 0700.
    public func create(io: any FileIO = POSIXFileIO()) throws(StoreError) {
        do {
            try io.makeDirectories(profilesPath)
        } catch {
            throw StoreError.io(what: "create the StatDeck data folder (from \(source))", error)
        }
    }

    private static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func passwdHome() -> String? {
        guard let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir else { return nil }
        return String(cString: dir)
    }
}

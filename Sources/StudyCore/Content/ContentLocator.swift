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

/// Finds the content directory: `--content DIR`, else `$STATDECK_CONTENT`, else a
/// `Data/` found by walking up from the executable, else `PREFIX/share/statdeck/Data` beside
/// `PREFIX/bin/statdeck`, else `/usr/local/share/statdeck/Data`.
public struct ContentLocator: Sendable {
    /// The outcome of a search: the directory found, or every place that was tried.
    public enum Outcome: Sendable, Equatable {
        case found(String)
        case notFound(tried: [String])
    }

    public var explicit: String?
    public var environment: [String: String]
    public var executablePath: String?
    public var installedPath: String
    public var isDirectory: @Sendable (String) -> Bool

    public init(explicit: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                executablePath: String? = ContentLocator.currentExecutablePath(),
                installedPath: String = "/usr/local/share/statdeck/Data",
                isDirectory: @escaping @Sendable (String) -> Bool = ContentLocator.directoryExists) {
        self.explicit = explicit
        self.environment = environment
        self.executablePath = executablePath
        self.installedPath = installedPath
        self.isDirectory = isDirectory
    }

    /// Searches in order and stops at the first directory that holds `tracks/`.
    public func locate() -> Outcome {
        var tried: [String] = []
        func check(_ path: String) -> Bool {
            tried.append(path)
            return isDirectory(path) && isDirectory(path + "/tracks")
        }
        if let explicit {
            // An explicit choice is never second-guessed.
            return check(explicit) ? .found(explicit) : .notFound(tried: tried)
        }
        if let env = environment["STATDECK_CONTENT"], !env.isEmpty {
            return check(env) ? .found(env) : .notFound(tried: tried)
        }
        if let exe = executablePath {
            var dir = exe.deletingLastComponent
            while !dir.isEmpty {
                let candidate = dir == "/" ? "/Data" : dir + "/Data"
                if check(candidate) { return .found(candidate) }
                if dir == "/" { break }
                dir = dir.deletingLastComponent
            }
            // An install under PREFIX: PREFIX/bin/statdeck beside PREFIX/share/statdeck/Data.
            let prefix = exe.deletingLastComponent.deletingLastComponent
            let shared = (prefix == "/" ? "" : prefix) + "/share/statdeck/Data"
            if shared != installedPath && check(shared) { return .found(shared) }
        }
        if check(installedPath) { return .found(installedPath) }
        return .notFound(tried: tried)
    }

    /// The path of the running executable (`/proc/self/exe` on Linux).
    public static func currentExecutablePath() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { readlink("/proc/self/exe", $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count) }
        if n > 0 && n < buffer.count { return String(decoding: buffer[..<n], as: UTF8.self) }
        guard let arg0 = CommandLine.arguments.first, arg0.contains("/") else { return nil }
        if arg0.hasPrefix("/") { return arg0 }
        return FileManager.default.currentDirectoryPath + "/" + arg0
    }

    public static func directoryExists(_ path: String) -> Bool { FileSystem.isDirectory(path) }
}


extension String {
    /// The path without its last component: `/a/b/c` -> `/a/b`, `/a` -> `/`, `a` -> ``.
    var deletingLastComponent: String {
        var s = self
        while s.count > 1 && s.hasSuffix("/") { s.removeLast() }
        guard let slash = s.lastIndex(of: "/") else { return "" }
        if slash == s.startIndex { return "/" }
        return String(s[..<slash])
    }
}

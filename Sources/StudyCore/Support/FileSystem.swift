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

/// Small file-system queries on plain paths, through POSIX calls.
public enum FileSystem {
    /// True when `path` exists and is a directory (following links).
    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// True when `path` exists (following links).
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Entries of a directory (no `.` or `..`), sorted; empty when it cannot be read.
    public static func entries(of directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Every file below `directory`, as relative paths, sorted; hidden entries are skipped.
    public static func files(below directory: String) -> [String] {
        var out: [String] = []
        func walk(_ rel: String) {
            let abs = rel.isEmpty ? directory : directory + "/" + rel
            for name in entries(of: abs) where !name.hasPrefix(".") {
                let child = rel.isEmpty ? name : rel + "/" + name
                if isDirectory(directory + "/" + child) { walk(child) } else { out.append(child) }
            }
        }
        walk("")
        return out.sorted()
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Paths into the repository, found from this source file.
enum Repo {
    /// The package root (two levels above Tests/StudyCoreTests).
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static var data: String { root + "/Data" }
    static func fixture(_ name: String) -> String { root + "/Tests/StudyCoreTests/Fixtures/" + name }
}

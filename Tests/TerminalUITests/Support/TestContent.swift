import Foundation
import StudyCore
@testable import TerminalUI

/// The real content in the package's `Data/`, found from this file's path.
enum TestContent {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let bank: ContentBank = ContentLoader.load(from: packageRoot.appendingPathComponent("Data").path).bank

    static func track(_ id: String) -> Track {
        guard let t = bank.track(id) else { fatalError("Data/tracks/\(id).json did not load") }
        return t
    }
}

extension Canvas {
    /// Rows as text without trailing blanks, for compact assertions.
    var trimmedLines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}

/// A screen for runtime tests: records what it receives, emits effects on request.
struct ProbeScreen: Screen {
    var id = "probe"
    var title = "Probe"
    var name: String
    var received: [String] = []
    var bodySize: Size? = nil
    var bindings: [KeyBinding] = [KeyBinding(.char("s"), "save"), KeyBinding(.char("n"), "next screen")]
    var saveOnExit = false

    init(_ name: String) { self.name = name }

    var keyBindings: [KeyBinding] { bindings }

    mutating func update(_ event: Event) -> [Effect] {
        switch event {
        case .key(.char("s")): received.append("s"); return [.save]
        case .key(.char("n")): received.append("n"); return [.push(ProbeScreen(name + "+"))]
        case .key(.char("x")): received.append("x"); return [.startExam(trackID: "cpt"), .pop]
        case .key(let k): received.append("key \(k)")
        case .resize(let s): bodySize = s; received.append("resize \(s)")
        case .tick(let now): received.append("tick \(Int(now))")
        case .effectResult(let r): received.append("result \(r)")
        case .terminating: received.append("terminating"); return saveOnExit ? [.save, .pop] : []
        case .resumed: received.append("resumed")
        }
        return []
    }

    func render(into canvas: inout Canvas) {
        canvas.write("screen \(name)", x: 1, y: 0)
        canvas.write("last: \(received.last ?? "-")", x: 1, y: 1)
    }
}

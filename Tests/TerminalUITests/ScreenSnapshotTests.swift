import Foundation
import Testing
@testable import TerminalUI

/// Every named screen rendered to text at several sizes and compared with
/// `Snapshots/<screen>-<W>x<H>.txt`. Styles are checked in the screen tests, not here.
@Suite("Screen snapshots")
struct ScreenSnapshotTests {
    static let screens = ScreenCatalog.names(for: TestContent.bank)
    static let sizes = [Size(width: 80, height: 24), Size(width: 100, height: 30), Size(width: 120, height: 40)]
    static let tooSmallSizes = [Size(width: 60, height: 20), Size(width: 79, height: 24), Size(width: 20, height: 5), Size(width: 1, height: 1)]

    @Test("the catalog has the exam choice, its help, one about screen per track, the study screens and progress")
    func catalog() {
        #expect(Self.screens == ["exam-choice", "exam-choice-help", "about-cpt", "about-ccma", "home", "study-question",
                                 "study-feedback", "study-order", "study-order-feedback", "flashcard", "study-summary", "setup", "settings", "browse", "browse-item", "browse-edit", "profiles",
                                 "drill-domain", "nothing-due", "study-info", "exam-start", "exam-instructions", "exam", "review-grid", "exam-submit", "report", "exam-review", "progress"])
    }

    @Test("screens at 80x24 and larger sizes", arguments: screens, sizes)
    func screen(_ name: String, _ size: Size) throws {
        let app = try #require(ScreenCatalog.app(named: name, bank: TestContent.bank, size: size))
        assertSnapshot(app.render().text, named: "\(name)-\(size)")
    }

    @Test("below 80x24 the too-small message", arguments: tooSmallSizes)
    func tooSmall(_ size: Size) throws {
        let app = try #require(ScreenCatalog.app(named: "exam-choice", bank: TestContent.bank, size: size))
        assertSnapshot(app.render().text, named: "too-small-\(size)")
    }

    @Test("each exam's facts scrolled to the end at 80x24", arguments: ["cpt", "ccma"])
    func scrolledToEnd(_ id: String) throws {
        var app = try #require(ScreenCatalog.app(named: "about-\(id)", bank: TestContent.bank, size: Size(width: 80, height: 24)))
        _ = app.handle(.key(.end))
        assertSnapshot(app.render().text, named: "about-\(id)-end-80x24")
    }

    @Test("each exam's facts, one page down, at an odd size", arguments: ["cpt", "ccma"])
    func oddSizePage(_ id: String) throws {
        var app = try #require(ScreenCatalog.app(named: "about-\(id)", bank: TestContent.bank, size: Size(width: 93, height: 27)))
        _ = app.handle(.key(.pageDown))
        assertSnapshot(app.render().text, named: "about-\(id)-page2-93x27")
    }
}

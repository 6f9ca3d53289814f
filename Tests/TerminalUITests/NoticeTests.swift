import Foundation
import Testing
import StudyCore
@testable import TerminalUI

/// Failure and store notices in the footer (issue 23): never cut off, in plain words, with
/// hidden characters shown.
@Suite("Footer notices")
struct NoticeTests {
    @Test("a long notice wraps upwards from the footer instead of being cut off, at 80x24 and 120x40",
          arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func wraps(size: Size) {
        var app = App(root: ProbeScreen("root"), size: size)
        let message = "could not save your answer to cpt-0012 to /home/alice/.local/share/statdeck/profiles/alice/reviews.jsonl: the disk is full. 1 unsaved change is kept in memory and will be saved at the next try."
        app.showNotice(message)
        let text = app.render().text
        let shown = text.split(separator: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "│ ")) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        #expect(shown.contains("the next try."), "\(text)")
        #expect(shown.contains("profiles/alice/reviews.jsonl"))
        #expect(!text.contains("…"))
        _ = app.handle(.key(.char("z")))
        #expect(!app.render().text.contains("disk is full"))
    }

    @Test("a failed effect is named in plain words, not by its method name")
    func plainNames() {
        let review = ReviewRecord(itemID: "cpt-0012", domain: nil, rating: .good, reviewedAt: Fixture.date, day: CalendarDay(containing: Fixture.date),
                                  durationMs: 1, correct: true, answer: 0, source: .study, after: ItemState(card: .new(at: Fixture.date)))
        #expect(Effect.recordReview(review).plainName == "saving your answer to cpt-0012")
        #expect(Effect.updateSettings(ProfileSettings()).plainName == "saving your settings")
    }

    @Test("invisible and bidirectional characters in store messages show as U+XXXX")
    func visible() {
        let error = StoreError.profileNotFound(name: "ali\u{202E}ec\u{200B}", dataDirectory: "/d")
        #expect(error.description == "no profile named aliU+202EecU+200B in /d")
        #expect(StoreProblem(file: "x\u{2066}.json", line: 1, column: 2, message: "bad\u{00A0}value").description == "xU+2066.json:1:2: badU+00A0value")
    }
}

private enum Fixture {
    static let date = Date(timeIntervalSince1970: 1_795_000_000)
}

import Foundation
import StudyCore
import Testing
@testable import TerminalUI

@Suite("About the exam screen")
struct AboutExamScreenTests {
    func app(_ id: String, size: Size = Size(width: 80, height: 24)) -> App {
        var app = App(root: ExamChoiceScreen(tracks: TestContent.bank.tracks, selectedID: id), size: size)
        _ = app.handle(.key(.enter))
        return app
    }

    @Test("CPT: format, time, scaled scoring with 390 to pass, no raw-percent cut, domains with item counts")
    func cpt() {
        let text = flat(app("cpt", size: Size(width: 100, height: 70)).render().text)
        for expected in ["About the exam · CPT", "2025 test plan", "Certified Phlebotomy Technician (CPT)",
                         "120 multiple-choice items", "100 scored", "20 unscored pretest",
                         "2 hours (120 minutes)", "200 to 500; 390 or more passes", "NHA publishes no",
                         "about one item per minute", "scored items per domain, of 100",
                         "Safety and Compliance", "Routine Blood Collections"] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
        #expect(text.contains("raw-percent cut score"))
        #expect(text.contains("Safety and Compliance                     26  "))
        #expect(text.contains("28%"))
    }

    @Test("CCMA lists subdomains indented under their domain")
    func ccmaSubdomains() {
        let canvas = app("ccma", size: Size(width: 100, height: 40)).render()
        let (x1, y1) = canvas.find("Clinical Patient Care")!
        let (x2, y2) = canvas.find("Patient Intake and Vitals")!
        #expect(y2 == y1 + 1)
        #expect(x2 == x1 + 2)
        #expect(canvas.text.contains("180 multiple-choice items"))
        #expect(canvas.text.contains("3 hours (180 minutes)"))
    }

    @Test("at 80x24 the CCMA facts scroll: ↓ more, then End shows the test-day tips, Home goes back")
    func scrolling() {
        var app = app("ccma")
        var text = app.render().text
        #expect(text.contains("↓ more") || text.contains("↓"))
        #expect(!text.contains("Medical Law and Ethics"))
        #expect(app.render().line(22).contains("↑/↓ scroll"))
        _ = app.handle(.key(.end))
        text = app.render().text
        #expect(text.contains("Test day"))
        #expect(!text.contains("Certified Clinical Medical Assistant (CCMA)"))
        _ = app.handle(.key(.home))
        #expect(app.render().text.contains("Certified Clinical Medical Assistant (CCMA)"))
        _ = app.handle(.key(.pageDown))
        #expect(!app.render().text.contains("Certified Clinical Medical Assistant (CCMA)"))
    }

    @Test("when everything fits there is nothing to scroll and no scroll keys in the footer")
    func noScroll() {
        let app = app("cpt", size: Size(width: 120, height: 60))
        #expect(app.top.keyBindings.isEmpty)
        #expect(app.render().line(58).hasPrefix("│ ? help  Esc back "))
    }

    /// The whole facts screen as text, tall enough that nothing scrolls.
    func fullText(_ id: String) -> String {
        app(id, size: Size(width: 80, height: 90)).render().text
    }

    /// `text` with the frame and line breaks removed, so wrapped sentences can be searched.
    func flat(_ text: String) -> String {
        text.split(separator: "\n").map { $0.replacingOccurrences(of: "│", with: " ").trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }

    @Test("both exams: the review date, eligibility, retakes, renewal and test-day tips", arguments: ["cpt", "ccma"])
    func laterFacts(_ id: String) {
        let text = flat(fullText(id))
        for expected in ["Facts last reviewed 29 November 2026", "check nhanow.com before you book",
                         "Eligibility", "high school diploma or GED", "Retakes", "wait 30 days before retesting",
                         "Renewal", "10 continuing-education credits", "Test day", "Keep a pace of about one item per minute",
                         "no penalty for guessing", "Flag the items you are unsure of and come back to them"] {
            #expect(text.contains(expected), "\(id) lacks: \(expected)")
        }
        #expect(text.contains("30 successful venipunctures") == (id == "cpt"))
        #expect(text.contains("military training can also qualify") == (id == "ccma"))
    }

    @Test("values the blueprint marks [UNSURE] say to confirm with NHA; settled ones do not")
    func unsureValues() {
        for id in ["cpt", "ccma"] {
            let text = flat(fullText(id))
            #expect(text.contains("After a third failed attempt, wait 12 months. Confirm with NHA."), "\(id)")
            #expect(!text.contains("wait 30 days before retesting. Confirm"), "\(id)")
            #expect(!text.contains("Each attempt has a fee. Confirm"), "\(id)")
        }
        let cpt = flat(fullText("cpt"))
        #expect(cpt.contains("has a single source. Confirm with NHA."))
        #expect(cpt.contains("give other limits. Confirm with NHA."))
        #expect(!flat(fullText("ccma")).contains("give other limits"))
    }

    @Test("an uncertain point is drawn in the warning style, a settled one in the text style")
    func unsureStyle() {
        let canvas = app("cpt", size: Size(width: 80, height: 90)).render()
        let (ux, uy) = canvas.find("After a third failed attempt")!
        #expect(canvas.style(x: ux, y: uy) == Theme.standard.warning)
        let (sx, sy) = canvas.find("After a failed first or second")!
        #expect(canvas.style(x: sx, y: sy) == Theme.standard.text)
    }

    @Test("a track without an about object still shows its numbers, and no review date")
    func withoutAbout() {
        var track = TestContent.track("cpt")
        track.about = nil
        var app = App(root: AboutExamScreen(track: track), size: Size(width: 80, height: 40))
        _ = app.handle(.resize(Size(width: 80, height: 40)))
        let text = flat(app.render().text)
        #expect(text.contains("120 multiple-choice items"))
        #expect(text.contains("Keep a pace of about one item per minute"))
        #expect(!text.contains("Facts last reviewed"))
        #expect(!text.contains("Eligibility"))
    }

    @Test("headings use the heading style and the domain bars the bar styles")
    func styles() {
        let canvas = app("cpt", size: Size(width: 80, height: 40)).render()
        let (hx, hy) = canvas.find("Format")!
        #expect(canvas.style(x: hx, y: hy) == Theme.standard.heading)
        let (bx, by) = canvas.find("█")!
        #expect(canvas.style(x: bx, y: by) == Theme.standard.barFilled)
        let (ex, ey) = canvas.find("░")!
        #expect(canvas.style(x: ex, y: ey) == Theme.standard.barEmpty)
    }
}

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
        let text = app("cpt", size: Size(width: 100, height: 40)).render().text
        for expected in ["About the exam · CPT", "2025 test plan", "Certified Phlebotomy Technician (CPT)",
                         "120 multiple-choice items", "100 scored", "20 unscored pretest",
                         "2 hours (120 minutes)", "200 to 500; 390 or more passes", "NHA publishes no",
                         "about one item per minute", "scored items per domain, of 100",
                         "Safety and Compliance", "Routine Blood Collections"] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
        #expect(text.contains("raw-percent cut score"))
        #expect(text.contains(" 26  "))
        #expect(text.contains("  28%"))
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

    @Test("at 80x24 the CCMA facts scroll: ↓ more, then End shows the last domain, Home goes back")
    func scrolling() {
        var app = app("ccma")
        var text = app.render().text
        #expect(text.contains("↓ more") || text.contains("↓"))
        #expect(!text.contains("Medical Law and Ethics"))
        #expect(app.render().line(22).contains("↑/↓ scroll"))
        _ = app.handle(.key(.end))
        text = app.render().text
        #expect(text.contains("Medical Law and Ethics"))
        #expect(!text.contains("Certified Clinical Medical Assistant (CCMA)"))
        _ = app.handle(.key(.home))
        #expect(app.render().text.contains("Certified Clinical Medical Assistant (CCMA)"))
        _ = app.handle(.key(.pageDown))
        #expect(!app.render().text.contains("Certified Clinical Medical Assistant (CCMA)"))
    }

    @Test("when everything fits there is nothing to scroll and no scroll keys in the footer")
    func noScroll() {
        let app = app("cpt", size: Size(width: 120, height: 40))
        #expect(app.top.keyBindings.isEmpty)
        #expect(app.render().line(38).hasPrefix("│ ? help  Esc back "))
    }

    @Test("headings use the heading style and the domain bars the bar styles")
    func styles() {
        let canvas = app("cpt").render()
        let (hx, hy) = canvas.find("Format")!
        #expect(canvas.style(x: hx, y: hy) == Theme.standard.heading)
        let (bx, by) = canvas.find("█")!
        #expect(canvas.style(x: bx, y: by) == Theme.standard.barFilled)
        let (ex, ey) = canvas.find("░")!
        #expect(canvas.style(x: ex, y: ey) == Theme.standard.barEmpty)
    }
}

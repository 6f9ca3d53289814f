import StudyCore
import Testing
@testable import TerminalUI

@Suite("CPT or CCMA? screen")
struct ExamChoiceScreenTests {
    let size = Size(width: 80, height: 24)

    func app(_ tracks: [Track] = TestContent.bank.tracks, size: Size? = nil) -> App {
        App(root: ExamChoiceScreen(tracks: tracks), size: size ?? self.size)
    }

    @Test("compares role, scope, exam length, domains with weights and guidance from the track files")
    func content() {
        let text = app().render().text
        for expected in ["CPT or CCMA?", "▸ CPT", "CCMA",
                         "Certified Phlebotomy Technician", "Phlebotomy technician", "Clinical medical assistant",
                         "Blood collection and specimen", "120 items in 2 hours", "180 items in 3 hours",
                         "Safety and Compliance        26%", "Routine Blood Collections    28%",
                         "Clinical Patient Care        56%", "Medical Law and Ethics        5%",
                         "The shorter, focused path into clinical work.",
                         "Many start with CPT and add CCMA later."] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
    }

    @Test("the shorter exam comes first whatever the file order")
    func order() {
        let tracks = TestContent.bank.tracks
        let screen = ExamChoiceScreen(tracks: tracks.reversed())
        #expect(screen.tracks.map(\.id) == ["cpt", "ccma"])
    }

    @Test("everything shown comes from the Track values")
    func dataDriven() {
        let custom = Track(id: "rma", name: "Registered Medical Assistant", shortName: "RMA", planVersion: "2030",
                           totalItems: 60, scoredItems: 50, pretestItems: 10, minutes: 90,
                           scale: ScoreScale(min: 200, max: 500, pass: 390),
                           domains: [Domain(id: "a", name: "Alpha Area", scoredItems: 30),
                                     Domain(id: "b", name: "Beta Area", scoredItems: 20)],
                           role: "Assistant of medicine", scope: "Everything at once", guidance: "Try it.")
        let text = app([TestContent.track("cpt"), custom]).render().text
        #expect(text.contains("RMA or CPT?"))
        #expect(text.contains("60 items in 1 hour 30 minutes"))
        #expect(text.contains("Alpha Area") && text.contains("60%"))
        #expect(text.contains("Assistant of medicine"))
        #expect(text.contains("RMA  Try it."))
    }

    @Test("←/→ and Tab move the choice, shown by ▸ and the selection style, and the footer follows")
    func switching() {
        var app = app()
        _ = app.handle(.key(.right))
        var canvas = app.render()
        #expect(canvas.text.contains("▸ CCMA"))
        #expect(!canvas.text.contains("▸ CPT"))
        #expect(canvas.line(22).contains("Enter about the CCMA exam"))
        let (x, y) = canvas.find("▸ CCMA")!
        #expect(canvas.style(x: x, y: y) == app.theme.selection)
        _ = app.handle(.key(.tab))
        canvas = app.render()
        #expect(canvas.text.contains("▸ CPT"))
        _ = app.handle(.key(.left))
        #expect(app.render().text.contains("▸ CCMA"))
    }

    @Test("Enter opens About the exam for the chosen track; Esc comes back with the choice kept")
    func openAbout() {
        var app = app()
        _ = app.handle(.key(.right))
        let effects = app.handle(.key(.enter))
        #expect(effects.isEmpty)
        #expect(app.stack.count == 2)
        #expect(app.render().line(0).hasPrefix("┌─ About the exam · CCMA "))
        _ = app.handle(.key(.escape))
        #expect(app.stack.count == 1)
        #expect(app.render().text.contains("▸ CCMA"))
    }

    @Test("subdomains and spacing appear only where there is room")
    func roomy() {
        #expect(!app().render().text.contains("Phlebotomy       "))
        let big = app(size: Size(width: 120, height: 40)).render().text
        #expect(big.contains("  Phlebotomy"))
        #expect(big.contains("  EKG and Cardiovascular Testing"))
    }

    @Test("when the comparison does not fit, ↑/↓ scroll it and the footer says so")
    func scrolls() {
        var screen = ExamChoiceScreen(tracks: TestContent.bank.tracks)
        _ = screen.update(.resize(Size(width: 78, height: 20)))
        #expect(!screen.canScroll)
        _ = screen.update(.resize(Size(width: 78, height: 8)))
        #expect(screen.canScroll)
        #expect(screen.keyBindings.contains { $0.label == "↑/↓" })
        _ = screen.update(.key(.down))
        #expect(screen.scroll.offset == 1)
        _ = screen.update(.key(.end))
        var canvas = Canvas(width: 78, height: 8)
        screen.render(into: &canvas)
        #expect(canvas.text.contains("Many start with CPT"))
        #expect(canvas.line(0).hasSuffix("↑"))
    }

    @Test("with no tracks it says what is missing instead of drawing an empty table")
    func noTracks() {
        let text = app([]).render().text
        #expect(text.contains("No exam tracks are loaded"))
    }
}

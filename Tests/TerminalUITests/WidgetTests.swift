import Testing
@testable import TerminalUI

@Suite("Widgets")
struct WidgetTests {
    @Test("a panel draws a box with its title and status in the top border")
    func panel() {
        var c = Canvas(width: 24, height: 4)
        let inner = Panel(title: "Study", status: "04:31").render(into: &c, area: c.bounds)
        #expect(c.lines == [
            "┌─ Study ────── 04:31 ─┐",
            "│                      │",
            "│                      │",
            "└──────────────────────┘",
        ])
        #expect(inner == Rect(x: 1, y: 1, width: 22, height: 2))
        #expect(c.style(x: 3, y: 0) == c.theme.title)
        #expect(c.style(x: 0, y: 0) == c.theme.frame)
    }

    @Test("a long title is cut with an ellipsis and the status gives way first")
    func panelLongTitle() {
        var c = Canvas(width: 20, height: 3)
        Panel(title: "A very long screen title", status: "12 of 58").render(into: &c, area: c.bounds)
        #expect(c.line(0) == "┌─ A very long s… ─┐")
        #expect(DisplayWidth.of(c.line(0)) == 20)
    }

    @Test("a panel in less than 2x2 draws nothing and has no inside")
    func panelTiny() {
        var c = Canvas(width: 1, height: 1)
        let inner = Panel(title: "x").render(into: &c, area: c.bounds)
        #expect(inner.isEmpty)
        #expect(c.line(0) == " ")
    }

    @Test("a list marks the selected row with ▸ and the selection style, and scrolls to it")
    func list() {
        let list = ListView(items: ["Safety", "Preparation", "Collections", "Special", "Processing"])
        var state = ListState()
        state.move(by: 3, count: 5, visible: 3)
        #expect(state.selected == 3 && state.offset == 1)
        var c = Canvas(width: 16, height: 3)
        list.render(into: &c, area: c.bounds, state: state)
        #expect(c.lines == [
            "  Preparation  ↑",
            "  Collections   ",
            "▸ Special ↓ more",
        ])
        #expect(c.style(x: 0, y: 2).attributes.contains(.reverse))
        #expect(!c.style(x: 0, y: 1).attributes.contains(.reverse))
    }

    @Test("list keys clamp at the ends and page by the visible height")
    func listKeys() {
        var s = ListState()
        let handled = s.handle(.up, count: 10, visible: 4)
        #expect(handled)
        #expect(s.selected == 0)
        _ = s.handle(.pageDown, count: 10, visible: 4)
        #expect(s.selected == 3)
        _ = s.handle(.end, count: 10, visible: 4)
        #expect(s.selected == 9 && s.offset == 6)
        _ = s.handle(.home, count: 10, visible: 4)
        #expect(s.selected == 0 && s.offset == 0)
        let ignored = s.handle(.char("x"), count: 10, visible: 4)
        #expect(!ignored)
    }

    @Test("a list row with detail puts it at the right")
    func listDetail() {
        var c = Canvas(width: 20, height: 1)
        ListView(rows: [.init("Missed", detail: "14")]).render(into: &c, area: c.bounds, state: ListState())
        #expect(c.line(0) == "▸ Missed          14")
    }

    @Test("a long paragraph wraps, scrolls and says there is more")
    func paragraph() {
        let p = ScrollingParagraph("one two three four five six seven eight nine ten")
        var c = Canvas(width: 12, height: 2)
        p.render(into: &c, area: c.bounds, scroll: ScrollState())
        #expect(c.lines == ["one two     ", "three four ↓"])
        var scroll = ScrollState()
        scroll.scroll(by: 100, content: p.height(width: 10), viewport: 2)
        var d = Canvas(width: 12, height: 2)
        p.render(into: &d, area: d.bounds, scroll: scroll)
        #expect(d.lines == ["eight nine ↑", "ten         "])
    }

    @Test("a short paragraph has no scroll indicators")
    func paragraphFits() {
        var c = Canvas(width: 20, height: 3)
        ScrollingParagraph("Correct. Citrate first.").render(into: &c, area: c.bounds, scroll: ScrollState(offset: 5))
        #expect(c.text == "Correct. Citrate\nfirst.\n")
    }

    @Test("scroll offsets clamp to the content")
    func scrollClamp() {
        var s = ScrollState()
        s.scroll(by: -3, content: 10, viewport: 4)
        #expect(s.offset == 0)
        let handled = s.handle(.end, content: 10, viewport: 4)
        #expect(handled)
        #expect(s.offset == 6)
        _ = s.handle(.pageUp, content: 10, viewport: 4)
        #expect(s.offset == 3)
        #expect(ScrollState(offset: 50).clamped(content: 3, viewport: 10) == 0)
    }

    @Test("the key footer keeps pinned hints and drops what does not fit from the end")
    func footer() {
        let bar = KeyHintBar(hints: [.init("s", "study"), .init("m", "mock"), .init("p", "progress")],
                             pinned: [.init("?", "help"), .init("q", "quit")])
        var c = Canvas(width: 40, height: 1)
        bar.render(into: &c, area: c.bounds)
        #expect(c.text == "s study  m mock  ? help  q quit")
        #expect(c.style(x: 0, y: 0) == c.theme.key)
        #expect(c.style(x: 2, y: 0) == c.theme.text)
        var wide = Canvas(width: 60, height: 1)
        bar.render(into: &wide, area: wide.bounds)
        #expect(wide.text == "s study  m mock  p progress  ? help  q quit")
    }

    @Test("a confirm dialog starts on the safe answer and answers to y, n, arrows, Enter and Esc")
    func confirmKeys() {
        var d = ConfirmDialog(title: "End exam", message: "End the exam now?")
        let first = d.handle(.enter)
        #expect(first == .cancelled)
        let moved = d.handle(.right)
        #expect(moved == nil)
        #expect(d.confirmHighlighted)
        let outcomes = [d.handle(.enter), d.handle(.char("y")), d.handle(.escape), d.handle(.char("z"))]
        #expect(outcomes == [.confirmed, .confirmed, .cancelled, nil])
    }

    @Test("a confirm dialog is drawn centred over the screen with the highlighted button marked")
    func confirmRender() {
        var c = Canvas(width: 40, height: 9)
        c.fill(c.bounds, with: ".")
        let d = ConfirmDialog(title: "End exam", message: "End the exam now?")
        d.render(into: &c, area: c.bounds)
        let text = c.text
        #expect(text.contains("┌─ End exam "))
        #expect(text.contains("End the exam now?"))
        #expect(text.contains("Yes") && text.contains("▸ No ◂"))
        let (x, y) = c.find("▸ No ◂")!
        #expect(c.style(x: x, y: y) == c.theme.selection)
        #expect(c.line(0) == String(repeating: ".", count: 40))
        #expect(c.lines.allSatisfy { DisplayWidth.of($0) == 40 })
    }

    @Test("a progress bar fills in proportion and shows the percentage")
    func progressBar() {
        var c = Canvas(width: 15, height: 1)
        ProgressBar(fraction: 0.6).render(into: &c, area: c.bounds)
        #expect(c.line(0) == "██████░░░░  60%")
        #expect(c.style(x: 0, y: 0) == c.theme.barFilled)
        #expect(c.style(x: 7, y: 0) == c.theme.barEmpty)
        #expect(ProgressBar(fraction: 2).fraction == 1)
        #expect(ProgressBar(fraction: .nan).fraction == 0)
        #expect(ProgressBar.filledCells(fraction: 0.01, width: 10) == 1)
        #expect(ProgressBar.filledCells(fraction: 0, width: 10) == 0)
    }

    @Test("a bar chart lines up labels, bars and values")
    func barChart() {
        let chart = BarChart(bars: [
            .init("Safety and Compliance", value: 26, valueText: "26%"),
            .init("Processing", value: 14, valueText: "14%"),
        ], maxValue: 28, maxLabelWidth: 12)
        var c = Canvas(width: 30, height: 3)
        chart.render(into: &c, area: c.bounds)
        #expect(c.lines[0] == "Safety and…  ████████████░ 26%")
        #expect(c.lines[1] == "Processing   ███████░░░░░░ 14%")
        #expect(c.lines[2] == String(repeating: " ", count: 30))
    }

    @Test("a sparkline scales to the largest value and leaves zero blank")
    func sparkline() {
        let s = Sparkline(values: [0, 1, 2, 4, 8])
        #expect(s.glyphs(width: 5) == " ▁▂▄█")
        #expect(s.glyphs(width: 2) == "▄█")
        #expect(Sparkline(values: []).glyphs(width: 3) == "")
    }

    @Test("a calendar heatmap puts weeks in columns and weekdays in rows, Monday first")
    func heatmap() {
        // Two weeks: Monday of week 1 busiest, Sunday of week 2 light.
        var days = Array(repeating: 0, count: 14)
        days[0] = 8
        days[13] = 2
        days[7] = 4
        let h = CalendarHeatmap(days: days)
        #expect(h.level(of: 8) == 4 && h.level(of: 2) == 1 && h.level(of: 0) == 0)
        var c = Canvas(width: 5, height: 7)
        h.render(into: &c, area: c.bounds)
        #expect(c.lines[0] == "M █▒ ")
        #expect(c.lines[6] == "S  ░ ")
        #expect(c.style(x: 0, y: 0) == c.theme.muted)
    }

    @Test("the countdown clock formats hours and warns with ! near the end")
    func countdown() {
        #expect(CountdownClock(remaining: 5025).text == "1:23:45")
        #expect(CountdownClock(remaining: 271, warnBelow: 60).text == "04:31")
        #expect(CountdownClock(remaining: 59, warnBelow: 60).text == "! 00:59")
        #expect(CountdownClock(remaining: -5).isExpired)
        #expect(CountdownClock(deadline: 100.2, now: 40).remaining == 61)
        var c = Canvas(width: 10, height: 1)
        CountdownClock(remaining: 30).render(into: &c, area: c.bounds)
        #expect(c.line(0) == "   ! 00:30")
        #expect(c.style(x: 9, y: 0) == c.theme.warning)
    }

    @Test("every widget survives tiny and empty areas", arguments: [Size(width: 1, height: 1), Size(width: 2, height: 1), Size(width: 0, height: 0), Size(width: 3, height: 2)])
    func tinyAreas(_ size: Size) {
        var c = Canvas(size: size)
        let a = c.bounds
        Panel(title: "Title", status: "status").render(into: &c, area: a)
        ListView(items: ["a", "b"]).render(into: &c, area: a, state: ListState(selected: 1))
        ScrollingParagraph("some words here").render(into: &c, area: a, scroll: ScrollState())
        KeyHintBar(hints: [.init("s", "study")], pinned: [.init("?", "help")]).render(into: &c, area: a)
        ConfirmDialog(title: "t", message: "m").render(into: &c, area: a)
        ProgressBar(fraction: 0.5).render(into: &c, area: a)
        BarChart(bars: [.init("x", value: 1, valueText: "1")]).render(into: &c, area: a)
        Sparkline(values: [1, 2]).render(into: &c, area: a)
        CalendarHeatmap(days: [1, 2, 3]).render(into: &c, area: a)
        CountdownClock(remaining: 10).render(into: &c, area: a)
        #expect(c.lines.allSatisfy { DisplayWidth.of($0) == size.width })
    }
}

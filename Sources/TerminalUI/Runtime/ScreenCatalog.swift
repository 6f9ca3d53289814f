import StudyCore

/// The screens `statdeck snapshot` can render and the snapshot tests cover, by name,
/// each built from the real content as the user would reach it.
public enum ScreenCatalog {
    /// A named screen and how to reach it.
    public struct Entry: Sendable {
        public var name: String
        public var summary: String
        let build: @Sendable (ContentBank, Size, Theme) -> App

        init(name: String, summary: String, build: @escaping @Sendable (ContentBank, Size, Theme) -> App) {
            self.name = name; self.summary = summary; self.build = build
        }
    }

    /// Every screen for a content bank: the fixed ones and one "about" screen per track.
    public static func entries(for bank: ContentBank) -> [Entry] {
        var out: [Entry] = [
            Entry(name: "exam-choice", summary: "CPT or CCMA? the exams side by side") { bank, size, theme in
                App(root: ExamChoiceScreen(tracks: bank.tracks), size: size, theme: theme)
            },
            Entry(name: "exam-choice-help", summary: "the help overlay (?) over the exam choice") { bank, size, theme in
                var app = App(root: ExamChoiceScreen(tracks: bank.tracks), size: size, theme: theme)
                _ = app.handle(.key(.char("?")))
                return app
            },
        ]
        for track in bank.tracks.sorted(by: { ($0.totalItems, $0.id) < ($1.totalItems, $1.id) }) {
            out.append(Entry(name: "about-\(track.id)", summary: "about the \(track.shortName) exam") { bank, size, theme in
                var app = App(root: ExamChoiceScreen(tracks: bank.tracks, selectedID: track.id), size: size, theme: theme)
                _ = app.handle(.key(.enter))
                return app
            })
        }
        out += StudyScreenCatalog.entries(for: bank)
        out += ExamSamples.entries()
        if let track = bank.track("cpt") ?? bank.tracks.first {
            out.append(Entry(name: "progress", summary: "Progress on a generated five-month \(track.shortName) profile") { bank, size, theme in
                App(root: ProgressScreen(report: ProgressDemo.report(bank: bank, trackID: track.id)!), size: size, theme: theme)
            })
        }
        return out
    }

    /// The names, for help texts and error messages.
    public static func names(for bank: ContentBank) -> [String] { entries(for: bank).map(\.name) }

    /// The app showing the named screen, or nil when there is no such screen.
    public static func app(named name: String, bank: ContentBank, size: Size, theme: Theme = .monochrome) -> App? {
        entries(for: bank).first { $0.name == name }.map { $0.build(bank, size, theme) }
    }
}

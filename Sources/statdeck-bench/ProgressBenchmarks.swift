import StudyCore
import TerminalUI
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The Progress screen and `statdeck stats` on the heavy profile: 300,000 reviews of the real
/// CPT and CCMA banks over three years and 200 mock exams.
enum ProgressBenchmarks {
    static let all: [Benchmark] = [
        Benchmark(name: "progress.heavy", summary: "Progress report, stats JSON and the screen on a 300,000-review, 200-mock profile") { ctx in
            guard case .found(let dir) = ContentLocator().locate() else {
                ctx.note("no Data/ found; skipped")
                return
            }
            let bank = ContentLoader.load(from: dir).bank
            guard let cpt = bank.track("cpt") else { return }
            var areas: [String: String] = [:]
            for item in bank.items(for: "cpt") { areas[item.id] = item.domains["cpt"] }
            for item in bank.items(for: "ccma") where areas[item.id] == nil { areas[item.id] = item.domains["ccma"] }
            let ids = areas.keys.sorted()
            let heavy = try HeavyProfile(reviews: ctx.quick ? 30_000 : 300_000, days: 3 * 365, attempts: ctx.quick ? 20 : 200,
                                         itemIDs: ids, areas: areas)
            defer { heavy.remove() }
            let now = heavy.date(day: heavy.lastDay, second: 60_000)
            let runs = ctx.quick ? 3 : 20
            var report: ProgressReport?
            for _ in 0..<runs {
                // What `statdeck stats` does after loading the content: open read-only, read the
                // daily totals and every mock, compute.
                report = try ctx.sample("open + report (stats, after content load)") {
                    let store = try ProgressStore.open(profile: "heavy", in: heavy.data, access: .readOnly)
                    return try ProgressSource.report(store: store, track: cpt, bank: bank, now: now)
                }
            }
            let store = try ProgressStore.open(profile: "heavy", in: heavy.data, access: .readOnly)
            _ = try store.dailyTotals()
            for _ in 0..<runs {
                _ = try ctx.sample("report, store already open (the app)") { try ProgressSource.report(store: store, track: cpt, bank: bank, now: now) }
                _ = try ctx.sample("mock results (200 attempt files)") { try ProgressSource.mockResults(store: store, track: cpt, bank: bank) }
                _ = ctx.sample("content load (stats pays it too)") { ContentLoader.load(from: dir) }
            }
            let r = report!
            for _ in 0..<runs {
                _ = ctx.sample("stats --json encode") { r.json() }
                _ = ctx.sample("Progress screen render 80x24") {
                    App(root: ProgressScreen(report: r), size: Size(width: 80, height: 24)).render()
                }
            }
            ctx.figure("mocks in the report", Double(r.mocks.count), unit: "of the track")
            ctx.figure("reviews in the report", Double(r.totalReviews), unit: "")
        },
    ]
}

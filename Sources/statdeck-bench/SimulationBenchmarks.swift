import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `sim.exam-day`: plain FSRS at 0.90 and 0.95 against the exam-day planner on simulated
/// learners studying the real CPT and CCMA banks (`docs/scheduling.md`).
enum SimulationBenchmarks {
    static let all: [Benchmark] = [
        Benchmark(name: "sim.exam-day", summary: "Exam-day score, reviews and busiest day: plain FSRS 0.90/0.95 against the planner (--seed --learners --horizon --budget)") { ctx in
            guard case .found(let dir) = ContentLocator().locate() else {
                ctx.note("no Data/ found; skipped")
                return
            }
            let bank = ContentLoader.load(from: dir).bank
            let learners = ctx.learners ?? (ctx.quick ? 8 : 40)
            let horizons = ctx.horizons.isEmpty ? [30, 60, 90] : ctx.horizons
            let budgets = ctx.budgets.isEmpty ? [60, 100, 150] : ctx.budgets
            for trackID in ["cpt", "ccma"] {
                guard let track = bank.track(trackID) else { continue }
                let items = ExamDaySimulation.items(track: track, bank: bank)
                var sim = ExamDaySimulation(items: items, seed: ctx.seed, learners: learners)
                sim.skipChance = ctx.skipChance
                let rows = ctx.sample("table \(trackID)") { sim.table(horizons: horizons, budgets: budgets) }
                print("\(track.shortName): \(items.count) items, \(learners) learners, seed \(ctx.seed)"
                      + (ctx.skipChance > 0 ? ", \(Int((ctx.skipChance * 100).rounded()))% of days missed" : ""))
                print(ExamDaySimulation.format(rows))
            }
        },
    ]
}

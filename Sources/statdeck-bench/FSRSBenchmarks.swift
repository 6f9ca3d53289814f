import Foundation
import StudyCore

/// The FSRS scheduler: reviews per second in Swift and, in the same run, in py-fsrs on
/// the same workload (when `python3 -c "import fsrs"` works).
///
/// The workload is `bench.py`'s from the FSRS reference material: 1,000 new cards, each
/// reviewed 100 times when due (but never more than 365 days after its last review), with
/// seeded ratings drawn 10/10/65/15 % Again/Hard/Good/Easy. The ratings are generated once
/// here and handed to Python in a file, so both sides review the very same sequence; with
/// fuzz off the final cards are compared as a cross-check.
enum FSRSBenchmarks {
    static let cards = 1000, reviewsPerCard = 100
    static var total: Int { cards * reviewsPerCard }
    static let start = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01T00:00Z
    static let year = 365 * 86_400.0

    static let all: [Benchmark] = [
        Benchmark(name: "fsrs.review", summary: "100k FSRS reviews (1000 cards x 100): Swift vs py-fsrs, fuzz off and on") { ctx in
            let ratings = ratingStream(count: total, seed: 1)
            let repeats = ctx.quick ? 3 : 15
            var swift: [String: (best: Double, result: WorkloadResult)] = [:]
            for fuzz in [false, true] {
                let scheduler = try FSRSScheduler(SchedulerConfiguration(fuzzEnabled: fuzz))
                let metric = fuzz ? "swift review, fuzz on" : "swift review, fuzz off"
                var best = Double.infinity
                var last = WorkloadResult()
                for _ in 0..<repeats {
                    let t0 = Clock.now()
                    last = ctx.sample(metric) { runWorkload(scheduler, ratings) }
                    best = min(best, Clock.now() - t0)
                }
                swift[metric] = (best, last)
                ctx.figure(metric + " (best)", Double(total) / best, unit: "reviews/s")
            }
            guard let py = runPython(ratings: ratings, repeats: ctx.quick ? 1 : 3, ctx: &ctx) else { return }
            for (key, metric) in [("fuzz_off", "swift review, fuzz off"), ("fuzz_on", "swift review, fuzz on")] {
                guard let pySeconds = py[key], let s = swift[metric] else { continue }
                let pyRate = Double(total) / pySeconds
                ctx.figure("py-fsrs review, \(key.replacingOccurrences(of: "_", with: " ")) (best)", pyRate, unit: "reviews/s")
                ctx.figure("speed-up, \(key.replacingOccurrences(of: "_", with: " "))", (Double(total) / s.best) / pyRate, unit: "x")
            }
            if let pyS = py["stability_sum"], let pyDue = py["due_sum"], let mine = swift["swift review, fuzz off"]?.result {
                let agree = pyS == mine.stabilitySum && pyDue == mine.dueSum
                ctx.note("final cards, fuzz off: \(agree ? "bit-identical to" : "DIFFERENT FROM") py-fsrs (sum of S \(mine.stabilitySum) vs \(pyS))")
            }
        },
        Benchmark(name: "fsrs.next-states", summary: "100k previews of all four outcomes (fsrs-rs next_states equivalent)") { ctx in
            let ratings = ratingStream(count: total, seed: 2)
            let scheduler = try FSRSScheduler(SchedulerConfiguration(fuzzEnabled: false))
            let gen = SeededRandom(seed: 3)
            var best = Double.infinity
            var sink = 0.0
            for _ in 0..<(ctx.quick ? 3 : 15) {
                let t0 = Clock.now()
                sink += ctx.sample("preview 4 outcomes") {
                    var acc = 0.0
                    var card = Card.new(at: start)
                    for i in 0..<total {
                        if i % reviewsPerCard == 0 { card = .new(at: start) }
                        let at = card.lastReview.map { min(card.due, $0 + year) } ?? card.due
                        let p = scheduler.preview(card, at: at, random: gen)
                        acc += p.again.interval
                        card = p[ratings[i]].card
                    }
                    return acc
                }
                best = min(best, Clock.now() - t0)
            }
            precondition(sink > 0)
            ctx.figure("next-state calls (best)", Double(total) / best, unit: "calls/s")
        },
        Benchmark(name: "fsrs.retrievability", summary: "100k retrievability queries") { ctx in
            let scheduler = try FSRSScheduler()
            let card = Card(phase: .review, step: nil, stability: 12.3, difficulty: 5, due: start, lastReview: start)
            var best = Double.infinity
            var sink = 0.0
            for _ in 0..<(ctx.quick ? 3 : 15) {
                let t0 = Clock.now()
                sink += ctx.sample("retrievability") {
                    var acc = 0.0
                    for i in 0..<total { acc += scheduler.retrievability(of: card, at: start + Double(i) * 997) }
                    return acc
                }
                best = min(best, Clock.now() - t0)
            }
            precondition(sink > 0)
            ctx.figure("retrievability (best)", Double(total) / best, unit: "calls/s")
        },
    ]

    /// What a workload run ends with, to keep the optimiser honest and to compare with py-fsrs.
    struct WorkloadResult {
        var stabilitySum = 0.0
        var dueSum = 0.0
    }

    /// Ratings drawn 10/10/65/15 % from a seeded generator.
    static func ratingStream(count: Int, seed: UInt64) -> [Rating] {
        var g = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            let u = g.nextUnit()
            return u < 0.10 ? .again : u < 0.20 ? .hard : u < 0.85 ? .good : .easy
        }
    }

    /// 1,000 cards x 100 reviews, each at min(due, last review + 365 days).
    static func runWorkload(_ scheduler: FSRSScheduler, _ ratings: [Rating]) -> WorkloadResult {
        var g = SeededRandom(seed: 4)
        var result = WorkloadResult()
        var i = 0
        for _ in 0..<cards {
            var card = Card.new(at: start)
            for _ in 0..<reviewsPerCard {
                let at = card.lastReview.map { min(card.due, $0 + year) } ?? card.due
                card = scheduler.review(card, rating: ratings[i], at: at, random: &g).card
                i += 1
            }
            result.stabilitySum += card.stability ?? 0
            result.dueSum += card.due.timeIntervalSince1970
        }
        return result
    }

    /// py-fsrs on the same ratings: best seconds for fuzz off and on, and the fuzz-off final
    /// cards' sums. Nil (with a note) when python3 or the fsrs package is missing.
    static func runPython(ratings: [Rating], repeats: Int, ctx: inout BenchContext) -> [String: Double]? {
        guard (try? run(["python3", "-c", "import fsrs"]))?.status == 0 else {
            ctx.note("py-fsrs not importable (pip install fsrs==6.3.2): comparison skipped")
            return nil
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ratingsFile = dir.appendingPathComponent("ratings.txt").path
        let scriptFile = dir.appendingPathComponent("pyfsrs_bench.py").path
        do {
            try String(ratings.map { Character(String($0.rawValue)) }).write(toFile: ratingsFile, atomically: true, encoding: .utf8)
            try pythonScript.write(toFile: scriptFile, atomically: true, encoding: .utf8)
            let out = try run(["python3", scriptFile, ratingsFile, String(cards), String(reviewsPerCard), String(repeats)])
            guard out.status == 0 else {
                ctx.note("py-fsrs run failed (status \(out.status)): \(out.stderr.suffix(500))")
                return nil
            }
            // JSONDecoder parses numbers exactly (corelibs JSONSerialization can be an ulp off).
            let r = try JSONDecoder().decode(PythonResult.self, from: Data(out.stdout.utf8))
            ctx.note("py-fsrs \(r.version), Python \(r.python), best of \(repeats)")
            return ["fuzz_off": r.fuzz_off, "fuzz_on": r.fuzz_on, "stability_sum": r.stability_sum, "due_sum": r.due_sum]
        } catch {
            ctx.note("py-fsrs run failed: \(error)")
            return nil
        }
    }

    /// What the Python script prints.
    struct PythonResult: Decodable {
        var version: String
        var python: String
        var fuzz_off: Double
        var fuzz_on: Double
        var stability_sum: Double
        var due_sum: Double
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// The same workload in py-fsrs (the loop of bench.py's bench_review_card).
    static let pythonScript = #"""
        import json, platform, sys, time
        from datetime import datetime, timedelta, timezone
        from importlib.metadata import version
        from fsrs import Card, Rating, Scheduler

        ratings = [Rating(int(c)) for c in open(sys.argv[1]).read().strip()]
        cards, per, repeat = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
        YEAR = timedelta(days=365)
        start = datetime(2025, 1, 1, tzinfo=timezone.utc)

        def run(fuzz):
            sch = Scheduler(enable_fuzzing=fuzz)
            it = iter(ratings)
            finals = []
            t0 = time.perf_counter()
            for c in range(cards):
                card = Card(card_id=c + 1, due=start)
                for _ in range(per):
                    t = card.due if card.last_review is None else min(card.due, card.last_review + YEAR)
                    card, _log = sch.review_card(card, next(it), review_datetime=t)
                finals.append(card)
            return time.perf_counter() - t0, finals

        out = {"version": version("fsrs"), "python": platform.python_version()}
        for fuzz in (False, True):
            best = float("inf")
            for _ in range(repeat):
                seconds, finals = run(fuzz)
                best = min(best, seconds)
            out["fuzz_on" if fuzz else "fuzz_off"] = best
            if not fuzz:
                out["stability_sum"] = sum(c.stability for c in finals)
                out["due_sum"] = sum(c.due.timestamp() for c in finals)
        print(json.dumps(out))
        """#
}

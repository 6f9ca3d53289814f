#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Replays a py-fsrs vector file through `FSRSScheduler` and counts every check, as
/// `verify_vectors.py` does: per review R before, state, step, S, D, due, interval and
/// each R query; then the unit tables and the fuzz table.
///
/// States, steps, due instants, intervals and fuzz results must be equal; S, D and R
/// within `tolerance` relative (`|a - b| <= tol * max(|a|, |b|)`, Python's `isclose`).
public enum FSRSConformance {
    public static let defaultTolerance = 1e-9

    public static func run(_ file: FSRSVectorFile, tolerance: Double = defaultTolerance, keep: Int = 20) -> FSRSConformanceReport {
        var ck = Checker(tolerance: tolerance, keep: keep)
        var noFuzz = SplitMix64(seed: 0)  // every vector config has fuzz off; never drawn from
        for seq in file.sequences {
            let scheduler = seq.config.scheduler
            var card = seq.initialCard
            for (k, rv) in seq.reviews.enumerated() {
                let at = FSRSConformanceReport.Location.review(sequence: seq.id, index: k)
                ck.number(scheduler.retrievability(of: card, at: rv.time), rv.retrievabilityBefore, at, "r_before")
                card = scheduler.review(card, rating: rv.rating, at: rv.time, random: &noFuzz).card
                let want = rv.expected
                ck.equal(card.phase.rawValue, want.phase.rawValue, at, "state")
                ck.equal(card.step, want.step, at, "step")
                ck.number(card.stability, want.stability, at, "stability")
                ck.number(card.difficulty, want.difficulty, at, "difficulty")
                ck.equal(ISO8601Timestamp.format(card.due), ISO8601Timestamp.format(want.due), at, "due", same: card.due == want.due)
                let seconds = card.due.timeIntervalSince(rv.time)
                ck.equal(seconds.isFinite && abs(seconds) < 9e15 ? Int(seconds) : Int.max, rv.intervalSeconds, at, "interval_s")
                for (offset, r) in rv.retrievabilityQueries {
                    let got = scheduler.retrievability(of: card, at: rv.time.addingTimeInterval(Double(offset)))
                    ck.number(got, r, at, "R@+\(offset)s")
                }
            }
        }
        for table in file.units {
            let model = table.config.scheduler.model
            let at = FSRSConformanceReport.Location.table("units for config \(table.config.id)")
            ck.number(model.factor, table.factor, at, "factor")
            for rating in Rating.allCases {
                let i = rating.rawValue - 1
                ck.number(model.initialStability(rating), table.initialStability[i], at, "initial_stability(G=\(rating.rawValue))")
                ck.number(model.initialDifficulty(rating), table.initialDifficultyClamped[i], at, "initial_difficulty(G=\(rating.rawValue))")
                ck.number(model.initialDifficulty(rating, clamped: false), table.initialDifficultyUnclamped[i], at,
                          "initial_difficulty_unclamped(G=\(rating.rawValue))")
            }
            for row in table.nextDifficulty {
                ck.number(model.nextDifficulty(row.difficulty, row.rating), row.value, at,
                          "next_difficulty(D=\(row.difficulty), G=\(row.rating.rawValue))")
            }
            for row in table.shortTermStability {
                ck.number(model.shortTermStability(row.stability, row.rating), row.value, at,
                          "short_term_stability(S=\(row.stability), G=\(row.rating.rawValue))")
            }
            for row in table.nextStability {
                ck.number(model.nextStability(difficulty: row.difficulty, stability: row.stability,
                                              retrievability: row.retrievability, rating: row.rating), row.value, at,
                          "next_stability(D=\(row.difficulty), S=\(row.stability), R=\(row.retrievability), G=\(row.rating.rawValue))")
            }
            for row in table.nextInterval {
                let m = FSRSModel(parameters: model.parameters, desiredRetention: row.desiredRetention,
                                  maximumInterval: model.maximumInterval)
                ck.equal(m.nextIntervalDays(row.stability), row.days, at, "next_interval(DR=\(row.desiredRetention), S=\(row.stability))")
            }
            let base = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01T00:00Z, as the generator
            for row in table.retrievability {
                let card = Card(phase: .review, step: nil, stability: row.stability, difficulty: 5, due: base, lastReview: base)
                let got = table.config.scheduler.retrievability(of: card, at: base.addingTimeInterval(Double(row.elapsedSeconds)))
                ck.number(got, row.value, at, "retrievability(S=\(row.stability), t=\(row.elapsedSeconds)s)")
            }
        }
        if let fuzz = file.fuzz {
            let at = FSRSConformanceReport.Location.table("fuzz")
            for row in fuzz.rows {
                for (u, want) in zip(fuzz.units, row.results) {
                    ck.equal(FSRSFuzz.fuzzedDays(row.days, maximumInterval: row.maximumInterval, unit: u), want, at,
                             "fuzz(interval=\(row.days), max=\(row.maximumInterval), u=\(u))")
                }
            }
        }
        return ck.report
    }

    /// Counts checks and keeps the first mismatches.
    struct Checker {
        let tolerance: Double
        let keep: Int
        var report = FSRSConformanceReport()

        mutating func record(_ ok: Bool, exact: Bool, _ at: FSRSConformanceReport.Location, _ field: String,
                             _ got: @autoclosure () -> String, _ want: @autoclosure () -> String) {
            report.checks += 1
            if exact { report.exact += 1 }
            if ok { return }
            report.mismatchCount += 1
            if report.firstMismatches.count < keep {
                report.firstMismatches.append(.init(location: at, field: field, got: got(), want: want()))
            }
        }

        mutating func equal<T: Equatable>(_ got: T?, _ want: T?, _ at: FSRSConformanceReport.Location, _ field: String,
                                          same: Bool? = nil) {
            let ok = same ?? (got == want)
            record(ok, exact: ok, at, field, Self.text(got), Self.text(want))
        }

        mutating func number(_ got: Double?, _ want: Double?, _ at: FSRSConformanceReport.Location, _ field: String) {
            let exact = got == want
            var ok = exact
            if !ok, let g = got, let w = want, g.isFinite, w.isFinite {
                ok = abs(g - w) <= tolerance * max(abs(g), abs(w))
            }
            record(ok, exact: exact, at, field, Self.text(got), Self.text(want))
        }

        static func text<T>(_ v: T?) -> String { v.map { "\($0)" } ?? "null" }
    }
}

/// The outcome of replaying a vector file.
public struct FSRSConformanceReport: Sendable {
    /// Where a check was made.
    public enum Location: Sendable, Hashable, CustomStringConvertible {
        case review(sequence: Int, index: Int)
        case table(String)

        public var description: String {
            switch self {
            case let .review(sequence, index): return "sequence \(sequence), review \(index)"
            case let .table(name): return name
            }
        }
    }

    /// One failed check, with both values as text.
    public struct Mismatch: Sendable, Hashable, CustomStringConvertible {
        public var location: Location
        public var field: String
        public var got: String
        public var want: String

        public var description: String { "\(location), \(field): got \(got), want \(want)" }
    }

    public var checks = 0
    /// Checks whose values were identical (bit for bit for numbers).
    public var exact = 0
    public var mismatchCount = 0
    /// The first mismatches, in file order.
    public var firstMismatches: [Mismatch] = []

    public var passed: Bool { mismatchCount == 0 }

    /// `N checks, M mismatches`.
    public var summary: String { "\(checks) checks, \(mismatchCount) mismatches" }
}

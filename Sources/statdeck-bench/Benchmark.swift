#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// One named measurement. `run` calls `sample` as often as it likes; each call
/// times one repetition, and the harness reports median and p95.
struct Benchmark: Sendable {
    var name: String
    var summary: String
    var run: @Sendable (inout BenchContext) throws -> Void
}

/// What a benchmark records: timed samples (seconds) and free-form figures.
struct BenchContext {
    var samples: [String: [Double]] = [:]
    var figures: [(name: String, value: Double, unit: String)] = []
    var notes: [String] = []
    /// Scale factor for quick runs (`--quick`): benchmarks divide their sizes by it.
    var quick: Bool = false
    /// `sim.exam-day`: seed, learners, exam horizons (days) and daily budgets (reviews).
    var seed: UInt64 = 1
    var learners: Int?
    var horizons: [Int] = []
    var budgets: [Int] = []
    var skipChance: Double = 0

    /// Times `body` once and records the sample under `metric`.
    @discardableResult
    mutating func sample<T>(_ metric: String, _ body: () throws -> T) rethrows -> T {
        let start = Clock.now()
        let value = try body()
        samples[metric, default: []].append(Clock.now() - start)
        return value
    }

    /// Records a figure that is not a time (a rate, a count, bytes).
    mutating func figure(_ name: String, _ value: Double, unit: String) {
        figures.append((name, value, unit))
    }

    mutating func note(_ text: String) { notes.append(text) }
}

/// Monotonic seconds.
enum Clock {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// Peak resident memory of this process so far, in bytes (from /proc/self/status VmHWM).
func peakResidentBytes() -> Double? {
    guard let data = FileManager.default.contents(atPath: "/proc/self/status") else { return nil }
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let digits = line.filter(\.isNumber)
        if let kb = Double(String(digits)) { return kb * 1024 }
    }
    return nil
}

/// Order statistics of timed samples.
struct Stats {
    var count: Int
    var median: Double
    var p95: Double
    var p99: Double
    var min: Double

    init(_ values: [Double]) {
        let s = values.sorted()
        count = s.count
        func q(_ p: Double) -> Double {
            guard !s.isEmpty else { return .nan }
            let idx = Int((Double(s.count - 1) * p).rounded(.up))
            return s[Swift.min(idx, s.count - 1)]
        }
        median = q(0.5)
        p95 = q(0.95)
        p99 = q(0.99)
        min = s.first ?? .nan
    }
}

/// Formats seconds with a unit that keeps 3 significant digits.
func formatDuration(_ seconds: Double) -> String {
    if seconds.isNaN { return "-" }
    if seconds < 1e-6 { return String(format3(seconds * 1e9)) + " ns" }
    if seconds < 1e-3 { return String(format3(seconds * 1e6)) + " us" }
    if seconds < 1 { return String(format3(seconds * 1e3)) + " ms" }
    return String(format3(seconds)) + " s"
}

func format3(_ x: Double) -> String {
    if x >= 100 { return String(Int(x.rounded())) }
    if x >= 10 { return String((x * 10).rounded() / 10) }
    return String((x * 100).rounded() / 100)
}

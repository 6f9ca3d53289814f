/// The ranges every number in a profile file must fall in. A loader refuses a value outside
/// its range with `file:line:column: field: value out of range`, so nothing later (display,
/// scoring, the scheduler) ever meets a number it cannot turn into a whole count.
///
/// The bounds are wide enough for anything StatDeck writes, and narrow enough that every
/// value times any factor the code uses (1,000 for milliseconds, 60 for minutes, 86,400 for
/// days) stays a small fraction of `Int.max`.
public enum StoreLimits {
    /// FSRS stability in days: more than 0 (the scheduler's floor is 0.001), at most about 2,700 years.
    public static let stability: ClosedRange<Double> = 0.000_001...1_000_000
    /// FSRS difficulty.
    public static let difficulty: ClosedRange<Double> = 1...10
    /// A learning or relearning step index.
    public static let step: ClosedRange<Int> = 0...10_000
    /// Times an item was forgotten.
    public static let lapses: ClosedRange<Int> = 0...1_000_000
    /// Milliseconds spent on one review (a year at most; the store caps longer ones).
    public static let reviewMs: ClosedRange<Int> = 0...31_536_000_000
    /// Seconds spent in a mock exam, in total or on one item (ten years at most).
    public static let examSeconds: ClosedRange<Double> = 0...315_360_000
    /// A mock exam's time limit in minutes.
    public static let examMinutes: ClosedRange<Int> = 1...100_000
    /// Items in one mock exam.
    public static let examItems: ClosedRange<Int> = 0...100_000
    /// A count of reviews, items or answers in a day's totals or the index.
    public static let count: ClosedRange<Int> = 0...1_000_000_000
    /// Milliseconds summed over a day's reviews.
    public static let dayMs: ClosedRange<Int> = 0...1_000_000_000_000_000
    /// The largest file StatDeck reads whole (settings, snapshot, totals, index, attempts).
    public static let maxFileBytes = 256 << 20

    /// `"field": value out of range (should be ...)`.
    static func outOfRange(_ key: String, _ value: String, _ range: String) -> String {
        "\"\(key)\": \(value) out of range (should be \(range))"
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "at least \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
    }

    static func describe(_ range: ClosedRange<Double>) -> String {
        "\(format(range.lowerBound)) to \(format(range.upperBound))"
    }

    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }
}

extension Int {
    /// The whole number nearest `value` within `Int`'s range (0 for NaN): a conversion that
    /// cannot trap, for display and for turning stored times into counts.
    public init(saturating value: Double) {
        if value.isNaN { self = 0; return }
        if value >= 9.2e18 { self = Int.max; return }
        if value <= -9.2e18 { self = Int.min; return }
        self = Int(value)
    }
}

/// py-fsrs 6.3.2's interval fuzz (`Scheduler._get_fuzzed_interval`), with the uniform
/// draw passed in so that it is testable and reproducible.
///
/// Intervals under 2.5 days are left alone. Otherwise the range is
/// `d ± (1 + 0.15·overlap(2.5..7) + 0.10·overlap(7..20) + 0.05·overlap(20..))`, rounded half
/// to even, at least 2 and at most the maximum interval; the result is
/// `round(u · (hi - lo + 1) + lo)`. Because py-fsrs rounds where Anki floors, the result
/// can be `hi + 1` (capped at the maximum interval) and the two ends are half as likely as
/// the values between. We keep that quirk: matching py-fsrs is the contract.
public enum FSRSFuzz {
    /// The span the draw maps onto, before py-fsrs's rounding of the draw.
    @inlinable
    public static func range(days: Int, maximumInterval: Int) -> (lower: Int, upper: Int) {
        let d = Double(days)
        // py-fsrs FUZZ_RANGES, (start, end, factor), summed in its order.
        var delta = 1.0
        delta += 0.15 * max(min(d, 7.0) - 2.5, 0.0)
        delta += 0.1 * max(min(d, 20.0) - 7.0, 0.0)
        delta += 0.05 * max(min(d, .infinity) - 20.0, 0.0)
        var lower = Int((d - delta).rounded(.toNearestOrEven))
        var upper = Int((d + delta).rounded(.toNearestOrEven))
        lower = max(2, lower)
        upper = min(upper, maximumInterval)
        lower = min(lower, upper)
        return (lower, upper)
    }

    /// The fuzzed interval in days for a draw `u` in [0, 1).
    @inlinable
    public static func fuzzedDays(_ days: Int, maximumInterval: Int, unit u: Double) -> Int {
        if days < 3 { return days }  // py-fsrs: interval_days < 2.5
        let (lower, upper) = range(days: days, maximumInterval: maximumInterval)
        let drawn = (u * Double(upper - lower + 1) + Double(lower)).rounded(.toNearestOrEven)
        return min(Int(drawn), maximumInterval)
    }
}

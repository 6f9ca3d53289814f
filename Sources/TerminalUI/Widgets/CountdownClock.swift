/// Time left on a timed exam: `1:23:45`, `04:31`, and `! 04:31` in the warning
/// style once it is under the warning threshold (the `!` shows it without colour).
public struct CountdownClock: Sendable, Hashable {
    /// Seconds left (negative counts as zero).
    public var remaining: Int
    /// From this many seconds left on, the clock warns.
    public var warnBelow: Int

    public init(remaining: Int, warnBelow: Int = 300) {
        self.remaining = max(0, remaining)
        self.warnBelow = warnBelow
    }

    /// Seconds left until `deadline`, both in seconds since 1970 (rounded up, so the
    /// clock reads 00:00 only when time is really up).
    public init(deadline: Double, now: Double, warnBelow: Int = 300) {
        let left = deadline - now
        self.init(remaining: left > 0 ? Int(saturating: left.rounded(.up)) : 0, warnBelow: warnBelow)
    }

    public var isWarning: Bool { remaining <= warnBelow }
    public var isExpired: Bool { remaining == 0 }

    /// `h:mm:ss` from an hour up, `mm:ss` below.
    public static func format(seconds: Int) -> String {
        let s = max(0, seconds)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if s >= 3600 { return "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" }
        return "\(two(s / 60)):\(two(s % 60))"
    }

    /// The clock as shown, with `!` in front when warning.
    public var text: String { (isWarning ? "! " : "") + CountdownClock.format(seconds: remaining) }

    /// Draws the clock right-aligned in the first row of `area`.
    public func render(into canvas: inout Canvas, area: Rect) {
        guard area.width > 0, area.height > 0 else { return }
        let t = text
        let x = max(area.x, area.maxX - DisplayWidth.of(t))
        canvas.write(t, x: x, y: area.y, style: isWarning ? canvas.theme.warning : canvas.theme.text, clip: area.row(0))
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place StatDeck reads the time: wall-clock `now()` for schedules and logs,
/// and `monotonic()` seconds for timers that must not jump when the clock is changed.
///
/// `STATDECK_NOW` (ISO 8601, e.g. `2026-12-01T09:00:00Z`) or `--now` fixes the wall clock's
/// starting point so tests and demos can move time: the clock then runs on from that
/// instant at real speed. Tests construct a clock with fixed functions instead.
public struct StudyClock: Sendable {
    public var now: @Sendable () -> Date
    public var monotonic: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Date, monotonic: @escaping @Sendable () -> Double) {
        self.now = now
        self.monotonic = monotonic
    }

    /// The machine's clocks.
    public static let system = StudyClock(now: { Date() }, monotonic: StudyClock.monotonicSeconds)

    /// A clock that reads `start` at the moment of the call and then advances in real time.
    public static func starting(at start: Date) -> StudyClock {
        let origin = monotonicSeconds()
        return StudyClock(now: { start.addingTimeInterval(monotonicSeconds() - origin) }, monotonic: monotonicSeconds)
    }

    /// A clock frozen at `date` (monotonic time frozen too), for tests.
    public static func fixed(_ date: Date) -> StudyClock {
        StudyClock(now: { date }, monotonic: { 0 })
    }

    /// The clock a command should use: `override` (from `--now`) first, then
    /// `STATDECK_NOW`, else the system clock. A value that is not ISO 8601 is an error
    /// naming where it came from.
    public static func resolve(override: String?, environment: [String: String]) throws(StudyClockError) -> StudyClock {
        if let text = override {
            return .starting(at: try checked(text, source: "--now"))
        }
        if let text = environment["STATDECK_NOW"], !text.isEmpty {
            return .starting(at: try checked(text, source: "STATDECK_NOW"))
        }
        return .system
    }

    /// The years a pretended clock may name: due dates run up to a century ahead and study days
    /// shift by a time zone, and every one must stay a date the store can write and read back.
    public static let allowedYears = 1900...9800

    private static func checked(_ text: String, source: String) throws(StudyClockError) -> Date {
        guard let date = ISO8601Timestamp.parse(text) else { throw StudyClockError(source: source, value: text) }
        let year = CalendarDay(containing: date).year
        guard allowedYears.contains(year) else {
            throw StudyClockError(source: source, value: text,
                                  reason: "must be a time between the years \(allowedYears.lowerBound) and \(allowedYears.upperBound) (due dates run up to a century ahead)")
        }
        return date
    }

    /// CLOCK_MONOTONIC in seconds.
    public static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// A time override that could not be read.
public struct StudyClockError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var value: String
    public var reason: String = "must be an ISO 8601 time such as 2026-12-01T09:00:00Z"
    public var description: String {
        "\(source) \(reason), not '\(value)'"
    }
}

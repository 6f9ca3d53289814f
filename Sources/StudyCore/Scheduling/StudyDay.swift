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

/// The study day, as Anki counts it: a day starts at a fixed local hour (default 4:00),
/// so a late-night session belongs to the day before.
///
/// The scheduler computes due instants exactly as py-fsrs does; the queue uses this to
/// decide what is due *today*: a Review card is due when its due instant falls before
/// the end of the current study day, so a card due at 20:00 tomorrow is shown in
/// tomorrow morning's session. Local time comes in as a UTC offset (seconds east of UTC)
/// for an instant, so daylight-saving changes are handled by whoever supplies it
/// (`StudyDay.systemUTCOffset` asks the C library, which reads the system time zone
/// database); no ICU calendar is involved.
public struct StudyDay: Sendable {
    /// The local hour (0-23) at which a new study day begins.
    public var startHour: Int
    /// Seconds east of UTC at an instant.
    public var utcOffset: @Sendable (Date) -> Int
    /// How far ahead an intra-day learning step may be shown (0: only once due; Anki's
    /// queue uses 20 minutes when nothing else is left).
    public var learnAheadLimit: Double

    public init(startHour: Int = 4, learnAheadLimit: Double = 0, utcOffset: @escaping @Sendable (Date) -> Int) {
        self.startHour = min(max(startHour, 0), 23)
        self.learnAheadLimit = learnAheadLimit
        self.utcOffset = utcOffset
    }

    /// A fixed offset: `utcOffsetSeconds` east of UTC (e.g. -18000 for US Eastern Standard Time).
    public init(startHour: Int = 4, learnAheadLimit: Double = 0, utcOffsetSeconds: Int) {
        self.init(startHour: startHour, learnAheadLimit: learnAheadLimit, utcOffset: { _ in utcOffsetSeconds })
    }

    /// The machine's own time zone, through `localtime_r` (honours `TZ`).
    public static let systemUTCOffset: @Sendable (Date) -> Int = { date in
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard localtime_r(&t, &parts) != nil else { return 0 }
        return Int(parts.tm_gmtoff)
    }

    /// The study day containing `instant`, as a day count: equal numbers are the same day.
    public func dayNumber(of instant: Date) -> Int {
        let local = instant.timeIntervalSince1970 + Double(utcOffset(instant)) - Double(startHour * 3600)
        return Int(saturating: (local / 86_400).rounded(.down))
    }

    /// The instant the study day numbered `day` begins (local `startHour`:00).
    public func start(ofDay day: Int) -> Date {
        let local = Double(day) * 86_400 + Double(startHour * 3600)
        // Convert local wall time to an instant; re-ask the offset at the guess so a
        // daylight-saving change between `now` and the boundary is respected.
        var guess = local - Double(utcOffset(Date(timeIntervalSince1970: local)))
        guess = local - Double(utcOffset(Date(timeIntervalSince1970: guess)))
        return Date(timeIntervalSince1970: guess)
    }

    /// When the study day containing `instant` began.
    public func startOfDay(containing instant: Date) -> Date { start(ofDay: dayNumber(of: instant)) }

    /// When the study day containing `instant` ends (the next day's start).
    public func endOfDay(containing instant: Date) -> Date { start(ofDay: dayNumber(of: instant) + 1) }

    /// Whether `card` belongs in a session at `now`.
    ///
    /// Review cards, and learning cards on a step of a day or more, are due when their due
    /// instant falls before the end of today's study day. A new card is due once its due
    /// instant has come. Intra-day learning and relearning steps are due at their instant
    /// (plus `learnAheadLimit`), because minutes matter there.
    public func isDue(_ card: Card, at now: Date) -> Bool {
        if card.phase == .review || isInterday(card) {
            return card.due < endOfDay(containing: now)
        }
        return card.due <= now.addingTimeInterval(learnAheadLimit)
    }

    /// True for a learning or relearning card whose current step is a day or longer.
    public func isInterday(_ card: Card) -> Bool {
        guard let last = card.lastReview else { return false }
        return card.due.timeIntervalSince(last) >= 86_400
    }
}

extension StudyDay {
    /// When `due` comes, in words a candidate reads at a glance: "now", "in 3h" (later this
    /// study day), "tomorrow" (the next study day), "in 4 days".
    public func dueLabel(_ due: Date, at now: Date) -> String {
        if due <= now { return "now" }
        let days = dayNumber(of: due) - dayNumber(of: now)
        switch days {
        case ...0: return "in " + IntervalLabel.short(seconds: due.timeIntervalSince(now))
        case 1: return "tomorrow"
        default: return "in \(days) days"
        }
    }
}

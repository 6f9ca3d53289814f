#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A calendar date written `YYYY-MM-DD`: an exam date, or the study day a review counts toward.
///
/// A study day runs from the day-start hour (4 a.m. by default) to the same hour the next
/// morning, in the user's time zone, so a late-night session counts toward the evening it began.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid Gregorian date from year 1 to 9999, or nil.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= ISO8601Timestamp.daysInMonth(year, month) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; nil for anything else (including impossible dates).
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        guard let (y, m, d) = b.withUnsafeBufferPointer({ p -> (Int, Int, Int)? in
            guard let y = Timestamp.digits(p, 0, 4), let m = Timestamp.digits(p, 5, 2),
                  let d = Timestamp.digits(p, 8, 2) else { return nil }
            return (y, m, d)
        }) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date `daysSinceEpoch` days after 1970-01-01 (proleptic Gregorian).
    public init(daysSinceEpoch: Int) {
        (year, month, day) = ISO8601Timestamp.civilFromDays(daysSinceEpoch)
    }

    /// The study day that contains `date` for a user `utcOffsetSeconds` east of UTC whose
    /// days start at `dayStartHour` (0-23) local time.
    public init(containing date: Date, utcOffsetSeconds: Int = 0, dayStartHour: Int = 0) {
        let ms = Timestamp.milliseconds(date) + Int64(utcOffsetSeconds - dayStartHour * 3600) * 1000
        self.init(daysSinceEpoch: Int(Timestamp.floorDivide(ms, 86_400_000).0))
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int { ISO8601Timestamp.daysFromCivil(year, month, day) }

    /// The day `n` days later (earlier when negative).
    public func adding(days n: Int) -> CalendarDay { CalendarDay(daysSinceEpoch: daysSinceEpoch + n) }

    /// `YYYY-MM-DD`.
    public var description: String {
        var out: [UInt8] = []
        out.reserveCapacity(10)
        Timestamp.appendDay(self, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

extension CalendarDay: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "\"\(text)\" is not a date written YYYY-MM-DD")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension CalendarDay {
    /// How a date may be typed, for messages: "YYYY-MM-DD or MM/DD/YYYY".
    public static let inputFormats = "YYYY-MM-DD or MM/DD/YYYY"

    /// A date as a user may type it: `YYYY-MM-DD`, or US-style `MM/DD/YYYY` (one-digit month
    /// and day allowed: `1/5/2027`); surrounding spaces ignored. Nil for anything else,
    /// including impossible dates and two-digit years.
    public static func userInput(_ text: String) -> CalendarDay? {
        let t = text.trimmingWhitespace()
        if let day = CalendarDay(t) { return day }
        let parts = t.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 4,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        return CalendarDay(year: y, month: m, day: d)
    }

    /// Today's date on the calendar where the user is (not the study day: before the day-start
    /// hour it is already the next calendar date).
    public static func calendarToday(at now: Date, utcOffsetSeconds: Int) -> CalendarDay {
        CalendarDay(containing: now, utcOffsetSeconds: utcOffsetSeconds, dayStartHour: 0)
    }
}

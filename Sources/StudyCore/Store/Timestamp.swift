#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The way every progress file writes a moment: UTC ISO 8601 to the millisecond,
/// `2026-11-28T23:52:17.123Z`.
///
/// The store keeps times to the millisecond: `normalized` rounds a date the same
/// way writing and reading it back would, so what is in memory equals what is on disk.
public enum Timestamp {
    /// True for dates a file can hold: years 1 to 9999.
    public static func isWritable(_ date: Date) -> Bool {
        let t = date.timeIntervalSince1970
        return t.isFinite && t >= -62_135_596_800 && t < 253_402_300_800
    }

    /// Milliseconds since 1970-01-01T00:00:00Z, rounded to the nearest.
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The date of a whole number of milliseconds since 1970.
    public static func date(milliseconds ms: Int64) -> Date {
        Date(timeIntervalSince1970: Double(ms) / 1000)
    }

    /// `date` rounded to the millisecond: the value a file round trip gives.
    public static func normalized(_ date: Date) -> Date {
        Self.date(milliseconds: milliseconds(date))
    }

    /// `2026-11-28T23:52:17.123Z`.
    public static func string(_ date: Date) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        append(date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the ISO 8601 form of `date` as UTF-8 bytes (no quotes).
    public static func append(_ date: Date, to out: inout [UInt8]) {
        let ms = milliseconds(date)
        let (days, msOfDay) = floorDivide(ms, 86_400_000)
        appendDay(CalendarDay(daysSinceEpoch: Int(days)), to: &out)
        out.append(UInt8(ascii: "T"))
        let seconds = Int(msOfDay / 1000)
        appendDigits(seconds / 3600, 2, &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(seconds / 60 % 60, 2, &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(seconds % 60, 2, &out)
        out.append(UInt8(ascii: "."))
        appendDigits(Int(msOfDay % 1000), 3, &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// `20261128T235217Z`: a moment to the second, for file names.
    public static func compact(_ date: Date) -> String {
        String(string(date).unicodeScalars.filter { $0 != "-" && $0 != ":" }.prefix(15)) + "Z"
    }

    /// Appends `YYYY-MM-DD`.
    static func appendDay(_ day: CalendarDay, to out: inout [UInt8]) {
        appendDigits(day.year, 4, &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(day.month, 2, &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(day.day, 2, &out)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (1 to 3 fraction digits); nil for anything else.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// Parses the UTF-8 bytes of a timestamp; nil when they are not one.
    public static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[b.count - 1] == UInt8(ascii: "Z"),
              let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2),
              let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), let second = digits(b, 17, 2),
              hour < 24, minute < 60, second < 60,
              let date = CalendarDay(year: year, month: month, day: day)
        else { return nil }
        var ms = 0
        if b.count > 20 {
            let fraction = b.count - 21  // between the '.' and the 'Z'
            guard b[19] == UInt8(ascii: "."), (1...3).contains(fraction), let f = digits(b, 20, fraction) else { return nil }
            ms = f * (fraction == 1 ? 100 : fraction == 2 ? 10 : 1)
        }
        let total = Int64(date.daysSinceEpoch) * 86_400_000
            + Int64(((hour * 60 + minute) * 60 + second) * 1000 + ms)
        return Self.date(milliseconds: total)
    }

    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for i in start..<start + count {
            let d = Int(b[i]) - 48
            guard d >= 0 && d <= 9 else { return nil }
            value = value * 10 + d
        }
        return value
    }

    static func appendDigits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 {
            out.append(UInt8(48 + v / divisor % 10))
            v %= divisor
            divisor /= 10
        }
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }
}

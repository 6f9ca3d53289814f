import Testing
@testable import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An instant from a UTC wall-clock time.
func utc(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int = 0) -> Date {
    Date(timeIntervalSince1970: Double(ISO8601Timestamp.daysFromCivil(y, mo, d) * 86_400 + h * 3600 + mi * 60))
}

@Suite("Study day")
struct StudyDayTests {
    /// New York in winter (UTC-5), day starting at 4:00.
    let newYork = StudyDay(utcOffsetSeconds: -5 * 3600)

    func review(dueAt due: Date) -> Card {
        Card(phase: .review, step: nil, stability: 5, difficulty: 5, due: due, lastReview: due - 5 * day)
    }

    @Test("a card due at 20:00 tomorrow is in tomorrow morning's session, not today's")
    func dueTomorrowEvening() {
        let card = review(dueAt: utc(2025, 1, 12, 1))  // 20:00 on 11 Jan in New York
        #expect(!newYork.isDue(card, at: utc(2025, 1, 10, 14)))  // 09:00 on 10 Jan
        #expect(newYork.isDue(card, at: utc(2025, 1, 11, 13)))  // 08:00 on 11 Jan
        #expect(newYork.isDue(card, at: utc(2025, 1, 12, 8, 59)))  // 03:59 on 12 Jan: still the 11th's study day
    }

    @Test("the study day ends at 4:00 local: due 03:59 is today, 04:00 is tomorrow")
    func dayBoundary() {
        let morning = utc(2025, 1, 10, 14)  // 09:00 local
        #expect(newYork.isDue(review(dueAt: utc(2025, 1, 11, 8, 59)), at: morning))
        #expect(!newYork.isDue(review(dueAt: utc(2025, 1, 11, 9)), at: morning))
        #expect(newYork.endOfDay(containing: morning) == utc(2025, 1, 11, 9))
        #expect(newYork.startOfDay(containing: morning) == utc(2025, 1, 10, 9))
    }

    @Test("a session at 02:30 belongs to the previous study day")
    func lateNight() {
        let lateNight = utc(2025, 1, 11, 7, 30)  // 02:30 on 11 Jan
        #expect(newYork.dayNumber(of: lateNight) == newYork.dayNumber(of: utc(2025, 1, 10, 14)))
        #expect(newYork.dayNumber(of: utc(2025, 1, 11, 9)) == newYork.dayNumber(of: lateNight) + 1)
        let midnight = StudyDay(startHour: 0, utcOffsetSeconds: -5 * 3600)
        #expect(midnight.dayNumber(of: lateNight) == newYork.dayNumber(of: lateNight) + 1)
    }

    @Test("learning steps are due at their instant; a step of a day or more counts by day")
    func learningCards() {
        let now = utc(2025, 1, 10, 14)
        let step = Card(phase: .learning, step: 1, stability: 2.3, difficulty: 2.1, due: now + 10 * minute, lastReview: now)
        #expect(!newYork.isDue(step, at: now))
        #expect(newYork.isDue(step, at: now + 10 * minute))
        let ahead = StudyDay(learnAheadLimit: 20 * minute, utcOffsetSeconds: -5 * 3600)
        #expect(ahead.isDue(step, at: now))
        let interday = Card(phase: .learning, step: 3, stability: 3, difficulty: 4, due: utc(2025, 1, 12, 1), lastReview: utc(2025, 1, 11, 1))
        #expect(newYork.isInterday(interday))
        #expect(newYork.isDue(interday, at: utc(2025, 1, 11, 13)))
        #expect(newYork.isDue(.new(at: now), at: now))
        #expect(!newYork.isDue(.new(at: now + hour), at: now))
    }

    @Test("the day start follows a daylight-saving change")
    func daylightSaving() {
        // US Eastern: UTC-5 until 2025-03-09 07:00Z, then UTC-4.
        let change = utc(2025, 3, 9, 7)
        let eastern = StudyDay(utcOffset: { $0 < change ? -5 * 3600 : -4 * 3600 })
        let saturday = utc(2025, 3, 8, 15)  // 10:00 EST
        #expect(eastern.endOfDay(containing: saturday) == utc(2025, 3, 9, 8))  // 04:00 EDT
        #expect(eastern.startOfDay(containing: saturday) == utc(2025, 3, 8, 9))  // 04:00 EST
        #expect(eastern.endOfDay(containing: utc(2025, 3, 10, 12)) == utc(2025, 3, 11, 8))
    }

    @Test("east of UTC too, and the system offset is a real one")
    func otherZones() {
        let tokyo = StudyDay(utcOffsetSeconds: 9 * 3600)
        #expect(tokyo.startOfDay(containing: utc(2025, 1, 10, 12)) == utc(2025, 1, 9, 19))  // 21:00 on 10 Jan: the day began 04:00 on 10 Jan
        #expect(tokyo.startOfDay(containing: utc(2025, 1, 10, 18)) == utc(2025, 1, 9, 19))  // 03:00 on 11 Jan: still the 10th
        let offset = StudyDay.systemUTCOffset(jan1)
        #expect(abs(offset) <= 14 * 3600 && offset % 900 == 0)
    }
}

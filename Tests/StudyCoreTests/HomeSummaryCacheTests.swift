import Foundation
import Testing
@testable import StudyCore
#if canImport(Glibc)
import Glibc
#endif

/// The saved home summary a start may draw its first frame from: it must be refused the
/// moment the profile, the content, the day or the time zone is not what it was saved for,
/// and a damaged file must be a plain miss.
@Suite("Home summary cache")
struct HomeSummaryCacheTests {
    static let from = Date(timeIntervalSince1970: 1_795_860_000.125)

    static func sample(directory: String = "/data/profiles/alice") -> HomeSummaryCache {
        var summary = HomeSummary(profile: "alice", trackID: "cpt", trackName: "CPT", due: DueCounts(learning: 9, review: 9, new: 9),
                                  newLimit: 20, doneToday: 14, correctToday: 11, streak: 6, daysToExam: 23, flagged: 3,
                                  questionOfTheDay: DailyQuestion(id: "cpt-q-0007", stem: "Which \"tube\" first?\nA line\tbreak, é ✓"),
                                  questionArea: "Routine Collections", questionAnswered: false, missed: 4)
        summary.personalDecks = ["Mine", "Ünïcode"]
        // An instant a hair above a whole millisecond, as `countSchedule` may make one.
        let odd = Date(timeIntervalSince1970: (from.timeIntervalSince1970 + 600).nextUp)
        let schedule = DueCountSchedule(from: from, until: from.addingTimeInterval(6 * 3600), learning: 1, review: 12, fresh: 3,
                                        allowedNew: 5, steps: [.init(at: odd, learning: 1, review: 0, fresh: 0),
                                                               .init(at: from.addingTimeInterval(3600), learning: -1, review: 1, fresh: 4)])
        return HomeSummaryCache(summary: summary, schedule: schedule, theme: "high-contrast", profileDirectory: directory,
                                profileSignature: 0xDEAD_BEEF_0000_0001, contentSignature: 0xFFFF_FFFF_FFFF_FFFE, utcOffset: -18_000)
    }

    @Test("the summary reads back exactly, odd instants and all; the due counts follow its schedule; missed is left to the log")
    func roundTrip() throws {
        let cache = Self.sample()
        let back = try #require(HomeSummaryCache.decode(cache.encoded()))
        #expect(back == cache)
        let at = { (seconds: Double) in
            back.summary(at: Self.from.addingTimeInterval(seconds), utcOffset: -18_000,
                         profileSignature: 0xDEAD_BEEF_0000_0001, contentSignature: 0xFFFF_FFFF_FFFF_FFFE)
        }
        let first = try #require(at(0))
        #expect(first.due == DueCounts(learning: 1, review: 12, new: 3))
        #expect(first.missed == nil, "the missed count needs the log: the home screen asks for it after the frame")
        #expect(first.flagged == 3 && first.streak == 6 && first.personalDecks == ["Mine", "Ünïcode"])
        #expect(first.questionOfTheDay?.stem == "Which \"tube\" first?\nA line\tbreak, é ✓")
        #expect(at(600)?.due == DueCounts(learning: 1, review: 12, new: 3), "a hair before the step")
        #expect(at(601)?.due == DueCounts(learning: 2, review: 12, new: 3))
        #expect(at(3600)?.due == DueCounts(learning: 1, review: 13, new: 5), "new items: no more than the limit allows")
    }

    @Test("refused for another profile state, other content, another time zone, before it was saved, after its study or calendar day")
    func refused() {
        let cache = Self.sample()
        let (p, c) = (UInt64(0xDEAD_BEEF_0000_0001), UInt64(0xFFFF_FFFF_FFFF_FFFE))
        #expect(cache.summary(at: Self.from, utcOffset: -18_000, profileSignature: p, contentSignature: c) != nil)
        #expect(cache.summary(at: Self.from, utcOffset: -18_000, profileSignature: p + 1, contentSignature: c) == nil)
        #expect(cache.summary(at: Self.from, utcOffset: -18_000, profileSignature: p, contentSignature: c - 1) == nil)
        #expect(cache.summary(at: Self.from, utcOffset: -14_400, profileSignature: p, contentSignature: c) == nil)
        #expect(cache.summary(at: Self.from.addingTimeInterval(-1), utcOffset: -18_000, profileSignature: p, contentSignature: c) == nil)
        #expect(cache.summary(at: cache.schedule.until, utcOffset: -18_000, profileSignature: p, contentSignature: c) == nil)
        // Saved at 05:00 local time with a study day ending at 04:00 the next morning: local
        // midnight comes first, and days to the exam change there.
        var late = cache
        late.schedule.until = Self.from.addingTimeInterval(23 * 3600)
        let midnight = late.calendarDayEnd
        #expect(midnight > Self.from && midnight < late.schedule.until)
        #expect(late.summary(at: midnight.addingTimeInterval(-1), utcOffset: -18_000, profileSignature: p, contentSignature: c) != nil)
        #expect(late.summary(at: midnight, utcOffset: -18_000, profileSignature: p, contentSignature: c) == nil)
    }

    @Test("a damaged, cut-short, edited or foreign file is a miss, never an error",
          arguments: ["truncated", "one byte changed", "empty", "other format", "other folder", "junk"])
    func damaged(_ damage: String) throws {
        let dir = TemporaryDirectory("summary")
        let profile = dir.path + "/profiles/alice"
        try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true)
        let cache = Self.sample(directory: profile)
        cache.save(in: dir.path + "/cache/statdeck")
        let file = HomeSummaryCache.file(profileDirectory: profile, in: dir.path + "/cache/statdeck")
        #expect(HomeSummaryCache.load(profileDirectory: profile, cacheDirectory: dir.path + "/cache/statdeck") == cache)
        var bytes = cache.encoded()
        switch damage {
        case "truncated": bytes = Array(bytes.prefix(bytes.count / 2))
        case "one byte changed": bytes[bytes.count / 2] ^= 0x01
        case "empty": bytes = []
        case "other format":
            let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "summary 1\n", with: "summary 9\n")
            bytes = Array(text.utf8)
        case "other folder":
            // A whole, valid summary, but of another profile folder, under this one's name.
            bytes = Self.sample(directory: dir.path + "/profiles/bob").encoded()
        default: bytes = Array("{\"profile\":\"alice\"}\n".utf8)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        #expect(HomeSummaryCache.load(profileDirectory: profile, cacheDirectory: dir.path + "/cache/statdeck") == nil)
    }

    @Test("each profile folder has its own file")
    func ownFile() {
        let a = HomeSummaryCache.file(profileDirectory: "/x/profiles/alice", in: "/c")
        let b = HomeSummaryCache.file(profileDirectory: "/x/profiles/bob", in: "/c")
        #expect(a != b && a.hasPrefix("/c/home-") && a.hasSuffix(".summary"))
    }
}

/// The profile signature the saved summary is checked against: unchanged by opening and
/// closing a profile without changing it, changed by everything the store writes.
@Suite("Profile signature")
struct ProfileSignatureTests {
    @Test("opening and closing without a change keeps it, read-only or for writing; the lease and the close's last moment see it too")
    func unchangedByOpening() throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        try store.record(Fixture.review("cpt-1", 1, at: clock.now))
        var atClose: UInt64?
        try store.close(beforeUnlock: { atClose = ProfileSignature.of(store.files.directory) })
        let directory = data.profilePath("alice")
        let signature = try #require(ProfileSignature.of(directory))
        #expect(atClose == signature, "taken under the lock, after the last write")
        for access in [ProgressStore.Access.readWrite, .readOnly, .readWrite] {
            clock.advance(60)
            let again = try ProgressStore.open(profile: "alice", in: data, access: access, options: Fixture.options(clock))
            _ = try again.dailyTotals()
            try again.close()
            #expect(ProfileSignature.of(directory) == signature, "\(access)")
        }
        let lease = try ProgressStore.lease(profile: "alice", in: data, options: Fixture.options(clock))
        #expect(!lease.tookOverStaleLock)
        let held = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock), lease: lease)
        #expect(held.notices.isEmpty)
        try held.close()
        #expect(ProfileSignature.of(directory) == signature)
    }

    @Test("every kind of write changes it", arguments: ["review", "settings", "note", "mock exam", "personal deck", "file touched", "file added"])
    func changedByWrites(_ write: String) throws {
        let dir = TemporaryDirectory(), clock = TestClock()
        let data = try Fixture.profile(dir, clock)
        let directory = data.profilePath("alice")
        try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock)).close()
        let before = try #require(ProfileSignature.of(directory))
        let store = try ProgressStore.open(profile: "alice", in: data, options: Fixture.options(clock))
        switch write {
        case "review": try store.record(Fixture.review("cpt-1", 1, at: clock.now))
        case "settings":
            var s = store.settings
            s.dailyNewLimit += 1
            try store.updateSettings(s)
        case "note": try store.setNote("look again", for: "cpt-1")
        case "mock exam":
            try store.saveAttempt(Fixture.attempt(id: store.newAttemptID(startedAt: clock.now), track: "cpt", form: "A",
                                                  itemIDs: ["cpt-1", "cpt-2"], startedAt: clock.now))
        case "personal deck":
            var decks = try store.personalDecks()
            decks.decks.append(PersonalDeck(name: "Mine", track: "cpt", domain: "personal", source: "test", updatedAt: clock.now, cards: []))
            try store.savePersonalDecks(decks)
        case "file touched":
            // The same bytes written again in place (as an editor might): the times move.
            let path = directory + "/settings.json"
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            try bytes.write(to: URL(fileURLWithPath: path))
        default:
            FileManager.default.createFile(atPath: directory + "/stray.txt", contents: Data("x".utf8))
        }
        try store.close()
        #expect(ProfileSignature.of(directory) != before)
    }
}

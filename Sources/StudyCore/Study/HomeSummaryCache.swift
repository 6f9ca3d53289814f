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

/// The home screen's figures of a profile as they stood when the app last closed it, kept in
/// the cache directory (`$XDG_CACHE_HOME/statdeck/home-<hash of the profile folder>.summary`)
/// so that the next start draws its first frame without reading the profile.
///
/// Never trusted blindly. A saved summary gives the figures only when:
/// - the profile's files are exactly as they were when it was saved (`ProfileSignature`,
///   taken while the store still held the lock);
/// - the content is as it was (`ContentFingerprint.statSignature`);
/// - the time is within its study day and its calendar day, in the same UTC offset.
///
/// The due counts are then those of its `DueCountSchedule` at the time asked, which equal the
/// queue's. Anything else is a miss and the app reads the profile as usual; a damaged,
/// truncated or foreign file is a miss too, never an error. The app still opens the profile
/// right after that first frame and draws the home screen again from the store.
public struct HomeSummaryCache: Sendable, Equatable {
    /// What the home screen shows; `due` and `missed` are left out (the due counts come from
    /// `schedule`, the missed count needs the review log).
    public var summary: HomeSummary
    public var schedule: DueCountSchedule
    /// The profile's theme (Settings), for the first frame's colours.
    public var theme: String
    /// The absolute path of the profile folder (symbolic links resolved).
    public var profileDirectory: String
    public var profileSignature: UInt64
    public var contentSignature: UInt64
    /// Seconds east of UTC at `schedule.from`.
    public var utcOffset: Int
    /// The end of the calendar day `schedule.from` is in (days to the exam count calendar days).
    public var calendarDayEnd: Date {
        let today = CalendarDay.calendarToday(at: schedule.from, utcOffsetSeconds: utcOffset)
        return Date(timeIntervalSince1970: Double(today.daysSinceEpoch + 1) * 86_400 - Double(utcOffset))
    }

    public init(summary: HomeSummary, schedule: DueCountSchedule, theme: String, profileDirectory: String,
                profileSignature: UInt64, contentSignature: UInt64, utcOffset: Int) {
        var kept = summary
        kept.due = DueCounts(learning: 0, review: 0, new: 0)
        kept.missed = nil
        self.summary = kept
        self.schedule = schedule
        self.theme = theme
        self.profileDirectory = ContentCache.absolute(profileDirectory)
        self.profileSignature = profileSignature
        self.contentSignature = contentSignature
        self.utcOffset = utcOffset
    }

    /// The home screen's figures at `now`, when this summary still holds for the profile and
    /// content as they are (see the type's description); nil otherwise.
    public func summary(at now: Date, utcOffset: Int, profileSignature: UInt64, contentSignature: UInt64) -> HomeSummary? {
        guard profileSignature == self.profileSignature, contentSignature == self.contentSignature,
              utcOffset == self.utcOffset, now < calendarDayEnd,
              let due = schedule.counts(at: now) else { return nil }
        var out = summary
        out.due = due
        return out
    }

    // MARK: file

    static let header = "statdeck home summary 1"

    /// The file of a profile folder's summary: named by a hash of its absolute path.
    public static func file(profileDirectory: String, in cacheDirectory: String) -> String {
        file(absolute: ContentCache.absolute(profileDirectory), in: cacheDirectory)
    }

    private static func file(absolute directory: String, in cacheDirectory: String) -> String {
        cacheDirectory + "/home-" + String(stableHash(directory), radix: 16) + ".summary"
    }

    /// The summary saved for `profileDirectory`; nil when there is none, or it is damaged,
    /// cut short, of another format or of another folder.
    public static func load(profileDirectory: String, cacheDirectory: String) -> HomeSummaryCache? {
        let io = POSIXFileIO(syncing: false)
        let directory = ContentCache.absolute(profileDirectory)
        guard let bytes = try? io.readFile(file(absolute: directory, in: cacheDirectory)),
              let cache = decode(bytes), cache.profileDirectory == directory else { return nil }
        return cache
    }

    /// Writes the summary (whole or not at all: another process never sees half of it);
    /// failures are ignored, as a missing summary only costs reading the profile.
    public func save(in cacheDirectory: String) {
        let io = POSIXFileIO(syncing: false)
        try? io.makeDirectories(cacheDirectory)
        try? io.writeAtomically(encoded(), to: Self.file(absolute: profileDirectory, in: cacheDirectory), keepBackup: false)
    }

    /// Removes the summary saved for `profileDirectory` (it no longer describes the profile).
    public static func remove(profileDirectory: String, in cacheDirectory: String) {
        unlink(file(profileDirectory: profileDirectory, in: cacheDirectory))
    }

    /// Three lines: the format, the summary as one JSON object, and a hash of the two (a file
    /// cut short or changed by hand is a miss).
    public func encoded() -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        let s = summary
        w.raw("{"); w.key("profileDirectory"); w.string(profileDirectory)
        w.raw(","); w.key("profileSignature"); w.string(String(profileSignature, radix: 16))
        w.raw(","); w.key("contentSignature"); w.string(String(contentSignature, radix: 16))
        w.raw(","); w.key("utcOffset"); w.int(utcOffset)
        w.raw(","); w.key("theme"); w.string(theme)
        w.raw(","); w.key("profile"); w.string(s.profile)
        w.raw(","); w.key("trackID"); w.string(s.trackID)
        w.raw(","); w.key("trackName"); w.string(s.trackName)
        w.raw(","); w.key("newLimit"); w.int(s.newLimit)
        w.raw(","); w.key("doneToday"); w.int(s.doneToday)
        w.raw(","); w.key("correctToday"); w.int(s.correctToday)
        w.raw(","); w.key("streak"); w.int(s.streak)
        w.raw(","); w.key("daysToExam"); if let d = s.daysToExam { w.int(d) } else { w.null() }
        w.raw(","); w.key("flagged"); w.int(s.flagged)
        w.raw(","); w.key("question")
        if let q = s.questionOfTheDay {
            w.raw("{"); w.key("id"); w.string(q.id); w.raw(","); w.key("stem"); w.string(q.stem); w.raw("}")
        } else {
            w.null()
        }
        w.raw(","); w.key("questionArea"); if let a = s.questionArea { w.string(a) } else { w.null() }
        w.raw(","); w.key("questionAnswered"); w.bool(s.questionAnswered)
        w.raw(","); w.key("personalDecks"); w.raw("[")
        for (i, name) in s.personalDecks.enumerated() {
            if i > 0 { w.raw(",") }
            w.string(name)
        }
        w.raw("]")
        let d = schedule
        w.raw(","); w.key("from"); w.number(d.from.timeIntervalSince1970)
        w.raw(","); w.key("until"); w.number(d.until.timeIntervalSince1970)
        w.raw(","); w.key("learning"); w.int(d.learning)
        w.raw(","); w.key("review"); w.int(d.review)
        w.raw(","); w.key("fresh"); w.int(d.fresh)
        w.raw(","); w.key("allowedNew"); w.int(d.allowedNew)
        w.raw(","); w.key("steps"); w.raw("[")
        for (i, step) in d.steps.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("["); w.number(step.at.timeIntervalSince1970)
            w.raw(","); w.int(step.learning); w.raw(","); w.int(step.review); w.raw(","); w.int(step.fresh); w.raw("]")
        }
        w.raw("]}")
        var out = Array((Self.header + "\n").utf8) + w.bytes + [0x0A]
        out += Array(String(Self.check(out), radix: 16).utf8) + [0x0A]
        return out
    }

    static func check(_ bytes: [UInt8]) -> UInt64 {
        var h = FastHasher()
        h.combine(bytes)
        return h.finalize()
    }

    /// The summary in `bytes`; nil unless they are whole and of this format.
    public static func decode(_ bytes: [UInt8]) -> HomeSummaryCache? {
        // The last line is the hash of everything before it.
        guard bytes.last == 0x0A, let cut = bytes.dropLast().lastIndex(of: 0x0A) else { return nil }
        let body = Array(bytes[..<(cut + 1)])
        guard String(decoding: bytes[(cut + 1)..<(bytes.count - 1)], as: UTF8.self) == String(check(body), radix: 16),
              body.starts(with: Array((header + "\n").utf8)),
              let root = try? JSONParser.parse(Array(body.dropFirst(header.utf8.count + 1))) else { return nil }
        func int(_ key: String) -> Int? { root[key]?.int }
        func text(_ key: String) -> String? { root[key]?.string }
        func hex(_ key: String) -> UInt64? { text(key).flatMap { UInt64($0, radix: 16) } }
        func date(_ node: JSONNode?) -> Date? { node?.number.map(Date.init(timeIntervalSince1970:)) }
        guard let directory = text("profileDirectory"), let profileSignature = hex("profileSignature"),
              let contentSignature = hex("contentSignature"), let utcOffset = int("utcOffset"), let theme = text("theme"),
              let profile = text("profile"), let trackID = text("trackID"), let trackName = text("trackName"),
              let newLimit = int("newLimit"), let doneToday = int("doneToday"), let correctToday = int("correctToday"),
              let streak = int("streak"), let flagged = int("flagged"), let answered = root["questionAnswered"]?.bool,
              let decks = root["personalDecks"]?.array, let from = date(root["from"]), let until = date(root["until"]),
              let learning = int("learning"), let review = int("review"), let fresh = int("fresh"),
              let allowedNew = int("allowedNew"), let stepNodes = root["steps"]?.array else { return nil }
        var question: DailyQuestion?
        if let q = root["question"], !q.isNull {
            guard let id = q["id"]?.string, let stem = q["stem"]?.string else { return nil }
            question = DailyQuestion(id: id, stem: stem)
        }
        var steps: [DueCountSchedule.Step] = []
        for node in stepNodes {
            guard let a = node.array, a.count == 4, let at = date(a[0]), let l = a[1].int, let r = a[2].int, let f = a[3].int else { return nil }
            steps.append(DueCountSchedule.Step(at: at, learning: l, review: r, fresh: f))
        }
        var summary = HomeSummary(profile: profile, trackID: trackID, trackName: trackName, due: DueCounts(learning: 0, review: 0, new: 0),
                                  newLimit: newLimit, doneToday: doneToday, correctToday: correctToday, streak: streak,
                                  daysToExam: root["daysToExam"]?.int, flagged: flagged, questionOfTheDay: question,
                                  questionArea: root["questionArea"]?.string, questionAnswered: answered)
        summary.personalDecks = decks.compactMap(\.string)
        guard summary.personalDecks.count == decks.count else { return nil }
        let schedule = DueCountSchedule(from: from, until: until, learning: learning, review: review, fresh: fresh,
                                        allowedNew: allowedNew, steps: steps)
        return HomeSummaryCache(summary: summary, schedule: schedule, theme: theme, profileDirectory: directory,
                                profileSignature: profileSignature, contentSignature: contentSignature, utcOffset: utcOffset)
    }
}

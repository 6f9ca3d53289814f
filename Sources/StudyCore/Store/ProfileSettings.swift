#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A user's choices, in `settings.json`. Missing keys take their defaults, so a file from an
/// older StatDeck with fewer settings still loads; values out of range are refused with the
/// key's line and column.
public struct ProfileSettings: Codable, Sendable, Hashable {
    /// The exam being prepared for: `"cpt"` or `"ccma"`; nil until chosen.
    public var track: String?
    /// The exam date, written `YYYY-MM-DD`.
    public var examDate: CalendarDay?
    /// The FSRS target probability of recall, 0.70 to 0.99.
    public var desiredRetention: Double
    /// New items introduced per study day.
    public var dailyNewLimit: Int
    public var theme: String
    /// FSRS learning steps, in seconds.
    public var learningSteps: [Int]
    /// FSRS relearning steps, in seconds.
    public var relearningSteps: [Int]
    /// The local hour (0-23) at which a new study day begins.
    public var dayStartHour: Int
    public var sound: Bool
    /// Lapses after which an item is marked a leech.
    public var leechThreshold: Int
    /// Whether new items first seen in a drill (domain, Quick 10, missed, flagged, question of
    /// the day) count against the daily new limit. Off by default: a drill never eats into
    /// the next study session's new items.
    public var drillNewCountsTowardLimit: Bool
    /// With an exam date, the exam-day planner chooses each day's study (`docs/scheduling.md`).
    public var examPlanning: Bool
    /// The planner's daily budget in items (an item and its same-day steps count once).
    public var dailyReviewLimit: Int
    /// When above 0, the planner's daily budget in minutes instead, converted with the
    /// user's own answer times.
    public var dailyMinutes: Int

    public static let tracks = ["cpt", "ccma"]

    public init(track: String? = nil, examDate: CalendarDay? = nil, desiredRetention: Double = 0.9,
                dailyNewLimit: Int = 20, theme: String = "default", learningSteps: [Int] = [60, 600],
                relearningSteps: [Int] = [600], dayStartHour: Int = 4, sound: Bool = false, leechThreshold: Int = 8,
                drillNewCountsTowardLimit: Bool = false,
                examPlanning: Bool = true, dailyReviewLimit: Int = 100, dailyMinutes: Int = 0) {
        self.drillNewCountsTowardLimit = drillNewCountsTowardLimit
        self.track = track; self.examDate = examDate; self.desiredRetention = desiredRetention
        self.dailyNewLimit = dailyNewLimit; self.theme = theme; self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps; self.dayStartHour = dayStartHour; self.sound = sound
        self.leechThreshold = leechThreshold
        self.examPlanning = examPlanning; self.dailyReviewLimit = dailyReviewLimit; self.dailyMinutes = dailyMinutes
    }

    enum CodingKeys: String, CodingKey {
        case track, examDate, desiredRetention, dailyNewLimit, theme, learningSteps, relearningSteps,
             dayStartHour, sound, leechThreshold, drillNewCountsTowardLimit, examPlanning, dailyReviewLimit, dailyMinutes
    }

    public init(from decoder: any Decoder) throws {
        let d = ProfileSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        track = try c.decodeIfPresent(String.self, forKey: .track)
        examDate = try c.decodeIfPresent(CalendarDay.self, forKey: .examDate)
        desiredRetention = try c.decodeIfPresent(Double.self, forKey: .desiredRetention) ?? d.desiredRetention
        dailyNewLimit = try c.decodeIfPresent(Int.self, forKey: .dailyNewLimit) ?? d.dailyNewLimit
        theme = try c.decodeIfPresent(String.self, forKey: .theme) ?? d.theme
        learningSteps = try c.decodeIfPresent([Int].self, forKey: .learningSteps) ?? d.learningSteps
        relearningSteps = try c.decodeIfPresent([Int].self, forKey: .relearningSteps) ?? d.relearningSteps
        dayStartHour = try c.decodeIfPresent(Int.self, forKey: .dayStartHour) ?? d.dayStartHour
        sound = try c.decodeIfPresent(Bool.self, forKey: .sound) ?? d.sound
        leechThreshold = try c.decodeIfPresent(Int.self, forKey: .leechThreshold) ?? d.leechThreshold
        drillNewCountsTowardLimit = try c.decodeIfPresent(Bool.self, forKey: .drillNewCountsTowardLimit) ?? d.drillNewCountsTowardLimit
        examPlanning = try c.decodeIfPresent(Bool.self, forKey: .examPlanning) ?? d.examPlanning
        dailyReviewLimit = try c.decodeIfPresent(Int.self, forKey: .dailyReviewLimit) ?? d.dailyReviewLimit
        dailyMinutes = try c.decodeIfPresent(Int.self, forKey: .dailyMinutes) ?? d.dailyMinutes
        if let (key, message) = problem {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: message)
        }
    }

    /// The first setting out of range, and what its range is; nil when all are fine.
    var problem: (key: CodingKeys, message: String)? {
        if let track, !Self.tracks.contains(track) { return (.track, "should be \"cpt\" or \"ccma\"") }
        if !(0.7...0.99).contains(desiredRetention) { return (.desiredRetention, "should be from 0.70 to 0.99") }
        if !(0...9999).contains(dailyNewLimit) { return (.dailyNewLimit, "should be from 0 to 9999") }
        if !learningSteps.allSatisfy({ $0 > 0 }) { return (.learningSteps, "every step should be a positive number of seconds") }
        if !relearningSteps.allSatisfy({ $0 > 0 }) { return (.relearningSteps, "every step should be a positive number of seconds") }
        if !(0...23).contains(dayStartHour) { return (.dayStartHour, "should be an hour from 0 to 23") }
        if !(1...99).contains(leechThreshold) { return (.leechThreshold, "should be from 1 to 99") }
        if !(1...9999).contains(dailyReviewLimit) { return (.dailyReviewLimit, "should be from 1 to 9999") }
        if !(0...1440).contains(dailyMinutes) { return (.dailyMinutes, "should be from 0 (count reviews) to 1440 minutes") }
        return nil
    }

    static let fileName = "settings.json"
}

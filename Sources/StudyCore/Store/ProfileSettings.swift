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
    public var examDate: StudyDay?
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

    public static let tracks = ["cpt", "ccma"]

    public init(track: String? = nil, examDate: StudyDay? = nil, desiredRetention: Double = 0.9,
                dailyNewLimit: Int = 20, theme: String = "default", learningSteps: [Int] = [60, 600],
                relearningSteps: [Int] = [600], dayStartHour: Int = 4, sound: Bool = false, leechThreshold: Int = 8) {
        self.track = track; self.examDate = examDate; self.desiredRetention = desiredRetention
        self.dailyNewLimit = dailyNewLimit; self.theme = theme; self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps; self.dayStartHour = dayStartHour; self.sound = sound
        self.leechThreshold = leechThreshold
    }

    enum CodingKeys: String, CodingKey {
        case track, examDate, desiredRetention, dailyNewLimit, theme, learningSteps, relearningSteps,
             dayStartHour, sound, leechThreshold
    }

    public init(from decoder: any Decoder) throws {
        let d = ProfileSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func check(_ ok: Bool, _ key: CodingKeys, _ message: String) throws {
            if !ok { throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: message) }
        }
        track = try c.decodeIfPresent(String.self, forKey: .track)
        try check(track.map(Self.tracks.contains) ?? true, .track, "should be \"cpt\" or \"ccma\"")
        examDate = try c.decodeIfPresent(StudyDay.self, forKey: .examDate)
        desiredRetention = try c.decodeIfPresent(Double.self, forKey: .desiredRetention) ?? d.desiredRetention
        try check((0.7...0.99).contains(desiredRetention), .desiredRetention, "should be from 0.70 to 0.99")
        dailyNewLimit = try c.decodeIfPresent(Int.self, forKey: .dailyNewLimit) ?? d.dailyNewLimit
        try check((0...9999).contains(dailyNewLimit), .dailyNewLimit, "should be from 0 to 9999")
        theme = try c.decodeIfPresent(String.self, forKey: .theme) ?? d.theme
        learningSteps = try c.decodeIfPresent([Int].self, forKey: .learningSteps) ?? d.learningSteps
        try check(learningSteps.allSatisfy { $0 > 0 }, .learningSteps, "every step should be a positive number of seconds")
        relearningSteps = try c.decodeIfPresent([Int].self, forKey: .relearningSteps) ?? d.relearningSteps
        try check(relearningSteps.allSatisfy { $0 > 0 }, .relearningSteps, "every step should be a positive number of seconds")
        dayStartHour = try c.decodeIfPresent(Int.self, forKey: .dayStartHour) ?? d.dayStartHour
        try check((0...23).contains(dayStartHour), .dayStartHour, "should be an hour from 0 to 23")
        sound = try c.decodeIfPresent(Bool.self, forKey: .sound) ?? d.sound
        leechThreshold = try c.decodeIfPresent(Int.self, forKey: .leechThreshold) ?? d.leechThreshold
        try check((1...99).contains(leechThreshold), .leechThreshold, "should be from 1 to 99")
    }

    static let fileName = "settings.json"
}

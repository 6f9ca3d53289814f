#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A profile's scheduler settings; the defaults are py-fsrs 6.3.2's.
///
/// Steps are in seconds. `validate()` applies the profile limits (desired retention
/// 0.70-0.99, positive steps, a maximum interval of 1 to 36,500 days); `FSRSScheduler`
/// checks them once when it is made, never per review. The weights are checked by
/// `FSRSParameters` itself.
public struct SchedulerConfiguration: Sendable, Hashable, Codable {
    public var parameters: FSRSParameters
    /// The probability of recall the intervals aim for.
    public var desiredRetention: Double
    /// Same-day steps for a new card, in seconds (py-fsrs default 1 min, 10 min).
    public var learningSteps: [Double]
    /// Steps after a lapse, in seconds (py-fsrs default 10 min).
    public var relearningSteps: [Double]
    /// The longest Review interval, in days.
    public var maximumInterval: Int
    /// Spread Review intervals by a few days so cards learnt together do not stay together.
    public var fuzzEnabled: Bool

    /// The ranges `validate` enforces.
    public struct Limits: Sendable, Hashable {
        public var desiredRetention: ClosedRange<Double>
        public var maximumInterval: ClosedRange<Int>
        public init(desiredRetention: ClosedRange<Double>, maximumInterval: ClosedRange<Int>) {
            self.desiredRetention = desiredRetention
            self.maximumInterval = maximumInterval
        }
        /// What a profile may choose: retention 0.70-0.99, at most 100 years (py-fsrs's default).
        public static let profile = Limits(desiredRetention: 0.70...0.99, maximumInterval: 1...36_500)
        /// Anything py-fsrs computes with, for reading reference vectors made with other values.
        public static let reference = Limits(desiredRetention: 1e-6...1.0, maximumInterval: 1...Int(Int32.max))
    }

    public init(parameters: FSRSParameters = .defaults, desiredRetention: Double = 0.9,
                learningSteps: [Double] = [60, 600], relearningSteps: [Double] = [600],
                maximumInterval: Int = 36_500, fuzzEnabled: Bool = true) {
        self.parameters = parameters
        self.desiredRetention = desiredRetention
        self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps
        self.maximumInterval = maximumInterval
        self.fuzzEnabled = fuzzEnabled
    }

    /// py-fsrs's defaults with fuzz on.
    public static let `default` = SchedulerConfiguration()

    /// Throws the first setting outside `limits`, named as the user sees it.
    public func validate(_ limits: Limits = .profile) throws(SchedulerConfigurationError) {
        guard desiredRetention.isFinite, limits.desiredRetention.contains(desiredRetention) else {
            throw .desiredRetention(desiredRetention, allowed: limits.desiredRetention)
        }
        for (i, s) in learningSteps.enumerated() where !(s.isFinite && s > 0) {
            throw .step(kind: "learning", index: i, seconds: s)
        }
        for (i, s) in relearningSteps.enumerated() where !(s.isFinite && s > 0) {
            throw .step(kind: "relearning", index: i, seconds: s)
        }
        guard limits.maximumInterval.contains(maximumInterval) else {
            throw .maximumInterval(maximumInterval, allowed: limits.maximumInterval)
        }
    }

    /// Reads steps the way Anki's deck options write them: `1m 10m`, `30s`, `1h`, `1d`,
    /// separated by spaces or commas; a bare number is minutes, as in Anki.
    public static func parseSteps(_ text: String) throws(SchedulerConfigurationError) -> [Double] {
        var steps: [Double] = []
        for token in text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) {
            var number = Substring(token)
            var unit = 60.0
            if let last = number.last, last.isLetter {
                switch last {
                case "s": unit = 1
                case "m": unit = 60
                case "h": unit = 3600
                case "d": unit = 86_400
                default: throw .stepText(String(token))
                }
                number = number.dropLast()
            }
            guard let v = Double(number), v.isFinite, v > 0 else { throw .stepText(String(token)) }
            steps.append(v * unit)
        }
        return steps
    }
}

/// A scheduler setting outside what a profile may use.
public enum SchedulerConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case desiredRetention(Double, allowed: ClosedRange<Double>)
    case step(kind: String, index: Int, seconds: Double)
    case stepText(String)
    case maximumInterval(Int, allowed: ClosedRange<Int>)

    public var description: String {
        switch self {
        case let .desiredRetention(v, allowed):
            return "desired retention \(v) is outside [\(allowed.lowerBound), \(allowed.upperBound)]"
        case let .step(kind, index, seconds):
            return "\(kind) step \(index + 1) is \(seconds) s; every step must be a positive number of seconds"
        case .stepText(let t):
            return "'\(t)' is not a step; write steps like 1m 10m (units s, m, h, d)"
        case let .maximumInterval(v, allowed):
            return "maximum interval \(v) days is outside [\(allowed.lowerBound), \(allowed.upperBound)]"
        }
    }
}

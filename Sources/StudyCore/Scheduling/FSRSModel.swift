#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The FSRS-6 formulas of py-fsrs 6.3.2, bit for bit.
///
/// Every expression keeps py-fsrs's operation order and uses `pow` where Python writes
/// `**` (including `math.e ** x`), so results equal CPython's on the same libm.
/// Sub-expressions that depend only on the weights (e^w8, the mean-reversion target,
/// the short-term factors, the interval multiplier) are computed once here; each is
/// evaluated exactly as py-fsrs evaluates it, so precomputing does not change a bit.
public struct FSRSModel: Sendable, Hashable {
    public let parameters: FSRSParameters
    public let desiredRetention: Double
    public let maximumInterval: Int

    /// `-w20`.
    public let decay: Double
    /// `0.9 ** (1 / decay) - 1`, so that R(S, S) = 0.9.
    public let factor: Double

    @usableFromInline let initialS: (Double, Double, Double, Double)
    @usableFromInline let initialD: (Double, Double, Double, Double)
    @usableFromInline let shortTermGrade: (Double, Double, Double, Double)
    @usableFromInline let w6, w7, w9, w10, w11, w12, w13, w14, w15, w16, w19: Double
    @usableFromInline let eW8: Double
    @usableFromInline let easyD0Raw: Double
    @usableFromInline let forgetShortTermDivisor: Double
    @usableFromInline let intervalMultiplier: Double
    @usableFromInline let maximumIntervalDouble: Double

    /// Python's `math.e`.
    public static let e = 2.718281828459045
    public static let minimumStability = 0.001
    public static let minimumDifficulty = 1.0
    public static let maximumDifficulty = 10.0

    public init(parameters: FSRSParameters = .defaults, desiredRetention: Double = 0.9, maximumInterval: Int = 36_500) {
        let w = parameters.values
        self.parameters = parameters
        self.desiredRetention = desiredRetention
        self.maximumInterval = maximumInterval
        decay = -w[20]
        factor = pow(0.9, 1 / decay) - 1
        func s0(_ g: Int) -> Double { max(w[g - 1], Self.minimumStability) }
        func d0(_ g: Int) -> Double { w[4] - pow(Self.e, w[5] * Double(g - 1)) + 1 }
        func clampD(_ d: Double) -> Double { min(max(d, Self.minimumDifficulty), Self.maximumDifficulty) }
        initialS = (s0(1), s0(2), s0(3), s0(4))
        initialD = (clampD(d0(1)), clampD(d0(2)), clampD(d0(3)), clampD(d0(4)))
        func st(_ g: Int) -> Double { pow(Self.e, w[17] * (Double(g - 3) + w[18])) }
        shortTermGrade = (st(1), st(2), st(3), st(4))
        w6 = w[6]; w7 = w[7]; w9 = w[9]; w10 = w[10]; w11 = w[11]; w12 = w[12]
        w13 = w[13]; w14 = w[14]; w15 = w[15]; w16 = w[16]; w19 = w[19]
        eW8 = pow(Self.e, w[8])
        easyD0Raw = d0(4)
        forgetShortTermDivisor = pow(Self.e, w[17] * w[18])
        intervalMultiplier = pow(desiredRetention, 1 / decay) - 1
        maximumIntervalDouble = Double(maximumInterval)
    }

    /// Two models are equal when they are made from the same settings.
    public static func == (a: FSRSModel, b: FSRSModel) -> Bool {
        a.parameters == b.parameters && a.desiredRetention == b.desiredRetention && a.maximumInterval == b.maximumInterval
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(parameters)
        hasher.combine(desiredRetention)
        hasher.combine(maximumInterval)
    }

    // MARK: formulas

    /// R after `elapsedDays` whole days: `(1 + factor * t / S) ** decay`.
    @inlinable
    public func retrievability(elapsedDays: Int, stability: Double) -> Double {
        pow(1 + factor * Double(elapsedDays) / stability, decay)
    }

    /// S0(G) = max(w[G-1], 0.001).
    @inlinable
    public func initialStability(_ rating: Rating) -> Double {
        switch rating {
        case .again: return initialS.0
        case .hard: return initialS.1
        case .good: return initialS.2
        case .easy: return initialS.3
        }
    }

    /// D0(G) = w4 - e^(w5 (G-1)) + 1, clamped to [1, 10] unless `clamped` is false.
    @inlinable
    public func initialDifficulty(_ rating: Rating, clamped: Bool = true) -> Double {
        if !clamped {
            let w = parameters.values
            return w[4] - pow(Self.e, w[5] * Double(rating.rawValue - 1)) + 1
        }
        switch rating {
        case .again: return initialD.0
        case .hard: return initialD.1
        case .good: return initialD.2
        case .easy: return initialD.3
        }
    }

    /// Linear damping toward 10, then mean reversion toward the unclamped D0(Easy).
    @inlinable
    public func nextDifficulty(_ difficulty: Double, _ rating: Rating) -> Double {
        let delta = -(w6 * Double(rating.rawValue - 3))
        let damped = difficulty + (10.0 - difficulty) * delta / 9.0
        let reverted = w7 * easyD0Raw + (1 - w7) * damped
        return min(max(reverted, Self.minimumDifficulty), Self.maximumDifficulty)
    }

    /// The same-day update: S * e^(w17 (G - 3 + w18)) * S^-w19, never shrinking on Hard/Good/Easy.
    @inlinable
    public func shortTermStability(_ stability: Double, _ rating: Rating) -> Double {
        let grade: Double
        switch rating {
        case .again: grade = shortTermGrade.0
        case .hard: grade = shortTermGrade.1
        case .good: grade = shortTermGrade.2
        case .easy: grade = shortTermGrade.3
        }
        var increase = grade * pow(stability, -w19)
        if rating != .again { increase = max(increase, 1.0) }
        return max(stability * increase, Self.minimumStability)
    }

    /// The long-term update: recall stability for Hard/Good/Easy, lapse stability for Again.
    /// D and R are the values before the review.
    @inlinable
    public func nextStability(difficulty d: Double, stability s: Double, retrievability r: Double, rating: Rating) -> Double {
        let next: Double
        if rating == .again {
            let longTerm = w11 * pow(d, -w12) * (pow(s + 1, w13) - 1) * pow(Self.e, (1 - r) * w14)
            let shortTerm = s / forgetShortTermDivisor
            next = min(longTerm, shortTerm)
        } else {
            var growth = eW8 * (11 - d) * pow(s, -w9) * (pow(Self.e, (1 - r) * w10) - 1)
            if rating == .hard { growth *= w15 }
            if rating == .easy { growth *= w16 }
            next = s * (1 + growth)
        }
        return max(next, Self.minimumStability)
    }

    /// The Review interval in whole days: S / factor * (DR^(1/decay) - 1), rounded half to even,
    /// clamped to [1, maximum interval].
    @inlinable
    public func nextIntervalDays(_ stability: Double) -> Int {
        var days = ((stability / factor) * intervalMultiplier).rounded(.toNearestOrEven)
        if !(days >= 1) { days = 1 }  // also catches NaN
        if days > maximumIntervalDouble { days = maximumIntervalDouble }
        return Int(days)
    }
}

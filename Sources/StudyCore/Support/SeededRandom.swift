/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fast 64-bit generator.
///
/// Good enough on its own for shuffles and fuzz, and the standard way to turn one
/// 64-bit seed into the state of a larger generator such as `SeededRandom`.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable, Codable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The project's seeded random source: xoshiro256** (Blackman and Vigna 2018),
/// seeded through SplitMix64 as its authors recommend.
///
/// Everything random in StudyCore (FSRS fuzz, question order, mock-exam draws) takes
/// a generator as an `inout` parameter, so a test or a replay passes one of these
/// with a fixed seed and gets the same result every time. The state is `Codable`,
/// so a session can persist where its sequence stands.
public struct SeededRandom: RandomNumberGenerator, Sendable, Hashable, Codable {
    public var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var mix = SplitMix64(seed: seed)
        s0 = mix.next(); s1 = mix.next(); s2 = mix.next(); s3 = mix.next()
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inlinable
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

extension RandomNumberGenerator {
    /// A uniform double in [0, 1) with 53 random bits, like Python's `random.random()`.
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}

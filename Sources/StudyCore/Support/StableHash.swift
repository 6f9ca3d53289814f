/// FNV-1a 64-bit hash of a string's UTF-8 bytes.
///
/// Swift's `Hasher` is seeded per process, so anything that must come out the same
/// on every machine and every run (fixed exam forms, seeds derived from ids) uses this.
public func stableHash(_ text: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        h ^= UInt64(byte)
        h = h &* 0x0000_0100_0000_01b3
    }
    return h
}

extension RandomNumberGenerator {
    /// A uniform integer in `0..<upperBound` by rejection sampling, independent of the
    /// standard library's algorithm so results stay stable across Swift versions.
    public mutating func stableIndex(below upperBound: Int) -> Int {
        precondition(upperBound > 0)
        let bound = UInt64(upperBound)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let x = next()
            if x < limit { return Int(x % bound) }
        }
    }
}

extension Array {
    /// Fisher-Yates shuffle with `stableIndex`, reproducible for a given generator state.
    public func stableShuffled<G: RandomNumberGenerator>(using rng: inout G) -> [Element] {
        var a = self
        if a.count < 2 { return a }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = rng.stableIndex(below: i + 1)
            if i != j { a.swapAt(i, j) }
        }
        return a
    }
}

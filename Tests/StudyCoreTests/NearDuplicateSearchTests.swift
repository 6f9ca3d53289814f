import Testing
@testable import StudyCore

/// The near-duplicate search of `statdeck validate` compares only the pairs that can reach
/// 80 % similarity: it must find exactly the pairs that comparing every pair finds.
@Suite("Near-duplicate search")
struct NearDuplicateSearchTests {
    @Test("the filtered search finds the same 80 %-similar pairs as comparing every pair", arguments: [1, 2, 3])
    func sameAsEveryPair(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        // Sets over a small alphabet, many of them edited copies of others, so that there
        // are pairs on both sides of the threshold.
        var sets: [[Int]] = []
        for i in 0..<300 {
            var set: Set<Int>
            if i > 0 && rng.stableIndex(below: 2) == 0 {
                set = Set(sets[rng.stableIndex(below: sets.count)])
                for _ in 0..<rng.stableIndex(below: 4) { set.insert(rng.stableIndex(below: 120)) }
                for _ in 0..<rng.stableIndex(below: 3) { if let x = set.randomElement(using: &rng) { set.remove(x) } }
            } else {
                set = Set((0..<(2 + rng.stableIndex(below: 20))).map { _ in rng.stableIndex(below: 120) })
            }
            sets.append(set.sorted())
        }
        var expected: [String] = []
        for i in sets.indices where sets[i].count >= 4 {
            for j in (i + 1)..<sets.count where ContentValidator.jaccard(sets[i], sets[j]) >= 0.8 { expected.append("\(i)-\(j)") }
        }
        let found = ContentValidator.nearDuplicatePairs(sets)
            .filter { ContentValidator.jaccard(sets[$0.0], sets[$0.1]) >= 0.8 }.map { "\($0.0)-\($0.1)" }
        #expect(!expected.isEmpty)
        #expect(found == expected)
    }

    @Test("words of ASCII and of other text split and lower-case the same way")
    func words() {
        #expect(ContentValidator.words("Hello, WORLD 42-x\r\nend_") == ["hello", "world", "42", "x", "end"])
        #expect(ContentValidator.words("Ça va, ÉLÈVE ½ 3") == ["ça", "va", "élève", "½", "3"])
    }
}

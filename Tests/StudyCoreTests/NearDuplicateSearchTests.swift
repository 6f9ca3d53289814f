import Testing
@testable import StudyCore

/// The near-duplicate search of `statdeck validate` compares only the pairs that can reach
/// 80 % similarity: it must find exactly the pairs that comparing every pair finds.
@Suite("Near-duplicate search")
struct NearDuplicateSearchTests {
    /// The filtered search finds exactly the pairs at 80 % or more that comparing every pair
    /// finds, in the same order (and there are some).
    static func expectSameAsEveryPair(_ sets: [[Int]]) {
        var expected: [String] = []
        for i in sets.indices where sets[i].count >= 4 {
            for j in (i + 1)..<sets.count where ContentValidator.jaccard(sets[i], sets[j]) >= 0.8 { expected.append("\(i)-\(j)") }
        }
        let found = ContentValidator.nearDuplicatePairs(sets)
            .filter { ContentValidator.jaccard(sets[$0.0], sets[$0.1]) >= 0.8 }.map { "\($0.0)-\($0.1)" }
        #expect(!expected.isEmpty)
        #expect(found == expected)
    }

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
        Self.expectSameAsEveryPair(sets)
    }

    @Test("the filtered search is exact for hash-like keys too (negative, far apart, common)")
    func hashLikeKeys() {
        var rng = SeededRandom(seed: 9)
        // 400 shingles spread over the whole 64-bit range, some of them in many sets.
        let universe = (0..<400).map { _ in Int(bitPattern: UInt(rng.next())) }
        var sets: [[Int]] = []
        for i in 0..<400 {
            var set = Set<Int>()
            if i > 0 && rng.stableIndex(below: 3) == 0 {
                set = Set(sets[rng.stableIndex(below: sets.count)])
                set.insert(universe[rng.stableIndex(below: universe.count)])
            } else {
                for _ in 0..<(1 + rng.stableIndex(below: 30)) { set.insert(universe[rng.stableIndex(below: universe.count)]) }
            }
            sets.append(set.sorted())
        }
        Self.expectSameAsEveryPair(sets)
    }

    @Test("a prefix holds n - ceil(0.8 n) + 1 shingles")
    func prefixLength() {
        for n in 1...500 {
            #expect(ContentValidator.prefixLength(n) == n - Int((0.8 * Double(n)).rounded(.up)) + 1, "\(n)")
        }
    }

    @Test("shingles of ASCII text read from its bytes equal those of its words; stem and choices as one text")
    func shingles() {
        func general(_ s: String) -> [Int] { ContentValidator.shingles(words: ContentValidator.words(s).map(ContentValidator.wordHash)) }
        let texts = ["Which tube is drawn FIRST?", "which tube, is drawn first", "A-B c\r\nd 42 e_f", "", "one", "!!", "two words",
                     "a b a b a b", "Blood cultures; then light-blue (citrate) tubes, then SST"]
        for t in texts {
            #expect(ContentValidator.asciiShingles([t]) == general(t), "\(t)")
            #expect(ContentValidator.shingles(t) == general(t))
        }
        // Different case and punctuation, same words: the same shingles.
        #expect(ContentValidator.shingles("Which tube is drawn FIRST?") == ContentValidator.shingles("which tube, is drawn first"))
        #expect(ContentValidator.shingles("a b a b a b").count == 2)
        let stem = "Which tube is drawn first?", choices = ["Blood culture", "Light-blue", "", "Gray top"]
        #expect(ContentValidator.shingles(stem: stem, choices: choices) == general(stem + " " + choices.joined(separator: " ")))
        #expect(ContentValidator.shingles(stem: stem, choices: []) == general(stem + " "))
        // Text that is not ASCII takes the words; an ASCII word hashes alike on either path,
        // and canonically equivalent spellings alike.
        let accented = ["Le café du matin à jeun", "Le cafe\u{301} du matin à jeun", "Straße ½ naïve"]
        for t in accented { #expect(ContentValidator.asciiShingles([t]) == nil && ContentValidator.shingles(t) == general(t)) }
        #expect(ContentValidator.shingles(accented[0]) == ContentValidator.shingles(accented[1]))
        #expect(ContentValidator.wordHash("matin") == Array("matin".utf8).withUnsafeBytes { ContentValidator.wordHash($0) })
        #expect(ContentValidator.shingles(stem: "Le café", choices: ["du matin", "à jeun"]) == general("Le café du matin à jeun"))
    }

    @Test("the stem print of an ASCII question, made in one pass, equals the one made from its normalized strings")
    func stemPrints() {
        func general(_ stem: String, _ choices: [String], keyed: Bool) -> ContentValidator.StemPrint {
            ContentValidator.StemPrint(
                key: ContentValidator.normalize(stem) + (keyed ? "|" + choices.map(ContentValidator.normalize).sorted().joined(separator: "|") : ""),
                shingles: ContentValidator.shingles(stem + " " + choices.joined(separator: " ")))
        }
        let cases: [(String, [String])] = [
            ("Which tube is drawn FIRST?", ["Blood culture", "light-blue", "", "Gray top (NaF)"]),
            ("", []), ("", ["b", "a"]), ("One", []), ("!!", ["??", "--"]),
            ("Put the steps in order", ["Zeta step", "alpha step", "Alpha  step!", "beta"]),
            ("ab", ["abc", "ab", "a b", "aa"]),
        ]
        for (stem, choices) in cases {
            for keyed in [true, false] {
                let fast = ContentValidator.asciiStemPrint(stem: stem, choices: choices, keyedByChoices: keyed)
                let slow = general(stem, choices, keyed: keyed)
                #expect(fast?.key == slow.key, "\(stem) \(choices) \(keyed)")
                #expect(fast?.shingles == slow.shingles, "\(stem) \(choices) \(keyed)")
            }
        }
        #expect(ContentValidator.asciiStemPrint(stem: "Le café", choices: ["a"], keyedByChoices: true) == nil)
        #expect(ContentValidator.asciiStemPrint(stem: "Le cafe", choices: ["é"], keyedByChoices: true) == nil)
        let q = Question(id: "q", kind: .single, domains: [:], stem: "Le café du matin?", choices: ["Oui", "Non", "Très", "Peu"],
                         explanation: "", difficulty: 1)
        let print = ContentValidator.stemPrint(q)
        #expect(print.key == general(q.stem, q.choices, keyed: true).key && print.shingles == general(q.stem, q.choices, keyed: true).shingles)
    }

    @Test("words of ASCII and of other text split and lower-case the same way")
    func words() {
        #expect(ContentValidator.words("Hello, WORLD 42-x\r\nend_") == ["hello", "world", "42", "x", "end"])
        #expect(ContentValidator.words("Ça va, ÉLÈVE ½ 3") == ["ça", "va", "élève", "½", "3"])
    }
}

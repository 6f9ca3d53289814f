import Testing
@testable import StudyCore

/// The bytewise text rules of `ASCIIText` must give exactly what the `Character`-based code
/// they stand in for gives, on every ASCII string, and must decline any other string.
@Suite("ASCII text rules")
struct ASCIITextTests {
    // The general code the validator and loader ran before, kept here as the reference.

    static func referenceTrim(_ text: String) -> String {
        var s = Substring(text)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }

    static func referenceWords(_ s: String) -> [String] {
        var out: [String] = []
        var current = ""
        for ch in s.lowercased() {
            if ch.isLetter || ch.isNumber { current.append(ch) } else if !current.isEmpty { out.append(current); current = "" }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static func referenceAllOrNone(_ choice: String) -> Bool {
        let n = referenceWords(choice).joined(separator: " ")
        return n.contains("all of the above") || n.contains("none of the above")
            || n.hasPrefix("both a and b") || n.hasPrefix("all of these") || n.hasPrefix("none of these")
    }

    static func referenceValidID(_ id: String) -> Bool {
        !id.isEmpty && id.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    /// Every ASCII byte alone and around "\r\n", then seeded random strings over an
    /// alphabet heavy in whitespace, CR, LF, case, digits and punctuation.
    static let asciiSamples: [String] = {
        var out: [String] = ["", "\r\n", "\r\r\n\n", " \r\n ", "a\r\nb", "\r\n\r\n", "All of the above", "NONE of the above.",
                             "both a and b", "Both A and Bee", "all of these", "None-of-these!", "xall of the abovex",
                             "none  of\tthe\nabove", "alloftheabove", "all of the abov", "cpt-pr-0001", "Bad_ID", "-", "a-"]
        for b in 0..<128 {
            let c = String(UnicodeScalar(UInt8(b)))
            out += [c, " " + c + " ", "x" + c + "y", c + "\r\n", "\r" + c + "\n", c + c + "A9"]
        }
        let alphabet = Array(" \t\n\r\u{0B}\u{0C}\u{1C}\u{1F}aAzZmM09-_.,!?'\"()/\\|~\u{7F}\u{00}")
        var rng = SeededRandom(seed: 17)
        for _ in 0..<3000 {
            let n = rng.stableIndex(below: 40)
            out.append(String((0..<n).map { _ in alphabet[rng.stableIndex(below: alphabet.count)] }))
        }
        return out
    }()

    static let otherSamples = ["Ça va, ÉLÈVE ½ 3", "café", "cafe\u{301}", "all of the above\u{301}", "Both A and B\u{301}",
                               "Tout — all of the above", "\u{00A0}", " \u{2003} ", "x\u{00A0}", " \u{301}", "ok-id-é",
                               "e\u{301}\r\n", "Ｎone of the above", "\u{212A}elvin", "👩‍⚕️ 🩸 🇺🇸"]

    @Test("counts, trimming and blank checks equal the Character-based ones on ASCII text")
    func countsAndTrimming() {
        for s in Self.asciiSamples {
            let trimmed = Self.referenceTrim(s)
            #expect(ASCIIText.count(s) == s.count, "\(Array(s.utf8))")
            #expect(ASCIIText.trimmedCount(s) == trimmed.count, "\(Array(s.utf8))")
            #expect(ASCIIText.isBlank(s) == trimmed.isEmpty, "\(Array(s.utf8))")
            #expect(ASCIIText.trimmingWhitespace(s) == trimmed, "\(Array(s.utf8))")
            #expect(s.trimmingWhitespace() == trimmed)
            #expect(ContentValidator.trimmedCount(s) == trimmed.count)
            #expect(ContentValidator.characterCount(s) == s.count)
        }
    }

    @Test("normalized words, all/none choices and ids equal the Character-based ones on ASCII text")
    func wordsAndRules() {
        for s in Self.asciiSamples {
            let words = Self.referenceWords(s)
            #expect(ASCIIText.normalized(s) == words.joined(separator: " "), "\(Array(s.utf8))")
            #expect(ContentValidator.words(s) == words, "\(Array(s.utf8))")
            #expect(ContentValidator.isAllOrNone(s) == Self.referenceAllOrNone(s), "\(Array(s.utf8))")
            #expect(ASCIIText.isValidID(s) == Self.referenceValidID(s), "\(Array(s.utf8))")
        }
        #expect(ContentValidator.isAllOrNone("Answers: all-of-the-above!"))
        #expect(ContentValidator.isAllOrNone("Both A and B"))
        #expect(ContentValidator.isAllOrNone("Both a and bee"))  // a prefix rule, as before
        #expect(!ContentValidator.isAllOrNone("Both of them"))
        #expect(!ContentValidator.isAllOrNone("alloftheabove"))
    }

    @Test("other text is declined by the byte rules and keeps the general results")
    func nonASCII() {
        for s in Self.otherSamples {
            #expect(ASCIIText.count(s) == nil && ASCIIText.trimmedCount(s) == nil && ASCIIText.isBlank(s) == nil)
            #expect(ASCIIText.normalized(s) == nil && ASCIIText.isValidID(s) == nil && ASCIIText.trimmingWhitespace(s) == nil)
            #expect(ContentValidator.normalize(s) == Self.referenceWords(s).joined(separator: " "))
            #expect(ContentValidator.isAllOrNone(s) == Self.referenceAllOrNone(s))
            #expect(ContentValidator.isValidID(s) == Self.referenceValidID(s))
            #expect(ContentValidator.isBlank(s) == Self.referenceTrim(s).isEmpty)
            #expect(s.trimmingWhitespace() == Self.referenceTrim(s))
        }
        // A combining mark makes the last letter another character: no match, as before.
        #expect(!ContentValidator.isAllOrNone("all of the above\u{301}"))
        #expect(ContentValidator.isBlank("\u{00A0}"))
    }

    @Test("byte search finds a needle anywhere, a prefix only at the start")
    func byteSearch() {
        func contains(_ s: String, _ needle: StaticString) -> Bool { ASCIIText.withASCII(s) { ASCIIText.contains($0, needle) }! }
        func hasPrefix(_ s: String, _ prefix: StaticString) -> Bool { ASCIIText.withASCII(s) { ASCIIText.hasPrefix($0, prefix) }! }
        #expect(contains("all of the above", "all of the above"))
        #expect(contains("xx all of the above", "all of the above"))
        #expect(contains("aall of the abovee", "all of the above"))
        #expect(!contains("all of the abov", "all of the above"))
        #expect(!contains("", "all"))
        #expect(contains("abc", ""))
        #expect(contains("aaab", "aab"))
        #expect(hasPrefix("both a and b c", "both a and b"))
        #expect(!hasPrefix("x both a and b", "both a and b"))
        #expect(!hasPrefix("both a", "both a and b"))
    }
}

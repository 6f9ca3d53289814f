/// How many terminal columns text takes, as the terminal (glibc `wcwidth`) counts them:
/// CJK and emoji 2, combining marks and other zero-width characters 0, the rest 1.
///
/// Pure Swift, so it works without a terminal or a UTF-8 locale; the backend's tests
/// check it against glibc's `wcwidth`.
public enum DisplayWidth {
    /// Columns of one Unicode scalar: 0, 1 or 2. Control characters count 0.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v < 0x20 ? 0 : 1 }           // ASCII fast path
        if v < 0xA0 { return 0 }                          // DEL and C1 controls
        if v < 0x300 { return 1 }                         // Latin-1 and Latin Extended (soft hyphen too)
        // Common in the UI, checked without property lookups: general punctuation
        // (— … •), arrows, box drawing, blocks and geometric shapes up to U+25FC.
        if (0x2010...0x2027).contains(v) || (0x2030...0x205E).contains(v) || (0x2190...0x21FF).contains(v)
            || (0x2500...0x25FC).contains(v) { return 1 }
        if isZeroWidth(scalar) { return 0 }
        if isWide(v) { return 2 }
        if scalar.properties.isEmojiPresentation && !(0x1F1E6...0x1F1FF).contains(v) { return 2 }
        return 1
    }

    /// Columns of a string: the sum over its scalars.
    public static func of(_ text: some StringProtocol) -> Int {
        var total = 0
        for u in text.unicodeScalars { total += of(u) }
        return total
    }

    /// Columns of one character (grapheme cluster).
    public static func of(_ character: Character) -> Int {
        var total = 0
        for u in character.unicodeScalars { total += of(u) }
        return total
    }

    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v == 0xAD { return false }                     // soft hyphen: glibc shows it
        if prependedMarks.contains(v) { return false }    // Arabic number signs etc.: glibc gives 1
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return true }  // Hangul medial/final jamo
        if v == 0x200B || v == 0x1171E { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return true
        default: return false
        }
    }

    /// Format characters that glibc draws one column wide (Prepended_Concatenation_Mark).
    private static let prependedMarks: Set<UInt32> = [0x600, 0x601, 0x602, 0x603, 0x604, 0x605, 0x6DD, 0x70F,
                                                      0x890, 0x891, 0x8E2, 0x110BD, 0x110CD]

    /// East Asian Wide and Fullwidth ranges that are not emoji (Unicode 15), plus the
    /// Yijing hexagrams (4DC0-4DFF), which glibc also counts as wide.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DFF,
        0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
        0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
        0x16FF0...0x16FF1, 0x17000...0x18CD5, 0x18D00...0x18D08, 0x1AFF0...0x1B2FB,
        0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251,
        0x1F260...0x1F265, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        var lo = 0, hi = wideRanges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = wideRanges[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }
}

/// Byte-level forms of the text rules of `ContentValidator` and `ContentLoader`, for
/// strings that are all ASCII.
///
/// In ASCII text every `Character` is one byte, except "\r\n", which Swift counts as one
/// (whitespace) character. So for such strings these functions give exactly what the
/// `Character`-based code gives, without grapheme breaking or a `String` per word. Each
/// returns nil for any other string, which then takes the general path.
enum ASCIIText {
    /// Whether every byte is below 128, read 8 bytes a step.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0
        var high: UInt64 = 0
        while i + 8 <= n {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < n {
            high |= UInt64(base[i])
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// `body` on the UTF-8 bytes of `s` when they are all ASCII; nil otherwise.
    @inline(__always)
    static func withASCII<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        // A native string lends its bytes as they are (no copy of `s` to call withUTF8 on).
        switch s.utf8.withContiguousStorageIfAvailable({ isASCII($0) ? body($0) : nil }) {
        case .some(let result): return result
        case .none:
            var s = s
            return s.withUTF8 { isASCII($0) ? body($0) : nil }
        }
    }

    /// The ASCII bytes `Character.isWhitespace` holds for: tab, line feed, vertical tab,
    /// form feed, carriage return and space.
    @inline(__always)
    static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }

    /// The bytes left by `String.trimmingWhitespace()`.
    @inline(__always)
    static func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lo = 0, hi = b.count
        while lo < hi && isWhitespace(b[lo]) { lo += 1 }
        while hi > lo && isWhitespace(b[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    /// The number of characters of the bytes `range`: one per byte, "\r\n" counting one.
    @inline(__always)
    static func characterCount(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var n = range.count
        var i = range.lowerBound
        while i + 1 < range.upperBound {
            if b[i] == 0x0D && b[i + 1] == 0x0A { n -= 1; i += 2 } else { i += 1 }
        }
        return n
    }

    /// `s.count`, for ASCII `s`.
    static func count(_ s: String) -> Int? {
        withASCII(s) { characterCount($0, 0..<$0.count) }
    }

    /// `s.trimmingWhitespace().count`, for ASCII `s`.
    static func trimmedCount(_ s: String) -> Int? {
        withASCII(s) { characterCount($0, trimmed($0)) }
    }

    /// `s.trimmingWhitespace().isEmpty`, for ASCII `s`.
    static func isBlank(_ s: String) -> Bool? {
        withASCII(s) { trimmed($0).isEmpty }
    }

    /// `s.trimmingWhitespace()`, for ASCII `s`: `s` itself when nothing is trimmed.
    static func trimmingWhitespace(_ s: String) -> String? {
        withASCII(s) { b -> String in
            let r = trimmed(b)
            return r.count == b.count ? s : String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
        }
    }

    /// Appends ASCII `b`'s lowercased words of letters and digits, each after one space
    /// when `out` is not empty: `ContentValidator.normalize` over bytes.
    @inline(__always)
    static func appendNormalized(_ b: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>, count n: inout Int) {
        var gap = n > 0
        for byte in b {
            let c: UInt8
            switch byte {
            case 65...90: c = byte + 32
            case 97...122, 48...57: c = byte
            default:
                if n > 0 { gap = true }
                continue
            }
            if gap { out[n] = 0x20; n += 1; gap = false }
            out[n] = c
            n += 1
        }
    }

    /// `ContentValidator.normalize(s)` (lowercased words of letters and digits joined by
    /// single spaces), for ASCII `s`.
    static func normalized(_ s: String) -> String? {
        withASCII(s) { b in
            // The result is never longer than `s`: every space stands for at least one
            // byte that is not a letter or digit.
            String(unsafeUninitializedCapacity: b.count) { out in
                var n = 0
                if let base = out.baseAddress { appendNormalized(b, to: base, count: &n) }
                return n
            }
        }
    }

    /// Whether `needle` occurs in `haystack` as a run of bytes.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        let m = needle.utf8CodeUnitCount
        let n = haystack.count
        guard m > 0 else { return true }
        guard m <= n else { return false }
        let p = needle.utf8Start
        let first = p[0]
        var i = 0
        while i <= n - m {
            if haystack[i] == first {
                var k = 1
                while k < m && haystack[i + k] == p[k] { k += 1 }
                if k == m { return true }
            }
            i += 1
        }
        return false
    }

    /// Whether `bytes` start with `prefix`.
    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        let m = prefix.utf8CodeUnitCount
        guard m <= bytes.count else { return false }
        let p = prefix.utf8Start
        for k in 0..<m where bytes[k] != p[k] { return false }
        return true
    }

    /// `ContentValidator.isValidID(s)` for ASCII `s`: not empty, and only a-z, 0-9 and '-'.
    static func isValidID(_ s: String) -> Bool? {
        withASCII(s) { b in
            !b.isEmpty && b.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        }
    }
}

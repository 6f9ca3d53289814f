#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds JSON text byte by byte, for the formats the store writes by hand (review log
/// lines, the card snapshot, daily totals) where `JSONEncoder` would be too slow or could
/// not keep one entry per line.
struct JSONWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// `"key":` (the key is written escaped).
    mutating func key(_ key: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(key)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(0x5C); bytes.append(b)
            case UInt8(ascii: "\\"): bytes.append(0x5C); bytes.append(b)
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                raw("\\u00")
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(hex[Int(b >> 4)]); bytes.append(hex[Int(b & 15)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func int(_ v: Int) { bytes.append(contentsOf: String(v).utf8) }

    /// A finite number in its shortest round-trip form (`2.5`, `1e-05`).
    mutating func number(_ v: Double) {
        precondition(v.isFinite, "JSON cannot hold \(v)")
        if v == v.rounded(), abs(v) < 1e15 { int(Int(v)); return }
        bytes.append(contentsOf: v.description.utf8)
    }

    mutating func bool(_ v: Bool) { if v { raw("true") } else { raw("false") } }

    mutating func null() { raw("null") }

    mutating func date(_ d: Date) {
        bytes.append(UInt8(ascii: "\""))
        Timestamp.append(d, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Any parsed value, compactly (used after a schema migration).
    mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .number(let n): number(n)
        case .string(let s): string(s)
        case .array(let a):
            bytes.append(UInt8(ascii: "["))
            for (i, e) in a.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                value(e.value)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (i, m) in members.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                string(m.key)
                bytes.append(UInt8(ascii: ":"))
                value(m.node.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }
}

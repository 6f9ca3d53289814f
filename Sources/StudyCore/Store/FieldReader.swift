#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A wrong or missing value inside a JSON document, with where it is.
struct FieldError: Error, Sendable {
    var position: SourcePosition
    var message: String
}

/// Reads the members of a parsed JSON object as typed values, failing with the position
/// of the offending value and the name of the field.
struct FieldReader {
    let node: JSONNode
    let members: [(key: String, node: JSONNode)]
    /// What the object is, for messages ("the review", "card cpt-0001").
    let what: String

    init(_ node: JSONNode, _ what: String) throws(FieldError) {
        guard let members = node.members else {
            throw FieldError(position: node.position, message: "\(what) should be an object but is \(node.typeName)")
        }
        self.node = node
        self.members = members
        self.what = what
    }

    /// The member, or nil when it is absent or null.
    func optional(_ key: String) -> JSONNode? {
        for m in members where m.key == key { return m.node.isNull ? nil : m.node }
        return nil
    }

    func required(_ key: String) throws(FieldError) -> JSONNode {
        for m in members where m.key == key {
            if m.node.isNull { break }
            return m.node
        }
        throw FieldError(position: node.position, message: "\(what) has no \"\(key)\"")
    }

    func mismatch(_ key: String, _ node: JSONNode, _ expected: String) -> FieldError {
        FieldError(position: node.position, message: "\"\(key)\" should be \(expected) but is \(node.typeName)")
    }

    func string(_ key: String) throws(FieldError) -> String {
        let n = try required(key)
        guard let s = n.string else { throw mismatch(key, n, "a string") }
        return s
    }

    func optionalString(_ key: String) throws(FieldError) -> String? {
        guard let n = optional(key) else { return nil }
        guard let s = n.string else { throw mismatch(key, n, "a string") }
        return s
    }

    func int(_ key: String, in range: ClosedRange<Int> = Int.min...Int.max) throws(FieldError) -> Int {
        try checkedInt(key, try required(key), range)
    }

    func optionalInt(_ key: String, in range: ClosedRange<Int> = Int.min...Int.max) throws(FieldError) -> Int? {
        guard let n = optional(key) else { return nil }
        return try checkedInt(key, n, range)
    }

    private func checkedInt(_ key: String, _ n: JSONNode, _ range: ClosedRange<Int>) throws(FieldError) -> Int {
        guard let v = n.int else {
            if let d = n.number, !d.isFinite || d == d.rounded() {
                throw FieldError(position: n.position, message: StoreLimits.outOfRange(key, StoreLimits.format(d), StoreLimits.describe(range)))
            }
            throw mismatch(key, n, "a whole number")
        }
        guard range.contains(v) else {
            throw FieldError(position: n.position, message: StoreLimits.outOfRange(key, "\(v)", StoreLimits.describe(range)))
        }
        return v
    }

    func optionalDouble(_ key: String, in range: ClosedRange<Double>) throws(FieldError) -> Double? {
        guard let n = optional(key) else { return nil }
        guard let v = n.number else { throw mismatch(key, n, "a number") }
        guard v.isFinite, range.contains(v) else {
            throw FieldError(position: n.position, message: StoreLimits.outOfRange(key, StoreLimits.format(v), StoreLimits.describe(range)))
        }
        return v
    }

    func bool(_ key: String, default value: Bool) throws(FieldError) -> Bool {
        guard let n = optional(key) else { return value }
        guard let b = n.bool else { throw mismatch(key, n, "true or false") }
        return b
    }

    func date(_ key: String) throws(FieldError) -> Date {
        try checkedDate(key, try required(key))
    }

    func optionalDate(_ key: String) throws(FieldError) -> Date? {
        guard let n = optional(key) else { return nil }
        return try checkedDate(key, n)
    }

    private func checkedDate(_ key: String, _ n: JSONNode) throws(FieldError) -> Date {
        guard let s = n.string else { throw mismatch(key, n, "a time like \"2026-01-31T08:00:00.000Z\"") }
        guard let d = Timestamp.parse(s) else {
            throw FieldError(position: n.position, message: "\"\(key)\" is \"\(s)\", not a time like \"2026-01-31T08:00:00.000Z\"")
        }
        return d
    }

    func day(_ key: String) throws(FieldError) -> CalendarDay {
        let n = try required(key)
        guard let s = n.string, let day = CalendarDay(s) else {
            throw FieldError(position: n.position, message: "\"\(key)\" should be a date written YYYY-MM-DD")
        }
        return day
    }
}

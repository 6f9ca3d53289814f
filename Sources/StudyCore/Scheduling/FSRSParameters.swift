#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The 21 FSRS-6 model weights w0...w20, always within py-fsrs 6.3.2's bounds.
///
/// A value of this type is valid by construction: the throwing initialisers reject a
/// wrong count or an out-of-bound weight with a message that names the index and the
/// bound, and decoding applies the same check. Users paste the weights from Anki's
/// deck options ("FSRS parameters"), so `init(parsing:)` reads that comma-separated form.
public struct FSRSParameters: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The weights in order, w0 first.
    public let values: [Double]

    /// The number of weights in FSRS-6.
    public static let count = 21

    /// py-fsrs 6.3.2 `DEFAULT_PARAMETERS` (identical to fsrs-rs and Anki's defaults).
    public static let defaultValues: [Double] = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]

    /// py-fsrs 6.3.2 `LOWER_BOUNDS_PARAMETERS`.
    public static let lowerBounds: [Double] = [
        0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001,
        0.001, 0.001, 0.001, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.1,
    ]

    /// py-fsrs 6.3.2 `UPPER_BOUNDS_PARAMETERS`.
    public static let upperBounds: [Double] = [
        100.0, 100.0, 100.0, 100.0, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5,
        5.0, 0.25, 0.9, 4.0, 1.0, 6.0, 2.0, 2.0, 0.8, 0.8,
    ]

    /// What each weight does, for messages and documentation.
    public static let roles: [String] = [
        "initial stability after Again", "initial stability after Hard", "initial stability after Good",
        "initial stability after Easy", "initial difficulty base", "initial difficulty exponent",
        "difficulty step per grade", "difficulty mean-reversion weight", "recall stability scale (ln)",
        "recall stability saturation exponent", "recall retrievability sensitivity", "lapse stability scale",
        "lapse difficulty exponent", "lapse stability exponent", "lapse retrievability sensitivity",
        "Hard penalty", "Easy bonus", "short-term scale", "short-term grade offset",
        "short-term stability exponent", "forgetting-curve decay",
    ]

    /// The FSRS-6 defaults.
    public static let defaults = FSRSParameters(unchecked: defaultValues)

    private init(unchecked values: [Double]) { self.values = values }

    /// Checks `values` as py-fsrs does: exactly 21 finite weights, each within its bounds.
    /// The error lists every weight that is out of bounds, not only the first.
    public init(_ values: [Double]) throws(FSRSParameterError) {
        guard values.count == Self.count else {
            throw .wrongCount(values.count)
        }
        var problems: [FSRSParameterError.OutOfBounds] = []
        for (i, v) in values.enumerated() where !(v.isFinite && v >= Self.lowerBounds[i] && v <= Self.upperBounds[i]) {
            problems.append(.init(index: i, value: v, lower: Self.lowerBounds[i], upper: Self.upperBounds[i]))
        }
        guard problems.isEmpty else { throw .outOfBounds(problems) }
        self.values = values
    }

    /// Reads weights separated by commas and/or white space, as Anki's deck options
    /// show them ("0.212, 1.2931, 2.3065, ..."). Surrounding brackets are allowed.
    public init(parsing text: String) throws(FSRSParameterError) {
        var body = Substring(text).trimmingSpaces()
        if body.first == "[" && body.last == "]" { body = body.dropFirst().dropLast() }
        let fields = body.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        var values: [Double] = []
        values.reserveCapacity(fields.count)
        for (i, field) in fields.enumerated() {
            guard let v = Double(field), v.isFinite else { throw .notANumber(index: i, text: String(field)) }
            values.append(v)
        }
        try self.init(values)
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([Double].self)
        do {
            try self.init(raw)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(values)
    }

    public subscript(index: Int) -> Double { values[index] }

    /// The weights as Anki shows them: comma-separated, shortest round-trip form.
    public var description: String { values.map { "\($0)" }.joined(separator: ", ") }
}

/// Why a set of FSRS weights was rejected.
public enum FSRSParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A weight outside the interval py-fsrs allows.
    public struct OutOfBounds: Sendable, Equatable {
        public var index: Int
        public var value: Double
        public var lower: Double
        public var upper: Double
    }

    case wrongCount(Int)
    case notANumber(index: Int, text: String)
    case outOfBounds([OutOfBounds])

    public var description: String {
        switch self {
        case .wrongCount(let n):
            var s = "expected \(FSRSParameters.count) FSRS parameters (FSRS-6), got \(n)"
            if n == 17 || n == 19 {
                s += "; \(n) values are an FSRS-\(n == 17 ? "4.5" : "5") set; re-optimize with an FSRS-6 optimizer (an Anki version that shows 21 parameters)"
            }
            return s
        case let .notANumber(index, text):
            return "parameter w\(index) (value \(index + 1) of \(FSRSParameters.count)) is not a number: '\(text)'"
        case .outOfBounds(let problems):
            return problems.map { p in
                let side = p.value.isFinite ? (p.value < p.lower ? "below its lower bound \(p.lower)" : "above its upper bound \(p.upper)") : "not finite"
                return "parameter w\(p.index) (\(FSRSParameters.roles[p.index])) = \(p.value) is \(side); allowed [\(p.lower), \(p.upper)]"
            }.joined(separator: "\n")
        }
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return s
    }
}

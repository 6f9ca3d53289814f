#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A py-fsrs reference vector file (`fsrs-vectors.json`, format version 1, made by
/// `scripts/gen_fsrs_vectors.py`), read into typed values.
///
/// Reading checks the whole structure first, so a damaged or foreign file is reported
/// as `file:line:column: where: what is wrong` and never half-replayed.
public struct FSRSVectorFile: Sendable {
    /// One scheduler configuration, with the scheduler built from it (fuzz is always off).
    public struct Config: Sendable {
        public var id: Int
        public var label: String
        public var scheduler: FSRSScheduler
    }

    /// One review of a sequence and what py-fsrs produced for it.
    public struct Review: Sendable {
        public var time: Date
        public var rating: Rating
        /// R of the card before the review, at `time`.
        public var retrievabilityBefore: Double
        /// The card after the review.
        public var expected: Card
        /// `due - time`, whole seconds (truncated).
        public var intervalSeconds: Int
        /// R of the card after the review at `time + offset` seconds.
        public var retrievabilityQueries: [(offset: Int, value: Double)]
    }

    /// A card's whole review history under one configuration.
    public struct Sequence: Sendable {
        public var id: Int
        public var config: Config
        public var initialCard: Card
        public var reviews: [Review]
    }

    /// Formula-level tables for one configuration.
    public struct UnitTable: Sendable {
        public var config: Config
        public var factor: Double
        public var initialStability: [Double]
        public var initialDifficultyClamped: [Double]
        public var initialDifficultyUnclamped: [Double]
        public var nextDifficulty: [(difficulty: Double, rating: Rating, value: Double)]
        public var shortTermStability: [(stability: Double, rating: Rating, value: Double)]
        public var nextStability: [(difficulty: Double, stability: Double, retrievability: Double, rating: Rating, value: Double)]
        public var nextInterval: [(desiredRetention: Double, stability: Double, days: Int)]
        public var retrievability: [(stability: Double, elapsedSeconds: Int, value: Double)]
    }

    /// py-fsrs fuzz results for pinned uniform draws.
    public struct FuzzTable: Sendable {
        public var units: [Double]
        public var rows: [(maximumInterval: Int, days: Int, results: [Int])]
    }

    public var formatVersion: Int
    public var configs: [Config]
    public var sequences: [Sequence]
    public var units: [UnitTable]
    public var fuzz: FuzzTable?

    /// The format version this reader understands.
    public static let supportedFormatVersion = 1

    /// Reads and checks the file at `path`.
    public static func load(path: String) throws(FSRSVectorFileError) -> FSRSVectorFile {
        guard FileSystem.exists(path) else { throw FSRSVectorFileError(file: path, message: "no such file") }
        guard !FileSystem.isDirectory(path) else { throw FSRSVectorFileError(file: path, message: "is a directory, not a vector file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FSRSVectorFileError(file: path, message: "cannot be read")
        }
        return try parse([UInt8](data), file: path)
    }

    /// Reads and checks a vector document; `file` names it in errors.
    public static func parse(_ bytes: [UInt8], file: String) throws(FSRSVectorFileError) -> FSRSVectorFile {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw FSRSVectorFileError(file: file, position: error.position, message: "not valid JSON: \(error.message)")
        }
        return try VectorReader(file: file).document(root)
    }
}

/// Why a vector file could not be read: the file, where in it, and what is wrong.
public struct FSRSVectorFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var position: SourcePosition?
    /// The JSON path of the bad value, e.g. `sequences[3].reviews[5].rating`.
    public var path: String?
    public var message: String

    public init(file: String, position: SourcePosition? = nil, path: String? = nil, message: String) {
        self.file = file
        self.position = position
        self.path = path
        self.message = message
    }

    public var description: String {
        var s = file
        if let position { s += ":\(position.line):\(position.column)" }
        s += ": "
        if let path { s += "\(path): " }
        return s + message
    }
}

/// Typed access to the JSON tree with errors that name the file, position and path.
private struct VectorReader {
    let file: String

    func fail(_ node: JSONNode, _ path: String, _ message: String) -> FSRSVectorFileError {
        FSRSVectorFileError(file: file, position: node.position, path: path, message: message)
    }

    func member(_ node: JSONNode, _ key: String, _ path: String) throws(FSRSVectorFileError) -> JSONNode {
        guard node.members != nil else { throw fail(node, path, "expected an object, found \(node.typeName)") }
        guard let child = node[key] else { throw fail(node, path, "missing \"\(key)\"") }
        return child
    }

    func array(_ node: JSONNode, _ path: String) throws(FSRSVectorFileError) -> [JSONNode] {
        guard let a = node.array else { throw fail(node, path, "expected an array, found \(node.typeName)") }
        return a
    }

    func number(_ node: JSONNode, _ path: String) throws(FSRSVectorFileError) -> Double {
        guard let n = node.number else { throw fail(node, path, "expected a number, found \(node.typeName)") }
        return n
    }

    func int(_ node: JSONNode, _ path: String) throws(FSRSVectorFileError) -> Int {
        guard let n = node.int else {
            throw fail(node, path, node.number != nil ? "expected a whole number, found \(node.number!)" : "expected an integer, found \(node.typeName)")
        }
        return n
    }

    func string(_ node: JSONNode, _ path: String) throws(FSRSVectorFileError) -> String {
        guard let s = node.string else { throw fail(node, path, "expected a string, found \(node.typeName)") }
        return s
    }

    func date(_ node: JSONNode, _ path: String) throws(FSRSVectorFileError) -> Date {
        let s = try string(node, path)
        guard let d = ISO8601Timestamp.parse(s) else {
            throw fail(node, path, "'\(s)' is not an ISO-8601 date-time with an offset (like 2025-01-01T12:00:00+00:00)")
        }
        return d
    }

    func rating(_ node: JSONNode, _ path: String) throws(FSRSVectorFileError) -> Rating {
        let n = try int(node, path)
        guard let r = Rating(rawValue: n) else { throw fail(node, path, "rating \(n) is not 1 (Again) to 4 (Easy)") }
        return r
    }

    func numbers(_ node: JSONNode, _ path: String, count: Int? = nil) throws(FSRSVectorFileError) -> [Double] {
        let items = try array(node, path)
        if let count, items.count != count { throw fail(node, path, "expected \(count) numbers, found \(items.count)") }
        var out: [Double] = []
        for (i, item) in items.enumerated() { out.append(try number(item, "\(path)[\(i)]")) }
        return out
    }

    /// A row of a table: an array of exactly `count` values.
    func row(_ node: JSONNode, _ path: String, count: Int) throws(FSRSVectorFileError) -> [JSONNode] {
        let items = try array(node, path)
        guard items.count == count else { throw fail(node, path, "expected a row of \(count) values, found \(items.count)") }
        return items
    }

    // MARK: document

    func document(_ root: JSONNode) throws(FSRSVectorFileError) -> FSRSVectorFile {
        guard root.members != nil else { throw fail(root, "(top level)", "expected an object, found \(root.typeName)") }
        let versionNode = try member(root, "format_version", "(top level)")
        let version = try int(versionNode, "format_version")
        guard version == FSRSVectorFile.supportedFormatVersion else {
            throw fail(versionNode, "format_version", "version \(version) is not supported; this statdeck reads version \(FSRSVectorFile.supportedFormatVersion)")
        }
        var configs: [FSRSVectorFile.Config] = []
        var byID: [Int: FSRSVectorFile.Config] = [:]
        for (i, node) in try array(try member(root, "configs", "(top level)"), "configs").enumerated() {
            let c = try config(node, "configs[\(i)]")
            guard byID[c.id] == nil else { throw fail(node, "configs[\(i)].id", "config id \(c.id) appears twice") }
            byID[c.id] = c
            configs.append(c)
        }
        func lookup(_ node: JSONNode, _ path: String) throws(FSRSVectorFileError) -> FSRSVectorFile.Config {
            let id = try int(node, path)
            guard let c = byID[id] else {
                throw fail(node, path, "config \(id) is not in \"configs\" (ids: \(configs.map { String($0.id) }.joined(separator: ", ")))")
            }
            return c
        }
        var sequences: [FSRSVectorFile.Sequence] = []
        for (i, node) in try array(try member(root, "sequences", "(top level)"), "sequences").enumerated() {
            let path = "sequences[\(i)]"
            let id = try int(try member(node, "id", path), path + ".id")
            let cfg = try lookup(try member(node, "config", path), path + ".config")
            let initial = try card(try member(node, "initial_card", path), path + ".initial_card")
            var reviews: [FSRSVectorFile.Review] = []
            for (k, rv) in try array(try member(node, "reviews", path), path + ".reviews").enumerated() {
                reviews.append(try review(rv, "\(path).reviews[\(k)]"))
            }
            sequences.append(.init(id: id, config: cfg, initialCard: initial, reviews: reviews))
        }
        var units: [FSRSVectorFile.UnitTable] = []
        if let unitsNode = root["units"] {
            for (i, node) in try array(unitsNode, "units").enumerated() {
                units.append(try unitTable(node, "units[\(i)]", lookup: lookup))
            }
        }
        var fuzz: FSRSVectorFile.FuzzTable?
        if let fuzzNode = root["fuzz"] { fuzz = try fuzzTable(fuzzNode, "fuzz") }
        return FSRSVectorFile(formatVersion: version, configs: configs, sequences: sequences, units: units, fuzz: fuzz)
    }

    func config(_ node: JSONNode, _ path: String) throws(FSRSVectorFileError) -> FSRSVectorFile.Config {
        let id = try int(try member(node, "id", path), path + ".id")
        let label = node["label"]?.string ?? "config \(id)"
        let s = try member(node, "scheduler", path)
        let sp = path + ".scheduler"
        let paramsNode = try member(s, "parameters", sp)
        let weights = try numbers(paramsNode, sp + ".parameters")
        let parameters: FSRSParameters
        do {
            parameters = try FSRSParameters(weights)
        } catch {
            throw fail(paramsNode, sp + ".parameters", error.description)
        }
        let fuzzNode = try member(s, "enable_fuzzing", sp)
        guard fuzzNode.bool == false else {
            throw fail(fuzzNode, sp + ".enable_fuzzing", "must be false: sequences can only be replayed when made without fuzz")
        }
        let configuration = SchedulerConfiguration(
            parameters: parameters,
            desiredRetention: try number(try member(s, "desired_retention", sp), sp + ".desired_retention"),
            learningSteps: try numbers(try member(s, "learning_steps", sp), sp + ".learning_steps"),
            relearningSteps: try numbers(try member(s, "relearning_steps", sp), sp + ".relearning_steps"),
            maximumInterval: try int(try member(s, "maximum_interval", sp), sp + ".maximum_interval"),
            fuzzEnabled: false)
        do {
            let scheduler = try FSRSScheduler(configuration, limits: .reference)
            return .init(id: id, label: label, scheduler: scheduler)
        } catch {
            throw fail(s, sp, error.description)
        }
    }

    func card(_ node: JSONNode, _ path: String) throws(FSRSVectorFileError) -> Card {
        let stateNode = try member(node, "state", path)
        let state = try int(stateNode, path + ".state")
        guard let phase = CardPhase(rawValue: state) else {
            throw fail(stateNode, path + ".state", "state \(state) is not 1 (Learning), 2 (Review) or 3 (Relearning)")
        }
        let stepNode = try member(node, "step", path)
        let step: Int? = stepNode.isNull ? nil : try int(stepNode, path + ".step")
        if let step, step < 0 { throw fail(stepNode, path + ".step", "step \(step) is negative") }
        if phase != .review && step == nil { throw fail(stepNode, path + ".step", "a Learning or Relearning card needs a step") }
        func optionalPositive(_ key: String) throws(FSRSVectorFileError) -> Double? {
            let n = try member(node, key, path)
            if n.isNull { return nil }
            let v = try number(n, path + "." + key)
            guard v > 0 else { throw fail(n, path + "." + key, "\(key) \(v) must be positive") }
            return v
        }
        let stability = try optionalPositive("stability")
        let difficulty = try optionalPositive("difficulty")
        let due = try date(try member(node, "due", path), path + ".due")
        let lastNode = try member(node, "last_review", path)
        let last: Date? = lastNode.isNull ? nil : try date(lastNode, path + ".last_review")
        return Card(phase: phase, step: step, stability: stability, difficulty: difficulty, due: due, lastReview: last)
    }

    func review(_ node: JSONNode, _ path: String) throws(FSRSVectorFileError) -> FSRSVectorFile.Review {
        let time = try date(try member(node, "t", path), path + ".t")
        let rating = try rating(try member(node, "rating", path), path + ".rating")
        let rBefore = try number(try member(node, "r_before", path), path + ".r_before")
        let expected = try card(try member(node, "card", path), path + ".card")
        let interval = try int(try member(node, "interval_s", path), path + ".interval_s")
        var queries: [(offset: Int, value: Double)] = []
        for (j, q) in try array(try member(node, "r_query", path), path + ".r_query").enumerated() {
            let qp = "\(path).r_query[\(j)]"
            let pair = try row(q, qp, count: 2)
            queries.append((try int(pair[0], qp + "[0]"), try number(pair[1], qp + "[1]")))
        }
        return .init(time: time, rating: rating, retrievabilityBefore: rBefore, expected: expected,
                     intervalSeconds: interval, retrievabilityQueries: queries)
    }

    func unitTable(_ node: JSONNode, _ path: String,
                   lookup: (JSONNode, String) throws(FSRSVectorFileError) -> FSRSVectorFile.Config) throws(FSRSVectorFileError) -> FSRSVectorFile.UnitTable {
        let cfg = try lookup(try member(node, "config", path), path + ".config")
        func rows(_ key: String, _ width: Int) throws(FSRSVectorFileError) -> [(String, [JSONNode])] {
            var out: [(String, [JSONNode])] = []
            for (i, r) in try array(try member(node, key, path), "\(path).\(key)").enumerated() {
                let rp = "\(path).\(key)[\(i)]"
                out.append((rp, try row(r, rp, count: width)))
            }
            return out
        }
        var nextD: [(difficulty: Double, rating: Rating, value: Double)] = []
        for (p, r) in try rows("next_difficulty", 3) {
            nextD.append((try number(r[0], p + "[0]"), try rating(r[1], p + "[1]"), try number(r[2], p + "[2]")))
        }
        var shortS: [(stability: Double, rating: Rating, value: Double)] = []
        for (p, r) in try rows("short_term_stability", 3) {
            shortS.append((try number(r[0], p + "[0]"), try rating(r[1], p + "[1]"), try number(r[2], p + "[2]")))
        }
        var nextS: [(difficulty: Double, stability: Double, retrievability: Double, rating: Rating, value: Double)] = []
        for (p, r) in try rows("next_stability", 5) {
            nextS.append((try number(r[0], p + "[0]"), try number(r[1], p + "[1]"), try number(r[2], p + "[2]"),
                          try rating(r[3], p + "[3]"), try number(r[4], p + "[4]")))
        }
        var intervals: [(desiredRetention: Double, stability: Double, days: Int)] = []
        for (p, r) in try rows("next_interval", 3) {
            let dr = try number(r[0], p + "[0]")
            guard dr > 0, dr <= 1 else { throw fail(r[0], p + "[0]", "desired retention \(dr) is not in (0, 1]") }
            intervals.append((dr, try number(r[1], p + "[1]"), try int(r[2], p + "[2]")))
        }
        var rs: [(stability: Double, elapsedSeconds: Int, value: Double)] = []
        for (p, r) in try rows("retrievability", 3) {
            rs.append((try number(r[0], p + "[0]"), try int(r[1], p + "[1]"), try number(r[2], p + "[2]")))
        }
        return .init(
            config: cfg,
            factor: try number(try member(node, "factor", path), path + ".factor"),
            initialStability: try numbers(try member(node, "initial_stability", path), path + ".initial_stability", count: 4),
            initialDifficultyClamped: try numbers(try member(node, "initial_difficulty_clamped", path), path + ".initial_difficulty_clamped", count: 4),
            initialDifficultyUnclamped: try numbers(try member(node, "initial_difficulty_unclamped", path), path + ".initial_difficulty_unclamped", count: 4),
            nextDifficulty: nextD, shortTermStability: shortS, nextStability: nextS, nextInterval: intervals, retrievability: rs)
    }

    func fuzzTable(_ node: JSONNode, _ path: String) throws(FSRSVectorFileError) -> FSRSVectorFile.FuzzTable {
        let us = try numbers(try member(node, "u", path), path + ".u")
        for (i, u) in us.enumerated() where !(u >= 0 && u < 1) {
            throw fail(try member(node, "u", path), "\(path).u[\(i)]", "draw \(u) is not in [0, 1)")
        }
        var rows: [(maximumInterval: Int, days: Int, results: [Int])] = []
        let rowsPath = path + ".rows_max_ivl_ivl_results"
        for (i, r) in try array(try member(node, "rows_max_ivl_ivl_results", path), rowsPath).enumerated() {
            let rp = "\(rowsPath)[\(i)]"
            let cells = try row(r, rp, count: 3)
            let maxIvl = try int(cells[0], rp + "[0]")
            let days = try int(cells[1], rp + "[1]")
            guard maxIvl >= 1, days >= 1, days <= maxIvl else {
                throw fail(r, rp, "interval \(days) must be between 1 and the maximum interval \(maxIvl)")
            }
            let results = try array(cells[2], rp + "[2]")
            guard results.count == us.count else {
                throw fail(cells[2], rp + "[2]", "expected \(us.count) results (one per draw in \"u\"), found \(results.count)")
            }
            var ints: [Int] = []
            for (j, x) in results.enumerated() { ints.append(try int(x, "\(rp)[2][\(j)]")) }
            rows.append((maxIvl, days, ints))
        }
        return .init(units: us, rows: rows)
    }
}

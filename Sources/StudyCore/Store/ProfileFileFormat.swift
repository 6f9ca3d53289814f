#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reading a profile file: parse (syntax errors with line and column), check and migrate its
/// `schemaVersion`, then decode, turning every failure into a `StoreError` that names the file.
enum ProfileFileFormat {
    /// The parsed root of a whole-file JSON document, brought up to the current schema.
    static func parse(_ bytes: [UInt8], kind: ProfileFileKind, file: String,
                      migrations: SchemaMigrations) throws(StoreError) -> (root: JSONNode, migrated: Bool) {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw corrupt(file, error.position, error.message)
        }
        let version = try migrations.version(of: root, kind: kind, file: file)
        if version == migrations.currentVersion(kind) { return (root, false) }
        return (try migrations.upgrade(root, kind: kind, from: version, file: file), true)
    }

    static func corrupt(_ file: String, _ position: SourcePosition, _ message: String) -> StoreError {
        .corrupt(StoreProblem(file: file, line: position.line, column: position.column, message: message), recovery: [])
    }

    static func corrupt(_ file: String, _ error: FieldError) -> StoreError {
        corrupt(file, error.position, error.message)
    }

    // MARK: Codable files (settings, index, mock-exam attempts)

    /// Decodes a `Codable` file written by `encode`, with positions in its errors.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], kind: ProfileFileKind, file: String,
                                     migrations: SchemaMigrations) throws(StoreError) -> T {
        let (root, migrated) = try parse(bytes, kind: kind, file: file, migrations: migrations)
        if let error = RangeRules.firstViolation(in: root, kind: kind) { throw corrupt(file, error) }
        var input = bytes
        if migrated {
            var w = JSONWriter()
            w.value(root.value)
            input = w.bytes
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "\"\(text)\" is not a time like \"2026-01-31T08:00:00.000Z\"")
            }
            return date
        }
        do {
            return try decoder.decode(Versioned<T>.self, from: Data(input)).value
        } catch let error as DecodingError {
            let (path, message) = describe(error)
            let node = root.descendant(at: path)
            throw corrupt(file, node.position, message)
        } catch {
            throw StoreError.corrupt(StoreProblem(file: file, message: "\(error)"), recovery: [])
        }
    }

    /// Pretty-printed JSON with sorted keys and `schemaVersion`, times as `Timestamp` strings.
    static func encode<T: Encodable>(_ value: T, kind: ProfileFileKind, migrations: SchemaMigrations) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Timestamp.string(date))
        }
        do {
            var bytes = [UInt8](try encoder.encode(Versioned(schemaVersion: migrations.currentVersion(kind), value: value)))
            bytes.append(0x0A)
            return bytes
        } catch {
            // Only non-finite numbers can fail here, and the models refuse those when decoding.
            preconditionFailure("cannot encode \(T.self): \(error)")
        }
    }

    /// The coding path and a plain-words message of a decoding error.
    private static func describe(_ error: DecodingError) -> ([any CodingKey], String) {
        func name(_ path: [any CodingKey]) -> String {
            path.last.map { $0.intValue.map { "item \($0)" } ?? "\"\($0.stringValue)\"" } ?? "the file"
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            return (ctx.codingPath, "\(ctx.codingPath.isEmpty ? "the file" : name(ctx.codingPath)) has no \"\(key.stringValue)\"")
        case .valueNotFound(let type, let ctx):
            return (ctx.codingPath, "\(name(ctx.codingPath)) should be \(typeName(type)) but is null")
        case .typeMismatch(let type, let ctx):
            return (ctx.codingPath, "\(name(ctx.codingPath)) should be \(typeName(type))")
        case .dataCorrupted(let ctx):
            return (ctx.codingPath, "\(name(ctx.codingPath)): \(ctx.debugDescription)")
        @unknown default:
            return ([], "\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is Date.Type: return "a time like \"2026-01-31T08:00:00.000Z\""
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a \(name)"
        }
    }
}

/// A model written with `schemaVersion` beside its own keys.
private struct Versioned<T> {
    enum Key: String, CodingKey { case schemaVersion }
    var schemaVersion: Int
    var value: T
}

extension Versioned: Decodable where T: Decodable {
    init(from decoder: any Decoder) throws {
        schemaVersion = try decoder.container(keyedBy: Key.self).decode(Int.self, forKey: .schemaVersion)
        value = try T(from: decoder)
    }
}

extension Versioned: Encodable where T: Encodable {
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try value.encode(to: encoder)
    }
}

extension JSONNode {
    /// The deepest node along a coding path (the node itself when the path leads nowhere).
    func descendant(at path: [any CodingKey]) -> JSONNode {
        var node = self
        for key in path {
            if let index = key.intValue, let a = node.array, index >= 0, index < a.count {
                node = a[index]
            } else if let child = node[key.stringValue] {
                node = child
            } else {
                break
            }
        }
        return node
    }
}

/// The numbers of the Codable files (index, attempts) that must fall in a range, by key: checked
/// on the parsed tree before decoding, so an out-of-range value is reported with its own line
/// and column as `"field": value out of range`.
enum RangeRules {
    enum Rule {
        case int(ClosedRange<Int>)
        case double(ClosedRange<Double>)
    }

    static func rules(for kind: ProfileFileKind) -> [String: Rule] {
        let counts: [String: Rule] = ["reviewCount": .int(StoreLimits.count), "itemCount": .int(StoreLimits.count),
                                      "answered": .int(StoreLimits.count), "scoredCorrect": .int(StoreLimits.count),
                                      "scoredTotal": .int(StoreLimits.count), "correct": .int(StoreLimits.count),
                                      "total": .int(StoreLimits.count), "scaledEstimate": .int(0...100_000)]
        switch kind {
        case .index:
            return counts.merging(["elapsed": .double(StoreLimits.examSeconds)]) { a, _ in a }
        case .attempt:
            return counts.merging(["elapsed": .double(StoreLimits.examSeconds), "timeOnItem": .double(StoreLimits.examSeconds),
                                   "answerTime": .double(StoreLimits.examSeconds), "minutes": .int(StoreLimits.examMinutes),
                                   "current": .int(StoreLimits.examItems)]) { a, _ in a }
        case .settings, .cards, .daily, .log, .decks, .notes:
            return [:]
        }
    }

    /// The first number under a ruled key (or in an array under it) outside its range.
    static func firstViolation(in root: JSONNode, kind: ProfileFileKind) -> FieldError? {
        let rules = rules(for: kind)
        guard !rules.isEmpty else { return nil }
        func check(_ key: String, _ node: JSONNode, _ rule: Rule) -> FieldError? {
            if let a = node.array {
                for element in a { if let e = check(key, element, rule) { return e } }
                return nil
            }
            guard let v = node.number else { return nil }   // a wrong type is the decoder's to report
            switch rule {
            case .int(let range):
                if v.isFinite && v != v.rounded() { return nil }   // not a whole number: the decoder says so
                if v.isFinite, v >= Double(range.lowerBound), v <= Double(range.upperBound) { return nil }
                return FieldError(position: node.position,
                                  message: StoreLimits.outOfRange(key, StoreLimits.format(v), StoreLimits.describe(range)))
            case .double(let range):
                if v.isFinite, range.contains(v) { return nil }
                return FieldError(position: node.position,
                                  message: StoreLimits.outOfRange(key, StoreLimits.format(v), StoreLimits.describe(range)))
            }
        }
        func walk(_ node: JSONNode) -> FieldError? {
            if let members = node.members {
                for m in members {
                    if let rule = rules[m.key], let e = check(m.key, m.node, rule) { return e }
                    if let e = walk(m.node) { return e }
                }
            } else if let a = node.array {
                for element in a { if let e = walk(element) { return e } }
            }
            return nil
        }
        return walk(root)
    }
}

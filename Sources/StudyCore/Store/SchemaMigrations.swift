/// The kinds of file in a profile folder; each has its own `schemaVersion`.
public enum ProfileFileKind: String, Sendable, Hashable, CaseIterable {
    case index, settings, cards, daily, log, attempt, decks, notes
}

/// The schema version this StatDeck writes for each kind of file, and the steps that bring an
/// older file up to it.
///
/// A step turns a parsed file of version `v` into version `v + 1`; loading applies the steps in
/// turn in memory, and the file is written in the current version at its next save. A file with
/// a version above `current` is refused and never written over. (The review log's version is in
/// its header line and its steps are applied line by line.)
public struct SchemaMigrations: Sendable {
    public typealias Step = @Sendable (JSONNode) throws -> JSONNode

    public var current: [ProfileFileKind: Int]
    public var steps: [ProfileFileKind: [Int: Step]]

    public init(current: [ProfileFileKind: Int], steps: [ProfileFileKind: [Int: Step]] = [:]) {
        self.current = current
        self.steps = steps
    }

    /// What this StatDeck writes: every kind at version 1 except mock-exam attempts, at 2
    /// since they hold the exam engine's `ExamAttempt` (`AttemptMigration` reads version 1).
    public static let standard = SchemaMigrations(
        current: Dictionary(uniqueKeysWithValues: ProfileFileKind.allCases.map { ($0, $0 == .attempt ? 2 : 1) }),
        steps: [.attempt: [1: AttemptMigration.from1]])

    public func currentVersion(_ kind: ProfileFileKind) -> Int { current[kind] ?? 1 }

    /// The `schemaVersion` of a parsed file, refused when it is missing, not a positive whole
    /// number, or newer than this StatDeck understands.
    func version(of root: JSONNode, kind: ProfileFileKind, file: String) throws(StoreError) -> Int {
        guard root.members != nil else {
            throw StoreError.corrupt(StoreProblem(file: file, line: root.position.line, column: root.position.column,
                                                  message: "the file should hold a JSON object but holds \(root.typeName)"), recovery: [])
        }
        guard let node = root["schemaVersion"] else {
            throw StoreError.corrupt(StoreProblem(file: file, line: root.position.line, column: root.position.column,
                                                  message: "there is no \"schemaVersion\""), recovery: [])
        }
        guard let v = node.int, v >= 1 else {
            throw StoreError.corrupt(StoreProblem(file: file, line: node.position.line, column: node.position.column,
                                                  message: "\"schemaVersion\" should be a whole number from 1 up"), recovery: [])
        }
        let supported = currentVersion(kind)
        if v > supported { throw StoreError.newerSchema(file: file, found: v, supported: supported) }
        return v
    }

    /// `node` brought from `version` up to the current version.
    func upgrade(_ node: JSONNode, kind: ProfileFileKind, from version: Int, file: String,
                 line: Int? = nil) throws(StoreError) -> JSONNode {
        var node = node
        for v in version..<currentVersion(kind) {
            guard let step = steps[kind]?[v] else {
                throw StoreError.corrupt(StoreProblem(file: file, line: line,
                    message: "schemaVersion \(v) is not one this StatDeck can read (no migration to \(v + 1))"), recovery: [])
            }
            do {
                node = try step(node)
            } catch {
                throw StoreError.corrupt(StoreProblem(file: file, line: line,
                    message: "could not migrate from schemaVersion \(v): \(error)"), recovery: [])
            }
        }
        return node
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads a content directory (`tracks/`, `questions/`, `flashcards/`) into a
/// `ContentBank`, collecting every problem instead of stopping at the first.
///
/// Items with errors are left out of the bank; everything else loads.
public enum ContentLoader {
    /// The result of loading: the usable bank and what was wrong.
    public struct Result: Sendable {
        public var bank: ContentBank
        public var diagnostics: [Diagnostic]
        /// The id and place of every question and flashcard element that has an id,
        /// including those left out of the bank for errors (for duplicate-id checks).
        public var allIDs: [(id: String, at: SourceLocation)] = []
        /// Where each question of `bank.questions` sits (same order): its file, relative to
        /// the content directory, and its place in that file's array. The content index
        /// (`ContentIndex`) keeps these to decode one item without the rest.
        public var questionPlaces: [ItemPlace] = []
        /// Where each flashcard of `bank.flashcards` sits (same order).
        public var flashcardPlaces: [ItemPlace] = []
        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    }

    /// Loads every file under `directory`. Paths in messages are shown relative
    /// to `displayRoot` when given (e.g. `Data/questions/cpt/x.json`).
    ///
    /// With `concurrently`, the question and flashcard files are read and decoded on every
    /// core, each file on its own, and taken in file order: the result is the same.
    public static func load(from directory: String, displayPrefix: String? = nil, concurrently: Bool = false) -> Result {
        var diags: [Diagnostic] = []
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let prefix = displayPrefix ?? root
        func display(_ rel: String) -> String { prefix.isEmpty ? rel : prefix + "/" + rel }

        guard FileSystem.isDirectory(root) else {
            diags.append(Diagnostic(.error, file: prefix, line: 0, "content directory not found"))
            return Result(bank: ContentBank(directory: root, tracks: [], questions: [], flashcards: []), diagnostics: diags)
        }

        var tracks: [Track] = []
        let trackFiles = jsonFiles(in: root + "/tracks")
        if trackFiles.isEmpty {
            diags.append(Diagnostic(.error, file: display("tracks"), line: 0, "no track files (expected tracks/cpt.json, tracks/ccma.json)"))
        }
        for rel in trackFiles {
            let file = display("tracks/" + rel)
            guard let node = parseFile(root + "/tracks/" + rel, display: file, into: &diags) else { continue }
            var reader = NodeReader(file: file, item: nil)
            if let track = reader.track(node) { tracks.append(track) }
            diags += reader.diagnostics
        }

        // A folder named like a bank (`cpt.json/`) holds no bank the loader can read.
        for folder in ["questions", "flashcards"] {
            for rel in folderBanks(in: root + "/" + folder) {
                diags.append(Diagnostic(.error, file: display(folder + "/" + rel), line: 0,
                                        "is a folder, not a file: a bank is one .json file"))
            }
        }

        let bankFiles = jsonFiles(in: root + "/questions").map { (folder: "questions", rel: $0) }
            + jsonFiles(in: root + "/flashcards").map { (folder: "flashcards", rel: $0) }
        var read = readBankFiles(bankFiles, root: root, prefix: prefix, concurrently: concurrently)
        // The items are moved over, not copied: copying a question retains each of its strings
        // and lists, and the copies left behind would all be released again.
        let questions = concatenate(\.questions, of: &read)
        let flashcards = concatenate(\.flashcards, of: &read)
        var questionPlaces: [ItemPlace] = []
        var flashcardPlaces: [ItemPlace] = []
        var allIDs: [(id: String, at: SourceLocation)] = []
        for file in read {
            if file.isQuestions { questionPlaces += file.places } else { flashcardPlaces += file.places }
            allIDs += file.ids
            diags += file.diagnostics
        }

        var facts: [String: [String: Bool]] = [:]
        for rel in jsonFiles(in: root + "/facts") {
            let file = display("facts/" + rel)
            guard let node = parseFile(root + "/facts/" + rel, display: file, into: &diags) else { continue }
            var reader = NodeReader(file: file, item: nil)
            if let trackID = reader.string(node, "track"), let list = reader.field(node, "facts")?.array {
                var map: [String: Bool] = [:]
                for entry in list {
                    if let id = reader.string(entry, "id") { map[id] = entry["unsure"]?.bool ?? false }
                }
                facts[trackID] = map
            }
            diags += reader.diagnostics
        }

        // A JSON file outside the four folders is read by nothing: say so rather than
        // let a misplaced bank be silently ignored.
        for rel in jsonFiles(in: root) where !loadedFolders.contains(where: { rel.hasPrefix($0 + "/") }) {
            diags.append(Diagnostic(.warning, file: display(rel), line: 0,
                "no loader reads this file (content lives in \(loadedFolders.map { $0 + "/" }.joined(separator: ", ")))"))
        }

        let bank = ContentBank(directory: root, tracks: tracks, questions: questions, flashcards: flashcards, facts: facts)
        return Result(bank: bank, diagnostics: diags, allIDs: allIDs,
                      questionPlaces: questionPlaces, flashcardPlaces: flashcardPlaces)
    }

    /// What one question or flashcard file holds (`readBankFile`).
    struct BankFile: Sendable {
        var isQuestions = true
        /// The file's valid questions (or flashcards) and their places.
        var questions: [Question] = []
        var flashcards: [Flashcard] = []
        var places: [ItemPlace] = []
        /// The id and place of every element that has an id.
        var ids: [(id: String, at: SourceLocation)] = []
        var diagnostics: [Diagnostic] = []
    }

    /// Reads and decodes `questions/rel` or `flashcards/rel` (as `folder` says) on its own.
    static func readBankFile(folder: String, rel: String, root: String, prefix: String) -> BankFile {
        var out = BankFile()
        out.isQuestions = folder == "questions"
        let file = (prefix.isEmpty ? "" : prefix + "/") + folder + "/" + rel
        guard let node = parseFile(root + "/" + folder + "/" + rel, display: file, into: &out.diagnostics) else { return out }
        guard let array = node.array else {
            out.diagnostics.append(Diagnostic(.error, file: file, line: node.position.line, "expected a JSON array of \(folder), found \(node.typeName)"))
            return out
        }
        for (i, element) in array.enumerated() {
            var reader = NodeReader(file: file, item: element["id"]?.string)
            if let id = element["id"]?.string { out.ids.append((id, SourceLocation(file: file, line: element.position.line))) }
            if out.isQuestions {
                if let q = reader.question(element) {
                    out.questions.append(q)
                    out.places.append(ItemPlace(file: folder + "/" + rel, element: i))
                }
            } else if let f = reader.flashcard(element) {
                out.flashcards.append(f)
                out.places.append(ItemPlace(file: folder + "/" + rel, element: i))
            }
            out.diagnostics += reader.diagnostics
        }
        return out
    }

    /// The lists `list` of all `files` one after another, moved out of them (each is popped
    /// from its end into its place), so that `files` are left with empty lists.
    static func concatenate<T>(_ list: WritableKeyPath<BankFile, [T]>, of files: inout [BankFile]) -> [T] {
        let total = files.reduce(0) { $0 + $1[keyPath: list].count }
        return [T](unsafeUninitializedCapacity: total) { buffer, initialized in
            var end = 0
            for k in files.indices {
                end += files[k][keyPath: list].count
                var at = end
                while let element = files[k][keyPath: list].popLast() {
                    at -= 1
                    (buffer.baseAddress! + at).initialize(to: element)
                }
            }
            initialized = end
        }
    }

    /// `readBankFile` of each of `files`, in their order; with `concurrently`, spread over
    /// every core (`Parallel.map`: the order of the results does not depend on timing).
    static func readBankFiles(_ files: [(folder: String, rel: String)], root: String, prefix: String,
                              concurrently: Bool) -> [BankFile] {
        let read = { @Sendable (k: Int) in readBankFile(folder: files[k].folder, rel: files[k].rel, root: root, prefix: prefix) }
        return concurrently ? Parallel.map(files.count, read) : files.indices.map(read)
    }

    /// Decodes the one question or flashcard element `text` (the bytes of a single array
    /// element of a content file) as the loader would; nil when it is not a valid item.
    /// `file` and `line` are where the element starts, for the item's `source`.
    static func decodeItem(_ text: ArraySlice<UInt8>, isQuestion: Bool, file: String, line: Int) -> StudyItem? {
        guard let node = try? JSONParser.parse(Array(text)) else { return nil }
        var reader = NodeReader(file: file, item: node["id"]?.string)
        if isQuestion {
            guard var q = reader.question(node) else { return nil }
            q.source = SourceLocation(file: file, line: line)
            return .question(q)
        }
        guard var f = reader.flashcard(node) else { return nil }
        f.source = SourceLocation(file: file, line: line)
        return .flashcard(f)
    }

    /// Reads only `tracks/*.json`: what the first screens need, without decoding the
    /// question banks (which can take far longer than drawing the first frame).
    public static func loadTracks(from directory: String, displayPrefix: String? = nil) -> (tracks: [Track], diagnostics: [Diagnostic]) {
        var diags: [Diagnostic] = []
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let prefix = displayPrefix ?? root
        var tracks: [Track] = []
        for rel in jsonFiles(in: root + "/tracks") {
            let file = (prefix.isEmpty ? "" : prefix + "/") + "tracks/" + rel
            guard let node = parseFile(root + "/tracks/" + rel, display: file, into: &diags) else { continue }
            var reader = NodeReader(file: file, item: nil)
            if let track = reader.track(node) { tracks.append(track) }
            diags += reader.diagnostics
        }
        if tracks.isEmpty && diags.isEmpty {
            diags.append(Diagnostic(.error, file: (prefix.isEmpty ? "" : prefix + "/") + "tracks", line: 0,
                                    "no track files (expected tracks/cpt.json, tracks/ccma.json)"))
        }
        return (tracks, diags)
    }

    /// The folders of a content directory that the loader reads.
    static let loadedFolders = ["tracks", "questions", "flashcards", "facts"]

    /// Folders below `directory` whose names end in `.json`, as sorted relative paths.
    static func folderBanks(in directory: String, under rel: String = "") -> [String] {
        var out: [String] = []
        let here = rel.isEmpty ? directory : directory + "/" + rel
        for name in FileSystem.entries(of: here).sorted() where !name.hasPrefix(".") {
            let child = rel.isEmpty ? name : rel + "/" + name
            guard FileSystem.isDirectory(directory + "/" + child) else { continue }
            if name.hasSuffix(".json") { out.append(child) }
            out += folderBanks(in: directory, under: child)
        }
        return out
    }

    /// Every `.json` file below `directory`, as sorted relative paths.
    static func jsonFiles(in directory: String) -> [String] {
        FileSystem.files(below: directory).filter { $0.hasSuffix(".json") }
    }

    static func parseFile(_ path: String, display: String, into diags: inout [Diagnostic]) -> JSONNode? {
        guard let data = FileManager.default.contents(atPath: path) else {
            diags.append(Diagnostic(.error, file: display, line: 0, "cannot read the file"))
            return nil
        }
        do {
            return try JSONParser.parse([UInt8](data))
        } catch {
            diags.append(Diagnostic(.error, file: display, line: error.position.line,
                                    "JSON syntax error at column \(error.position.column): \(error.message)"))
            return nil
        }
    }
}

/// Where a loaded item sits in the content directory: its file (relative path, e.g.
/// `questions/cpt/processing.json`) and its 0-based place in that file's array.
public struct ItemPlace: Sendable, Hashable {
    public var file: String
    public var element: Int
    public init(file: String, element: Int) { self.file = file; self.element = element }
}

/// Reads typed fields out of JSON nodes, recording a diagnostic for each problem.
struct NodeReader {
    let file: String
    let item: String?
    var diagnostics: [Diagnostic] = []

    init(file: String, item: String?) {
        self.file = file
        self.item = item
    }

    mutating func error(_ node: JSONNode, _ message: String) {
        diagnostics.append(Diagnostic(.error, file: file, line: node.position.line, item: item, message))
    }

    mutating func warning(_ node: JSONNode, _ message: String) {
        diagnostics.append(Diagnostic(.warning, file: file, line: node.position.line, item: item, message))
    }

    mutating func field(_ object: JSONNode, _ key: String) -> JSONNode? {
        guard let node = object[key], !node.isNull else {
            error(object, "missing field \"\(key)\"")
            return nil
        }
        return node
    }

    mutating func string(_ object: JSONNode, _ key: String, required: Bool = true) -> String? {
        guard let node = required ? field(object, key) : object[key], !node.isNull else { return nil }
        guard let s = node.string else {
            error(node, "\"\(key)\" must be a string, found \(node.typeName)")
            return nil
        }
        if required && s.trimmingWhitespace().isEmpty {
            error(node, "\"\(key)\" is empty")
            return nil
        }
        return s
    }

    mutating func int(_ object: JSONNode, _ key: String) -> Int? {
        guard let node = field(object, key) else { return nil }
        guard let n = node.int else {
            error(node, "\"\(key)\" must be a whole number, found \(node.typeName == "a number" ? String(node.number!) : node.typeName)")
            return nil
        }
        return n
    }

    mutating func strings(_ object: JSONNode, _ key: String, required: Bool = true) -> [String]? {
        guard let node = required ? field(object, key) : object[key], !node.isNull else { return required ? nil : [] }
        guard let array = node.array else {
            error(node, "\"\(key)\" must be an array of strings, found \(node.typeName)")
            return nil
        }
        var out: [String] = []
        for (i, element) in array.enumerated() {
            guard let s = element.string else {
                error(element, "\"\(key)\"[\(i)] must be a string, found \(element.typeName)")
                return nil
            }
            out.append(s)
        }
        return out
    }

    mutating func domainMap(_ object: JSONNode) -> [String: String]? {
        guard let node = field(object, "domains") else { return nil }
        guard let members = node.members else {
            error(node, "\"domains\" must be an object mapping exam ids to domain ids, found \(node.typeName)")
            return nil
        }
        if members.isEmpty {
            error(node, "\"domains\" is empty: name at least one exam and its domain")
            return nil
        }
        var map: [String: String] = [:]
        for m in members {
            guard let d = m.node.string else {
                error(m.node, "\"domains\".\(m.key) must be a domain id string, found \(m.node.typeName)")
                return nil
            }
            map[m.key] = d
        }
        return map
    }

    /// The fields a question may have (built once, not for every item). A few short names:
    /// comparing with each is cheaper than hashing the key for a set.
    static let questionKeys: [String] = ["id", "type", "domains", "stem", "choices", "answer", "explanation",
                                            "rationales", "steps", "difficulty", "facts", "tags", "source", "notes", "reviewNote"]
    /// The fields a flashcard may have.
    static let flashcardKeys: [String] = ["id", "deck", "front", "back", "domains", "facts", "tags", "source", "notes", "reviewNote"]

    /// How many of `diagnostics` are errors.
    var errorCount: Int {
        var n = 0
        for d in diagnostics where d.severity == .error { n += 1 }
        return n
    }

    mutating func checkKeys(_ object: JSONNode, allowed: [String], what: String) {
        for m in object.members ?? [] where !allowed.contains(m.key) {
            warning(m.node, "unknown field \"\(m.key)\" in \(what) (typo?)")
        }
    }

    mutating func question(_ node: JSONNode) -> Question? {
        guard node.members != nil else {
            error(node, "expected a question object, found \(node.typeName)")
            return nil
        }
        checkKeys(node, allowed: Self.questionKeys, what: "a question")
        let before = errorCount
        let id = string(node, "id")
        let typeText = string(node, "type")
        let kind = typeText.flatMap(QuestionKind.init(rawValue:))
        if let typeText, kind == nil, let t = node["type"] {
            error(t, "unknown type \"\(typeText)\" (expected \"single\" or \"order\")")
        }
        let domains = domainMap(node)
        let stem = string(node, "stem")
        let explanation = string(node, "explanation")
        let difficulty = int(node, "difficulty")
        let facts = strings(node, "facts")
        if let facts, facts.isEmpty, let f = node["facts"] {
            error(f, "\"facts\" is empty: name the blueprint fact ids the item tests")
        }
        let tags = strings(node, "tags", required: false)
        let reviewNote = string(node, "reviewNote", required: false)
        var choices: [String] = []
        var answer = 0
        var rationales: [String] = []
        var steps: [String] = []
        switch kind {
        case .single:
            choices = strings(node, "choices") ?? []
            answer = int(node, "answer") ?? 0
            rationales = strings(node, "rationales") ?? []
            if node["steps"] != nil, let s = node["steps"] { error(s, "a single-answer item has no \"steps\"") }
        case .order:
            steps = strings(node, "steps") ?? []
            for key in ["choices", "answer", "rationales"] {
                if let extra = node[key] { error(extra, "an order item has \"steps\" instead of \"\(key)\"") }
            }
        case nil:
            break
        }
        guard errorCount == before,
              let id, let kind, let domains, let stem, let explanation, let difficulty, let facts else { return nil }
        return Question(id: id, kind: kind, domains: domains, stem: stem, choices: choices, answer: answer,
                        explanation: explanation, rationales: rationales, steps: steps, difficulty: difficulty,
                        facts: facts, tags: tags ?? [], reviewNote: reviewNote,
                        source: SourceLocation(file: file, line: node.position.line))
    }

    mutating func flashcard(_ node: JSONNode) -> Flashcard? {
        guard node.members != nil else {
            error(node, "expected a flashcard object, found \(node.typeName)")
            return nil
        }
        checkKeys(node, allowed: Self.flashcardKeys, what: "a flashcard")
        let before = errorCount
        let id = string(node, "id")
        let deck = string(node, "deck")
        let front = string(node, "front")
        let back = string(node, "back")
        let domains = domainMap(node)
        let facts = strings(node, "facts", required: false)
        let tags = strings(node, "tags", required: false)
        let reviewNote = string(node, "reviewNote", required: false)
        guard errorCount == before,
              let id, let deck, let front, let back, let domains else { return nil }
        return Flashcard(id: id, deck: deck, front: front, back: back, domains: domains, facts: facts ?? [],
                         tags: tags ?? [], reviewNote: reviewNote,
                         source: SourceLocation(file: file, line: node.position.line))
    }

    mutating func domain(_ node: JSONNode) -> Domain? {
        guard node.members != nil else {
            error(node, "expected a domain object, found \(node.typeName)")
            return nil
        }
        let id = string(node, "id")
        let name = string(node, "name")
        let scored = int(node, "scoredItems")
        var subs: [Domain] = []
        if let subNode = node["subdomains"], !subNode.isNull {
            if let array = subNode.array {
                subs = array.compactMap { domain($0) }
            } else {
                error(subNode, "\"subdomains\" must be an array, found \(subNode.typeName)")
            }
        }
        guard let id, let name, let scored else { return nil }
        return Domain(id: id, name: name, scoredItems: scored, subdomains: subs)
    }

    mutating func track(_ node: JSONNode) -> Track? {
        guard node.members != nil else {
            error(node, "expected a track object, found \(node.typeName)")
            return nil
        }
        let id = string(node, "id")
        let name = string(node, "name")
        let short = string(node, "shortName", required: false)
        let plan = string(node, "planVersion")
        let total = int(node, "totalItems")
        let scored = int(node, "scoredItems")
        let pretest = int(node, "pretestItems")
        let minutes = int(node, "minutes")
        let role = string(node, "role", required: false)
        let scope = string(node, "scope", required: false)
        let guidance = string(node, "guidance", required: false)
        let about = node["about"].flatMap { $0.isNull ? nil : examFacts($0) }
        var scale: ScoreScale?
        if let s = field(node, "scale") {
            if let lo = int(s, "min"), let hi = int(s, "max"), let pass = int(s, "pass") {
                scale = ScoreScale(min: lo, max: hi, pass: pass)
                if !(lo < pass && pass <= hi) { error(s, "scale must have min < pass <= max") }
            }
        }
        var domains: [Domain] = []
        if let dnode = field(node, "domains") {
            if let array = dnode.array {
                domains = array.compactMap { domain($0) }
            } else {
                error(dnode, "\"domains\" must be an array, found \(dnode.typeName)")
            }
        }
        guard let id, let name, let plan, let total, let scored, let pretest, let minutes, let scale else { return nil }
        let track = Track(id: id, name: name, shortName: short ?? id.uppercased(), planVersion: plan, totalItems: total,
                          scoredItems: scored, pretestItems: pretest, minutes: minutes, scale: scale, domains: domains,
                          role: role, scope: scope, guidance: guidance, about: about)
        if scored + pretest != total {
            error(node, "scoredItems \(scored) + pretestItems \(pretest) != totalItems \(total)")
        }
        let sum = domains.reduce(0) { $0 + $1.scoredItems }
        if sum != scored {
            error(node, "domain scoredItems add up to \(sum), not scoredItems \(scored)")
        }
        for d in domains where !d.subdomains.isEmpty {
            let subSum = d.subdomains.reduce(0) { $0 + $1.scoredItems }
            if subSum != d.scoredItems {
                error(node, "subdomains of \(d.id) add up to \(subSum), not its scoredItems \(d.scoredItems)")
            }
        }
        var seen: Set<String> = []
        for area in track.allAreas where !seen.insert(area.id).inserted {
            error(node, "domain id \"\(area.id)\" is used twice")
        }
        return track
    }

    /// The `about` object of a track: `reviewed`, optional `source`, and `sections`,
    /// each a known topic with at least one point of non-empty text.
    mutating func examFacts(_ node: JSONNode) -> ExamFacts? {
        guard node.members != nil else {
            error(node, "\"about\" must be an object, found \(node.typeName)")
            return nil
        }
        checkKeys(node, allowed: ["reviewed", "source", "sections"], what: "\"about\"")
        let before = errorCount
        var reviewed: CalendarDate?
        if let text = string(node, "reviewed") {
            reviewed = CalendarDate(parsing: text)
            if reviewed == nil, let r = node["reviewed"] {
                error(r, "\"reviewed\" must be a date as YYYY-MM-DD, found \"\(text)\"")
            }
        }
        let source = string(node, "source", required: false)
        var sections: [ExamFacts.Section] = []
        if let list = field(node, "sections") {
            if let array = list.array {
                for element in array {
                    guard element.members != nil else {
                        error(element, "a section of \"about\" must be an object, found \(element.typeName)")
                        continue
                    }
                    checkKeys(element, allowed: ["topic", "points"], what: "a section of \"about\"")
                    guard let name = string(element, "topic") else { continue }
                    guard let topic = ExamFacts.Topic(rawValue: name) else {
                        let known = ExamFacts.Topic.allCases.map(\.rawValue).joined(separator: ", ")
                        error(element["topic"] ?? element, "unknown topic \"\(name)\" (expected one of \(known))")
                        continue
                    }
                    if sections.contains(where: { $0.topic == topic }) {
                        error(element, "topic \"\(name)\" appears twice")
                        continue
                    }
                    var points: [ExamFacts.Point] = []
                    if let pnode = field(element, "points") {
                        if let parray = pnode.array, !parray.isEmpty {
                            for p in parray {
                                guard p.members != nil else {
                                    error(p, "a point of \"\(name)\" must be an object with \"text\", found \(p.typeName)")
                                    continue
                                }
                                checkKeys(p, allowed: ["text", "unsure"], what: "a point")
                                guard let text = string(p, "text") else { continue }
                                var unsure = false
                                if let u = p["unsure"], !u.isNull {
                                    if let b = u.bool { unsure = b } else { error(u, "\"unsure\" must be true or false, found \(u.typeName)") }
                                }
                                points.append(ExamFacts.Point(text, unsure: unsure))
                            }
                        } else {
                            error(pnode, "\"points\" of \"\(name)\" must be a non-empty array")
                        }
                    }
                    sections.append(ExamFacts.Section(topic: topic, points: points))
                }
                for topic in ExamFacts.Topic.required where !sections.contains(where: { $0.topic == topic }) {
                    error(list, "\"about\" has no \"\(topic.rawValue)\" section")
                }
            } else {
                error(list, "\"sections\" must be an array, found \(list.typeName)")
            }
        }
        guard let reviewed, errorCount == before else { return nil }
        return ExamFacts(reviewed: reviewed, source: source, sections: sections)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public func trimmingWhitespace() -> String {
        if let trimmed = ASCIIText.trimmingWhitespace(self) { return trimmed }
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}

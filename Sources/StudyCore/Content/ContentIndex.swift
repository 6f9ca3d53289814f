/// A compact summary of a loaded content directory: for every question and flashcard its
/// id, kind, areas and key, and where its JSON sits (file, byte range, line). It is what the
/// home screen, `statdeck stats` and `statdeck exam --list` need, and it lets one item be
/// decoded without the rest of the bank.
///
/// Built from a full load (`build(from:…)`), saved as a small text file by `ContentCache`,
/// and read back with every line checked (`decode`): anything unexpected gives nil, never
/// an error, so a damaged cache is simply rebuilt.
public struct ContentIndex: Sendable, Equatable {
    /// One question or flashcard.
    public struct Entry: Sendable, Hashable {
        /// What the item is: a `single` or `order` question, or a flashcard.
        public enum Kind: Character, Sendable, Hashable {
            case single = "s", order = "o", card = "c"
        }
        public var kind: Kind
        public var id: String
        /// Exam id to the area the item counts toward there.
        public var domains: [String: String]
        /// The key of a `single` question (0 otherwise).
        public var answer: Int
        /// Index into `files`.
        public var file: Int
        /// Byte offset and length of the item's JSON object in its file.
        public var start: Int
        public var length: Int
        /// The line the object starts on (for messages).
        public var line: Int
    }

    /// Format version of the saved index; a file of another version is ignored.
    public static let version = 2

    /// The content directory (as given to the loader).
    public var directory: String
    /// `ContentFingerprint` of the files the index was built from.
    public var fingerprint: UInt64
    /// `ContentFingerprint.statSignature` of those files once they had settled; 0 when none
    /// was taken (then the next start hashes the files).
    public var statSignature: UInt64 = 0
    /// How many errors the full load reported (items with errors are not in the index).
    public var errorCount: Int
    /// Files holding the items, relative to `directory`.
    public var files: [String]
    /// The questions, in the order of the loaded bank.
    public var questions: [Entry]
    /// The flashcards, in the order of the loaded bank.
    public var flashcards: [Entry]

    public init(directory: String, fingerprint: UInt64, errorCount: Int, files: [String],
                questions: [Entry], flashcards: [Entry]) {
        self.directory = directory; self.fingerprint = fingerprint; self.errorCount = errorCount
        self.files = files; self.questions = questions; self.flashcards = flashcards
    }

    // MARK: building

    /// The index of a full load of `directory` whose files have `fingerprint`; nil when the
    /// files changed under the load (an element is not where the load saw it) or a field
    /// cannot be written in the index's format.
    public static func build(from loaded: ContentLoader.Result, directory: String, fingerprint: UInt64) -> ContentIndex? {
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let bank = loaded.bank
        guard loaded.questionPlaces.count == bank.questions.count, loaded.flashcardPlaces.count == bank.flashcards.count else { return nil }
        var files: [String] = []
        var fileNumber: [String: Int] = [:]
        var spans: [[ElementSpan]] = []
        let io = POSIXFileIO(syncing: false)
        func locate(_ place: ItemPlace) -> (Int, ElementSpan)? {
            let n: Int
            if let known = fileNumber[place.file] {
                n = known
            } else {
                guard let bytes = try? io.readFile(root + "/" + place.file) else { return nil }
                n = files.count
                files.append(place.file)
                fileNumber[place.file] = n
                spans.append(ElementSpan.topLevel(of: bytes))
            }
            guard place.element < spans[n].count else { return nil }
            return (n, spans[n][place.element])
        }
        var questions: [Entry] = []
        questions.reserveCapacity(bank.questions.count)
        for (q, place) in zip(bank.questions, loaded.questionPlaces) {
            guard let (file, span) = locate(place) else { return nil }
            questions.append(Entry(kind: q.kind == .single ? .single : .order, id: q.id, domains: q.domains, answer: q.answer,
                                   file: file, start: span.start, length: span.length, line: span.line))
        }
        var cards: [Entry] = []
        cards.reserveCapacity(bank.flashcards.count)
        for (f, place) in zip(bank.flashcards, loaded.flashcardPlaces) {
            guard let (file, span) = locate(place) else { return nil }
            cards.append(Entry(kind: .card, id: f.id, domains: f.domains, answer: 0,
                               file: file, start: span.start, length: span.length, line: span.line))
        }
        let index = ContentIndex(directory: directory, fingerprint: fingerprint, errorCount: loaded.errors.count,
                                 files: files, questions: questions, flashcards: cards)
        return index.isWritable ? index : nil
    }

    /// True when no field holds a character the text format uses as a separator.
    var isWritable: Bool {
        func plain(_ s: String) -> Bool { !s.utf8.contains { $0 == 9 || $0 == 10 || $0 == 13 || $0 == 61 || $0 == 44 } }
        if !plain(directory) || !files.allSatisfy(plain) { return false }
        return (questions + flashcards).allSatisfy { e in
            !e.id.isEmpty && plain(e.id) && e.domains.allSatisfy { plain($0.key) && plain($0.value) && !$0.key.isEmpty }
        }
    }

    // MARK: the outline

    /// A bank whose items carry id, kind, areas and key but no text: enough to count, queue,
    /// group by area and score; never for a screen that shows a stem, choices or a card.
    public func outline(tracks: [Track]) -> ContentBank {
        let files = absoluteFiles
        return ContentBank(directory: directory, tracks: tracks, questions: questions.map { question($0, files) },
                           flashcards: flashcards.map { flashcard($0, files) })
    }

    /// What `outline(tracks:).items(for: trackID)` gives (questions, then flashcards, of the
    /// track), made straight from the entries: the home screen needs only these.
    public func outlineItems(for trackID: String) -> [StudyItem] {
        let files = absoluteFiles
        var out: [StudyItem] = []
        out.reserveCapacity(questions.count + flashcards.count)
        for e in questions where e.domains[trackID] != nil { out.append(.question(question(e, files))) }
        for e in flashcards where e.domains[trackID] != nil { out.append(.flashcard(flashcard(e, files))) }
        return out
    }

    private var absoluteFiles: [String] {
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return files.map { root + "/" + $0 }
    }

    private func question(_ e: Entry, _ files: [String]) -> Question {
        Question(id: e.id, kind: e.kind == .order ? .order : .single, domains: e.domains, stem: "", answer: e.answer,
                 explanation: "", difficulty: 0, source: SourceLocation(file: files[e.file], line: e.line))
    }

    private func flashcard(_ e: Entry, _ files: [String]) -> Flashcard {
        Flashcard(id: e.id, deck: "", front: "", back: "", domains: e.domains, source: SourceLocation(file: files[e.file], line: e.line))
    }

    /// Decodes the item with this id from its file alone; nil when it is not in the index or
    /// its file no longer holds it where the index says.
    public func decodeItem(_ id: String) -> StudyItem? {
        let entry: Entry
        var isQuestion = true
        if let q = questions.first(where: { $0.id == id }) {
            entry = q
        } else if let f = flashcards.first(where: { $0.id == id }) {
            entry = f
            isQuestion = false
        } else {
            return nil
        }
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let bytes = try? POSIXFileIO(syncing: false).readFile(root + "/" + files[entry.file]),
              entry.start >= 0, entry.length > 0, entry.start + entry.length <= bytes.count else { return nil }
        let item = ContentLoader.decodeItem(bytes[entry.start..<(entry.start + entry.length)], isQuestion: isQuestion,
                                            file: root + "/" + files[entry.file], line: entry.line)
        return item?.id == id ? item : nil
    }

    // MARK: the saved form

    /// The index as text: a header, the files, one line per item, and a last line with the
    /// item count and a hash of everything before it (so a cut or altered file is noticed).
    public func encoded() -> [UInt8] {
        var out = "statdeck-content-index\t\(Self.version)\n"
        out += "content\t\(String(fingerprint, radix: 16))\t\(String(statSignature, radix: 16))\t\(errorCount)\t\(directory)\n"
        for f in files { out += "file\t\(f)\n" }
        func line(_ e: Entry) {
            let domains = e.domains.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            out += "\(e.kind.rawValue)\t\(e.file)\t\(e.start)\t\(e.length)\t\(e.line)\t\(e.answer)\t\(e.id)\t\(domains)\n"
        }
        questions.forEach(line)
        flashcards.forEach(line)
        var bytes = Array(out.utf8)
        var hasher = FastHasher()
        hasher.combine(bytes)
        bytes += Array("end\t\(questions.count + flashcards.count)\t\(String(hasher.finalize(), radix: 16))\n".utf8)
        return bytes
    }

    /// Reads a saved index; nil for anything that is not a whole index of this version.
    /// Works on the bytes directly (no string per field), since it runs before every
    /// returning user's first frame.
    public static func decode(_ bytes: [UInt8]) -> ContentIndex? {
        bytes.withUnsafeBufferPointer { decode(buffer: $0) }
    }

    private static func decode(buffer b: UnsafeBufferPointer<UInt8>) -> ContentIndex? {
        // The last line: "end <count> <hash of everything before it>".
        guard b.count > 0, b[b.count - 1] == 10 else { return nil }
        var endStart = b.count - 1
        while endStart > 0 && b[endStart - 1] != 10 { endStart -= 1 }
        let trailer = fields(b, endStart..<(b.count - 1))
        guard trailer.count == 3, trailer[0] == "end", let count = Int(trailer[1]),
              let sum = UInt64(trailer[2], radix: 16) else { return nil }
        var hasher = FastHasher()
        hasher.combine(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: b[0..<endStart])))
        guard hasher.finalize() == sum else { return nil }

        var pos = 0
        func nextLine() -> Range<Int>? {
            guard pos < endStart else { return nil }
            var i = pos
            while i < endStart && b[i] != 10 { i += 1 }
            guard i < endStart else { return nil }
            defer { pos = i + 1 }
            return pos..<i
        }
        guard let first = nextLine(), fields(b, first) == ["statdeck-content-index", "\(version)"],
              let second = nextLine() else { return nil }
        let head = fields(b, second)
        guard head.count == 5, head[0] == "content", let fingerprint = UInt64(head[1], radix: 16),
              let signature = UInt64(head[2], radix: 16), let errors = Int(head[3]), errors >= 0 else { return nil }
        var index = ContentIndex(directory: head[4], fingerprint: fingerprint, errorCount: errors, files: [], questions: [], flashcards: [])
        index.statSignature = signature
        index.questions.reserveCapacity(count)
        var domainCache: [String: [String: String]] = [:]
        while let line = nextLine() {
            var p = line.lowerBound
            let end = line.upperBound
            // Reads up to the next tab (or the end of the line); nil when the line ends first
            // and `last` is false.
            func field(last: Bool = false) -> Range<Int>? {
                let start = p
                while p < end && b[p] != 9 { p += 1 }
                if p == end { return last ? start..<p : nil }
                if last { return nil }
                defer { p += 1 }
                return start..<p
            }
            func int(allowNegative: Bool = false) -> Int? {
                guard let r = field(), !r.isEmpty, r.count < 19 else { return nil }
                var i = r.lowerBound
                var negative = false
                if allowNegative && b[i] == 45 { negative = true; i += 1; if i == r.upperBound { return nil } }
                var n = 0
                while i < r.upperBound {
                    let d = Int(b[i]) - 48
                    guard d >= 0 && d <= 9 else { return nil }
                    n = n * 10 + d
                    i += 1
                }
                return negative ? -n : n
            }
            func string(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self) }

            guard let tag = field() else { return nil }
            if tag.count == 4 && string(tag) == "file" {
                guard index.questions.isEmpty && index.flashcards.isEmpty, let name = field(last: true), !name.isEmpty else { return nil }
                index.files.append(string(name))
                continue
            }
            guard tag.count == 1, let kind = Entry.Kind(rawValue: Character(UnicodeScalar(b[tag.lowerBound]))),
                  let file = int(), file < index.files.count, let start = int(), let length = int(), length > 0,
                  let lineNumber = int(), lineNumber > 0, let answer = int(allowNegative: true),
                  let idRange = field(), !idRange.isEmpty, let domainRange = field(last: true), !domainRange.isEmpty else { return nil }
            let domainText = string(domainRange)
            let domains: [String: String]
            if let known = domainCache[domainText] {
                domains = known
            } else {
                var map: [String: String] = [:]
                for pair in domainText.split(separator: ",", omittingEmptySubsequences: false) {
                    guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else { return nil }
                    map[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
                }
                domainCache[domainText] = map
                domains = map
            }
            let entry = Entry(kind: kind, id: string(idRange), domains: domains, answer: answer, file: file,
                              start: start, length: length, line: lineNumber)
            if kind == .card {
                index.flashcards.append(entry)
            } else {
                // Questions come before flashcards.
                guard index.flashcards.isEmpty else { return nil }
                index.questions.append(entry)
            }
        }
        guard pos == endStart, index.questions.count + index.flashcards.count == count else { return nil }
        return index
    }

    private static func fields(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [String] {
        b[range].split(separator: 9, omittingEmptySubsequences: false).map {
            String(decoding: UnsafeBufferPointer(rebasing: $0), as: UTF8.self)
        }
    }
}

/// Where one element of a JSON file's top-level array lies: byte offset, length and line.
struct ElementSpan: Sendable, Hashable {
    var start: Int
    var length: Int
    var line: Int

    /// The elements of the top-level array of `bytes`, found by skipping over strings and
    /// nested brackets (the file was already parsed; this only needs their bounds).
    static func topLevel(of bytes: [UInt8]) -> [ElementSpan] {
        var out: [ElementSpan] = []
        var depth = 0
        var line = 1
        var inString = false
        var escaped = false
        var start = -1
        var startLine = 0
        var lastNonSpace = -1
        for (i, b) in bytes.enumerated() {
            if b == 10 { line += 1 }
            if inString {
                if escaped { escaped = false } else if b == 92 { escaped = true } else if b == 34 { inString = false }
                lastNonSpace = i
                continue
            }
            switch b {
            case 32, 9, 10, 13:
                continue
            case 91, 123: // [ {
                if depth == 1 && start < 0 { start = i; startLine = line }
                depth += 1
            case 93, 125: // ] }
                depth -= 1
                if depth == 0 {
                    if start >= 0 { out.append(ElementSpan(start: start, length: lastNonSpace - start + 1, line: startLine)) }
                    return out
                }
            case 44: // ,
                if depth == 1 && start >= 0 {
                    out.append(ElementSpan(start: start, length: lastNonSpace - start + 1, line: startLine))
                    start = -1
                }
            case 34:
                if depth == 1 && start < 0 { start = i; startLine = line }
                inString = true
            default:
                if depth == 1 && start < 0 { start = i; startLine = line }
            }
            lastNonSpace = i
        }
        return out
    }
}

/// Checks that need the whole bank: duplicate ids and stems, domain ids,
/// keys and choices, fact ids, key balance and per-domain coverage.
///
/// Per-field schema problems are found by `ContentLoader`; `validate` adds
/// these and returns both, sorted by file and line.
public enum ContentValidator {
    /// A finished validation: diagnostics and the counts for the summary line.
    public struct Report: Sendable {
        public var diagnostics: [Diagnostic]
        /// Warnings on items whose `reviewNote` gives the reason they are accepted; kept out
        /// of `diagnostics` and counted in the summary.
        public var reviewed: [Diagnostic] = []
        public var bank: ContentBank
        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

        /// Per track: questions per leaf area and flashcards, in blueprint order.
        public var counts: [TrackCount] {
            bank.tracks.map { track in
                let qs = bank.questions(for: track.id)
                var perArea: [String: Int] = [:]
                for q in qs { perArea[q.domains[track.id]!, default: 0] += 1 }
                var perDomain: [(id: String, count: Int)] = []
                for d in track.domains {
                    let ids = d.subdomains.isEmpty ? [d.id] : d.subdomains.map(\.id)
                    perDomain.append((d.id, ids.reduce(0) { $0 + perArea[$1, default: 0] } + (d.subdomains.isEmpty ? 0 : perArea[d.id, default: 0])))
                }
                let order = qs.filter { $0.kind == .order }.count
                let cards = bank.flashcards(for: track.id)
                var perDeck: [String: Int] = [:]
                for f in cards { perDeck[f.deck, default: 0] += 1 }
                return TrackCount(track: track.id, questions: qs.count, orderItems: order,
                                  flashcards: cards.count,
                                  ownFlashcards: cards.filter { $0.domains.count == 1 }.count,
                                  decks: perDeck.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { DeckCount(deck: $0.key, count: $0.value) },
                                  domains: perDomain.map { DomainCount(id: $0.id, count: $0.count) },
                                  areas: track.leafAreas.map { DomainCount(id: $0.id, count: perArea[$0.id, default: 0]) },
                                  singleAreas: track.leafAreas.map { a in
                                      DomainCount(id: a.id, count: qs.filter { $0.kind == .single && $0.domains[track.id] == a.id }.count)
                                  },
                                  options: OptionStats(qs))
            }
        }

        /// `cpt: 46 questions (safety-compliance 10, ...), 20 flashcards; ccma: ...`
        public var summary: String {
            let parts = counts.map { c in
                let domains = c.domains.map { "\($0.id) \($0.count)" }.joined(separator: ", ")
                return "\(c.track): \(c.questions) questions (\(domains)), \(c.flashcards) flashcards"
            }
            let warn = warnings.isEmpty ? "" : "; \(warnings.count) warning\(warnings.count == 1 ? "" : "s")"
            let seen = reviewed.isEmpty ? "" : " (\(reviewed.count) more accepted by a reviewNote)"
            return "content OK: " + parts.joined(separator: "; ") + warn + seen
        }

        /// One line per track: single items per leaf area (the pools mock forms draw from)
        /// and the order items.
        public var areaLines: [String] {
            counts.map { c in
                "\(c.track): single items per area: " + c.singleAreas.map { "\($0.id) \($0.count)" }.joined(separator: ", ")
                    + "; \(c.orderItems) order items"
            }
        }

        /// One line per track on its flashcards: how many are its own and the decks.
        public var deckLines: [String] {
            counts.filter { $0.flashcards > 0 }.map { c in
                "\(c.track): \(c.flashcards) flashcards, \(c.ownFlashcards) of its own; decks: "
                    + c.decks.map { "\($0.deck) \($0.count)" }.joined(separator: ", ")
            }
        }

        /// One line per track on the single items' keys: where they sit and how often the
        /// key is the longest option (a length cue).
        public var optionLines: [String] {
            counts.compactMap { c in
                let o = c.options
                guard o.singles > 0 else { return nil }
                let pos = zip(["A", "B", "C", "D"], o.keyPositions).map { "\($0) \(percent1(Double($1) / Double(o.singles)))" }
                return "\(c.track): \(o.singles) single items; keys \(pos.joined(separator: " ")); "
                    + "key strictly longest in \(percent1(o.keyLongestShare)) (limit 25%); "
                    + "key >20% longer than every distractor in \(percent1(o.keyMuchLongerShare)) (limit 3%)"
            }
        }
    }

    /// How a track's single items place and size their keys.
    public struct OptionStats: Sendable, Codable {
        public var singles: Int
        /// Items keyed A, B, C, D.
        public var keyPositions: [Int]
        /// Items whose key is strictly longer than every distractor.
        public var keyLongest: Int
        /// Items whose key is longer than every distractor by more than 20% (and 4 characters).
        public var keyMuchLonger: Int
        public var keyLongestShare: Double { singles == 0 ? 0 : Double(keyLongest) / Double(singles) }
        public var keyMuchLongerShare: Double { singles == 0 ? 0 : Double(keyMuchLonger) / Double(singles) }

        init(_ questions: [Question]) {
            self.init(questions, at: questions.indices)
        }

        /// The stats of `questions[i]` for each `i` of `indices`, read in place.
        init(_ questions: [Question], at indices: some Sequence<Int>) {
            var positions = [0, 0, 0, 0], longest = 0, much = 0, n = 0
            for i in indices where questions[i].kind == .single && questions[i].choices.count == 4 && (0..<4).contains(questions[i].answer) {
                n += 1
                positions[questions[i].answer] += 1
                switch ContentValidator.keyLength(choices: questions[i].choices, answer: questions[i].answer) {
                case .longest: longest += 1
                case .muchLonger: longest += 1; much += 1
                case .notLongest: break
                }
            }
            singles = n; keyPositions = positions; keyLongest = longest; keyMuchLonger = much
        }
    }

    /// Where a key's length stands against its distractors.
    enum KeyLength { case notLongest, longest, muchLonger(key: Int, longestDistractor: Int) }

    /// The key is "much longer" when it exceeds every distractor by more than 20% and by
    /// at least 4 characters (so "10 mL" against "5 mL" is not a cue).
    static func keyLength(_ q: Question) -> KeyLength {
        keyLength(choices: q.choices, answer: q.answer)
    }

    /// `keyLength` of a question with these choices and key.
    static func keyLength(choices: [String], answer: Int) -> KeyLength {
        var key = 0, longestOther = 0
        for (i, choice) in choices.enumerated() {
            let n = characterCount(choice)
            if i == answer { key = n } else { longestOther = max(longestOther, n) }
        }
        guard key > longestOther else { return .notLongest }
        return Double(key) > Double(longestOther) * 1.2 && key - longestOther >= 4
            ? .muchLonger(key: key, longestDistractor: longestOther) : .longest
    }

    /// Item counts of one track.
    public struct TrackCount: Sendable, Codable {
        public var track: String
        public var questions: Int
        public var orderItems: Int
        public var flashcards: Int
        /// Flashcards that count toward this track only (not shared with another exam).
        public var ownFlashcards: Int
        /// Flashcards per deck, largest deck first.
        public var decks: [DeckCount]
        public var domains: [DomainCount]
        public var areas: [DomainCount]
        /// Single-answer items per leaf area (what an exam form draws from).
        public var singleAreas: [DomainCount]
        public var options: OptionStats
    }

    /// Flashcards in one deck of a track.
    public struct DeckCount: Sendable, Codable {
        public var deck: String
        public var count: Int
    }

    /// Items filed under one domain or subdomain.
    public struct DomainCount: Sendable, Codable {
        public var id: String
        public var count: Int
    }

    /// Loads and checks a content directory.
    public static func validate(directory: String, displayPrefix: String? = nil) -> Report {
        let loaded = ContentLoader.load(from: directory, displayPrefix: displayPrefix, concurrently: true)
        return check(loaded.bank, loaderDiagnostics: loaded.diagnostics, allIDs: loaded.allIDs)
    }

    /// Runs the bank-wide checks on an already loaded bank.
    public static func check(_ bank: ContentBank, loaderDiagnostics: [Diagnostic] = [],
                             allIDs: [(id: String, at: SourceLocation)]? = nil) -> Report {
        let tracks = Dictionary(bank.tracks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let areas = areaIndex(tracks)
        let ids = allIDs ?? (bank.questions.map { ($0.id, $0.source) } + bank.flashcards.map { ($0.id, $0.source) })

        // The checks are independent parts that each return their findings. They run on every
        // core (`Parallel.map`), and their findings are put together in one fixed order, the
        // order in which they used to run one after the other: ids, questions, flashcards,
        // stems, fronts, tracks. They are handed out longest first, the stem duplicate search
        // leading, and the items last, in chunks that even out the end. The stem search reads
        // the stem prints of all questions, made before on every core as well. Items are read
        // in place (borrowed from the bank), not copied.
        let prints = Parallel.map(bank.questions.count, chunk: 64) { stemPrint(bank.questions[$0]) }
        enum Part: Sendable { case stems, ids, questions(Range<Int>), flashcards(Range<Int>), fronts, track(Int) }
        let chunk = 256
        let questionParts: [Part] = stride(from: 0, to: bank.questions.count, by: chunk).map {
            .questions($0..<min($0 + chunk, bank.questions.count))
        }
        let flashcardParts: [Part] = stride(from: 0, to: bank.flashcards.count, by: chunk).map {
            .flashcards($0..<min($0 + chunk, bank.flashcards.count))
        }
        let parts: [Part] = [.stems] + bank.tracks.indices.map { .track($0) } + [.fronts, .ids] + questionParts + flashcardParts
        let found = Parallel.map(parts.count) { k -> [Diagnostic] in
            var diags: [Diagnostic] = []
            switch parts[k] {
            case .stems: diags = duplicateStems(bank.questions, prints: prints)
            case .ids: diags = idChecks(ids)
            case .questions(let range):
                for i in range { checkQuestion(bank.questions[i], bank: bank, tracks: tracks, areas: areas, into: &diags) }
            case .flashcards(let range):
                for i in range { checkFlashcard(bank.flashcards[i], bank: bank, tracks: tracks, areas: areas, into: &diags) }
            case .fronts: diags = duplicateFronts(bank.flashcards)
            case .track(let t): diags = trackChecks(bank, track: bank.tracks[t])
            }
            return diags
        }
        // Back in the order of the checks: ids, questions, flashcards, stems, fronts, tracks.
        let trackCount = bank.tracks.count
        let (stemsAt, frontsAt, idsAt, itemsAt) = (0, 1 + trackCount, 2 + trackCount, 3 + trackCount)
        var diags = loaderDiagnostics
        diags += found[idsAt]
        for k in itemsAt..<parts.count { diags += found[k] }
        diags += found[stemsAt]
        diags += found[frontsAt]
        for t in 0..<trackCount { diags += found[1 + t] }

        // An item's warnings are accepted when a reviewer gave the reason in `reviewNote`.
        var notes: [String: String] = [:]
        for i in bank.questions.indices {
            if let n = bank.questions[i].reviewNote, !n.trimmingWhitespace().isEmpty { notes[bank.questions[i].id] = n }
        }
        for i in bank.flashcards.indices {
            if let n = bank.flashcards[i].reviewNote, !n.trimmingWhitespace().isEmpty { notes[bank.flashcards[i].id] = n }
        }
        var reviewed: [Diagnostic] = []
        diags.removeAll { d in
            guard d.severity == .warning, let id = d.itemID, let note = notes[id] else { return false }
            var accepted = d
            accepted.message += " (accepted: \(note))"
            reviewed.append(accepted)
            return true
        }
        diags.sort { ($0.file, $0.line, $0.itemID ?? "") < ($1.file, $1.line, $1.itemID ?? "") }
        reviewed.sort { ($0.file, $0.line, $0.itemID ?? "") < ($1.file, $1.line, $1.itemID ?? "") }
        return Report(diagnostics: diags, reviewed: reviewed, bank: bank)
    }

    /// Duplicate ids across all files, and ids that are not lowercase letters, digits and '-'.
    static func idChecks(_ ids: [(id: String, at: SourceLocation)]) -> [Diagnostic] {
        var diags: [Diagnostic] = []
        var firstSeen: [String: SourceLocation] = [:]
        for (id, loc) in ids {
            if let first = firstSeen[id] {
                diags.append(Diagnostic(.error, file: loc.file, line: loc.line, item: id, "duplicate id (first used at \(first))"))
            } else {
                firstSeen[id] = loc
            }
            if !isValidID(id) {
                diags.append(Diagnostic(.error, file: loc.file, line: loc.line, item: id, "id must be lowercase letters, digits and '-'"))
            }
        }
        return diags
    }

    /// One track's checks: key positions and key-length shares of its single items, and
    /// questions per leaf area against what one exam form needs.
    static func trackChecks(_ bank: ContentBank, track: Track) -> [Diagnostic] {
        var diags: [Diagnostic] = []
        // Indices, not copies, of the track's single items.
        let singles = bank.questions.indices.filter {
            bank.questions[$0].kind == .single && bank.questions[$0].domains[track.id] != nil && (0..<4).contains(bank.questions[$0].answer)
        }
        let file = bank.directory.isEmpty ? "tracks/\(track.id).json" : bank.directory + "/tracks/\(track.id).json"
        if singles.count >= 20 {
            var counts = [0, 0, 0, 0]
            for i in singles { counts[bank.questions[i].answer] += 1 }
            for (i, c) in counts.enumerated() {
                let share = Double(c) / Double(singles.count)
                if share < 0.22 || share > 0.28 {
                    diags.append(Diagnostic(.warning, file: file, line: 0,
                        "key position \(["A", "B", "C", "D"][i]) holds \(percent1(share)) of the track's \(singles.count) single items (keep each within 22-28%)"))
                }
            }
            let stats = OptionStats(bank.questions, at: singles)
            if stats.keyLongestShare > 0.25 {
                diags.append(Diagnostic(.warning, file: file, line: 0,
                    "the key is the strictly longest option in \(percent1(stats.keyLongestShare)) of the track's single items (limit 25%)"))
            }
            if stats.keyMuchLongerShare > 0.03 {
                diags.append(Diagnostic(.warning, file: file, line: 0,
                    "the key is longer than every distractor by more than 20% in \(percent1(stats.keyMuchLongerShare)) of the track's single items (limit 3%)"))
            }
        }
        var perArea: [String: Int] = [:]
        for i in bank.questions.indices { if let a = bank.questions[i].domains[track.id] { perArea[a, default: 0] += 1 } }
        for area in track.leafAreas {
            let need = formNeed(area, in: track)
            let have = perArea[area.id, default: 0]
            if have < need {
                diags.append(Diagnostic(.warning, file: file, line: 0,
                    "\(area.id) has \(have) question\(have == 1 ? "" : "s"); one exam form needs \(need)"))
            }
        }
        return diags
    }

    /// The checks of one question on its own.
    static func checkQuestion(_ q: Question, bank: ContentBank, tracks: [String: Track], areas: [String: [String: Domain]],
                              into diags: inout [Diagnostic]) {
        func err(_ m: String) { diags.append(Diagnostic(.error, file: q.source.file, line: q.source.line, item: q.id, m)) }
        // The field names are formatted only for a field that is too long.
        checkSize("stem", q.stem, err: err)
        checkSize("explanation", q.explanation, err: err)
        for (i, c) in q.choices.enumerated() { checkSize("choice \(i)", c, err: err) }
        for (i, r) in q.rationales.enumerated() { checkSize("rationale \(i)", r, err: err) }
        for (i, s) in q.steps.enumerated() { checkSize("step \(i)", s, err: err) }
        func warn(_ m: String) { diags.append(Diagnostic(.warning, file: q.source.file, line: q.source.line, item: q.id, m)) }
        checkDomains(q.domains, tracks: tracks, areas: areas, err: err)
        checkFacts(q.facts, domains: q.domains, bank: bank, err: err, warn: warn)
        if trimmedCount(q.explanation) < 20 { err("explanation is too short to explain the key") }
        if !(1...3).contains(q.difficulty) { err("difficulty \(q.difficulty) is out of range 1-3") }
        switch q.kind {
        case .single:
            if q.choices.count != 4 {
                err("a single-answer item needs exactly 4 choices, has \(q.choices.count)")
            }
            let normalized = q.choices.map { normalize($0) }
            if hasDuplicates(normalized) { err("choices are not distinct") }
            if q.choices.contains(where: isBlank) { err("a choice is empty") }
            if !(0..<max(q.choices.count, 1)).contains(q.answer) {
                err("answer \(q.answer) is out of range 0-\(max(q.choices.count - 1, 0))")
            }
            if q.rationales.count != q.choices.count {
                err("needs a rationale for every choice: \(q.rationales.count) rationales for \(q.choices.count) choices")
            } else if let i = q.rationales.firstIndex(where: isBlank) {
                err("rationale \(i) is empty")
            }
            for (i, c) in q.choices.enumerated() where isAllOrNone(normalized: normalized[i]) {
                err("choice \(i) is \"\(c)\": no all/none of the above")
            }
            if q.choices.count == 4, (0..<4).contains(q.answer), case .muchLonger(let key, let other) = keyLength(q) {
                warn("the key (\(key) characters) is longer than every distractor by more than 20% (longest distractor \(other)): a length cue")
            }
        case .order:
            if !(3...8).contains(q.steps.count) { err("an order item needs 3-8 steps, has \(q.steps.count)") }
            if hasDuplicates(q.steps.map(normalize)) { err("steps are not distinct") }
            if q.steps.contains(where: isBlank) { err("a step is empty") }
        }
    }

    /// The checks of one flashcard on its own.
    static func checkFlashcard(_ f: Flashcard, bank: ContentBank, tracks: [String: Track], areas: [String: [String: Domain]],
                               into diags: inout [Diagnostic]) {
        func err(_ m: String) { diags.append(Diagnostic(.error, file: f.source.file, line: f.source.line, item: f.id, m)) }
        func warn(_ m: String) { diags.append(Diagnostic(.warning, file: f.source.file, line: f.source.line, item: f.id, m)) }
        checkDomains(f.domains, tracks: tracks, areas: areas, err: err)
        checkFacts(f.facts, domains: f.domains, bank: bank, err: err, warn: warn)
        if normalize(f.front) == normalize(f.back) { err("front and back are the same") }
        checkSize("front", f.front, err: err)
        checkSize("back", f.back, err: err)
    }

    /// Items one form draws from a leaf area: its scored items plus its share of the pretest items.
    public static func formNeed(_ area: Domain, in track: Track) -> Int {
        guard track.scoredItems > 0 else { return area.scoredItems }
        let pretestShare = Double(track.pretestItems) * Double(area.scoredItems) / Double(track.scoredItems)
        return area.scoredItems + Int(pretestShare.rounded(.up))
    }

    /// The most characters one text field may hold: far beyond any real stem (the longest
    /// shipped is about 300) and what a screen can show.
    public static let maxFieldLength = 4_000

    static func checkSizes(_ fields: [(name: String, text: String)], err: (String) -> Void) {
        for (name, text) in fields { checkSize(name, text, err: err) }
    }

    /// Reports `text` when it holds more than `maxFieldLength` characters; `name` is formatted
    /// only then.
    @inline(__always)
    static func checkSize(_ name: @autoclosure () -> String, _ text: String, err: (String) -> Void) {
        guard text.utf8.count > maxFieldLength else { return }
        let n = text.count
        if n > maxFieldLength {
            err("\(name()) is \(n) characters long; a text field may hold at most \(maxFieldLength)")
        }
    }

    /// `s.trimmingWhitespace().isEmpty`, bytewise for ASCII text.
    static func isBlank(_ s: String) -> Bool {
        ASCIIText.isBlank(s) ?? s.trimmingWhitespace().isEmpty
    }

    /// `s.trimmingWhitespace().count`, bytewise for ASCII text.
    static func trimmedCount(_ s: String) -> Int {
        ASCIIText.trimmedCount(s) ?? s.trimmingWhitespace().count
    }

    /// `s.count`, bytewise for ASCII text.
    static func characterCount(_ s: String) -> Int {
        ASCIIText.count(s) ?? s.count
    }

    /// Whether two of `strings` are equal (as `Set(strings).count != strings.count`), comparing
    /// pairs when there are few of them, as for an item's choices or steps.
    static func hasDuplicates(_ strings: [String]) -> Bool {
        guard strings.count > 8 else {
            for i in strings.indices {
                for j in strings.indices where j > i && strings[i] == strings[j] { return true }
            }
            return false
        }
        return Set(strings).count != strings.count
    }

    /// Every track's domains and subdomains by id, the first of an id as `Track.area` finds
    /// it: built once for `checkDomains`, which looks them up for every item.
    static func areaIndex(_ tracks: [String: Track]) -> [String: [String: Domain]] {
        tracks.mapValues { track in
            Dictionary(track.allAreas.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    static func checkDomains(_ domains: [String: String], tracks: [String: Track], areas: [String: [String: Domain]],
                             err: (String) -> Void) {
        func check(_ trackID: String, _ areaID: String) {
            guard let trackAreas = areas[trackID] else {
                err("unknown exam \"\(trackID)\" in domains (known: \(tracks.keys.sorted().joined(separator: ", ")))")
                return
            }
            if let area = trackAreas[areaID] {
                if !area.subdomains.isEmpty {
                    err("\(trackID) domain \"\(areaID)\" has subdomains: name the subdomain (\(area.subdomains.map(\.id).joined(separator: ", ")))")
                }
            } else {
                err("unknown \(trackID) domain \"\(areaID)\"")
            }
        }
        // In the order of the exam ids; most items name one exam.
        if domains.count == 1, let only = domains.first {
            check(only.key, only.value)
        } else {
            for (trackID, areaID) in domains.sorted(by: { $0.key < $1.key }) { check(trackID, areaID) }
        }
    }

    static func checkFacts(_ facts: [String], domains: [String: String], bank: ContentBank,
                           err: (String) -> Void, warn: (String) -> Void) {
        let registries = domains.keys.compactMap { bank.facts[$0] }
        guard !registries.isEmpty else { return }
        for fact in facts {
            let known = registries.compactMap { $0[fact] }
            if known.isEmpty {
                err("fact \"\(fact)\" is not in the blueprint of \(domains.keys.sorted().joined(separator: "/"))")
            } else if known.allSatisfy({ $0 }) {
                warn("cites fact \(fact), which the blueprint marks [UNSURE]: make sure the key does not depend on the uncertain value")
            }
        }
    }

    /// What the stem duplicate search reads of a question: its stem and (sorted) choices
    /// normalized, equal for exact duplicates, and the shingles of its stem and choices.
    struct StemPrint: Sendable {
        var key: String
        var shingles: [Int]
    }

    static func stemPrint(_ q: Question) -> StemPrint {
        if let print = asciiStemPrint(stem: q.stem, choices: q.choices, keyedByChoices: q.kind != .order) { return print }
        return StemPrint(key: normalize(q.stem) + (q.kind == .order ? "" : "|" + q.choices.map(normalize).sorted().joined(separator: "|")),
                         shingles: shingles(stem: q.stem, choices: q.choices))
    }

    /// `stemPrint` of a question whose stem and choices are all ASCII, normalizing each of
    /// them once, into one buffer, for both the key and the shingles; nil for other text.
    /// Normalized ASCII choices sort by their bytes as the strings sort.
    static func asciiStemPrint(stem: String, choices: [String], keyedByChoices: Bool) -> StemPrint? {
        var capacity = stem.utf8.count
        for c in choices { capacity += c.utf8.count }
        var buffer = [UInt8](repeating: 0, count: capacity + 1)
        // Where each normalized part (the stem, then each choice) ends in the buffer.
        var ends: [Int] = []
        ends.reserveCapacity(choices.count + 1)
        let ascii = buffer.withUnsafeMutableBufferPointer { out -> Bool in
            var n = 0
            for k in 0...choices.count {
                var length = 0
                guard ASCIIText.withASCII(k == 0 ? stem : choices[k - 1], {
                    ASCIIText.appendNormalized($0, to: out.baseAddress! + n, count: &length)
                }) != nil else { return false }
                n += length
                ends.append(n)
            }
            return true
        }
        guard ascii else { return nil }
        return buffer.withUnsafeBytes { bytes -> StemPrint in
            func part(_ k: Int) -> UnsafeRawBufferPointer {
                UnsafeRawBufferPointer(rebasing: bytes[(k == 0 ? 0 : ends[k - 1])..<ends[k]])
            }
            // The words of all parts in order, as the words of the parts joined by spaces.
            var hashes: [UInt64] = []
            hashes.reserveCapacity(ends[choices.count] / 4 + 1)
            for k in 0...choices.count {
                let p = part(k)
                var start = 0
                for i in 0...p.count where i == p.count || p[i] == 0x20 {
                    if i > start { hashes.append(wordHash(UnsafeRawBufferPointer(rebasing: p[start..<i]))) }
                    start = i + 1
                }
            }
            // The key: the stem, then when keyed by choices "|" and the sorted choices joined
            // by "|" (so "|" alone for no choices).
            var order = Array(1..<(choices.count + 1))
            order.sort { a, b in part(a).lexicographicallyPrecedes(part(b)) }
            var keyLength = part(0).count
            if keyedByChoices { keyLength += max(order.count, 1) + order.reduce(0) { $0 + part($1).count } }
            let key = String(unsafeUninitializedCapacity: keyLength) { out in
                var n = 0
                for byte in part(0) { out[n] = byte; n += 1 }
                guard keyedByChoices else { return n }
                out[n] = UInt8(ascii: "|"); n += 1
                for (rank, k) in order.enumerated() {
                    if rank > 0 { out[n] = UInt8(ascii: "|"); n += 1 }
                    for byte in part(k) { out[n] = byte; n += 1 }
                }
                return n
            }
            return StemPrint(key: key, shingles: shingles(words: hashes))
        }
    }

    static func duplicateStems(_ questions: [Question]) -> [Diagnostic] {
        duplicateStems(questions, prints: questions.indices.map { stemPrint(questions[$0]) })
    }

    /// `duplicateStems` with the stem print of every question already made (`stemPrint`).
    static func duplicateStems(_ questions: [Question], prints: [StemPrint]) -> [Diagnostic] {
        var diags: [Diagnostic] = []
        // Normalized stem and choices to the first question with them.
        var exact: [String: Int] = [:]
        exact.reserveCapacity(questions.count)
        var kept: [Int] = []
        // Questions are read in place (`questions[k].id`), not copied whole.
        for k in questions.indices {
            if let f = exact[prints[k].key] {
                diags.append(Diagnostic(.error, file: questions[k].source.file, line: questions[k].source.line, item: questions[k].id,
                                        "duplicate of \(questions[f].id) (\(questions[f].source))"))
                continue
            }
            exact[prints[k].key] = k
            kept.append(k)
        }
        let shingled = kept.map { prints[$0].shingles }
        // Near duplicates: word-bigram Jaccard similarity of stem plus choices, for every
        // pair that can reach 80 % (see `nearDuplicatePairs`), in the order of the bank.
        for (i, j) in nearDuplicatePairs(shingled) {
            let a = kept[i], sa = shingled[i]
            let b = kept[j], sb = shingled[j]
            let lo = min(sa.count, sb.count), hi = max(sa.count, sb.count)
            if Double(lo) < Double(hi) * 0.8 { continue }
            let sim = jaccard(sa, sb)
            if sim >= 0.8 {
                diags.append(Diagnostic(sim >= 0.9 ? .error : .warning, file: questions[b].source.file, line: questions[b].source.line,
                                        item: questions[b].id,
                                        "near-duplicate of \(questions[a].id) (\(questions[a].source)): \(percent(sim)) of its wording is the same"))
            }
        }
        return diags
    }

    /// The pairs (i < j, sorted) of shingle sets (each sorted, as `shingles` makes them) that
    /// may have a Jaccard similarity of 80 % or more; sets of fewer than 4 shingles are left
    /// out, as before. Exact "prefix
    /// filtering": with the shingles of every set in one global order, two sets at 80 % or
    /// more share at least one of the first `n - ceil(0.8 n) + 1` of either (the first
    /// shingle of their intersection is among them), so only sets meeting in those short
    /// prefixes are compared, not all n² / 2 pairs.
    ///
    /// Any one total order keeps this exact; rare shingles first keeps the prefixes' postings
    /// short. The order is by an estimated count, then by value: each shingle counts in a
    /// bucket of hash values it shares with few others, so the estimate is never below its
    /// true count, a rare shingle's stays low and a common one's high. Counting in one small
    /// array is much cheaper than counting every shingle exactly.
    static func nearDuplicatePairs(_ sets: [[Int]]) -> [(Int, Int)] {
        var total = 0, prefixTotal = 0
        for set in sets where set.count >= 4 {
            total += set.count
            prefixTotal += prefixLength(set.count)
        }
        guard total > 0 else { return [] }
        var bits = 10
        while (1 << bits) < total { bits += 1 }
        let shift = UInt64(64 - bits)
        // Fibonacci hashing spreads small or clustered values over the buckets too.
        func bucket(_ s: Int) -> Int { Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(s)) &* 0x9E37_79B9_7F4A_7C15) >> shift) }
        var counts = [UInt32](repeating: 0, count: 1 << bits)
        for set in sets where set.count >= 4 {
            for s in set { counts[bucket(s)] += 1 }
        }
        // Postings of the prefix shingles: an open-addressing table from a shingle to its
        // latest entry, and each entry's set and the entry before it for the same shingle.
        var tableBits = 4
        while (1 << tableBits) < 2 * prefixTotal { tableBits += 1 }
        let tableShift = UInt64(64 - tableBits), mask = (1 << tableBits) - 1
        var tableKeys = [Int](repeating: 0, count: 1 << tableBits)
        var tableHeads = [Int32](repeating: -1, count: 1 << tableBits)
        var entrySet: [Int32] = [], entryNext: [Int32] = []
        entrySet.reserveCapacity(prefixTotal)
        entryNext.reserveCapacity(prefixTotal)
        var seenBy = [Int32](repeating: -1, count: sets.count)
        var order: [UInt64] = []
        var pairs: [UInt64] = []
        for (j, set) in sets.enumerated() where set.count >= 4 {
            // The set in the global order: by estimated count, then by value (the set is
            // sorted by value, so by its place in the set).
            order.removeAll(keepingCapacity: true)
            for (k, s) in set.enumerated() { order.append(UInt64(counts[bucket(s)]) << 32 | UInt64(k)) }
            order.sort()
            for key in order.prefix(prefixLength(set.count)) {
                let s = set[Int(key & 0xFFFF_FFFF)]
                var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(s)) &* 0x9E37_79B9_7F4A_7C15) >> tableShift)
                while tableHeads[slot] >= 0 && tableKeys[slot] != s { slot = (slot + 1) & mask }
                let previous = tableHeads[slot]
                var e = previous
                while e >= 0 {
                    let i = Int(entrySet[Int(e)])
                    if seenBy[i] != j {
                        seenBy[i] = Int32(j)
                        pairs.append(UInt64(i) << 32 | UInt64(j))
                    }
                    e = entryNext[Int(e)]
                }
                tableKeys[slot] = s
                tableHeads[slot] = Int32(entrySet.count)
                entryNext.append(previous)
                entrySet.append(Int32(j))
            }
        }
        pairs.sort()
        return pairs.map { (Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }
    }

    /// How many of a set's `n` shingles (in the global order) its prefix holds: `n - ceil(0.8 n) + 1`.
    static func prefixLength(_ n: Int) -> Int { n - (4 * n + 4) / 5 + 1 }

    static func duplicateFronts(_ cards: [Flashcard]) -> [Diagnostic] {
        var diags: [Diagnostic] = []
        var seen: [String: Flashcard] = [:]
        for f in cards {
            let key = normalize(f.front) + "|" + normalize(f.back)
            if let first = seen[key] {
                diags.append(Diagnostic(.error, file: f.source.file, line: f.source.line, item: f.id,
                                        "duplicate of flashcard \(first.id) (\(first.source))"))
            } else {
                seen[key] = f
            }
        }
        return diags
    }

    /// Lowercased words of letters and digits joined by single spaces.
    static func normalize(_ s: String) -> String {
        ASCIIText.normalized(s) ?? words(s).joined(separator: " ")
    }

    static func words(_ s: String) -> [String] {
        // ASCII text (most items): one byte is one character, so the bytes can be read
        // directly, with the same result as the general loop below at a fraction of its cost.
        if s.utf8.allSatisfy({ $0 < 128 }) {
            var out: [String] = []
            var current: [UInt8] = []
            for byte in s.utf8 {
                switch byte {
                case 65...90: current.append(byte + 32)
                case 97...122, 48...57: current.append(byte)
                default:
                    if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
                }
            }
            if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)) }
            return out
        }
        var out: [String] = []
        var current = ""
        for ch in s.lowercased() {
            if ch.isLetter || ch.isNumber { current.append(ch) } else if !current.isEmpty { out.append(current); current = "" }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// The word bigrams of `s` as a sorted set of 64-bit hashes (the hashes of its words
    /// when it has fewer than two).
    static func shingles(_ s: String) -> [Int] {
        asciiShingles([s]) ?? shingles(words: words(s).map(wordHash))
    }

    /// `shingles(stem + " " + choices.joined(separator: " "))`, without joining ASCII text.
    static func shingles(stem: String, choices: [String]) -> [Int] {
        asciiShingles([stem] + choices) ?? shingles(stem + " " + choices.joined(separator: " "))
    }

    /// The shingles of `parts` joined by spaces when all of them are ASCII: their words are
    /// normalized into one buffer and hashed from there, with no `String` per word.
    static func asciiShingles(_ parts: [String]) -> [Int]? {
        var capacity = 0
        for p in parts { capacity += p.utf8.count + 1 }
        var buffer = [UInt8](repeating: 0, count: capacity)
        var n = 0
        let ascii = buffer.withUnsafeMutableBufferPointer { out -> Bool in
            for p in parts {
                guard ASCIIText.withASCII(p, { ASCIIText.appendNormalized($0, to: out.baseAddress!, count: &n) }) != nil else {
                    return false
                }
            }
            return true
        }
        guard ascii else { return nil }
        var hashes: [UInt64] = []
        hashes.reserveCapacity(n / 4 + 1)
        buffer.withUnsafeBytes { bytes in
            var start = 0
            for i in 0...n where i == n || bytes[i] == 0x20 {
                if i > start { hashes.append(wordHash(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))) }
                start = i + 1
            }
        }
        return shingles(words: hashes)
    }

    /// The hash of a word's UTF-8 bytes (`FastHasher`: the same on every run).
    @inline(__always)
    static func wordHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = FastHasher()
        h.combine(bytes)
        return h.finalize()
    }

    /// The hash of a word from `words`: of its bytes when it is ASCII, as from
    /// `asciiShingles`; otherwise its `hashValue`, which canonically equivalent spellings
    /// share (as they share `==`), as the words of two texts were compared before.
    static func wordHash(_ word: String) -> UInt64 {
        ASCIIText.withASCII(word) { wordHash(UnsafeRawBufferPointer($0)) } ?? UInt64(truncatingIfNeeded: word.hashValue)
    }

    /// Sorted, distinct hashes of the consecutive pairs of `words` (word hashes); the word
    /// hashes themselves when there are fewer than two.
    static func shingles(words w: [UInt64]) -> [Int] {
        guard w.count >= 2 else { return w.map { Int(truncatingIfNeeded: $0) } }
        var out: [Int] = []
        out.reserveCapacity(w.count - 1)
        for i in 0..<(w.count - 1) {
            var h = FastHasher()
            h.combine(w[i])
            h.combine(w[i + 1])
            out.append(Int(truncatingIfNeeded: h.finalize()))
        }
        out.sort()
        var unique = 1
        for k in 1..<out.count where out[k] != out[unique - 1] {
            out[unique] = out[k]
            unique += 1
        }
        out.removeLast(out.count - unique)
        return out
    }

    static func jaccard(_ a: [Int], _ b: [Int]) -> Double {
        var i = 0, j = 0, common = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { common += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        let union = a.count + b.count - common
        return union == 0 ? 0 : Double(common) / Double(union)
    }

    static func isAllOrNone(_ choice: String) -> Bool {
        isAllOrNone(normalized: normalize(choice))
    }

    /// `isAllOrNone` of a choice already normalized (`normalize`): bytewise when it is ASCII,
    /// where matching bytes is matching characters.
    static func isAllOrNone(normalized n: String) -> Bool {
        if let found = ASCIIText.withASCII(n, { b in
            ASCIIText.contains(b, "all of the above") || ASCIIText.contains(b, "none of the above")
                || ASCIIText.hasPrefix(b, "both a and b") || ASCIIText.hasPrefix(b, "all of these")
                || ASCIIText.hasPrefix(b, "none of these")
        }) {
            return found
        }
        return n.contains("all of the above") || n.contains("none of the above")
            || n.hasPrefix("both a and b") || n.hasPrefix("all of these") || n.hasPrefix("none of these")
    }

    static func isValidID(_ id: String) -> Bool {
        if let valid = ASCIIText.isValidID(id) { return valid }
        return !id.isEmpty && id.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

    /// A share with one decimal: "24.9%".
    static func percent1(_ x: Double) -> String {
        let tenths = Int((x * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}

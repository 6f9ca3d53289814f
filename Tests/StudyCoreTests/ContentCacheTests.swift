import Foundation
import Testing
@testable import StudyCore

/// The content index cached between runs: it matches a full load, is reused while the files
/// stay the same, and is rebuilt (never an error) when it is stale, cut short, altered or
/// belongs to another content directory.
@Suite("Content cache")
struct ContentCacheTests {
    /// A scratch copy of a small content directory (tracks, facts, two question files, one
    /// deck) and an empty cache directory.
    struct Scratch {
        let root: String
        var content: String { root + "/content" }
        var cache: String { root + "/cache" }
        var cacheFile: String { ContentCache.file(for: content, in: cache) }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-cache-\(UUID().uuidString)").path
            let fm = FileManager.default
            try fm.createDirectory(atPath: content + "/questions/cpt", withIntermediateDirectories: true)
            try fm.createDirectory(atPath: content + "/flashcards", withIntermediateDirectories: true)
            for sub in ["tracks", "facts"] { try fm.copyItem(atPath: Repo.data + "/" + sub, toPath: content + "/" + sub) }
            for name in ["processing.json", "sequences.json"] {
                try fm.copyItem(atPath: Repo.data + "/questions/cpt/" + name, toPath: content + "/questions/cpt/" + name)
            }
            try fm.copyItem(atPath: Repo.data + "/flashcards/cpt-tubes.json", toPath: content + "/flashcards/cpt-tubes.json")
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }

        /// Adds a space at the end of a content file: other bytes, the same items.
        func touch(_ rel: String) throws {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: content + "/" + rel))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(" ".utf8))
            try handle.close()
        }

        func load() -> ContentCache.Outcome { ContentCache.load(content: content, cacheDirectory: cache) }

        /// The index the first load builds, with this settling time; nil when none was built.
        func firstBuild(settleSeconds: Double) -> ContentIndex? {
            guard case .rebuilt(let built?, _, _) = ContentCache.load(content: content, cacheDirectory: cache, settleSeconds: settleSeconds) else { return nil }
            return built
        }

        /// Replaces `old` by `new` in a content file (exactly once).
        func edit(_ rel: String, replacing old: String, with new: String) throws {
            let path = content + "/" + rel
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.components(separatedBy: old).count == 2, "\(old) should occur once in \(rel)")
            try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: false, encoding: .utf8)
        }
    }

    static func reason(_ outcome: ContentCache.Outcome) -> String? {
        if case .rebuilt(_, _, let reason) = outcome { return reason }
        return nil
    }

    static func index(_ outcome: ContentCache.Outcome) -> ContentIndex? {
        switch outcome {
        case .cached(let index): return index
        case .rebuilt(let index, _, _): return index
        }
    }

    @Test("the first start builds and saves the index; the next one reads it and decodes nothing")
    func reused() throws {
        let s = try Scratch()
        defer { s.remove() }
        let first = s.load()
        #expect(Self.reason(first) == "no cache yet")
        #expect(FileManager.default.fileExists(atPath: s.cacheFile))
        let second = s.load()
        guard case .cached(let index) = second else {
            Issue.record("expected the saved index to be used, got a rebuild: \(Self.reason(second) ?? "")")
            return
        }
        // The same index; only the files' stat signature may have been added meanwhile (once
        // the copied files are 2 s old).
        var unsigned = index
        unsigned.statSignature = 0
        #expect(unsigned == Self.index(first).map { var i = $0; i.statSignature = 0; return i })
    }

    @Test("the outline has every item of a full load: ids, kinds, areas and keys, in the same order")
    func outlineMatchesFullLoad() throws {
        let s = try Scratch()
        defer { s.remove() }
        _ = s.load()
        guard case .cached(let index) = s.load() else { Issue.record("no cached index"); return }
        let full = ContentLoader.load(from: s.content).bank
        let outline = index.outline(tracks: full.tracks)
        #expect(outline.questions.map(\.id) == full.questions.map(\.id))
        #expect(outline.questions.map(\.kind) == full.questions.map(\.kind))
        #expect(outline.questions.map(\.domains) == full.questions.map(\.domains))
        #expect(outline.questions.map(\.answer) == full.questions.map(\.answer))
        #expect(outline.flashcards.map(\.id) == full.flashcards.map(\.id))
        #expect(outline.flashcards.map(\.domains) == full.flashcards.map(\.domains))
        #expect(full.questions.contains { $0.kind == .order }, "the scratch bank should have order questions too")
        // The home screen's items, made straight from the index, are the outline's.
        for track in full.tracks {
            let direct = index.outlineItems(for: track.id), viaBank = outline.items(for: track.id)
            #expect(direct.map(\.id) == viaBank.map(\.id))
            #expect(direct == viaBank)
        }
        // Every item decodes alone from its file exactly as the full load has it.
        for q in full.questions {
            guard case .question(let alone)? = index.decodeItem(q.id) else { Issue.record("\(q.id) did not decode"); continue }
            #expect(alone == q, "\(q.id)")
        }
        for f in full.flashcards {
            guard case .flashcard(let alone)? = index.decodeItem(f.id) else { Issue.record("\(f.id) did not decode"); continue }
            #expect(alone == f, "\(f.id)")
        }
    }

    @Test("editing a question file is seen at the next start: the index is rebuilt with the new text and items")
    func editShowsUp() throws {
        let s = try Scratch()
        defer { s.remove() }
        _ = s.load()
        let full = ContentLoader.load(from: s.content).bank
        let q = try #require(full.questions.first {
            $0.source.file.hasSuffix("processing.json") && $0.kind == .single && !$0.stem.contains("\"") && !$0.stem.contains("\\")
                && !$0.stem.unicodeScalars.contains { $0.value > 127 }
        })
        try s.edit("questions/cpt/processing.json", replacing: "\"stem\": \"\(q.stem)\"", with: "\"stem\": \"Edited: \(q.stem)\"")
        let after = s.load()
        #expect(Self.reason(after) == "content changed")
        // The next start after that uses the new index, and the item decoded alone has the edit.
        guard case .cached(let index) = s.load() else { Issue.record("the rebuilt index was not saved"); return }
        guard case .question(let edited)? = index.decodeItem(q.id) else { Issue.record("\(q.id) did not decode"); return }
        #expect(edited.stem == "Edited: \(q.stem)")
        let source = ContentSource(directory: s.content, tracks: full.tracks, cacheDirectory: s.cache)
        guard case .question(let shown)? = source.item(q.id) else { Issue.record("\(q.id) not found"); return }
        #expect(shown.stem == "Edited: \(q.stem)")
        #expect(!source.isDecoded, "one item should be decoded alone, not the whole bank")
    }

    @Test("a question added to a file and a file removed change the outline at the next start")
    func addedAndRemoved() throws {
        let s = try Scratch()
        defer { s.remove() }
        let tracks = ContentLoader.loadTracks(from: s.content).tracks
        let before = ContentSource(directory: s.content, tracks: tracks, cacheDirectory: s.cache).outline
        let path = s.content + "/questions/cpt/added.json"
        try """
            [{"id": "added-1", "type": "single", "domains": {"cpt": "\(before.questions[0].domains["cpt"]!)"},
              "stem": "A new question?", "choices": ["a", "b", "c", "d"], "answer": 2, "explanation": "Because.",
              "rationales": ["no", "no", "yes", "no"], "difficulty": 1, "facts": ["\(before.questions[0].facts.first ?? "x")"]}]
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let added = ContentSource(directory: s.content, tracks: tracks, cacheDirectory: s.cache)
        #expect(added.outline.questions.count == before.questions.count + 1)
        #expect(added.outline.question("added-1")?.answer == 2)
        #expect(added.rebuildReason == "content changed")
        try FileManager.default.removeItem(atPath: s.content + "/questions/cpt/sequences.json")
        let removed = ContentSource(directory: s.content, tracks: tracks, cacheDirectory: s.cache)
        #expect(!removed.outline.questions.contains { $0.kind == .order })
        #expect(removed.outline.question("added-1") != nil)
    }

    @Test("a cache cut short, altered, full of junk, empty, of another version or of another directory is rebuilt, never an error",
          arguments: ["truncated", "one byte altered", "junk", "empty", "another version", "another directory"])
    func corruptRebuilt(_ damage: String) throws {
        let s = try Scratch()
        defer { s.remove() }
        _ = s.load()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: s.cacheFile)))
        switch damage {
        case "truncated": bytes = Array(bytes.prefix(bytes.count * 2 / 3))
        case "one byte altered":
            // An answer key in the middle of the file: the line still parses, the hash does not match.
            let i = bytes.count / 2
            bytes[i] = bytes[i] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        case "junk": bytes = Array("{\"this is\": \"not an index\"}\n".utf8)
        case "empty": bytes = []
        case "another version":
            // A whole file with a good hash, only of a format this build does not know.
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
            let count = try #require(lines.last?.split(separator: "\t").dropFirst().first)
            var body = lines.dropLast().joined(separator: "\n") + "\n"
            body = body.replacingOccurrences(of: "statdeck-content-index\t\(ContentIndex.version)\n", with: "statdeck-content-index\t99\n")
            var hasher = FastHasher()
            hasher.combine(Array(body.utf8))
            bytes = Array((body + "end\t\(count)\t\(String(hasher.finalize(), radix: 16))\n").utf8)
        case "another directory":
            // A whole, valid index, but of another content directory's files.
            let other = try Scratch()
            defer { other.remove() }
            try other.touch("questions/cpt/processing.json")
            _ = other.load()
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: other.cacheFile)))
        default: Issue.record("unknown damage \(damage)")
        }
        try Data(bytes).write(to: URL(fileURLWithPath: s.cacheFile))
        let outcome = s.load()
        let reason = try #require(Self.reason(outcome), "the damaged cache was used")
        #expect(["cache unreadable", "cache of another content directory"].contains(reason))
        // Rebuilt from the files, and saved again whole.
        let full = ContentLoader.load(from: s.content).bank
        #expect(Self.index(outcome)?.questions.map(\.id) == full.questions.map(\.id))
        guard case .cached = s.load() else { Issue.record("the rebuilt index was not saved"); return }
    }

    @Test("without a cache directory, or with one that cannot be written, the content still loads in full")
    func noCache() throws {
        let s = try Scratch()
        defer { s.remove() }
        let tracks = ContentLoader.loadTracks(from: s.content).tracks
        let none = ContentSource(directory: s.content, tracks: tracks, cacheDirectory: nil)
        #expect(none.outline.questions.count == ContentLoader.load(from: s.content).bank.questions.count)
        #expect(none.isDecoded)
        // A file where the cache directory should be.
        try Data("x".utf8).write(to: URL(fileURLWithPath: s.root + "/blocked"))
        let blocked = ContentSource(directory: s.content, tracks: tracks, cacheDirectory: s.root + "/blocked/statdeck")
        #expect(blocked.outline.questions.count == none.outline.questions.count)
        #expect(ContentCache.directory(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/a"]) == "/x/cache/statdeck")
        #expect(ContentCache.directory(environment: ["HOME": "/home/a"]) == "/home/a/.cache/statdeck")
        #expect(ContentCache.directory(environment: [:]) == nil)
    }

    @Test("the bank decoded in the background is the full load, and asking for it before it is done waits for it")
    func background() throws {
        let s = try Scratch()
        defer { s.remove() }
        let tracks = ContentLoader.loadTracks(from: s.content).tracks
        _ = ContentSource(directory: s.content, tracks: tracks, cacheDirectory: s.cache).outline
        let source = ContentSource(directory: s.content, tracks: tracks, cacheDirectory: s.cache)
        #expect(source.outline.questions.allSatisfy { $0.stem.isEmpty }, "the outline has no text")
        source.decodeInBackground()
        let bank = source.bank
        let full = ContentLoader.load(from: s.content).bank
        #expect(bank.questions == full.questions)
        #expect(bank.flashcards == full.flashcards)
        #expect(source.isDecoded)
        #expect(source.outline.questions == full.questions, "once decoded, the outline is the full bank")
    }

    @Test("element bounds skip brackets, commas and escaped quotes inside strings")
    func spans() {
        let text = "[\n {\"a\": \"x]},\\\"{\"},\n  {\"b\": [1, {\"c\": 2}]}\n,\"s\" , 3 ]"
        let bytes = Array(text.utf8)
        let spans = ElementSpan.topLevel(of: bytes)
        let parts = spans.map { String(decoding: bytes[$0.start..<($0.start + $0.length)], as: UTF8.self) }
        #expect(parts == ["{\"a\": \"x]},\\\"{\"}", "{\"b\": [1, {\"c\": 2}]}", "\"s\"", "3"])
        #expect(spans.map(\.line) == [2, 3, 4, 4])
    }

    @Test("settled files are checked by their stat signature alone: an index whose signature matches is used without hashing the files")
    func statShortcut() throws {
        let s = try Scratch()
        defer { s.remove() }
        // settleSeconds 0: the freshly copied files count as settled.
        let built = try #require(s.firstBuild(settleSeconds: 0))
        #expect(built.statSignature != 0, "the signature of settled files is saved with the index")
        // An index whose content fingerprint is wrong but whose signature matches is used as it
        // is: proof that the files were not hashed.
        var forged = built
        forged.fingerprint &+= 1
        try Data(forged.encoded()).write(to: URL(fileURLWithPath: s.cacheFile))
        guard case .cached(let used) = ContentCache.load(content: s.content, cacheDirectory: s.cache, settleSeconds: 0) else {
            Issue.record("the matching signature was not trusted"); return
        }
        #expect(used.fingerprint == forged.fingerprint)
        // Any write changes the signature: the files are hashed, and the forged fingerprint no
        // longer matches them.
        try s.touch("questions/cpt/processing.json")
        #expect(Self.reason(ContentCache.load(content: s.content, cacheDirectory: s.cache, settleSeconds: 0)) == "content changed")
    }

    @Test("an edit that keeps the file's size and modification time is still seen at the next start")
    func sameSizeSameTimeEdit() throws {
        let s = try Scratch()
        defer { s.remove() }
        _ = ContentCache.load(content: s.content, cacheDirectory: s.cache, settleSeconds: 0)
        let rel = "questions/cpt/processing.json"
        let path = s.content + "/" + rel
        var st = stat()
        #expect(stat(path, &st) == 0)
        let full = ContentLoader.load(from: s.content).bank
        let q = try #require(full.questions.first { $0.source.file.hasSuffix(rel) && $0.kind == .single && $0.answer != 3 })
        // The key moves by one choice: same length, then the old modification time is put back.
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(text.range(of: "\"id\": \"\(q.id)\""))
        let key = try #require(text.range(of: "\"answer\": \(q.answer)", range: start.upperBound..<text.endIndex))
        text.replaceSubrange(key, with: "\"answer\": \(q.answer + 1)")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        var times = [st.st_atim, st.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        var after = stat()
        #expect(stat(path, &after) == 0)
        #expect(after.st_size == st.st_size && after.st_mtim.tv_sec == st.st_mtim.tv_sec && after.st_mtim.tv_nsec == st.st_mtim.tv_nsec)
        let outcome = ContentCache.load(content: s.content, cacheDirectory: s.cache, settleSeconds: 0)
        #expect(Self.reason(outcome) == "content changed")
        #expect(Self.index(outcome)?.questions.first { $0.id == q.id }?.answer == q.answer + 1)
    }

    @Test("files changed moments ago get no signature: the next start hashes them, and still uses the index")
    func freshFilesHashed() throws {
        let s = try Scratch()
        defer { s.remove() }
        let built = try #require(s.firstBuild(settleSeconds: 3600))
        #expect(built.statSignature == 0)
        guard case .cached(let used) = ContentCache.load(content: s.content, cacheDirectory: s.cache, settleSeconds: 3600) else {
            Issue.record("the index of unchanged files was not used"); return
        }
        #expect(used.statSignature == 0)
        // Once the files have settled, the next start saves their signature beside the same index.
        guard case .cached(let settled) = ContentCache.load(content: s.content, cacheDirectory: s.cache, settleSeconds: 0) else {
            Issue.record("the index of unchanged files was not used"); return
        }
        #expect(settled.fingerprint == built.fingerprint)
        guard case .cached(let saved) = s.load() else { Issue.record("not cached"); return }
        #expect(saved.statSignature != 0)
    }

    @Test("the fingerprint changes with any byte, a renamed file or an added one, and not otherwise")
    func fingerprint() throws {
        let s = try Scratch()
        defer { s.remove() }
        let a = try #require(ContentFingerprint.of(s.content))
        #expect(ContentFingerprint.of(s.content) == a)
        try s.touch("questions/cpt/sequences.json")
        let b = try #require(ContentFingerprint.of(s.content))
        #expect(b != a)
        try FileManager.default.moveItem(atPath: s.content + "/questions/cpt/sequences.json", toPath: s.content + "/questions/cpt/z.json")
        #expect(ContentFingerprint.of(s.content) != b)
    }
}

import Dispatch

/// The content of one directory as the app and the commands use it: the tracks at once, an
/// outline of every item (ids, kinds, areas, keys) from the content cache, and the full
/// bank decoded only when something needs a stem, choices or a card, possibly on a
/// background thread started while the user reads the first screen.
///
/// Owned by one thread (the terminal loop's, or a command's); only the background decode
/// runs elsewhere, and `bank` waits for it, so a key pressed before it finishes still gets
/// the whole bank.
public final class ContentSource {
    public let directory: String
    public let tracks: [Track]
    private let cacheDirectory: String?
    private var index: ContentIndex?
    private var indexLoaded = false
    private var decoded: ContentBank?
    private var outlineBank: ContentBank?
    /// `outlineItems(for:)` by track, while the outline is the index's.
    private var outlineItemsByTrack: [String: [StudyItem]] = [:]
    private var loadErrors: Int?
    private var pending: (group: DispatchGroup, box: BankBox)?
    /// The index being read on a background thread (`readOutlineAhead`), until `loadIndex` takes it.
    private var indexAhead: (group: DispatchGroup, box: IndexBox)?
    /// Why the index was rebuilt on this run (nil: read from the cache, or not needed yet).
    public private(set) var rebuildReason: String?

    /// - Parameters:
    ///   - tracks: the tracks, already read (`ContentLoader.loadTracks`).
    ///   - cacheDirectory: where the content index is kept (`ContentCache.directory`); nil
    ///     keeps none, so every outline needs a full load.
    public init(directory: String, tracks: [Track], cacheDirectory: String?) {
        self.directory = directory
        self.tracks = tracks
        self.cacheDirectory = cacheDirectory
    }

    /// A source over an already loaded bank (tests, tools).
    public init(bank: ContentBank) {
        directory = bank.directory
        tracks = bank.tracks
        cacheDirectory = nil
        decoded = bank
        indexLoaded = true
        loadErrors = 0
    }

    /// Whether the full bank is decoded (and `bank` returns without work).
    public var isDecoded: Bool { decoded != nil }

    /// Items with ids, kinds, areas and keys but no text: what counts, queues and scores
    /// need. The full bank when it is already decoded; else the cached index (read, or
    /// rebuilt from a full load when the cache is missing or does not match the files).
    public var outline: ContentBank {
        if let decoded { return decoded }
        loadIndex()
        if let decoded { return decoded }
        if let outlineBank { return outlineBank }
        if let index {
            let made = index.outline(tracks: tracks)
            outlineBank = made
            return made
        }
        return bank
    }

    /// The track's items as the outline has them (questions first, then flashcards): the
    /// same as `outline.items(for:)`, but built once, on the thread that read the index
    /// ahead when there was one.
    public func outlineItems(for trackID: String) -> [StudyItem] {
        if decoded == nil { loadIndex() }
        if let decoded { return decoded.items(for: trackID) }
        if let ready = outlineItemsByTrack[trackID] { return ready }
        let made = index.map { $0.outlineItems(for: trackID) } ?? outline.items(for: trackID)
        outlineItemsByTrack[trackID] = made
        return made
    }

    /// How many errors loading the content reports (from the index when it is cached).
    public var errorCount: Int {
        if let loadErrors { return loadErrors }
        loadIndex()
        if let loadErrors { return loadErrors }
        return index?.errorCount ?? 0
    }

    /// The error count when the content has already been read (index or full load), nil
    /// otherwise: asking it never reads anything.
    /// The `stat` signature of the content files the index was made from (nil when they had
    /// not settled then, or there is no index): equal to `ContentFingerprint.statSignature`
    /// of the directory as long as they are unchanged. Reads the index if need be.
    public var indexStatSignature: UInt64? {
        loadIndex()
        guard let signature = index?.statSignature, signature != 0 else { return nil }
        return signature
    }

    public var knownErrorCount: Int? {
        if let loadErrors { return loadErrors }
        return indexLoaded ? index?.errorCount : nil
    }

    /// The whole bank. Waits for the background decode when one is running; decodes now
    /// when none was started.
    public var bank: ContentBank {
        if let decoded { return decoded }
        if let (group, box) = pending {
            group.wait()
            pending = nil
            install(box.bank!)
            return box.bank!
        }
        let loaded = ContentLoader.load(from: directory)
        install(loaded.bank)
        loadErrors = loaded.errors.count
        return loaded.bank
    }

    /// Keeps the full bank; the outline's copies of the items are no longer needed.
    private func install(_ bank: ContentBank) {
        decoded = bank
        outlineBank = nil
        outlineItemsByTrack = [:]
    }

    /// The background decode while it runs (see `decodeInBackground`), for work that should
    /// wait for it; nil when none is running.
    public var backgroundDecode: DispatchGroup? { pending?.group }

    /// Starts decoding the whole bank on a background thread (once; nothing when it is
    /// already decoded).
    public func decodeInBackground() {
        guard decoded == nil, pending == nil else { return }
        let group = DispatchGroup()
        let box = BankBox()
        let dir = directory
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            box.bank = ContentLoader.load(from: dir).bank
            group.leave()
        }
        pending = (group, box)
    }

    /// One item in full: from the bank when it is decoded, else decoded alone from its file
    /// through the index (a few hundred bytes instead of the whole bank).
    public func item(_ id: String) -> StudyItem? {
        if let decoded { return decoded.item(id) }
        loadIndex()
        if let decoded { return decoded.item(id) }
        if let index, let item = index.decodeItem(id) { return item }
        return bank.item(id)
    }

    /// Starts reading the outline (the cached index, or the full load that rebuilds it) on a
    /// background thread, so that it is ready by the time the caller, which meanwhile opens a
    /// profile, asks for it. Asking waits for it; nothing changes for the caller otherwise.
    public func readOutlineAhead() {
        guard !indexLoaded, indexAhead == nil, decoded == nil else { return }
        let group = DispatchGroup()
        let box = IndexBox()
        let (dir, cache, tracks) = (directory, cacheDirectory, self.tracks)
        group.enter()
        BackgroundThread.run {
            let outcome = ContentCache.load(content: dir, cacheDirectory: cache)
            box.outcome = outcome
            if case .cached(let index) = outcome {
                for track in tracks { box.items[track.id] = index.outlineItems(for: track.id) }
            }
            group.leave()
        }
        indexAhead = (group, box)
    }

    private func loadIndex() {
        guard !indexLoaded else { return }
        indexLoaded = true
        let outcome: ContentCache.Outcome
        if let (group, box) = indexAhead {
            group.wait()
            indexAhead = nil
            outcome = box.outcome!
            outlineItemsByTrack = box.items
        } else {
            outcome = ContentCache.load(content: directory, cacheDirectory: cacheDirectory)
        }
        switch outcome {
        case .cached(let found):
            index = found
        case .rebuilt(let built, let loaded, let reason):
            index = built
            rebuildReason = reason
            // The full load is done: keep it rather than decode again.
            if pending == nil {
                decoded = loaded.bank
                loadErrors = loaded.errors.count
            }
        }
    }
}

/// The background decode's result, handed over through a `DispatchGroup` (written before
/// `leave`, read after `wait`).
private final class BankBox: @unchecked Sendable {
    var bank: ContentBank?
}

/// The background index read's result (`readOutlineAhead`), handed over the same way.
private final class IndexBox: @unchecked Sendable {
    var outcome: ContentCache.Outcome?
    var items: [String: [StudyItem]] = [:]
}

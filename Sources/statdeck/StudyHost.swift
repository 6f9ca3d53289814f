import Dispatch
import Glibc
import StudyCore
import TerminalUI
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The app's link to the user's progress: it owns the open profile (locked through the
/// store), builds the study screens from the content and the store, and performs the
/// effects that read or write progress. Used on the main thread only (the terminal loop's),
/// which is why it may be handed to the loop's closure.
final class StudyHost: @unchecked Sendable {
    /// The content: tracks read before the first frame, an outline of the items from the
    /// content cache for the home screen, the full banks decoded when a screen needs text
    /// (in the background once the first frame is drawn, see `InteractiveApp`).
    let content: ContentSource
    /// The exam tracks, read before the first frame.
    var tracks: [Track] { content.tracks }
    /// The questions and flashcards in full: the first run's "CPT or CCMA?" needs only the
    /// tracks and the home screen only the outline, so both come up without decoding them.
    var bank: ContentBank { content.bank }
    let data: DataDirectory
    let clock: StudyClock
    let utcOffset: @Sendable (Date) -> Int
    private(set) var store: ProgressStore?
    /// The file layer the open profile is written through (tests swap in one that fails).
    var storeIO: any FileIO = POSIXFileIO()
    /// Mock exams of the open profile; see `examHost()`.
    private var exams: ExamHost?
    /// The track chosen on "CPT or CCMA?" for a profile still to be created.
    private var pendingTrack: String?
    /// The open profile's answers by item, read from the log on first use and then kept
    /// current through `ProgressStore.onAppend` (see `digest()`).
    private var reviewDigest: (store: ProgressStore, digest: ReviewDigest)?
    /// The background scan of the log (`digestInBackground()`), until `digest()` takes it.
    private var digestJob: DigestJob?
    /// Set once the first frame is on the screen (background work may start then).
    var firstFrameDrawn = false
    /// Where the home summary of a closed profile is kept for the next start
    /// (`HomeSummaryCache`); nil: none is read or written.
    var summaryCacheDirectory: String?
    /// Whether closing a profile saves its home summary there.
    var savesHomeSummary = true
    /// The lock of the profile to open, taken before the first frame (see `savedHome`).
    private var lease: ProfileLease?
    /// The profile whose first frame came from its saved home summary: locked, and opened
    /// once that frame is drawn (`openDeferred()`).
    private(set) var deferredProfile: String?
    /// The theme saved with that summary, for the first frame's colours.
    private(set) var deferredTheme: String?
    /// What the footer says once a deferred profile is open (see `startNotice()`).
    private var noticesAfterOpen = false
    /// Set when a deferred open failed (see `forgetDeferred()`).
    private var savedSummaryRefused = false

    init(content: ContentSource, data: DataDirectory, clock: StudyClock,
         utcOffset: @escaping @Sendable (Date) -> Int = StudyDay.systemUTCOffset) {
        self.content = content
        self.data = data
        self.clock = clock
        self.utcOffset = utcOffset
    }

    deinit { try? store?.close() }

    var library: ProfileLibrary { ProfileLibrary(data: data, options: StoreOptions(now: clock.now)) }

    // MARK: derived values

    var settings: ProfileSettings { store?.settings ?? ProfileSettings() }
    var trackID: String { settings.track ?? tracks.first?.id ?? "cpt" }
    var track: Track? { tracks.first { $0.id == trackID } }
    var day: StudyDay { StudyDay(startHour: settings.dayStartHour, utcOffset: utcOffset) }
    var today: CalendarDay { CalendarDay(daysSinceEpoch: day.dayNumber(of: clock.now())) }
    /// Today's calendar date where the user is (for exam dates: before the day-start hour the
    /// study day is still yesterday, the calendar is not).
    var calendarToday: CalendarDay { let now = clock.now(); return .calendarToday(at: now, utcOffsetSeconds: utcOffset(now)) }

    var scheduler: FSRSScheduler {
        let s = settings
        let config = SchedulerConfiguration(desiredRetention: s.desiredRetention,
                                            learningSteps: s.learningSteps.map(Double.init),
                                            relearningSteps: s.relearningSteps.map(Double.init))
        return (try? FSRSScheduler(config)) ?? (try! FSRSScheduler())
    }

    func queueState(_ id: String) -> QueueItemState {
        guard let s = store?.state(of: id) else { return .unseen }
        return QueueItemState(card: s.card, suspended: s.flags.suspended, buriedUntil: s.flags.buriedUntil)
    }

    var areaNames: [String: String] {
        var names = Dictionary((track?.allAreas ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        names[PersonalDeck.ownArea] = PersonalDeck.ownAreaName
        return names
    }

    /// The track's items: the built-in questions and flashcards, then the profile's
    /// personal decks (imported cards), studied by the same queue.
    func items(for trackID: String) -> [StudyItem] {
        bank.items(for: trackID) + personalItems(for: trackID)
    }

    /// The same items for counting only (ids, kinds and areas, from the content outline), so
    /// the home screen comes up without decoding the banks.
    func outlineItems(for trackID: String) -> [StudyItem] {
        let personal = personalItems(for: trackID)
        // Without personal decks the outline's own array is shared, not copied.
        return personal.isEmpty ? content.outlineItems(for: trackID) : content.outlineItems(for: trackID) + personal
    }

    private func personalItems(for trackID: String) -> [StudyItem] {
        ((try? store?.personalDecks()) ?? PersonalDecks()).flashcards(for: trackID).map(StudyItem.flashcard)
    }

    /// How far back the digest reads the log: the 30 days "Missed questions" covers, and a day.
    static let digestDays = 31.0

    /// The recent answers of the open profile by item (one scan of the log's last
    /// `digestDays` days per opened profile, then kept current entry by entry); it waits for
    /// the scan started by `digestInBackground()` when one is running.
    func digest() -> ReviewDigest {
        guard let store else { return ReviewDigest() }
        if let cached = reviewDigest, cached.store === store { return cached.digest }
        if let job = digestJob {
            digestJob = nil
            if job.store === store {
                job.group.wait()
                if var digest = job.digest {
                    // What this process logged while the scan ran.
                    for entry in job.appended where entry.seq > job.lastSeq { digest.apply(entry) }
                    return install(digest, for: store)
                }
            }
        }
        return install(Self.recentDigest(of: store, now: clock.now()), for: store)
    }

    /// One scan of the last `digestDays` days of a profile's log.
    private static func recentDigest(of store: ProgressStore, now: Date) -> ReviewDigest {
        var digest = ReviewDigest()
        let since = now.addingTimeInterval(-digestDays * 86_400)
        digest.complete = (try? store.replayRecentLog(since: since) { digest.apply($0) }) ?? false
        digest.since = since
        return digest
    }

    /// The digest if it is at hand without reading the log now; nil while the background
    /// scan runs (started here when none was and the first frame is drawn).
    func readyDigest() -> ReviewDigest? {
        guard let store else { return nil }
        if let cached = reviewDigest, cached.store === store { return cached.digest }
        if let job = digestJob, job.store === store {
            return job.group.wait(timeout: .now()) == .success ? digest() : nil
        }
        // Not before the first frame: the scan would compete with drawing it for the CPU
        // (`InteractiveApp` starts it right after the frame).
        if firstFrameDrawn { digestInBackground() }
        return nil
    }

    /// Starts reading the open profile's recent log on a background thread, through a
    /// read-only view of the profile, so that a long history (300,000 reviews) does not hold
    /// up the home screen; what this process logs meanwhile is kept and applied on top.
    ///
    /// With `after`, the scan waits for that work (the banks' decode) first: the two one after
    /// the other never hold their working memory at the same time, which kept the settled app
    /// of a heavy profile under 64 MB.
    func digestInBackground(after earlier: DispatchGroup? = nil) {
        guard let store, reviewDigest?.store !== store, digestJob == nil else { return }
        let job = DigestJob(store: store)
        store.onAppend = { [weak job] entry in job?.appended.append(entry) }
        let profile = store.profile
        let data = self.data
        let now = clock.now()
        job.group.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            earlier?.wait()
            if let reader = try? ProgressStore.open(profile: profile, in: data, access: .readOnly) {
                job.digest = Self.recentDigest(of: reader, now: now)
                job.lastSeq = reader.lastSeq
                try? reader.close()
            }
            job.group.leave()
        }
        digestJob = job
    }

    private func install(_ digest: ReviewDigest, for store: ProgressStore) -> ReviewDigest {
        reviewDigest = (store, digest)
        store.onAppend = { [weak self, weak store] entry in
            guard let self, let store, self.reviewDigest?.store === store else { return }
            self.reviewDigest?.digest.apply(entry)
        }
        return digest
    }

    /// New items started today that count against the daily limit: all of them, less those a
    /// drill brought in unless Settings says drills count.
    func newDoneToday(_ totals: DailyTotals) -> Int {
        let all = totals.days[today]?.newItems ?? 0
        if settings.drillNewCountsTowardLimit || store == nil || all == 0 { return all }
        return max(0, all - digest().newInDrills(on: today))
    }

    /// Whether the question of the day was answered during the current study day.
    func answeredToday(_ id: String) -> Bool {
        guard let last = store?.state(of: id)?.card.lastReview else { return false }
        return day.dayNumber(of: last) == day.dayNumber(of: clock.now())
    }

    // MARK: opening

    /// The first screen: `request` (e.g. a study session) for the profile named `user`, the
    /// only profile, or the one the user picks; the exam choice on the very first run.
    func firstScreen(user: String?, request: StudyRequest?) throws -> any Screen {
        let names = try library.names()
        let name: String?
        if let user {
            guard let match = names.first(where: { $0.lowercased() == user.lowercased() }) else {
                throw CLIError("no profile named \(user) in \(data.path)" + (names.isEmpty ? "" : "; profiles: \(names.joined(separator: ", "))"))
            }
            name = match
        } else {
            name = names.count == 1 ? names[0] : nil
        }
        if names.isEmpty { return examChoice() }
        guard let name else { return ProfilePickerScreen(names: names) }
        if request == nil, let saved = savedHome(name) { return saved }
        // The home screen needs the outline and the profile: read the one while opening the other.
        content.readOutlineAhead()
        try open(name)
        if store?.settings.track == nil { return examChoice() }
        if let request, let screen = try screen(for: request) { return screen }
        return home()
    }

    func examChoice() -> ExamChoiceScreen {
        ExamChoiceScreen(tracks: tracks, selectedID: store?.settings.track, choosing: true)
    }

    /// The home screen from the summary saved when `name` was last closed, when it still
    /// holds (`HomeSummaryCache`: the profile's files and the content unchanged since, the
    /// same study day); nil otherwise. The profile is locked first, so a profile another
    /// StatDeck has is never shown; it is opened right after the frame (`openDeferred()`),
    /// and the home screen asks for its figures from the store at once (`.resumed`).
    func savedHome(_ name: String) -> HomeScreen? {
        guard store == nil, !savedSummaryRefused, let cacheDirectory = summaryCacheDirectory else { return nil }
        let directory = data.profilePath(name)
        guard let saved = HomeSummaryCache.load(profileDirectory: directory, cacheDirectory: cacheDirectory),
              let taken = try? ProgressStore.lease(profile: name, in: data, options: StoreOptions(io: storeIO, now: clock.now)) else { return nil }
        // Whatever happens next, the open uses this lock (a stale lock's notice included).
        lease = taken
        let now = clock.now()
        guard !taken.tookOverStaleLock, let profileSignature = ProfileSignature.of(directory),
              let contentSignature = ContentFingerprint.statSignature(content.directory),
              let summary = saved.summary(at: now, utcOffset: utcOffset(now), profileSignature: profileSignature,
                                          contentSignature: contentSignature),
              let track = tracks.first(where: { $0.id == summary.trackID }) else { return nil }
        deferredProfile = name
        deferredTheme = saved.theme
        return HomeScreen(summary: summary, track: track)
    }

    /// After the profile of a first frame from its saved summary failed to open: no first
    /// frame from a saved summary again in this run.
    func forgetDeferred() {
        deferredProfile = nil
        deferredTheme = nil
        lease?.release()
        lease = nil
        savedSummaryRefused = true
    }

    /// Opens the profile whose first frame came from its saved summary; nothing otherwise.
    func openDeferred() throws {
        guard let name = deferredProfile else { return }
        content.readOutlineAhead()
        try open(name)
        deferredProfile = nil
        noticesAfterOpen = true
        // The home screen's refresh needs the outline next; taking it now also keeps its read
        // from running beside the banks' decode, which starts after this (peak memory).
        _ = content.outlineItems(for: trackID)
    }

    /// What the store did on its own at the open (a stale lock taken over, a cut-short line set
    /// aside, attempts added back to the index) and content that does not load whole, for the
    /// footer, in one line; nil when there is nothing to say. Only what the first screen
    /// already read is asked (the first run's "CPT or CCMA?" reads no bank before its frame).
    func startNotice() -> String? {
        var notices = (store?.notices ?? []).map(\.description)
        if let contentErrors = content.knownErrorCount, contentErrors > 0 {
            notices.append("the content has \(contentErrors) error\(contentErrors == 1 ? "" : "s"); the items they touch are left out (statdeck validate lists them)")
        }
        return notices.isEmpty ? nil : notices.joined(separator: " · ")
    }

    /// Opens a profile for writing, closing the one open before.
    func open(_ name: String) throws {
        if let store, store.profile == name { return }
        if let previous = store {
            // Switching users: the profile left behind keeps its summary for its next start.
            try previous.close(beforeUnlock: { [self] in saveHomeSummary(of: previous) })
        }
        store = nil
        let held = lease
        lease = nil
        // A lease of another profile is not taken (`ProfileLease`), and let go just below.
        let opened = try ProgressStore.open(profile: name, in: data, access: .readWrite, options: StoreOptions(io: storeIO, now: clock.now, readDailyTotalsAhead: true),
                                            lease: held)
        held?.release()
        // A damaged decks.json stops the open like any damaged file, rather than hiding the cards.
        do { _ = try opened.personalDecks() } catch { try? opened.close(); throw error }
        store = opened
    }

    // MARK: screens

    func home() -> HomeScreen {
        HomeScreen(summary: homeSummary(now: clock.now(), missed: true), track: track)
    }

    /// The home screen's figures at `now` (`missed`: with the missed count, when the log's
    /// digest is at hand).
    func homeSummary(now: Date, missed withMissed: Bool, items given: [StudyItem]? = nil) -> HomeSummary {
        let s = settings
        // Ids, kinds and areas are enough to count; only the question of the day needs text.
        let items = given ?? outlineItems(for: trackID)
        let totals = (try? store?.dailyTotals()) ?? DailyTotals()
        let todayTotals = totals.days[today] ?? DayTotals()
        let counts: DueCounts
        var planning = false
        if let track {
            // While the exam-day planner plans, today's new items are its choice, not the limit.
            planning = ExamDayQueue(settings: s, scheduler: scheduler, day: day, daily: totals, now: now) != nil
            counts = dueQueue(track: track, items: items, now: now, totals: totals).reduce(into: DueCounts(learning: 0, review: 0, new: 0)) {
                switch $1.kind {
                case .learning: $0.learning += 1
                case .review: $0.review += 1
                case .new: $0.new += 1
                }
            }
        } else {
            counts = DueCounts(learning: 0, review: 0, new: 0)
        }
        let flagged = items.reduce(0) { $0 + ((store?.state(of: $1.id)?.flags.flagged ?? false) ? 1 : 0) }
        var qotd: Question?
        if let track {
            qotd = DrillSelection.questionOfTheDay(track: track, items: items, dayNumber: day.dayNumber(of: now))
                .flatMap { outline -> Question? in
                    if case .question(let q)? = content.item(outline.id) { return q }
                    return nil
                }
        }
        // Unknown (nil) while the log is still being read in the background: the home screen
        // asks again on the next tick (`HomeScreen`), so the first frame does not wait for it.
        let missed = withMissed ? readyDigest()?.missed(among: Set(items.map(\.id)), now: now).count : nil
        var summary = HomeSummary(profile: store?.profile ?? "", trackID: trackID, trackName: track?.shortName ?? trackID.uppercased(),
                                  due: counts, newLimit: planning ? counts.new : s.dailyNewLimit, doneToday: todayTotals.reviews,
                                  correctToday: todayTotals.correct, streak: HomeSummary.streak(totals: totals, today: today),
                                  daysToExam: HomeSummary.daysToExam(s.examDate, today: calendarToday), flagged: flagged,
                                  questionOfTheDay: qotd.map(DailyQuestion.init), questionArea: qotd.flatMap { $0.domains[trackID] }.flatMap { areaNames[$0] },
                                  questionAnswered: qotd.map { answeredToday($0.id) } ?? false, missed: missed)
        summary.personalDecks = personalDeckNames()
        return summary
    }

    /// Saves the home screen's figures of `store`, now that it is written and before it lets
    /// go of its lock, for the next start's first frame (`HomeSummaryCache`). Not while the
    /// exam-day planner plans (its plan moves with the minute), nor for content that changed
    /// since it was read; any older summary is removed then.
    private func saveHomeSummary(of store: ProgressStore) {
        guard savesHomeSummary, let cacheDirectory = summaryCacheDirectory else { return }
        let directory = store.files.directory
        HomeSummaryCache.remove(profileDirectory: directory, in: cacheDirectory)
        let now = clock.now()
        let s = settings
        guard store.access == .readWrite, s.track != nil, let track,
              let totals = try? store.dailyTotals(),
              ExamDayQueue(settings: s, scheduler: scheduler, day: day, daily: totals, now: now) == nil,
              let contentSignature = content.indexStatSignature,
              ContentFingerprint.statSignature(content.directory) == contentSignature else { return }
        let items = outlineItems(for: trackID)
        let summary = homeSummary(now: now, missed: false, items: items)
        let schedule = StudyQueue(scheduler: scheduler, day: day).countSchedule(
            track: track, items: items, state: queueState, now: now,
            newLimit: s.dailyNewLimit, newDoneToday: newDoneToday(totals))
        // The figures shown and the schedule are the same rule; a difference would be a bug, and no summary is better than a wrong one.
        guard schedule.counts(at: now) == summary.due, let profileSignature = ProfileSignature.of(directory) else { return }
        HomeSummaryCache(summary: summary, schedule: schedule, theme: s.theme, profileDirectory: directory,
                         profileSignature: profileSignature, contentSignature: contentSignature, utcOffset: utcOffset(now))
            .save(in: cacheDirectory)
    }

    /// Today's study queue: the exam-day planner's while an exam date is ahead and planning
    /// is on (`ExamDayQueue`), otherwise the ordinary FSRS queue.
    func dueQueue(track: Track, items: [StudyItem], now: Date, totals: DailyTotals) -> [QueueEntry] {
        if let planned = ExamDayQueue(settings: settings, scheduler: scheduler, day: day, daily: totals, now: now) {
            return planned.build(track: track, items: items, state: queueState, now: now, today: totals.days[today])
        }
        return StudyQueue(scheduler: scheduler, day: day).build(track: track, items: items, state: queueState, now: now,
                                                                newLimit: settings.dailyNewLimit, newDoneToday: newDoneToday(totals))
    }

    /// A study session or drill; nil when there is nothing to study (the caller says so).
    func session(_ request: StudyRequest) throws -> StudyScreen? {
        guard let track else { return nil }
        let now = clock.now()
        let items = self.items(for: trackID)
        let selection = DrillSelection(track: track, items: items, scheduler: scheduler)
        let state: (String) -> ItemState? = { [store] in store?.state(of: $0) }
        var entries: [QueueEntry] = []
        var source = ReviewSource.drill
        var heading = "Drill · \(track.shortName)"
        var requeues = true
        switch request {
        case .due(let domain):
            source = .study
            heading = "Study · \(track.shortName)"
            let totals = (try? store?.dailyTotals()) ?? DailyTotals()
            entries = dueQueue(track: track, items: items, now: now, totals: totals)
            if let domain {
                let ids = Set([domain] + (track.area(domain)?.subdomains.map(\.id) ?? []))
                entries = entries.filter { ids.contains($0.area) }
            }
        case .drill(.domain(let id)):
            entries = selection.domain(id, state: state, now: now, seed: stableHash("\(store?.profile ?? "")/domain/\(id)/\(day.dayNumber(of: now))"))
            heading = "Drill · \(areaNames[id] ?? id)"
        case .drill(.flagged):
            entries = selection.flagged(state: state)
            heading = "Flagged · \(track.shortName)"
        case .drill(.missed):
            var reviews: [Int: ReviewRecord] = [:]
            try store?.replayRecentLog(since: now.addingTimeInterval(-30 * 86_400)) { entry in
                switch entry.event {
                case .review(let r, _): reviews[entry.seq] = r
                case .undo(let u): reviews[u.undoes] = nil
                case .edit: break
                }
            }
            entries = selection.missed(reviews: reviews.keys.sorted().map { reviews[$0]! }, now: now)
            heading = "Missed · \(track.shortName)"
        case .drill(.quick10):
            requeues = false
            entries = selection.quick10(state: state, now: now, seed: stableHash("\(store?.profile ?? "")/\(now.timeIntervalSince1970)"))
            heading = "Quick 10 · \(track.shortName)"
        case .drill(.deck(let name)):
            entries = selection.deck(name, state: state, now: now)
            heading = "Drill · \(name)"
        case .drill(.questionOfTheDay):
            requeues = false
            if let q = selection.questionOfTheDay(dayNumber: day.dayNumber(of: now)), !answeredToday(q.id) {
                entries = [QueueEntry(itemID: q.id, kind: .review, area: q.domains[track.id] ?? "")]
            }
            heading = "Question of the day"
        default:
            return nil
        }
        guard !entries.isEmpty else { return nil }
        var states: [String: ItemState] = [:]
        for e in entries { states[e.itemID] = store?.state(of: e.itemID) }
        let session = StudySession(trackID: track.id, entries: entries, items: items, states: states, scheduler: scheduler,
                                   day: day, source: source, leechThreshold: settings.leechThreshold,
                                   seed: stableHash("\(store?.profile ?? "")/\(day.dayNumber(of: now))"), requeuesLearning: requeues)
        var screen = StudyScreen(session: session, heading: heading, areaNames: areaNames, clock: clock)
        screen.sound = settings.sound
        screen.notes = store?.notes.texts ?? [:]
        if source == .drill {
            // Say what the drill brings in, and whether it uses up today's new items.
            let fresh = entries.filter { store?.state(of: $0.itemID)?.card.isNew ?? true }.count
            screen.message = fresh == 0 ? "No new items in this drill."
                : "\(fresh) new item\(fresh == 1 ? "" : "s") in this drill; "
                    + (settings.drillNewCountsTowardLimit ? "they count against today's new limit." : "they do not count against today's new limit.")
        }
        // What is next due in the whole track (the session's own items are the screen's to add).
        let inSession = Set(entries.map(\.itemID))
        screen.trackNextDue = items.lazy.filter { !inSession.contains($0.id) }.compactMap { [store] item -> Date? in
            guard let st = store?.state(of: item.id), !st.card.isNew, !st.flags.suspended else { return nil }
            return st.card.due
        }.min()
        let digest = digest()
        screen.historySince = digest.complete ? nil : digest.since.map { CalendarDay(daysSinceEpoch: day.dayNumber(of: $0)) }
        for id in inSession {
            let past = digest.history(of: id)
            if !past.isEmpty {
                screen.history[id] = past.map { StudyScreen.PastAnswer(day: $0.day, rating: $0.rating, correct: $0.correct) }
            }
        }
        return screen
    }

    /// The screen a request opens, or nil when there is nothing to show.
    func screen(for request: StudyRequest) throws -> (any Screen)? {
        switch request {
        case .due, .drill: return try session(request)
        case .home: return home()
        case .domainPicker:
            guard let track else { return nil }
            let items = bank.items(for: trackID)
            let stats = DrillSelection(track: track, items: items, scheduler: scheduler)
                .areaStats(state: { [store] in store?.state(of: $0) }, now: clock.now(), day: day)
            return DomainPickerScreen(track: track, stats: stats, drillNewCounts: settings.drillNewCountsTowardLimit,
                                      personalDecks: personalDeckNames())
        case .profiles: return ProfilePickerScreen(names: try library.names(), current: store?.profile)
        case .openProfile(let name):
            try open(name)
            return store?.settings.track == nil ? examChoice() : home()
        case .newProfile:
            try store?.close()
            store = nil
            return ExamChoiceScreen(tracks: tracks, choosing: true)
        case .changeTrack: return examChoice()
        case .settings:
            return SettingsScreen(settings: settings, trackName: track?.shortName ?? trackID, today: calendarToday,
                                  itemCount: items(for: trackID).count)
        case .browse(let query):
            guard let track else { return nil }
            let items = self.items(for: trackID)
            var states: [String: ItemState] = [:]
            var due: Set<String> = []
            let now = clock.now()
            for item in items {
                guard let st = store?.state(of: item.id) else { continue }
                states[item.id] = st
                if !st.card.isNew && day.isDue(st.card, at: now) { due.insert(item.id) }
            }
            return BrowseScreen(items: items, track: track, states: states, due: due, query: query, now: now, day: day,
                                notes: store?.notes.texts ?? [:])
        }
    }

    // MARK: effects

    func perform(_ effect: Effect) throws -> EffectResult? {
        do {
            return try performOrThrow(effect)
        } catch let error as StoreError {
            // The store's message says in plain words what could not be done.
            return .failed(effect: effect.plainName, message: "\(error)")
        } catch let error as CLIError {
            return .failed(effect: effect.plainName, message: error.description)
        }
    }

    private func performOrThrow(_ effect: Effect) throws -> EffectResult? {
        switch effect {
        case .study(let request):
            if let screen = try screen(for: request) {
                switch request {
                case .home: return .navigate(Navigation([.reset(screen)]))
                case .openProfile: return .navigate(Navigation([.applyTheme(settings.theme), .reset(screen)]))
                default: return .navigate(Navigation([.push(screen)]))
                }
            }
            switch request {
            case .due:
                // Not a failure: say so kindly, say when the next review comes, offer a drill.
                let now = clock.now()
                let next = items(for: trackID).compactMap { [store] item -> Date? in
                    guard let st = store?.state(of: item.id), !st.card.isNew, !st.flags.suspended else { return nil }
                    return st.card.due
                }.min()
                let newDone = ((try? store?.dailyTotals()) ?? DailyTotals()).days[today]?.newItems ?? 0
                return .navigate(Navigation([.push(NothingDueScreen(track: track, nextDue: next.map { day.dueLabel($0, at: now) },
                                                                    newLimitReached: newDone >= settings.dailyNewLimit))]))
            case .drill(.questionOfTheDay): return .failed(effect: "Question of the day", message: "already answered today; a new one comes tomorrow")
            case .drill(.missed): return .failed(effect: "Missed questions", message: "none answered wrong in the last 30 days")
            case .drill(.flagged): return .failed(effect: "Flagged", message: "nothing flagged yet (f flags an item during study)")
            case .drill: return .failed(effect: "Drill", message: "no items to drill here")
            default: return .failed(effect: "\(request)", message: "not in this build")
            }
        case .selectTrack(let id):
            if let store {
                var s = store.settings
                s.track = id
                try store.updateSettings(s)
                return .navigate(Navigation([.reset(home())]))
            }
            guard let track = tracks.first(where: { $0.id == id }) else { return nil }
            pendingTrack = id
            return .navigate(Navigation([.push(SetupScreen(track: track, today: calendarToday, existing: try library.names()))]))
        case .createProfile(let name, let settings):
            try library.add(name, settings: settings)
            try open(name)
            return .navigate(Navigation([.applyTheme(self.settings.theme), .reset(home())]))
        case .recordReview(let record):
            guard let store else { return nil }
            do {
                try store.record(record)
            } catch {
                // Queued for the next save (disk full and the like): the footer says so.
                if case .notSaved = error { throw error }
                return .answerRefused(itemID: record.itemID, message: "\(error)")
            }
            return nil
        case .undoReview:
            try store?.undoLastReview()
            return nil
        case .setNote(let id, let text):
            try store?.setNote(text, for: id)
            return nil
        case .loadNotes:
            return .notes(store?.notes.texts ?? [:])
        case .setItemState(let id, let state):
            try store?.setState(state, of: id)
            return nil
        case .editPersonalCard(let id, let front, let back, let tags):
            guard let store else { return nil }
            var decks = try store.personalDecks()
            guard decks.edit(id, front: front, back: back, tags: tags, now: clock.now()) else {
                return .failed(effect: effect.name, message: "card \(id) is no longer in your personal decks")
            }
            try store.savePersonalDecks(decks)
            return nil
        case .removePersonalCard(let id):
            guard let store else { return nil }
            var decks = try store.personalDecks()
            guard decks.remove(id) else { return nil }
            try store.savePersonalDecks(decks)
            return nil
        case .updateSettings(let settings):
            try store?.updateSettings(settings)
            return .navigate(Navigation([.applyTheme(settings.theme), .reset(home())]))
        case .save:
            try store?.save()
            return store == nil ? nil : .saved
        case .bell:
            Stdout.bell()
            return nil
        case .openMockExams:
            return .navigate(Navigation([.push(try examStartScreen())]))
        case .refresh(let id):
            // The one place store-derived screens are rebuilt when they show again.
            switch id {
            case "home":
                guard store != nil else { return nil }
                let screen = home()
                // After a first frame drawn from the saved summary: what the open found, once.
                var notice: String?
                if noticesAfterOpen {
                    noticesAfterOpen = false
                    notice = startNotice()
                }
                return .refreshed(Refreshed(screen, notice: notice))
            case "domain-picker": return try screen(for: .domainPicker).map { .refreshed(Refreshed($0)) }
            case "progress": return .refreshed(Refreshed(try progressScreen()))
            case "exam-start": return .refreshed(Refreshed(try examStartScreen()))
            default: return nil
            }
        case .readClock, .saveExam, .beginExam, .abandonExam, .deleteExam:
            return try examHost().perform(effect)
        case .openProgress:
            return .navigate(Navigation([.push(try progressScreen())]))
        case .setDailyNewLimit(let limit):
            guard let store else { return nil }
            var s = store.settings
            s.dailyNewLimit = limit
            try store.updateSettings(s)
            return .saved
        case .setExamDate(let date):
            guard let store else { return nil }
            var s = store.settings
            s.examDate = date
            try store.updateSettings(s)
            // Readiness and the plan depend on the date: show them recomputed.
            return .navigate(Navigation([.replace(try progressScreen())]))
        default:
            return nil
        }
    }

    /// The exam side of the host for the open profile (built on first use, rebuilt after
    /// a switch of profile).
    private func examHost() throws -> ExamHost {
        guard let store else { throw CLIError("open a profile first") }
        if let exams = exams, exams.store === store { return exams }
        let made = ExamHost(store: store, bank: bank, clock: clock)
        exams = made
        return made
    }

    /// The mock-exam start screen: the attempt in progress and the history, from the store.
    private func examStartScreen() throws -> ExamStartScreen {
        let exams = try examHost()
        guard let track else { throw CLIError("choose an exam first (Settings)") }
        return try exams.startScreen(track: track)
    }

    /// The names of the open profile's personal decks of the current track.
    private func personalDeckNames() -> [String] {
        ((try? store?.personalDecks()) ?? PersonalDecks()).decks.filter { $0.track == trackID }.map(\.name)
    }

    /// The Progress screen for the open profile, computed from its snapshot, daily totals
    /// and mock attempts (never the whole review log).
    private func progressScreen() throws -> ProgressScreen {
        guard let store else { throw CLIError("open a profile first") }
        guard let track = tracks.first(where: { $0.id == trackID }) else { throw CLIError("unknown exam \(trackID)") }
        return ProgressScreen(report: try ProgressSource.report(store: store, track: track, bank: bank, now: clock.now()))
    }

    /// Saves and lets go of the profile.
    func close() throws {
        if let store {
            // The summary is taken while the store still holds the lock, after its last write.
            try store.close(beforeUnlock: { [self] in saveHomeSummary(of: store) })
        }
        lease?.release()
        lease = nil
        // Kept, not freed: after a close the app quits, and the system takes the memory back
        // at once, where freeing every item state one by one takes a millisecond or two.
        if let store { KeptUntilExit.keep(store) }
        store = nil
    }
}

/// A scan of a profile's log on a background thread: the digest and the last entry number it
/// covers are written before `group` is left; `appended` (what the app logged meanwhile) is
/// touched on the main thread only.
private final class DigestJob: @unchecked Sendable {
    let store: ProgressStore
    let group = DispatchGroup()
    var digest: ReviewDigest?
    var lastSeq = 0
    var appended: [LogEntry] = []
    init(store: ProgressStore) { self.store = store }
}

/// The terminal bell, written straight to the terminal (curses has it in raw mode).
enum Stdout {
    static func bell() {
        var s = "\u{07}"
        s.withUTF8 { buf in _ = Glibc.write(STDOUT_FILENO, buf.baseAddress, buf.count) }
    }
}

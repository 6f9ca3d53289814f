#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How an item is put in front of the user this time: the choices or steps in the order
/// shown (shuffled on each showing, so the key moves with them).
public enum ItemPresentation: Sendable, Hashable {
    case flashcard(Flashcard)
    /// `order[i]` is the index in `question.choices` of the choice shown at position i.
    case single(Question, order: [Int])
    /// `order[i]` is the index in `question.steps` of the step shown as number i + 1.
    case steps(Question, order: [Int])

    /// The shown position of the key of a `single` question.
    public var keyPosition: Int? {
        if case .single(let q, let order) = self { return order.firstIndex(of: q.answer) }
        return nil
    }
}

/// Scoring of an `order` item: how many steps are in their right place.
public enum StepOrderGrading {
    /// `picked` holds step indexes (into `question.steps`) in the order the user put them.
    /// Returns the number in the right position.
    public static func correctPositions(_ picked: [Int]) -> Int {
        picked.enumerated().filter { $0.offset == $0.element }.count
    }
}

/// One answered item of a session, for the summary.
public struct SessionAnswer: Sendable, Hashable {
    public var itemID: String
    public var area: String
    public var correct: Bool
    public var rating: Rating
    public var durationMs: Int
}

/// What a session adds up to: items done, accuracy, time, per-area accuracy, next due.
public struct SessionSummary: Sendable, Hashable {
    public var done: Int
    public var correct: Int
    public var durationMs: Int
    /// Area id to (done, correct), in the order areas were first answered.
    public var areas: [(id: String, done: Int, correct: Int)]
    /// The earliest due instant among the items answered, if any.
    public var nextDue: Date?
    public var accuracy: Double { done == 0 ? 0 : Double(correct) / Double(done) }

    public static func == (a: SessionSummary, b: SessionSummary) -> Bool {
        a.done == b.done && a.correct == b.correct && a.durationMs == b.durationMs && a.nextDue == b.nextDue
            && a.areas.map(\.id) == b.areas.map(\.id) && a.areas.map(\.done) == b.areas.map(\.done)
            && a.areas.map(\.correct) == b.areas.map(\.correct)
    }
    public func hash(into h: inout Hasher) { h.combine(done); h.combine(correct); h.combine(durationMs) }
}

/// A study session: a queue of items, the state of each, and what was answered.
///
/// Pure: answering returns the `ReviewRecord` for the store, and every change (undo, flag,
/// bury, suspend) returns the item's new state for the caller to save. Items the scheduler
/// puts back into a short learning step are shown again later in the same session.
public struct StudySession: Sendable {
    public let trackID: String
    public let source: ReviewSource
    public let scheduler: FSRSScheduler
    public let day: StudyDay
    public let leechThreshold: Int
    /// The queue, including items put back for another learning step.
    public private(set) var entries: [QueueEntry]
    /// Index into `entries` of the item showing.
    public private(set) var position = 0
    /// The state of each item in the queue (absent: never seen).
    public private(set) var states: [String: ItemState]
    public private(set) var answers: [SessionAnswer] = []
    /// Set when the last answer made an item a leech (and suspended it).
    public private(set) var leechNotice: String?
    /// Whether an item the scheduler puts back into a short learning step is shown again in
    /// this session (false for fixed-size drills: Quick 10 stays ten items).
    public let requeuesLearning: Bool
    private let items: [String: StudyItem]
    private let seed: UInt64
    private var undoStack: [(position: Int, entries: [QueueEntry], itemID: String, before: ItemState?)] = []

    public init(trackID: String, entries: [QueueEntry], items: [StudyItem], states: [String: ItemState],
                scheduler: FSRSScheduler, day: StudyDay, source: ReviewSource = .study, leechThreshold: Int = 8,
                seed: UInt64 = 1, requeuesLearning: Bool = true) {
        self.trackID = trackID
        self.requeuesLearning = requeuesLearning
        let known = Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.entries = entries.filter { known[$0.itemID] != nil }
        self.items = known
        self.states = states
        self.scheduler = scheduler
        self.day = day
        self.source = source
        self.leechThreshold = leechThreshold
        self.seed = seed
    }

    /// The entry showing, or nil when the queue is done.
    public var current: QueueEntry? { entries.indices.contains(position) ? entries[position] : nil }
    public var currentItem: StudyItem? { current.flatMap { items[$0.itemID] } }
    public var isFinished: Bool { current == nil }
    /// Items left, the one showing included.
    public var remaining: Int { max(0, entries.count - position) }

    /// What is left, Anki-style: the entries still to show (the one showing included), each
    /// counted by its item's state now (never seen: new; learning or relearning: learning;
    /// otherwise review). An item answered Again comes back as learning.
    public var remainingCounts: DueCounts {
        var counts = DueCounts(learning: 0, review: 0, new: 0)
        for e in entries[min(position, entries.count)...] {
            guard let card = states[e.itemID]?.card, !card.isNew else { counts.new += 1; continue }
            if card.phase == .review { counts.review += 1 } else { counts.learning += 1 }
        }
        return counts
    }
    public var canUndo: Bool { !undoStack.isEmpty }

    public func item(_ id: String) -> StudyItem? { items[id] }

    /// The current item laid out for showing, choices or steps shuffled by the session seed
    /// and the position (so each showing differs, and a test can predict it).
    public var presentation: ItemPresentation? {
        guard let item = currentItem else { return nil }
        var rng = SeededRandom(seed: seed &+ stableHash("\(item.id)#\(position)"))
        switch item {
        case .flashcard(let f):
            return .flashcard(f)
        case .question(let q):
            if q.kind == .order {
                var order = Array(q.steps.indices).stableShuffled(using: &rng)
                if order.count > 1 && order == Array(q.steps.indices) { order.swapAt(0, 1) }
                return .steps(q, order: order)
            }
            return .single(q, order: Array(q.choices.indices).stableShuffled(using: &rng))
        }
    }

    /// The card of the current item (a new card when never seen).
    public func card(at now: Date) -> Card? {
        guard let id = current?.itemID else { return nil }
        return states[id]?.card ?? .new(at: now)
    }

    /// What each rating would do to the current item now.
    public func preview(at now: Date) -> ReviewPreview? {
        guard let card = card(at: now) else { return nil }
        return scheduler.preview(card, at: now, random: rng(at: now))
    }

    /// The generator of the current answer's fuzz: drawn from the session seed, the item and its
    /// place in the queue, never the clock, so the interval previewed is the one applied (and an
    /// answer taken back and given again gets the same fuzz).
    private func rng(at now: Date) -> SeededRandom {
        SeededRandom(seed: seed &+ stableHash("\(current?.itemID ?? "")#fuzz#\(position)"))
    }

    /// Records an answer to the current item: schedules it, counts lapses (and marks a leech at
    /// the threshold, suspending it), moves on. Returns the record for the store.
    @discardableResult
    public mutating func answer(rating: Rating, correct: Bool, choice: Int? = nil, durationMs: Int,
                                at now: Date) -> ReviewRecord? {
        guard let entry = current, let card = card(at: now) else { return nil }
        let before = states[entry.itemID]
        var random = rng(at: now)
        let result = scheduler.review(card, rating: rating, at: now, durationMilliseconds: durationMs, random: &random)
        var flags = before?.flags ?? ItemFlags()
        leechNotice = nil
        if card.phase == .review && rating == .again {
            flags.lapses += 1
            if flags.lapses >= leechThreshold && !flags.leech {
                flags.leech = true
                flags.suspended = true
                leechNotice = "Leech: failed \(flags.lapses) times, so it was suspended (unsuspend it in Browse)."
            }
        }
        let after = ItemState(card: result.card, flags: flags)
        undoStack.append((position, entries, entry.itemID, before))
        states[entry.itemID] = after
        answers.append(SessionAnswer(itemID: entry.itemID, area: entry.area, correct: correct, rating: rating, durationMs: durationMs))
        // Back into the queue when the next step is due before the day ends and it is not suspended.
        if requeuesLearning && !flags.suspended && result.card.phase != .review && result.card.due < day.endOfDay(containing: now) {
            entries.append(QueueEntry(itemID: entry.itemID, kind: .learning, area: entry.area))
        }
        position += 1
        let calendarDay = CalendarDay(daysSinceEpoch: day.dayNumber(of: now))
        return ReviewRecord(itemID: entry.itemID, domain: entry.area, rating: rating, reviewedAt: now, day: calendarDay,
                            durationMs: durationMs, correct: correct, answer: choice, source: source, after: after)
    }

    /// Takes back the last answer: the item's state before and its place in the queue.
    /// Returns the item id, or nil when there is nothing to undo.
    @discardableResult
    public mutating func undo() -> String? {
        guard let last = undoStack.popLast() else { return nil }
        position = last.position
        entries = last.entries
        states[last.itemID] = last.before
        if !answers.isEmpty { answers.removeLast() }
        leechNotice = nil
        return last.itemID
    }

    /// Changes the flags of the current item; returns its new state to save.
    public mutating func changeFlags(at now: Date, _ change: (inout ItemFlags) -> Void) -> (itemID: String, state: ItemState)? {
        guard let id = current?.itemID else { return nil }
        return changeFlags(of: id, at: now, change)
    }

    /// Changes the flags of an item of the session (e.g. the one just answered); returns its
    /// new state to save.
    public mutating func changeFlags(of id: String, at now: Date, _ change: (inout ItemFlags) -> Void) -> (itemID: String, state: ItemState) {
        var state = states[id] ?? ItemState(card: .new(at: now))
        change(&state.flags)
        states[id] = state
        return (id, state)
    }

    /// Flags or unflags the current item.
    public mutating func toggleFlag(at now: Date) -> (itemID: String, state: ItemState)? {
        changeFlags(at: now) { $0.flagged.toggle() }
    }

    /// Buries the current item until the next study day and skips it.
    public mutating func bury(at now: Date) -> (itemID: String, state: ItemState)? {
        let until = day.endOfDay(containing: now)
        let out = changeFlags(at: now) { $0.buriedUntil = until }
        if out != nil { skipCurrent() }
        return out
    }

    /// Suspends the current item and skips it.
    public mutating func suspend(at now: Date) -> (itemID: String, state: ItemState)? {
        let out = changeFlags(at: now) { $0.suspended = true }
        if out != nil { skipCurrent() }
        return out
    }

    /// Buries an item (e.g. the one just answered) until the next study day and drops it from
    /// what is left of the queue.
    public mutating func bury(_ id: String, at now: Date) -> (itemID: String, state: ItemState) {
        let until = day.endOfDay(containing: now)
        let out = changeFlags(of: id, at: now) { $0.buriedUntil = until }
        skip(id)
        return out
    }

    /// Suspends an item (e.g. the one just answered) and drops it from what is left of the queue.
    public mutating func suspend(_ id: String, at now: Date) -> (itemID: String, state: ItemState) {
        let out = changeFlags(of: id, at: now) { $0.suspended = true }
        skip(id)
        return out
    }

    /// Drops the current item and every later copy of it from the queue.
    private mutating func skipCurrent() {
        guard let id = current?.itemID else { return }
        skip(id)
    }

    /// Drops every copy of an item from the queue at and after the current position.
    private mutating func skip(_ id: String) {
        guard position <= entries.count else { return }
        entries = Array(entries[..<position]) + entries[position...].filter { $0.itemID != id }
    }

    /// The session so far.
    public var summary: SessionSummary {
        var order: [String] = []
        var perArea: [String: (Int, Int)] = [:]
        for a in answers {
            if perArea[a.area] == nil { order.append(a.area) }
            let c = perArea[a.area] ?? (0, 0)
            perArea[a.area] = (c.0 + 1, c.1 + (a.correct ? 1 : 0))
        }
        let answered = Set(answers.map(\.itemID))
        let nextDue = answered.compactMap { id -> Date? in
            guard let s = states[id], !s.flags.suspended else { return nil }
            return s.card.due
        }.min()
        return SessionSummary(done: answers.count, correct: answers.filter(\.correct).count,
                              durationMs: answers.reduce(0) { $0 + $1.durationMs },
                              areas: order.map { ($0, perArea[$0]!.0, perArea[$0]!.1) }, nextDue: nextDue)
    }
}

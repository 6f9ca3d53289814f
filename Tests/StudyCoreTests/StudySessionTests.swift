#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import StudyCore

@Suite("Study session")
struct StudySessionTests {
    static let track = ContentLoader.load(from: Repo.data).bank.track("cpt")!
    /// 2026-11-28 10:00 UTC; the study day starts at 04:00 UTC (offset 0).
    static let start = Date(timeIntervalSince1970: 1_795_860_000)
    static let day = StudyDay(startHour: 4, utcOffsetSeconds: 0)
    static let scheduler = try! FSRSScheduler(SchedulerConfiguration(fuzzEnabled: false))

    static func question(_ id: String, area: String = "processing") -> StudyItem {
        .question(Question(id: id, kind: .single, domains: ["cpt": area], stem: "Stem \(id)?",
                           choices: ["w", "x", "y", "z"], answer: 2, explanation: "Because.",
                           rationales: ["no", "no", "yes", "no"], difficulty: 1))
    }

    static func card(_ id: String) -> StudyItem {
        .flashcard(Flashcard(id: id, deck: "d", front: "F \(id)", back: "B \(id)", domains: ["cpt": "safety-compliance"]))
    }

    static func session(_ items: [StudyItem], states: [String: ItemState] = [:], leech: Int = 8) -> StudySession {
        let entries = items.map { QueueEntry(itemID: $0.id, kind: .new, area: $0.domains["cpt"]!) }
        return StudySession(trackID: "cpt", entries: entries, items: items, states: states, scheduler: scheduler,
                            day: day, source: .study, leechThreshold: leech, seed: 7)
    }

    @Test("an answer schedules the item, logs its domain and source, and a short learning step comes back later in the session")
    func answerAndRequeue() throws {
        var s = Self.session([Self.question("q1"), Self.card("c1")])
        #expect(s.current?.itemID == "q1")
        let rOpt = s.answer(rating: .again, correct: false, choice: 0, durationMs: 4000, at: Self.start)
        let r = try #require(rOpt)
        #expect(r.itemID == "q1" && r.domain == "processing" && r.source == .study && !r.correct && r.answer == 0)
        #expect(r.after.card.phase == .learning && r.after.card.due == Self.start + 60)
        #expect(r.day == CalendarDay(year: 2026, month: 11, day: 28))
        #expect(s.current?.itemID == "c1")
        s.answer(rating: .easy, correct: true, durationMs: 2000, at: Self.start + 5)
        #expect(s.current?.itemID == "q1", "the again answer comes back (1m step)")
        #expect(s.remaining == 1)
        s.answer(rating: .good, correct: true, durationMs: 2000, at: Self.start + 70)
        s.answer(rating: .good, correct: true, durationMs: 2000, at: Self.start + 700)
        #expect(s.isFinished)
        let sum = s.summary
        #expect(sum.done == 4 && sum.correct == 3 && sum.durationMs == 10_000)
        #expect(sum.areas.map(\.id) == ["processing", "safety-compliance"])
        #expect(sum.areas[0].done == 3 && sum.areas[0].correct == 2)
        #expect(sum.nextDue != nil)
    }

    @Test("undo restores the item's state before, its place in the queue and the tally")
    func undo() {
        var s = Self.session([Self.question("q1"), Self.question("q2")])
        s.answer(rating: .good, correct: true, durationMs: 1000, at: Self.start)
        let before = s.states["q2"]
        s.answer(rating: .again, correct: false, durationMs: 1000, at: Self.start + 10)
        #expect(s.entries.count == 4)
        #expect(s.undo() == "q2")
        #expect(s.current?.itemID == "q2")
        #expect(s.states["q2"] == before)
        #expect(s.entries.count == 3)
        #expect(s.summary.done == 1)
        #expect(s.undo() == "q1")
        #expect(s.states["q1"] == nil)
        #expect(s.undo() == nil)
    }

    @Test("bury hides the item until the next study day; suspend until unsuspended; both skip it now")
    func buryAndSuspend() {
        var s = Self.session([Self.question("q1"), Self.question("q2"), Self.question("q3")])
        let buried = s.bury(at: Self.start)
        #expect(buried?.itemID == "q1")
        #expect(buried?.state.flags.buriedUntil == Self.day.endOfDay(containing: Self.start))
        #expect(s.current?.itemID == "q2")
        let suspended = s.suspend(at: Self.start)
        #expect(suspended?.state.flags.suspended == true)
        #expect(s.current?.itemID == "q3")
        // The queue of the same day leaves both out; the next day the buried one is back.
        let queue = StudyQueue(scheduler: Self.scheduler, day: Self.day)
        let items = [Self.question("q1"), Self.question("q2"), Self.question("q3")]
        func state(_ id: String) -> QueueItemState {
            guard let st = s.states[id] else { return .unseen }
            return QueueItemState(card: st.card, suspended: st.flags.suspended, buriedUntil: st.flags.buriedUntil)
        }
        let today = queue.build(track: Self.track, items: items, state: state, now: Self.start + 3600, newLimit: 20, newDoneToday: 0)
        #expect(today.map(\.itemID) == ["q3"])
        let tomorrow = queue.build(track: Self.track, items: items, state: state, now: Self.start + 86_400, newLimit: 20, newDoneToday: 0)
        #expect(Set(tomorrow.map(\.itemID)) == ["q1", "q3"])
    }

    @Test("flag toggles and is kept in the state the next review saves")
    func flag() throws {
        var s = Self.session([Self.question("q1")])
        #expect(s.toggleFlag(at: Self.start)?.state.flags.flagged == true)
        let rOpt = s.answer(rating: .good, correct: true, durationMs: 1, at: Self.start)
        let r = try #require(rOpt)
        #expect(r.after.flags.flagged)
    }

    @Test("the fuzz of an answer is drawn once from the session seed: the same whatever the second, and the preview is what an answer applies")
    func fuzzIndependentOfClock() throws {
        let fuzzy = try FSRSScheduler()
        var rng = SeededRandom(seed: 1)
        var card = Card.new(at: Self.start - 60 * 86_400)
        card = fuzzy.review(card, rating: .easy, at: Self.start - 60 * 86_400, random: &rng).card
        card = fuzzy.review(card, rating: .good, at: Self.start - 30 * 86_400, random: &rng).card
        let items = [Self.question("q1")]
        let s = StudySession(trackID: "cpt", entries: [QueueEntry(itemID: "q1", kind: .review, area: "cpt.1")], items: items,
                             states: ["q1": ItemState(card: card)], scheduler: fuzzy, day: Self.day, seed: 7)
        // Days away at whole-day resolution: the same for every second of a minute.
        let days = Set((0..<30).map { sec -> Int in
            let at = Self.start.addingTimeInterval(Double(sec))
            return Int((s.preview(at: at)!.easy.card.due.timeIntervalSince(at) / 86_400).rounded())
        })
        #expect(days.count == 1, "one interval whatever the second: \(days)")
        var t = s
        let at = Self.start.addingTimeInterval(17)
        let shown = t.preview(at: at)!.easy.card.due
        let record = t.answer(rating: .easy, correct: true, durationMs: 1, at: at)
        let applied = try #require(record).after.card.due
        #expect(shown == applied)
    }

    @Test("a review item failed for the eighth time becomes a leech and is suspended, with a notice")
    func leech() throws {
        var rng = SeededRandom(seed: 1)
        var card = Card.new(at: Self.start - 90 * 86_400)
        card = Self.scheduler.review(card, rating: .easy, at: Self.start - 90 * 86_400, random: &rng).card
        #expect(card.phase == .review)
        let state = ItemState(card: card, flags: ItemFlags(lapses: 7))
        var s = Self.session([Self.question("q1")], states: ["q1": state])
        let rOpt = s.answer(rating: .again, correct: false, durationMs: 1, at: Self.start)
        let r = try #require(rOpt)
        #expect(r.after.flags.lapses == 8 && r.after.flags.leech && r.after.flags.suspended)
        #expect(s.leechNotice?.contains("Leech") == true)
        #expect(s.isFinished, "a suspended leech is not shown again")
        // Below the threshold: a lapse is counted, nothing more.
        var t = Self.session([Self.question("q1")], states: ["q1": ItemState(card: card, flags: ItemFlags(lapses: 2))])
        let r2Opt = t.answer(rating: .again, correct: false, durationMs: 1, at: Self.start)
        let r2 = try #require(r2Opt)
        #expect(r2.after.flags.lapses == 3 && !r2.after.flags.leech && !r2.after.flags.suspended)
        #expect(t.leechNotice == nil)
    }

    @Test("choices are shuffled per showing and the key moves with them; order items never show in order")
    func presentation() {
        let items = (0..<20).map { Self.question("q\($0)") }
        let s = Self.session(items)
        guard case .single(let q, let order)? = s.presentation else { Issue.record("not a question"); return }
        #expect(Set(order) == [0, 1, 2, 3])
        #expect(s.presentation?.keyPosition == order.firstIndex(of: q.answer))
        var orders = Set<[Int]>()
        var t = s
        for _ in 0..<10 {
            if case .single(_, let o)? = t.presentation { orders.insert(o) }
            t.answer(rating: .easy, correct: true, durationMs: 1, at: Self.start)
        }
        #expect(orders.count > 3, "the order differs between items")
        let orderItem = StudyItem.question(Question(id: "o1", kind: .order, domains: ["cpt": "processing"], stem: "Order",
                                                explanation: "E", steps: ["1", "2", "3"], difficulty: 1))
        let o = Self.session([orderItem])
        guard case .steps(_, let shown)? = o.presentation else { Issue.record("not steps"); return }
        #expect(shown != [0, 1, 2] && Set(shown) == [0, 1, 2])
        #expect(StepOrderGrading.correctPositions([0, 2, 1]) == 1)
        #expect(StepOrderGrading.correctPositions([0, 1, 2]) == 3)
    }

    @Test("over several simulated days the daily queue brings answered items back and takes new ones up to the limit")
    func severalDays() {
        let items = (0..<30).map { Self.question("q\($0 < 10 ? "0" : "")\($0)") }
        let queue = StudyQueue(scheduler: Self.scheduler, day: Self.day)
        var states: [String: ItemState] = [:]
        var seen: [Int] = []
        var comingBack: [Int] = []
        for d in 0..<6 {
            let now = Self.start + Double(d) * 86_400
            let entries = queue.build(track: Self.track, items: items, state: { id in
                states[id].map { QueueItemState(card: $0.card, suspended: $0.flags.suspended) } ?? .unseen
            }, now: now, newLimit: 5, newDoneToday: 0)
            #expect(entries.filter { $0.kind == .new }.count == 5)
            comingBack.append(entries.filter { $0.kind != .new }.count)
            var s = StudySession(trackID: "cpt", entries: entries, items: items, states: states, scheduler: Self.scheduler, day: Self.day)
            var t = now
            var guardCount = 0
            while !s.isFinished && guardCount < 200 {
                s.answer(rating: .good, correct: true, durationMs: 1, at: t)
                t += 601
                guardCount += 1
            }
            states = s.states
            seen.append(states.count)
        }
        #expect(seen == [5, 10, 15, 20, 25, 30])
        #expect(comingBack[0] == 0)
        #expect(comingBack.dropFirst().contains { $0 > 0 }, "items learned on earlier days come due again: \(comingBack)")
    }
}

@Suite("Drills and home summary")
struct DrillSelectionTests {
    static let bank = ContentLoader.load(from: Repo.data).bank
    static let track = bank.track("cpt")!
    static let now = StudySessionTests.start
    static let selection = DrillSelection(track: track, items: bank.items(for: "cpt"), scheduler: StudySessionTests.scheduler)

    @Test("a domain drill takes that domain's items (subdomains included), weakest first, suspended left out")
    func domain() {
        let domain = Self.track.domains.first { !$0.subdomains.isEmpty } ?? Self.track.domains[0]
        let ids = Set([domain.id] + domain.subdomains.map(\.id))
        let first = Self.selection.domain(domain.id, state: { _ in nil }, now: Self.now)
        #expect(!first.isEmpty && first.count <= 20)
        #expect(first.allSatisfy { ids.contains($0.area) })
        let suspended = first[0].itemID
        let again = Self.selection.domain(domain.id, state: { $0 == suspended ? ItemState(card: .new(at: Self.now), flags: ItemFlags(suspended: true)) : nil }, now: Self.now)
        #expect(!again.contains { $0.itemID == suspended })
    }

    @Test("a domain drill mixes cards and questions in an order seeded by the day: the same all day, another the next")
    func domainMixedAndSeeded() {
        let domain = Self.track.domains[0]
        let day1 = Self.selection.domain(domain.id, state: { _ in nil }, now: Self.now, seed: 1)
        #expect(day1 == Self.selection.domain(domain.id, state: { _ in nil }, now: Self.now, seed: 1))
        let day2 = Self.selection.domain(domain.id, state: { _ in nil }, now: Self.now, seed: 2)
        #expect(day1.map(\.itemID) != day2.map(\.itemID))
        let byID = Dictionary(Self.bank.items(for: "cpt").map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let cards = day1.filter { entry in if case .flashcard? = byID[entry.itemID] { return true }; return false }
        #expect(cards.count > 0 && cards.count < day1.count, "cards and questions mixed: \(cards.count) cards of \(day1.count)")
    }

    @Test("the drill list's figures: items, due today, never studied, mastery (mean recall now)")
    func areaStats() {
        let items = Self.bank.items(for: "cpt")
        let domain = Self.track.domains[0]
        let areaIDs = Set([domain.id] + domain.subdomains.map(\.id))
        let inDomain = items.filter { areaIDs.contains($0.domains["cpt"] ?? "") }
        let seen = inDomain[0].id
        let dueCard = Card(phase: .review, step: nil, stability: 10, difficulty: 5, due: Self.now - 86_400, lastReview: Self.now - 11 * 86_400)
        let stats = Self.selection.areaStats(state: { $0 == seen ? ItemState(card: dueCard) : nil }, now: Self.now, day: StudySessionTests.day)
        let st = stats[domain.id]!
        #expect(st.items == inDomain.count)
        #expect(st.new == inDomain.count - 1)
        #expect(st.due == 1)
        let recall = StudySessionTests.scheduler.retrievability(of: dueCard, at: Self.now)
        #expect(abs(st.mastery - recall / Double(inDomain.count)) < 1e-9)
    }

    @Test("the review digest: answers by item, undos taken out, missed in 30 days, new items drills brought in today")
    func reviewDigest() {
        let ids = Self.bank.items(for: "cpt").prefix(3).map(\.id)
        let today = CalendarDay(year: 2026, month: 11, day: 28)!
        func review(_ id: String, daysAgo: Double, correct: Bool, source: ReviewSource) -> ReviewRecord {
            ReviewRecord(itemID: id, domain: nil, rating: correct ? .good : .again, reviewedAt: Self.now - daysAgo * 86_400,
                         day: today.adding(days: -Int(daysAgo)), durationMs: 1, correct: correct, answer: nil,
                         source: source, after: ItemState(card: .new(at: Self.now)))
        }
        var d = ReviewDigest()
        d.apply(LogEntry(seq: 1, event: .review(review(ids[0], daysAgo: 40, correct: false, source: .study), before: nil)))
        d.apply(LogEntry(seq: 2, event: .review(review(ids[1], daysAgo: 0, correct: false, source: .drill), before: nil)))
        d.apply(LogEntry(seq: 3, event: .review(review(ids[2], daysAgo: 0, correct: true, source: .drill), before: nil)))
        #expect(d.missed(among: Set(ids), now: Self.now) == [ids[1]])
        #expect(d.newInDrills(on: today) == 2)
        #expect(d.history(of: ids[0]).count == 1)
        d.apply(LogEntry(seq: 4, event: .undo(UndoRecord(undoes: 2, at: Self.now, review: review(ids[1], daysAgo: 0, correct: false, source: .drill), restored: nil))))
        #expect(d.missed(among: Set(ids), now: Self.now).isEmpty)
        #expect(d.newInDrills(on: today) == 1)
        #expect(d.history(of: ids[1]).isEmpty)
    }

    @Test("missed: wrong answers of the last 30 days, most recent first; flagged: flagged items")
    func missedAndFlagged() {
        let ids = Self.bank.items(for: "cpt").prefix(3).map(\.id)
        func review(_ id: String, daysAgo: Double, correct: Bool) -> ReviewRecord {
            ReviewRecord(itemID: id, domain: nil, rating: correct ? .good : .again, reviewedAt: Self.now - daysAgo * 86_400,
                         day: CalendarDay(year: 2026, month: 11, day: 1)!, durationMs: 1, correct: correct, answer: nil,
                         source: .exam, after: ItemState(card: .new(at: Self.now)))
        }
        let missed = Self.selection.missed(reviews: [review(ids[0], daysAgo: 40, correct: false), review(ids[1], daysAgo: 5, correct: false),
                                                     review(ids[2], daysAgo: 1, correct: false), review(ids[2], daysAgo: 2, correct: true)], now: Self.now)
        #expect(missed.map(\.itemID) == [ids[2], ids[1]])
        let flagged = Self.selection.flagged { $0 == ids[1] ? ItemState(card: .new(at: Self.now), flags: ItemFlags(flagged: true)) : nil }
        #expect(flagged.map(\.itemID) == [ids[1]])
    }

    @Test("quick 10 is ten distinct items, seeded, and leans toward a weak area")
    func quick10() {
        let a = Self.selection.quick10(state: { _ in nil }, now: Self.now, seed: 3)
        #expect(a.count == 10 && Set(a.map(\.itemID)).count == 10)
        #expect(a == Self.selection.quick10(state: { _ in nil }, now: Self.now, seed: 3))
        // Make every area but processing well known: processing should come up more.
        var rng = SeededRandom(seed: 2)
        var strong = Card.new(at: Self.now - 3 * 86_400)
        strong = StudySessionTests.scheduler.review(strong, rating: .easy, at: Self.now - 3 * 86_400, random: &rng).card
        let items = Self.bank.items(for: "cpt")
        let area = Dictionary(items.map { ($0.id, $0.domains["cpt"]!) }, uniquingKeysWith: { a, _ in a })
        var weakCount = 0, baseline = 0
        for seed in 0..<20 {
            let biased = Self.selection.quick10(state: { area[$0] == "processing" ? nil : ItemState(card: strong) }, now: Self.now, seed: UInt64(seed))
            weakCount += biased.filter { $0.area == "processing" }.count
            baseline += Self.selection.quick10(state: { _ in nil }, now: Self.now, seed: UInt64(seed)).filter { $0.area == "processing" }.count
        }
        #expect(weakCount > baseline)
    }

    @Test("the question of the day is a single question, the same all day, another on another day")
    func questionOfTheDay() {
        let d = StudySessionTests.day.dayNumber(of: Self.now)
        let q = Self.selection.questionOfTheDay(dayNumber: d)
        #expect(q?.kind == .single)
        #expect(q == Self.selection.questionOfTheDay(dayNumber: d))
        let week = Set((0..<7).compactMap { Self.selection.questionOfTheDay(dayNumber: d + $0)?.id })
        #expect(week.count > 1)
    }

    @Test("streak counts consecutive days with reviews up to today or yesterday; days to the exam")
    func homeSummary() {
        let today = CalendarDay(year: 2026, month: 11, day: 28)!
        var totals = DailyTotals()
        for back in [1, 2, 3, 5] { totals.days[today.adding(days: -back)] = DayTotals(reviews: 4) }
        #expect(HomeSummary.streak(totals: totals, today: today) == 3)
        totals.days[today] = DayTotals(reviews: 1)
        #expect(HomeSummary.streak(totals: totals, today: today) == 4)
        #expect(HomeSummary.streak(totals: DailyTotals(), today: today) == 0)
        #expect(HomeSummary.daysToExam(CalendarDay(year: 2026, month: 12, day: 21), today: today) == 23)
        #expect(HomeSummary.daysToExam(nil, today: today) == nil)
    }
}

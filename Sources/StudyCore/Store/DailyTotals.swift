#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reviews and correct answers in one domain on one day.
public struct DomainTotals: Sendable, Hashable {
    public var reviews: Int
    public var correct: Int
    /// First-ever answers to items of this domain, and how many of them were right.
    public var newItems: Int
    public var newCorrect: Int
    public init(reviews: Int = 0, correct: Int = 0, newItems: Int = 0, newCorrect: Int = 0) {
        self.reviews = reviews; self.correct = correct; self.newItems = newItems; self.newCorrect = newCorrect
    }
}

/// What the user did on one study day.
public struct DayTotals: Sendable, Hashable {
    public var reviews: Int
    public var correct: Int
    public var durationMs: Int
    /// Reviews of items seen for the first time (what the daily new-card limit counts).
    public var newItems: Int
    /// Of the new items, those answered right the first time.
    public var newCorrect: Int
    /// Reviews of mature items (in review with an interval of 21 days or more before the
    /// review), and those not rated Again: the counts behind "true retention".
    public var matureReviews: Int
    public var matureCorrect: Int
    /// By the domain (or tag) the caller gave with each review.
    public var domains: [String: DomainTotals]

    public init(reviews: Int = 0, correct: Int = 0, durationMs: Int = 0, newItems: Int = 0,
                newCorrect: Int = 0, matureReviews: Int = 0, matureCorrect: Int = 0,
                domains: [String: DomainTotals] = [:]) {
        self.reviews = reviews; self.correct = correct; self.durationMs = durationMs
        self.newItems = newItems; self.newCorrect = newCorrect
        self.matureReviews = matureReviews; self.matureCorrect = matureCorrect; self.domains = domains
    }

    /// The interval, in days, from which an item counts as mature (Anki's 21 days).
    public static let matureIntervalDays = 21.0

    /// Whether a review of an item in `state` counts as a review of a mature item.
    public static func isMature(_ state: ItemState?) -> Bool {
        guard let card = state?.card, card.phase == .review, let last = card.lastReview else { return false }
        return card.due.timeIntervalSince(last) >= matureIntervalDays * 86_400
    }
}

/// Per-day totals kept up to date as reviews are logged, so a statistics screen never reads
/// the whole log. Stored in `daily.json`, one day per line, as of a point in the log.
public struct DailyTotals: Sendable, Hashable {
    public var days: [CalendarDay: DayTotals]

    public init(days: [CalendarDay: DayTotals] = [:]) { self.days = days }

    static let fileName = "daily.json"

    /// Counts a log entry in (a review) or out (an undo); edits change no totals.
    public mutating func apply(_ entry: LogEntry) {
        switch entry.event {
        case .review(let r, let before):
            add(r, wasNew: before?.card.isNew ?? true, mature: DayTotals.isMature(before), sign: 1)
        case .undo(let u):
            add(u.review, wasNew: u.restored?.card.isNew ?? true, mature: DayTotals.isMature(u.restored), sign: -1)
        case .edit:
            break
        }
    }

    private mutating func add(_ r: ReviewRecord, wasNew: Bool, mature: Bool, sign: Int) {
        var day = days[r.day] ?? DayTotals()
        day.reviews += sign
        day.correct += r.correct ? sign : 0
        day.durationMs += sign * r.durationMs
        day.newItems += wasNew ? sign : 0
        day.newCorrect += wasNew && r.correct ? sign : 0
        day.matureReviews += mature ? sign : 0
        day.matureCorrect += mature && r.rating != .again ? sign : 0
        if let domain = r.domain {
            var d = day.domains[domain] ?? DomainTotals()
            d.reviews += sign
            d.correct += r.correct ? sign : 0
            d.newItems += wasNew ? sign : 0
            d.newCorrect += wasNew && r.correct ? sign : 0
            day.domains[domain] = d == DomainTotals() ? nil : d
        }
        days[r.day] = day == DayTotals() ? nil : day
    }

    func encoded(covers: LogPosition, savedAt: Date, schemaVersion: Int) -> [UInt8] {
        var w = JSONWriter(capacity: 128 + days.count * 120)
        covers.writeFileHeader(schemaVersion: schemaVersion, savedAt: savedAt, into: &w)
        w.raw("\"days\": {")
        var first = true
        for day in days.keys.sorted() {
            let t = days[day]!
            w.raw(first ? "\n\"" : ",\n\"")
            first = false
            Timestamp.appendDay(day, to: &w.bytes)
            w.raw("\": {\"reviews\":"); w.int(t.reviews)
            w.raw(",\"correct\":"); w.int(t.correct)
            w.raw(",\"ms\":"); w.int(t.durationMs)
            w.raw(",\"new\":"); w.int(t.newItems)
            w.raw(",\"newOk\":"); w.int(t.newCorrect)
            w.raw(",\"mature\":"); w.int(t.matureReviews)
            w.raw(",\"matureOk\":"); w.int(t.matureCorrect)
            w.raw(",\"domains\":{")
            for (i, name) in t.domains.keys.sorted().enumerated() {
                if i > 0 { w.raw(",") }
                w.string(name)
                w.raw(":{\"reviews\":"); w.int(t.domains[name]!.reviews)
                w.raw(",\"correct\":"); w.int(t.domains[name]!.correct)
                w.raw(",\"new\":"); w.int(t.domains[name]!.newItems)
                w.raw(",\"newOk\":"); w.int(t.domains[name]!.newCorrect)
                w.raw("}")
            }
            w.raw("}}")
        }
        w.raw("\n}\n}\n")
        return w.bytes
    }

    static func decode(_ bytes: [UInt8], file: String,
                       migrations: SchemaMigrations) throws(StoreError) -> (DailyTotals, covers: LogPosition) {
        if let fast = FastDecoder.daily(bytes, schemaVersion: migrations.currentVersion(.daily)) { return fast }
        return try decodeWithPositions(bytes, file: file, migrations: migrations)
    }

    /// The slow path alone: `JSONParser` (with migrations), then the fields one by one.
    static func decodeWithPositions(_ bytes: [UInt8], file: String,
                                    migrations: SchemaMigrations) throws(StoreError) -> (DailyTotals, covers: LogPosition) {
        let (root, _) = try ProfileFileFormat.parse(bytes, kind: .daily, file: file, migrations: migrations)
        do throws(FieldError) {
            let r = try FieldReader(root, "the daily totals")
            let daysNode = try r.required("days")
            guard let members = daysNode.members else { throw r.mismatch("days", daysNode, "an object") }
            var totals = DailyTotals()
            for m in members {
                guard let day = CalendarDay(m.key) else {
                    throw FieldError(position: m.node.position, message: "\"\(m.key)\" is not a date written YYYY-MM-DD")
                }
                let d = try FieldReader(m.node, "day \(m.key)")
                var t = DayTotals(reviews: try d.int("reviews", in: StoreLimits.count), correct: try d.int("correct", in: StoreLimits.count),
                                  durationMs: try d.int("ms", in: StoreLimits.dayMs), newItems: try d.int("new", in: StoreLimits.count),
                                  newCorrect: d.optional("newOk") == nil ? 0 : try d.int("newOk", in: StoreLimits.count),
                                  matureReviews: d.optional("mature") == nil ? 0 : try d.int("mature", in: StoreLimits.count),
                                  matureCorrect: d.optional("matureOk") == nil ? 0 : try d.int("matureOk", in: StoreLimits.count))
                if let domains = d.optional("domains") {
                    guard let list = domains.members else { throw d.mismatch("domains", domains, "an object") }
                    for dm in list {
                        let x = try FieldReader(dm.node, "domain \(dm.key) on \(m.key)")
                        t.domains[dm.key] = DomainTotals(reviews: try x.int("reviews", in: StoreLimits.count), correct: try x.int("correct", in: StoreLimits.count),
                                                         newItems: x.optional("new") == nil ? 0 : try x.int("new", in: StoreLimits.count),
                                                         newCorrect: x.optional("newOk") == nil ? 0 : try x.int("newOk", in: StoreLimits.count))
                    }
                }
                totals.days[day] = t
            }
            return (totals, try LogPosition.read(try r.required("covers")))
        } catch {
            throw ProfileFileFormat.corrupt(file, error)
        }
    }
}

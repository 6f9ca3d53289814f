#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The home screen's due counts from one instant to the end of its study day, as a step
/// function: the counts at `from`, then what changes when an intra-day learning step comes
/// due or a buried item comes back. Nothing else moves the counts within a study day while
/// the items and their states stay as they were, so `counts(at:)` equals
/// `StudyQueue.counts` at every instant of `from..<until` (both use `StudyQueue.kind`).
public struct DueCountSchedule: Sendable, Equatable {
    /// A change of the counts at an instant (added to those before it).
    public struct Step: Sendable, Equatable {
        public var at: Date
        public var learning: Int
        public var review: Int
        public var fresh: Int

        public init(at: Date, learning: Int, review: Int, fresh: Int) {
            self.at = at; self.learning = learning; self.review = review; self.fresh = fresh
        }
    }

    public var from: Date
    /// The end of the study day `from` is in; the schedule says nothing from then on.
    public var until: Date
    public var learning: Int
    public var review: Int
    /// Never-studied items the queue could draw new items from at `from`.
    public var fresh: Int
    /// New items the daily limit still allows today.
    public var allowedNew: Int
    /// The changes after `from`, earliest first.
    public var steps: [Step]

    public init(from: Date, until: Date, learning: Int, review: Int, fresh: Int, allowedNew: Int, steps: [Step]) {
        self.from = from; self.until = until
        self.learning = learning; self.review = review; self.fresh = fresh
        self.allowedNew = allowedNew; self.steps = steps
    }

    /// The counts at `instant`; nil outside `from..<until`.
    public func counts(at instant: Date) -> DueCounts? {
        guard instant >= from, instant < until else { return nil }
        var (l, r, f) = (learning, review, fresh)
        for step in steps {
            if step.at > instant { break }
            l += step.learning; r += step.review; f += step.fresh
        }
        return DueCounts(learning: l, review: r, new: min(allowedNew, f))
    }
}

extension StudyQueue {
    /// The due counts of `track` from `now` to the end of the study day (see
    /// `DueCountSchedule`), with the same arguments as `counts`.
    public func countSchedule(track: Track, items: [StudyItem], state: (String) -> QueueItemState, now: Date,
                              newLimit: Int, newDoneToday: Int) -> DueCountSchedule {
        let until = day.endOfDay(containing: now)
        var base = (learning: 0, review: 0, fresh: 0)
        var changes: [Date: (learning: Int, review: Int, fresh: Int)] = [:]
        func add(_ kind: QueueEntry.Kind?, _ sign: Int, to counts: inout (learning: Int, review: Int, fresh: Int)) {
            switch kind {
            case .learning?: counts.learning += sign
            case .review?: counts.review += sign
            case .new?: counts.fresh += sign
            case nil: break
            }
        }
        for item in items where item.domains[track.id] != nil {
            let s = state(item.id)
            var current = kind(of: s, at: now)
            add(current, 1, to: &base)
            // Where the kind can change today: a burial ending, or an intra-day step coming
            // due (`StudyDay.isDue`); review and inter-day cards change only with the day.
            var instants: [Date] = []
            if let until = s.buriedUntil, until > now { instants.append(until) }
            if let card = s.card, !card.isNew, card.phase != .review, !day.isInterday(card) {
                instants.append(card.due.addingTimeInterval(-day.learnAheadLimit))
            }
            for var instant in instants.sorted() where instant > now && instant < until {
                var next = kind(of: s, at: instant)
                // `due - limit` may round a hair below the instant `isDue` turns at.
                var nudges = 0
                while next == current, nudges < 4, instant.timeIntervalSince1970.nextUp < until.timeIntervalSince1970 {
                    instant = Date(timeIntervalSince1970: instant.timeIntervalSince1970.nextUp)
                    next = kind(of: s, at: instant)
                    nudges += 1
                }
                guard next != current else { continue }
                var change = changes[instant] ?? (0, 0, 0)
                add(current, -1, to: &change)
                add(next, 1, to: &change)
                changes[instant] = change
                current = next
            }
        }
        let steps = changes.keys.sorted().compactMap { at -> DueCountSchedule.Step? in
            let c = changes[at]!
            return c == (0, 0, 0) ? nil : DueCountSchedule.Step(at: at, learning: c.learning, review: c.review, fresh: c.fresh)
        }
        return DueCountSchedule(from: now, until: until, learning: base.learning, review: base.review, fresh: base.fresh,
                                allowedNew: max(0, newLimit - newDoneToday), steps: steps)
    }
}

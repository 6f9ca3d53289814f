import Foundation
import StudyCore

/// StatDeck's FSRS state and review history in Anki's terms, for `export anki --with-schedule`.
///
/// Review cards get a due day counted from `collectionStart` (the collection's creation
/// time, which the export sets to the start of the current study day), learning and
/// relearning cards a due time in seconds; the memory state goes in the card's `data` as
/// Anki's FSRS keeps it (stability, difficulty, desired retention, last review).
public enum AnkiScheduleExport {
    public static func schedule(state: ItemState, reviews: [(review: ReviewRecord, before: ItemState?)], desiredRetention: Double,
                                collectionStart: Date) -> AnkiCardSchedule {
        let card = state.card
        let history = reviews.map { review($0.review, before: $0.before) }
        let suspended = state.flags.suspended
        if card.isNew {
            return AnkiCardSchedule(type: 0, queue: suspended ? -1 : 0, due: 0, interval: 0, reps: history.count,
                                    lapses: state.flags.lapses, stability: nil, difficulty: nil,
                                    desiredRetention: desiredRetention, lastReview: nil, reviews: history)
        }
        let type: Int
        let due: Int64
        var interval = 0
        switch card.phase {
        case .review:
            type = 2
            due = Int64((card.due.timeIntervalSince(collectionStart) / 86_400).rounded(.down))
            interval = max(1, Int(((card.due.timeIntervalSince(card.lastReview ?? card.due)) / 86_400).rounded()))
        case .learning:
            type = 1
            due = Int64(card.due.timeIntervalSince1970)
        case .relearning:
            type = 3
            due = Int64(card.due.timeIntervalSince1970)
            interval = 1
        }
        let queue = suspended ? -1 : (type == 2 ? 2 : 1)
        return AnkiCardSchedule(type: type, queue: queue, due: due, interval: interval, reps: history.count,
                                lapses: state.flags.lapses, stability: card.stability, difficulty: card.difficulty,
                                desiredRetention: desiredRetention, lastReview: card.lastReview, reviews: history)
    }

    static func review(_ r: ReviewRecord, before: ItemState?) -> AnkiReview {
        func ivl(_ s: ItemState?) -> Int {
            guard let c = s?.card, !c.isNew else { return 0 }
            if c.phase == .review, let last = c.lastReview {
                return max(1, Int((c.due.timeIntervalSince(last) / 86_400).rounded()))
            }
            return -max(1, Int(c.due.timeIntervalSince(c.lastReview ?? r.reviewedAt).rounded()))
        }
        let kind: Int
        switch before?.card.phase {
        case .review?: kind = before!.card.isNew ? 0 : 1
        case .relearning?: kind = 2
        default: kind = 0
        }
        return AnkiReview(at: r.reviewedAt, ease: r.rating.rawValue, interval: ivl(r.after), lastInterval: ivl(before),
                          milliseconds: r.durationMs, kind: kind)
    }
}

import ArgumentParser
import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `statdeck _crash-writer`: a hidden helper for the store's crash test. It records reviews in
/// a loop (with edits, a mock exam and snapshot rewrites mixed in) and prints each review's
/// token on standard output only after `record` has returned, that is, after the review is on
/// disk. The test kills it with SIGKILL at random moments and checks every printed token.
struct CrashWriterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_crash-writer", shouldDisplay: false)

    @Option var profile: String
    @Option(name: .customLong("run")) var runNumber: Int
    @Option var count = Int.max
    @Option var snapshotEvery = 25
    @OptionGroup var data: DataOptions

    func run() throws {
        let options = StoreOptions(snapshotEvery: snapshotEvery)
        let store = try storeCall { try ProgressStore.open(profile: profile, in: data.dataDirectory(), options: options) }
        let start = Date()
        let form = ExamForm(trackID: "cpt", name: "crash-\(runNumber)", minutes: 20,
                            items: (0..<20).map { ExamForm.Item(questionID: "item-\($0)", area: "cpt.1", pretest: false) })
        var attempt = ExamAttempt(id: store.newAttemptID(startedAt: start), form: form, mode: .exam, startedAt: start)
        var i = 0
        while i < count {
            let now = Date()
            let token = runNumber * 1_000_000 + i
            let item = "item-\(token % 37)"
            let after = ItemState(card: Card(phase: .review, step: nil, stability: 1 + Double(i % 50) / 3, difficulty: 5.5,
                                             due: now.addingTimeInterval(86_400 * Double(1 + i % 20)), lastReview: now))
            let review = ReviewRecord(itemID: item, domain: "d\(token % 5)", rating: .good, reviewedAt: now,
                                      day: CalendarDay(containing: now), durationMs: token, correct: i % 3 != 0,
                                      answer: i % 4, source: .study, after: after)
            _ = try storeCall { try store.record(review) }
            FileHandleOutput.standardOutput("\(token)\n")
            if i % 7 == 3 {
                attempt.answers[i % 20] = i % 4
                attempt.current = i % 20
                try storeCall { try store.saveAttempt(attempt) }
            }
            if i % 11 == 5 {
                try storeCall { try store.updateFlags(of: item) { $0.flagged.toggle() } }
            }
            i += 1
        }
        try storeCall { try store.close() }
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import Glibc
@testable import StudyCore

@Suite("Readiness")
struct ReadinessTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let exam = now + 30 * 86_400
    static let track = ContentLoader.load(from: Repo.data).bank.track("cpt")!

    /// A simple forgetting curve standing in for FSRS: R = 0.9^(days / S).
    static func r(_ card: Card, _ date: Date) -> Double {
        guard let s = card.stability, let last = card.lastReview else { return 0 }
        return Glibc.pow(0.9, max(0, date.timeIntervalSince(last) / 86_400) / s)
    }

    static func items(perArea: Int, card: (String, Int) -> Card?, first: (String, Int) -> Bool? = { _, _ in nil }) -> [ItemEvidence] {
        track.leafAreas.flatMap { area in
            (0..<perArea).map { i in ItemEvidence(itemID: "\(area.id)-\(i)", area: area.id, card: card(area.id, i), firstAttemptCorrect: first(area.id, i)) }
        }
    }

    static func studied(stability: Double) -> Card {
        Card(phase: .review, step: nil, stability: stability, difficulty: 5, due: now + stability * 86_400, lastReview: now)
    }

    func readiness(_ items: [ItemEvidence], mocks: [MockAreaResult] = []) -> Readiness {
        Readiness(track: Self.track, items: items, mocks: mocks, now: Self.now, examDate: Self.exam,
                  retrievability: Self.r, afterReview: { _ in 0.9 })
    }

    @Test("everything remembered far beyond the exam predicts near 100% and a sure pass")
    func allDurable() {
        let r = readiness(Self.items(perArea: 40) { _, _ in Self.studied(stability: 100_000) })
        #expect(r.expectedPercent > 0.99)
        #expect(r.scaledEstimate >= 498)
        #expect(r.passProbability > 0.99)
        #expect(r.coverage == 1 && r.durableShare == 1)
    }

    @Test("no study at all predicts the prior (a guess) and almost no chance to pass")
    func nothingStudied() {
        let r = readiness(Self.items(perArea: 40) { _, _ in nil })
        #expect(abs(r.expectedPercent - 0.25) < 1e-9)
        #expect(r.scaledEstimate == 263)
        #expect(r.passProbability < 0.001)
        #expect(r.coverage == 0)
        #expect(r.areas.allSatisfy { $0.studiedItems == 0 && $0.bankItems == 40 })
    }

    @Test("first attempts move the prior of unstudied items in that area only")
    func firstAttemptPrior() {
        let items = Self.items(perArea: 40, card: { _, _ in nil }) { area, i in
            area == "safety-compliance" && i < 16 ? true : nil
        }
        let r = readiness(items)
        let safety = r.areas.first { $0.id == "safety-compliance" }!
        // Beta prior: (0.25 * 4 + 16) / (4 + 16) = 0.85
        #expect(abs(safety.memoryEstimate - 0.85) < 1e-9)
        #expect(r.areas.first { $0.id == "processing" }!.memoryEstimate == 0.25)
    }

    @Test("forgetting before the exam lowers the prediction, with guessing as the floor")
    func forgetting() {
        let short = readiness(Self.items(perArea: 20) { _, _ in Self.studied(stability: 1) })
        // R = 0.9^30 = 0.042; p = R + (1 - R) * 0.25 = 0.282
        #expect(abs(short.expectedPercent - (0.9.power(30) + (1 - 0.9.power(30)) * 0.25)) < 1e-9)
        #expect(short.durableShare == 0)
        let long = readiness(Self.items(perArea: 20) { _, _ in Self.studied(stability: 60) })
        #expect(long.expectedPercent > short.expectedPercent)
    }

    @Test("recent mocks weigh more than old ones")
    func mockBlending() {
        let items = Self.items(perArea: 40) { _, _ in nil }
        let recent = readiness(items, mocks: [MockAreaResult(area: "processing", date: Self.now, correct: 20, total: 20)])
        let old = readiness(items, mocks: [MockAreaResult(area: "processing", date: Self.now - 56 * 86_400, correct: 20, total: 20)])
        let pRecent = recent.areas.first { $0.id == "processing" }!.estimate
        let pOld = old.areas.first { $0.id == "processing" }!.estimate
        // Recent: (20 * 0.25 + 20) / (20 + 20) = 0.625. Eight weeks old: weight 1/16.
        #expect(abs(pRecent - 0.625) < 1e-9)
        #expect(abs(pOld - (20 * 0.25 + 1.25) / 21.25) < 1e-9)
        #expect(recent.areas.first { $0.id == "safety-compliance" }!.estimate == 0.25)
    }

    @Test("unanswered mock items are no evidence: only answered ones blend in")
    func unansweredNoEvidence() {
        let items = Self.items(perArea: 40) { _, _ in Self.studied(stability: 100_000) }
        let base = readiness(items)
        // Time ran out with 2 of 20 processing items answered (both right): 18 unanswered items
        // say nothing; the 2 answers count like any two.
        let expired = readiness(items, mocks: [MockAreaResult(area: "processing", date: Self.now, correct: 2, total: 20, answered: 2)])
        let processing = expired.areas.first { $0.id == "processing" }!
        let memory = base.areas.first { $0.id == "processing" }!.estimate
        #expect(abs(processing.estimate - (20 * memory + 2) / 22) < 1e-9)
        // Nothing answered: exactly the memory estimate.
        let none = readiness(items, mocks: [MockAreaResult(area: "processing", date: Self.now, correct: 0, total: 20, answered: 0)])
        #expect(none.areas.first { $0.id == "processing" }!.estimate == memory)
        #expect(abs(none.expectedPercent - base.expectedPercent) < 1e-12)
    }

    @Test("readiness and the predicted score never fall below guessing, whatever the mocks and first tries")
    func neverBelowGuessing() {
        // Every first try wrong, and several mocks answered all wrong in every area.
        let items = Self.items(perArea: 40, card: { _, _ in nil }) { _, i in i < 30 ? false : nil }
        let mocks = Self.track.leafAreas.flatMap { area in
            (0..<5).map { k in MockAreaResult(area: area.id, date: Self.now - Double(k) * 86_400, correct: 0, total: area.scoredItems,
                                              answered: area.scoredItems) }
        }
        let r = readiness(items, mocks: mocks)
        #expect(r.areas.allSatisfy { $0.memoryEstimate >= 0.25 && $0.estimate >= 0.25 })
        #expect(r.expectedPercent >= 0.25 - 1e-12)
        #expect(r.scaledEstimate >= ScaledScore.estimate(percent: 0.25, scale: Self.track.scale))
    }

    @Test("the best hour goes to the heavy, weak area")
    func bestAreas() {
        let items = Self.items(perArea: 40) { area, _ in
            area == "routine-collections" || area == "special-collections" ? nil : Self.studied(stability: 1_000)
        }
        let r = readiness(items)
        #expect(r.bestAreasToStudy.map(\.id) == ["routine-collections", "special-collections"])
        let routine = r.areas.first { $0.id == "routine-collections" }!
        // 40 items each gaining (0.9 + 0.1 * 0.25) - 0.25 = 0.675, worth 28/40 points each.
        #expect(abs(routine.pointsPerHour - 40 * 0.675 * 28 / 40) < 1e-9)
    }

    @Test("pass probability grows with the expected score and is never certain in the middle")
    func passProbabilityMonotone() {
        var last = -1.0
        for s in [0.5, 2, 5, 10, 20, 40, 80] as [Double] {
            let p = readiness(Self.items(perArea: 30) { _, _ in Self.studied(stability: s) }).passProbability
            #expect(p >= last)
            last = p
        }
        #expect(Readiness.normalCDF(0) == 0.5)
        #expect(abs(Readiness.normalCDF(1.96) - 0.975) < 1e-3)
    }
}

extension Double {
    func power(_ n: Double) -> Double { Glibc.pow(self, n) }
}

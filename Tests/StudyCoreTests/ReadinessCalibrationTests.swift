#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import StudyCore

/// "How to know it works" (docs/readiness.md): simulated FSRS learners with known prior
/// knowledge study on a schedule; the prediction on exam day is compared with the same
/// learners sitting blueprint-exact exams that day. Small and seeded.
@Suite("Readiness calibration")
struct ReadinessCalibrationTests {
    static let track = ReadinessTests.track
    /// 60 items per leaf area of the CPT blueprint.
    static let items: [(id: String, area: String)] = track.leafAreas.flatMap { a in (0..<60).map { ("\(a.id)-\($0)", a.id) } }

    struct Outcome { var predicted: Double; var simulated: Double; var passChance: Double; var passRate: Double }

    /// How long and how hard a simulated learner studies: days of study and new items a day
    /// are drawn from these ranges.
    struct Effort { var days: ClosedRange<Int>; var newPerDay: ClosedRange<Int> }
    /// The CPT calibration: 8-37 days at 5-29 new items a day on a 300-item bank.
    static let shortEffort = Effort(days: 8...37, newPerDay: 5...29)

    static func learner(_ n: Int) -> Outcome { learner(n, track: track, items: items, effort: shortEffort) }

    static func learner(_ n: Int, track: Track, items: [(id: String, area: String)], effort: Effort) -> Outcome {
        let scheduler = try! FSRSScheduler(SchedulerConfiguration(fuzzEnabled: false))
        var seedDraw = SplitMix64(seed: 1000 + UInt64(n))
        func u() -> Double { Double(seedDraw.next() >> 11) / Double(1 << 53) }
        let prior = Dictionary(uniqueKeysWithValues: track.leafAreas.map { ($0.id, 0.25 + 0.45 * u()) })
        var sim = LearnerSimulation(track: track, items: items, prior: prior, scheduler: scheduler, seed: UInt64(n))
        let first = CalendarDay("2027-01-04")!
        let days = effort.days.lowerBound + Int(u() * Double(effort.days.count))
        let newPerDay = effort.newPerDay.lowerBound + Int(u() * Double(effort.newPerDay.count))
        sim.study(from: first, days: days, dailyNewLimit: newPerDay, skipChance: 0.15)
        let examDay = first.adding(days: days + 2 + Int(u() * 25))
        let now = Date(timeIntervalSince1970: Double(first.adding(days: days).daysSinceEpoch) * 86_400 + 43_200)
        let settings = ProfileSettings(track: track.id, examDate: examDay, dayStartHour: 4)
        let report = ProgressReport(profile: "sim", track: track, items: items, states: sim.states, daily: sim.daily, mocks: [],
                                    settings: settings, scheduler: scheduler, day: StudyDay(startHour: 4, utcOffsetSeconds: 0), now: now)
        // The exam at 09:00 UTC on the exam day, as the report assumes.
        let examInstant = Date(timeIntervalSince1970: Double(examDay.daysSinceEpoch) * 86_400 + 9 * 3600)
        let sittings = 40
        var sum = 0.0, passes = 0
        for s in 0..<sittings {
            let result = sim.sitExam(at: examInstant, id: "exam-\(s)")
            sum += result.percent
            if result.scaledEstimate >= track.scale.pass { passes += 1 }
        }
        return Outcome(predicted: report.readiness.expectedPercent, simulated: sum / Double(sittings),
                       passChance: report.readiness.passProbability, passRate: Double(passes) / Double(sittings))
    }

    @Test("over 40 simulated learners the predicted score matches the simulated exam within 3 points, and pass chances are calibrated")
    func calibration() {
        Self.expectCalibrated((0..<40).map(Self.learner))
    }

    /// The CCMA track with its whole shipped bank (questions and cards of all seven domains
    /// and six Clinical Patient Care subareas): the same model must hold there.
    @Test("a CCMA learner on the full CCMA bank: predictions match simulated CCMA exams and pass chances are calibrated")
    func ccmaCalibration() throws {
        let bank = ContentLoader.load(from: Repo.data).bank
        let ccma = try #require(bank.track("ccma"))
        let items = ProgressSource.items(of: ccma, in: bank)
        // Every leaf area of the CCMA plan has items to learn and to sit.
        let areas = Set(items.map(\.area))
        #expect(ccma.leafAreas.allSatisfy { areas.contains($0.id) })
        // The CCMA bank is about seven times the CPT test bank: these learners study longer
        // and introduce more a day, from a few weeks to a whole term.
        let effort = Effort(days: 20...119, newPerDay: 10...59)
        Self.expectCalibrated((0..<40).map { Self.learner($0, track: ccma, items: items, effort: effort) })
    }

    static func expectCalibrated(_ outcomes: [Outcome]) {
        let meanPredicted = outcomes.map(\.predicted).reduce(0, +) / Double(outcomes.count)
        let meanSimulated = outcomes.map(\.simulated).reduce(0, +) / Double(outcomes.count)
        #expect(abs(meanPredicted - meanSimulated) < 0.03, "predicted \(meanPredicted), simulated \(meanSimulated)")
        // Each learner's prediction is close to their own result (the prior of unstudied items
        // starts at a guess and learns the learner's level from first tries, so a learner who
        // knows much before studying is underestimated at first).
        let gaps = outcomes.map { abs($0.predicted - $0.simulated) }
        let meanGap = gaps.reduce(0, +) / Double(gaps.count), worst = gaps.max()!
        #expect(meanGap < 0.04, "mean gap \(meanGap)")
        #expect(worst < 0.15, "largest gap \(worst)")
        // The learners span failing and passing, so the pass chance is tested at both ends.
        #expect(outcomes.contains { $0.passChance < 0.2 } && outcomes.contains { $0.passChance > 0.8 })
        // Expected passes match observed passes.
        let meanChance = outcomes.map(\.passChance).reduce(0, +) / Double(outcomes.count)
        let meanRate = outcomes.map(\.passRate).reduce(0, +) / Double(outcomes.count)
        #expect(abs(meanChance - meanRate) < 0.08, "pass chance \(meanChance), pass rate \(meanRate)")
        // Ranking: learners given better odds pass more often.
        let likely = outcomes.filter { $0.passChance >= 0.5 }, unlikely = outcomes.filter { $0.passChance < 0.5 }
        let rate = { (o: [Outcome]) in o.map(\.passRate).reduce(0, +) / Double(max(o.count, 1)) }
        #expect(rate(likely) > rate(unlikely) + 0.4)
    }
}

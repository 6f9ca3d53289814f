import Foundation
import Testing
@testable import StudyCore

/// A bank of `perArea(area)` synthetic single items in every leaf area of a track.
func syntheticQuestions(_ track: Track, perArea: (Domain) -> Int) -> [Question] {
    track.leafAreas.flatMap { area in
        (0..<perArea(area)).map { i in
            Question(id: "\(track.id)-\(area.id)-\(String(1000 + i))", kind: .single, domains: [track.id: area.id],
                     stem: "Stem \(area.id) \(i)", choices: ["a", "b", "c", "d"], answer: i % 4,
                     explanation: "Explanation long enough.", rationales: ["r", "r", "r", "r"], difficulty: 2, facts: ["F1"])
        }
    }
}

@Suite("Mock exam forms")
struct ExamFormTests {
    static let bank = ContentLoader.load(from: Repo.data).bank
    static var cpt: Track { bank.track("cpt")! }
    static var ccma: Track { bank.track("ccma")! }

    @Test("full plans copy the blueprint: CPT 100 + 20 pretest, CCMA 150 + 30")
    func fullPlans() {
        let cpt = ExamPlan.full(Self.cpt)
        #expect(cpt.scored.map(\.count) == [26, 20, 28, 12, 14])
        #expect(cpt.pretestItems == 20 && cpt.scoredItems == 100 && cpt.minutes == 120 && cpt.totalItems == 120)
        let ccma = ExamPlan.full(Self.ccma)
        #expect(ccma.scored.map(\.area) == ["foundational-knowledge", "anatomy-physiology", "intake-vitals", "general-patient-care",
                                            "infection-control", "point-of-care-testing", "phlebotomy", "ekg", "care-coordination",
                                            "administrative", "communication", "law-ethics"])
        #expect(ccma.scored.map(\.count) == [15, 8, 14, 28, 15, 9, 12, 6, 12, 12, 12, 7])
        #expect(ccma.pretestItems == 30 && ccma.scoredItems == 150 && ccma.minutes == 180)
    }

    @Test("short plans keep proportions: N items, N minutes, N/6 pretest", arguments: [10, 30, 45, 60, 119])
    func shortPlans(items: Int) {
        for track in [Self.cpt, Self.ccma] {
            let plan = ExamPlan.short(track, items: items)
            #expect(plan.totalItems == items && plan.minutes == items)
            #expect(plan.pretestItems == items / 6)
            #expect(plan.scoredItems + plan.pretestItems == items)
            // Each area within one item of its exact proportional share.
            let total = Double(track.scoredItems)
            for (count, area) in zip(plan.scored, track.leafAreas) {
                let exact = Double(items - items / 6) * Double(area.scoredItems) / total
                #expect(abs(Double(count.count) - exact) < 1, "\(area.id): \(count.count) vs \(exact)")
            }
        }
    }

    @Test("every form matches the blueprint counts exactly, over many seeds")
    func formCountsProperty() throws {
        for track in [Self.cpt, Self.ccma] {
            let questions = syntheticQuestions(track) { $0.scoredItems * 3 + 2 }
            let pools = ExamFormBuilder.pools(questions, track: track)
            let byID = Dictionary(uniqueKeysWithValues: questions.map { ($0.id, $0) })
            for seed in 0..<60 {
                let plan = seed % 3 == 0 ? ExamPlan.short(track, items: 20 + seed) : ExamPlan.full(track)
                var rng = SeededRandom(seed: UInt64(seed))
                let seen = Set(questions.filter { _ in rng.nextUnit() < 0.3 }.map(\.id))
                let form = seed % 2 == 0
                    ? try ExamFormBuilder.randomForm(plan: plan, pools: pools, seenInMocks: seen, using: &rng)
                    : try ExamFormBuilder.fixedForm(seed % 5 + 1, plan: plan, pools: pools)
                #expect(form.items.count == plan.totalItems)
                #expect(Set(form.items.map(\.questionID)).count == form.items.count, "no item twice on a form")
                for (scored, pretest) in zip(plan.scored, plan.pretest) {
                    let inArea = form.items.filter { $0.area == scored.area }
                    #expect(inArea.filter { !$0.pretest }.count == scored.count)
                    #expect(inArea.filter { $0.pretest }.count == pretest.count)
                    #expect(inArea.allSatisfy { byID[$0.questionID]?.domains[track.id] == scored.area })
                }
            }
        }
    }

    @Test("pretest items are spread through the form, not bunched by area")
    func pretestMixed() throws {
        let track = Self.cpt
        let questions = syntheticQuestions(track) { $0.scoredItems * 2 }
        let form = try ExamFormBuilder.fixedForm(1, plan: .full(track), pools: ExamFormBuilder.pools(questions, track: track))
        let positions = form.items.enumerated().filter { $0.element.pretest }.map(\.offset)
        #expect(positions.count == 20)
        #expect(positions.first! < 40 && positions.last! > 80, "\(positions)")
        #expect(Set(form.items.prefix(30).map(\.area)).count >= 4, "areas are interleaved")
    }

    @Test("fixed forms are the same on every run and disjoint while the bank allows")
    func fixedFormsStable() throws {
        let track = Self.cpt
        let questions = syntheticQuestions(track) { $0.scoredItems * 3 + 3 }
        let pools = ExamFormBuilder.pools(questions, track: track)
        let plan = ExamPlan.full(track)
        #expect(ExamFormBuilder.fixedFormCount(plan, pools: pools) == 2)
        let a = try ExamFormBuilder.fixedForm(1, plan: plan, pools: pools)
        let b = try ExamFormBuilder.fixedForm(1, plan: plan, pools: ExamFormBuilder.pools(questions.reversed(), track: track))
        #expect(a == b, "bank order does not matter")
        let two = try ExamFormBuilder.fixedForm(2, plan: plan, pools: pools)
        #expect(Set(a.items.map(\.questionID)).isDisjoint(with: two.items.map(\.questionID)))
        #expect(a.name == "Form 1" && two.name == "Form 2")
        // Pinned: a change here means every user's "Form 1" changed.
        #expect(a.items.prefix(3).map(\.questionID) == ExamFormTests.pinnedForm1Prefix, "\(a.items.prefix(3).map(\.questionID))")
    }

    static let pinnedForm1Prefix = ["cpt-routine-collections-1079", "cpt-routine-collections-1037", "cpt-safety-compliance-1037"]

    @Test("a bank too small for a form says what each domain lacks")
    func shortage() {
        let track = Self.cpt
        let questions = syntheticQuestions(track) { $0.id == "processing" ? 10 : 100 }
        let pools = ExamFormBuilder.pools(questions, track: track)
        #expect(throws: ExamShortage.self) { try ExamFormBuilder.fixedForm(1, plan: .full(track), pools: pools) }
        do {
            _ = try ExamFormBuilder.fixedForm(1, plan: .full(track), pools: pools)
        } catch {
            #expect(error.description.contains("processing lacks 7 (has 10, needs 17)"), "\(error)")
            #expect(error.areas.count == 1)
        }
        #expect(ExamFormBuilder.fixedFormCount(.full(track), pools: pools) == 0)
    }

    @Test("random forms prefer items not yet seen in a mock")
    func randomPrefersUnseen() throws {
        let track = Self.cpt
        // Room for two disjoint forms: each area holds at least twice what a form needs.
        let questions = syntheticQuestions(track) { $0.scoredItems * 3 }
        let pools = ExamFormBuilder.pools(questions, track: track)
        var rng = SeededRandom(seed: 7)
        let first = try ExamFormBuilder.randomForm(plan: .full(track), pools: pools, seenInMocks: [], using: &rng)
        let second = try ExamFormBuilder.randomForm(plan: .full(track), pools: pools, seenInMocks: Set(first.items.map(\.questionID)), using: &rng)
        #expect(Set(first.items.map(\.questionID)).isDisjoint(with: second.items.map(\.questionID)))
    }
}

@Suite("Mock exam timer and answers")
struct ExamAttemptTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func attempt(_ mode: ExamAttempt.Mode, items: Int = 10, minutes: Int = 10) -> ExamAttempt {
        let form = ExamForm(trackID: "cpt", name: "Form 1", minutes: minutes,
                            items: (0..<items).map { ExamForm.Item(questionID: "q\($0)", area: "safety-compliance", pretest: $0 == 0) })
        return ExamAttempt(id: "a1", form: form, mode: mode, startedAt: Self.t0)
    }

    @Test("the countdown runs on monotonic time and warns at 10 and 1 minutes")
    func countdown() {
        var a = attempt(.exam, minutes: 20)
        #expect(ExamClockText.countdown(a.remaining) == "20:00")
        a.advance(by: 61.5, now: Self.t0 + 61.5)
        #expect(ExamClockText.countdown(a.remaining) == "18:59")
        #expect(a.urgency == .normal)
        a.advance(by: 9 * 60, now: Self.t0 + 600)
        #expect(a.urgency == .warning)
        a.advance(by: 9 * 60, now: Self.t0 + 1200)
        #expect(a.urgency == .critical)
        #expect(ExamClockText.countdown(7265) == "2:01:05")
    }

    @Test("exam conditions cannot pause and submit automatically at 0:00")
    func examExpiry() {
        var a = attempt(.exam, minutes: 1)
        a.setPaused(true, now: Self.t0)
        #expect(!a.paused)
        a.answer(2, now: Self.t0)
        a.advance(by: 59, now: Self.t0 + 59)
        #expect(!a.isSubmitted)
        a.advance(by: 5, now: Self.t0 + 64)
        #expect(a.isSubmitted && a.autoSubmitted)
        #expect(a.elapsed == 60)
        a.answer(1, now: Self.t0 + 65)
        #expect(a.answers[0] == 2, "no changes after submit")
    }

    @Test("practice pauses; paused time does not count")
    func practicePause() {
        var a = attempt(.practice)
        a.advance(by: 30, now: Self.t0 + 30)
        a.setPaused(true, now: Self.t0 + 30)
        a.advance(by: 300, now: Self.t0 + 330)
        a.setPaused(false, now: Self.t0 + 330)
        a.advance(by: 10, now: Self.t0 + 340)
        #expect(a.elapsed == 40)
        a.advance(by: 10_000, now: Self.t0 + 10_340)
        #expect(!a.isSubmitted, "practice runs over time instead of auto-submitting")
    }

    @Test("after a kill, exam conditions count the time away; practice does not")
    func resumeAfterKill() {
        var exam = attempt(.exam, minutes: 10)
        exam.go(to: 4, now: Self.t0 + 100)
        exam.advance(by: 100, now: Self.t0 + 100)
        // Saved, then killed; reopened 3 minutes of wall time later.
        var reopened = exam
        reopened.resume(at: Self.t0 + 280)
        #expect(reopened.elapsed == 280)
        #expect(reopened.current == 4)
        var late = exam
        late.resume(at: Self.t0 + 3_600)
        #expect(late.isSubmitted && late.autoSubmitted && late.elapsed == 600)

        var practice = attempt(.practice)
        practice.advance(by: 100, now: Self.t0 + 100)
        practice.resume(at: Self.t0 + 3_600)
        #expect(practice.elapsed == 100 && !practice.isSubmitted)
        // A clock set backwards never adds negative time.
        var back = exam
        back.resume(at: Self.t0 - 5_000)
        #expect(back.elapsed == 100)
    }

    @Test("answers change freely, flags toggle, navigation is clamped")
    func answersFlagsNavigation() {
        var a = attempt(.exam)
        a.answer(1, now: Self.t0)
        a.answer(3, now: Self.t0)
        a.toggleFlag(now: Self.t0)
        a.next(now: Self.t0)
        a.toggleFlag(now: Self.t0)
        a.toggleFlag(now: Self.t0)
        a.go(to: 99, now: Self.t0)
        #expect(a.current == 9)
        a.previous(now: Self.t0)
        #expect(a.current == 8)
        a.go(to: -3, now: Self.t0)
        #expect(a.current == 0)
        #expect(a.answers[0] == 3 && a.answeredCount == 1 && a.unansweredCount == 9)
        #expect(a.flags == [true] + Array(repeating: false, count: 9))
    }

    @Test("pace compares time used with one item's share per answered item")
    func pace() {
        var a = attempt(.exam, items: 120, minutes: 120)
        #expect(a.paceText == "on pace")
        a.advance(by: 310, now: Self.t0 + 310)
        a.answer(0, now: Self.t0 + 310)
        #expect(a.paceText == "4:10 behind")
        for i in 1..<10 { a.go(to: i, now: Self.t0); a.answer(0, now: Self.t0) }
        #expect(a.paceText == "4:50 ahead")
    }

    @Test("practice: once the key is shown (an answer with feedback on, or feedback turned on over an answer) the answer is locked")
    func feedbackLocks() {
        var a = attempt(.practice)
        a.answer(2, now: Self.t0)
        a.answer(1, now: Self.t0)
        #expect(a.answers[0] == 1 && !a.isLocked(0), "without feedback, answers change freely")
        a.toggleFeedback(now: Self.t0)
        #expect(a.isLocked(0))
        a.answer(3, now: Self.t0); a.clearAnswer(now: Self.t0)
        #expect(a.answers[0] == 1)
        a.toggleFeedback(now: Self.t0)
        a.answer(3, now: Self.t0)
        #expect(a.answers[0] == 1, "hiding the feedback again does not unlock a key already seen")
        a.next(now: Self.t0)
        a.toggleFeedback(now: Self.t0)
        a.answer(0, now: Self.t0)
        a.answer(2, now: Self.t0)
        #expect(a.answers[1] == 0 && a.isLocked(1))
        var exam = attempt(.exam)
        exam.toggleFeedback(now: Self.t0)
        #expect(!exam.showFeedback, "no feedback in Exam conditions")
    }

    @Test("an attempt saved before answerTime, revealed, abandonedAt and lastAnsweredAt were kept still opens")
    func olderAttemptFile() throws {
        var a = attempt(.exam)
        a.advance(by: 30, now: Self.t0 + 30)
        a.answer(2, now: Self.t0 + 30)
        a.next(now: Self.t0 + 30)
        a.advance(by: 50, now: Self.t0 + 80)
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(a)) as? [String: Any])
        for key in ["answerTime", "revealed", "abandonedAt", "lastAnsweredAt"] { object[key] = nil }
        let old = try JSONDecoder().decode(ExamAttempt.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.answerTime[0] == 30 && old.answerTime[1] == 0, "an answered item's time is its time on the item")
        #expect(old.revealed.allSatisfy { !$0 } && !old.isAbandoned && old.isInProgress)
    }

    @Test("the attempt survives a JSON round trip unchanged")
    func codable() throws {
        var a = attempt(.practice)
        a.answer(2, now: Self.t0 + 1)
        a.toggleFlag(now: Self.t0 + 1)
        a.advance(by: 12.25, now: Self.t0 + 13)
        let data = try JSONEncoder().encode(a)
        #expect(try JSONDecoder().decode(ExamAttempt.self, from: data) == a)
    }
}

@Suite("Mock exam scoring")
struct ExamScoringTests {
    @Test("the scaled estimate maps 0%, 75% and 100% to 200, 390 and 500, linearly between")
    func scaledMapping() {
        let scale = ScoreScale(min: 200, max: 500, pass: 390)
        #expect(ScaledScore.estimate(percent: 0, scale: scale) == 200)
        #expect(ScaledScore.estimate(percent: 0.75, scale: scale) == 390)
        #expect(ScaledScore.estimate(percent: 1, scale: scale) == 500)
        #expect(ScaledScore.estimate(percent: 0.5, scale: scale) == 327)
        #expect(ScaledScore.estimate(percent: 0.74, scale: scale) < 390)
        #expect(ScaledScore.estimate(percent: 0.875, scale: scale) == 445)
        #expect(ScaledScore.estimate(percent: 1.5, scale: scale) == 500)
    }

    @Test("the report scores only scored items, by domain and subdomain, with time per domain")
    func report() throws {
        let bank = ContentLoader.load(from: Repo.data).bank
        let track = try #require(bank.track("ccma"))
        let items: [(String, String, Bool)] = [
            ("q1", "intake-vitals", false), ("q2", "intake-vitals", false), ("q3", "ekg", false),
            ("q4", "law-ethics", false), ("q5", "law-ethics", true),
        ]
        let questions = Dictionary(uniqueKeysWithValues: items.map { id, area, _ in
            (id, Question(id: id, kind: .single, domains: ["ccma": area], stem: id, choices: ["a", "b", "c", "d"], answer: 1,
                          explanation: "e", rationales: [], difficulty: 1))
        })
        let form = ExamForm(trackID: "ccma", name: "Form 1", minutes: 5, items: items.map { ExamForm.Item(questionID: $0.0, area: $0.1, pretest: $0.2) })
        var a = ExamAttempt(id: "x", form: form, mode: .exam, startedAt: Date(timeIntervalSince1970: 0))
        let answers = [1, 0, 1, nil, 1]
        for (i, choice) in answers.enumerated() {
            a.go(to: i, now: Date(timeIntervalSince1970: 0))
            a.advance(by: Double(10 * (i + 1)), now: Date(timeIntervalSince1970: 0))
            if let choice { a.answer(choice, now: Date(timeIntervalSince1970: 0)) }
        }
        a.submit(at: Date(timeIntervalSince1970: 200))
        let r = ExamReport(attempt: a, track: track) { questions[$0] }
        #expect(r.scoredCorrect == 2 && r.scoredTotal == 4)
        #expect(r.pretestCorrect == 1 && r.pretestTotal == 1)
        #expect(r.unanswered == 1)
        #expect(r.percent == 0.5 && r.scaledEstimate == 327 && !r.passed)
        let clinical = try #require(r.areas.first { $0.id == "clinical-patient-care" })
        #expect(clinical.correct == 2 && clinical.total == 3 && !clinical.isSubdomain)
        let vitals = try #require(r.areas.first { $0.id == "intake-vitals" })
        #expect(vitals.correct == 1 && vitals.total == 2 && vitals.isSubdomain && vitals.seconds == 30)
        let law = try #require(r.areas.first { $0.id == "law-ethics" })
        // Law and Ethics' one scored item was left unanswered: its 40 s are no answer's time.
        #expect(law.total == 1 && law.correct == 0 && law.answered == 0 && law.seconds == 0 && law.secondsPerAnsweredItem == nil)
        #expect(r.slowestDomain?.id == "clinical-patient-care")
        #expect(r.slowestText == "slowest area: Clinical Patient Care, 20 s per answered item")
        // 4 items answered (the pretest one too) in 10 + 20 + 30 + 50 s; the clock ran 150 s.
        #expect(r.timeUsed == 150 && r.answeredItems == 4 && r.secondsPerAnsweredItem == 27.5)
    }

    @Test("report time: idle time after the last answer is charged to no item, on an answered or an unanswered item")
    func reportIdleTime() throws {
        let bank = ContentLoader.load(from: Repo.data).bank
        let track = try #require(bank.track("ccma"))
        let questions = Dictionary(uniqueKeysWithValues: ["q1", "q2", "q3"].map { id in
            (id, Question(id: id, kind: .single, domains: ["ccma": "law-ethics"], stem: id, choices: ["a", "b", "c", "d"], answer: 1,
                          explanation: "e", rationales: [], difficulty: 1))
        })
        let form = ExamForm(trackID: "ccma", name: "Form 1", minutes: 60,
                            items: ["q1", "q2", "q3"].map { ExamForm.Item(questionID: $0, area: "law-ethics", pretest: false) })
        let t0 = Date(timeIntervalSince1970: 0)
        // Answered item 1 in 40 s, then sat on it for 20 minutes; answered item 2 in 80 s, then
        // moved to item 3 and left it open until time ran out.
        var a = ExamAttempt(id: "x", form: form, mode: .exam, startedAt: t0)
        a.advance(by: 40, now: t0); a.answer(1, now: t0)
        a.advance(by: 1200, now: t0)
        a.next(now: t0); a.advance(by: 80, now: t0); a.answer(0, now: t0)
        a.next(now: t0); a.advance(by: 3600, now: t0)
        #expect(a.isSubmitted && a.autoSubmitted)
        let r = ExamReport(attempt: a, track: track) { questions[$0] }
        #expect(r.timeUsed == 3600)
        #expect(r.answeredItems == 2 && r.secondsPerAnsweredItem == 60)
        let law = try #require(r.areas.first { $0.id == "law-ethics" })
        #expect(law.answered == 2 && law.total == 3 && law.secondsPerAnsweredItem == 60)
        #expect(r.slowestText == "slowest area: Medical Law and Ethics, 60 s per answered item"
                || r.slowestText == "slowest area: \(law.name), 60 s per answered item")
        // Changing an answer later charges the item the time up to the new answer.
        a = ExamAttempt(id: "y", form: form, mode: .exam, startedAt: t0)
        a.advance(by: 30, now: t0); a.answer(1, now: t0)
        a.next(now: t0); a.advance(by: 10, now: t0)
        a.previous(now: t0); a.advance(by: 15, now: t0); a.answer(2, now: t0)
        a.advance(by: 500, now: t0)
        #expect(a.answerTime[0] == 45 && a.timeOnItem[0] == 545)
    }
}

import Foundation
import Testing
import StudyCore

/// `statdeck stats` on a profile filled through the store: the text report and the JSON schema
/// of docs/stats-json.md.
@Suite("statdeck stats")
struct StatsCommandTests {
    static let now = "2026-12-01T15:00:00Z"

    /// A profile "alice" studying CPT for a week, with one submitted mock exam.
    static func makeProfile() throws -> String {
        let root = try UsersCLI.temporaryDirectory()
        let data = DataDirectory(path: root)
        let bank = ContentLoader.load(from: CLIRunner.root + "/Data").bank
        let questions = bank.questions(for: "cpt")
        try ProfileLibrary(data: data).add("alice", settings: ProfileSettings(track: "cpt", examDate: CalendarDay("2026-12-21")))
        let store = try ProgressStore.open(profile: "alice", in: data)
        let start = ISO8601Timestamp.parse("2026-11-24T14:00:00Z")!
        let scheduler = try FSRSScheduler(SchedulerConfiguration(fuzzEnabled: false))
        var rng = SplitMix64(seed: 1)
        for n in 0..<70 {
            let q = questions[n % 40]
            let at = start.addingTimeInterval(Double(n / 10) * 86_400 + Double(n % 10) * 60)
            let before = store.state(of: q.id)?.card ?? .new(at: at)
            let rating: Rating = n % 4 == 0 ? .again : .good
            let card = scheduler.review(before, rating: rating, at: at, random: &rng).card
            _ = try store.record(ReviewRecord(itemID: q.id, domain: q.domains["cpt"], rating: rating, reviewedAt: at,
                                              day: CalendarDay(containing: at, utcOffsetSeconds: 0, dayStartHour: 4),
                                              durationMs: 12_000, correct: rating != .again, answer: 0, source: .study,
                                              after: ItemState(card: card)))
        }
        let started = start.addingTimeInterval(5 * 86_400)
        let form = ExamForm(trackID: "cpt", name: "Form 1", minutes: 20, items: questions.prefix(20).map {
            ExamForm.Item(questionID: $0.id, area: $0.domains["cpt"]!, pretest: false)
        })
        var attempt = ExamAttempt(id: store.newAttemptID(startedAt: started), form: form, mode: .exam, startedAt: started)
        for (i, q) in questions.prefix(20).enumerated() {
            attempt.go(to: i, now: started)
            attempt.answer(i < 15 ? q.answer : (q.answer + 1) % q.choices.count, now: started)
        }
        attempt.submit(at: started.addingTimeInterval(1200))
        try store.saveAttempt(attempt)
        try store.close()
        return root
    }

    @Test("stats prints the readable report for the only profile")
    func text() throws {
        let root = try Self.makeProfile()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try UsersCLI.run(["stats", "--data-dir", root, "--now", Self.now], environment: ["TZ": "UTC"])
        #expect(r.status == 0, "\(r)")
        #expect(r.out.hasPrefix("alice · CPT · exam 2026-12-21 · 20 days · 2026-12-01\nPredicted "), "\(r)")
        #expect(r.out.contains("Reviews: 70 in all · streak 7 · best 7"), "\(r)")
        #expect(r.out.contains("Mock exams: 390 (390 to pass)"), "\(r)")
        #expect(r.out.contains("Study plan: "), "\(r)")
    }

    @Test("stats --json follows docs/stats-json.md: every documented field, with its type")
    func jsonSchema() throws {
        let root = try Self.makeProfile()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try UsersCLI.run(["stats", "--json", "--user", "ALICE", "--data-dir", root, "--now", Self.now], environment: ["TZ": "UTC"])
        #expect(r.status == 0, "\(r)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let schema = try String(contentsOfFile: CLIRunner.root + "/docs/stats-json.md", encoding: .utf8)

        func value(_ path: String, in object: Any? = nil) -> Any? {
            var current: Any? = object ?? doc
            for part in path.split(separator: ".") { current = (current as? [String: Any])?[String(part)] }
            return current
        }
        func isNumber(_ v: Any?) -> Bool { (v as? Double)?.isFinite == true }
        func isShare(_ v: Any?) -> Bool { (v as? Double).map { $0 >= 0 && $0 <= 1 } ?? false }
        func isDate(_ v: Any?) -> Bool { (v as? String).map { CalendarDay($0) != nil } ?? false }

        let expected: [(String, (Any?) -> Bool)] = [
            ("schemaVersion", { ($0 as? Int) == 1 }), ("profile", { ($0 as? String) == "alice" }), ("track", { ($0 as? String) == "cpt" }),
            ("generatedAt", { ($0 as? String) == "2026-12-01T15:00:00.000Z" || ($0 as? String)?.hasPrefix("2026-12-01T15:00:0") == true }),
            ("today", { ($0 as? String) == "2026-12-01" }), ("examDate", { ($0 as? String) == "2026-12-21" }), ("daysToExam", { ($0 as? Int) == 20 }),
            ("readiness.predictedPercent", isShare), ("readiness.expectedRaw", isNumber), ("readiness.scoredItems", { ($0 as? Int) == 100 }),
            ("readiness.standardDeviation", isNumber), ("readiness.scaledEstimate", { ($0 as? Int).map { (200...500).contains($0) } ?? false }),
            ("readiness.passScore", { ($0 as? Int) == 390 }), ("readiness.passProbability", isShare),
            ("readiness.bestToStudy", { ($0 as? [String]).map { $0.count == 2 } ?? false }),
            ("coverage.bankItems", { ($0 as? Int).map { $0 > 1000 } ?? false }), ("coverage.seen", isShare), ("coverage.durable", isShare),
            ("activity.totalReviews", { ($0 as? Int) == 70 }), ("activity.currentStreak", { ($0 as? Int) == 7 }),
            ("activity.longestStreak", { ($0 as? Int) == 7 }), ("activity.days", { ($0 as? [[String: Any]])?.last?["date"] as? String == "2026-12-01" }),
            ("forecast.dueToday", { $0 is Int }), ("forecast.expectedDailyLoad", isNumber),
            ("forecast.days", { ($0 as? [[String: Any]])?.count == 30 }),
            ("mocks", { ($0 as? [[String: Any]])?.count == 1 }),
            ("answers.last7", { $0 is [String: Any] }), ("answers.last30", { $0 is [String: Any] }),
            ("answers.trueRetention", { $0 is NSNull || isShare($0) }), ("answers.matureReviews", { $0 is Int }),
            ("answers.desiredRetention", { ($0 as? Double) == 0.9 }),
            ("plan.dailyNewLimit", { ($0 as? Int) == 20 }), ("plan.targetDate", { ($0 as? String) == "2026-12-14" }),
            ("plan.daysLeft", { ($0 as? Int) == 14 }), ("plan.unseenItems", { $0 is Int }), ("plan.neededPerDay", { $0 is Int }),
            ("plan.onTrack", { $0 is Bool }),
        ]
        for (path, check) in expected {
            #expect(check(value(path)), "\(path) is \(String(describing: value(path)))")
            #expect(schema.contains("`\(path)"), "docs/stats-json.md does not document \(path)")
        }
        let domains = try #require(doc["domains"] as? [[String: Any]])
        #expect(domains.map { $0["id"] as? String } == ["safety-compliance", "patient-preparation", "routine-collections", "special-collections", "processing"])
        for d in domains {
            for key in ["id", "name", "weight", "predicted", "bankItems", "studiedItems", "pointsPerHour", "areas"] {
                #expect(d[key] != nil, "domains[].\(key) missing")
            }
            let areas = try #require(d["areas"] as? [[String: Any]])
            for key in ["id", "name", "weight", "memoryEstimate", "predicted", "bankItems", "studiedItems", "pointsPerHour"] {
                #expect(areas.first?[key] != nil, "domains[].areas[].\(key) missing")
                #expect(schema.contains("`\(key)`") || schema.contains(".\(key)"), "docs/stats-json.md does not document \(key)")
            }
        }
        let mock = try #require((doc["mocks"] as? [[String: Any]])?.first)
        #expect(mock["correct"] as? Int == 15 && mock["total"] as? Int == 20 && mock["scaledEstimate"] as? Int == 390)
        #expect(mock["passed"] as? Bool == true)  // 75% is the assumed cut
        let last30 = try #require(value("answers.last30") as? [String: Any])
        #expect(last30["reviews"] as? Int == 70)
        #expect(last30["averageSeconds"] as? Double == 12)
        #expect((last30["domains"] as? [[String: Any]])?.count == 5)
    }

    @Test("a profile with no exam chosen needs --track; a bad --track is a usage error")
    func noTrack() throws {
        let root = try UsersCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try UsersCLI.run(["users", "add", "bob", "--data-dir", root])
        var r = try UsersCLI.run(["stats", "--data-dir", root])
        #expect(r.status == 1 && r.err.contains("profile bob has no exam chosen yet; pass --track cpt or --track ccma"), "\(r)")
        r = try UsersCLI.run(["stats", "--data-dir", root, "--track", "rma"])
        #expect(r.status == 64 && r.err.contains("--track must be cpt or ccma"), "\(r)")
        r = try UsersCLI.run(["stats", "--data-dir", root, "--track", "ccma", "--json"])
        #expect(r.status == 0 && r.out.contains("\"track\":\"ccma\""), "\(r)")
    }
}

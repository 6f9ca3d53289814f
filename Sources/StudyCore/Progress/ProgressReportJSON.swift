#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ProgressReport {
    /// The version of the `statdeck stats --json` document (see `docs/stats-json.md`).
    /// Fields are only ever added within a version; a removal or change of meaning bumps it.
    public static let jsonSchemaVersion = 1

    /// The report as the stable JSON document `statdeck stats --json` prints.
    public func json() -> String {
        var w = JSONWriter(capacity: 8_192)
        func key(_ k: StaticString, first: Bool = false) { if !first { w.raw(",") }; w.raw("\""); w.raw(k); w.raw("\":") }
        func num(_ v: Double) { w.number((v * 10_000).rounded() / 10_000) }
        /// `[{"date": "YYYY-MM-DD", "<field>": n}, ...]`, one entry a day from `start`.
        func days(from start: CalendarDay, _ counts: [Int], as field: StaticString) {
            w.raw("[")
            for (i, n) in counts.enumerated() {
                if i > 0 { w.raw(",") }
                w.raw("{\"date\":"); w.string(start.adding(days: i).description)
                w.raw(",\""); w.raw(field); w.raw("\":"); w.int(n); w.raw("}")
            }
            w.raw("]")
        }
        func optNum(_ v: Double?) { if let v { num(v) } else { w.null() } }

        w.raw("{")
        key("schemaVersion", first: true); w.int(Self.jsonSchemaVersion)
        key("profile"); w.string(profile)
        key("track"); w.string(track.id)
        key("generatedAt"); w.date(generatedAt)
        key("today"); w.string(today.description)
        key("examDate"); if let examDate { w.string(examDate.description) } else { w.null() }
        key("daysToExam"); if let daysToExam { w.int(daysToExam) } else { w.null() }

        let r = readiness
        key("readiness"); w.raw("{")
        key("predictedPercent", first: true); num(r.expectedPercent)
        key("expectedRaw"); num(r.expectedRaw)
        key("scoredItems"); w.int(r.scoredItems)
        key("standardDeviation"); num(r.standardDeviation)
        key("scaledEstimate"); w.int(r.scaledEstimate)
        key("passScore"); w.int(r.passScore)
        key("passProbability"); num(r.passProbability)
        key("bestToStudy"); w.raw("[")
        for (i, d) in domains.filter(\.isBestToStudy).sorted(by: { $0.pointsPerHour > $1.pointsPerHour }).enumerated() {
            if i > 0 { w.raw(",") }
            w.string(d.id)
        }
        w.raw("]}")

        key("coverage"); w.raw("{")
        key("bankItems", first: true); w.int(bankItems)
        key("seen"); num(r.coverage)
        key("durable"); num(r.durableShare)
        w.raw("}")

        key("domains"); w.raw("[")
        for (i, d) in domains.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{")
            key("id", first: true); w.string(d.id)
            key("name"); w.string(d.name)
            key("weight"); w.int(d.weight)
            key("predicted"); num(d.predicted)
            key("bankItems"); w.int(d.bankItems)
            key("studiedItems"); w.int(d.studiedItems)
            key("pointsPerHour"); num(d.pointsPerHour)
            key("areas"); w.raw("[")
            for (j, a) in r.areas.filter({ track.topDomain(of: $0.id)?.id == d.id }).enumerated() {
                if j > 0 { w.raw(",") }
                w.raw("{")
                key("id", first: true); w.string(a.id)
                key("name"); w.string(a.name)
                key("weight"); w.int(a.weight)
                key("memoryEstimate"); num(a.memoryEstimate)
                key("predicted"); num(a.estimate)
                key("bankItems"); w.int(a.bankItems)
                key("studiedItems"); w.int(a.studiedItems)
                key("pointsPerHour"); num(a.pointsPerHour)
                w.raw("}")
            }
            w.raw("]}")
        }
        w.raw("]")

        key("activity"); w.raw("{")
        key("totalReviews", first: true); w.int(totalReviews)
        key("currentStreak"); w.int(currentStreak)
        key("longestStreak"); w.int(longestStreak)
        key("days"); days(from: heatmapStart, heatmap, as: "reviews")
        w.raw("}")

        key("forecast"); w.raw("{")
        key("dueToday", first: true); w.int(dueToday)
        key("expectedDailyLoad"); num(expectedDailyLoad)
        key("days"); days(from: today, forecast, as: "due")
        w.raw("}")

        key("mocks"); w.raw("[")
        for (i, m) in mocks.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{")
            key("id", first: true); w.string(m.id)
            key("date"); w.date(m.date)
            key("correct"); w.int(m.correct)
            key("total"); w.int(m.total)
            key("percent"); num(m.percent)
            key("scaledEstimate"); w.int(m.scaledEstimate)
            key("passed"); w.bool(m.scaledEstimate >= track.scale.pass)
            w.raw("}")
        }
        w.raw("]")

        key("answers"); w.raw("{")
        for (i, win) in [last7, last30].enumerated() {
            if i > 0 { w.raw(",") }
            if i == 0 { w.raw("\"last7\":{") } else { w.raw("\"last30\":{") }
            key("reviews", first: true); w.int(win.reviews)
            key("correct"); w.int(win.correct)
            key("accuracy"); optNum(win.accuracy)
            key("averageSeconds"); optNum(win.averageSeconds)
            key("domains"); w.raw("[")
            for (j, d) in win.domains.enumerated() {
                if j > 0 { w.raw(",") }
                w.raw("{\"id\":"); w.string(d.id)
                w.raw(",\"reviews\":"); w.int(d.reviews)
                w.raw(",\"correct\":"); w.int(d.correct)
                w.raw(",\"accuracy\":"); optNum(d.reviews == 0 ? nil : Double(d.correct) / Double(d.reviews))
                w.raw("}")
            }
            w.raw("]}")
        }
        key("trueRetention"); optNum(trueRetention)
        key("matureReviews"); w.int(matureReviews30)
        key("desiredRetention"); num(desiredRetention)
        w.raw("}")

        key("plan"); w.raw("{")
        key("dailyNewLimit", first: true); w.int(dailyNewLimit)
        if let plan {
            key("targetDate"); w.string(plan.targetDay.description)
            key("daysLeft"); w.int(plan.daysLeft)
            key("unseenItems"); w.int(plan.unseenItems)
            key("neededPerDay"); w.int(plan.neededPerDay)
            key("onTrack"); w.bool(plan.onTrack)
        } else {
            key("targetDate"); w.null()
            key("daysLeft"); w.null()
            key("unseenItems"); w.null()
            key("neededPerDay"); w.null()
            key("onTrack"); w.null()
        }
        w.raw("}")
        key("examPlan")
        if let p = examPlan {
            w.raw("{")
            key("projectedScore", first: true); num(p.expectedRight)
            key("scoreIfStopped"); num(p.expectedRightIfStopped)
            key("projectedRecall"); num(p.score)
            key("recallIfStopped"); num(p.scoreIfStopped)
            switch p.budget {
            case .reviews(let n): key("budgetReviews"); w.int(n); key("budgetMinutes"); w.null()
            case .minutes(let m): key("budgetReviews"); w.null(); key("budgetMinutes"); num(m)
            }
            key("days"); w.raw("[")
            for (i, d) in p.days.enumerated() {
                if i > 0 { w.raw(",") }
                w.raw("{\"date\":"); w.string(d.day.description)
                w.raw(",\"reviews\":"); w.int(d.reviews)
                w.raw(",\"new\":"); w.int(d.newItems)
                w.raw("}")
            }
            w.raw("]}")
        } else {
            w.null()
        }
        w.raw("}\n")
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

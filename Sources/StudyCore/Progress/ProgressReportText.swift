#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ProgressReport {
    /// A whole percent, `84%`.
    public static func percent(_ v: Double) -> String { "\(Int(saturating: (v * 100).rounded()))%" }

    /// A number with one decimal, `2.1`.
    public static func oneDecimal(_ v: Double) -> String {
        let tenths = Int(saturating: (v * 10).rounded())
        return "\(tenths < 0 ? "-" : "")\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    /// The exam line: `exam 2026-12-21 · 23 days`, or `no exam date set`.
    public var examText: String {
        guard let examDate, let days = daysToExam else { return "no exam date set" }
        switch days {
        case ..<0: return "exam \(examDate) · passed"
        case 0: return "exam \(examDate) · today"
        case 1: return "exam \(examDate) · tomorrow"
        default: return "exam \(examDate) · \(days) days"
        }
    }

    /// `Predicted 412 · pass chance 78% · seen 64% of the bank`.
    public var headline: String {
        "Predicted \(readiness.scaledEstimate) · pass chance \(ProgressReport.percent(readiness.passProbability))"
            + " · seen \(ProgressReport.percent(readiness.coverage)) of the bank"
    }

    /// The exam-day planner's projection in one line; nil when it is not planning.
    public var examPlanText: String? {
        guard let p = examPlan else { return nil }
        let asks = p.days.map(\.total)
        let busiest = asks.max() ?? 0
        let budget: String
        switch p.budget {
        case .reviews(let n): budget = "\(n) reviews a day"
        case .minutes(let m): budget = "\(Int(m)) minutes a day"
        }
        return "\(ProgressReport.percent(p.expectedRight)) of exam items expected right on exam day if you follow the plan "
            + "(\(ProgressReport.percent(p.expectedRightIfStopped)) if you stop now; recall \(ProgressReport.percent(p.score))); "
            + "within \(budget), busiest day \(busiest) items."
    }

    /// What the study plan says, in one line; nil without an exam date.
    public var planText: String? {
        guard let plan else { return nil }
        if plan.unseenItems == 0 { return "Every item has been seen: keep up with the reviews." }
        if examPlan != nil {
            return "The exam-day planner paces new items (the daily new-item limit is not used): it meets the \(plan.unseenItems) unseen items before the last days."
        }
        if plan.daysLeft == 0 {
            return "A week before the exam has passed; \(plan.unseenItems) items are still unseen."
        }
        let verdict = plan.onTrack ? "your limit of \(plan.currentLimit) gets there"
                                   : "your limit of \(plan.currentLimit) does not get there"
        return "\(plan.neededPerDay) new a day covers the \(plan.unseenItems) unseen items by \(plan.targetDay): \(verdict)."
    }

    /// The readable report `statdeck stats` prints.
    public func text() -> String {
        var out: [String] = []
        out.append("\(profile) · \(track.shortName) · \(examText) · \(today)")
        out.append(headline)
        out.append("Expected \(ProgressReport.percent(readiness.expectedPercent)) right (\(ProgressReport.oneDecimal(readiness.expectedRaw)) of \(readiness.scoredItems) scored items); "
                   + "\(ProgressReport.percent(readiness.durableShare)) of the bank is remembered past the exam date.")
        out.append("")
        let nameWidth = max(6, domains.map { $0.name.count }.max() ?? 0)
        out.append("Domain".padding(nameWidth) + "  wt  predicted  studied      pts/h")
        for d in domains {
            out.append(d.name.padding(nameWidth) + "  " + "\(d.weight)".leftPadding(2) + "  "
                       + ProgressReport.percent(d.predicted).leftPadding(9) + "  "
                       + "\(d.studiedItems)/\(d.bankItems)".leftPadding(7) + "  "
                       + ProgressReport.oneDecimal(d.pointsPerHour).leftPadding(9) + (d.isBestToStudy ? "  <- study next" : ""))
        }
        out.append("")
        out.append("Reviews: \(totalReviews) in all · streak \(currentStreak) · best \(longestStreak)")
        out.append("Due: \(dueToday) today, \(forecast.reduce(0, +)) in the next \(forecast.count) days · about \(Int(saturating: expectedDailyLoad.rounded())) a day")
        for w in [last7, last30] {
            let acc = w.accuracy.map(ProgressReport.percent) ?? "-"
            let secs = w.averageSeconds.map { "\(ProgressReport.oneDecimal($0)) s" } ?? "-"
            out.append("Last \(w.days) days: \(w.reviews) answers, \(acc) right, \(secs) per answer")
        }
        let retention = trueRetention.map(ProgressReport.percent) ?? "-"
        out.append("True retention (last 30 days, \(matureReviews30) mature reviews): \(retention), target \(ProgressReport.percent(desiredRetention))")
        if mocks.isEmpty {
            out.append("Mock exams: none yet")
        } else {
            out.append("Mock exams: " + mocks.suffix(8).map { "\($0.scaledEstimate)" }.joined(separator: " · ")
                       + " (\(readiness.passScore) to pass)")
        }
        out.append("Study plan: " + (planText ?? "set an exam date to get one"))
        if let examPlanText { out.append("Exam-day planning: " + examPlanText) }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    fileprivate func leftPadding(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

import StudyCore

/// The Settings rows of exam-day planning: "Exam-day planning" (on or off; it plans only
/// with an exam date) and "Daily budget" (reviews a day, or minutes a day written `45m`).
enum ExamPlanningSettings {
    /// The shown value of row 0 (planning) or row 1 (budget).
    static func value(_ row: Int, _ s: ProfileSettings) -> String {
        if row == 0 {
            guard s.examPlanning else { return "off (plain FSRS)" }
            return s.examPlanning && s.examDate != nil ? "on · the most recall on the exam date" : "on once an exam date is set"
        }
        return s.dailyMinutes > 0 ? "\(s.dailyMinutes) minutes a day (from your answer times)" : "\(s.dailyReviewLimit) reviews a day"
    }

    /// The text to edit for the budget row.
    static func budgetText(_ s: ProfileSettings) -> String {
        s.dailyMinutes > 0 ? "\(s.dailyMinutes)m" : "\(s.dailyReviewLimit)"
    }

    /// Reads `100` (reviews) or `45m` (minutes) into `s`; a message when it is neither.
    static func setBudget(_ text: String, in s: inout ProfileSettings) -> String? {
        let message = "Daily budget: reviews from 1 to 9999, or minutes like 45m (1 to 1440)"
        if text.hasSuffix("m") {
            guard let m = Int(text.dropLast()), (1...1440).contains(m) else { return message }
            s.dailyMinutes = m
            return nil
        }
        guard let n = Int(text), (1...9999).contains(n) else { return message }
        s.dailyReviewLimit = n
        s.dailyMinutes = 0
        return nil
    }
}

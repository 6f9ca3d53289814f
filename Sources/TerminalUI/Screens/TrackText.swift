import StudyCore

/// Wording derived from a `Track`'s numbers, shared by the exam screens.
enum TrackText {
    /// `2 hours`, `1 hour 30 minutes`, `45 minutes`.
    static func duration(minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        let hours = h == 1 ? "1 hour" : "\(h) hours"
        let mins = m == 1 ? "1 minute" : "\(m) minutes"
        if h == 0 { return mins }
        return m == 0 ? hours : "\(hours) \(mins)"
    }

    /// A domain's share of the scored items, rounded: `26%`.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "-" }
        return "\(Int(saturating: (Double(part) * 100 / Double(whole)).rounded()))%"
    }

    /// Seconds available per item, rounded: 120 items in 120 minutes gives 60.
    static func secondsPerItem(_ track: Track) -> Int {
        guard track.totalItems > 0 else { return 0 }
        return Int(saturating: (Double(track.minutes * 60) / Double(track.totalItems)).rounded())
    }
}

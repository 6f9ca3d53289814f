/// Short interval labels for answer buttons and card details: `45s`, `1m`, `5.5m`,
/// `1h`, `8d`, `1.5mo`, `2.3y`.
///
/// Minutes and hours keep one decimal when it is not zero (a 330-second Hard step is
/// `5.5m`); days are whole (Review intervals are whole days); months are 30 days and
/// years 365 days, with one decimal.
public enum IntervalLabel {
    public static func short(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "-" }
        if seconds < 60 { return "\(Int(saturating: seconds.rounded()))s" }
        if seconds < 3600 { return oneDecimal(seconds / 60) + "m" }
        if seconds < 86_400 { return oneDecimal(seconds / 3600) + "h" }
        let days = seconds / 86_400
        if days < 30 { return "\(Int(saturating: days.rounded()))d" }
        if days < 365 { return oneDecimal(days / 30) + "mo" }
        return oneDecimal(days / 365) + "y"
    }

    static func oneDecimal(_ x: Double) -> String {
        let tenths = Int(saturating: (x * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}

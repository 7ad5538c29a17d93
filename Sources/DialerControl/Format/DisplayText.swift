import Foundation

/// Small text helpers shared by the formatters.
public enum DisplayText {
    /// "2026-11-23 10:00:00 EST" in the given zone.
    public static func date(_ date: Date?, in zone: TimeZone = .current) -> String {
        guard let date else { return "-" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss zzz"
        return formatter.string(from: date)
    }

    /// "1h 02m", "4m 12s", "9s".
    public static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60)
        if h > 0 { return "\(h)h \(String(format: "%02d", m))m" }
        if m > 0 { return "\(m)m \(String(format: "%02d", s))s" }
        return "\(s)s"
    }

    public static func truncate(_ text: String, to width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(1, width - 1))) + "…"
    }

    public static func rate(_ value: Double) -> String { String(format: "%.1f", value) }
}

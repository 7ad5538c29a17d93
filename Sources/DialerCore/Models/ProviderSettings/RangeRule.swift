/// The bounds check every numeric setting shares, so each range is reported in the same words.
enum RangeRule {
    static func check<T: Comparable>(_ path: String, _ value: T?, _ range: ClosedRange<T>, _ unit: String = "") -> [ValidationIssue] {
        // `contains` also refuses NaN, which every comparison would let through.
        guard let value, !range.contains(value) else { return [] }
        return [.init(path: path, rule: "must be between \(range.lowerBound) and \(range.upperBound)\(unit), got \(value)")]
    }
}

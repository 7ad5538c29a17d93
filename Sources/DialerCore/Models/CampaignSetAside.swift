/// The `lastError` texts of a campaign the engine set aside. They lead with the field path, so
/// the operator knows what to fix before `dialerctl resume`.
extension Campaign {
    /// For a campaign that reads but breaks `issues`.
    public static func setAsideReason(_ issues: [ValidationIssue]) -> String {
        "invalid: " + issues.map(\.description).joined(separator: "; ")
    }

    /// For a document that cannot be read as a campaign: `path` is where, `reason` what is wrong there.
    public static func unreadableReason(path: String, reason: String) -> String {
        "unreadable: \(path.isEmpty ? "(document)" : path): \(reason)"
    }
}

import Testing

/// Yields until `condition` holds, for state another task is about to reach.
/// Records an issue (instead of hanging) if it has not held after `limit`.
func eventually(
    _ what: String, within limit: Duration = .seconds(10),
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async -> Bool
) async {
    let deadline = ContinuousClock.now + limit
    while !(await condition()) {
        if ContinuousClock.now > deadline {
            Issue.record("timed out waiting until \(what)", sourceLocation: sourceLocation)
            return
        }
        await Task.yield()
    }
}

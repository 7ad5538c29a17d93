/// At most `limit` bodies run at once; the rest wait their turn in arrival order. Pre-dial checks are bounded
/// by their own gate, apart from the CPS limiter, so a slow check server holds back only other checks.
public actor AsyncGate {
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(limit: Int) { self.limit = max(1, limit) }

    public func run<T: Sendable>(_ body: @Sendable () async -> T) async -> T {
        if running < limit {
            running += 1
        } else {
            // The finishing body hands its place over directly, so `running` never drops below the queue's need.
            await withCheckedContinuation { waiting.append($0) }
        }
        let result = await body()
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
        return result
    }

    /// Bodies running now, for tests.
    public var inUse: Int { running }
}

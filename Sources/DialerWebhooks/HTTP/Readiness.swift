import Synchronization

/// Which of dialerd's services have started, for `/readyz`. Each service is marked when it can
/// do its work (the webhook server when it listens, the control socket when it is bound), and
/// the whole process stops being ready once a shutdown or drain begins, so a load balancer
/// stops sending traffic to an instance that is going away.
public final class Readiness: Sendable {
    private struct State {
        var started: Set<String> = []
        var stopping = false
    }

    public let required: [String]
    private let state = Mutex(State())

    public init(required: [String]) { self.required = required }

    public func started(_ service: String) { state.withLock { _ = $0.started.insert(service) } }
    public func stopping() { state.withLock { $0.stopping = true } }

    /// Required services not started yet, in the order they were declared.
    public var missing: [String] {
        let started = state.withLock { $0.started }
        return required.filter { !started.contains($0) }
    }

    public var isStopping: Bool { state.withLock { $0.stopping } }
}

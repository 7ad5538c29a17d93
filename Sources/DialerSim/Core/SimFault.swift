import DialerCore

/// A scripted misbehaviour for the next matching requests: an error reply, or a stall that
/// outlasts the client's timeout. Delays run on real time, because they exist to trip
/// real network timeouts.
public struct SimFault: Sendable {
    public enum Action: Sendable, Equatable {
        /// Reply with this status and the route's error body (Twilio's code when given).
        case respond(status: Int, code: Int?, message: String, retryAfterSeconds: Int?)
        /// Handle the request normally (a call is created), then wait before answering.
        case delayResponse(Duration)
        /// Wait before handling the request at all.
        case delayRequest(Duration)
    }

    public var route: SimRoute?
    public var method: String?
    /// Matches when the path ends with this, e.g. "/Calls.json".
    public var pathSuffix: String?
    /// How many matching requests it applies to.
    public var times: Int
    public var action: Action

    public init(route: SimRoute? = nil, method: String? = nil, pathSuffix: String? = nil, times: Int = 1, action: Action) {
        self.route = route
        self.method = method
        self.pathSuffix = pathSuffix
        self.times = times
        self.action = action
    }

    func matches(route: SimRoute?, method: String, path: String) -> Bool {
        (self.route == nil || self.route == route) && (self.method == nil || self.method == method)
            && (pathSuffix.map { path.hasSuffix($0) } ?? true)
    }
}

/// Pending faults, consumed first come first served.
final class SimFaultList: Sendable {
    private let faults = LockedValue<[SimFault]>([])

    func add(_ fault: SimFault) { faults.withLock { $0.append(fault) } }

    func take(route: SimRoute?, method: String, path: String) -> SimFault.Action? {
        faults.withLock { list in
            guard let index = list.firstIndex(where: { $0.times > 0 && $0.matches(route: route, method: method, path: path) }) else {
                return nil
            }
            list[index].times -= 1
            let action = list[index].action
            if list[index].times == 0 { list.remove(at: index) }
            return action
        }
    }
}

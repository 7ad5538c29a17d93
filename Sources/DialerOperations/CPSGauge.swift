import DialerOperator
import DialerTelephony

/// Reads the account-wide calls-per-second use, for `engine.status`.
public protocol CPSGauge: Sendable {
    func usage() async -> CPSUsage
}

extension TokenBucketLimiter: CPSGauge {
    public func usage() async -> CPSUsage { CPSUsage(inUse: grantsInLastSecond(), cap: configuredRate) }
}

/// For an engine that enforces no limit of its own.
public struct NoCPSGauge: CPSGauge {
    public init() {}
    public func usage() async -> CPSUsage { CPSUsage(inUse: 0, cap: nil) }
}

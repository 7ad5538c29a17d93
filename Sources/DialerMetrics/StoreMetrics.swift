import DialerStore
import Metrics

/// Store calls and failures by operation, and claim latency. Counters are made up front for
/// every operation, so counting is an array index.
public struct StoreMetrics: Sendable {
    private let operations: [Counter]
    private let errors: [Counter]
    public let claimDuration: Timer

    init(factory: any MetricsFactory) {
        operations = StoreOperation.allCases.map {
            Counter(label: MetricName.storeOperations, dimensions: [("operation", $0.rawValue)], factory: factory)
        }
        errors = StoreOperation.allCases.map { Counter(label: MetricName.storeErrors, dimensions: [("operation", $0.rawValue)], factory: factory) }
        claimDuration = Timer(label: MetricName.claimDuration, factory: factory)
    }

    public func operation(_ operation: StoreOperation) { operations[operation.index].increment() }
    public func error(_ operation: StoreOperation) { errors[operation.index].increment() }
}

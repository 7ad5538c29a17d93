import Metrics
import Synchronization

/// Metric objects of one name, one per dimension value, made on first use and then reused.
/// The hot path pays one locked dictionary lookup; no metric object or label string is built
/// per call after the first.
final class MetricFamily<Key: Hashable & Sendable, Metric: Sendable>: Sendable {
    private let make: @Sendable (Key) -> Metric
    private let cache = Mutex<[Key: Metric]>([:])

    init(_ make: @escaping @Sendable (Key) -> Metric) { self.make = make }

    subscript(key: Key) -> Metric {
        cache.withLock { cache in
            if let metric = cache[key] { return metric }
            let metric = make(key)
            cache[key] = metric
            return metric
        }
    }

    /// Forgets the metric of `key`, returning it so the caller can destroy it.
    func remove(_ key: Key) -> Metric? { cache.withLock { $0.removeValue(forKey: key) } }
}

import DialerMetrics
import Prometheus

/// A private registry per test: `MetricsSystem.bootstrap` is process-wide and once only, so
/// tests hand their own factory to `DialerMetrics` instead.
struct MetricsProbe {
    let registry = PrometheusCollectorRegistry()
    let metrics: DialerMetrics

    init() { metrics = DialerMetrics(factory: PrometheusMetricsFactory(registry: registry)) }

    var text: String { registry.emitToString() }

    /// The value of the sample whose line starts with `series` (name and labels as exported).
    func value(_ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.split(separator: " ").last!)
        }
        return nil
    }
}
